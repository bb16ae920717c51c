// Gallery: untyped memory (seL4 tutorials, "Untyped"). All memory starts as
// untyped caps in BootInfo; Untyped_Retype makes a smaller untyped and kernel
// objects from it; Revoke deletes the children and makes the memory reusable.
// Scenarios layer; docs/tutorials.md; reference/sel4.md 1.2, 2.5, 2.9.
import { fillTodos } from './solve.ts';
import type { GalleryScenario } from './index.ts';

const MAIN = `// main.c: kernel objects from untyped memory.
#include <sel4/sel4.h>
#include <stdio.h>

#define ROOT_CNODE seL4_CapInitThreadCNode
#define DEPTH      seL4_WordBits

/* TODO 1: the size, as a power of two, of a child untyped just big enough for
   one TCB (2^seL4_TCBBits bytes), one endpoint and one notification. */
#define CHILD_BITS 0

/* Retype one object of 'type' (size_bits only matters for variable-size types)
   from the untyped 'ut' into slot 'slot' of the root CNode. */
static int retype(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits, seL4_CPtr slot) {
    return seL4_Untyped_Retype(ut, type, size_bits, ROOT_CNODE, 0, 0, slot, 1);
}

int main(void) {
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_CPtr parent = 0;
    int devices = 0;
    for (seL4_CPtr i = bi->untyped.start; i < bi->untyped.end; i++) {
        seL4_UntypedDesc *u = &bi->untypedList[i - bi->untyped.start];
        if (u->isDevice) devices++;
        else if (!parent && u->sizeBits >= 16) parent = i;
    }
    seL4_UntypedDesc *p = &bi->untypedList[parent - bi->untyped.start];
    printf("%d untyped caps (%d for devices); slot %lu: 2^%d bytes of RAM at 0x%lx\\n",
           (int)(bi->untyped.end - bi->untyped.start), devices, (unsigned long)parent, p->sizeBits, (unsigned long)p->paddr);

    seL4_CPtr child = bi->empty.start, tcb = child + 1, ep = child + 2, ntfn = child + 3;

    /* Step 1: a child untyped of 2^CHILD_BITS bytes. */
    int err = retype(parent, seL4_UntypedObject, CHILD_BITS, child);
    if (err) { printf("child untyped: error %d\\n", err); return 1; }
    printf("child untyped ready: 2^%d bytes\\n", CHILD_BITS);

    /* Step 2: objects from the child. */
    err = retype(child, seL4_TCBObject, 0, tcb);
    printf("TCB: error %d\\n", err);
    /* TODO 2: an endpoint (seL4_EndpointObject) into slot ep and a notification
       (seL4_NotificationObject) into slot ntfn, both from the child untyped. */
    int copied = seL4_CNode_Copy(ROOT_CNODE, ntfn + 1, DEPTH, ROOT_CNODE, ep, DEPTH, seL4_AllRights);
    int bound = seL4_TCB_BindNotification(tcb, ntfn);
    if (!err && !copied && !bound) printf("TCB, endpoint and notification made; the notification is bound to the TCB\\n");
    else printf("objects missing: TCB error %d, endpoint copy error %d, bind error %d\\n", err, copied, bound);
    seL4_CNode_Delete(ROOT_CNODE, ntfn + 1, DEPTH);

    /* Step 3: fill the whole child with endpoints. */
    seL4_Word n = 1ul << (CHILD_BITS - seL4_EndpointBits);
    /* TODO 3: revoke the child untyped's cap, which deletes every object made from it. */
    err = seL4_Untyped_Retype(child, seL4_EndpointObject, 0, ROOT_CNODE, 0, 0, ntfn + 1, n);
    if (err == seL4_NotEnoughMemory) printf("no room for %lu endpoints: %lu bytes left in the child\\n", (unsigned long)n, (unsigned long)seL4_GetMR(0));
    else if (err) printf("%lu endpoints: error %d\\n", (unsigned long)n, err);
    else printf("filled the child with %lu endpoints\\n", (unsigned long)n);
    return 0;
}
`;

const SOLUTION = fillTodos(MAIN, [
  ['/* TODO 1: the size, as a power of two, of a child untyped just big enough for\n   one TCB (2^seL4_TCBBits bytes), one endpoint and one notification. */\n#define CHILD_BITS 0',
    '/* A TCB fills 2^11 bytes; one more bit leaves room for the endpoint and the notification. */\n#define CHILD_BITS (seL4_TCBBits + 1)'],
  ['    /* TODO 2: an endpoint (seL4_EndpointObject) into slot ep and a notification\n       (seL4_NotificationObject) into slot ntfn, both from the child untyped. */\n',
    '    err |= retype(child, seL4_EndpointObject, 0, ep);\n    err |= retype(child, seL4_NotificationObject, 0, ntfn);\n'],
  ['    /* TODO 3: revoke the child untyped\'s cap, which deletes every object made from it. */\n',
    '    seL4_CNode_Revoke(ROOT_CNODE, child, DEPTH);\n'],
]);

export const untyped: GalleryScenario = {
  scenario: {
    id: 'sel4-untyped',
    version: 1,
    title: 'seL4 3: Untyped memory',
    summary: 'Kernel objects come from untyped memory: split an untyped, retype it into a TCB, an endpoint and a notification, then revoke and reuse it.',
    mode: 'root-task',
    files: [{ name: 'main.c', text: MAIN }],
    exercise: {
      instructions: [
        '# Untyped memory',
        '',
        'The seL4 kernel allocates no memory of its own after boot. All free memory is handed to the',
        'root task as **untyped** caps, listed in BootInfo (`bi->untyped`, `bi->untypedList[]` with',
        '`paddr`, `sizeBits` and `isDevice`). `seL4_Untyped_Retype` turns part of an untyped into new',
        'objects (TCBs, endpoints, notifications, CNodes, frames, page tables, or smaller untypeds) and',
        'puts their caps into empty slots. An untyped allocates like a watermark: objects are placed one',
        'after another, each aligned to its own size, and the memory comes back only when **all** its',
        'children are gone: `seL4_CNode_Revoke` on the untyped cap deletes them all. Device untypeds',
        '(here the UART\'s page) can only become frames or untypeds.',
        '',
        'Object sizes on AArch64: TCB 2^11 (`seL4_TCBBits`), endpoint 2^4 (`seL4_EndpointBits`),',
        'notification 2^5, page 2^12. The smallest untyped is 2^4 (`seL4_MinUntypedBits`).',
      ].join('\n'),
      steps: [
        {
          title: 'Size a child untyped',
          instructions: 'Set `CHILD_BITS` to the smallest power of two that holds one TCB, one endpoint and one notification. With 0 the kernel refuses the retype (`seL4_InvalidArgument`: an untyped needs at least `seL4_MinUntypedBits`).',
          hints: ['A TCB alone fills 2^11 bytes; the two small objects need a little more.', 'One more bit doubles the size: `seL4_TCBBits + 1`.'],
          checks: [
            { kind: 'serialContains', text: 'child untyped ready' },
            { kind: 'count', what: 'error:seL4_InvalidArgument', max: 0 },
          ],
        },
        {
          title: 'Make objects',
          instructions: 'The TCB is made for you. Retype the child into an endpoint (slot `ep`) and a notification (slot `ntfn`) the same way. The program checks them by copying the endpoint cap and binding the notification to the TCB (`seL4_TCB_BindNotification`).',
          hints: ['`retype(child, seL4_EndpointObject, 0, ep)`; the size argument is ignored for fixed-size objects.', 'If the child is too small the kernel answers `seL4_NotEnoughMemory` and says in MR0 how many bytes are left.'],
          checks: [
            { kind: 'serialContains', text: 'TCB, endpoint and notification made' },
            { kind: 'count', what: 'invocation:UntypedRetype', min: 4 },
          ],
        },
        {
          title: 'Revoke and reuse',
          instructions: 'The program then tries to fill the whole child with `1 << (CHILD_BITS - 4)` endpoints, which fails with `seL4_NotEnoughMemory` while the TCB, endpoint and notification still occupy it. Call `seL4_CNode_Revoke` on the child\'s cap first: it deletes every cap derived from it (and so the objects), and the next retype starts again at the bottom.',
          hints: ['`seL4_CNode_Revoke(ROOT_CNODE, child, DEPTH)`.', 'Revoke keeps the child cap itself; `seL4_CNode_Delete` would remove it.'],
          checks: [
            { kind: 'serialMatches', pattern: 'filled the child with \\d+ endpoints' },
            { kind: 'count', what: 'invocation:CNodeRevoke', min: 1 },
            { kind: 'holdsCap', thread: 'rootserver', capType: 'notification', absent: true },
          ],
        },
      ],
    },
  },
  solution: [{ name: 'main.c', text: SOLUTION }],
};

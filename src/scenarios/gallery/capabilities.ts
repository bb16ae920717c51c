// Gallery: capabilities (seL4 tutorials, "Capabilities"). CNodes, CSlots and
// CPtrs in the root task's CSpace: size of the root CNode, Copy, Mint with fewer
// rights and a badge, Delete, and the errors that tell a full slot from an
// empty one. Scenarios layer; docs/tutorials.md; reference/sel4.md 1.2, 2.4, 2.8.
import { fillTodos } from './solve.ts';
import type { GalleryScenario } from './index.ts';

const MAIN = `// main.c: capabilities in the root task's CSpace.
// A CPtr names a slot; with the one-level root CNode, CPtr n is slot n and the
// depth is always seL4_WordBits (64).
#include <sel4/sel4.h>
#include <stdio.h>

#define ROOT_CNODE seL4_CapInitThreadCNode
#define DEPTH      seL4_WordBits

int main(void) {
    seL4_BootInfo *bi = seL4_GetBootInfo();

    /* Step 1: how big is the root CNode? */
    unsigned long slots = 0, bytes = 0;
    /* TODO 1: the root CNode has 2^initThreadCNodeSizeBits slots (a BootInfo field),
       and each slot takes 2^seL4_SlotBits bytes of kernel memory. */
    printf("root CNode: %lu slots, %lu bytes\\n", slots, bytes);
    printf("free slots: %lu to %lu\\n", (unsigned long)bi->empty.start, (unsigned long)bi->empty.end - 1);

    /* Step 2: use a copy of the root task's TCB cap. */
    seL4_CPtr last = bi->empty.end - 1;
    /* TODO 2: copy seL4_CapInitThreadTCB into slot 'last' with seL4_CNode_Copy. */
    int err = seL4_TCB_SetPriority(last, last, 200);
    printf("SetPriority through slot %lu: error %d\\n", (unsigned long)last, err);

    /* Step 3: an endpoint (made from untyped memory for you: see the next tutorial)
       and a badged, write-only copy of its cap. */
    seL4_CPtr ut = 0;
    for (seL4_CPtr i = bi->untyped.start; i < bi->untyped.end; i++)
        if (!bi->untypedList[i - bi->untyped.start].isDevice) { ut = i; break; }
    seL4_CPtr ep = bi->empty.start, minted = bi->empty.start + 1;
    seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT_CNODE, 0, 0, ep, 1);
    /* TODO 3: mint a copy of 'ep' into slot 'minted' that can only send
       (seL4_CanWrite) and carries the badge 42. */

    /* Step 4: a scratch copy that must be gone again. */
    seL4_CPtr scratch = bi->empty.start + 2;
    seL4_CNode_Copy(ROOT_CNODE, scratch, DEPTH, ROOT_CNODE, seL4_CapInitThreadTCB, DEPTH, seL4_AllRights);
    /* TODO 4: delete the scratch copy. */

    /* Moving a slot onto itself: DeleteFirst if it holds a cap, FailedLookup if empty. */
    err = seL4_CNode_Move(ROOT_CNODE, scratch, DEPTH, ROOT_CNODE, scratch, DEPTH);
    if (err == seL4_FailedLookup) printf("scratch slot is empty\\n");
    else printf("scratch slot still holds a cap (error %d)\\n", err);
    return 0;
}
`;

const SOLUTION = fillTodos(MAIN, [
  ['    /* TODO 1: the root CNode has 2^initThreadCNodeSizeBits slots (a BootInfo field),\n       and each slot takes 2^seL4_SlotBits bytes of kernel memory. */\n',
    '    slots = 1ul << bi->initThreadCNodeSizeBits;\n    bytes = slots << seL4_SlotBits;\n'],
  ['    /* TODO 2: copy seL4_CapInitThreadTCB into slot \'last\' with seL4_CNode_Copy. */\n',
    '    seL4_CNode_Copy(ROOT_CNODE, last, DEPTH, ROOT_CNODE, seL4_CapInitThreadTCB, DEPTH, seL4_AllRights);\n'],
  ['    /* TODO 3: mint a copy of \'ep\' into slot \'minted\' that can only send\n       (seL4_CanWrite) and carries the badge 42. */\n',
    '    seL4_CNode_Mint(ROOT_CNODE, minted, DEPTH, ROOT_CNODE, ep, DEPTH, seL4_CanWrite, 42);\n'],
  ['    /* TODO 4: delete the scratch copy. */\n',
    '    seL4_CNode_Delete(ROOT_CNODE, scratch, DEPTH);\n'],
]);

export const capabilities: GalleryScenario = {
  scenario: {
    id: 'sel4-capabilities',
    version: 1,
    title: 'seL4 2: Capabilities',
    summary: 'CNodes, slots and CPtrs: measure the root CNode, copy a cap and invoke the copy, mint a badged cap with fewer rights, delete a cap.',
    mode: 'root-task',
    files: [{ name: 'main.c', text: MAIN }],
    exercise: {
      instructions: [
        '# Capabilities',
        '',
        'In seL4 a thread can only use what it holds a **capability** (cap) to. Caps live in **slots**',
        '(CSlots) of **CNode** objects; a thread\'s CNodes form its **CSpace**. User code names a slot by',
        'a **CPtr**. The root task\'s CSpace is one CNode (`seL4_CapInitThreadCNode`), so CPtr *n* is slot',
        '*n* and every CNode invocation takes the depth `seL4_WordBits`.',
        '',
        'BootInfo (`seL4_GetBootInfo()`) tells where the initial caps are and which slots are free',
        '(`bi->empty`). Caps are copied with `seL4_CNode_Copy`, copied with fewer rights or a **badge** with',
        '`seL4_CNode_Mint`, moved with `seL4_CNode_Move` and removed with `seL4_CNode_Delete`. Invoking a',
        'cap (e.g. `seL4_TCB_SetPriority`) goes through whichever slot you name.',
        '',
        'Fill the four `TODO`s in `main.c`, one step at a time. The kernel log lists every invocation',
        'and error; the CSpace view shows the slots.',
      ].join('\n'),
      steps: [
        {
          title: 'Measure the root CNode',
          instructions: 'Compute the number of slots and the bytes of kernel memory the root CNode takes from `bi->initThreadCNodeSizeBits` and `seL4_SlotBits`.',
          hints: ['A CNode with *n* size bits has `1ul << n` slots.', 'A slot is 2^`seL4_SlotBits` = 32 bytes (a cap and its derivation-tree links).'],
          checks: [{ kind: 'serialContains', text: 'root CNode: 4096 slots, 131072 bytes' }],
        },
        {
          title: 'Copy a cap and use the copy',
          instructions: '`seL4_TCB_SetPriority(last, ...)` invokes an empty slot, so the kernel answers `seL4_InvalidCapability`. Copy the root task\'s TCB cap (`seL4_CapInitThreadTCB`) into that slot first with `seL4_CNode_Copy(dest_root, dest_index, dest_depth, src_root, src_index, src_depth, rights)`.',
          hints: ['Both roots are `ROOT_CNODE`, both depths `DEPTH`; `seL4_AllRights` keeps every right.', 'The copy names the same TCB: the call changes the root task\'s own priority.'],
          checks: [
            { kind: 'holdsCap', thread: 'rootserver', capType: 'tcb', slot: 4095 },
            { kind: 'count', what: 'error:seL4_InvalidCapability', max: 0 },
          ],
        },
        {
          title: 'Mint a badged, write-only cap',
          instructions: 'Use `seL4_CNode_Mint` to put into `minted` a copy of the endpoint cap `ep` that has only the write right (`seL4_CanWrite`: it can send but not receive) and the badge 42. A receiver sees the badge of the cap a message was sent through, so badges tell clients apart.',
          hints: ['`seL4_CNode_Mint(dest_root, dest_index, dest_depth, src_root, src_index, src_depth, rights, badge)`.', 'Rights can only shrink: a copy never has more rights than its source.'],
          checks: [
            { kind: 'holdsCap', thread: 'rootserver', capType: 'endpoint', rights: '-W--', badge: 42 },
            { kind: 'count', what: 'invocation:CNodeMint', min: 1 },
          ],
        },
        {
          title: 'Delete a cap',
          instructions: 'Delete the scratch copy with `seL4_CNode_Delete`. The program then checks the slot: `seL4_CNode_Move` of a slot onto itself fails with `seL4_DeleteFirst` while the slot is occupied and with `seL4_FailedLookup` once it is empty.',
          hints: ['`seL4_CNode_Delete(root, index, depth)`.', 'Deleting a copy does not touch the object: the TCB lives on through its other caps.'],
          checks: [
            { kind: 'serialContains', text: 'scratch slot is empty' },
            { kind: 'count', what: 'error:seL4_FailedLookup', min: 1 },
            { kind: 'count', what: 'error:seL4_DeleteFirst', max: 0 },
          ],
        },
      ],
    },
  },
  solution: [{ name: 'main.c', text: SOLUTION }],
};

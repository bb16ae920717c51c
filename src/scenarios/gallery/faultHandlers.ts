// Gallery: fault handlers (seL4 tutorials, "Fault handling"). A thread's fault
// endpoint receives its faults as messages: here a VM fault, which the handler
// repairs by mapping a frame, then restarts the faulter by replying.
// Scenarios layer; docs/tutorials.md; reference/sel4.md 1.2, 2.12.
import { LAB_H_FILE } from './labh.ts';
import { fillTodos } from './solve.ts';
import type { GalleryScenario } from './index.ts';

const MAIN = `// main.c: the root task handles the VM faults of a thread called faulter.
#include "lab.h"

#define HOLE 0x10000000ul   /* nothing is mapped at this address */

/* The faulter writes to unmapped memory. */
static void faulter(seL4_Word unused0, seL4_Word unused1, seL4_Word unused2) {
    volatile seL4_Word *p = (volatile seL4_Word *)HOLE;
    printf("faulter: writing to 0x%lx\\n", HOLE);
    p[0] = 42;   /* a VM fault: the kernel blocks this thread and reports it */
    printf("faulter: survived, read back %lu\\n", (unsigned long)p[0]);
}

int main(void) {
    lab_init();
    seL4_CPtr fault_ep = lab_retype(seL4_EndpointObject);
    seL4_CPtr badged = lab_slot();
    seL4_CPtr handler_cap = 0;
    /* TODO 1: mint a copy of fault_ep with the badge 0xBEEF into slot 'badged'
       and use it as the faulter's fault endpoint: set handler_cap to it. */
    lab_thread("faulter", faulter, 0, 0, 0, 200, handler_cap);

    /* Wait for the fault message. */
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, &badge);
    seL4_Word label = seL4_MessageInfo_get_label(info), ip = 0, addr = 0;
    /* TODO 2: a VM fault message (label seL4_Fault_VMFault = 5) carries the
       faulting pc in MR0 and the faulting address in MR1 (libsel4 names them
       seL4_VMFault_IP and seL4_VMFault_Addr): read them into ip and addr. */
    printf("handler: fault %lu from badge 0x%lx: pc 0x%lx, address 0x%lx\\n",
           (unsigned long)label, (unsigned long)badge, (unsigned long)ip, (unsigned long)addr);

    /* TODO 3: repair the fault: map a fresh frame (seL4_ARM_SmallPageObject)
       read-write at the faulting page (addr rounded down to 4 KiB); it needs a
       page table (seL4_ARM_PageTableObject) mapped there first. Then reply with
       an empty message (seL4_Reply): the faulter restarts at the faulting
       instruction. */

    /* Drop below the faulter so it can finish. */
    seL4_TCB_SetPriority(ROOT_TCB, ROOT_TCB, 100);
    printf("handler: done\\n");
    return 0;
}
`;

const SOLUTION = fillTodos(MAIN, [
  ['    /* TODO 1: mint a copy of fault_ep with the badge 0xBEEF into slot \'badged\'\n       and use it as the faulter\'s fault endpoint: set handler_cap to it. */\n',
    '    seL4_CNode_Mint(ROOT_CNODE, badged, DEPTH, ROOT_CNODE, fault_ep, DEPTH, seL4_AllRights, 0xBEEF);\n    handler_cap = badged;\n'],
  ['    /* TODO 2: a VM fault message (label seL4_Fault_VMFault = 5) carries the\n       faulting pc in MR0 and the faulting address in MR1 (libsel4 names them\n       seL4_VMFault_IP and seL4_VMFault_Addr): read them into ip and addr. */\n',
    '    ip = seL4_GetMR(0);\n    addr = seL4_GetMR(1);\n'],
  ['    /* TODO 3: repair the fault: map a fresh frame (seL4_ARM_SmallPageObject)\n       read-write at the faulting page (addr rounded down to 4 KiB); it needs a\n       page table (seL4_ARM_PageTableObject) mapped there first. Then reply with\n       an empty message (seL4_Reply): the faulter restarts at the faulting\n       instruction. */\n',
    '    seL4_Word page = addr & ~0xffful;\n    seL4_ARM_PageTable_Map(lab_retype(seL4_ARM_PageTableObject), ROOT_VSPACE, page, seL4_ARM_Default_VMAttributes);\n    seL4_ARM_Page_Map(lab_retype(seL4_ARM_SmallPageObject), ROOT_VSPACE, page, seL4_ReadWrite, seL4_ARM_Default_VMAttributes);\n    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));\n'],
]);

export const faultHandlers: GalleryScenario = {
  scenario: {
    id: 'sel4-fault-handlers',
    version: 1,
    title: 'seL4 9: Fault handlers',
    summary: 'Thread faults arrive as IPC on the thread\'s fault endpoint: give a thread a badged fault endpoint, read a VM fault message, map the missing page and restart the thread by replying.',
    mode: 'root-task',
    files: [{ name: 'main.c', text: MAIN }, LAB_H_FILE],
    exercise: {
      instructions: [
        '# Fault handlers',
        '',
        'When a thread faults (a VM fault on unmapped memory, a cap fault on an empty slot, an unknown',
        'system call, a CPU exception) the kernel does not kill it. It blocks the thread and sends a',
        '**fault message** to the thread\'s **fault endpoint**, as if the thread had done `seL4_Call`.',
        'The message\'s label says the kind (`seL4_Fault_VMFault` = 5) and its words the details; for',
        'a VM fault MR0 is the pc, MR1 the address, MR2 whether it was an instruction fetch, MR3 the',
        'fault status register. A handler that fixes the cause and **replies** (label 0) makes the',
        'kernel restart the thread at the faulting instruction.',
        '',
        'The fault endpoint is a CPtr given in `seL4_TCB_Configure` (or `seL4_TCB_SetSpace`). On',
        'non-MCS seL4 it is looked up in the *faulter\'s* CSpace when the fault happens, and a badge on',
        'it tells the handler which thread faulted. A thread without one is simply stopped.',
        '`lab.h` (read-only) passes the CPtr to `seL4_TCB_Configure` for you.',
      ].join('\n'),
      steps: [
        {
          title: 'A fault endpoint',
          instructions: 'Mint a copy of `fault_ep` with the badge `0xBEEF` and make it the faulter\'s fault endpoint. The root task then receives the fault instead of the kernel stopping the faulter.',
          hints: ['`seL4_CNode_Mint(ROOT_CNODE, badged, DEPTH, ROOT_CNODE, fault_ep, DEPTH, seL4_AllRights, 0xBEEF)`, then `handler_cap = badged;`.'],
          checks: [
            { kind: 'holdsCap', thread: 'rootserver', capType: 'endpoint', badge: 0xBEEF },
            { kind: 'count', what: 'fault:VMFault', min: 1 },
            { kind: 'ipcBetween', from: 'faulter', to: 'rootserver' },
          ],
        },
        {
          title: 'Read the fault',
          instructions: 'Read the faulting pc and address from the message registers and run again: the handler prints where the faulter stopped.',
          hints: ['`ip = seL4_GetMR(0); addr = seL4_GetMR(1);`', 'The pc is the store instruction in `faulter`; the disassembly shows it.'],
          checks: [{ kind: 'serialMatches', pattern: 'handler: fault 5 from badge 0xbeef: pc 0x[0-9a-f]+, address 0x10000000' }],
        },
        {
          title: 'Repair and restart',
          instructions: 'Map a page table and a new frame at the faulting page, then `seL4_Reply` with an empty message. The faulter runs its store again, which now succeeds, and finishes (`lab.h` parks a thread whose function returns: it waits on a notification for good).',
          hints: ['`seL4_Word page = addr & ~0xffful;`', '`seL4_ARM_PageTable_Map(lab_retype(seL4_ARM_PageTableObject), ROOT_VSPACE, page, seL4_ARM_Default_VMAttributes)`, then the same for the frame with `seL4_ARM_Page_Map(..., seL4_ReadWrite, ...)`.', '`seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));`'],
          checks: [
            { kind: 'serialContains', text: 'faulter: survived, read back 42' },
            { kind: 'count', what: 'syscall:Reply', min: 1 },
            { kind: 'count', what: 'fault:VMFault', max: 1 },
            { kind: 'threadState', thread: 'faulter', state: 'BlockedOnNotification' },
          ],
        },
      ],
    },
  },
  solution: [{ name: 'main.c', text: SOLUTION }],
};

// Gallery: threads (seL4 tutorials, "Threads"). A TCB from untyped memory,
// configured with a CSpace, VSpace and IPC buffer, given a priority, registers
// (pc, sp, arguments) and resumed. Scenarios layer; docs/tutorials.md;
// reference/sel4.md 1.2, 2.10.
import { fillTodos } from './solve.ts';
import type { GalleryScenario } from './index.ts';

const MAIN = `// main.c: start a second thread in the root task's address space.
#include <sel4/sel4.h>
#include <stdio.h>

#define ROOT_CNODE  seL4_CapInitThreadCNode
#define ROOT_VSPACE seL4_CapInitThreadVSpace
#define ROOT_TCB    seL4_CapInitThreadTCB

static char worker_stack[8192] __attribute__((aligned(16)));

/* The new thread runs this. AArch64 passes the first arguments in x0, x1, x2. */
static void worker(seL4_Word count, const char *word, seL4_CPtr park) {
    printf("worker started\\n");
    for (seL4_Word i = 0; i < count; i++) printf("worker: %s\\n", word);
    /* Nobody signals 'park': the worker blocks here for good. */
    for (;;) seL4_Wait(park, NULL);
}

int main(void) {
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_CPtr ut = 0;
    for (seL4_CPtr i = bi->untyped.start; i < bi->untyped.end; i++)
        if (!bi->untypedList[i - bi->untyped.start].isDevice && bi->untypedList[i - bi->untyped.start].sizeBits >= 16) { ut = i; break; }
    seL4_CPtr tcb = bi->empty.start, park = bi->empty.start + 1;
    seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT_CNODE, 0, 0, tcb, 1);
    seL4_Untyped_Retype(ut, seL4_NotificationObject, 0, ROOT_CNODE, 0, 0, park, 1);
    seL4_DebugNameThread(tcb, "worker");

    /* The worker's IPC buffer: the second KiB of the root task's IPC buffer frame. */
    seL4_Word ipc_buffer = (seL4_Word)bi->ipcBuffer + 1024;

    /* Step 1 */
    /* TODO 1: give the TCB the root task's CSpace and VSpace and its IPC buffer
       (seL4_TCB_Configure), then priority 200 (seL4_TCB_SetPriority, with the
       root task's TCB as the authority). */

    /* Step 2 */
    seL4_UserContext regs = {0};
    /* TODO 2: set regs.pc to worker and regs.sp to the top of worker_stack, write
       the first 6 words of regs (pc, sp, spsr, x0, x1, x2) with
       seL4_TCB_WriteRegisters and start the thread with seL4_TCB_Resume. */

    /* Step 3 */
    /* TODO 3 (before step 2's WriteRegisters): arguments for worker(3, "ping", park)
       go in regs.x0, regs.x1 and regs.x2. */

    /* Let the worker run: the root task drops below it, so it continues only
       when the worker blocks. */
    seL4_TCB_SetPriority(ROOT_TCB, ROOT_TCB, 100);
    printf("root task: back again\\n");
    seL4_DebugDumpScheduler();
    return 0;
}
`;

const SOLUTION = fillTodos(MAIN, [
  ['    /* TODO 1: give the TCB the root task\'s CSpace and VSpace and its IPC buffer\n       (seL4_TCB_Configure), then priority 200 (seL4_TCB_SetPriority, with the\n       root task\'s TCB as the authority). */\n',
    '    seL4_TCB_Configure(tcb, 0, ROOT_CNODE, 0, ROOT_VSPACE, 0, ipc_buffer, seL4_CapInitThreadIPCBuffer);\n    seL4_TCB_SetPriority(tcb, ROOT_TCB, 200);\n'],
  ['    /* TODO 2: set regs.pc to worker and regs.sp to the top of worker_stack, write\n       the first 6 words of regs (pc, sp, spsr, x0, x1, x2) with\n       seL4_TCB_WriteRegisters and start the thread with seL4_TCB_Resume. */\n',
    '    regs.pc = (seL4_Word)worker;\n    regs.sp = (seL4_Word)(worker_stack + sizeof worker_stack);\n    regs.x0 = 3;\n    regs.x1 = (seL4_Word)"ping";\n    regs.x2 = park;\n    seL4_TCB_WriteRegisters(tcb, 0, 0, 6, &regs);\n    seL4_TCB_Resume(tcb);\n'],
  ['    /* Step 3 */\n    /* TODO 3 (before step 2\'s WriteRegisters): arguments for worker(3, "ping", park)\n       go in regs.x0, regs.x1 and regs.x2. */\n', '    /* Step 3: the arguments are set above, before WriteRegisters. */\n'],
]);

export const threads: GalleryScenario = {
  scenario: {
    id: 'sel4-threads',
    version: 1,
    title: 'seL4 5: Threads',
    summary: 'Create a thread: a TCB from untyped memory, configured with a CSpace, VSpace and IPC buffer, a priority, registers and arguments, then resumed.',
    mode: 'root-task',
    files: [{ name: 'main.c', text: MAIN }],
    exercise: {
      instructions: [
        '# Threads',
        '',
        'A seL4 thread is a **TCB** object. It holds the thread\'s registers, priority and maximum',
        'controlled priority (MCP), its CSpace and VSpace roots, its IPC buffer and its fault endpoint.',
        'A new TCB is inactive, has no spaces and runs at priority 0. To start one:',
        '',
        '1. `seL4_TCB_Configure(tcb, fault_ep, cspace_root, cspace_root_data, vspace_root, vspace_root_data, buffer, bufferFrame)` sets its spaces and IPC buffer (a 1 KiB, 1 KiB-aligned part of a frame);',
        '2. `seL4_TCB_SetPriority(tcb, authority, prio)`: the authority is a TCB whose MCP is at least `prio`;',
        '3. `seL4_TCB_WriteRegisters(tcb, resume, flags, count, &regs)` sets `pc`, `sp` and argument registers;',
        '4. `seL4_TCB_Resume(tcb)` makes it runnable.',
        '',
        'The scheduler always runs the highest-priority runnable thread (256 levels, round robin within',
        'one). The worker here shares the root task\'s CSpace and VSpace, so it sees the same caps and',
        'memory. `seL4_DebugNameThread` gives it the name `worker` that the checks and views use;',
        '`seL4_DebugDumpScheduler` prints every thread\'s state.',
      ].join('\n'),
      steps: [
        {
          title: 'Configure the TCB',
          instructions: 'Configure the TCB with the root task\'s CNode and VSpace and the IPC buffer at `ipc_buffer` (its frame cap is `seL4_CapInitThreadIPCBuffer`; no fault endpoint: 0). Then give it priority 200, above the 100 the root task drops to.',
          hints: ['The `_data` arguments are 0 (no guard change).', 'Without SetPriority the worker stays at priority 0, below the root task, and never runs before the root task ends the run.'],
          checks: [
            { kind: 'count', what: 'invocation:TCBConfigure', min: 1 },
            { kind: 'count', what: 'invocation:TCBSetPriority', min: 2 },
          ],
        },
        {
          title: 'Start it',
          instructions: 'Set `regs.pc` to `worker` and `regs.sp` to the **top** of `worker_stack` (stacks grow down), write the registers and resume the thread.',
          hints: ['`regs.sp = (seL4_Word)(worker_stack + sizeof worker_stack);`', '`seL4_TCB_WriteRegisters(tcb, 0, 0, 6, &regs)` writes the first six words of `seL4_UserContext` (pc, sp, spsr, x0, x1, x2); then `seL4_TCB_Resume(tcb)`.', 'Do not write the whole structure: its last word, `tpidrro_el0`, is where libsel4 finds the thread\'s IPC buffer.'],
          checks: [
            { kind: 'serialContains', text: 'worker started' },
            { kind: 'count', what: 'invocation:TCBResume', min: 1 },
          ],
        },
        {
          title: 'Pass arguments',
          instructions: 'The worker reads `count`, `word` and `park` from x0, x1 and x2, which are still 0: it prints no `ping` and then waits on CPtr 0, an empty slot, which is a **cap fault** (see the kernel log). Set `regs.x0 = 3`, `regs.x1` to the address of `"ping"` and `regs.x2 = park` before writing the registers.',
          hints: ['Casts: `regs.x1 = (seL4_Word)"ping";`.', 'A thread without a fault handler that faults is stopped: `seL4_DebugDumpScheduler` shows it as inactive.'],
          checks: [
            { kind: 'serialMatches', pattern: '(worker: ping\\n){3}' },
            { kind: 'threadState', thread: 'worker', state: 'BlockedOnNotification' },
            { kind: 'count', what: 'fault', max: 0 },
          ],
        },
      ],
    },
  },
  solution: [{ name: 'main.c', text: SOLUTION }],
};

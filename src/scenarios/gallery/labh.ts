// lab.h, the small read-only helper header of the later seL4 tutorials in the
// gallery (IPC onwards): slot and untyped bookkeeping and starting a named
// thread, each a few lines of plain libsel4 that the earlier tutorials teach.
// Scenarios layer; docs/tutorials.md.
import type { ScenarioFile } from '../format.ts';

const LAB_H = `// lab.h: helpers for the CapLab seL4 tutorials. Everything here is plain
// libsel4 that the earlier tutorials (capabilities, untyped, threads) teach.
#pragma once
#include <sel4/sel4.h>
#include <stdio.h>

#define ROOT_CNODE  seL4_CapInitThreadCNode
#define ROOT_VSPACE seL4_CapInitThreadVSpace
#define ROOT_TCB    seL4_CapInitThreadTCB
#define DEPTH       seL4_WordBits   /* the root CNode is one level: 64 bits of CPtr */

static seL4_CPtr lab_free_slot;    /* next slot of BootInfo's empty region */
static seL4_CPtr lab_untyped;      /* a RAM untyped of 1 MiB or more */
static seL4_CPtr lab_park_ntfn;    /* a notification nobody signals */
static int lab_threads;
static char lab_stacks[3][8192] __attribute__((aligned(16)));

/* Finds the first empty slot and a big RAM untyped in BootInfo. */
static void lab_init(void) {
    seL4_BootInfo *bi = seL4_GetBootInfo();
    lab_free_slot = bi->empty.start;
    for (seL4_CPtr i = bi->untyped.start; i < bi->untyped.end; i++) {
        seL4_UntypedDesc *u = &bi->untypedList[i - bi->untyped.start];
        if (!u->isDevice && u->sizeBits >= 20) { lab_untyped = i; break; }
    }
}

static seL4_CPtr lab_slot(void) { return lab_free_slot++; }

/* One new object of a fixed-size type, in a fresh slot. */
static seL4_CPtr lab_retype(seL4_Word type) {
    seL4_CPtr s = lab_slot();
    int err = seL4_Untyped_Retype(lab_untyped, type, 0, ROOT_CNODE, 0, 0, s, 1);
    if (err) printf("lab: Untyped_Retype of type %d failed with error %d\\n", (int)type, err);
    return s;
}

/* A thread that returns from its function waits here for good. */
static void lab_parked(void) {
    for (;;) seL4_Wait(lab_park_ntfn, NULL);
}

/* Starts fn(a, b, c) in a new thread called name, at priority prio, sharing the
   root task's CSpace and VSpace, with its own stack and a 1 KiB IPC buffer (a
   quarter of the root task's IPC buffer frame). fault_ep: a CPtr, or 0 for none.
   Returns the new TCB's slot. At most three threads. */
static seL4_CPtr lab_thread(const char *name, void (*fn)(seL4_Word, seL4_Word, seL4_Word),
                            seL4_Word a, seL4_Word b, seL4_Word c, int prio, seL4_CPtr fault_ep) {
    if (lab_threads == 3) { printf("lab: lab_thread starts at most three threads\\n"); return 0; }
    if (!lab_park_ntfn) lab_park_ntfn = lab_retype(seL4_NotificationObject);
    int n = lab_threads++;
    seL4_CPtr tcb = lab_retype(seL4_TCBObject);
    seL4_Word buffer = (seL4_Word)seL4_GetBootInfo()->ipcBuffer + 1024 * (n + 1);
    seL4_TCB_Configure(tcb, fault_ep, ROOT_CNODE, 0, ROOT_VSPACE, 0, buffer, seL4_CapInitThreadIPCBuffer);
    seL4_TCB_SetPriority(tcb, ROOT_TCB, prio);
    seL4_DebugNameThread(tcb, name);
    seL4_UserContext regs = {0};
    regs.pc = (seL4_Word)fn;
    regs.sp = (seL4_Word)(lab_stacks[n] + sizeof lab_stacks[n]);
    regs.x0 = a; regs.x1 = b; regs.x2 = c;
    regs.x30 = (seL4_Word)lab_parked;
    /* pc, sp, spsr, x0-x8, x16-x18, x29, x30: the first 17 words of seL4_UserContext.
       (Not all of it: the last word, tpidrro_el0, holds the IPC buffer address.) */
    seL4_TCB_WriteRegisters(tcb, 1, 0, 17, &regs);
    return tcb;
}
`;

export const LAB_H_FILE: ScenarioFile = { name: 'lab.h', text: LAB_H, readOnly: true };

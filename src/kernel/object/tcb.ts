// Thread control blocks: thread state, priority and MCP, the saved register file
// (the CPU's own save() format, so a switch is save/restore), the IPC buffer and
// the TCB's internal cap slots (CTable, VTable, reply, caller, buffer).
// Kernel object layer. Facts: reference/sel4.md 2.5 (thread states), 2.10.
// Its invocations are decoded in tcbInvocation.ts.
import { newSlot, type Slot } from '../core/cdt.ts';
import type { Fault } from '../api/fault.ts';

export type ThreadState =
  | 'Inactive' | 'Running' | 'Restart' | 'BlockedOnReceive' | 'BlockedOnSend' | 'BlockedOnReply'
  | 'BlockedOnNotification' | 'Idle';

/** TCB-internal slots (non-MCS). */
export const TCB_SLOT = { CTable: 0, VTable: 1, Reply: 2, Caller: 3, Buffer: 4 } as const;

export interface Tcb {
  readonly paddr: bigint;
  state: ThreadState;
  priority: number;
  mcp: number;
  /** The lab's label for the thread (events, views): `tcb@0x...` until seL4_DebugNameThread names it. */
  name: string;
  /** seL4's debug name for a thread never named: "child of: '<creator>'" (set at retype). */
  createdBy: string;
  /** The thread's register array (CpuState.save() format): while it runs, the CPU's
   *  live array itself (Sel4Kernel.switchRegisters), else its saved registers; null for
   *  a thread never run or switched to. */
  regs: Int32Array | null;
  /** IPC buffer virtual address (0: none) and where it is in physical memory. */
  ipcBuffer: bigint;
  ipcBufferPaddr: bigint | null;
  /** Fault endpoint CPtr, looked up in the thread's CSpace when a fault happens (non-MCS). */
  faultEp: bigint;
  readonly slots: Slot[];
  /** Last fault the thread took with no handler to deliver it to (for reports). Always
   *  present (undefined when none), so that every TCB object has one shape. */
  stoppedBy: string | undefined;
  /** Bound notification object address. */
  boundNotification: bigint | null;
  /** seL4_TCB_SetFlags flags (bit 0: fpuDisabled). */
  flags: number;
  /** Ticks left in the current timeslice. */
  timeslice: number;
  /** What the thread waits on while Blocked*: the object and the send/receive details. */
  blocking: Blocking | null;
  /** The fault being delivered to (or waiting for a reply from) the fault handler. */
  fault: Fault | null;
  /** seL4's FaultIP: where a thread in the Restart state resumes (the svc of an
   *  interrupted syscall, a faulting instruction, or a pc written by WriteRegisters). */
  faultIp: bigint;
  /** Lab extension (docs/linux-compat.md), null when unset: svc from outside [start, end) is
   *  not dispatched but raises UnknownSyscall; pins: seL4 syscall number -> the one allowed
   *  svc address (PIN_ANY_SITE: any). Set by seL4_TCB_SetSyscallRange / seL4_TCB_PinSyscall. */
  syscallWindow: { start: bigint; end: bigint } | null;
  syscallPins: Map<number, bigint> | null;
  /** The vCPU model (a model, not seL4): svc from this thread outside the guest kernel's code
   *  goes straight to the guest kernel's vector, as hardware virtualisation delivers a guest
   *  EL0 svc to guest EL1 without the hypervisor. Set by the Linux-compat loader. */
  vcpu: VcpuModel | null;
}

/** The guest kernel's "EL1" of the vCPU model: its code range, vector base, and the page
 *  (physical address) holding the modelled ELR_EL1 / SPSR_EL1 / SP_EL0 / SP_EL1 words. */
export interface VcpuModel { codeStart: bigint; codeEnd: bigint; vbar: bigint; regsPaddr: bigint }

/** seL4_TCB_PinSyscall's site value meaning "any call site" (OpenBSD's (u_int)-1 pin). */
export const PIN_ANY_SITE = (1n << 64n) - 1n;

export type Blocking =
  | { kind: 'send'; ep: bigint; badge: bigint; canGrant: boolean; canGrantReply: boolean; isCall: boolean }
  | { kind: 'recv'; ep: bigint; canGrant: boolean }
  | { kind: 'ntfn'; ntfn: bigint }
  | { kind: 'reply' };

/** TIME_SLICE: ticks of 2 ms a thread runs before round-robin moves on. */
export const TIME_SLICE_TICKS = 5;

export function newTcb(paddr: bigint): Tcb {
  return {
    paddr, state: 'Inactive', priority: 0, mcp: 0, name: `tcb@0x${paddr.toString(16)}`, createdBy: '', regs: null,
    ipcBuffer: 0n, ipcBufferPaddr: null, faultEp: 0n, boundNotification: null, flags: 0, timeslice: TIME_SLICE_TICKS, blocking: null, fault: null, faultIp: 0n,
    syscallWindow: null, syscallPins: null, vcpu: null, stoppedBy: undefined,
    slots: Array.from({ length: 5 }, (_, i) => newSlot(paddr, i)),
  };
}

export function isRunnable(t: Tcb): boolean {
  return t.state === 'Running' || t.state === 'Restart';
}

/** The thread's name as a seL4 debug build keeps it (tcbName): its DebugNameThread name, else "child of: '<creator>'". */
export function sel4Name(t: Tcb): string {
  return t.name !== `tcb@0x${t.paddr.toString(16)}` || t.createdBy === '' ? t.name : `child of: '${t.createdBy}'`;
}

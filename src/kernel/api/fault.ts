// Faults: the seL4 fault messages (CapFault, VMFault, UnknownSyscall,
// UserException) with their AArch64 layouts, and what happens to the faulting
// thread. Non-MCS: the fault endpoint CPtr is looked up in the faulter's CSpace
// when the fault happens; without a valid endpoint (Write plus Grant or
// GrantReply) the thread is left Inactive, as on seL4. Kernel API layer.
// Facts: reference/sel4.md 2.12.
import { FAULT } from '../../shared/abi/index.ts';
import type { CpuRegisters } from '../../emulator/types.ts';
import { lookupSlot } from '../core/cspace.ts';
import { describeLookupFault, lookupFaultWords, type LookupFault } from '../core/lookup.ts';
import type { Tcb } from '../object/tcb.ts';
import type { IpcEnv } from '../core/ipc.ts';
import { sendIPC } from '../object/endpoint.ts';

export type Fault =
  | { kind: 'CapFault'; ip: bigint; addr: bigint; inReceivePhase: boolean; lookup: LookupFault }
  | { kind: 'VMFault'; ip: bigint; addr: bigint; prefetch: boolean; fsr: number }
  | { kind: 'UnknownSyscall'; regs: bigint[]; faultIp: bigint; sp: bigint; lr: bigint; spsr: bigint; syscall: bigint }
  | { kind: 'UserException'; faultIp: bigint; sp: bigint; spsr: bigint; number: number; code: number };

/** The fault message: label (fault type) and MRs, AArch64 non-MCS layouts. */
export function faultMessage(f: Fault): { label: number; mrs: bigint[] } {
  switch (f.kind) {
    case 'CapFault':
      return { label: FAULT.CapFault, mrs: [f.ip, f.addr, f.inReceivePhase ? 1n : 0n, ...lookupFaultWords(f.lookup)] };
    case 'VMFault':
      return { label: FAULT.VMFault, mrs: [f.ip, f.addr, f.prefetch ? 1n : 0n, BigInt(f.fsr)] };
    case 'UnknownSyscall':
      return { label: FAULT.UnknownSyscall, mrs: [...f.regs, f.faultIp, f.sp, f.lr, f.spsr, f.syscall] };
    case 'UserException':
      return { label: FAULT.UserException, mrs: [f.faultIp, f.sp, f.spsr, BigInt(f.number), BigInt(f.code)] };
  }
}

const hex = (v: bigint | number) => `0x${v.toString(16)}`;

export function describeFault(f: Fault): string {
  switch (f.kind) {
    case 'CapFault': return `CapFault at pc ${hex(f.ip)}: cptr ${hex(f.addr)}${f.inReceivePhase ? ' (receive phase)' : ''}: ${describeLookupFault(f.lookup)}`;
    case 'VMFault': return `VMFault at pc ${hex(f.ip)}: ${f.prefetch ? 'instruction fetch' : 'data access'} at ${hex(f.addr)} (FSR ${hex(f.fsr)})`;
    case 'UnknownSyscall': return `UnknownSyscall ${f.syscall < 0n || f.syscall > (1n << 63n) ? BigInt.asIntN(64, f.syscall) : f.syscall} at pc ${hex(f.faultIp)}`;
    case 'UserException': return `UserException at pc ${hex(f.faultIp)}: ESR ${hex(f.number)}`;
  }
}

/** SPSR as the kernel would have saved it for an EL0 thread: NZCV, EL0t. */
export function spsrOf(cpu: CpuRegisters): bigint {
  return BigInt(cpu.nzcv >>> 0);
}

/** handleFault: as if the thread Called its fault endpoint (looked up now, in its
 *  own CSpace); with no valid endpoint the thread stops (Inactive). */
export function handleFault(env: IpcEnv, t: Tcb, f: Fault): void {
  const k = env.k;
  const ep = lookupSlot(k, t.slots[0].cap, t.faultEp);
  const cap = ep.ok ? ep.slot.cap : null;
  if (cap?.type === 'endpoint' && cap.rights.write && (cap.rights.grant || cap.rights.grantReply)) {
    t.fault = f;
    k.events.push({ kind: 'fault', thread: t.name, fault: f.kind, detail: describeFault(f), delivered: true });
    sendIPC(env, true, true, cap, t);
    return;
  }
  const why = `no valid fault handler (fault endpoint cptr ${hex(t.faultEp)})`;
  t.state = 'Inactive';
  k.scheduler.dequeue(t);
  t.stoppedBy = `${describeFault(f)}; ${why}`;
  k.events.push({ kind: 'fault', thread: t.name, fault: f.kind, detail: t.stoppedBy, delivered: false });
}

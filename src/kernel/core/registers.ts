// A thread's user registers in seL4_UserContext order (pc, sp, spsr, x0-x8,
// x16-x18, x29, x30, then x9-x15, x19-x28, tpidr_el0, tpidrro_el0): read from
// the CPU for the running thread, from its saved register file otherwise.
// Kernel core layer. Facts: reference/sel4.md 2.2 (register file, UserContext).
import { CpuState } from '../../emulator/cpu/state.ts';
import type { CpuRegisters } from '../../emulator/types.ts';
import { USER_CONTEXT } from '../../shared/abi/index.ts';
import type { Tcb } from '../object/tcb.ts';

export const USER_CONTEXT_WORDS = USER_CONTEXT.length;
/** The first 17 are the "frame" registers, the other 19 the "gp" registers (CopyRegisters). */
export const FRAME_REGISTERS = 17;
/** SPSR bits a thread may set: NZCV only (EL0t, interrupts unmasked). */
const SPSR_USER_MASK = 0xf000_0000n;

export interface ThreadRegisters {
  regs: CpuRegisters;
  /** Writes the registers back to the TCB (no-op for the running thread). */
  commit(): void;
}

/** Access to a thread's registers; writing the pc also sets its restart point (FaultIP). */
export function threadRegisters(t: Tcb, running: Tcb | null, cpu: CpuRegisters): ThreadRegisters {
  const s = t === running ? null : new CpuState();
  if (s && t.regs) s.restore(t.regs);
  const target: CpuRegisters = s ?? cpu;
  const before = target.pc;
  const commit = () => {
    if (target.pc !== before) t.faultIp = target.pc;
    if (s) t.regs = s.save();
  };
  return { regs: target, commit };
}

export function getContextReg(r: CpuRegisters, i: number): bigint {
  const name = USER_CONTEXT[i];
  switch (name) {
    case 'pc': return r.pc;
    case 'sp': return r.sp;
    case 'spsr': return BigInt(r.nzcv >>> 0);
    case 'tpidr_el0': return r.tpidr;
    case 'tpidrro_el0': return r.tpidrro;
    default: return r.getX(Number(name.slice(1)));
  }
}

/** Sets one register; SPSR is masked to the bits a user thread may own. */
export function setContextReg(r: CpuRegisters, i: number, v: bigint): void {
  const name = USER_CONTEXT[i];
  v = BigInt.asUintN(64, v);
  switch (name) {
    case 'pc': r.pc = v; return;
    case 'sp': r.sp = v; return;
    case 'spsr': r.nzcv = Number(v & SPSR_USER_MASK); return;
    case 'tpidr_el0': r.tpidr = v; return;
    case 'tpidrro_el0': r.tpidrro = v; return;
    default: r.setX(Number(name.slice(1)), v);
  }
}

// The vCPU model (a model of hardware virtualisation, not seL4 code): for a thread
// with Tcb.vcpu set, an svc from outside the guest kernel's code is delivered by
// the "hardware" straight to the guest kernel's vector (VBAR + 0x400, lower-EL
// AArch64 synchronous), as a guest EL0 svc reaches guest EL1 without the
// hypervisor; the guest kernel returns with eret. The modelled EL1 registers live
// in a page of the thread's memory (words: ELR_EL1, SPSR_EL1, SP_EL0, SP_EL1,
// ESR_EL1). Neither step is a seL4 kernel entry: they are counted as guest traps.
// Kernel API layer. docs/linux-compat.md "Mode (d)".
import type { MachineCpu } from '../../emulator/machine.ts';
import type { KernelState } from '../state.ts';
import type { Tcb, VcpuModel } from '../object/tcb.ts';

/** Word offsets in the modelled EL1 register page. */
export const VCPU_REG = { ELR: 0, SPSR: 8, SP_EL0: 16, SP_EL1: 24, ESR: 32 } as const;
/** ERET's encoding: the guest kernel's return. */
export const ERET = 0xd69f03e0;
/** Offset of the lower-EL AArch64 synchronous vector from VBAR_EL1 (Arm ARM D1.10.2). */
export const LOWER_EL_SYNC = 0x400n;

const inGuestKernel = (v: VcpuModel, pc: bigint) => pc >= v.codeStart && pc < v.codeEnd;

/** An svc at pc: true when the model delivered it to the guest kernel. */
export function guestTrap(k: KernelState, cpu: MachineCpu, t: Tcb, pc: bigint, esr: number): boolean {
  const v = t.vcpu!;
  if (inGuestKernel(v, pc)) return false;
  const base = Number(v.regsPaddr);
  k.mem.write64(base + VCPU_REG.ELR, pc + 4n);
  k.mem.write64(base + VCPU_REG.SPSR, BigInt(cpu.nzcv >>> 0));
  k.mem.write64(base + VCPU_REG.SP_EL0, cpu.sp);
  k.mem.write64(base + VCPU_REG.ESR, BigInt(esr >>> 0));
  const sp1 = k.mem.read64(base + VCPU_REG.SP_EL1);
  cpu.sp = typeof sp1 === 'bigint' ? sp1 : 0n;
  cpu.pc = v.vbar + LOWER_EL_SYNC;
  k.counters.guestTraps++;
  k.events.push({ kind: 'guest', thread: t.name, pc, what: 'trap', x8: cpu.getX(8) });
  return true;
}

/** An undefined instruction at pc: true when it is the guest kernel's eret (back to ELR_EL1). */
export function guestEret(k: KernelState, cpu: MachineCpu, t: Tcb, pc: bigint, word: number): boolean {
  const v = t.vcpu!;
  if ((word >>> 0) !== ERET || !inGuestKernel(v, pc)) return false;
  const base = Number(v.regsPaddr);
  const elr = k.mem.read64(base + VCPU_REG.ELR), spsr = k.mem.read64(base + VCPU_REG.SPSR), sp0 = k.mem.read64(base + VCPU_REG.SP_EL0);
  if (typeof elr !== 'bigint' || typeof spsr !== 'bigint' || typeof sp0 !== 'bigint') return false;
  cpu.pc = elr;
  cpu.sp = sp0;
  cpu.nzcv = Number(spsr & 0xf000_0000n) | 0;
  k.events.push({ kind: 'guest', thread: t.name, pc, what: 'eret' });
  return true;
}

// Contract between the CPU, the machine and whatever plays EL1 (the stand-in
// kernel now, the seL4 model later). Emulator layer, no DOM.
// Exception syndromes follow the Arm ARM (D17.2.37 ESR_ELx): `esr` is the value
// ESR_EL1 would hold, so fault messages can carry the real FSR/ESR bits.

export type FaultKind = 'translation' | 'permission' | 'alignment' | 'accessFlag' | 'external';

export type CpuException =
  /** SVC: `pc` is the svc instruction; the preferred return address is pc + 4. */
  | { kind: 'svc'; imm: number; pc: bigint; esr: number }
  | { kind: 'brk'; imm: number; pc: bigint; esr: number }
  /** An encoding the CPU does not implement, or one that is UNDEFINED at EL0. */
  | { kind: 'undefined'; word: number; pc: bigint; esr: number }
  | { kind: 'dataAbort'; pc: bigint; address: bigint; write: boolean; fault: FaultKind; level: number; esr: number }
  | { kind: 'instructionAbort'; pc: bigint; address: bigint; fault: FaultKind; level: number; esr: number }
  /** PC or SP alignment fault (EC 0x22 / 0x26). */
  | { kind: 'pcAlignment'; pc: bigint; esr: number }
  | { kind: 'spAlignment'; pc: bigint; esr: number }
  /** An interrupt taken between instructions; `pc` is the next instruction to run. */
  | { kind: 'irq'; pc: bigint; irq: number; esr: 0 };

/** Why Machine.run returned. */
export type StopReason =
  | { kind: 'budget' }
  | { kind: 'breakpoint'; pc: bigint }
  | { kind: 'halted'; exitCode: number; message?: string }
  /** Every thread is blocked and no interrupt can ever come. */
  | { kind: 'idle' }
  | { kind: 'paused' };

export type Access = 'read' | 'write' | 'exec';

/** What the CPU exposes to EL1 code and to the debugger. 64-bit values as bigint
 *  at this boundary; the CPU keeps them as int32 pairs internally. */
export interface CpuRegisters {
  /** X0..X30; n = 31 reads as zero (XZR). */
  getX(n: number): bigint;
  setX(n: number, v: bigint): void;
  pc: bigint;
  /** SP_EL0. */
  sp: bigint;
  /** NZCV in bits 31..28, as MRS NZCV reads it. */
  nzcv: number;
  tpidr: bigint;
  /** TPIDRRO_EL0: read-only at EL0, written by the kernel. */
  tpidrro: bigint;
}

/** Every exception from EL0 goes here; after it returns the CPU resumes at cpu.pc
 *  (the handler sets pc, e.g. to the svc's pc + 4, or switches threads by loading
 *  another register file and TTBR0). */
export interface KernelHook {
  handleException(ex: CpuException): void;
  /** Optional fast entry for `svc`: the svc's pc is still in the CPU (cpu.pc), so no
   *  CpuException record is made per system call. It must behave exactly as
   *  handleException({ kind: 'svc', imm, pc: cpu.pc, esr }) would. Returns true when it
   *  touched nothing but registers, the address space and kernel memory (no device, timer
   *  or interrupt state, no halt, pause or wait): the machine then goes straight on. */
  handleSvc?(imm: number, esr: number): boolean;
}

/** Page-table descriptor bits the stand-in kernel and the seL4 model write
 *  (Arm ARM D8.3, stage 1, 4 KiB granule). */
export const PTE = {
  VALID: 1n,
  TABLE: 2n, // at levels 0-2: next-level table; at level 3 "page" needs bits 1:0 = 0b11
  PAGE: 3n,
  AF: 1n << 10n,
  /** AP[2:1] at bits 7:6: 0b01 = EL1 RW / EL0 RW, 0b11 = RO at both. */
  AP_EL0_RW: 1n << 6n,
  AP_RO: 1n << 7n,
  /** SH inner shareable. */
  SH_INNER: 3n << 8n,
  /** AttrIndx[2:0] in bits 4:2: index into MAIR; the machine treats index 0 as Device-nGnRnE, others as Normal. */
  ATTR_DEVICE: 0n << 2n,
  ATTR_NORMAL: 1n << 2n,
  /** Unprivileged execute-never (bit 54) and privileged execute-never (bit 53). */
  UXN: 1n << 54n,
  PXN: 1n << 53n,
  /** nG: not global, tagged by ASID. */
  NG: 1n << 11n,
} as const;

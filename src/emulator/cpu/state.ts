// The EL0 register file as int32 lo/hi pairs in one Int32Array (fast for generated
// code), with the CpuRegisters view (bigint at the boundary) for EL1 code and the
// debugger. Emulator layer. Arm ARM B1.2 (AArch64 registers), D1.7 (PSTATE NZCV).

import type { CpuRegisters } from '../types.ts';

/** Slot layout of the Int32Array (indices of the low word; high word = +1). */
export const REG = {
  /** X0..X30 at 2n; slot 31 (index 62) is SP_EL0. */
  SP: 62,
  PC: 64,
  N: 66, Z: 67, C: 68, V: 69,
  TPIDR: 70,
  TPIDRRO: 72,
  FPCR: 74,
  FPSR: 75,
  /** Scratch: values returned by the slow memory paths. */
  VAL: 76,
  SIZE: 80,
} as const;

const M32 = 0xffff_ffffn;

function toPair(r: Int32Array, i: number, v: bigint): void {
  r[i] = Number(v & M32) | 0;
  r[i + 1] = Number((v >> 32n) & M32) | 0;
}

function fromPair(r: Int32Array, i: number): bigint {
  return (BigInt(r[i + 1] >>> 0) << 32n) | BigInt(r[i] >>> 0);
}

/** Whatever holds the live register array (a CpuState); code that runs guest
 *  instructions reads `r` from it each time, as a context switch may replace it. */
export interface RegisterFile { readonly r: Int32Array }

export class CpuState implements CpuRegisters, RegisterFile {
  /** The live register array. A context switch may make another array live (use()):
   *  a kernel gives each thread its own, so a switch copies nothing. */
  r: Int32Array = new Int32Array(REG.SIZE);

  /** Makes `regs` (REG.SIZE words) the live register array; returns the one it replaces. */
  use(regs: Int32Array): Int32Array {
    if (regs.length !== REG.SIZE) throw new Error(`CpuState.use: expected ${REG.SIZE} words, got ${regs.length}`);
    const old = this.r;
    this.r = regs;
    return old;
  }

  getX(n: number): bigint {
    if (n === 31) return 0n;
    checkReg(n);
    return fromPair(this.r, 2 * n);
  }

  setX(n: number, v: bigint): void {
    if (n === 31) return;
    checkReg(n);
    toPair(this.r, 2 * n, v);
  }

  get pc(): bigint { return fromPair(this.r, REG.PC); }
  set pc(v: bigint) { toPair(this.r, REG.PC, v); }
  get sp(): bigint { return fromPair(this.r, REG.SP); }
  set sp(v: bigint) { toPair(this.r, REG.SP, v); }
  get tpidr(): bigint { return fromPair(this.r, REG.TPIDR); }
  set tpidr(v: bigint) { toPair(this.r, REG.TPIDR, v); }
  get tpidrro(): bigint { return fromPair(this.r, REG.TPIDRRO); }
  set tpidrro(v: bigint) { toPair(this.r, REG.TPIDRRO, v); }

  get nzcv(): number {
    const r = this.r;
    return ((r[REG.N] << 31) | (r[REG.Z] << 30) | (r[REG.C] << 29) | (r[REG.V] << 28)) >>> 0;
  }

  set nzcv(v: number) {
    const r = this.r;
    r[REG.N] = (v >>> 31) & 1;
    r[REG.Z] = (v >>> 30) & 1;
    r[REG.C] = (v >>> 29) & 1;
    r[REG.V] = (v >>> 28) & 1;
  }

  /** A copy of the whole register file (for context switches and snapshots). */
  save(): Int32Array {
    return this.r.slice();
  }

  restore(saved: Int32Array): void {
    if (saved.length !== REG.SIZE) throw new Error(`CpuState.restore: expected ${REG.SIZE} words, got ${saved.length}`);
    this.r.set(saved);
  }
}

function checkReg(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 31) throw new Error(`register X${n} does not exist (0..31)`);
}

// Code emitter for the block translator: one Emit per instruction collects JS source
// that operates on the int32-pair register file `r` (see state.ts) and knows how to
// leave the block (branch, exception, fault) with exact PC and retired count.
// Emulator layer. Design: docs/emulator.md "JIT".

import { REG } from './state.ts';

export type Fields = Record<string, number>;
/** Semantics of one base form: appends JS to e (and sets e.ended for block enders). */
export type Sem = (f: Fields, e: Emit) => void;

const M64 = (1n << 64n) - 1n;

export function lo32(v: bigint): number {
  return Number(v & 0xffff_ffffn) | 0;
}

export function hi32(v: bigint): number {
  return Number((v >> 32n) & 0xffff_ffffn) | 0;
}

/** The translator's offer to go on translating at a branch target inside the block
 *  (no dispatch for unconditional direct branches, calls and their returns). */
export interface Follow {
  /** True when translation may continue at `target`; `returnTo`: a call's return address. */
  branch(target: bigint, returnTo: bigint | null): boolean;
  /** The return address of the innermost call followed in this block (taken off), if
   *  translation may continue there; a return to it is checked at run time. */
  ret(): bigint | null;
}

export class Emit {
  readonly code: string[] = [];
  /** True once the instruction ends the block (branch, exception). */
  ended = false;
  /** Set with `ended` when translation continues at this address instead (a followed branch). */
  followTo: bigint | null = null;

  /** va: address of this instruction; k: instructions retired before it in the block;
   *  link: turns a direct jump into an in-region transfer (null = leave the block);
   *  follow: lets unconditional branches continue the block at their target. */
  constructor(readonly va: bigint, readonly k: number, readonly word: number,
    private readonly link: ((va: bigint, retired: number) => string | null) | null = null,
    private readonly follow: Follow | null = null) {}

  /** An unconditional direct branch (B, BL with `returnTo`): an in-region transfer when
   *  linked, else the block goes on at the target when the translator follows it, else
   *  the block is left. */
  branch(target: bigint, returnTo: bigint | null): void {
    const t = target & M64;
    const linked = this.link ? this.link(t, this.k + 1) : null;
    if (linked === null && this.follow !== null && this.follow.branch(t, returnTo)) this.followTo = t;
    else this.emit(linked ?? this.leave(t, this.k + 1));
    this.ended = true;
  }

  /** A return to the address in the JS names lo/hi: when a followed call's return
   *  address is known, a run-time check on it and the block goes on there; else dynExit. */
  ret(lo: string, hi: string): void {
    const back = this.follow !== null ? this.follow.ret() : null;
    if (back === null) this.emit(this.dynExit(lo, hi));
    else {
      this.emit(`if(${lo}!==${lo32(back)}||${hi}!==${hi32(back)})${this.dynExit(lo, hi)}`);
      this.followTo = back;
    }
    this.ended = true;
  }

  emit(s: string): void {
    this.code.push(s);
  }

  /** Low word of Xn/Wn (n = 31 is XZR, or SP when sp is true). */
  lo(n: number, sp = false): string {
    return n === 31 ? (sp ? `r[${REG.SP}]` : '0') : `r[${2 * n}]`;
  }

  hi(n: number, sp = false): string {
    return n === 31 ? (sp ? `r[${REG.SP + 1}]` : '0') : `r[${2 * n + 1}]`;
  }

  /** Write a 64-bit result (expressions must already be evaluated into names or constants). */
  set(n: number, lo: string, hi: string, sp = false): void {
    if (n === 31 && !sp) return;
    const i = n === 31 ? REG.SP : 2 * n;
    this.emit(`r[${i}]=${lo};r[${i + 1}]=${hi};`);
  }

  /** Write Xd by width: 32-bit results zero the upper half. */
  setW(n: number, sf: number, lo: string, hi: string, sp = false): void {
    this.set(n, lo, sf ? hi : '0', sp);
  }

  flags(n: string, z: string, c: string, v: string): void {
    this.emit(`r[${REG.N}]=${n};r[${REG.Z}]=${z};r[${REG.C}]=${c};r[${REG.V}]=${v};`);
  }

  /** Source that sets PC to va and returns from the block function with n + `retired`
   *  instructions retired (n counts earlier blocks of the same region). */
  leave(va: bigint, retired: number): string {
    return leaveSource(va, `n+${retired}`);
  }

  /** A direct jump: an in-region transfer when the translator links it, else leave(). */
  jump(va: bigint, retired: number): string {
    return (this.link && this.link(va & M64, retired)) ?? this.leave(va, retired);
  }

  /** Leave the block with this instruction not retired (faults, BRK, UNDEFINED).
   *  `X(off, ret)` keeps the page of r[64] (which always holds the block's start, in the
   *  same page as every instruction of the block or region) and sets the page offset. */
  faultExit(): string {
    return `return X(${Number(this.va & 0xfffn)},n+${this.k});`;
  }

  /** Leave the block after this instruction retired, continuing at the next one. */
  nextExit(): string {
    const next = this.va + 4n;
    if ((next & 0xfffn) === 0n) return this.leave(next, this.k + 1);
    return `return X(${Number(next & 0xfffn)},n+${this.k + 1});`;
  }

  /** An indirect branch (BR/BLR/RET) after retiring, to the address in two JS names. Inside a
   *  region, an aligned target in the same page continues at the region's block for that
   *  offset (table T: page offset / 4 -> case index, -1 = none, which leaves through
   *  `default`); `@M@` becomes the region's longest block, a conservative budget check. */
  dynExit(lo: string, hi: string): string {
    const leave = `{r[${REG.PC}]=${lo};r[${REG.PC + 1}]=${hi};return n+${this.k + 1};}`;
    if (!this.link) return leave;
    const page = this.va & ~0xfffn;
    return `{if(${hi}===${hi32(page)}&&(${lo}&-4093)===${lo32(page)}&&n+${this.k + 1}+@M@<=lim){n+=${this.k + 1};po=${lo}&4095;pc=T[po>>2];continue;}${leave}}`;
  }

  /** The JS boolean expression for an A64 condition code (Arm ARM ConditionHolds). */
  cond(c: number): string {
    const N = `r[${REG.N}]`, Z = `r[${REG.Z}]`, C = `r[${REG.C}]`, V = `r[${REG.V}]`;
    const base = [`${Z}!==0`, `${C}!==0`, `${N}!==0`, `${V}!==0`, `(${C}!==0&&${Z}===0)`, `${N}===${V}`,
      `(${Z}===0&&${N}===${V})`, 'true'][c >> 1];
    if (c >> 1 === 7) return 'true';
    return c & 1 ? `!(${base})` : base;
  }
}

/** `{ PC = va; return <retired expression>; }` */
export function leaveSource(va: bigint, retired: string): string {
  const v = va & M64;
  return `{r[${REG.PC}]=${lo32(v)};r[${REG.PC + 1}]=${hi32(v)};return ${retired};}`;
}

/** Sign-extend the low `bits` of v. */
export function sext(v: number, bits: number): number {
  const s = 32 - bits;
  return (v << s) >> s;
}

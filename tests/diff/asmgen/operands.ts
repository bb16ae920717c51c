// Operand choices for the generated differential programs: registers (with a
// few reserved for the harness), conditions, shifts, extends and valid logical
// (bitmask) immediates. Test helper; the text is GNU as syntax.
import type { Prng } from './prng.ts';

/** x24 loop counter, x26 index register, x27 write-back base, x28 buffer middle. */
export const RESERVED = { loop: 24, index: 26, wbBase: 27, buf: 28 } as const;

/** Registers random instructions may write (and read). */
export const DATA_REGS = [...Array.from({ length: 24 }, (_, i) => i), 25, 29, 30];

export const CONDS_ALL = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al'] as const;
/** cset/csetm/cinc... invert the condition, so AL and NV are not allowed there. */
export const CONDS_INVERTIBLE = CONDS_ALL.slice(0, 14);

export type Width = 32 | 64;

export function name(n: number, w: Width): string {
  if (n === 31) return w === 64 ? 'xzr' : 'wzr';
  return `${w === 64 ? 'x' : 'w'}${n}`;
}

/** A data register. */
export function reg(r: Prng, w: Width): string {
  return name(r.pick(DATA_REGS), w);
}

/** A data register, or sometimes the zero register (only where encoding 31 means ZR). */
export function regZ(r: Prng, w: Width): string {
  return r.chance(0.08) ? name(31, w) : reg(r, w);
}

/** Destination registers rotate least-recently-written first, so a result
 *  usually survives to the dump instead of being overwritten (a wrong value
 *  that nobody reads cannot be caught). Reset per program for determinism. */
let written: number[] = [...DATA_REGS];

export function resetDestinations(): void {
  written = [...DATA_REGS];
}

/** The number of a destination register: one of the six least recently written. */
export function dstNum(r: Prng, avoid: readonly number[] = []): number {
  const pool = written.filter((n) => !avoid.includes(n));
  const n = pool[r.int(0, 5)];
  written.splice(written.indexOf(n), 1);
  written.push(n);
  return n;
}

export function dst(r: Prng, w: Width): string {
  return name(dstNum(r), w);
}

/** A destination that is sometimes the zero register (flag-setting forms, where 31 means ZR). */
export function dstZ(r: Prng, w: Width): string {
  return r.chance(0.08) ? name(31, w) : dst(r, w);
}

export function width(r: Prng): Width {
  return r.chance(0.5) ? 64 : 32;
}

export function hex(v: bigint): string {
  return `0x${v.toString(16)}`;
}

/** A shift suffix ", lsl #n" etc.; `ror` only where the instruction allows it. */
export function shift(r: Prng, w: Width, allowRor: boolean): string {
  const kinds = allowRor ? ['lsl', 'lsr', 'asr', 'ror'] : ['lsl', 'lsr', 'asr'];
  if (r.chance(0.25)) return '';
  return `, ${r.pick(kinds)} #${r.int(0, w - 1)}`;
}

/** The second operand and extend of an extended-register add/sub: "w3, uxtb #2". */
export function extended(r: Prng, w: Width): string {
  const kinds = w === 64
    ? ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx']
    : ['uxtb', 'uxth', 'uxtw', 'sxtb', 'sxth', 'sxtw'];
  const k = r.pick(kinds);
  const rm = name(r.pick(DATA_REGS), k.endsWith('x') ? 64 : 32);
  const amount = r.int(0, 4);
  return `${rm}, ${k}${amount || r.chance(0.5) ? ` #${amount}` : ''}`;
}

/** A valid logical immediate: a rotated run of ones in an element replicated across the width. */
export function bitmaskImm(r: Prng, w: Width): bigint {
  const sizes = w === 64 ? [2, 4, 8, 16, 32, 64] : [2, 4, 8, 16, 32];
  const e = r.pick(sizes);
  const ones = r.int(1, e - 1);
  const rot = r.int(0, e - 1);
  const mask = (1n << BigInt(e)) - 1n;
  let elt = (1n << BigInt(ones)) - 1n;
  elt = ((elt >> BigInt(rot)) | (elt << BigInt(e - rot))) & mask;
  let v = 0n;
  for (let i = 0; i < w; i += e) v |= elt << BigInt(i);
  return v;
}

const SPECIAL = [0n, 1n, 2n, 0xffff_ffff_ffff_ffffn, 0x8000_0000_0000_0000n, 0x7fff_ffff_ffff_ffffn,
  0x8000_0000n, 0x7fff_ffffn, 0xffff_ffffn, 0x1_0000_0000n, 0xffff_ffff_8000_0000n, 0x80n, 0xffn, 0x7fffn];

/** A 64-bit value biased towards the edges where flags and extensions differ. */
export function interestingValue(r: Prng): bigint {
  const k = r.int(0, 9);
  if (k < 3) return r.pick(SPECIAL);
  if (k < 5) return BigInt(r.int(0, 300));
  if (k < 6) return BigInt.asUintN(64, -BigInt(r.int(1, 300)));
  return r.u64();
}

/** movz/movk lines that put `v` in register n. */
export function loadConstant(n: number, v: bigint): string[] {
  const lines = [`movz ${name(n, 64)}, #${hex(v & 0xffffn)}`];
  for (let hw = 1; hw < 4; hw++) {
    const part = (v >> BigInt(hw * 16)) & 0xffffn;
    if (part !== 0n) lines.push(`movk ${name(n, 64)}, #${hex(part)}, lsl #${hw * 16}`);
  }
  return lines;
}

// Logical-immediate ("bitmask immediate") decode and encode for A64.
// Emulator layer (shared with the assembler and disassembler), no DOM.
// Implements the Arm ARM pseudocode DecodeBitMasks (shared/functions/bitmasks)
// for the AND/ORR/EOR/ANDS immediate forms, and its inverse for the assembler.

export interface BitMaskFields {
  N: number;
  immr: number;
  imms: number;
}

const ones = (n: number): bigint => (1n << BigInt(n)) - 1n;

function highestSetBit(x: number): number {
  for (let i = 31; i >= 0; i--) if ((x >>> i) & 1) return i;
  return -1;
}

/**
 * DecodeBitMasks(N, imms, immr, immediate=TRUE) -> wmask, zero-extended to 64 bits
 * (for datasize 32 the value fits in the low word). Undefined when reserved.
 */
export function decodeBitMask(N: number, immr: number, imms: number, datasize: 32 | 64): bigint | undefined {
  const len = highestSetBit(((N & 1) << 6) | (~imms & 0x3f));
  if (len < 1) return undefined;
  const esize = 1 << len;
  if (esize > datasize) return undefined;
  const levels = esize - 1;
  const S = imms & levels;
  const R = immr & levels;
  if (S === levels) return undefined;
  const welem = ones(S + 1);
  const e = BigInt(esize);
  const rot = R === 0 ? welem : ((welem >> BigInt(R)) | (welem << (e - BigInt(R)))) & ones(esize);
  let v = 0n;
  for (let i = 0; i < datasize; i += esize) v |= rot << BigInt(i);
  return v;
}

/** The same mask as two int32 halves (what the CPU keeps in its register file). */
export function decodeBitMaskPair(N: number, immr: number, imms: number, datasize: 32 | 64): { lo: number; hi: number } | undefined {
  const v = decodeBitMask(N, immr, imms, datasize);
  if (v === undefined) return undefined;
  return { lo: Number(v & 0xffffffffn) | 0, hi: Number(v >> 32n) | 0 };
}

/** Inverse of DecodeBitMasks: the encoding of `value` (taken modulo 2^datasize), or null. */
export function encodeBitMask(value: bigint, datasize: 32 | 64): BitMaskFields | null {
  const v = BigInt.asUintN(datasize, value);
  if (v === 0n || v === ones(datasize)) return null;
  let esize: number = datasize;
  // Shrink the element while the value is a replication of its halves.
  while (esize > 2) {
    const half = esize / 2;
    const m = ones(half);
    if ((v & m) !== ((v >> BigInt(half)) & m)) break;
    esize = half;
  }
  const elem = v & ones(esize);
  let count = 0;
  for (let i = 0; i < esize; i++) if ((elem >> BigInt(i)) & 1n) count++;
  const run = ones(count);
  const e = BigInt(esize);
  for (let r = 0; r < esize; r++) {
    const R = BigInt(r);
    const rot = r === 0 ? run : ((run >> R) | (run << (e - R))) & ones(esize);
    if (rot !== elem) continue;
    const S = count - 1;
    if (esize === 64) return { N: 1, immr: r, imms: S };
    return { N: 0, immr: r, imms: (~(esize * 2 - 1) & 0x3f) | S };
  }
  return null;
}

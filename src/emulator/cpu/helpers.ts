// Arithmetic helpers called from translated blocks: 32x32 and 64x64 high products,
// 64-bit division without BigInt on the common path, bit reversal and byte swap.
// Emulator layer. Results wider than 32 bits come back in `out` (lo, hi).
// Arm ARM C6: SMULH/UMULH/SDIV/UDIV (division by zero gives 0; INT_MIN / -1 wraps).

export const out = new Int32Array(2);

const TWO32 = 4294967296;

/** High 32 bits of the unsigned product a * b. */
export function umulh32(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const lo = a0 * b0, m1 = a1 * b0, m2 = a0 * b1;
  const carry = ((lo >>> 16) + (m1 & 0xffff) + (m2 & 0xffff)) >>> 16;
  return (a1 * b1 + (m1 >>> 16) + (m2 >>> 16) + carry) | 0;
}

/** High 32 bits of the signed product a * b. */
export function smulh32(a: number, b: number): number {
  return (umulh32(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}

/** High 64 bits of the unsigned 128-bit product (aH:aL) * (bH:bL), into out. */
export function umulh64(aL: number, aH: number, bL: number, bH: number): void {
  const h00 = umulh32(aL, bL) >>> 0;
  const l01 = Math.imul(aL, bH) >>> 0, h01 = umulh32(aL, bH) >>> 0;
  const l10 = Math.imul(aH, bL) >>> 0, h10 = umulh32(aH, bL) >>> 0;
  const l11 = Math.imul(aH, bH) >>> 0, h11 = umulh32(aH, bH);
  const mid = h00 + l01 + l10;
  const carry = Math.floor(mid / TWO32);
  const sum = l11 + h01 + h10 + carry;
  out[0] = sum | 0;
  out[1] = (h11 + Math.floor(sum / TWO32)) | 0;
}

/** High 64 bits of the signed 128-bit product, into out. */
export function smulh64(aL: number, aH: number, bL: number, bH: number): void {
  umulh64(aL, aH, bL, bH);
  let lo = out[0], hi = out[1];
  if (aH < 0) { const s = (lo >>> 0) - (bL >>> 0); lo = s | 0; hi = (hi - bH - (s < 0 ? 1 : 0)) | 0; }
  if (bH < 0) { const s = (lo >>> 0) - (aL >>> 0); lo = s | 0; hi = (hi - aH - (s < 0 ? 1 : 0)) | 0; }
  out[0] = lo;
  out[1] = hi;
}

function toBig(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

function fromBig(v: bigint): void {
  out[0] = Number(v & 0xffff_ffffn) | 0;
  out[1] = Number((v >> 32n) & 0xffff_ffffn) | 0;
}

/** Unsigned 64-bit division into out (x / 0 = 0). Doubles are exact below 2^53. */
export function udiv64(nL: number, nH: number, mL: number, mH: number): void {
  if ((mL | mH) === 0) { out[0] = 0; out[1] = 0; return; }
  if ((nH >>> 21) === 0 && (mH >>> 21) === 0) {
    const n = (nH >>> 0) * TWO32 + (nL >>> 0), m = (mH >>> 0) * TWO32 + (mL >>> 0);
    const q = Math.floor(n / m);
    out[0] = q | 0;
    out[1] = Math.floor(q / TWO32) | 0;
    return;
  }
  fromBig(toBig(nL, nH) / toBig(mL, mH));
}

/** Signed 64-bit division into out (x / 0 = 0, INT64_MIN / -1 = INT64_MIN), truncating. */
export function sdiv64(nL: number, nH: number, mL: number, mH: number): void {
  if ((mL | mH) === 0) { out[0] = 0; out[1] = 0; return; }
  if (nH >= -0x200000 && nH < 0x200000 && mH >= -0x200000 && mH < 0x200000) {
    const n = nH * TWO32 + (nL >>> 0), m = mH * TWO32 + (mL >>> 0);
    const q = Math.trunc(n / m);
    out[0] = q | 0;
    out[1] = Math.floor(q / TWO32) | 0;
    return;
  }
  fromBig(BigInt.asIntN(64, BigInt.asIntN(64, toBig(nL, nH)) / BigInt.asIntN(64, toBig(mL, mH))));
}

export function rbit32(x: number): number {
  x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  return (x >>> 16) | (x << 16);
}

export function bswap32(x: number): number {
  return ((x >>> 24) | ((x >>> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24)) | 0;
}

export function rev16x(x: number): number {
  return ((x >>> 8) & 0x00ff00ff) | ((x << 8) & 0xff00ff00);
}

export const H = { out, umulh32, smulh32, umulh64, smulh64, udiv64, sdiv64, rbit32, bswap32, rev16x };
export type Helpers = typeof H;

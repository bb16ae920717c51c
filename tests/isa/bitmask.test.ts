// Property tests for logical (bitmask) immediates: decode/encode round trips and
// agreement with a brute-force enumeration of every valid (N, immr, imms).

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBitMask, decodeBitMaskPair, encodeBitMask } from '../../src/emulator/cpu/bitmask.ts';

function allEncodings(ds: 32 | 64): Map<bigint, { N: number; immr: number; imms: number }> {
  const out = new Map<bigint, { N: number; immr: number; imms: number }>();
  for (let N = 0; N <= (ds === 64 ? 1 : 0); N++) {
    for (let immr = 0; immr < ds; immr++) {
      for (let imms = 0; imms < 64; imms++) {
        const v = decodeBitMask(N, immr, imms, ds);
        if (v !== undefined && !out.has(v)) out.set(v, { N, immr, imms });
      }
    }
  }
  return out;
}

describe('bitmask immediates', () => {
  const all64 = allEncodings(64);
  const all32 = allEncodings(32);

  it('has the known number of distinct values (5334 for 64-bit, 1302 for 32-bit)', () => {
    expect(all64.size).toBe(5334);
    expect(all32.size).toBe(1302);
  });

  it('encode(decode(x)) == x for every valid encoding', () => {
    for (const [ds, all] of [[64, all64], [32, all32]] as const) {
      for (const v of all.keys()) {
        const e = encodeBitMask(v, ds);
        expect(e, v.toString(16)).not.toBeNull();
        expect(decodeBitMask(e!.N, e!.immr, e!.imms, ds)).toBe(v);
      }
    }
  });

  it('encode accepts exactly the decodable values (random and near-bitmask 64-bit values)', () => {
    const valid = fc.constantFrom(...all64.keys());
    const nearValid = fc.tuple(valid, fc.integer({ min: 0, max: 63 })).map(([v, b]) => v ^ (1n << BigInt(b)));
    const any = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    fc.assert(fc.property(fc.oneof(valid, nearValid, any), (v) => {
      const e = encodeBitMask(v, 64);
      expect(e !== null).toBe(all64.has(v));
    }), { numRuns: 2000 });
  });

  it('decode of random fields agrees between bigint and int32-pair forms; reserved ones are undefined', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 63 }), (N, immr, imms) => {
      const v = decodeBitMask(N, immr, imms, 64);
      const p = decodeBitMaskPair(N, immr, imms, 64);
      if (v === undefined) { expect(p).toBeUndefined(); return; }
      expect(BigInt.asUintN(32, BigInt(p!.lo)) | (BigInt.asUintN(32, BigInt(p!.hi)) << 32n)).toBe(v);
      const e = encodeBitMask(v, 64)!;
      expect(decodeBitMask(e.N, e.immr, e.imms, 64)).toBe(v);
    }), { numRuns: 3000 });
    expect(decodeBitMask(1, 0, 0, 32)).toBeUndefined();
    expect(decodeBitMask(0, 0, 0x3f, 64)).toBeUndefined();
    expect(decodeBitMask(1, 0, 0x3f, 64)).toBeUndefined();
  });
});

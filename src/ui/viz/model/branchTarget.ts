// Where an AArch64 direct branch goes: B, BL, B.cond, CBZ/CBNZ and TBZ/TBNZ
// encode a pc-relative target; the Disassembly view lets the student follow it
// (from a patched svc site to its gate and back). Pure. UI layer, viz/model.
// Facts: Arm ARM C4.1.65 (branches, exception generating and system instructions).

/** A signed field of `bits` bits from `word` at `shift`, times 4 (instructions). */
function offset(word: number, shift: number, bits: number): bigint {
  const field = (word >>> shift) & ((1 << bits) - 1);
  const signed = field >= 1 << (bits - 1) ? field - (1 << bits) : field;
  return BigInt(signed) * 4n;
}

/** The branch's kind and target, or null when `word` is no direct branch. */
export function branchTarget(word: number, addr: bigint): { kind: 'b' | 'bl' | 'conditional'; target: bigint } | null {
  const w = word >>> 0;
  const at = (off: bigint) => BigInt.asUintN(64, addr + off);
  const is = (mask: number, value: number) => ((w & mask) >>> 0) === value;
  if (is(0xfc000000, 0x14000000)) return { kind: 'b', target: at(offset(w, 0, 26)) };
  if (is(0xfc000000, 0x94000000)) return { kind: 'bl', target: at(offset(w, 0, 26)) };
  if (is(0xff000010, 0x54000000)) return { kind: 'conditional', target: at(offset(w, 5, 19)) };
  if (is(0x7e000000, 0x34000000)) return { kind: 'conditional', target: at(offset(w, 5, 19)) };
  if (is(0x7e000000, 0x36000000)) return { kind: 'conditional', target: at(offset(w, 5, 14)) };
  return null;
}

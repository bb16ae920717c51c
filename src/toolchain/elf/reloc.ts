// AArch64 ELF relocations: the one table of relocation types the assembler,
// object reader/writer and linker share, and the code that patches a field.
// Layer: toolchain/elf. Implements "ELF for the Arm 64-bit Architecture"
// (AAELF64) section 5.7, static data/instruction relocations only (no GOT/TLS).

import { err, ok, type Result } from '../../shared/result.ts';

export type RelocName =
  | 'ABS64' | 'ABS32' | 'ABS16' | 'PREL64' | 'PREL32' | 'PREL16'
  | 'MOVW_UABS_G0' | 'MOVW_UABS_G0_NC' | 'MOVW_UABS_G1' | 'MOVW_UABS_G1_NC'
  | 'MOVW_UABS_G2' | 'MOVW_UABS_G2_NC' | 'MOVW_UABS_G3'
  | 'LD_PREL_LO19' | 'ADR_PREL_LO21' | 'ADR_PREL_PG_HI21' | 'ADR_PREL_PG_HI21_NC'
  | 'ADD_ABS_LO12_NC' | 'LDST8_ABS_LO12_NC' | 'LDST16_ABS_LO12_NC' | 'LDST32_ABS_LO12_NC'
  | 'LDST64_ABS_LO12_NC' | 'LDST128_ABS_LO12_NC'
  | 'TSTBR14' | 'CONDBR19' | 'JUMP26' | 'CALL26';

type Field =
  | { f: 'data'; size: 2 | 4 | 8 }
  | { f: 'movw'; shift: number }
  | { f: 'imm19' } | { f: 'adr' } | { f: 'imm12'; scale: number } | { f: 'imm14' } | { f: 'imm26' };

export interface RelocInfo {
  name: RelocName;
  type: number;
  /** Value is S + A - P (true) or S + A (false). */
  pcrel: boolean;
  /** ADRP: value is Page(S + A) - Page(P). */
  page?: boolean;
  field: Field;
  /** Accepted range of the computed value [min, max] (before shifting), or none (_NC). */
  range?: [bigint, bigint];
  /** The value's low bits that must be zero (branches: 4-byte aligned targets). */
  align?: number;
}

const B = (n: number): bigint => 1n << BigInt(n);

/** The relocation table. Type numbers are AAELF64's. */
export const RELOCS: readonly RelocInfo[] = [
  { name: 'ABS64', type: 257, pcrel: false, field: { f: 'data', size: 8 } },
  { name: 'ABS32', type: 258, pcrel: false, field: { f: 'data', size: 4 }, range: [-B(31), B(32) - 1n] },
  { name: 'ABS16', type: 259, pcrel: false, field: { f: 'data', size: 2 }, range: [-B(15), B(16) - 1n] },
  { name: 'PREL64', type: 260, pcrel: true, field: { f: 'data', size: 8 } },
  { name: 'PREL32', type: 261, pcrel: true, field: { f: 'data', size: 4 }, range: [-B(31), B(32) - 1n] },
  { name: 'PREL16', type: 262, pcrel: true, field: { f: 'data', size: 2 }, range: [-B(15), B(16) - 1n] },
  { name: 'MOVW_UABS_G0', type: 263, pcrel: false, field: { f: 'movw', shift: 0 }, range: [0n, B(16) - 1n] },
  { name: 'MOVW_UABS_G0_NC', type: 264, pcrel: false, field: { f: 'movw', shift: 0 } },
  { name: 'MOVW_UABS_G1', type: 265, pcrel: false, field: { f: 'movw', shift: 16 }, range: [0n, B(32) - 1n] },
  { name: 'MOVW_UABS_G1_NC', type: 266, pcrel: false, field: { f: 'movw', shift: 16 } },
  { name: 'MOVW_UABS_G2', type: 267, pcrel: false, field: { f: 'movw', shift: 32 }, range: [0n, B(48) - 1n] },
  { name: 'MOVW_UABS_G2_NC', type: 268, pcrel: false, field: { f: 'movw', shift: 32 } },
  { name: 'MOVW_UABS_G3', type: 269, pcrel: false, field: { f: 'movw', shift: 48 } },
  { name: 'LD_PREL_LO19', type: 273, pcrel: true, field: { f: 'imm19' }, range: [-B(20), B(20) - 1n], align: 4 },
  { name: 'ADR_PREL_LO21', type: 274, pcrel: true, field: { f: 'adr' }, range: [-B(20), B(20) - 1n] },
  { name: 'ADR_PREL_PG_HI21', type: 275, pcrel: true, page: true, field: { f: 'adr' }, range: [-B(32), B(32) - 1n] },
  { name: 'ADR_PREL_PG_HI21_NC', type: 276, pcrel: true, page: true, field: { f: 'adr' } },
  { name: 'ADD_ABS_LO12_NC', type: 277, pcrel: false, field: { f: 'imm12', scale: 0 } },
  { name: 'LDST8_ABS_LO12_NC', type: 278, pcrel: false, field: { f: 'imm12', scale: 0 } },
  { name: 'TSTBR14', type: 279, pcrel: true, field: { f: 'imm14' }, range: [-B(15), B(15) - 1n], align: 4 },
  { name: 'CONDBR19', type: 280, pcrel: true, field: { f: 'imm19' }, range: [-B(20), B(20) - 1n], align: 4 },
  { name: 'JUMP26', type: 282, pcrel: true, field: { f: 'imm26' }, range: [-B(27), B(27) - 1n], align: 4 },
  { name: 'CALL26', type: 283, pcrel: true, field: { f: 'imm26' }, range: [-B(27), B(27) - 1n], align: 4 },
  { name: 'LDST16_ABS_LO12_NC', type: 284, pcrel: false, field: { f: 'imm12', scale: 1 } },
  { name: 'LDST32_ABS_LO12_NC', type: 285, pcrel: false, field: { f: 'imm12', scale: 2 } },
  { name: 'LDST64_ABS_LO12_NC', type: 286, pcrel: false, field: { f: 'imm12', scale: 3 } },
  { name: 'LDST128_ABS_LO12_NC', type: 299, pcrel: false, field: { f: 'imm12', scale: 4 } },
];

const BY_NAME = new Map(RELOCS.map((r) => [r.name, r]));
const BY_TYPE = new Map(RELOCS.map((r) => [r.type, r]));

export function relocByName(name: RelocName): RelocInfo {
  return BY_NAME.get(name)!;
}

export function relocByType(type: number): RelocInfo | undefined {
  return BY_TYPE.get(type);
}

/** The size in bytes of the field a relocation patches. */
export function relocSize(r: RelocInfo): number {
  return r.field.f === 'data' ? r.field.size : 4;
}

const PAGE = ~0xfffn;

/** The value a relocation computes: S + A, S + A - P, or Page(S + A) - Page(P). */
export function relocValue(r: RelocInfo, S: bigint, A: bigint, P: bigint): bigint {
  if (r.page) return ((S + A) & PAGE) - (P & PAGE);
  return r.pcrel ? S + A - P : S + A;
}

function hex(v: bigint): string {
  return v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

/**
 * Patch the field of relocation `r` at `bytes[off]` with value `x` (from
 * relocValue). Returns a reason when the value does not fit.
 */
export function patchField(r: RelocInfo, bytes: Uint8Array, off: number, x: bigint): Result<void, string> {
  if (r.range && (x < r.range[0] || x > r.range[1])) {
    return err(`relocation R_AARCH64_${r.name} out of range: value ${hex(x)} not in [${hex(r.range[0])}, ${hex(r.range[1])}]`);
  }
  if (r.align && (x & BigInt(r.align - 1)) !== 0n) {
    return err(`relocation R_AARCH64_${r.name}: target offset ${hex(x)} is not a multiple of ${r.align}`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (off < 0 || off + relocSize(r) > bytes.length) return err(`relocation R_AARCH64_${r.name} at 0x${off.toString(16)} is outside its section`);
  const f = r.field;
  if (f.f === 'data') {
    if (f.size === 8) dv.setBigUint64(off, BigInt.asUintN(64, x), true);
    else if (f.size === 4) dv.setUint32(off, Number(BigInt.asUintN(32, x)), true);
    else dv.setUint16(off, Number(BigInt.asUintN(16, x)), true);
    return ok(undefined);
  }
  const word = dv.getUint32(off, true);
  dv.setUint32(off, insertField(f, word, x) >>> 0, true);
  return ok(undefined);
}

const bits = (x: bigint, shift: number, width: number): number => Number(BigInt.asUintN(width, x >> BigInt(shift)));

function insertField(f: Exclude<Field, { f: 'data' }>, w: number, x: bigint): number {
  switch (f.f) {
    case 'movw': return (w & ~(0xffff << 5)) | (bits(x, f.shift, 16) << 5);
    case 'imm19': return (w & ~(0x7ffff << 5)) | (bits(x, 2, 19) << 5);
    case 'imm14': return (w & ~(0x3fff << 5)) | (bits(x, 2, 14) << 5);
    case 'imm26': return (w & ~0x3ffffff) | bits(x, 2, 26);
    case 'imm12': return (w & ~(0xfff << 10)) | (bits(x & 0xfffn, f.scale, 12 - f.scale) << 10);
    case 'adr': {
      // ADR: value in bytes; ADRP: value is already a page difference in bytes.
      const isAdrp = (w & 0x80000000) !== 0;
      const v = isAdrp ? x >> 12n : x;
      return (w & ~((3 << 29) | (0x7ffff << 5))) | (bits(v, 0, 2) << 29) | (bits(v, 2, 19) << 5);
    }
  }
}

/** `R_AARCH64_<NAME>` for a type number (diagnostics, listings). */
export function relocTypeName(type: number): string {
  const r = BY_TYPE.get(type);
  return r ? `R_AARCH64_${r.name}` : `R_AARCH64_<${type}>`;
}

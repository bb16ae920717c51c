// The `.caplab.lines` section: CapLab's own address -> file:line:column table,
// written by our assembler into objects and by our linker into executables
// (non-alloc, so loaders ignore it). Layer: toolchain/elf. Format (little-endian):
//   "CLLN" u32 version(=1) u32 nfiles u32 nentries;
//   nfiles x { u32 byteLength, UTF-8 bytes }; pad to 8;
//   nentries x { u64 addr, u32 shndx, u32 file, u32 line, u32 column }  (24 bytes)
// shndx = 0: addr is a virtual address (executables); otherwise addr is an
// offset in section shndx (relocatable objects). Entries are sorted by address.

import { err, ok, type Result } from '../../shared/result.ts';
import { ByteWriter } from './format.ts';

export const LINES_SECTION = '.caplab.lines';

/** One line-table row of a linked program. */
export interface LineEntry {
  addr: bigint;
  file: string;
  line: number;
  column: number;
}

export interface RawLine {
  addr: bigint;
  shndx: number;
  file: string;
  line: number;
  column: number;
}

export function encodeLines(rows: readonly RawLine[]): Uint8Array {
  const files = [...new Set(rows.map((r) => r.file))];
  const fileIndex = new Map(files.map((f, i) => [f, i]));
  const w = new ByteWriter();
  w.bytes([0x43, 0x4c, 0x4c, 0x4e]).u32(1).u32(files.length).u32(rows.length);
  for (const f of files) {
    const b = new TextEncoder().encode(f);
    w.u32(b.length).bytes(b);
  }
  w.align(8);
  for (const r of rows) w.u64(r.addr).u32(r.shndx).u32(fileIndex.get(r.file)!).u32(r.line).u32(r.column);
  return w.finish();
}

export function decodeLines(b: Uint8Array): Result<RawLine[], string> {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < 16 || String.fromCharCode(b[0], b[1], b[2], b[3]) !== 'CLLN') return err(`${LINES_SECTION}: bad magic`);
  if (dv.getUint32(4, true) !== 1) return err(`${LINES_SECTION}: unknown version ${dv.getUint32(4, true)}`);
  const nfiles = dv.getUint32(8, true);
  const n = dv.getUint32(12, true);
  const files: string[] = [];
  let p = 16;
  for (let i = 0; i < nfiles; i++) {
    if (p + 4 > b.length) return err(`${LINES_SECTION}: truncated file table`);
    const len = dv.getUint32(p, true);
    if (p + 4 + len > b.length) return err(`${LINES_SECTION}: truncated file table`);
    files.push(new TextDecoder().decode(b.subarray(p + 4, p + 4 + len)));
    p += 4 + len;
  }
  p = Math.ceil(p / 8) * 8;
  if (p + n * 24 > b.length) return err(`${LINES_SECTION}: truncated entries`);
  const rows: RawLine[] = [];
  for (let i = 0; i < n; i++, p += 24) {
    const fi = dv.getUint32(p + 12, true);
    if (fi >= files.length) return err(`${LINES_SECTION}: entry ${i} names file ${fi} of ${files.length}`);
    rows.push({ addr: dv.getBigUint64(p, true), shndx: dv.getUint32(p + 8, true), file: files[fi], line: dv.getUint32(p + 16, true), column: dv.getUint32(p + 20, true) });
  }
  return ok(rows);
}

/** The row covering `addr` (the last row at or below it), by binary search. */
export function lineAt(rows: readonly LineEntry[], addr: bigint): LineEntry | undefined {
  let lo = 0;
  let hi = rows.length - 1;
  let best: LineEntry | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].addr <= addr) { best = rows[mid]; lo = mid + 1; } else hi = mid - 1;
  }
  return best;
}

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

/** The section bytes for `rows` (a row without shndx has 0: a virtual address). */
export function encodeLines(rows: readonly (LineEntry & { shndx?: number })[]): Uint8Array {
  const fileIndex = new Map<string, number>();
  for (const r of rows) if (!fileIndex.has(r.file)) fileIndex.set(r.file, fileIndex.size);
  const w = new ByteWriter();
  w.bytes([0x43, 0x4c, 0x4c, 0x4e]).u32(1).u32(fileIndex.size).u32(rows.length);
  const utf8 = new TextEncoder();
  for (const f of fileIndex.keys()) {
    const b = utf8.encode(f);
    w.u32(b.length).bytes(b);
  }
  w.align(8);
  // The fixed-size rows go straight into one buffer (this table has a row per instruction).
  const head = w.finish();
  const out = new Uint8Array(head.length + rows.length * 24);
  out.set(head);
  const dv = new DataView(out.buffer);
  let p = head.length;
  for (const r of rows) {
    dv.setBigUint64(p, r.addr, true);
    dv.setUint32(p + 8, r.shndx ?? 0, true);
    dv.setUint32(p + 12, fileIndex.get(r.file)!, true);
    dv.setUint32(p + 16, r.line >>> 0, true);
    dv.setUint32(p + 20, r.column >>> 0, true);
    p += 24;
  }
  return out;
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

// ELF64 reader: validates AArch64 little-endian ELF files and returns either a
// loadable image (parseElf: executables for the machine loader, CLI and UI) or
// an in-memory relocatable object (readObject: gcc / GNU as .o files for the
// linker). Layer: toolchain/elf. gABI "ELF Header", "Sections", "Program Header".

import { err, ok, type Result } from '../../shared/result.ts';
import { cstring, EHDR_SIZE, EM_AARCH64, ET, PF, PHDR_SIZE, PT, SHDR_SIZE, SHN, STB, STT, SYM_SIZE } from './format.ts';
import { SHT, type ObjReloc, type ObjSection, type ObjSymbol, type ObjectFile, type SymBind, type SymType } from './object.ts';
import { decodeLines, LINES_SECTION, type LineEntry } from './lines.ts';

export interface ElfSegment {
  vaddr: bigint;
  memsz: bigint;
  filesz: bigint;
  offset: bigint;
  flags: { r: boolean; w: boolean; x: boolean };
  /** The segment's file bytes (filesz long); the loader zero-fills up to memsz. */
  data: Uint8Array;
}

export interface ElfSymbol {
  name: string;
  value: bigint;
  size: bigint;
  type: SymType;
  bind: SymBind;
  /** Section name, or '*UND*', '*ABS*', '*COM*'. */
  section: string;
}

export interface ElfSectionInfo {
  name: string;
  type: number;
  flags: number;
  addr: bigint;
  offset: number;
  size: number;
}

export interface ElfImage {
  type: 'exec' | 'rel';
  entry: bigint;
  segments: ElfSegment[];
  symbols: ElfSymbol[];
  sections: ElfSectionInfo[];
  /** The `.caplab.lines` table, when the file has one (our linker writes it). */
  lines?: LineEntry[];
}

const MACHINES: Record<number, string> = { 3: 'x86', 8: 'MIPS', 20: 'PowerPC', 21: 'PowerPC64', 40: 'ARM (32-bit)', 62: 'x86-64', 243: 'RISC-V' };

interface RawSection extends ElfSectionInfo {
  link: number;
  info: number;
  align: number;
  entsize: number;
}

interface Header {
  type: number;
  entry: bigint;
  phoff: number;
  phnum: number;
  shoff: number;
  shnum: number;
  shstrndx: number;
}

class Reader {
  readonly dv: DataView;
  constructor(readonly b: Uint8Array) {
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  u16(o: number): number { return this.dv.getUint16(o, true); }
  u32(o: number): number { return this.dv.getUint32(o, true); }
  u64(o: number): bigint { return this.dv.getBigUint64(o, true); }
  /** A 64-bit offset/size that must fit in the file. */
  num(o: number): number { return Number(this.u64(o)); }
}

function readHeader(r: Reader): Result<Header, string> {
  const b = r.b;
  if (b.length < 4 || b[0] !== 0x7f || b[1] !== 0x45 || b[2] !== 0x4c || b[3] !== 0x46) return err('not an ELF file (bad magic number)');
  if (b.length < 6) return err('truncated ELF file: header is incomplete');
  if (b[4] === 1) return err('32-bit ELF (ELFCLASS32) is not supported: need a 64-bit AArch64 ELF');
  if (b[4] !== 2) return err(`bad ELF class ${b[4]}`);
  if (b[5] === 2) return err('big-endian ELF (ELFDATA2MSB) is not supported: need little-endian AArch64');
  if (b[5] !== 1) return err(`bad ELF data encoding ${b[5]}`);
  if (b.length < EHDR_SIZE) return err(`truncated ELF file: ${b.length} bytes, the ELF header alone needs ${EHDR_SIZE}`);
  const machine = r.u16(18);
  if (machine !== EM_AARCH64) return err(`wrong machine: e_machine = ${machine} (${MACHINES[machine] ?? 'unknown'}), expected ${EM_AARCH64} (AArch64)`);
  const h: Header = { type: r.u16(16), entry: r.u64(24), phoff: r.num(32), shoff: r.num(40), phnum: r.u16(56), shnum: r.u16(60), shstrndx: r.u16(62) };
  if (h.phnum && (r.u16(54) !== PHDR_SIZE || h.phoff + h.phnum * PHDR_SIZE > b.length)) {
    return err(`truncated ELF file: ${h.phnum} program headers at offset ${h.phoff} extend past the end (${b.length} bytes)`);
  }
  if (h.shnum && (r.u16(58) !== SHDR_SIZE || h.shoff + h.shnum * SHDR_SIZE > b.length)) {
    return err(`truncated ELF file: ${h.shnum} section headers at offset ${h.shoff} extend past the end (${b.length} bytes)`);
  }
  return ok(h);
}

function readSections(r: Reader, h: Header): Result<RawSection[], string> {
  const out: RawSection[] = [];
  for (let i = 0; i < h.shnum; i++) {
    const o = h.shoff + i * SHDR_SIZE;
    const s: RawSection = {
      name: '', type: r.u32(o + 4), flags: Number(r.u64(o + 8)), addr: r.u64(o + 16), offset: r.num(o + 24), size: r.num(o + 32),
      link: r.u32(o + 40), info: r.u32(o + 44), align: r.num(o + 48), entsize: r.num(o + 56),
    };
    if (s.type !== SHT.NOBITS && s.type !== SHT.NULL && s.offset + s.size > r.b.length) {
      return err(`truncated ELF file: section ${i} (offset ${s.offset}, size ${s.size}) extends past the end (${r.b.length} bytes)`);
    }
    out.push(s);
  }
  const strs = out[h.shstrndx];
  if (strs) for (let i = 0; i < out.length; i++) out[i].name = cstring(r.b.subarray(strs.offset, strs.offset + strs.size), r.u32(h.shoff + i * SHDR_SIZE));
  return ok(out);
}

const BINDS: Record<number, SymBind> = { [STB.LOCAL]: 'local', [STB.GLOBAL]: 'global', [STB.WEAK]: 'weak' };
const TYPES: Record<number, SymType> = { [STT.NOTYPE]: 'notype', [STT.OBJECT]: 'object', [STT.FUNC]: 'func', [STT.SECTION]: 'section', [STT.FILE]: 'file' };

interface RawSymbol { name: string; value: bigint; size: bigint; bind: SymBind; type: SymType; shndx: number; hidden: boolean }

function readSymbols(r: Reader, secs: RawSection[]): RawSymbol[] {
  const symtab = secs.find((s) => s.type === SHT.SYMTAB);
  if (!symtab) return [];
  const strs = secs[symtab.link];
  const strBytes = strs ? r.b.subarray(strs.offset, strs.offset + strs.size) : new Uint8Array(0);
  const out: RawSymbol[] = [];
  for (let o = symtab.offset; o + SYM_SIZE <= symtab.offset + symtab.size; o += SYM_SIZE) {
    const info = r.b[o + 4];
    out.push({
      name: cstring(strBytes, r.u32(o)), bind: BINDS[info >> 4] ?? 'global', type: TYPES[info & 15] ?? 'notype',
      hidden: (r.b[o + 5] & 3) === 2, shndx: r.u16(o + 6), value: r.u64(o + 8), size: r.u64(o + 16),
    });
  }
  return out;
}

function sectionName(secs: RawSection[], shndx: number): string {
  if (shndx === SHN.UNDEF) return '*UND*';
  if (shndx === SHN.ABS) return '*ABS*';
  if (shndx === SHN.COMMON) return '*COM*';
  return secs[shndx]?.name ?? `#${shndx}`;
}

function readLines(r: Reader, secs: RawSection[]): Result<LineEntry[] | undefined, string> {
  const s = secs.find((x) => x.name === LINES_SECTION);
  if (!s) return ok(undefined);
  const rows = decodeLines(r.b.subarray(s.offset, s.offset + s.size));
  if (!rows.ok) return rows;
  return ok(rows.value.map(({ addr, file, line, column }) => ({ addr, file, line, column })));
}

/** Validate and read an AArch64 ELF64 executable (or, for inspection, a relocatable). */
export function parseElf(bytes: Uint8Array): Result<ElfImage, string> {
  const r = new Reader(bytes);
  const hr = readHeader(r);
  if (!hr.ok) return hr;
  const h = hr.value;
  if (h.type === ET.DYN) return err('position-independent executable or shared object (ET_DYN) is not supported: link with -static -no-pie');
  if (h.type === ET.CORE) return err('core dump (ET_CORE) is not a program');
  if (h.type !== ET.EXEC && h.type !== ET.REL) return err(`unknown ELF type ${h.type}`);
  const segments: ElfSegment[] = [];
  for (let i = 0; i < h.phnum; i++) {
    const o = h.phoff + i * PHDR_SIZE;
    const type = r.u32(o);
    if (type === PT.INTERP) return err('dynamically linked executable (has PT_INTERP) is not supported: link with -static');
    if (type === PT.DYNAMIC) return err('dynamically linked executable (has PT_DYNAMIC) is not supported: link with -static');
    if (type !== PT.LOAD) continue;
    const f = r.u32(o + 4);
    const offset = r.u64(o + 8);
    const vaddr = r.u64(o + 16);
    const filesz = r.u64(o + 32);
    const memsz = r.u64(o + 40);
    // A segment with no file bytes (only .bss) may carry any offset: GNU ld puts it past EOF.
    if (filesz > 0n && offset + filesz > BigInt(bytes.length)) return err(`truncated ELF file: segment ${i} (offset ${offset}, filesz ${filesz}) extends past the end (${bytes.length} bytes)`);
    if (filesz > memsz) return err(`bad segment ${i}: filesz ${filesz} is larger than memsz ${memsz}`);
    if (vaddr + memsz > 1n << 48n) return err(`bad segment ${i}: ends above the 48-bit address space`);
    const data = filesz > 0n ? bytes.slice(Number(offset), Number(offset + filesz)) : new Uint8Array(0);
    segments.push({ vaddr, memsz, filesz, offset, flags: { r: (f & PF.R) !== 0, w: (f & PF.W) !== 0, x: (f & PF.X) !== 0 }, data });
  }
  if (h.type === ET.EXEC && segments.length === 0) return err('executable has no PT_LOAD segments');
  const sr = readSections(r, h);
  if (!sr.ok) return sr;
  const secs = sr.value;
  const symbols = readSymbols(r, secs)
    .slice(1)
    .map((s) => ({ name: s.name || (s.type === 'section' ? sectionName(secs, s.shndx) : ''), value: s.value, size: s.size, type: s.type, bind: s.bind, section: sectionName(secs, s.shndx) }));
  const lines = readLines(r, secs);
  if (!lines.ok) return lines;
  const sections = secs.slice(1).map(({ name, type, flags, addr, offset, size }) => ({ name, type, flags, addr, offset, size }));
  const image: ElfImage = { type: h.type === ET.EXEC ? 'exec' : 'rel', entry: h.entry, segments, symbols, sections };
  if (lines.value) image.lines = lines.value;
  return ok(image);
}

/** Read an AArch64 ET_REL object (from GNU as, gcc -c or our writer) for the linker. */
export function readObject(bytes: Uint8Array, name: string): Result<ObjectFile, string> {
  const r = new Reader(bytes);
  const hr = readHeader(r);
  if (!hr.ok) return err(`${name}: ${hr.error}`);
  if (hr.value.type !== ET.REL) return err(`${name}: not a relocatable object (e_type ${hr.value.type})`);
  const sr = readSections(r, hr.value);
  if (!sr.ok) return err(`${name}: ${sr.error}`);
  const secs = sr.value;
  // Keep content sections; map ELF section index -> ObjectFile section index.
  const keep = new Map<number, number>();
  const sections: ObjSection[] = [];
  secs.forEach((s, i) => {
    if (s.type !== SHT.PROGBITS && s.type !== SHT.NOBITS && s.type !== SHT.INIT_ARRAY && s.type !== SHT.FINI_ARRAY && s.type !== SHT.NOTE) return;
    if (s.name === LINES_SECTION) return;
    keep.set(i, sections.length);
    const data = s.type === SHT.NOBITS ? new Uint8Array(0) : bytes.slice(s.offset, s.offset + s.size);
    sections.push({ name: s.name, type: s.type, flags: s.flags, align: Math.max(1, s.align), data, size: s.size, relocs: [], entsize: s.entsize });
  });
  const raw = readSymbols(r, secs);
  const symbols: ObjSymbol[] = raw.slice(1).map((s) => {
    const section: ObjSymbol['section'] = s.shndx === SHN.UNDEF ? 'undef' : s.shndx === SHN.ABS ? 'abs' : s.shndx === SHN.COMMON ? 'common' : keep.get(s.shndx) ?? 'abs';
    const nm = s.type === 'section' ? secs[s.shndx]?.name ?? '' : s.name;
    return { name: nm, section, value: s.value, size: s.size, bind: s.bind, type: s.type, hidden: s.hidden };
  });
  for (const s of secs) {
    if (s.type !== SHT.RELA) continue;
    const target = keep.get(s.info);
    if (target === undefined) continue;
    const relocs: ObjReloc[] = [];
    for (let o = s.offset; o + 24 <= s.offset + s.size; o += 24) {
      const info = r.u64(o + 8);
      const symIdx = Number(info >> 32n);
      if (symIdx === 0 || symIdx > symbols.length) return err(`${name}: relocation in ${s.name} names symbol ${symIdx} of ${symbols.length}`);
      relocs.push({ offset: r.num(o), type: Number(info & 0xffffffffn), sym: symIdx - 1, addend: BigInt.asIntN(64, r.u64(o + 16)) });
    }
    sections[target].relocs.push(...relocs);
  }
  if (secs.some((s) => s.type === 9)) return err(`${name}: REL (not RELA) relocations are not supported`);
  const lines = secs.find((s) => s.name === LINES_SECTION);
  const objLines: ObjectFile['lines'] = [];
  if (lines) {
    const rows = decodeLines(bytes.subarray(lines.offset, lines.offset + lines.size));
    if (rows.ok) for (const l of rows.value) if (keep.has(l.shndx)) objLines.push({ section: keep.get(l.shndx)!, offset: Number(l.addr), file: l.file, line: l.line, column: l.column });
  }
  return ok({ name, sections, symbols, lines: objLines });
}

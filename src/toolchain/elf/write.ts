// ELF64 writers: relocatable objects (ET_REL, readable by GNU ld/objdump) from
// an in-memory ObjectFile, and static executables (ET_EXEC) from a linked
// layout. Layer: toolchain/elf. gABI "Object Files" (header, sections, symbols,
// RELA relocations) and "Program Loading" (PT_LOAD segments).

import { SHT, type ObjSymbol, type ObjectFile } from './object.ts';
import {
  ByteWriter, ET, PF, PHDR_SIZE, RELA_SIZE, SHDR_SIZE, SHN, STB, STT, STV_HIDDEN, SYM_SIZE, StringTable,
  writeElfHeader, writeShdr, type ShdrFields,
} from './format.ts';
import { encodeLines, LINES_SECTION } from './lines.ts';

const BIND = { local: STB.LOCAL, global: STB.GLOBAL, weak: STB.WEAK };
const TYPE = { notype: STT.NOTYPE, object: STT.OBJECT, func: STT.FUNC, section: STT.SECTION, file: STT.FILE };

/** A symbol as it goes into .symtab. */
export interface OutSymbol {
  name: string;
  value: bigint;
  size: bigint;
  bind: ObjSymbol['bind'];
  type: ObjSymbol['type'];
  shndx: number;
  hidden?: boolean;
}

function writeSymtab(syms: readonly OutSymbol[], strtab: StringTable): Uint8Array {
  const w = new ByteWriter();
  w.padTo(SYM_SIZE);
  for (const s of syms) {
    w.u32(s.type === 'section' ? 0 : strtab.add(s.name)).u8((BIND[s.bind] << 4) | TYPE[s.type]).u8(s.hidden ? STV_HIDDEN : 0);
    w.u16(s.shndx).u64(s.value).u64(s.size);
  }
  return w.finish();
}

interface PlannedSection {
  hdr: Omit<ShdrFields, 'offset' | 'name'> & { name: string };
  data: Uint8Array | undefined;
}

/** Lay out planned sections after `w`'s current end and write the section header table. */
function writeSections(w: ByteWriter, planned: PlannedSection[], shstrtab: StringTable, preset: number[] = []): { shoff: number; shstrndx: number } {
  const shstrndx = planned.length + 1;
  const names = planned.map((p) => shstrtab.add(p.hdr.name));
  const shstrName = shstrtab.add('.shstrtab');
  const offsets: number[] = [];
  planned.forEach((p, i) => {
    if (i < preset.length) offsets.push(preset[i]);
    else if (p.data && p.hdr.type !== SHT.NOBITS) {
      w.align(Math.max(1, Math.min(p.hdr.align, 8)));
      offsets.push(w.length);
      w.bytes(p.data);
    } else offsets.push(w.length);
  });
  const shstr = shstrtab.bytes();
  const shstrOff = w.length;
  w.bytes(shstr);
  w.align(8);
  const shoff = w.length;
  w.padTo(shoff + SHDR_SIZE);
  planned.forEach((p, i) => writeShdr(w, { ...p.hdr, name: names[i], offset: offsets[i] }));
  writeShdr(w, { name: shstrName, type: SHT.STRTAB, flags: 0, addr: 0n, offset: shstrOff, size: shstr.length, link: 0, info: 0, align: 1, entsize: 0 });
  return { shoff, shstrndx };
}

function shndxOf(s: ObjSymbol): number {
  if (s.section === 'undef') return SHN.UNDEF;
  if (s.section === 'abs') return SHN.ABS;
  if (s.section === 'common') return SHN.COMMON;
  return s.section + 1;
}

/** Write an ELF64 ET_REL file for AArch64. */
export function writeRelocatable(obj: ObjectFile): Uint8Array {
  // Symbol order: null, locals, then globals (sh_info = first global).
  const order = obj.symbols.map((s, i) => ({ s, i })).sort((a, b) => Number(a.s.bind !== 'local') - Number(b.s.bind !== 'local') || a.i - b.i);
  const newIndex = new Map(order.map((o, k) => [o.i, k + 1]));
  const firstGlobal = 1 + order.filter((o) => o.s.bind === 'local').length;
  const strtab = new StringTable();
  const symtab = writeSymtab(order.map(({ s }) => ({ ...s, shndx: shndxOf(s) })), strtab);

  const planned: PlannedSection[] = obj.sections.map((s) => ({
    hdr: { name: s.name, type: s.type, flags: s.flags, addr: 0n, size: s.type === SHT.NOBITS ? s.size : s.data.length, link: 0, info: 0, align: s.align, entsize: s.entsize ?? 0 },
    data: s.data,
  }));
  const symtabIndex = obj.sections.length + obj.sections.filter((s) => s.relocs.length).length + (obj.lines.length ? 1 : 0) + 1;
  obj.sections.forEach((s, i) => {
    if (!s.relocs.length) return;
    const w = new ByteWriter();
    for (const r of s.relocs) w.u64(r.offset).u64((BigInt(newIndex.get(r.sym)!) << 32n) | BigInt(r.type)).u64(r.addend);
    planned.push({ hdr: { name: `.rela${s.name}`, type: SHT.RELA, flags: 0x40, addr: 0n, size: s.relocs.length * RELA_SIZE, link: symtabIndex, info: i + 1, align: 8, entsize: RELA_SIZE }, data: w.finish() });
  });
  if (obj.lines.length) {
    const rows = obj.lines.map((l) => ({ addr: BigInt(l.offset), shndx: l.section + 1, file: l.file, line: l.line, column: l.column }));
    const data = encodeLines(rows);
    planned.push({ hdr: { name: LINES_SECTION, type: SHT.PROGBITS, flags: 0, addr: 0n, size: data.length, link: 0, info: 0, align: 8, entsize: 0 }, data });
  }
  const strBytes = strtab.bytes();
  planned.push({ hdr: { name: '.symtab', type: SHT.SYMTAB, flags: 0, addr: 0n, size: symtab.length, link: symtabIndex + 1, info: firstGlobal, align: 8, entsize: SYM_SIZE }, data: symtab });
  planned.push({ hdr: { name: '.strtab', type: SHT.STRTAB, flags: 0, addr: 0n, size: strBytes.length, link: 0, info: 0, align: 1, entsize: 0 }, data: strBytes });

  const w = new ByteWriter();
  w.padTo(64);
  const { shoff, shstrndx } = writeSections(w, planned, new StringTable());
  const out = w.finish();
  const hw = new ByteWriter();
  writeElfHeader(hw, { type: ET.REL, entry: 0n, phoff: 0, shoff, phnum: 0, shnum: planned.length + 2, shstrndx });
  out.set(hw.finish(), 0);
  return out;
}

/** One output section of an executable, placed by the linker. */
export interface ExecSection {
  name: string;
  type: number;
  flags: number;
  addr: bigint;
  /** File offset (for NOBITS: where it would be). */
  offset: number;
  align: number;
  /** File contents (empty for NOBITS). */
  data: Uint8Array;
  size: number;
}

export interface ExecSegment {
  offset: number;
  vaddr: bigint;
  filesz: number;
  memsz: number;
  flags: { r: boolean; w: boolean; x: boolean };
}

export interface ExecLayout {
  entry: bigint;
  /** Allocated sections; symbol shndx k refers to sections[k - 1]. */
  sections: ExecSection[];
  segments: ExecSegment[];
  symbols: OutSymbol[];
  lines: { addr: bigint; file: string; line: number; column: number }[];
  pageSize: number;
}

/** Bytes the ELF and program headers take (the linker places sections after them). */
export function execHeaderSize(segments: number): number {
  return 64 + PHDR_SIZE * segments;
}

/** Write a static ELF64 ET_EXEC from a finished layout. */
export function writeExecutable(l: ExecLayout): Uint8Array {
  const w = new ByteWriter();
  w.padTo(execHeaderSize(l.segments.length));
  for (const s of l.sections) {
    if (s.type === SHT.NOBITS) continue;
    w.padTo(s.offset);
    w.bytes(s.data);
  }
  const strtab = new StringTable();
  const symtab = writeSymtab(l.symbols, strtab);
  const firstGlobal = 1 + l.symbols.filter((s) => s.bind === 'local').length;
  const planned: PlannedSection[] = l.sections.map((s) => ({
    hdr: { name: s.name, type: s.type, flags: s.flags, addr: s.addr, size: s.size, link: 0, info: 0, align: s.align, entsize: 0 },
    data: undefined,
  }));
  if (l.lines.length) {
    const data = encodeLines(l.lines);
    planned.push({ hdr: { name: LINES_SECTION, type: SHT.PROGBITS, flags: 0, addr: 0n, size: data.length, link: 0, info: 0, align: 8, entsize: 0 }, data });
  }
  const symtabIndex = planned.length + 1;
  const strBytes = strtab.bytes();
  planned.push({ hdr: { name: '.symtab', type: SHT.SYMTAB, flags: 0, addr: 0n, size: symtab.length, link: symtabIndex + 1, info: firstGlobal, align: 8, entsize: SYM_SIZE }, data: symtab });
  planned.push({ hdr: { name: '.strtab', type: SHT.STRTAB, flags: 0, addr: 0n, size: strBytes.length, link: 0, info: 0, align: 1, entsize: 0 }, data: strBytes });
  const { shoff, shstrndx } = writeSections(w, planned, new StringTable(), l.sections.map((s) => s.offset));
  const out = w.finish();
  const hw = new ByteWriter();
  writeElfHeader(hw, { type: ET.EXEC, entry: l.entry, phoff: 64, shoff, phnum: l.segments.length, shnum: planned.length + 2, shstrndx });
  for (const p of l.segments) {
    const flags = (p.flags.r ? PF.R : 0) | (p.flags.w ? PF.W : 0) | (p.flags.x ? PF.X : 0);
    hw.u32(1).u32(flags).u64(p.offset).u64(p.vaddr).u64(p.vaddr).u64(p.filesz).u64(p.memsz).u64(l.pageSize);
  }
  out.set(hw.finish(), 0);
  return out;
}

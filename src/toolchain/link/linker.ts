// Static linker: several AArch64 relocatable objects (ours, or gcc / GNU as
// ELF .o files) -> one ELF64 ET_EXEC. Resolves global symbols (strong, weak,
// COMMON), lays out .text/.rodata (R+X) and .data/.bss (RW) like GNU ld's
// default script, applies every relocation in reloc.ts with overflow checks and
// builds the symbol and line tables. Layer: toolchain/link. AAELF64 section 5.7.

import type { Diagnostic } from '../../shared/diagnostic.ts';
import { SHF, SHT, type ObjSection, type ObjSymbol, type ObjectFile, type SrcPos } from '../elf/object.ts';
import { relocByType, relocTypeName, relocValue, patchField } from '../elf/reloc.ts';
import { execHeaderSize, writeExecutable, type ExecSection, type OutSymbol } from '../elf/write.ts';
import type { LineEntry } from '../elf/lines.ts';
import { resolveSymbols, type GlobalDef } from './symbols.ts';

export interface LinkOptions {
  /** Address of the first byte of the file image (GNU ld: 0x400000). */
  base?: bigint;
  entry?: string;
  pageSize?: number;
}

export interface LinkedSymbol {
  name: string;
  addr: bigint;
  size: bigint;
  type: ObjSymbol['type'];
  bind: ObjSymbol['bind'];
  section: string;
}

export interface LinkOutput {
  ok: boolean;
  diagnostics: Diagnostic[];
  elf?: Uint8Array;
  entry?: bigint;
  lines: LineEntry[];
  symbols: LinkedSymbol[];
}

/** The output sections in address order, and which input sections they take. */
const OUTPUTS = [
  { name: '.text', flags: SHF.ALLOC | SHF.EXECINSTR, type: SHT.PROGBITS, seg: 0 },
  { name: '.rodata', flags: SHF.ALLOC, type: SHT.PROGBITS, seg: 0 },
  { name: '.data', flags: SHF.ALLOC | SHF.WRITE, type: SHT.PROGBITS, seg: 1 },
  { name: '.bss', flags: SHF.ALLOC | SHF.WRITE, type: SHT.NOBITS, seg: 1 },
] as const;

function outputFor(s: ObjSection): number {
  if (s.flags & SHF.EXECINSTR) return 0;
  if (!(s.flags & SHF.WRITE)) return 1;
  return s.type === SHT.NOBITS ? 3 : 2;
}

/** Where one input section landed. */
interface Placement {
  out: number;
  /** Offset inside the output section. */
  offset: number;
  addr: bigint;
}

const alignUp = (v: number, a: number): number => Math.ceil(v / a) * a;
const hex = (v: bigint | number): string => `0x${v.toString(16)}`;

function noPos(file: string, message: string, severity: Diagnostic['severity'] = 'error'): Diagnostic {
  return { file, line: 0, column: 0, severity, message };
}

function at(src: SrcPos | undefined, file: string, message: string): Diagnostic {
  if (!src) return noPos(file, message);
  const d: Diagnostic = { file: src.file, line: src.line, column: src.column, severity: 'error', message };
  if (src.endColumn !== undefined) d.endColumn = src.endColumn;
  return d;
}

/** For a section-symbol relocation, the label at section+addend if there is one. */
function nameAt(o: ObjectFile, sec: ObjSymbol, addend: bigint): string {
  const hit = o.symbols.find((s) => s.section === sec.section && s.type !== 'section' && s.value === addend && s.name !== '' && !s.name.startsWith('$'));
  return hit ? hit.name : `${sec.name}+${hex(addend)}`;
}

class Link {
  diagnostics: Diagnostic[] = [];
  place: Map<ObjSection, Placement> = new Map();
  outSize = [0, 0, 0, 0];
  outAlign = [4, 8, 8, 8];
  outAddr = [0n, 0n, 0n, 0n];
  outOffset = [0, 0, 0, 0];
  outData: Uint8Array[] = [];
  commons = new Map<string, bigint>();
  globals: Map<string, GlobalDef>;

  constructor(readonly objects: ObjectFile[], readonly opts: Required<LinkOptions>) {
    const r = resolveSymbols(objects);
    this.globals = r.globals;
    this.diagnostics.push(...r.diagnostics);
  }

  /** Assign every allocated input section an offset in its output section. */
  layoutInputs(): void {
    for (const o of this.objects) {
      for (const s of o.sections) {
        if (!(s.flags & SHF.ALLOC)) continue;
        const out = outputFor(s);
        const align = Math.max(1, s.align);
        const offset = alignUp(this.outSize[out], align);
        this.outAlign[out] = Math.max(this.outAlign[out], align);
        this.outSize[out] = offset + s.size;
        this.place.set(s, { out, offset, addr: 0n });
      }
    }
    // COMMON symbols go at the end of .bss.
    for (const [name, g] of this.globals) {
      if (g.kind !== 'common') continue;
      const align = Number(g.commonAlign ?? 1n);
      const offset = alignUp(this.outSize[3], align);
      this.outAlign[3] = Math.max(this.outAlign[3], align);
      this.outSize[3] = offset + Number(g.size);
      this.commons.set(name, BigInt(offset));
    }
  }

  /** Addresses and file offsets: headers + .text + .rodata, then .data + .bss on a fresh page. */
  layoutAddresses(): number {
    const { base, pageSize } = this.opts;
    const hasData = this.outSize[2] + this.outSize[3] > 0;
    const nseg = hasData ? 2 : 1;
    let off = execHeaderSize(nseg);
    for (const i of [0, 1]) {
      off = alignUp(off, this.outAlign[i]);
      this.outOffset[i] = off;
      this.outAddr[i] = base + BigInt(off);
      off += this.outSize[i];
    }
    const textEnd = base + BigInt(off);
    off = alignUp(off, this.outAlign[2]);
    const dataPage = BigInt(alignUp(Number(textEnd), pageSize));
    const toAddr = (o: number): bigint => dataPage + BigInt(o % pageSize);
    this.outOffset[2] = off;
    this.outAddr[2] = toAddr(off);
    const bssStart = alignUp(Number(this.outAddr[2]) + this.outSize[2], this.outAlign[3]);
    this.outAddr[3] = BigInt(bssStart);
    this.outOffset[3] = off + this.outSize[2];
    for (const p of this.place.values()) p.addr = this.outAddr[p.out] + BigInt(p.offset);
    for (const [n, o] of this.commons) this.commons.set(n, this.outAddr[3] + o);
    return nseg;
  }

  /** Address of symbol `idx` of object `o` (undefined: unresolved). */
  symbolAddr(o: ObjectFile, idx: number): bigint | undefined {
    const s = o.symbols[idx];
    if (s.bind !== 'local' && s.type !== 'section') return this.globalAddr(s.name);
    return this.definedAddr(o, s);
  }

  definedAddr(o: ObjectFile, s: ObjSymbol): bigint | undefined {
    if (s.section === 'abs') return s.value;
    if (s.section === 'undef' || s.section === 'common') return undefined;
    const p = this.place.get(o.sections[s.section]);
    return p ? p.addr + s.value : undefined;
  }

  globalAddr(name: string): bigint | undefined {
    const g = this.globals.get(name);
    if (!g) return undefined;
    if (g.kind === 'common') return this.commons.get(name);
    if (g.kind === 'undef') return g.weak ? 0n : this.linkerDefined(name);
    return this.definedAddr(g.obj!, g.obj!.symbols[g.index!]);
  }

  /** Symbols GNU ld's default script provides. */
  linkerDefined(name: string): bigint | undefined {
    const end = this.outAddr[3] + BigInt(this.outSize[3]);
    const table: Record<string, bigint> = {
      __bss_start: this.outAddr[3], __bss_start__: this.outAddr[3], _edata: this.outAddr[2] + BigInt(this.outSize[2]),
      _end: end, __end__: end, end, __bss_end__: end, _bss_end__: end, __data_start: this.outAddr[2], _etext: this.outAddr[0] + BigInt(this.outSize[0]),
    };
    return table[name];
  }

  buildOutputs(): void {
    this.outData = OUTPUTS.map((o, i) => (o.type === SHT.NOBITS ? new Uint8Array(0) : new Uint8Array(this.outSize[i])));
    for (const [s, p] of this.place) if (s.type !== SHT.NOBITS) this.outData[p.out].set(s.data.subarray(0, s.size), p.offset);
  }

  applyRelocations(): void {
    for (const o of this.objects) {
      for (const s of o.sections) {
        const p = this.place.get(s);
        if (!p) continue;
        for (const r of s.relocs) this.applyOne(o, s, p, r);
      }
    }
  }

  private applyOne(o: ObjectFile, s: ObjSection, p: Placement, r: ObjSection['relocs'][number]): void {
    // Names for messages are built only on the error paths (nameAt scans the symbols).
    const where = (): string => `${o.name}:(${s.name}+${hex(r.offset)})`;
    const symName = (): string => {
      const sym = o.symbols[r.sym];
      return sym.type === 'section' ? nameAt(o, sym, r.addend) : sym.name;
    };
    const info = relocByType(r.type);
    if (!info) return void this.diagnostics.push(at(r.src, o.name, `${where()}: unsupported relocation ${relocTypeName(r.type)} against \`${symName()}'`));
    const S = this.symbolAddr(o, r.sym);
    if (S === undefined) {
      return void this.diagnostics.push(at(r.src, o.name, `undefined reference to \`${symName()}'` + (r.src ? '' : ` at ${where()}`)));
    }
    const P = p.addr + BigInt(r.offset);
    const res = patchField(info, this.outData[p.out], p.offset + r.offset, relocValue(info, S, r.addend, P));
    if (!res.ok) {
      this.diagnostics.push(at(r.src, o.name, `${res.error} against symbol \`${symName()}' at ${where()}`));
    }
  }

  symbols(): { out: OutSymbol[]; linked: LinkedSymbol[] } {
    const out: OutSymbol[] = [];
    const linked: LinkedSymbol[] = [];
    const secIndex = (o: ObjectFile, s: ObjSymbol): number => {
      if (s.section === 'abs') return 0xfff1;
      if (s.section === 'common') return 4;
      if (s.section === 'undef') return 0;
      const p = this.place.get(o.sections[s.section]);
      return p ? p.out + 1 : 0xfff1;
    };
    const push = (o: ObjectFile, s: ObjSymbol, addr: bigint): void => {
      const shndx = secIndex(o, s);
      out.push({ name: s.name, value: addr, size: s.size, bind: s.bind, type: s.type, shndx, hidden: s.hidden });
      linked.push({ name: s.name, addr, size: s.size, type: s.type, bind: s.bind, section: shndx >= 1 && shndx <= 4 ? OUTPUTS[shndx - 1].name : '*ABS*' });
    };
    for (const o of this.objects) {
      for (const s of o.symbols) {
        if (s.bind !== 'local' || s.type === 'section' || s.type === 'file' || s.name === '') continue;
        const a = this.definedAddr(o, s);
        if (a !== undefined) push(o, s, a);
      }
    }
    for (const [name, g] of this.globals) {
      if (g.kind === 'undef') continue;
      const addr = this.globalAddr(name)!;
      const s = g.kind === 'common'
        ? { name, section: 'common' as const, value: addr, size: g.size ?? 0n, bind: 'global' as const, type: 'object' as const }
        : g.obj!.symbols[g.index!];
      push(g.obj ?? this.objects[0], s, addr);
    }
    return { out, linked };
  }

  lines(): LineEntry[] {
    const rows: LineEntry[] = [];
    for (const o of this.objects) {
      for (const l of o.lines) {
        const p = this.place.get(o.sections[l.section]);
        if (p) rows.push({ addr: p.addr + BigInt(l.offset), file: l.file, line: l.line, column: l.column });
      }
    }
    return rows.sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0));
  }

  entry(): bigint {
    const e = this.globalAddr(this.opts.entry);
    if (e !== undefined && this.globals.get(this.opts.entry)?.kind !== 'undef') return e;
    const d = noPos(this.objects[0]?.name ?? 'link', `cannot find entry symbol ${this.opts.entry}; defaulting to ${hex(this.outAddr[0])}`, 'warning');
    this.diagnostics.push(d);
    return this.outAddr[0];
  }

  write(nseg: number, entry: bigint, syms: OutSymbol[], lines: LineEntry[]): Uint8Array {
    const sections: ExecSection[] = OUTPUTS.map((o, i) => ({
      name: o.name, type: o.type, flags: o.flags, addr: this.outAddr[i], offset: this.outOffset[i], align: this.outAlign[i], data: this.outData[i], size: this.outSize[i],
    }));
    const textEnd = this.outOffset[1] + this.outSize[1];
    const segments = [{ offset: 0, vaddr: this.opts.base, filesz: textEnd, memsz: textEnd, flags: { r: true, w: false, x: true } }];
    if (nseg === 2) {
      const memsz = Number(this.outAddr[3] - this.outAddr[2]) + this.outSize[3];
      segments.push({ offset: this.outOffset[2], vaddr: this.outAddr[2], filesz: this.outSize[2], memsz, flags: { r: true, w: true, x: false } });
    }
    return writeExecutable({ entry, sections, segments, symbols: syms, lines, pageSize: this.opts.pageSize });
  }
}

/** Link objects into a static executable. Never throws. */
export function link(objects: ObjectFile[], options: LinkOptions = {}): LinkOutput {
  const opts: Required<LinkOptions> = { base: options.base ?? 0x400000n, entry: options.entry ?? '_start', pageSize: options.pageSize ?? 0x1000 };
  try {
    const l = new Link(objects, opts);
    l.layoutInputs();
    const nseg = l.layoutAddresses();
    l.buildOutputs();
    l.applyRelocations();
    const entry = l.entry();
    const { out, linked } = l.symbols();
    const lines = l.lines();
    if (l.diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics: l.diagnostics, lines, symbols: linked };
    const elf = l.write(nseg, entry, out, lines);
    return { ok: true, diagnostics: l.diagnostics, elf, entry, lines, symbols: linked };
  } catch (e) {
    return { ok: false, diagnostics: [noPos('link', `internal linker error: ${(e as Error).message}`)], lines: [], symbols: [] };
  }
}

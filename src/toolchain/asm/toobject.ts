// Turn the final assembler pass into an in-memory object: sections, a symbol
// table laid out as GNU as does (section symbols, locals, then globals) and
// relocations against symbol indexes. Layer: toolchain/asm.

import type { Diagnostic } from '../../shared/diagnostic.ts';
import { relocByName } from '../elf/reloc.ts';
import { SHT, type ObjLine, type ObjReloc, type ObjSection, type ObjSymbol, type ObjectFile } from '../elf/object.ts';
import { isTempName, type Assembly } from './assembler.ts';

export function buildObject(a: Assembly): { object: ObjectFile; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const names = [...a.sections.keys()];
  const secIndex = new Map(names.map((n, i) => [n, i]));
  const symbols: ObjSymbol[] = names.map((n, i) => ({ name: n, section: i, value: 0n, size: 0n, bind: 'local', type: 'section' }));
  const sectionSym = new Map(names.map((n, i) => [n, i]));
  const symIndex = new Map<string, number>();

  const add = (name: string, s: ObjSymbol): void => {
    symIndex.set(name, symbols.length);
    symbols.push(s);
  };
  const describe = (name: string, bind: ObjSymbol['bind']): ObjSymbol | undefined => {
    const at = a.attrs.get(name) ?? {};
    const d = a.defs.get(name);
    const base = { name, size: at.size ?? 0n, bind, type: at.type ?? 'notype', hidden: at.hidden };
    if (d) return { ...base, section: d.kind === 'abs' ? 'abs' : secIndex.get(d.section)!, value: d.value, src: d.src };
    if (at.common) return { ...base, section: 'common', value: at.common.align, size: at.common.size, type: at.type ?? 'object', src: at.common.src };
    return undefined;
  };

  // Locals: defined, not global, not temporary (.L*, 1:, pool slots), in definition order.
  for (const name of a.defs.keys()) {
    if (a.isGlobal(name) || isTempName(name)) continue;
    add(name, describe(name, 'local')!);
  }
  // Globals: declared or referenced by a relocation.
  const globals = new Set<string>();
  for (const [name, at] of a.attrs) if (at.bind === 'global' || at.bind === 'weak' || at.common) globals.add(name);
  for (const s of a.sections.values()) for (const r of s.relocs) if ('symbol' in r.target) globals.add(r.target.symbol);
  for (const name of globals) {
    const bind = a.attrs.get(name)?.bind === 'weak' ? 'weak' : 'global';
    add(name, describe(name, bind) ?? { name, section: 'undef', value: 0n, size: 0n, bind, type: a.attrs.get(name)?.type ?? 'notype' });
  }

  const sections: ObjSection[] = [...a.sections.values()].map((s) => {
    const relocs: ObjReloc[] = s.relocs.map((r) => ({
      offset: r.offset,
      type: relocByName(r.kind).type,
      sym: 'section' in r.target ? sectionSym.get(r.target.section)! : symIndex.get(r.target.symbol)!,
      addend: r.addend,
      src: r.src,
    }));
    const nobits = s.type === SHT.NOBITS;
    return { name: s.name, type: s.type, flags: s.flags, align: s.align, data: nobits ? new Uint8Array(0) : s.bytes.slice(0, s.size), size: s.size, relocs };
  });

  const lines: ObjLine[] = [];
  for (const s of a.sections.values()) for (const l of s.lines) lines.push({ section: secIndex.get(s.name)!, ...l });
  return { object: { name: a.file, sections, symbols, lines }, diagnostics };
}

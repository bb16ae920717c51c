// Global symbol resolution for the static linker: one definition per global
// name (strong beats weak and COMMON, COMMONs merge to the largest), duplicate
// and undefined-symbol reporting. Layer: toolchain/link. gABI "Symbol Table"
// binding rules (STB_GLOBAL / STB_WEAK, SHN_COMMON).

import type { Diagnostic } from '../../shared/diagnostic.ts';
import type { ObjectFile, ObjSymbol, SrcPos } from '../elf/object.ts';

export interface GlobalDef {
  kind: 'strong' | 'weak' | 'common' | 'undef';
  obj?: ObjectFile;
  index?: number;
  /** COMMON: size and alignment (largest seen). */
  size?: bigint;
  commonAlign?: bigint;
  /** undef: every reference is weak (resolves to 0). */
  weak?: boolean;
}

function where(o: ObjectFile, s: ObjSymbol): string {
  return s.src ? `${s.src.file}:${s.src.line}:${s.src.column}` : o.name;
}

function diagAt(src: SrcPos | undefined, file: string, message: string): Diagnostic {
  const d: Diagnostic = { file: src?.file ?? file, line: src?.line ?? 0, column: src?.column ?? 0, severity: 'error', message };
  if (src?.endColumn !== undefined) d.endColumn = src.endColumn;
  return d;
}

const RANK = { undef: 0, common: 1, weak: 2, strong: 3 } as const;

function kindOf(s: ObjSymbol): GlobalDef['kind'] {
  if (s.section === 'undef') return 'undef';
  if (s.section === 'common') return 'common';
  return s.bind === 'weak' ? 'weak' : 'strong';
}

export function resolveSymbols(objects: readonly ObjectFile[]): { globals: Map<string, GlobalDef>; diagnostics: Diagnostic[] } {
  const globals = new Map<string, GlobalDef>();
  const diagnostics: Diagnostic[] = [];
  for (const o of objects) {
    o.symbols.forEach((s, index) => {
      if (s.bind === 'local' || s.type === 'section' || s.name === '') return;
      const kind = kindOf(s);
      const old = globals.get(s.name);
      if (!old) {
        globals.set(s.name, kind === 'common'
          ? { kind, obj: o, index, size: s.size, commonAlign: s.value }
          : { kind, obj: o, index, weak: kind === 'undef' ? s.bind === 'weak' : undefined });
        return;
      }
      if (kind === 'undef') {
        if (old.kind === 'undef' && s.bind !== 'weak') old.weak = false;
        return;
      }
      if (kind === 'strong' && old.kind === 'strong') {
        const first = old.obj!.symbols[old.index!];
        diagnostics.push(diagAt(s.src, o.name, `multiple definition of \`${s.name}'; first defined at ${where(old.obj!, first)}`));
        return;
      }
      if (kind === 'common' && old.kind === 'common') {
        if (s.size > old.size!) old.size = s.size;
        if (s.value > old.commonAlign!) old.commonAlign = s.value;
        return;
      }
      if (RANK[kind] > RANK[old.kind]) {
        globals.set(s.name, kind === 'common' ? { kind, obj: o, index, size: s.size, commonAlign: s.value } : { kind, obj: o, index });
      }
    });
  }
  return { globals, diagnostics };
}

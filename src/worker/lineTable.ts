// Line table: maps between code addresses and source lines for one build, so the
// host can resolve line breakpoints and label stops and disassembly with the line
// they came from. Worker layer, no DOM.

import type { LineEntry, SourceLine, SymbolEntry } from '../shared/protocol.ts';

export class LineTable {
  private readonly byAddr = new Map<bigint, SourceLine>();
  private readonly symbolByAddr = new Map<bigint, string>();

  constructor(private readonly lines: readonly LineEntry[], symbols: readonly SymbolEntry[]) {
    for (const l of lines) {
      if (!this.byAddr.has(l.addr)) this.byAddr.set(l.addr, { file: l.file, line: l.line });
    }
    for (const s of symbols) {
      if (!this.symbolByAddr.has(s.addr)) this.symbolByAddr.set(s.addr, s.name);
    }
  }

  static empty(): LineTable {
    return new LineTable([], []);
  }

  sourceAt(addr: bigint): SourceLine | null {
    return this.byAddr.get(addr) ?? null;
  }

  symbolAt(addr: bigint): string | undefined {
    return this.symbolByAddr.get(addr);
  }

  /** The lowest address generated for `want`, or failing that for the nearest later
   *  line of the same file that has code (as gdb does for a blank or label line). */
  resolve(want: SourceLine): bigint | null {
    let best: LineEntry | null = null;
    for (const l of this.lines) {
      if (l.file !== want.file || l.line < want.line) continue;
      if (best === null || l.line < best.line || (l.line === best.line && l.addr < best.addr)) best = l;
    }
    return best ? best.addr : null;
  }
}

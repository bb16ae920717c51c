// Reads what the user types as a memory address: a number (0x400078, 4194424), a
// register (sp, x19, pc), a symbol (message), optionally plus or minus an offset
// (sp+16, message+0x4). UI layer, pure.

import type { RegisterSnapshot, SymbolEntry } from '../../shared/protocol.ts';
import { err, ok, type Result } from '../../shared/result.ts';

function term(text: string, regs: RegisterSnapshot | null, symbols: readonly SymbolEntry[]): Result<bigint, string> {
  const t = text.trim();
  if (/^(0x[0-9a-f]+|[0-9]+)$/i.test(t)) return ok(BigInt(t));
  const reg = /^(?:x([0-9]|[12][0-9]|30)|sp|pc)$/i.exec(t);
  if (reg) {
    if (!regs) return err('no registers yet: build the program first');
    const name = t.toLowerCase();
    return ok(name === 'sp' ? regs.sp : name === 'pc' ? regs.pc : regs.x[Number(reg[1])]);
  }
  const sym = symbols.find((s) => s.name === t);
  if (sym) return ok(sym.addr);
  return err(`don't know '${t}': use a number, a register (sp, x19) or a symbol`);
}

export function parseAddress(text: string, regs: RegisterSnapshot | null, symbols: readonly SymbolEntry[]): Result<bigint, string> {
  const m = /^(.*?)\s*([+-])\s*(0x[0-9a-f]+|[0-9]+)\s*$/i.exec(text.trim());
  if (m && m[1] !== '') {
    const base = term(m[1], regs, symbols);
    if (!base.ok) return base;
    const off = BigInt(m[3]);
    return ok(BigInt.asUintN(64, m[2] === '+' ? base.value + off : base.value - off));
  }
  if (text.trim() === '') return err('type an address');
  return term(text, regs, symbols);
}

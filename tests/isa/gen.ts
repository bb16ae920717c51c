// Test generators driven by the encoding table: random valid words per base form and
// per alias, their assembly text (from our disassembler, with PC-relative targets
// rewritten as `.+off`), and a tiny fixup resolver standing in for the assembler driver.

import { ALIASES, FORMS, FORM_BY_ID, aliasesOf, type Form } from '../../src/emulator/cpu/encodings.ts';
import { findForm, makeBuckets } from '../../src/emulator/cpu/decode.ts';
import { UNDEFINED_FORMS } from '../../src/emulator/cpu/encodings.ts';
import { disassemble } from '../../src/toolchain/disasm/disasm.ts';
import type { EncodeCtx, Encoded } from '../../src/toolchain/asm/ctx.ts';
import { evalConst, type Expr, type ExprEnv } from '../../src/toolchain/asm/expr.ts';
import { patchField, relocByName, relocValue } from '../../src/toolchain/elf/reloc.ts';

const ALL = makeBuckets([...FORMS, ...UNDEFINED_FORMS]);

export interface Sample { word: number; formId: string; aliasId?: string }

/** Random word with the form's fixed bits; `fixed` forces some fields (alias samples). */
export function randomWord(form: Form, rnd: () => number, fixed: Record<string, number> = {}): number {
  let w = (form.match | (rnd() & ~form.mask)) >>> 0;
  for (const s of form.fields) {
    if (!(s.name in fixed)) continue;
    const m = ((2 ** s.width - 1) * 2 ** s.lo) >>> 0;
    w = ((w & ~m) | ((fixed[s.name] << s.lo) & m)) >>> 0;
  }
  return w;
}

/** Which form and alias our decoder picks for a word (null: undefined). */
export function classify(word: number): Sample | null {
  const d = findForm(word, ALL);
  if (!d) return null;
  const a = aliasesOf(d.form.id).find((x) => x.when(d.f));
  return { word, formId: d.form.id, aliasId: a?.id };
}

/** `perForm` decodable samples for every base form and `perAlias` for every alias (seeded). */
export function tableSamples(rnd: () => number, perForm: number, perAlias: number): Sample[] {
  const out: Sample[] = [];
  const take = (form: Form, fixed: Record<string, number>, n: number, want: (s: Sample) => boolean): void => {
    let got = 0;
    for (let tries = 0; got < n && tries < n * 200; tries++) {
      const s = classify(randomWord(form, rnd, fixed));
      if (s && want(s)) { out.push(s); got++; }
    }
  };
  for (const form of [...FORMS, ...UNDEFINED_FORMS]) take(form, {}, perForm, (s) => s.formId === form.id);
  for (const a of ALIASES) {
    if (a.asmOnly) continue;
    const base = FORM_BY_ID.get(a.base)!;
    take(base, { ...(a.fixed ?? {}), ...aliasHints(a.id, rnd) }, perAlias, (s) => s.aliasId === a.id);
  }
  return out;
}

/** Extra forced fields that make rare alias conditions likely. */
function aliasHints(id: string, rnd: () => number): Record<string, number> {
  const r = rnd() & 31;
  switch (id) {
    case 'ROR_imm': case 'CINC': case 'CINV': case 'CNEG': return { Rn: r, Rm: r };
    case 'MOV_tosp': return rnd() & 1 ? { Rd: 31 } : { Rn: 31 };
    case 'ASR_imm': case 'LSR_imm': return { imms: 63, sf: 1, N: 1 };
    case 'LSL_imm': { const s = rnd() % 62; return { imms: s, immr: s + 1, sf: 1, N: 1 }; }
    case 'MOV_movz': case 'MOV_movn': return { hw: 0 };
    default: return {};
  }
}

const PCREL = new Set(['rel26', 'rel19', 'rel14', 'lit19', 'adr']);

/** Assembly text for a word at `pc`: our disassembly, with PC-relative targets as `.+off`. */
export function asmText(word: number, pc: bigint): string {
  const d = disassemble(word, pc);
  const s = classify(word)!;
  const ops = s.aliasId ? ALIASES.find((a) => a.id === s.aliasId)!.ops : FORM_BY_ID.get(s.formId)!.ops;
  let operands = d.operands;
  if (ops.some((k) => PCREL.has(k))) {
    operands = operands.replace(/(^|, )([0-9a-f]+)$/, (_m, pre: string, hex: string) => {
      const off = BigInt.asIntN(64, BigInt('0x' + hex) - pc);
      return `${pre}.${off < 0n ? '-' : '+'}${(off < 0n ? -off : off).toString()}`;
    });
  }
  return operands ? `${d.mnemonic} ${operands}` : d.mnemonic;
}

/** A context where `.` is `pc` and there are no other symbols. */
export function testCtx(pc: bigint): EncodeCtx {
  const env: ExprEnv = { lookup: (n) => (n === '.' ? { kind: 'abs', value: pc } : { kind: 'undefined' }) };
  return {
    pc, final: true,
    evalConst: (e: Expr) => evalConst(e, env),
    literal: () => { throw new Error('no literal pool in ISA tests'); },
  };
}

/** Resolve PC-relative fixups whose expressions are constants (`.+off`), as the driver would. */
export function applyFixups(enc: Encoded, pc: bigint): { word: number; unresolved: string[] } {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, enc.words[0], true);
  const unresolved: string[] = [];
  const ctx = testCtx(pc);
  for (const f of enc.fixups) {
    const r = relocByName(f.kind);
    const v = ctx.evalConst(f.expr);
    if (!v.ok || !r.pcrel || r.page) { unresolved.push(f.kind); continue; }
    const p = patchField(r, bytes, 0, relocValue(r, v.value, 0n, pc));
    if (!p.ok) unresolved.push(`${f.kind}: ${p.error}`);
  }
  return { word: new DataView(bytes.buffer).getUint32(0, true), unresolved };
}

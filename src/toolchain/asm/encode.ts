// Instruction encoder: one A64 instruction in GNU as syntax -> machine word(s),
// driven by the encoding table (src/emulator/cpu/encodings.ts). Toolchain/asm layer.
// Tries the forms and aliases that spell the mnemonic in table order (with GNU as's
// choices: MOVZ/MOVN/ORR for `mov #imm`, LDUR for unscaled `ldr`, SUB for `add #-n`)
// and fills fields operand by operand. Contract with the driver: ./ctx.ts.

import { ALIASES, COND_NAMES, FORMS, UNDEFINED_FORMS, type Alias, type Form } from '../../emulator/cpu/encodings.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { EncodeCtx, Encoded, EncodeError } from './ctx.ts';
import { EncodeFailure, parseKind, splitItems, type Item, type ParseState } from './operands.ts';

interface Candidate {
  form: Form;
  alias?: Alias;
  /** The fields before any operand is read (built on first use; copied per try). */
  init?: Record<string, number>;
}

const byId = new Map<string, Form>([...FORMS, ...UNDEFINED_FORMS].map((f) => [f.id, f]));

/** GNU as assembles a scaled-offset mnemonic with an unscaled/negative offset as LDUR & co. */
const UNSCALED_FALLBACK: Readonly<Record<string, string>> = {
  strb: 'STURB', ldrb: 'LDURB', ldrsb: 'LDURSB', strh: 'STURH', ldrh: 'LDURH', ldrsh: 'LDURSH',
  str: 'STUR', ldr: 'LDUR', ldrsw: 'LDURSW', prfm: 'PRFUM',
};

/** `mov` tries these in GNU as's order. */
const MOV_ORDER = ['MOV_tosp', 'MOV_reg', 'MOV_movz', 'MOV_movn', 'MOV_bitmask'];

function buildCandidates(): Map<string, Candidate[]> {
  const map = new Map<string, Candidate[]>();
  const add = (m: string, c: Candidate): void => {
    if (!map.has(m)) map.set(m, []);
    map.get(m)!.push(c);
  };
  for (const form of [...FORMS, ...UNDEFINED_FORMS]) if (!form.condSuffix) add(form.mnemonic, { form });
  for (const alias of ALIASES) add(alias.mnemonic, { form: byId.get(alias.base)!, alias });
  for (const [m, id] of Object.entries(UNSCALED_FALLBACK)) add(m, { form: byId.get(id)! });
  const mov = map.get('mov')!;
  mov.sort((a, b) => MOV_ORDER.indexOf(a.alias!.id) - MOV_ORDER.indexOf(b.alias!.id));
  return map;
}

const CANDIDATES = buildCandidates();
const COND_RE = /^b\.?(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al|nv)$/;
const COND_ALT: Readonly<Record<string, string>> = { hs: 'cs', lo: 'cc' };

/** Field-to-field rules the assembler applies after the operands (Arm ARM constraints). */
function deriveForm(id: string, f: Record<string, number>): void {
  if (id === 'SBFM' || id === 'BFM' || id === 'UBFM' || id === 'EXTR') f.N = f.sf;
  if (id === 'REV') f.opc = 2 | f.sf;
}

function initialFields(form: Form, alias?: Alias): Record<string, number> {
  const f: Record<string, number> = {};
  for (const s of form.fields) f[s.name] = (form.match >>> s.lo) & ((1 << s.width) - 1);
  if (form.sbz) Object.assign(f, form.sbz);
  if (alias?.fixed) Object.assign(f, alias.fixed);
  return f;
}

function build(form: Form, f: Record<string, number>): number {
  let word = form.match;
  for (const s of form.fields) {
    const v = f[s.name] ?? 0;
    if (v < 0 || v >= 2 ** s.width) throw new EncodeFailure(`internal: field ${s.name} = ${v} does not fit ${s.width} bits`);
    word |= v << s.lo;
  }
  word >>>= 0;
  if (((word & form.mask) >>> 0) !== form.match) throw new EncodeFailure('operand mismatch');
  return word;
}

function tryCandidate(c: Candidate, items: Item[], ctx: EncodeCtx, preset: Record<string, number>): Encoded {
  c.init ??= initialFields(c.form, c.alias);
  const f = { ...c.init };
  for (const k in preset) f[k] = preset[k];
  const st: ParseState = { form: c.form, f, items, i: 0, ctx, fixups: [], extra: {} };
  const ops = c.alias ? c.alias.ops : c.form.ops;
  try {
    for (const kind of ops) parseKind(kind, st);
  } catch (e) {
    if (e instanceof EncodeFailure) throw new EncodeFailure(e.message, e.item, st.i);
    throw e;
  }
  if (st.i < items.length) throw new EncodeFailure('too many operands', items[st.i], st.i);
  deriveForm(c.form.id, f);
  const why = c.alias?.derive?.(f);
  if (why) throw new EncodeFailure(why, undefined, st.i);
  if (c.form.reserved?.(f)) throw new EncodeFailure('reserved or unallocated encoding', undefined, st.i);
  let word = build(c.form, f);
  if (st.extra.negate) word = (word ^ (1 << 30)) >>> 0;
  return { words: [word], fixups: st.fixups };
}

/** Which candidate's error to report: the one that read most operands, then a specific
 *  complaint ("immediate out of range") over an operand-shape one ("must be a register"). */
function rank(e: EncodeFailure): number {
  return e.progress * 2 + (/^operand \d+ must be/.test(e.message) ? 0 : 1);
}

/** Assemble one instruction (mnemonic and operand text as written; case-insensitive). */
export function encodeInstruction(mnemonic: string, operandText: string, ctx: EncodeCtx): Result<Encoded, EncodeError> {
  const mn = mnemonic.toLowerCase();
  let cands = CANDIDATES.get(mn);
  const preset: Record<string, number> = {};
  const cm = COND_RE.exec(mn);
  if (!cands && cm) {
    cands = [{ form: byId.get('B_cond')! }];
    preset.cond = COND_NAMES.indexOf((COND_ALT[cm[1]] ?? cm[1]) as (typeof COND_NAMES)[number]);
  }
  if (!cands) return err({ message: `unknown mnemonic \`${mnemonic}'` });
  const items = splitItems(operandText);
  let best: EncodeFailure | undefined;
  for (const c of cands) {
    try {
      return ok(tryCandidate(c, items, ctx, preset));
    } catch (e) {
      if (!(e instanceof EncodeFailure)) throw e;
      if (!best || rank(e) > rank(best)) best = e;
    }
  }
  const e = best!;
  if (e.item) return err({ message: e.message, start: e.item.start, end: e.item.end });
  return err({ message: e.message });
}

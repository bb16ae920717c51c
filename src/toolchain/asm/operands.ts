// Operand text of one A64 instruction in GNU as syntax: split into items, read
// registers, immediates (with `#` optional and `:lo12:`-style modifiers), shifts,
// extends and memory operands. Toolchain/asm layer (ISA engineer), no DOM.
// The encoder (encode.ts) turns these pieces into fields of an encodings.ts form.

import { encodeBitMask } from '../../emulator/cpu/bitmask.ts';
import { BARRIER_NAMES, COND_NAMES, COND_SYNONYMS, PRFOP_NAMES, SYSREGS, type Form } from '../../emulator/cpu/encodings.ts';
import type { RelocName } from '../elf/reloc.ts';
import type { EncodeCtx, Fixup } from './ctx.ts';
import { parseWholeExpr, type Expr } from './expr.ts';

/** One comma-separated operand with its offset in the operand text. */
export interface Item {
  text: string;
  start: number;
  end: number;
}

/** Split at top-level commas (commas inside [...] stay in their item). */
export function splitItems(text: string): Item[] {
  const out: Item[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 /* [ */) depth++;
    else if (c === 93 /* ] */) depth--;
    else if (c === 44 /* , */ && depth === 0) { out.push(trimmedItem(text, from, i)); from = i + 1; }
  }
  if (out.length > 0 || text.trim() !== '') out.push(trimmedItem(text, from, text.length));
  return out;
}

/** The item text[from, to) without its surrounding blanks. */
function trimmedItem(text: string, from: number, to: number): Item {
  const raw = text.slice(from, to);
  const t = raw.trim();
  const lead = t === '' ? raw.length : raw.indexOf(t[0]);
  return { text: t, start: from + lead, end: from + lead + t.length };
}

export interface Reg {
  n: number;
  is64: boolean;
  /** 31 written as sp/wsp (true) or xzr/wzr (false); undefined for 0..30. */
  sp?: boolean;
}

const REG_ALIASES: Readonly<Record<string, Reg>> = {
  sp: { n: 31, is64: true, sp: true }, wsp: { n: 31, is64: false, sp: true },
  xzr: { n: 31, is64: true, sp: false }, wzr: { n: 31, is64: false, sp: false },
  fp: { n: 29, is64: true }, lr: { n: 30, is64: true }, ip0: { n: 16, is64: true }, ip1: { n: 17, is64: true },
};

const REG_CACHE = new Map<string, Reg | null>();

/** Parse a general-purpose register name (case-insensitive), or undefined. */
export function parseReg(text: string): Reg | undefined {
  const known = REG_CACHE.get(text);
  if (known !== undefined) return known ?? undefined;
  const r = readReg(text);
  // Register-like texts are few; other operand texts are not remembered.
  if (text.length <= 4) REG_CACHE.set(text, r ?? null);
  return r;
}

function readReg(text: string): Reg | undefined {
  const t = text.trim().toLowerCase();
  const a = REG_ALIASES[t];
  if (a) return a;
  const m = /^([wx])([0-9]|[12][0-9]|30)$/.exec(t);
  if (!m) return undefined;
  return { n: Number(m[2]), is64: m[1] === 'x' };
}

/** A relocation modifier such as `:lo12:` or `:abs_g1_nc:` in front of an expression. */
export interface Modified {
  modifier?: string;
  expr: Expr;
  /** Offset of the expression inside the item text. */
  offset: number;
}

export type ImmParse = { ok: true; value: Modified } | { ok: false; message: string };

/** Parse `#expr`, `expr`, `#:mod:expr` (the `#` is optional, as in GNU as). */
export function parseImmText(text: string): ImmParse {
  let offset = 0;
  while (offset < text.length && /\s/.test(text[offset])) offset++;
  if (text[offset] === '#') offset++;
  let modifier: string | undefined;
  if (text[offset] === ':') {
    const m = /^:([a-z0-9_]+):/i.exec(text.slice(offset));
    if (m) { modifier = m[1].toLowerCase(); offset += m[0].length; }
  }
  const e = parseWholeExpr(text.slice(offset).trimEnd());
  if (!e.ok) return { ok: false, message: e.error.message };
  return { ok: true, value: { modifier, expr: shiftExpr(e.value, offset), offset } };
}

/** Move an expression's source offsets by `d` (so errors point into the operand text). */
export function shiftExpr(e: Expr, d: number): Expr {
  switch (e.k) {
    case 'num': case 'sym': return { ...e, start: e.start + d, end: e.end + d };
    case 'un': return { ...e, a: shiftExpr(e.a, d), start: e.start + d, end: e.end + d };
    case 'bin': return { ...e, a: shiftExpr(e.a, d), b: shiftExpr(e.b, d), start: e.start + d, end: e.end + d };
  }
}

/** `lsl #3`, `uxtw`, `sxtw #2`: an operator name and an optional amount text. */
export function parseShiftText(text: string): { op: string; amount?: string } | undefined {
  const m = /^([a-z]+)(?:\s+(.+)|\s*(#.*))?$/i.exec(text.trim());
  if (!m) return undefined;
  return { op: m[1].toLowerCase(), amount: (m[2] ?? m[3])?.trim() };
}

/** A memory operand `[base{, rest...}]{!}`: base text, the inner items after it, writeback. */
export interface MemText {
  base: Item;
  rest: Item[];
  writeback: boolean;
}

export function parseMemText(item: Item): MemText | undefined {
  const t = item.text;
  if (!t.startsWith('[')) return undefined;
  const close = t.lastIndexOf(']');
  if (close < 0) return undefined;
  const after = t.slice(close + 1).trim();
  if (after !== '' && after !== '!') return undefined;
  const inner = splitItems(t.slice(1, close));
  if (inner.length === 0 || inner[0].text === '') return undefined;
  const d = item.start + 1;
  for (const i of inner) { i.start += d; i.end += d; }
  return { base: inner[0], rest: inner.slice(1), writeback: after === '!' };
}

// ---------------------------------------------------------------------------
// Operand kinds (the names used in encodings.ts `ops`): each reads items into fields.

/** A failed operand; `progress` (items read) ranks the candidate forms' errors. */
export class EncodeFailure {
  constructor(readonly message: string, readonly item?: Item, readonly progress = 0) {}
}

export interface ParseState {
  form: Form;
  f: Record<string, number>;
  items: Item[];
  i: number;
  ctx: EncodeCtx;
  fixups: Fixup[];
  /** Register width chosen by the first width-following register. */
  wide?: boolean;
  extra: { negate?: boolean; lsb?: number; tbWide?: boolean };
}

const fail = (message: string, item?: Item): never => {
  throw new EncodeFailure(message, item);
};

function next(st: ParseState): Item {
  const it = st.items[st.i];
  if (!it || it.text === '') fail(st.i === 0 ? 'missing operands' : `missing operand ${st.i + 1}`, it);
  st.i++;
  return it;
}

const peek = (st: ParseState): Item | undefined => st.items[st.i];
const opNo = (st: ParseState): number => st.i;
const dsize = (st: ParseState): number => (st.wide === false ? 32 : 64);

function fixup(st: ParseState, kind: RelocName, expr: Expr, item: Item): void {
  st.fixups.push({ kind, expr: shiftExpr(expr, item.start) });
}

function constOf(st: ParseState, m: Modified, item: Item): bigint {
  if (m.modifier) fail(`relocation modifier :${m.modifier}: not allowed here`, item);
  const r = st.ctx.evalConst(m.expr);
  if (!r.ok) fail(r.error.message, item);
  return (r as { ok: true; value: bigint }).value;
}

function immItem(item: Item): Modified {
  const p = parseImmText(item.text);
  if (!p.ok) fail(`immediate expected: ${p.message}`, item);
  return (p as { ok: true; value: Modified }).value;
}

/** An immediate in [lo, hi]. */
function immRange(st: ParseState, item: Item, lo: number, hi: number, what = 'immediate'): number {
  if (parseReg(item.text)) fail(`operand ${opNo(st)} must be an immediate`, item);
  const v = constOf(st, immItem(item), item);
  if (v < BigInt(lo) || v > BigInt(hi)) fail(`${what} out of range ${lo} to ${hi}`, item);
  return Number(v);
}

function setWidth(st: ParseState, is64: boolean, item: Item): void {
  if (st.wide !== undefined && st.wide !== is64) fail('operand mismatch: registers of different widths', item);
  st.wide = is64;
  const rule = st.form.width;
  if (!rule) return;
  const spec = st.form.fields.find((x) => x.name === rule.field);
  const v = is64 ? rule.x : 1 - rule.x;
  if (!spec) {
    if (v !== 1) fail(`operand ${opNo(st)} must be a 64-bit register`, item);
    return;
  }
  if ((st.form.mask >>> (spec.lo + rule.bit)) & 1) {
    if (((st.form.match >>> (spec.lo + rule.bit)) & 1) !== v) fail('operand mismatch', item);
    return;
  }
  st.f[rule.field] = (st.f[rule.field] & ~(1 << rule.bit)) | (v << rule.bit);
}

const REG_KINDS = new Map<string, string[]>();

function register(st: ParseState, kind: string): void {
  let parts = REG_KINDS.get(kind);
  if (!parts) { parts = kind.split('.'); REG_KINDS.set(kind, parts); }
  const [w, field, sp] = parts;
  const it = next(st);
  const r = parseReg(it.text);
  if (!r) fail(`operand ${opNo(st)} must be an integer register`, it);
  const reg = r as Reg;
  if (reg.n === 31 && reg.sp === true && sp !== 'sp') fail(`operand ${opNo(st)}: stack pointer register not allowed here`, it);
  if (reg.n === 31 && reg.sp === false && sp === 'sp') fail(`operand ${opNo(st)}: zero register not allowed here`, it);
  if (w === 'x' && !reg.is64) fail(`operand ${opNo(st)} must be a 64-bit integer register`, it);
  if (w === 'w' && reg.is64) fail(`operand ${opNo(st)} must be a 32-bit integer register`, it);
  if (w === 'r') setWidth(st, reg.is64, it);
  st.f[field] = reg.n;
}

const SHIFTS = ['lsl', 'lsr', 'asr', 'ror'];
const EXTENDS = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'];

function shiftAmount(st: ParseState, text: string | undefined, item: Item, max: number): number {
  if (text === undefined) fail('shift amount expected', item);
  return immRange(st, { ...item, text: text! }, 0, max, 'shift amount');
}

function aimm(st: ParseState): void {
  const it = next(st);
  if (parseReg(it.text)) fail(`operand ${opNo(st)} must be an immediate`, it);
  const m = immItem(it);
  if (m.modifier) {
    if (m.modifier !== 'lo12') fail(`relocation modifier :${m.modifier}: not allowed here`, it);
    fixup(st, 'ADD_ABS_LO12_NC', m.expr, it);
    st.f.imm12 = 0;
    st.f.sh = 0;
    return;
  }
  let v = constOf(st, m, it);
  let sh = -1;
  const s = peek(st);
  if (s) {
    const p = parseShiftText(s.text);
    if (!p || p.op !== 'lsl') fail('only \'lsl #0\' or \'lsl #12\' allowed here', s);
    const amt = shiftAmount(st, p!.amount, s, 12);
    if (amt !== 0 && amt !== 12) fail('shift amount must be 0 or 12', s);
    sh = amt === 12 ? 1 : 0;
    st.i++;
  }
  if (v < 0n) {
    st.extra.negate = true;
    v = -v;
  }
  if (sh < 0) {
    sh = 0;
    if (v > 4095n && (v & 0xfffn) === 0n && v >> 12n <= 4095n) { sh = 1; v >>= 12n; }
  }
  if (v > 4095n) fail('immediate out of range', it);
  st.f.imm12 = Number(v);
  st.f.sh = sh;
}

function shiftOpt(st: ParseState, allowRor: boolean): void {
  const it = peek(st);
  st.f.shift = 0;
  st.f.imm6 = 0;
  if (!it) return;
  const p = parseShiftText(it.text);
  const idx = p ? SHIFTS.indexOf(p.op) : -1;
  if (idx < 0 || (!allowRor && idx === 3)) fail(`operand ${st.i + 1} must be a shift (lsl, lsr, asr${allowRor ? ', ror' : ''})`, it);
  st.f.shift = idx;
  st.f.imm6 = shiftAmount(st, p!.amount, it, dsize(st) - 1);
  st.i++;
}

function extReg(st: ParseState): void {
  const it = next(st);
  const r = parseReg(it.text);
  if (!r || r.sp) fail(`operand ${opNo(st)} must be an integer register`, it);
  const e = peek(st);
  const lslOption = st.wide === false ? 2 : 3;
  let option = lslOption;
  let amount = 0;
  if (e) {
    const p = parseShiftText(e.text);
    const idx = p ? (p.op === 'lsl' ? lslOption : EXTENDS.indexOf(p.op)) : -1;
    if (idx < 0) fail(`operand ${st.i + 1} must be an extend (uxtb..sxtx or lsl)`, e);
    option = idx;
    if (p!.op === 'lsl' && p!.amount === undefined) fail('shift amount expected', e);
    if (p!.amount !== undefined) amount = shiftAmount(st, p!.amount, e, 4);
    st.i++;
  } else if (!(st.f.Rn === 31 || (st.form.ops[0] === 'r.Rd.sp' && st.f.Rd === 31))) {
    fail('extend operator expected', it);
  }
  const want64 = st.wide !== false && (option & 3) === 3;
  if (r!.is64 !== want64) fail(`operand ${opNo(st)} must be a ${want64 ? '64' : '32'}-bit integer register`, it);
  st.f.Rm = r!.n;
  st.f.option = option;
  st.f.imm3 = amount;
}

/** A value for a `dsize`-bit register: unsigned, or negative that fits as signed. */
function regValue(st: ParseState, item: Item): bigint {
  const v = constOf(st, immItem(item), item);
  const ds = BigInt(dsize(st));
  if (v >= 1n << ds || v < -(1n << (ds - 1n))) fail('immediate out of range', item);
  return BigInt.asUintN(Number(ds), v);
}

function limm(st: ParseState): void {
  const it = next(st);
  if (parseReg(it.text)) fail(`operand ${opNo(st)} must be an immediate`, it);
  const enc = encodeBitMask(regValue(st, it), dsize(st) as 32 | 64);
  if (!enc) fail('immediate out of range: not a bitmask immediate', it);
  Object.assign(st.f, enc);
}

const MOVW: Readonly<Record<string, [RelocName, number]>> = {
  abs_g0: ['MOVW_UABS_G0', 0], abs_g0_nc: ['MOVW_UABS_G0_NC', 0], abs_g1: ['MOVW_UABS_G1', 1],
  abs_g1_nc: ['MOVW_UABS_G1_NC', 1], abs_g2: ['MOVW_UABS_G2', 2], abs_g2_nc: ['MOVW_UABS_G2_NC', 2], abs_g3: ['MOVW_UABS_G3', 3],
};

function hwimm(st: ParseState): void {
  const it = next(st);
  if (parseReg(it.text)) fail(`operand ${opNo(st)} must be an immediate`, it);
  const m = immItem(it);
  if (m.modifier) {
    const r = MOVW[m.modifier];
    if (!r) fail(`relocation modifier :${m.modifier}: not allowed here`, it);
    if (r[1] * 16 >= dsize(st)) fail('relocation group too large for a 32-bit register', it);
    fixup(st, r[0], m.expr, it);
    st.f.imm16 = 0;
    st.f.hw = r[1];
    return;
  }
  const v = constOf(st, m, it);
  if (v < 0n || v > 0xffffn) fail('immediate out of range 0 to 65535', it);
  st.f.imm16 = Number(v);
  st.f.hw = 0;
  const s = peek(st);
  if (!s) return;
  const p = parseShiftText(s.text);
  if (!p || p.op !== 'lsl') fail('only \'lsl #n\' allowed here', s);
  const amt = shiftAmount(st, p!.amount, s, dsize(st) - 16);
  if (amt % 16 !== 0) fail('shift amount must be a multiple of 16', s);
  st.f.hw = amt / 16;
  st.i++;
}

/** MOV alias of MOVZ (invert=false) or MOVN (true): value must be one 16-bit chunk. */
function movWide(st: ParseState, invert: boolean): void {
  const it = next(st);
  if (parseReg(it.text)) fail(`operand ${opNo(st)} must be an immediate`, it);
  const ds = dsize(st);
  let v = regValue(st, it);
  if (invert) v = BigInt.asUintN(ds, ~v);
  for (let hw = 0; hw < ds / 16; hw++) {
    if ((v & ~(0xffffn << BigInt(hw * 16))) === 0n) {
      st.f.hw = hw;
      st.f.imm16 = Number(v >> BigInt(hw * 16));
      if (v === 0n) st.f.hw = 0;
      return;
    }
  }
  fail('immediate cannot be moved by a single instruction', it);
}

function cond(st: ParseState, invert: boolean): void {
  const it = next(st);
  const t = it.text.toLowerCase();
  let c = COND_NAMES.indexOf(t as (typeof COND_NAMES)[number]);
  if (c < 0 && t in COND_SYNONYMS) c = COND_SYNONYMS[t];
  if (c < 0) fail(`operand ${opNo(st)} must be a condition (eq, ne, ...)`, it);
  st.f.cond = invert ? c ^ 1 : c;
}

function branchTarget(st: ParseState, kind: RelocName): void {
  const it = next(st);
  const m = immItem(it);
  if (m.modifier && !(kind === 'ADR_PREL_PG_HI21' && m.modifier === 'pg_hi21')) {
    fail(`relocation modifier :${m.modifier}: not allowed here`, it);
  }
  fixup(st, kind, m.expr, it);
}

function literal(st: ParseState): void {
  const it = st.items[st.i];
  if (it && it.text.startsWith('=')) {
    st.i++;
    const e = parseWholeExpr(it.text.slice(1).trim());
    if (!e.ok) fail(e.error.message, it);
    const expr = shiftExpr((e as { ok: true; value: Expr }).value, it.text.length - it.text.slice(1).trimStart().length);
    const slot = st.ctx.literal(expr, st.form.id === 'LDR_lit' && st.wide !== false ? 8 : 4);
    st.fixups.push({ kind: 'LD_PREL_LO19', expr: slot });
    return;
  }
  branchTarget(st, 'LD_PREL_LO19');
}

function baseReg(st: ParseState, item: Item): void {
  const r = parseReg(item.text);
  if (!r || !r.is64 || r.sp === false) fail('base register must be a 64-bit register or sp', item);
  st.f.Rn = r!.n;
}

function mem(st: ParseState, want: 'plain' | 'pre' | 'post'): MemText & { item: Item } {
  const it = next(st);
  const m = parseMemText(it);
  if (!m) fail(`operand ${opNo(st)} must be a memory address [...]`, it);
  if (m!.writeback !== (want === 'pre')) fail(want === 'pre' ? 'pre-index needs ! ' : 'unexpected ! (writeback)', it);
  if (want === 'post' && m!.rest.length) fail('post-index address takes no offset inside [...]', it);
  baseReg(st, m!.base);
  return { ...m!, item: it };
}

function offsetImm(item: Item | undefined): Modified | undefined {
  if (!item) return undefined;
  if (parseReg(item.text)) fail('immediate offset expected', item);
  return immItem(item);
}

const LO12: readonly RelocName[] = ['LDST8_ABS_LO12_NC', 'LDST16_ABS_LO12_NC', 'LDST32_ABS_LO12_NC', 'LDST64_ABS_LO12_NC'];

function memUimm(st: ParseState): void {
  const m = mem(st, 'plain');
  if (m.rest.length > 1) fail('bad memory operand', m.item);
  const scale = st.form.scale!(st.f);
  const off = offsetImm(m.rest[0]);
  st.f.imm12 = 0;
  if (!off) return;
  if (off.modifier === 'lo12') { fixup(st, LO12[scale], off.expr, m.rest[0]); return; }
  const v = constOf(st, off, m.rest[0]);
  const step = BigInt(1 << scale);
  if (v < 0n || v % step !== 0n || v / step > 4095n) fail(`offset must be a multiple of ${step} in 0 to ${4095n * step}`, m.rest[0]);
  st.f.imm12 = Number(v / step);
}

function simm(st: ParseState, item: Item | undefined, bits: number, scale: number, field: string): void {
  let v = 0n;
  const off = offsetImm(item);
  if (off) v = constOf(st, off, item!);
  const step = BigInt(1 << scale);
  const lo = -(1n << BigInt(bits - 1)) * step;
  const hi = ((1n << BigInt(bits - 1)) - 1n) * step;
  if (v % step !== 0n || v < lo || v > hi) fail(`offset must be ${step > 1n ? `a multiple of ${step} ` : ''}in ${lo} to ${hi}`, item);
  st.f[field] = Number(BigInt.asUintN(bits, v / step));
}

function memSimm9(st: ParseState, want: 'plain' | 'pre' | 'post'): void {
  const m = mem(st, want);
  if (m.rest.length > 1) fail('bad memory operand', m.item);
  if (want === 'post') return simm(st, next(st), 9, 0, 'imm9');
  if (want === 'pre' && !m.rest[0]) fail('pre-index needs an offset', m.item);
  simm(st, m.rest[0], 9, 0, 'imm9');
}

function memPair(st: ParseState, want: 'plain' | 'pre' | 'post'): void {
  const m = mem(st, want);
  if (m.rest.length > 1) fail('bad memory operand', m.item);
  const scale = st.form.scale!(st.f);
  if (want === 'post') return simm(st, next(st), 7, scale, 'imm7');
  if (want === 'pre' && !m.rest[0]) fail('pre-index needs an offset', m.item);
  simm(st, m.rest[0], 7, scale, 'imm7');
}

function memReg(st: ParseState): void {
  const m = mem(st, 'plain');
  const rm = m.rest[0] ? parseReg(m.rest[0].text) : undefined;
  if (!rm || rm.sp) fail('index register expected', m.rest[0] ?? m.item);
  if (m.rest.length > 2) fail('bad memory operand', m.item);
  const scale = st.form.scale!(st.f);
  let option = 3;
  let S = 0;
  const e = m.rest[1];
  if (e) {
    const p = parseShiftText(e.text);
    const idx = p ? (p.op === 'lsl' ? 3 : EXTENDS.indexOf(p.op)) : -1;
    if (idx < 0 || (idx & 2) === 0) fail('extend must be lsl, uxtw, sxtw or sxtx', e);
    option = idx;
    if (p!.op === 'lsl' && p!.amount === undefined) fail('shift amount expected', e);
    if (p!.amount !== undefined) {
      const amt = shiftAmount(st, p!.amount, e, 4);
      if (amt !== 0 && amt !== scale) fail(`shift amount must be 0 or ${scale}`, e);
      S = amt === scale && (scale !== 0 || p!.amount !== undefined) ? 1 : 0;
    }
  }
  if (rm!.is64 !== ((option & 1) === 1)) fail(`index register must be ${(option & 1) ? 'x' : 'w'}n for this extend`, m.rest[0]);
  st.f.Rm = rm!.n;
  st.f.option = option;
  st.f.S = S;
}

function memBase(st: ParseState): void {
  const m = mem(st, 'plain');
  if (m.rest.length > 1) fail('bad memory operand', m.item);
  const off = offsetImm(m.rest[0]);
  if (off && constOf(st, off, m.rest[0]) !== 0n) fail('only offset 0 allowed here', m.rest[0]);
}

function named(st: ParseState, names: readonly (string | undefined)[], max: number, field: string, what: string): void {
  const it = next(st);
  const idx = names.indexOf(it.text.toLowerCase());
  if (idx >= 0) { st.f[field] = idx; return; }
  if (!/^#|^[0-9]/.test(it.text.trim())) fail(`operand ${opNo(st)} must be ${what}`, it);
  st.f[field] = immRange(st, it, 0, max);
}

function sysreg(st: ParseState): void {
  const it = next(st);
  const t = it.text.toLowerCase();
  const r = SYSREGS.find((s) => s.name === t);
  const g = /^s([23])_([0-7])_c([0-9]|1[0-5])_c([0-9]|1[0-5])_([0-7])$/.exec(t);
  if (!r && !g) fail(`operand ${opNo(st)} must be a system register`, it);
  const v = r ?? { op0: Number(g![1]), op1: Number(g![2]), CRn: Number(g![3]), CRm: Number(g![4]), op2: Number(g![5]) };
  Object.assign(st.f, { o0: v.op0 - 2, op1: v.op1, CRn: v.CRn, CRm: v.CRm, op2: v.op2 });
}

function bitfield(st: ParseState, kind: string): void {
  const it = next(st);
  const ds = dsize(st);
  if (kind === 'bfiz_width' || kind === 'bfx_width') {
    const lsb = st.extra.lsb ?? 0;
    const w = immRange(st, it, 1, ds - lsb, 'width');
    st.f.immr = kind === 'bfiz_width' ? (ds - lsb) % ds : lsb;
    st.f.imms = kind === 'bfiz_width' ? w - 1 : lsb + w - 1;
    return;
  }
  const n = immRange(st, it, 0, ds - 1, 'shift amount');
  if (kind === 'bfiz_lsb' || kind === 'bfx_lsb') st.extra.lsb = n;
  else if (kind === 'shr_amt') { st.f.immr = n; st.f.imms = ds - 1; }
  else if (kind === 'lsl_amt') { st.f.immr = (ds - n) % ds; st.f.imms = ds - 1 - n; }
  else st.f[kind] = n;
}

function tbReg(st: ParseState): void {
  const it = next(st);
  const r = parseReg(it.text);
  if (!r || r.sp) fail(`operand ${opNo(st)} must be an integer register`, it);
  st.extra.tbWide = r!.is64;
  st.f.Rt = r!.n;
}

function tbBit(st: ParseState): void {
  const it = next(st);
  const n = immRange(st, it, 0, st.extra.tbWide ? 63 : 31, 'bit number');
  st.f.b5 = n >> 5;
  st.f.b40 = n & 31;
}

function optional(st: ParseState, fn: () => void): boolean {
  if (!peek(st)) return false;
  fn();
  return true;
}

const KINDS: Record<string, (st: ParseState) => void> = {
  aimm, limm, hwimm,
  ashift: (st) => shiftOpt(st, false),
  lshift: (st) => shiftOpt(st, true),
  extreg: extReg,
  movz_val: (st) => movWide(st, false),
  movn_val: (st) => movWide(st, true),
  cond: (st) => cond(st, false),
  invcond: (st) => cond(st, true),
  nzcv: (st) => { st.f.nzcv = immRange(st, next(st), 0, 15); },
  ccimm: (st) => { st.f.imm5 = immRange(st, next(st), 0, 31); },
  rel26: (st) => branchTarget(st, st.form.id === 'BL' ? 'CALL26' : 'JUMP26'),
  rel19: (st) => branchTarget(st, 'CONDBR19'),
  rel14: (st) => branchTarget(st, 'TSTBR14'),
  adr: (st) => branchTarget(st, 'ADR_PREL_LO21'),
  adrp: (st) => branchTarget(st, 'ADR_PREL_PG_HI21'),
  lit19: literal,
  tbreg: tbReg,
  tbbit: tbBit,
  mem_uimm: memUimm,
  mem_simm9: (st) => memSimm9(st, 'plain'),
  mem_pre9: (st) => memSimm9(st, 'pre'),
  mem_post9: (st) => memSimm9(st, 'post'),
  mem_reg: memReg,
  mem_pair: (st) => memPair(st, 'plain'),
  mem_pair_pre: (st) => memPair(st, 'pre'),
  mem_pair_post: (st) => memPair(st, 'post'),
  mem_base: memBase,
  prfop: (st) => named(st, PRFOP_NAMES, 31, 'Rt', 'a prefetch operation'),
  barrier: (st) => named(st, BARRIER_NAMES, 15, 'CRm', 'a barrier option'),
  imm16: (st) => { st.f.imm16 = immRange(st, next(st), 0, 0xffff); },
  udf16: (st) => { st.f.imm16 = immRange(st, next(st), 0, 0xffff); },
  hintimm: (st) => {
    const v = immRange(st, next(st), 0, 127);
    st.f.CRm = v >> 3;
    st.f.op2 = v & 7;
  },
  crmopt: (st) => { if (!optional(st, () => { st.f.CRm = immRange(st, next(st), 0, 15); })) st.f.CRm = 15; },
  sysreg,
  retreg: (st) => { if (!optional(st, () => register(st, 'x.Rn'))) st.f.Rn = 30; },
};
for (const k of ['immr', 'imms', 'shr_amt', 'lsl_amt', 'bfiz_lsb', 'bfiz_width', 'bfx_lsb', 'bfx_width']) {
  KINDS[k] = (st) => bitfield(st, k);
}

/** Read the operand(s) of one kind from the items at st.i into st.f. */
export function parseKind(kind: string, st: ParseState): void {
  const k0 = kind[0];
  if (kind[1] === '.' && (k0 === 'r' || k0 === 'w' || k0 === 'x')) return register(st, kind);
  if (kind.startsWith('lit:')) {
    const it = next(st);
    if (it.text.toLowerCase() !== kind.slice(4)) fail(`operand ${opNo(st)} must be ${kind.slice(4)}`, it);
    return;
  }
  const k = KINDS[kind];
  if (!k) throw new Error(`asm: no parser for operand kind '${kind}'`);
  k(st);
}

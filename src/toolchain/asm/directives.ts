// Assembler directives (GNU as manual "Assembler Directives" and the AArch64
// "Machine Directives"): sections, symbol attributes, data, strings, alignment,
// space, assignments, literal pools, line info. Layer: toolchain/asm.
// Each handler reads the statement's operand text and acts on the Assembly.

import { skipChar, type Statement } from './lexer.ts';
import type { Assembly } from './assembler.ts';
import { evalConst, parseExpr, readEscape, resolveExpr, type Expr } from './expr.ts';
import { SHF, SHT, type SymType } from '../elf/object.ts';
import type { RelocName } from '../elf/reloc.ts';

type Handler = (a: Assembly, s: Statement) => void;

/** Split operand text at top-level commas (outside strings and parentheses). */
export function splitArgs(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  if (text.trim() === '') return out;
  let depth = 0;
  let start = 0;
  const push = (end: number): void => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    out.push({ text: raw.trim(), start: start + lead });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (c === "'") i = skipChar(text, i) - 1;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      push(i);
      start = i + 1;
    }
  }
  push(text.length);
  return out;
}

/** Parse one argument as an expression; reports and returns undefined on error. */
function argExpr(a: Assembly, s: Statement, arg: { text: string; start: number }): Expr | undefined {
  const col = s.argsColumn + arg.start;
  if (arg.text === '') {
    a.error('missing expression', col);
    return undefined;
  }
  const r = parseExpr(arg.text, 0);
  if (!r.ok) {
    a.exprError(r.error, col);
    return undefined;
  }
  if (r.value.end < arg.text.length) {
    a.error(`junk at end of expression: '${arg.text.slice(r.value.end)}'`, col + r.value.end, col + arg.text.length - 1);
    return undefined;
  }
  return shift(a.bind(r.value.expr), arg.start);
}

/** Move expression offsets so they are relative to the statement's operand text. */
function shift(e: Expr, by: number): Expr {
  const m = { start: e.start + by, end: e.end + by };
  switch (e.k) {
    case 'num': case 'sym': return { ...e, ...m };
    case 'un': return { ...e, ...m, a: shift(e.a, by) };
    case 'bin': return { ...e, ...m, a: shift(e.a, by), b: shift(e.b, by) };
  }
}

/** Evaluate an argument that must be a constant (errors reported; pass 1 reads 0). */
function constArg(a: Assembly, s: Statement, arg: { text: string; start: number } | undefined, dflt?: bigint): bigint | undefined {
  if (!arg || arg.text === '') {
    if (dflt === undefined) a.error('missing expression', s.argsColumn + (arg?.start ?? s.args.length));
    return dflt;
  }
  const e = argExpr(a, s, arg);
  if (!e) return undefined;
  const v = evalConst(e, a);
  if (v.ok) return v.value;
  if (a.final) a.exprError(v.error, s.argsColumn);
  return a.final ? undefined : 0n;
}

// --- data ----------------------------------------------------------------------

const DATA_RELOC: Record<number, RelocName | undefined> = { 1: undefined, 2: 'ABS16', 4: 'ABS32', 8: 'ABS64' };

function data(size: 1 | 2 | 4 | 8): Handler {
  return (a, s) => {
    for (const arg of splitArgs(s.args)) {
      const e = argExpr(a, s, arg);
      const at = a.emitBytes(new Uint8Array(size));
      if (!e || !a.final) continue;
      a.dot = at;
      dataItem(a, s, e, at, size, arg.start);
      a.dot = undefined;
    }
  };
}

function dataItem(a: Assembly, s: Statement, e: Expr, at: number, size: 1 | 2 | 4 | 8, argStart: number): void {
  const v = evalConst(e, a);
  if (v.ok) return writeTruncated(a, s, at, size, v.value, s.argsColumn + argStart);
  const kind = DATA_RELOC[size];
  const src = a.srcAt(s.argsColumn + e.start, s.argsColumn + e.end - 1);
  if (!kind) a.error('cannot represent a relocation in a 1-byte field', src.column, src.endColumn);
  else a.fixup(at, kind, e, src, true);
}

function writeTruncated(a: Assembly, s: Statement, at: number, size: number, v: bigint, col: number): void {
  const bitsN = BigInt(size * 8);
  const t = BigInt.asUintN(Number(bitsN), v);
  if (size < 8 && (v >= 1n << bitsN || v < -(1n << (bitsN - 1n)))) {
    const hex = (x: bigint): string => '0x' + BigInt.asUintN(64, x).toString(16);
    a.error(`value ${hex(v)} truncated to ${hex(t)}`, col, undefined, 'warning');
  }
  const sec = a.current;
  if (sec.nobits) {
    if (t !== 0n) a.error(`attempt to store non-zero value in section \`${sec.name}'`, s.opColumn);
    return;
  }
  for (let i = 0; i < size; i++) sec.bytes[at + i] = Number((t >> BigInt(8 * i)) & 0xffn);
}

/** Parse a string literal at `text[p]` (a quote) into bytes. */
function parseString(text: string, p: number): { bytes: number[]; next: number } | undefined {
  if (text[p] !== '"') return undefined;
  const bytes: number[] = [];
  let i = p + 1;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\') {
      const esc = readEscape(text, i);
      bytes.push(esc.code);
      i = esc.next;
    } else {
      const cp = text.codePointAt(i)!;
      bytes.push(...new TextEncoder().encode(String.fromCodePoint(cp)));
      i += cp > 0xffff ? 2 : 1;
    }
  }
  if (text[i] !== '"') return undefined;
  return { bytes, next: i + 1 };
}

function strings(zero: boolean): Handler {
  return (a, s) => {
    for (const arg of splitArgs(s.args)) {
      const col = s.argsColumn + arg.start;
      const r = parseString(arg.text, 0);
      if (!r) {
        // An unterminated string was already reported by the lexer.
        if (!arg.text.startsWith('"')) a.error('expected a string', col, col + Math.max(arg.text.length, 1) - 1);
        continue;
      }
      if (r.next < arg.text.length) a.error(`junk after string: '${arg.text.slice(r.next)}'`, col + r.next);
      a.emitBytes(zero ? [...r.bytes, 0] : r.bytes);
    }
  };
}

// --- alignment and space -------------------------------------------------------

function align(kind: 'p2' | 'bytes'): Handler {
  return (a, s) => {
    const args = splitArgs(s.args);
    const n = constArg(a, s, args[0]);
    if (n === undefined) return;
    const fill = args[1] && args[1].text !== '' ? constArg(a, s, args[1]) : undefined;
    const max = args[2] && args[2].text !== '' ? constArg(a, s, args[2]) : undefined;
    let p2: number;
    if (kind === 'p2') p2 = Number(n);
    else {
      if (n <= 0n || (n & (n - 1n)) !== 0n) return a.error('alignment not a power of 2', s.argsColumn);
      p2 = n.toString(2).length - 1;
    }
    if (p2 < 0 || p2 > 16) return a.error(`alignment too large: ${n}`, s.argsColumn);
    a.alignTo(p2, fill === undefined ? undefined : Number(BigInt.asUintN(8, fill)), max === undefined ? undefined : Number(max));
  };
}

function space(a: Assembly, s: Statement): void {
  const args = splitArgs(s.args);
  const n = constArg(a, s, args[0]);
  const fill = constArg(a, s, args[1], 0n);
  if (n === undefined || fill === undefined) return;
  if (n < 0n || n > 1n << 28n) return a.error(`bad size for ${s.op}: ${n}`, s.argsColumn);
  a.emitFill(Number(n), Number(BigInt.asUintN(8, fill)));
}

function fill(a: Assembly, s: Statement): void {
  const args = splitArgs(s.args);
  const rep = constArg(a, s, args[0]);
  const size = constArg(a, s, args[1], 1n);
  const value = constArg(a, s, args[2], 0n);
  if (rep === undefined || size === undefined || value === undefined) return;
  if (rep < 0n || rep > 1n << 24n) return a.error(`bad repeat count for .fill: ${rep}`, s.argsColumn);
  const sz = Number(size > 8n ? 8n : size < 0n ? 0n : size);
  // GNU as: the value is a 4-byte number; bytes above the fourth are zero.
  const v32 = Number(BigInt.asUintN(32, value));
  const one = Array.from({ length: sz }, (_, i) => (i < 4 ? (v32 >>> (8 * i)) & 0xff : 0));
  for (let i = 0n; i < rep; i++) a.emitBytes(one);
}

// --- symbols -----------------------------------------------------------------

function nameArgs(a: Assembly, s: Statement): { name: string; column: number }[] {
  const out: { name: string; column: number }[] = [];
  for (const arg of splitArgs(s.args)) {
    const col = s.argsColumn + arg.start;
    if (!/^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(arg.text)) a.error(`expected a symbol name, got '${arg.text}'`, col);
    else out.push({ name: arg.text, column: col });
  }
  return out;
}

function binding(bind: 'global' | 'weak' | 'local'): Handler {
  return (a, s) => {
    for (const n of nameArgs(a, s)) a.attr(n.name).bind = bind;
  };
}

function hidden(a: Assembly, s: Statement): void {
  for (const n of nameArgs(a, s)) a.attr(n.name).hidden = true;
}

const TYPES: Record<string, SymType> = {
  function: 'func', stt_func: 'func', object: 'object', stt_object: 'object', notype: 'notype', stt_notype: 'notype',
  tls_object: 'object', gnu_indirect_function: 'func', common: 'object',
};

function type(a: Assembly, s: Statement): void {
  const args = splitArgs(s.args);
  if (args.length !== 2) return a.error('expected .type <symbol>, <type>', s.argsColumn);
  const t = TYPES[args[1].text.replace(/^[@%#]/, '').replace(/^"|"$/g, '').toLowerCase()];
  if (!t) return a.error(`unrecognized symbol type "${args[1].text}"`, s.argsColumn + args[1].start);
  a.attr(args[0].text).type = t;
}

function size(a: Assembly, s: Statement): void {
  const args = splitArgs(s.args);
  if (args.length !== 2) return a.error('expected .size <symbol>, <expression>', s.argsColumn);
  const v = constArg(a, s, args[1]);
  if (v !== undefined) a.attr(args[0].text).size = v;
}

function set(a: Assembly, s: Statement): void {
  const args = splitArgs(s.args);
  if (args.length !== 2 || !/^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(args[0].text)) {
    return a.error(`expected ${s.op === '=' ? '<symbol> = <expression>' : `${s.op} <symbol>, <expression>`}`, s.argsColumn);
  }
  const e = argExpr(a, s, args[1]);
  if (!e) return;
  const src = a.srcAt(s.argsColumn + args[0].start, s.argsColumn + args[0].start + args[0].text.length - 1);
  const r = resolveExpr(e, a);
  if (!r.ok) return a.exprError(r.error, s.argsColumn);
  const v = r.value;
  const redefinable = s.op !== '.equiv';
  if (v.kind === 'abs') return a.define(args[0].text, { kind: 'abs', section: '*ABS*', value: v.value, src }, redefinable);
  const target = a.lookup(v.name);
  if (target.kind === 'label' && v.minusSection === undefined) {
    // A label plus a constant: an alias at that location.
    return a.define(args[0].text, { kind: 'label', section: target.section, value: target.offset + v.addend, src }, redefinable);
  }
  a.error(`cannot assign \`${args[0].text}': expression must be a constant or a label plus a constant`, s.argsColumn + args[1].start);
}

function comm(local: boolean): Handler {
  return (a, s) => {
    const args = splitArgs(s.args);
    const name = args[0]?.text ?? '';
    if (!/^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(name)) return a.error('expected a symbol name', s.argsColumn);
    const size = constArg(a, s, args[1]);
    const al = constArg(a, s, args[2], local ? 1n : 8n);
    if (size === undefined || al === undefined) return;
    const src = a.srcAt(s.argsColumn, s.argsColumn + name.length - 1);
    if (!local) {
      a.attr(name).common = { size, align: al < 1n ? 1n : al, src };
      a.attr(name).bind ??= 'global';
      return;
    }
    const back = a.current;
    const bss = a.switchSection('.bss');
    const p2 = al > 1n ? al.toString(2).length - 1 : 0;
    a.alignTo(p2, 0);
    a.define(name, { kind: 'label', section: '.bss', value: BigInt(bss.size), src }, false);
    a.emitBytes(new Uint8Array(Number(size)));
    a.current = back;
  };
}

// --- sections ------------------------------------------------------------------

function section(a: Assembly, s: Statement): void {
  const args = splitArgs(s.args);
  const name = (args[0]?.text ?? '').replace(/^"|"$/g, '');
  if (!name) return a.error('expected a section name', s.argsColumn);
  let flags: number | undefined;
  let type: number | undefined;
  if (args[1]) {
    const f = /^"([A-Za-z?]*)"$/.exec(args[1].text);
    if (!f) return a.error(`bad section flags ${args[1].text}`, s.argsColumn + args[1].start);
    flags = 0;
    for (const c of f[1]) {
      if (c === 'a') flags |= SHF.ALLOC;
      else if (c === 'w') flags |= SHF.WRITE;
      else if (c === 'x') flags |= SHF.EXECINSTR;
      else if (c === 'M') flags |= SHF.MERGE;
      else if (c === 'S') flags |= SHF.STRINGS;
      else if (c !== 'G' && c !== 'T' && c !== 'o' && c !== 'R' && c !== '?') return a.error(`unknown section flag '${c}'`, s.argsColumn + args[1].start);
    }
  }
  if (args[2]) {
    const t = args[2].text.replace(/^[@%]/, '');
    type = t === 'nobits' ? SHT.NOBITS : t === 'progbits' ? SHT.PROGBITS : t === 'note' ? SHT.NOTE
      : t === 'init_array' ? SHT.INIT_ARRAY : t === 'fini_array' ? SHT.FINI_ARRAY : undefined;
    if (type === undefined) return a.error(`unknown section type ${args[2].text}`, s.argsColumn + args[2].start);
  }
  const known = a.sections.get(name);
  const sec = a.switchSection(name, type, flags);
  if (!known && flags !== undefined && type === undefined && name.startsWith('.bss')) sec.type = SHT.NOBITS;
}

function named(name: string): Handler {
  return (a) => { a.switchSection(name); };
}

function pushSection(a: Assembly, s: Statement): void {
  a.sectionStack.push(a.current);
  section(a, s);
}

function popSection(a: Assembly, s: Statement): void {
  const back = a.sectionStack.pop();
  if (!back) return a.error('.popsection without .pushsection', s.opColumn);
  a.switchSection(back.name);
}

function previous(a: Assembly, s: Statement): void {
  if (!a.previous) return a.error('.previous without a previous section', s.opColumn);
  a.switchSection(a.previous.name);
}

// --- line info ---------------------------------------------------------------

function file(a: Assembly, s: Statement): void {
  const m = /^([0-9]+)\s+"((?:[^"\\]|\\.)*)"/.exec(s.args);
  if (m) a.fileNames.set(Number(m[1]), m[2]);
}

function loc(a: Assembly, s: Statement): void {
  const m = /^([0-9]+)\s+([0-9]+)(?:\s+([0-9]+))?/.exec(s.args);
  if (!m) return a.error('expected .loc <file> <line> [<column>]', s.argsColumn);
  const f = a.fileNames.get(Number(m[1])) ?? a.file;
  a.loc = { file: f, line: Number(m[2]), column: m[3] ? Math.max(1, Number(m[3])) : 1 };
}

function inst(a: Assembly, s: Statement): void {
  for (const arg of splitArgs(s.args)) {
    const v = constArg(a, s, arg);
    const at = a.current.size;
    a.current.lines.push({ offset: at, ...(a.loc ?? { file: a.file, line: s.line, column: s.opColumn }) });
    a.emitWord(Number(BigInt.asUintN(32, v ?? 0n)));
  }
}

const ignore: Handler = () => {};

const TABLE: Record<string, Handler> = {
  '.byte': data(1), '.hword': data(2), '.short': data(2), '.2byte': data(2), '.half': data(2),
  '.word': data(4), '.long': data(4), '.int': data(4), '.4byte': data(4),
  '.quad': data(8), '.8byte': data(8), '.xword': data(8), '.dword': data(8),
  '.ascii': strings(false), '.asciz': strings(true), '.string': strings(true),
  '.align': align('p2'), '.p2align': align('p2'), '.balign': align('bytes'),
  '.space': space, '.skip': space, '.zero': space, '.fill': fill,
  '.global': binding('global'), '.globl': binding('global'), '.weak': binding('weak'), '.local': binding('local'),
  '.hidden': hidden, '.internal': hidden, '.protected': ignore, '.type': type, '.size': size,
  '.equ': set, '.set': set, '.equiv': set, '=': set,
  '.comm': comm(false), '.lcomm': comm(true),
  '.text': named('.text'), '.data': named('.data'), '.bss': named('.bss'), '.rodata': named('.rodata'),
  '.section': section, '.pushsection': pushSection, '.popsection': popSection, '.previous': previous,
  '.ltorg': (a) => a.flushPool(), '.pool': (a) => a.flushPool(),
  '.file': file, '.loc': loc, '.ident': ignore, '.arch': ignore, '.cpu': ignore, '.arch_extension': ignore,
  '.inst': inst, '.end': (a) => { a.ended = true; },
};

/** Run one directive statement (op starts with '.', or is '='). */
export function runDirective(a: Assembly, s: Statement): void {
  const h = TABLE[s.op];
  if (h) return h(a, s);
  if (s.op.startsWith('.cfi_') || s.op === '.loc_mark_labels' || s.op === '.variant_pcs') return;
  a.error(`unknown pseudo-op: \`${s.op}'`, s.opColumn, s.opColumn + s.op.length - 1);
}

/** Every directive the assembler accepts (for docs and the editor's completion). */
export const DIRECTIVES: readonly string[] = Object.keys(TABLE).filter((d) => d !== '=');

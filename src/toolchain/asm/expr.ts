// Assembler expressions: parse and evaluate GNU as expressions (AArch64 target).
// Layer: toolchain/asm. Used by the directive handlers and by the instruction
// encoder (encode.ts) for immediates and symbolic operands. Follows the GNU as
// manual, "Expressions": integers (dec, 0x, 0b, 0 octal, 'c), symbols, `.`, local
// label references (1b / 1f), unary - ~ ! +, and as's four precedence levels.

import { err, ok, type Result } from '../../shared/result.ts';

/** Expression tree. `start`/`end` are offsets into the text that was parsed. */
export type Expr =
  | { k: 'num'; v: bigint; start: number; end: number }
  | { k: 'sym'; name: string; start: number; end: number }
  | { k: 'un'; op: string; a: Expr; start: number; end: number }
  | { k: 'bin'; op: string; a: Expr; b: Expr; start: number; end: number };

export interface ExprError {
  message: string;
  /** Offset into the parsed text where the problem is. */
  pos: number;
  end?: number;
}

export interface ParsedExpr {
  expr: Expr;
  /** Offset just past the expression (trailing blanks skipped). */
  end: number;
}

const SYM_START = /[A-Za-z_.$]/;
const SYM_CHAR = /[A-Za-z0-9_.$]/;

// GNU as precedence: 1 = * / % << >>, 2 = | & ^ !, 3 = + - == != <> < > <= >=, 4 = && ||.
const BINARY: ReadonlyArray<readonly string[]> = [
  ['&&', '||'],
  ['==', '!=', '<>', '<=', '>=', '+', '-', '<', '>'],
  ['|', '&', '^'],
  ['<<', '>>', '*', '/', '%'],
];

class Parser {
  pos: number;
  constructor(readonly text: string, start: number) {
    this.pos = start;
  }

  blank(): void {
    while (this.pos < this.text.length && (this.text[this.pos] === ' ' || this.text[this.pos] === '\t')) this.pos++;
  }

  fail(message: string, pos = this.pos, end?: number): never {
    throw new ExprFailure({ message, pos, end });
  }

  peekOp(level: number): string | undefined {
    this.blank();
    for (const op of BINARY[level]) {
      if (!this.text.startsWith(op, this.pos)) continue;
      // Do not read `<<` as `<`, nor `||` as `|`, nor `&&` as `&`.
      const longer = ['<<', '>>', '<=', '>=', '<>', '==', '!=', '&&', '||'];
      if (op.length === 1 && longer.some((l) => l !== op && this.text.startsWith(l, this.pos))) continue;
      return op;
    }
    return undefined;
  }

  binary(level: number): Expr {
    if (level >= BINARY.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = this.peekOp(level);
      if (op === undefined) return left;
      this.pos += op.length;
      const right = this.binary(level + 1);
      left = { k: 'bin', op, a: left, b: right, start: left.start, end: right.end };
    }
  }

  unary(): Expr {
    this.blank();
    const c = this.text[this.pos];
    if (c === '-' || c === '~' || c === '!' || c === '+') {
      const start = this.pos++;
      const a = this.unary();
      return { k: 'un', op: c, a, start, end: a.end };
    }
    return this.primary();
  }

  primary(): Expr {
    this.blank();
    const start = this.pos;
    const c = this.text[start];
    if (c === undefined) this.fail('expected an expression');
    if (c === '(') {
      this.pos++;
      const inner = this.binary(0);
      this.blank();
      if (this.text[this.pos] !== ')') this.fail("missing ')'", start);
      this.pos++;
      return { ...inner, start, end: this.pos };
    }
    if (c === "'") return this.charConst(start);
    if (c >= '0' && c <= '9') return this.number(start);
    if (SYM_START.test(c)) {
      while (this.pos < this.text.length && SYM_CHAR.test(this.text[this.pos])) this.pos++;
      return { k: 'sym', name: this.text.slice(start, this.pos), start, end: this.pos };
    }
    if (c === '"') {
      // GNU as allows quoted symbol names.
      const close = this.text.indexOf('"', start + 1);
      if (close < 0) this.fail('unterminated quoted symbol name');
      this.pos = close + 1;
      return { k: 'sym', name: this.text.slice(start + 1, close), start, end: this.pos };
    }
    this.fail(`unexpected character '${c}' in expression`);
  }

  charConst(start: number): Expr {
    let p = start + 1;
    let v: number;
    if (p >= this.text.length) this.fail('missing character after quote', start);
    if (this.text[p] === '\\') {
      const esc = readEscape(this.text, p);
      v = esc.code;
      p = esc.next;
    } else {
      v = this.text.charCodeAt(p);
      p++;
    }
    if (this.text[p] === "'") p++;
    this.pos = p;
    return { k: 'num', v: BigInt(v), start, end: p };
  }

  number(start: number): Expr {
    const rest = this.text.slice(start);
    const local = /^([0-9]+)([bf])(?![A-Za-z0-9_.$])/.exec(rest);
    // `0b101` is binary; `1b`/`2f` refer to local labels.
    if (local && !(local[1] === '0' && local[2] === 'b' && /^0b[01]/.test(rest))) {
      this.pos = start + local[0].length;
      return { k: 'sym', name: local[0], start, end: this.pos };
    }
    const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)/.exec(rest);
    if (!m) this.fail('bad number', start);
    const tok = m[0];
    this.pos = start + tok.length;
    if (this.pos < this.text.length && SYM_CHAR.test(this.text[this.pos])) {
      this.fail(`bad number '${rest.split(/[^A-Za-z0-9_.$]/)[0]}'`, start);
    }
    let v: bigint;
    if (/^0[xXbB]/.test(tok)) v = BigInt(tok.toLowerCase());
    else if (tok.length > 1 && tok[0] === '0') v = BigInt('0o' + tok.slice(1));
    else v = BigInt(tok);
    return { k: 'num', v, start, end: this.pos };
  }
}

class ExprFailure extends Error {
  constructor(readonly info: ExprError) {
    super(info.message);
  }
}

/** Read one backslash escape starting at `p` (which holds the backslash). */
export function readEscape(text: string, p: number): { code: number; next: number } {
  const c = text[p + 1];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, e: 27, '\\': 92, '"': 34, "'": 39 };
  if (c === undefined) return { code: 92, next: p + 1 };
  if (c in simple) return { code: simple[c], next: p + 2 };
  if (c === 'x' || c === 'X') {
    let q = p + 2;
    let v = 0;
    while (q < text.length && /[0-9a-fA-F]/.test(text[q])) v = (v * 16 + parseInt(text[q++], 16)) & 0xff;
    return { code: v, next: q };
  }
  if (c >= '0' && c <= '7') {
    let q = p + 1;
    let v = 0;
    while (q < text.length && q < p + 4 && text[q] >= '0' && text[q] <= '7') v = v * 8 + (text.charCodeAt(q++) - 48);
    return { code: v & 0xff, next: q };
  }
  return { code: text.charCodeAt(p + 1), next: p + 2 };
}

/**
 * Parse one expression from `text` starting at `start`. Stops at the first
 * character that cannot continue the expression (a comma, `]`, end of text...).
 */
export function parseExpr(text: string, start = 0): Result<ParsedExpr, ExprError> {
  const p = new Parser(text, start);
  try {
    const expr = p.binary(0);
    p.blank();
    return ok({ expr, end: p.pos });
  } catch (e) {
    if (e instanceof ExprFailure) return err(e.info);
    throw e;
  }
}

/** Parse `text` as exactly one expression (trailing junk is an error). */
export function parseWholeExpr(text: string): Result<Expr, ExprError> {
  const r = parseExpr(text, 0);
  if (!r.ok) return r;
  if (r.value.end < text.length) {
    return err({ message: `junk at end of expression: '${text.slice(r.value.end)}'`, pos: r.value.end, end: text.length });
  }
  return ok(r.value.expr);
}

// ---------------------------------------------------------------------------
// Evaluation

/** What a symbol name means to the evaluator. */
export type SymbolMeaning =
  | { kind: 'abs'; value: bigint }
  | { kind: 'label'; section: string; offset: bigint }
  | { kind: 'undefined' };

export interface ExprEnv {
  lookup(name: string): SymbolMeaning;
}

/** A linear form: constant + sum(coef * symbol). */
export interface Linear {
  add: bigint;
  terms: Map<string, bigint>;
}

/**
 * The result of resolving an expression against the symbol table:
 * an absolute number, or symbol + addend, optionally minus a location in
 * section `minusSection` (the PC-relative form `sym - .`).
 */
export type Resolved =
  | { kind: 'abs'; value: bigint }
  | { kind: 'sym'; name: string; addend: bigint; minusSection?: string; minusOffset?: bigint };

const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);

function constOf(l: Linear): bigint | undefined {
  return l.terms.size === 0 ? l.add : undefined;
}

function combine(a: Linear, b: Linear, sign: bigint): Linear {
  const terms = new Map(a.terms);
  for (const [n, c] of b.terms) {
    const v = (terms.get(n) ?? 0n) + sign * c;
    if (v === 0n) terms.delete(n);
    else terms.set(n, v);
  }
  return { add: wrap(a.add + sign * b.add), terms };
}

function scale(a: Linear, k: bigint): Linear {
  const terms = new Map<string, bigint>();
  if (k !== 0n) for (const [n, c] of a.terms) terms.set(n, c * k);
  return { add: wrap(a.add * k), terms };
}

const BOOL = (b: boolean): bigint => (b ? -1n : 0n);

function applyConst(op: string, x: bigint, y: bigint): Result<bigint, string> {
  switch (op) {
    case '*': return ok(wrap(x * y));
    case '/': return y === 0n ? err('division by zero') : ok(wrap(x / y));
    case '%': return y === 0n ? err('division by zero') : ok(wrap(x % y));
    case '<<': return ok(y >= 64n || y < 0n ? 0n : wrap(x << y));
    case '>>': return ok(y >= 64n || y < 0n ? 0n : BigInt.asIntN(64, BigInt.asUintN(64, x) >> y));
    case '|': return ok(x | y);
    case '&': return ok(x & y);
    case '^': return ok(x ^ y);
    case '==': return ok(BOOL(x === y));
    case '!=': case '<>': return ok(BOOL(x !== y));
    case '<': return ok(BOOL(x < y));
    case '>': return ok(BOOL(x > y));
    case '<=': return ok(BOOL(x <= y));
    case '>=': return ok(BOOL(x >= y));
    case '&&': return ok(x !== 0n && y !== 0n ? 1n : 0n);
    case '||': return ok(x !== 0n || y !== 0n ? 1n : 0n);
    default: return err(`unknown operator '${op}'`);
  }
}

/**
 * Evaluate to a linear form. Absolute symbols are substituted; labels and
 * undefined symbols stay as terms (fold them with `resolve`).
 */
export function evalLinear(e: Expr, env: ExprEnv): Result<Linear, ExprError> {
  switch (e.k) {
    case 'num':
      return ok({ add: wrap(e.v), terms: new Map() });
    case 'sym': {
      const m = env.lookup(e.name);
      if (m.kind === 'abs') return ok({ add: wrap(m.value), terms: new Map() });
      return ok({ add: 0n, terms: new Map([[e.name, 1n]]) });
    }
    case 'un': {
      const a = evalLinear(e.a, env);
      if (!a.ok) return a;
      if (e.op === '+') return a;
      if (e.op === '-') return ok(scale(a.value, -1n));
      const c = constOf(a.value);
      if (c === undefined) return err({ message: `operator '${e.op}' needs an absolute operand`, pos: e.start, end: e.end });
      return ok({ add: e.op === '~' ? ~c : c === 0n ? 1n : 0n, terms: new Map() });
    }
    case 'bin':
      return evalBinary(e, env);
  }
}

function evalBinary(e: Extract<Expr, { k: 'bin' }>, env: ExprEnv): Result<Linear, ExprError> {
  const a = evalLinear(e.a, env);
  if (!a.ok) return a;
  const b = evalLinear(e.b, env);
  if (!b.ok) return b;
  if (e.op === '+') return ok(combine(a.value, b.value, 1n));
  if (e.op === '-') {
    // A difference of two labels of one section is a number: fold it now.
    return ok(foldSections(combine(a.value, b.value, -1n), env));
  }
  const x = constOf(a.value);
  const y = constOf(b.value);
  if (e.op === '*' && (x !== undefined || y !== undefined)) {
    return ok(x !== undefined ? scale(b.value, x) : scale(a.value, y!));
  }
  if (x === undefined || y === undefined) {
    return err({ message: `operator '${e.op}' needs absolute operands`, pos: e.start, end: e.end });
  }
  const r = applyConst(e.op, x, y);
  if (!r.ok) return err({ message: r.error, pos: e.b.start, end: e.b.end });
  return ok({ add: r.value, terms: new Map() });
}

/** Replace terms of labels whose section's coefficients sum to zero by their offsets. */
function foldSections(l: Linear, env: ExprEnv): Linear {
  const bySection = new Map<string, bigint>();
  for (const [n, c] of l.terms) {
    const m = env.lookup(n);
    if (m.kind === 'label') bySection.set(m.section, (bySection.get(m.section) ?? 0n) + c);
  }
  let add = l.add;
  const terms = new Map<string, bigint>();
  for (const [n, c] of l.terms) {
    const m = env.lookup(n);
    if (m.kind === 'label' && bySection.get(m.section) === 0n) add += c * m.offset;
    else terms.set(n, c);
  }
  return { add: wrap(add), terms };
}

/**
 * Resolve an expression: absolute, or one symbol with coefficient +1 plus an
 * addend, optionally minus one location (the PC-relative data form).
 */
export function resolveExpr(e: Expr, env: ExprEnv): Result<Resolved, ExprError> {
  const lin = evalLinear(e, env);
  if (!lin.ok) return lin;
  const l = foldSections(lin.value, env);
  if (l.terms.size === 0) return ok({ kind: 'abs', value: l.add });
  const bad = (): Result<Resolved, ExprError> =>
    err({ message: 'expression is too complex for a relocation', pos: e.start, end: e.end });
  // Group terms: labels fold by section; undefined symbols stand alone.
  const plus: { name: string; off: bigint }[] = [];
  const minus: { section: string; off: bigint }[] = [];
  for (const [n, c] of l.terms) {
    const m = env.lookup(n);
    const off = m.kind === 'label' ? m.offset : 0n;
    if (c === 1n) plus.push({ name: n, off });
    else if (c === -1n && m.kind === 'label') minus.push({ section: m.section, off });
    else return bad();
  }
  if (plus.length !== 1 || minus.length > 1) return bad();
  const r: Resolved = { kind: 'sym', name: plus[0].name, addend: l.add };
  if (minus.length === 1) return ok({ ...r, minusSection: minus[0].section, minusOffset: minus[0].off });
  return ok(r);
}

/** Evaluate an expression that must be an absolute number. */
export function evalConst(e: Expr, env: ExprEnv): Result<bigint, ExprError> {
  const r = resolveExpr(e, env);
  if (!r.ok) return r;
  if (r.value.kind !== 'abs') {
    const name = r.value.name;
    const m = env.lookup(name);
    const why = m.kind === 'undefined' ? `undefined symbol '${name}'` : `symbol '${name}' is not a constant`;
    return err({ message: `expression must be absolute: ${why}`, pos: e.start, end: e.end });
  }
  return ok(r.value.value);
}

/** Rename symbols in an expression (used to bind local labels `1b`/`1f` at their use). */
export function mapSymbols(e: Expr, f: (name: string) => string): Expr {
  switch (e.k) {
    case 'num': return e;
    case 'sym': return { ...e, name: f(e.name) };
    case 'un': return { ...e, a: mapSymbols(e.a, f) };
    case 'bin': return { ...e, a: mapSymbols(e.a, f), b: mapSymbols(e.b, f) };
  }
}

/** Names of all symbols an expression mentions. */
export function symbolsOf(e: Expr, out: string[] = []): string[] {
  if (e.k === 'sym') out.push(e.name);
  else if (e.k === 'un') symbolsOf(e.a, out);
  else if (e.k === 'bin') { symbolsOf(e.a, out); symbolsOf(e.b, out); }
  return out;
}

// #if constant-expression evaluator (C11 6.10.1): intmax_t/uintmax_t arithmetic over
// already macro-expanded tokens, remaining identifiers are 0. Toolchain layer, part of
// the C preprocessor stage. Errors go to Diags and abandon the directive.

import type { Diags } from './diag.ts';
import { decodeChar, parseIntLiteral } from './literal.ts';
import type { Token } from './tokenize.ts';

interface V { v: bigint; u: boolean }

const M64 = (1n << 64n) - 1n;
const norm = (v: bigint, u: boolean): V => ({ v: u ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v), u });

const PREC: Record<string, number> = {
  '*': 10, '/': 10, '%': 10, '+': 9, '-': 9, '<<': 8, '>>': 8, '<': 7, '<=': 7, '>': 7, '>=': 7,
  '==': 6, '!=': 6, '&': 5, '^': 4, '|': 3, '&&': 2, '||': 1,
};

export function evalPPExpr(toks: Token[], at: Token, diags: Diags): bigint {
  let i = 0;
  const peek = (): Token | undefined => toks[i];
  const fail = (msg: string): never => diags.fail(toks[i] ?? at, msg);

  const primary = (depth: number): V => {
    if (depth > 200) fail('#if expression nested too deeply');
    const t = toks[i++];
    if (!t) return fail('#if with no expression');
    if (t.kind === 'num') {
      const r = parseIntLiteral(t.text);
      if (typeof r === 'string') { i--; return fail(r); }
      return norm(r.value, r.unsigned || r.value > (M64 >> 1n));
    }
    if (t.kind === 'char') {
      const r = decodeChar(t.text);
      if (typeof r === 'string') { i--; return fail(r); }
      return { v: r.value, u: false };
    }
    if (t.kind === 'ident') return { v: 0n, u: false };
    if (t.text === '(') {
      const v = cond(depth + 1);
      if (peek()?.text !== ')') fail("missing ')' in expression");
      i++;
      return v;
    }
    if (t.text === '-' || t.text === '+' || t.text === '~' || t.text === '!') {
      const v = primary(depth + 1);
      if (t.text === '-') return norm(-v.v, v.u);
      if (t.text === '~') return norm(~v.v, v.u);
      if (t.text === '!') return { v: v.v === 0n ? 1n : 0n, u: false };
      return v;
    }
    i--;
    return fail(`token "${t.text}" is not valid in preprocessor expressions`);
  };

  const binary = (minPrec: number, depth: number): V => {
    let l = primary(depth);
    for (;;) {
      const op = peek();
      const p = op && op.kind === 'punct' ? PREC[op.text] : undefined;
      if (p === undefined || p < minPrec) return l;
      i++;
      const r = binary(p + 1, depth + 1);
      l = apply(op!.text, l, r, op!);
    }
  };

  const apply = (op: string, l: V, r: V, t: Token): V => {
    const u = l.u || r.u;
    const a = u ? BigInt.asUintN(64, l.v) : l.v;
    const b = u ? BigInt.asUintN(64, r.v) : r.v;
    const bool = (x: boolean): V => ({ v: x ? 1n : 0n, u: false });
    switch (op) {
      case '*': return norm(a * b, u);
      case '/': case '%':
        if (b === 0n) return diags.fail(t, 'division by zero in #if');
        return norm(op === '/' ? a / b : a % b, u);
      case '+': return norm(a + b, u);
      case '-': return norm(a - b, u);
      case '<<': return norm(l.v << (r.v & 63n), l.u);
      case '>>': return norm((l.u ? BigInt.asUintN(64, l.v) : l.v) >> (r.v & 63n), l.u);
      case '<': return bool(a < b);
      case '<=': return bool(a <= b);
      case '>': return bool(a > b);
      case '>=': return bool(a >= b);
      case '==': return bool(a === b);
      case '!=': return bool(a !== b);
      case '&': return norm(a & b, u);
      case '^': return norm(a ^ b, u);
      case '|': return norm(a | b, u);
      case '&&': return bool(l.v !== 0n && r.v !== 0n);
      default: return bool(l.v !== 0n || r.v !== 0n);
    }
  };

  const cond = (depth: number): V => {
    const c = binary(1, depth);
    if (peek()?.text !== '?') return c;
    i++;
    const a = cond(depth + 1);
    if (peek()?.text !== ':') fail("expected ':' in conditional expression");
    i++;
    const b = cond(depth + 1);
    return c.v !== 0n ? norm(a.v, a.u || b.u) : norm(b.v, a.u || b.u);
  };

  const v = cond(0);
  if (i < toks.length) fail(`missing binary operator before token "${toks[i].text}"`);
  return v.v;
}

// Semantic helpers for expressions: node construction, implicit conversions, the
// usual arithmetic conversions, pointer arithmetic and assignment compatibility with
// gcc-worded diagnostics (C11 6.3, 6.5, 6.5.16.1). Toolchain layer, C parser support.

import type { BinOp, Node, NodeKind, Obj } from './ast.ts';
import { wrap } from './consteval.ts';
import type { Parser } from './parse.ts';
import type { Token } from './tokenize.ts';
import {
  commonType, compatible, isInteger, isPointerLike, isRecord, isScalar, pointerTo, promote, sizeOf,
  type Type, ty, typeName, unqualified,
} from './type.ts';

const EMPTY: Partial<Node> = {};

export function mk(kind: NodeKind, tok: Token, type: Type, f: Partial<Node> = EMPTY): Node {
  const n = { kind, tok, ty: type } as Node;
  return f === EMPTY ? n : Object.assign(n, f);
}

export const numNode = (v: bigint, tok: Token, t: Type = ty.int): Node => mk('num', tok, t, { val: wrap(v, t) });

export function varNode(o: Obj, tok: Token): Node {
  return mk('var', tok, o.ty, { obj: o });
}

/** Array and function designators decay to pointers (C11 6.3.2.1). */
export function decay(t: Type): Type {
  if (t.kind === 'array') return pointerTo(t.base!);
  if (t.kind === 'func') return pointerTo(t);
  return t;
}

export function isNullConst(n: Node): boolean {
  let e = n;
  while (e.kind === 'cast' && (isInteger(e.ty) || (e.ty.kind === 'ptr' && e.ty.base!.kind === 'void'))) e = e.lhs!;
  return e.kind === 'num' && e.val === 0n && isInteger(e.ty);
}

/** Converts `n` to type `t`, folding integer constants. */
export function cast(n: Node, t: Type): Node {
  const from = n.ty;
  if (t.kind === 'void') return mk('cast', n.tok, t, { lhs: n });
  if (from === t) return n;
  if (n.kind === 'num' && isScalar(t)) return { ...n, ty: t, val: wrap(n.val!, t) };
  if (sameRepr(from, t) && n.kind !== 'var' && n.kind !== 'member' && n.kind !== 'deref') return { ...n, ty: t };
  return mk('cast', n.tok, t, { lhs: n });
}

/** Same register representation: no instruction needed to convert. */
function sameRepr(a: Type, b: Type): boolean {
  if (!isScalar(a) || !isScalar(b) || a.kind === 'bool' || b.kind === 'bool') return false;
  if (a.kind === 'ptr' || b.kind === 'ptr') return sizeOf(a) === 8 && sizeOf(b) === 8;
  return a.kind === b.kind && a.unsigned === b.unsigned;
}

/** Lvalue-to-rvalue and integer promotion of a single operand. */
export function promoted(n: Node): Node {
  if (isInteger(n.ty)) return cast(n, promote(n.ty));
  return n;
}

export function usualArith(l: Node, r: Node): [Node, Node, Type] {
  const t = commonType(l.ty, r.ty);
  return [cast(l, t), cast(r, t), t];
}

const FOLD: Partial<Record<BinOp, (a: bigint, b: bigint) => bigint | undefined>> = {
  add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b,
  div: (a, b) => (b === 0n ? undefined : a / b), mod: (a, b) => (b === 0n ? undefined : a % b),
  band: (a, b) => a & b, bor: (a, b) => a | b, bxor: (a, b) => a ^ b,
  shl: (a, b) => (b < 0n || b > 63n ? undefined : a << b), shr: (a, b) => (b < 0n || b > 63n ? undefined : a >> b),
};

export function binNode(op: BinOp, tok: Token, l: Node, r: Node, t: Type): Node {
  if (l.kind === 'num' && r.kind === 'num' && isInteger(t)) {
    const v = FOLD[op]?.(l.val!, r.val!);
    if (v !== undefined) return numNode(v, tok, t);
  }
  return mk(op, tok, t, { lhs: l, rhs: r });
}

function requireScalar(p: Parser, n: Node, what: string): void {
  if (!isScalar(decay(n.ty))) p.fail(n.tok, `invalid operands to ${what} (have '${typeName(n.ty)}')`);
}

function invalidOperands(p: Parser, tok: Token, l: Node, r: Node): never {
  return p.fail(tok, `invalid operands to binary ${tok.text} (have '${typeName(l.ty)}' and '${typeName(r.ty)}')`);
}

/** Converts an array/function operand to its pointer value type. */
export function rval(n: Node): Node {
  if (n.ty.kind === 'array' || n.ty.kind === 'func') return mk('addr', n.tok, decay(n.ty), { lhs: n });
  return n;
}

export function arith(p: Parser, op: BinOp, tok: Token, l0: Node, r0: Node): Node {
  const l = rval(l0);
  const r = rval(r0);
  if (op === 'add' || op === 'sub') {
    const lp = l.ty.kind === 'ptr';
    const rp = r.ty.kind === 'ptr';
    if (lp || rp) return pointerArith(p, op, tok, l, r);
  }
  if (!isInteger(l.ty) || !isInteger(r.ty)) invalidOperands(p, tok, l, r);
  if (op === 'shl' || op === 'shr') {
    const lt = promote(l.ty);
    const rr = promoted(r);
    if (rr.kind === 'num' && (rr.val! < 0n || rr.val! >= BigInt(sizeOf(lt) * 8))) {
      p.warn(tok, rr.val! < 0n ? `${op === 'shl' ? 'left' : 'right'} shift count is negative` : `${op === 'shl' ? 'left' : 'right'} shift count >= width of type`);
    }
    return binNode(op, tok, cast(l, lt), rr, lt);
  }
  const [a, b, t] = usualArith(l, r);
  if ((op === 'div' || op === 'mod') && b.kind === 'num' && b.val === 0n) p.warn(tok, 'division by zero');
  return binNode(op, tok, a, b, t);
}

function pointerArith(p: Parser, op: BinOp, tok: Token, l: Node, r: Node): Node {
  if (l.ty.kind === 'ptr' && r.ty.kind === 'ptr') {
    if (op !== 'sub') invalidOperands(p, tok, l, r);
    if (!compatible(unqualified(l.ty.base!), unqualified(r.ty.base!), false)) p.error(tok, `invalid operands to binary - (have '${typeName(l.ty)}' and '${typeName(r.ty)}')`);
    const diff = mk('sub', tok, ty.long, { lhs: cast(l, ty.long), rhs: cast(r, ty.long) });
    const sz = elemSize(p, l.ty, tok);
    return sz === 1 ? diff : mk('div', tok, ty.long, { lhs: diff, rhs: numNode(BigInt(sz), tok, ty.long) });
  }
  let ptr = l;
  let idx = r;
  if (r.ty.kind === 'ptr') {
    if (op === 'sub') invalidOperands(p, tok, l, r);
    ptr = r;
    idx = l;
  }
  if (!isInteger(idx.ty)) invalidOperands(p, tok, l, r);
  const sz = elemSize(p, ptr.ty, tok);
  let off = cast(idx, ty.long);
  if (sz !== 1) off = binNode('mul', tok, off, numNode(BigInt(sz), tok, ty.long), ty.long);
  return binNode(op, tok, ptr, off, ptr.ty);
}

export function elemSize(p: Parser, pt: Type, tok: Token): number {
  const b = pt.base!;
  if (b.kind === 'void' || b.kind === 'func') return 1;
  if (isRecord(b) && !b.rec!.complete) p.fail(tok, `invalid use of undefined type '${typeName(b)}'`);
  return sizeOf(b);
}

const CMP_NAME: Record<string, string> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };

export function compare(p: Parser, op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge', tok: Token, l0: Node, r0: Node): Node {
  const l = rval(l0);
  const r = rval(r0);
  requireScalar(p, l, `binary ${CMP_NAME[op]}`);
  requireScalar(p, r, `binary ${CMP_NAME[op]}`);
  if (l.ty.kind === 'ptr' || r.ty.kind === 'ptr') {
    if (l.ty.kind === 'ptr' && r.ty.kind === 'ptr') {
      const lb = l.ty.base!;
      const rb = r.ty.base!;
      if (lb.kind !== 'void' && rb.kind !== 'void' && !compatible(unqualified(lb), unqualified(rb), false)) {
        p.warn(tok, 'comparison of distinct pointer types lacks a cast');
      }
    } else if (!isNullConst(l.ty.kind === 'ptr' ? r : l)) p.warn(tok, 'comparison between pointer and integer');
    return foldCmp(op, tok, cast(l, ty.ulong), cast(r, ty.ulong));
  }
  const [a, b] = usualArith(l, r);
  return foldCmp(op, tok, a, b);
}

function foldCmp(op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge', tok: Token, a: Node, b: Node): Node {
  if (a.kind === 'num' && b.kind === 'num') {
    const x = a.val!;
    const y = b.val!;
    const v = { eq: x === y, ne: x !== y, lt: x < y, le: x <= y, gt: x > y, ge: x >= y }[op];
    return numNode(v ? 1n : 0n, tok);
  }
  return mk(op, tok, ty.int, { lhs: a, rhs: b });
}

/** Condition operand (if, while, &&, ?:): any scalar. */
export function condition(p: Parser, n0: Node): Node {
  const n = rval(n0);
  if (!isScalar(n.ty)) p.fail(n.tok, `used ${typeName(n.ty)} where scalar is required`);
  return n;
}

export function isLvalue(n: Node): boolean {
  return n.kind === 'var' || n.kind === 'deref' || (n.kind === 'member' && isLvalue(n.lhs!));
}

export function checkModifiable(p: Parser, n: Node, tok: Token, what: string): void {
  if (!isLvalue(n) || n.ty.kind === 'array' || n.ty.kind === 'func') {
    p.fail(tok, what === 'assignment' ? 'lvalue required as left operand of assignment' : `lvalue required as ${what} operand`);
  }
  if (n.ty.isConst || (isRecord(n.ty) && hasConstMember(n.ty))) {
    if (n.kind === 'var') p.error(tok, `${what} of read-only variable '${n.obj!.name}'`);
    else if (n.kind === 'member' && n.member?.name) p.error(tok, `${what} of read-only member '${n.member.name.text}'`);
    else p.error(tok, `${what} of read-only location`);
  }
}

function hasConstMember(t: Type): boolean {
  return (t.rec?.members ?? []).some((m) => m.ty.isConst || (isRecord(m.ty) && hasConstMember(m.ty)));
}

export type ConvCtx = { kind: 'assignment' | 'initialization' | 'return' } | { kind: 'passing'; arg: number; fn: string };

function ctxPrefix(c: ConvCtx, to: Type, from: Type): string {
  switch (c.kind) {
    case 'assignment': return `assignment to '${typeName(to)}' from`;
    case 'initialization': return `initialization of '${typeName(to)}' from`;
    case 'return': return `returning '${typeName(from)}' from a function with`;
    default: return `passing argument ${c.arg} of '${c.fn}'`;
  }
}

/** Implicit conversion as if by assignment (C11 6.5.16.1), with gcc's diagnostics. */
export function convertAs(p: Parser, n0: Node, to0: Type, c: ConvCtx, tok: Token): Node {
  const to = unqualified(to0);
  const n = rval(n0);
  const from = n.ty;
  if (to.kind === 'void') return n;
  if (isRecord(to)) {
    if (!(isRecord(from) && compatible(unqualified(from), to, false))) {
      p.error(tok, c.kind === 'return' ? `incompatible types when returning type '${typeName(from)}' but '${typeName(to)}' was expected`
        : c.kind === 'passing' ? `incompatible type for argument ${c.arg} of '${c.fn}'`
          : `incompatible types when ${c.kind === 'assignment' ? 'assigning to' : 'initializing'} type '${typeName(to)}' using type '${typeName(from)}'`);
    }
    return n;
  }
  if (from.kind === 'void' || isRecord(from)) {
    p.fail(tok, c.kind === 'passing' ? `incompatible type for argument ${c.arg} of '${c.fn}'` : `incompatible types when ${c.kind === 'return' ? 'returning' : c.kind === 'assignment' ? 'assigning to' : 'initializing'} type '${typeName(to)}' using type '${typeName(from)}'`);
  }
  if (to.kind === 'ptr') {
    if (from.kind === 'ptr') {
      checkPointers(p, to, from, c, tok);
      return cast(n, to);
    }
    if (!isNullConst(n)) {
      const ret = c.kind === 'return' ? `return type '${typeName(to)}'` : '';
      p.warn(tok, `${ctxPrefix(c, to, from)} ${c.kind === 'passing' ? '' : c.kind === 'return' ? ret + ' ' : `'${typeName(from)}' `}makes pointer from integer without a cast`.replace(/ +/g, ' '));
    }
    return cast(n, to);
  }
  if (from.kind === 'ptr' && to.kind !== 'bool') {
    const ret = c.kind === 'return' ? `return type '${typeName(to)}'` : '';
    p.warn(tok, `${ctxPrefix(c, to, from)} ${c.kind === 'passing' ? '' : c.kind === 'return' ? ret + ' ' : `'${typeName(from)}' `}makes integer from pointer without a cast`.replace(/ +/g, ' '));
  }
  return cast(n, to);
}

function checkPointers(p: Parser, to: Type, from: Type, c: ConvCtx, tok: Token): void {
  const tb = to.base!;
  const fb = from.base!;
  if ((fb.isConst && !tb.isConst) || (fb.isVolatile && !tb.isVolatile)) {
    const q = fb.isConst && !tb.isConst ? 'const' : 'volatile';
    const head = c.kind === 'passing' ? `passing argument ${c.arg} of '${c.fn}'` : c.kind === 'return' ? 'return' : ctxPrefix(c, to, from).replace(/ from$/, '');
    p.warn(tok, `${head} discards '${q}' qualifier from pointer target type`);
  }
  if (tb.kind === 'void' || fb.kind === 'void') return;
  if (compatible(unqualified(tb), unqualified(fb), false)) return;
  const msg = c.kind === 'passing' ? `passing argument ${c.arg} of '${c.fn}' from incompatible pointer type`
    : c.kind === 'return' ? `returning '${typeName(from)}' from a function with incompatible return type '${typeName(to)}'`
      : `${ctxPrefix(c, to, from)} incompatible pointer type '${typeName(from)}'`;
  p.warn(tok, msg);
  if (c.kind === 'passing') p.diags.note(tok, `expected '${typeName(to)}' but argument is of type '${typeName(from)}'`);
}

/** Default argument promotions for variadic and unprototyped arguments. */
export function defaultPromote(n0: Node): Node {
  const n = rval(n0);
  return isInteger(n.ty) ? cast(n, promote(n.ty)) : n;
}

export { isPointerLike };

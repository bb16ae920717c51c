// Expression parser (C11 6.5): precedence climbing from comma down to primary
// expressions, building typed nodes through sema.ts. Toolchain layer, C parser stage.
// Also the GNU/C11 builtins the headers need: va_*, offsetof, _Generic, expect.

import type { BinOp, Node } from './ast.ts';
import { constInt } from './consteval.ts';
import { declarator, declspec, typeName_, vaList } from './decl.ts';
import { compoundLiteral } from './init.ts';
import { decodeChar, decodeString, parseIntLiteral } from './literal.ts';
import { describe, KEYWORDS, type Parser } from './parse.ts';
import {
  arith, cast, checkModifiable, compare, condition, convertAs, decay, defaultPromote, elemSize, isNullConst,
  mk, numNode, rval, usualArith, varNode,
} from './sema.ts';
import type { Token } from './tokenize.ts';
import {
  alignOf, arrayOf, compatible, findMember, funcType, isComplete, isInteger, isRecord, isScalar, pointerTo, promote,
  sizeOf, type Type, ty, typeName, unqualified,
} from './type.ts';

export function expr(p: Parser): Node {
  let n = assign(p);
  while (p.is(',')) {
    const tok = p.next();
    const r = assign(p);
    n = mk('comma', tok, rval(r).ty, { lhs: n, rhs: rval(r) });
  }
  return n;
}

const ASSIGN_OPS: Record<string, BinOp> = {
  '+=': 'add', '-=': 'sub', '*=': 'mul', '/=': 'div', '%=': 'mod', '&=': 'band', '|=': 'bor', '^=': 'bxor',
  '<<=': 'shl', '>>=': 'shr',
};

export function assign(p: Parser): Node {
  p.enter();
  const lhs = conditional(p);
  const tok = p.tok;
  let r = lhs;
  if (tok.kind === 'punct' && tok.text === '=') {
    p.next();
    const rhs = assign(p);
    checkModifiable(p, lhs, tok, 'assignment');
    r = mk('assign', tok, unqualified(lhs.ty), { lhs, rhs: convertAs(p, rhs, lhs.ty, { kind: 'assignment' }, tok) });
  } else if (tok.kind === 'punct' && ASSIGN_OPS[tok.text]) {
    p.next();
    r = opAssign(p, ASSIGN_OPS[tok.text], tok, lhs, assign(p));
  }
  p.leave();
  return r;
}

function opAssign(p: Parser, op: BinOp, tok: Token, lhs: Node, rhs0: Node): Node {
  checkModifiable(p, lhs, tok, 'assignment');
  const rhs = rval(rhs0);
  if (lhs.ty.kind === 'ptr' && (op === 'add' || op === 'sub')) {
    if (!isInteger(rhs.ty)) p.fail(tok, `invalid operands to binary ${tok.text.slice(0, -1)} (have '${typeName(lhs.ty)}' and '${typeName(rhs.ty)}')`);
    const sz = elemSize(p, lhs.ty, tok);
    let off = cast(rhs, ty.long);
    if (sz !== 1) off = off.kind === 'num' ? numNode(off.val! * BigInt(sz), tok, ty.long) : mk('mul', tok, ty.long, { lhs: off, rhs: numNode(BigInt(sz), tok, ty.long) });
    return mk('opassign', tok, lhs.ty, { op, lhs, rhs: off, cty: lhs.ty });
  }
  if (!isInteger(lhs.ty) || !isInteger(rhs.ty)) p.fail(tok, `invalid operands to binary ${tok.text.slice(0, -1)} (have '${typeName(lhs.ty)}' and '${typeName(rhs.ty)}')`);
  if (op === 'shl' || op === 'shr') {
    return mk('opassign', tok, unqualified(lhs.ty), { op, lhs, rhs: cast(rhs, promote(rhs.ty)), cty: promote(lhs.ty) });
  }
  const [, r, t] = usualArith(mk('nop', tok, lhs.ty), rhs);
  return mk('opassign', tok, unqualified(lhs.ty), { op, lhs, rhs: r, cty: t });
}

export function conditional(p: Parser): Node {
  const c = binary(p, 1);
  if (!p.is('?')) return c;
  const tok = p.next();
  const cond = condition(p, c);
  const then = p.is(':') ? cond : expr(p);
  p.expect(':');
  const els = conditional(p);
  return condNode(p, tok, cond, rval(then), rval(els));
}

function condNode(p: Parser, tok: Token, cond: Node, a: Node, b: Node): Node {
  let t: Type;
  if (isInteger(a.ty) && isInteger(b.ty)) {
    const [x, y, ct] = usualArith(a, b);
    a = x; b = y; t = ct;
  } else if (a.ty.kind === 'ptr' && b.ty.kind === 'ptr') {
    t = a.ty.base!.kind === 'void' ? a.ty : b.ty.base!.kind === 'void' ? b.ty : a.ty;
    if (!compatible(unqualified(a.ty.base!), unqualified(b.ty.base!), false) && a.ty.base!.kind !== 'void' && b.ty.base!.kind !== 'void') {
      p.warn(tok, 'pointer type mismatch in conditional expression');
    }
  } else if (a.ty.kind === 'ptr' && isInteger(b.ty)) {
    if (!isNullConst(b)) p.warn(tok, 'pointer/integer type mismatch in conditional expression');
    t = a.ty; b = cast(b, t);
  } else if (b.ty.kind === 'ptr' && isInteger(a.ty)) {
    if (!isNullConst(a)) p.warn(tok, 'pointer/integer type mismatch in conditional expression');
    t = b.ty; a = cast(a, t);
  } else if (a.ty.kind === 'void' || b.ty.kind === 'void') {
    t = ty.void;
  } else if (isRecord(a.ty) && compatible(unqualified(a.ty), unqualified(b.ty), false)) {
    t = unqualified(a.ty);
  } else {
    return p.fail(tok, `type mismatch in conditional expression`);
  }
  if (cond.kind === 'num') return cond.val !== 0n ? cast(a, t) : cast(b, t);
  return mk('cond', tok, t, { cond, then: a, els: b });
}

const BIN_PREC: Record<string, [number, string]> = {
  '||': [1, 'logor'], '&&': [2, 'logand'], '|': [3, 'bor'], '^': [4, 'bxor'], '&': [5, 'band'],
  '==': [6, 'eq'], '!=': [6, 'ne'], '<': [7, 'lt'], '<=': [7, 'le'], '>': [7, 'gt'], '>=': [7, 'ge'],
  '<<': [8, 'shl'], '>>': [8, 'shr'], '+': [9, 'add'], '-': [9, 'sub'], '*': [10, 'mul'], '/': [10, 'div'], '%': [10, 'mod'],
};

function binary(p: Parser, minPrec: number): Node {
  let l = cast_(p);
  for (;;) {
    const t = p.tok;
    const e = t.kind === 'punct' ? BIN_PREC[t.text] : undefined;
    if (!e || e[0] < minPrec) return l;
    p.next();
    p.enter();
    const r = binary(p, e[0] + 1);
    p.leave();
    l = combine(p, e[1], t, l, r);
  }
}

function combine(p: Parser, op: string, tok: Token, l: Node, r: Node): Node {
  switch (op) {
    case 'logand': case 'logor': {
      const a = condition(p, l);
      const b = condition(p, r);
      if (a.kind === 'num' && b.kind === 'num') {
        const v = op === 'logand' ? a.val !== 0n && b.val !== 0n : a.val !== 0n || b.val !== 0n;
        return numNode(v ? 1n : 0n, tok);
      }
      return mk(op, tok, ty.int, { lhs: a, rhs: b });
    }
    case 'eq': case 'ne': case 'lt': case 'le': case 'gt': case 'ge': return compare(p, op, tok, l, r);
    default: return arith(p, op as BinOp, tok, l, r);
  }
}

function cast_(p: Parser): Node {
  if (p.is('(') && p.isTypenameAt(1)) {
    const open = p.next();
    const t = typeName_(p);
    p.expect(')');
    if (p.is('{')) return postfixOps(p, compoundLiteral(p, t, open));
    p.enter();
    const e = rval(cast_(p));
    p.leave();
    if (t.kind !== 'void' && !isScalar(t)) p.fail(open, `conversion to non-scalar type requested`);
    if (t.kind !== 'void' && !isScalar(e.ty)) p.fail(open, `cannot convert a value of type '${typeName(e.ty)}' to '${typeName(t)}'`);
    const c = cast(e, unqualified(t));
    return c === e && e.kind !== 'num' ? mk('cast', open, unqualified(t), { lhs: e }) : c;
  }
  return unary(p);
}

function unary(p: Parser): Node {
  const tok = p.tok;
  if (tok.kind === 'punct') {
    switch (tok.text) {
      case '+': { p.next(); const e = rval(cast_(p)); if (!isInteger(e.ty)) p.fail(tok, 'wrong type argument to unary plus'); return cast(e, promote(e.ty)); }
      case '-': {
        p.next();
        const e = rval(cast_(p));
        if (!isInteger(e.ty)) p.fail(tok, 'wrong type argument to unary minus');
        const pe = cast(e, promote(e.ty));
        return pe.kind === 'num' ? numNode(-pe.val!, tok, pe.ty) : mk('neg', tok, pe.ty, { lhs: pe });
      }
      case '!': {
        p.next();
        const e = condition(p, cast_(p));
        return e.kind === 'num' ? numNode(e.val === 0n ? 1n : 0n, tok) : mk('not', tok, ty.int, { lhs: e });
      }
      case '~': {
        p.next();
        const e = rval(cast_(p));
        if (!isInteger(e.ty)) p.fail(tok, 'wrong type argument to bit-complement');
        const pe = cast(e, promote(e.ty));
        return pe.kind === 'num' ? numNode(~pe.val!, tok, pe.ty) : mk('bitnot', tok, pe.ty, { lhs: pe });
      }
      case '&': {
        p.next();
        const e = cast_(p);
        if (e.kind === 'member' && e.member!.bitWidth !== undefined) p.fail(tok, `cannot take address of bit-field '${e.member!.name?.text}'`);
        if (e.kind === 'comma') return addrOfLiteral(p, e, tok);
        if (!(e.kind === 'var' || e.kind === 'deref' || e.kind === 'member')) p.fail(tok, "lvalue required as unary '&' operand");
        if (e.kind === 'var' && e.obj!.reg) p.error(tok, `address of register variable '${e.obj!.name}' requested`);
        if (e.kind === 'deref' && e.lhs!.ty.kind === 'ptr' && e.ty.kind !== 'array') return e.lhs!;
        return mk('addr', tok, pointerTo(e.ty), { lhs: e });
      }
      case '*': {
        p.next();
        const e = rval(cast_(p));
        if (e.ty.kind !== 'ptr') p.fail(tok, `invalid type argument of unary '*' (have '${typeName(e.ty)}')`);
        if (e.ty.base!.kind === 'void') p.warn(tok, "dereferencing 'void *' pointer");
        return mk('deref', tok, e.ty.base!, { lhs: e });
      }
      case '++': case '--': {
        p.next();
        const e = unary(p);
        return incdec(p, 'preinc', tok, e, tok.text === '++' ? 1n : -1n);
      }
      default: break;
    }
  }
  if (tok.kind === 'ident') {
    if (tok.text === 'sizeof') return sizeofExpr(p);
    if (tok.text === '_Alignof' || tok.text === '__alignof__') return alignofExpr(p);
    if (tok.text === '__extension__') { p.next(); return cast_(p); }
  }
  return postfix(p);
}

/** `&(T){...}`: the literal is a comma chain of initializing stores ending in its object. */
function addrOfLiteral(p: Parser, e: Node, tok: Token): Node {
  if (e.kind === 'var' && !e.obj!.name) return mk('addr', tok, pointerTo(e.ty), { lhs: e });
  if (e.kind !== 'comma') return p.fail(tok, "lvalue required as unary '&' operand");
  const r = addrOfLiteral(p, e.rhs!, tok);
  return mk('comma', tok, r.ty, { lhs: e.lhs, rhs: r });
}

function incdec(p: Parser, kind: 'preinc' | 'postinc', tok: Token, e: Node, dir: bigint): Node {
  checkModifiable(p, e, tok, tok.text === '++' ? 'increment' : 'decrement');
  if (!isScalar(e.ty)) p.fail(tok, `wrong type argument to ${tok.text === '++' ? 'increment' : 'decrement'}`);
  const step = e.ty.kind === 'ptr' ? BigInt(elemSize(p, e.ty, tok)) : 1n;
  return mk(kind, tok, unqualified(e.ty), { lhs: e, val: dir * step, cty: e.ty.kind === 'ptr' ? e.ty : promote(e.ty) });
}

/** The `( type-name )` operand of sizeof/_Alignof, or null when the operand is an expression. */
function parenTypeName(p: Parser): Type | null {
  if (!(p.is('(') && p.isTypenameAt(1))) return null;
  p.next();
  const t = typeName_(p);
  p.expect(')');
  return t;
}

function sizeofExpr(p: Parser): Node {
  const tok = p.next();
  let t = parenTypeName(p);
  if (t) {
    if (p.is('{')) t = postfixOps(p, compoundLiteral(p, t, tok)).ty;
  } else {
    p.enter();
    const e = unary(p);
    p.leave();
    if (e.kind === 'member' && e.member!.bitWidth !== undefined) p.error(tok, "'sizeof' applied to a bit-field");
    t = e.ty;
  }
  if (t.kind === 'func') { p.warn(tok, "invalid application of 'sizeof' to a function type"); return numNode(1n, tok, ty.ulong); }
  if (t.kind === 'void') { p.warn(tok, "invalid application of 'sizeof' to a void type"); return numNode(1n, tok, ty.ulong); }
  if (!isComplete(t)) p.fail(tok, `invalid application of 'sizeof' to incomplete type '${typeName(t)}'`);
  return numNode(BigInt(sizeOf(t)), tok, ty.ulong);
}

function alignofExpr(p: Parser): Node {
  const tok = p.next();
  const t = parenTypeName(p) ?? unary(p).ty;
  return numNode(BigInt(t.kind === 'array' ? alignOf(t.base!) : alignOf(t)), tok, ty.ulong);
}

function postfix(p: Parser): Node {
  return postfixOps(p, primary(p));
}

function postfixOps(p: Parser, n0: Node): Node {
  let n = n0;
  for (;;) {
    const tok = p.tok;
    if (tok.kind !== 'punct') return n;
    if (tok.text === '[') {
      p.next();
      const idx = expr(p);
      p.expect(']');
      const sum = arith(p, 'add', tok, n, idx);
      if (sum.ty.kind !== 'ptr') p.fail(tok, 'subscripted value is neither array nor pointer');
      n = mk('deref', tok, sum.ty.base!, { lhs: sum });
    } else if (tok.text === '(') {
      p.next();
      n = call(p, n, tok);
    } else if (tok.text === '.' || tok.text === '->') {
      p.next();
      let base = n;
      if (tok.text === '->') {
        const b = rval(n);
        if (b.ty.kind !== 'ptr') p.fail(tok, `invalid type argument of '->' (have '${typeName(b.ty)}')`);
        base = mk('deref', tok, b.ty.base!, { lhs: b });
      }
      n = memberAccess(p, base, tok);
    } else if (tok.text === '++' || tok.text === '--') {
      p.next();
      n = incdec(p, 'postinc', tok, n, tok.text === '++' ? 1n : -1n);
    } else return n;
  }
}

function memberAccess(p: Parser, base: Node, tok: Token): Node {
  const name = p.ident('identifier');
  if (!isRecord(base.ty)) p.fail(tok, `request for member '${name.text}' in something not a structure or union`);
  if (!base.ty.rec!.complete) p.fail(tok, `invalid use of undefined type '${typeName(base.ty)}'`);
  const m = findMember(base.ty, name.text);
  if (!m) p.fail(name, `'${typeName(base.ty)}' has no member named '${name.text}'`);
  let mty = m.ty;
  // The member of a qualified structure has the structure's qualifiers too, an array
  // member's elements included (C11 6.5.2.3, 6.7.3).
  if ((base.ty.isConst && !mty.isConst) || (base.ty.isVolatile && !mty.isVolatile)) mty = qualifyAll(mty, base.ty.isConst, base.ty.isVolatile);
  if (m.bitWidth !== undefined && mty.unsigned && mty.kind !== 'long' && m.bitWidth < 32) {
    mty = Object.assign(Object.create(Object.getPrototypeOf(mty)), mty, { promotesToInt: true });
  }
  return mk('member', name, mty, { lhs: base, member: m });
}

function qualifyAll(t: Type, isConst: boolean, isVolatile: boolean): Type {
  const q = Object.assign(Object.create(Object.getPrototypeOf(t)), t, { isConst: t.isConst || isConst, isVolatile: t.isVolatile || isVolatile }) as Type;
  if (q.kind === 'array') q.base = qualifyAll(t.base!, isConst, isVolatile);
  return q;
}

function call(p: Parser, callee0: Node, open: Token): Node {
  const callee = rval(callee0);
  const ft = callee.ty.kind === 'ptr' ? callee.ty.base! : undefined;
  if (!ft || ft.kind !== 'func') p.fail(open, `called object is not a function or function pointer`);
  const fname = callee0.kind === 'var' ? callee0.obj!.name : callee0.tok.text;
  const args: Node[] = [];
  if (!p.accept(')')) {
    for (;;) {
      const a = assign(p);
      const i = args.length;
      if (i < ft.params.length) args.push(convertAs(p, a, ft.params[i], { kind: 'passing', arg: i + 1, fn: fname }, a.tok));
      else {
        const d = defaultPromote(a);
        if (isRecord(d.ty) && !d.ty.rec!.complete) p.fail(a.tok, `invalid use of undefined type '${typeName(d.ty)}'`);
        if (d.ty.kind === 'void') p.fail(a.tok, 'invalid use of void expression');
        args.push(d);
      }
      if (!p.accept(',')) break;
    }
    p.expect(')', "')'");
  }
  if (!ft.oldStyle) {
    if (args.length < ft.params.length) p.error(open, `too few arguments to function '${fname}'`);
    else if (args.length > ft.params.length && !ft.variadic) p.error(open, `too many arguments to function '${fname}'`);
  }
  const rt = ft.ret!;
  if (isRecord(rt) && !rt.rec!.complete) p.fail(open, `invalid use of undefined type '${typeName(rt)}'`);
  return mk('call', callee0.tok, unqualified(rt), { lhs: callee, args, fnTy: ft });
}

function primary(p: Parser): Node {
  const tok = p.tok;
  if (tok.kind === 'punct' && tok.text === '(') {
    p.next();
    if (p.is('{')) return stmtExpr(p, tok);
    p.enter();
    const e = expr(p);
    p.leave();
    p.expect(')', "')'");
    return e;
  }
  if (tok.kind === 'num') { p.next(); return numberNode(p, tok); }
  if (tok.kind === 'char') {
    p.next();
    const r = decodeChar(tok.text);
    if (typeof r === 'string') p.fail(tok, r);
    const t = r.kind === 'char' ? ty.int : r.kind === 'u16' ? ty.ushort : ty.uint;
    return numNode(r.value, tok, t);
  }
  if (tok.kind === 'str') return stringLiteral(p);
  if (tok.kind === 'ident') {
    if (KEYWORDS.has(tok.text) && !tok.text.startsWith('__builtin')) {
      if (tok.text === '_Generic') return generic(p);
      if (tok.text === 'asm' || tok.text === '__asm__') p.fail(tok, 'asm is only supported as a statement');
      p.fail(tok, `expected expression before ${describe(tok)}`);
    }
    return identifier(p);
  }
  return p.fail(tok, `expected expression before ${describe(tok)}`);
}

function stmtExpr(p: Parser, open: Token): Node {
  if (!p.fn) p.fail(open, 'braced-group within expression allowed only inside a function');
  const body = p.compoundStmt();
  p.expect(')');
  const last = body.body![body.body!.length - 1];
  const t = last && last.kind === 'exprstmt' ? rval(last.lhs!).ty : ty.void;
  return mk('stmtexpr', open, t, { body: [body] });
}

function numberNode(p: Parser, tok: Token): Node {
  const r = parseIntLiteral(tok.text);
  if (typeof r === 'string') p.fail(tok, r);
  const v = r.value;
  const fitsInt = v < 1n << 31n;
  const fitsUint = v < 1n << 32n;
  const fitsLong = v < 1n << 63n;
  const ll = r.longs === 2;
  const L = (u: boolean): Type => (ll ? longLong(u) : u ? ty.ulong : ty.long);
  let t: Type;
  if (r.longs === 0 && !r.unsigned) t = fitsInt ? ty.int : !r.decimal && fitsUint ? ty.uint : fitsLong ? ty.long : ty.ulong;
  else if (r.longs === 0) t = fitsUint ? ty.uint : ty.ulong;
  else if (!r.unsigned) t = fitsLong ? L(false) : !r.decimal ? L(true) : L(true);
  else t = L(true);
  if (r.decimal && !r.unsigned && !fitsLong) p.warn(tok, 'integer constant is so large that it is unsigned');
  return numNode(v, tok, t);
}

function longLong(u: boolean): Type {
  const t = Object.assign(Object.create(Object.getPrototypeOf(ty.long)), u ? ty.ulong : ty.long) as Type;
  t.longLong = true;
  return t;
}

function stringLiteral(p: Parser): Node {
  const first = p.tok;
  let kind: string = 'char';
  const units: number[] = [];
  while (p.tok.kind === 'str') {
    const t = p.next();
    const r = decodeString(t.text);
    if (typeof r === 'string') p.fail(t, r);
    if (r.kind !== 'char' && r.kind !== 'u8') {
      if (kind !== 'char' && kind !== r.kind) p.error(t, 'unsupported non-standard concatenation of string literals');
      kind = r.kind;
    }
    units.push(...r.units);
  }
  const elem = kind === 'char' ? ty.char : kind === 'u16' ? ty.ushort : kind === 'wide' ? ty.uint : ty.uint;
  const esz = sizeOf(elem);
  const bytes = new Uint8Array((units.length + 1) * esz);
  units.forEach((u, i) => { for (let b = 0; b < esz; b++) bytes[i * esz + b] = (u >>> (8 * b)) & 0xff; });
  const t = arrayOf(elem, units.length + 1);
  const o = p.stringObj(t, bytes, first);
  const n = varNode(o, first);
  (n as Node & { strLit?: boolean }).strLit = true;
  return n;
}

function identifier(p: Parser): Node {
  const tok = p.next();
  const name = tok.text;
  if (name.startsWith('__builtin_')) return builtin(p, tok);
  if (name === '__func__' || name === '__FUNCTION__' || name === '__PRETTY_FUNCTION__') {
    if (!p.lookup(name)) return funcName(p, tok);
  }
  const e = p.lookup(name);
  if (e?.obj) {
    if (e.obj.isFunction || !e.obj.isLocal) e.obj.referenced = true;
    return varNode(e.obj, tok);
  }
  if (e?.enumVal !== undefined) return numNode(e.enumVal, tok, e.enumTy);
  if (e?.typedef) p.fail(tok, `expected expression before '${name}'`);
  if (p.is('(')) {
    p.warn(tok, `implicit declaration of function '${name}'`);
    const fn = p.newGlobal(name, name, funcType(ty.int, [], false, true), tok);
    fn.referenced = true;
    p.scopes[0].vars.set(name, { obj: fn });
    p.declareImplicit(fn);
    return varNode(fn, tok);
  }
  if (p.fn) p.fail(tok, `'${name}' undeclared (first use in this function)`);
  return p.fail(tok, `'${name}' undeclared here (not in a function)`);
}

function funcName(p: Parser, tok: Token): Node {
  const name = p.fn?.name ?? '';
  const bytes = new Uint8Array(name.length + 1);
  for (let i = 0; i < name.length; i++) bytes[i] = name.charCodeAt(i) & 0xff;
  const o = p.stringObj(arrayOf(ty.char, name.length + 1), bytes, tok);
  if (!p.fn) p.warn(tok, `'${tok.text}' is not defined outside of function scope`);
  return varNode(o, tok);
}

function builtin(p: Parser, tok: Token): Node {
  const name = tok.text;
  const args = (): void => { p.expect('('); };
  switch (name) {
    case '__builtin_va_start': {
      args();
      const ap = assign(p);
      p.expect(',');
      assign(p);
      p.expect(')');
      checkVaList(p, ap, tok);
      if (!p.fn?.ty.variadic) p.error(tok, "'va_start' used in function with fixed arguments");
      return mk('vastart', tok, ty.void, { lhs: ap });
    }
    case '__builtin_va_end': { args(); const ap = assign(p); p.expect(')'); checkVaList(p, ap, tok); return mk('cast', tok, ty.void, { lhs: rval(ap) }); }
    case '__builtin_va_arg': {
      args();
      const ap = assign(p);
      p.expect(',');
      const t = typeName_(p);
      p.expect(')');
      checkVaList(p, ap, tok);
      if (!isScalar(t) && !isRecord(t)) p.fail(tok, `invalid type '${typeName(t)}' for va_arg`);
      if (isInteger(t) && sizeOf(t) < 4) p.warn(tok, `'${typeName(t)}' is promoted to 'int' when passed through '...'`);
      return mk('vaarg', tok, unqualified(t), { lhs: ap });
    }
    case '__builtin_va_copy': {
      args();
      const d = assign(p);
      p.expect(',');
      const s = assign(p);
      p.expect(')');
      checkVaList(p, d, tok);
      checkVaList(p, s, tok);
      return mk('assign', tok, d.ty, { lhs: d, rhs: s });
    }
    case '__builtin_offsetof': return offsetof(p, tok);
    case '__builtin_expect': {
      args();
      const a = assign(p);
      p.expect(',');
      assign(p);
      p.expect(')');
      return cast(rval(a), ty.long);
    }
    case '__builtin_constant_p': { args(); const a = assign(p); p.expect(')'); return numNode(a.kind === 'num' ? 1n : 0n, tok); }
    case '__builtin_types_compatible_p': {
      args();
      const a = typeName_(p);
      p.expect(',');
      const b = typeName_(p);
      p.expect(')');
      return numNode(compatible(unqualified(a), unqualified(b), false) ? 1n : 0n, tok);
    }
    case '__builtin_trap': case '__builtin_unreachable':
      args();
      p.expect(')');
      return mk('asm', tok, ty.void, { asmText: 'brk #1000', outputs: [], inputs: [], clobbers: [] });
    default:
      return p.fail(tok, `unsupported builtin '${name}'`);
  }
}

function checkVaList(p: Parser, ap: Node, tok: Token): void {
  const t = ap.ty.kind === 'ptr' ? ap.ty.base! : ap.ty;
  if (!(isRecord(t) && t.rec === vaList(tok).rec)) p.fail(ap.tok, `first argument to '${tok.text.replace('__builtin_', '')}' not of type 'va_list'`);
}

function offsetof(p: Parser, tok: Token): Node {
  p.expect('(');
  let t = typeName_(p);
  p.expect(',');
  let off = 0n;
  let first = true;
  for (;;) {
    if (first || p.accept('.')) {
      first = false;
      const name = p.ident();
      if (!isRecord(t)) p.fail(name, `request for member '${name.text}' in something not a structure or union`);
      const m = findMember(t, name.text);
      if (!m) p.fail(name, `'${typeName(t)}' has no member named '${name.text}'`);
      if (m.bitWidth !== undefined) p.error(name, `attempt to take address of bit-field structure member '${name.text}'`);
      off += BigInt(m.offset);
      t = m.ty;
    } else if (p.accept('[')) {
      if (t.kind !== 'array') p.fail(p.tok, 'subscripted value is not an array');
      const i = constInt(p, expr(p));
      p.expect(']');
      t = t.base!;
      off += i * BigInt(sizeOf(t));
    } else break;
  }
  p.expect(')');
  return numNode(off, tok, ty.ulong);
}

function generic(p: Parser): Node {
  const tok = p.next();
  p.expect('(');
  const ctl = rval(assign(p));
  const ct = unqualified(decay(ctl.ty));
  let chosen: Node | undefined;
  let dflt: Node | undefined;
  while (p.accept(',')) {
    if (p.accept('default')) {
      p.expect(':');
      dflt = assign(p);
      continue;
    }
    const t = typeName_(p);
    p.expect(':');
    const e = assign(p);
    if (!chosen && compatible(ct, unqualified(t), false)) chosen = e;
  }
  p.expect(')');
  const r = chosen ?? dflt;
  if (!r) p.fail(tok, `'_Generic' selector of type '${typeName(ct)}' is not compatible with any association`);
  return r;
}

export { declspec, declarator };

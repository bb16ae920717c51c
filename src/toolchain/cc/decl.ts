// Declarations: specifiers, declarators, struct/union/enum, typedef and the objects
// they declare (C11 6.7). Toolchain layer, part of the C parser stage. Initializers
// are parsed in init.ts; constant expressions are folded by consteval.ts.

import type { Node, Obj } from './ast.ts';
import { constInt } from './consteval.ts';
import { assign, conditional } from './expr.ts';
import { globalInit, localInit } from './init.ts';
import { describe, KEYWORDS, type Parser } from './parse.ts';
import type { Token } from './tokenize.ts';
import {
  alignOf, arrayOf, clone, compatible, type FieldDecl, funcType, isInteger, isRecord, layoutRecord,
  pointerTo, qualified, recordType, sizeOf, type Type, ty, typeName,
} from './type.ts';

export interface DeclSpec {
  ty: Type;
  storage?: 'typedef' | 'static' | 'extern' | 'auto' | 'register';
  inline: boolean;
  align?: number;
  /** No type specifier was written (implicit int). */
  implicit: boolean;
}

const TYPE_WORDS = new Set([
  'void', '_Bool', 'char', 'short', 'int', 'long', 'signed', 'unsigned', '__signed__', 'struct', 'union',
  'enum', 'const', 'volatile', 'restrict', '__restrict', '__restrict__', '__const', '__const__', '__volatile__',
  'typedef', 'static', 'extern', 'auto', 'register', 'inline', '__inline', '__inline__', '_Noreturn',
  '_Alignas', '_Atomic', '_Thread_local', '__attribute__', '__extension__', 'typeof', '__typeof__', '__typeof',
  'float', 'double', '_Complex', '_Float128', '__int128', '__builtin_va_list',
]);

export function isTypename(p: Parser, t: Token): boolean {
  if (t.kind !== 'ident') return false;
  if (TYPE_WORDS.has(t.text)) return true;
  return p.typedefOf(t) !== undefined;
}

const VOID = 1, BOOL = 1 << 2, CHAR = 1 << 4, SHORT = 1 << 6, INT = 1 << 8, LONG = 1 << 10,
  OTHER = 1 << 12, SIGNED = 1 << 13, UNSIGNED = 1 << 14;

function counterType(c: number): Type | undefined {
  switch (c) {
    case VOID: return ty.void;
    case BOOL: return ty.bool;
    case CHAR: return ty.char;
    case SIGNED + CHAR: return ty.schar;
    case UNSIGNED + CHAR: return ty.uchar;
    case SHORT: case SHORT + INT: case SIGNED + SHORT: case SIGNED + SHORT + INT: return ty.short;
    case UNSIGNED + SHORT: case UNSIGNED + SHORT + INT: return ty.ushort;
    case INT: case SIGNED: case SIGNED + INT: return ty.int;
    case UNSIGNED: case UNSIGNED + INT: return ty.uint;
    case LONG: case LONG + INT: case SIGNED + LONG: case SIGNED + LONG + INT: return ty.long;
    case UNSIGNED + LONG: case UNSIGNED + LONG + INT: return ty.ulong;
    case LONG + LONG: case LONG + LONG + INT: case SIGNED + LONG + LONG: case SIGNED + LONG + LONG + INT: return llong(false);
    case UNSIGNED + LONG + LONG: case UNSIGNED + LONG + LONG + INT: return llong(true);
    default: return undefined;
  }
}

const LL = clone(ty.long);
LL.longLong = true;
const ULL = clone(ty.ulong);
ULL.longLong = true;
const llong = (u: boolean): Type => (u ? ULL : LL);

let vaListType: Type | undefined;
/** The AAPCS64 va_list: struct { void *__stack, *__gr_top, *__vr_top; int __gr_offs, __vr_offs; }. */
export function vaList(tok: Token): Type {
  if (vaListType) return vaListType;
  const vp = pointerTo(ty.void);
  const f = (name: string, t: Type): FieldDecl => ({ name: { ...tok, text: name }, ty: t, tok });
  const rec = { tag: '__va_list', members: [], size: 0, align: 1, complete: false, flexible: false };
  layoutRecord(rec, 'struct', [f('__stack', vp), f('__gr_top', vp), f('__vr_top', vp), f('__gr_offs', ty.int), f('__vr_offs', ty.int)]);
  vaListType = recordType('struct', rec);
  vaListType.typedefName = '__builtin_va_list';
  return vaListType;
}

export function declspec(p: Parser, allowStorage: boolean): DeclSpec {
  const spec: DeclSpec = { ty: ty.int, inline: false, implicit: false };
  let counter = 0;
  let isConst = false;
  let isVolatile = false;
  let named: Type | undefined;
  const start = p.tok;
  for (;;) {
    const t = p.tok;
    if (t.kind !== 'ident') break;
    const w = t.text;
    if (w === 'typedef' || w === 'static' || w === 'extern' || w === 'auto' || w === 'register') {
      if (!allowStorage) p.fail(t, `storage class specified for ${describe(t)}`);
      if (spec.storage) p.error(t, 'multiple storage classes in declaration specifiers');
      spec.storage = w;
      p.next();
      continue;
    }
    if (w === '_Thread_local') p.fail(t, '_Thread_local is not supported');
    if (w === '_Atomic') p.fail(t, '_Atomic is not supported');
    if (w === 'float' || w === 'double' || w === '_Complex' || w === '_Float128') p.fail(t, 'floating point is not supported');
    if (w === '__int128') p.fail(t, '__int128 is not supported');
    if (w === 'inline' || w === '__inline' || w === '__inline__') { spec.inline = true; p.next(); continue; }
    if (w === '_Noreturn' || w === '__extension__' || w === 'restrict' || w === '__restrict' || w === '__restrict__') { p.next(); continue; }
    if (w === 'const' || w === '__const' || w === '__const__') { isConst = true; p.next(); continue; }
    if (w === 'volatile' || w === '__volatile__') { isVolatile = true; p.next(); continue; }
    if (w === '__attribute__') { skipAttributes(p); continue; }
    if (w === '_Alignas') { spec.align = alignas(p); continue; }
    const td = p.typedefOf(t);
    const isTag = w === 'struct' || w === 'union' || w === 'enum' || w === 'typeof' || w === '__typeof__' || w === '__typeof' || w === '__builtin_va_list';
    if (isTag || (td && !KEYWORDS.has(w))) {
      if (counter !== 0 || named) break;
      p.next();
      if (w === 'struct' || w === 'union') named = recordDecl(p, w, t);
      else if (w === 'enum') named = enumDecl(p, t);
      else if (w === '__builtin_va_list') named = vaList(t);
      else if (td) { named = td; }
      else named = typeofSpec(p, t);
      counter |= OTHER;
      continue;
    }
    const bit = ({ void: VOID, _Bool: BOOL, char: CHAR, short: SHORT, int: INT, long: LONG, signed: SIGNED, __signed__: SIGNED, unsigned: UNSIGNED } as Record<string, number>)[w];
    if (bit === undefined) break;
    if (named) p.fail(t, `two or more data types in declaration specifiers`);
    counter += bit;
    if (!counterType(counter)) p.fail(t, `two or more data types in declaration specifiers`);
    p.next();
  }
  if (named) spec.ty = named;
  else if (counter) spec.ty = counterType(counter)!;
  else {
    spec.implicit = true;
    if (!spec.storage && !isConst && !isVolatile && !spec.inline) p.fail(start, `expected declaration specifiers before ${describe(start)}`);
  }
  spec.ty = qualified(spec.ty, isConst, isVolatile);
  return spec;
}

function alignas(p: Parser): number {
  p.next();
  p.expect('(');
  const t = p.tok;
  const a = p.isTypename() ? alignOf(typeName_(p)) : Number(constInt(p, conditional(p)));
  p.expect(')');
  if (a <= 0 || (a & (a - 1)) !== 0) p.error(t, 'requested alignment is not a positive power of 2');
  return a;
}

function typeofSpec(p: Parser, _t: Token): Type {
  p.expect('(');
  const r = p.isTypename() ? typeName_(p) : assignType(p);
  p.expect(')');
  return r;
}

function assignType(p: Parser): Type {
  const e = assign(p);
  return e.ty;
}

/** Skips GNU attributes; reports the ones that would change layout. */
export function skipAttributes(p: Parser): void {
  while (p.is('__attribute__')) {
    p.next();
    p.expect('(');
    p.expect('(');
    let depth = 2;
    while (depth > 0 && !p.atEof()) {
      const t = p.next();
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
      else if (t.text === 'packed' || t.text === '__packed__') p.error(t, "__attribute__((packed)) is not supported");
    }
  }
}

// ---- declarators ----

export interface Declarator { ty: Type; name?: Token; tok: Token }

function pointers(p: Parser, base: Type): Type {
  let t = base;
  while (p.accept('*')) {
    t = pointerTo(t);
    for (;;) {
      if (p.accept('const') || p.accept('__const')) t = qualified(t, true, false);
      else if (p.accept('volatile') || p.accept('__volatile__')) t = qualified(t, false, true);
      else if (p.accept('restrict') || p.accept('__restrict') || p.accept('__restrict__') || p.accept('_Nullable') || p.accept('_Nonnull')) continue;
      else if (p.is('__attribute__')) skipAttributes(p);
      else break;
    }
  }
  return t;
}

export function declarator(p: Parser, base: Type, abstract = false): Declarator {
  p.enter();
  const t = pointers(p, base);
  const tok = p.tok;
  if (p.is('(') && !isTypename(p, p.peekAt(1)) && !(p.peekAt(1).text === ')' && p.peekAt(1).kind === 'punct')) {
    const start = p.pos + 1;
    p.next();
    skipParens(p);
    const outer = typeSuffix(p, t);
    const end = p.pos;
    p.pos = start;
    const d = declarator(p, outer, abstract);
    p.expect(')');
    p.pos = end;
    p.leave();
    return d;
  }
  let name: Token | undefined;
  if (p.tok.kind === 'ident' && !KEYWORDS.has(p.tok.text)) name = p.next();
  else if (!abstract) p.fail(p.tok, `expected identifier or '(' before ${describe(p.tok)}`);
  const r = { ty: typeSuffix(p, t), name, tok: name ?? tok };
  p.leave();
  return r;
}

function skipParens(p: Parser): void {
  let depth = 1;
  while (depth > 0) {
    if (p.atEof()) p.fail(p.tok, "expected ')' before end of input");
    const t = p.next();
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
  }
}

function typeSuffix(p: Parser, t: Type): Type {
  if (p.is('(')) return funcParams(p, t);
  if (p.is('[')) return arrayDims(p, t);
  return t;
}

function arrayDims(p: Parser, elem: Type): Type {
  const open = p.next();
  while (p.accept('static') || p.accept('const') || p.accept('restrict') || p.accept('volatile') || p.accept('__restrict')) { /* qualifiers */ }
  let len = -1;
  if (!p.is(']')) {
    const e = assign(p);
    if (!isInteger(e.ty)) p.fail(e.tok, `size of array has non-integer type`);
    const v = tryConst(p, e);
    if (v === undefined) p.fail(e.tok, 'variable length arrays are not supported');
    if (v < 0n) p.fail(e.tok, 'size of array is negative');
    if (v > 1n << 40n) p.fail(e.tok, 'size of array is too large');
    len = Number(v);
  }
  p.expect(']');
  const inner = typeSuffix(p, elem);
  if (inner.kind === 'func') p.fail(open, 'declaration of array of functions');
  if (inner.kind === 'void') p.fail(open, "declaration of array of 'void'");
  if (inner.kind === 'array' && inner.arrayLen < 0) p.fail(open, "array type has incomplete element type");
  if (isRecord(inner) && !inner.rec!.complete) p.fail(open, `array type has incomplete element type '${typeName(inner)}'`);
  return arrayOf(inner, len);
}

function tryConst(p: Parser, e: Node): bigint | undefined {
  const save = p.diags.list.length;
  const errs = p.diags.errors;
  try { return constInt(p, e); } catch {
    p.diags.list.length = save;
    p.diags.errors = errs;
    return undefined;
  }
}

function funcParams(p: Parser, ret: Type): Type {
  const open = p.next();
  if (ret.kind === 'func') p.error(open, 'function cannot return a function');
  if (ret.kind === 'array') p.error(open, 'function cannot return an array');
  if (p.is('void') && p.peekAt(1).text === ')') { p.next(); p.next(); return withNames(funcType(ret, [], false, false), []); }
  if (p.accept(')')) return withNames(funcType(ret, [], false, true), []);
  const params: Type[] = [];
  const names: Array<Token | undefined> = [];
  let variadic = false;
  p.pushScope();
  try {
    for (;;) {
      if (p.accept('...')) { variadic = true; break; }
      if (!p.isTypename()) {
        if (p.tok.kind === 'ident' && !KEYWORDS.has(p.tok.text)) p.fail(p.tok, `unknown type name '${p.tok.text}'`);
        p.fail(p.tok, `expected declaration specifiers or '...' before ${describe(p.tok)}`);
      }
      const spec = declspec(p, true);
      const d = declarator(p, spec.ty, true);
      skipAttributes(p);
      let pt = d.ty;
      if (pt.kind === 'array') pt = qualified(pointerTo(pt.base!), pt.isConst, pt.isVolatile);
      else if (pt.kind === 'func') pt = pointerTo(pt);
      if (pt.kind === 'void') p.fail(d.tok, "'void' must be the only parameter");
      params.push(pt);
      names.push(d.name);
      if (d.name) p.declare(d.name.text, {});
      if (!p.accept(',')) break;
    }
  } finally { p.popScope(); }
  p.expect(')', "')'");
  const inner = typeSuffix(p, ret);
  return withNames(funcType(inner, params, variadic, false), names);
}

function withNames(t: Type, names: Array<Token | undefined>): Type {
  t.paramNames = names;
  return t;
}

/** A type name (cast, sizeof, compound literal): specifiers plus abstract declarator. */
export function typeName_(p: Parser): Type {
  const spec = declspec(p, false);
  return declarator(p, spec.ty, true).ty;
}

// ---- struct, union, enum ----

function recordDecl(p: Parser, kind: 'struct' | 'union', kw: Token): Type {
  skipAttributes(p);
  let tag: Token | undefined;
  if (p.tok.kind === 'ident' && !KEYWORDS.has(p.tok.text)) tag = p.next();
  if (tag && !p.is('{')) {
    const declOnly = p.is(';');
    const found = p.lookupTag(tag.text, declOnly);
    if (found) {
      if (found.kind !== kind) p.error(tag, `'${tag.text}' defined as wrong kind of tag`);
      return found;
    }
    const t = recordType(kind, { tag: tag.text, members: [], size: 0, align: 1, complete: false, flexible: false });
    p.declareTag(tag.text, t);
    return t;
  }
  if (!tag && !p.is('{')) p.fail(p.tok, `expected '{' before ${describe(p.tok)}`);
  let t: Type;
  const existing = tag ? p.lookupTag(tag.text, true) : undefined;
  if (existing && existing.kind === kind && !existing.rec!.complete) t = existing;
  else {
    if (existing) p.error(tag!, `redefinition of '${kind} ${tag!.text}'`);
    t = recordType(kind, { tag: tag?.text, members: [], size: 0, align: 1, complete: false, flexible: false });
    if (tag) p.declareTag(tag.text, t);
  }
  const fields = memberList(p, kw);
  skipAttributes(p);
  layoutRecord(t.rec!, kind, fields);
  return t;
}

function memberList(p: Parser, kw: Token): FieldDecl[] {
  p.expect('{');
  const fields: FieldDecl[] = [];
  while (!p.accept('}')) {
    if (p.atEof()) p.fail(p.tok, `expected '}' before end of input`);
    if (p.accept(';')) continue;
    if (p.is('_Static_assert')) { staticAssert(p); continue; }
    p.guarded(() => memberDecl(p, fields));
  }
  fields.forEach((f, i) => {
    if (f.ty.kind === 'array' && f.ty.arrayLen < 0 && i !== fields.length - 1) p.error(f.tok, 'flexible array member not at end of struct');
  });
  if (fields.length === 0) p.warn(kw, `${kw.text} has no members`);
  return fields;
}

function memberDecl(p: Parser, fields: FieldDecl[]): void {
  const spec = declspec(p, false);
  if (p.accept(';')) {
    if (isRecord(spec.ty)) fields.push({ ty: spec.ty, tok: p.tok });
    else p.warn(p.tok, 'declaration does not declare anything');
    return;
  }
  for (;;) {
    let d: Declarator = { ty: spec.ty, tok: p.tok };
    if (!p.is(':')) d = declarator(p, spec.ty);
    let bitWidth: number | undefined;
    if (p.accept(':')) {
      const wt = p.tok;
      const w = Number(constInt(p, conditional(p)));
      if (!isInteger(d.ty)) p.fail(wt, `bit-field '${d.name?.text ?? '<anonymous>'}' has invalid type`);
      if (w < 0) p.fail(wt, `negative width in bit-field '${d.name?.text ?? '<anonymous>'}'`);
      if (w > sizeOf(d.ty) * 8) p.fail(wt, `width of '${d.name?.text ?? '<anonymous>'}' exceeds its type`);
      if (w === 0 && d.name) p.fail(wt, `zero width for bit-field '${d.name.text}'`);
      bitWidth = w;
    }
    skipAttributes(p);
    if (d.ty.kind === 'func') p.error(d.tok, `field '${d.name?.text}' declared as a function`);
    else if (!(d.ty.kind === 'array' && d.ty.arrayLen < 0) && (d.ty.kind === 'void' || (isRecord(d.ty) && !d.ty.rec!.complete))) {
      p.error(d.tok, `field '${d.name?.text}' has incomplete type`);
    } else fields.push({ name: d.name, ty: d.ty, bitWidth, tok: d.tok });
    if (!p.accept(',')) break;
  }
  p.expect(';', "';'");
}

function enumDecl(p: Parser, kw: Token): Type {
  skipAttributes(p);
  let tag: Token | undefined;
  if (p.tok.kind === 'ident' && !KEYWORDS.has(p.tok.text)) tag = p.next();
  if (tag && !p.is('{')) {
    const found = p.lookupTag(tag.text);
    if (found) return found;
    const t = clone(ty.uint);
    t.enumTag = tag.text;
    p.declareTag(tag.text, t);
    return t;
  }
  p.expect('{');
  const consts: Array<[Token, bigint]> = [];
  let v = 0n;
  while (!p.accept('}')) {
    const name = p.ident();
    if (p.accept('=')) v = constInt(p, conditional(p));
    consts.push([name, v]);
    if (p.lookupLocalScope(name.text)) p.error(name, `redeclaration of '${name.text}'`);
    p.declare(name.text, { enumVal: v, enumTy: constType(v) });
    v++;
    if (!p.accept(',')) { p.expect('}', "',' or '}'"); break; }
  }
  const min = consts.reduce((m, c) => (c[1] < m ? c[1] : m), 0n);
  const max = consts.reduce((m, c) => (c[1] > m ? c[1] : m), 0n);
  let base = min < 0n ? ty.int : ty.uint;
  if (min < -(1n << 31n) || max >= 1n << 32n || (min < 0n && max >= 1n << 31n)) base = min < 0n ? ty.long : ty.ulong;
  const t = clone(base);
  t.enumTag = tag?.text ?? '<anonymous>';
  if (tag) {
    const prev = p.lookupTag(tag.text, true);
    if (prev && prev.enumTag && prev !== t) Object.assign(prev, { unsigned: t.unsigned, size: t.size, align: t.align });
    else p.declareTag(tag.text, t);
  }
  void kw;
  return t;
}

function constType(v: bigint): Type {
  if (v >= -(1n << 31n) && v < 1n << 31n) return ty.int;
  if (v >= 0n && v < 1n << 32n) return ty.uint;
  return v < 0n || v < 1n << 63n ? ty.long : ty.ulong;
}

export function staticAssert(p: Parser): void {
  const kw = p.next();
  p.expect('(');
  const e = conditional(p);
  const v = constInt(p, e);
  let msg = '';
  if (p.accept(',')) {
    const s = p.tok;
    if (s.kind !== 'str') p.fail(s, 'expected string literal');
    while (p.tok.kind === 'str') msg += p.next().text.slice(1, -1);
  }
  p.expect(')');
  p.expect(';');
  if (v === 0n) p.error(kw, `static assertion failed${msg ? `: "${msg}"` : ''}`);
}

// ---- declarations ----

export function declaration(p: Parser, isGlobal: boolean): Node[] {
  if (p.is('_Static_assert')) { staticAssert(p); return []; }
  const specTok = p.tok;
  const spec = declspec(p, true);
  if (p.accept(';')) return [];
  const out: Node[] = [];
  let first = true;
  for (;;) {
    const d = declarator(p, spec.ty);
    const asmName = asmLabel(p);
    skipAttributes(p);
    const name = d.name!;
    if (spec.implicit) p.warn(name, `type defaults to 'int' in declaration of '${name.text}'`);
    if (spec.storage === 'typedef') {
      const t = clone(d.ty);
      t.typedefName = name.text;
      const prev = p.lookupLocalScope(name.text);
      if (prev && !(prev.typedef && compatible(prev.typedef, d.ty))) p.error(name, `conflicting types for '${name.text}'`);
      p.declare(name.text, { typedef: t });
    } else if (d.ty.kind === 'func') {
      const fn = declareFunction(p, d, spec, asmName);
      if (p.is('{')) {
        if (!isGlobal || !first) p.fail(p.tok, 'function definition is not allowed here');
        if (fn.isDefinition) p.error(name, `redefinition of '${name.text}'`);
        p.functionBody(fn, d.ty.paramNames ?? []);
        return [];
      }
    } else if (isGlobal || spec.storage === 'static' || spec.storage === 'extern') {
      globalVar(p, d, spec, asmName, isGlobal);
    } else {
      out.push(...localVar(p, d, spec, asmName));
    }
    first = false;
    if (p.accept(',')) continue;
    if (!p.is(';')) p.fail(p.tok, `expected ';', ',' or '=' before ${describe(p.tok)}`);
    p.next();
    void specTok;
    return out;
  }
}

function asmLabel(p: Parser): string | undefined {
  if (!(p.is('__asm__') || p.is('asm') || p.is('__asm'))) return undefined;
  p.next();
  p.expect('(');
  const s = p.tok;
  if (s.kind !== 'str') p.fail(s, 'expected string literal');
  p.next();
  p.expect(')');
  return s.text.slice(1, -1);
}

const linkage = new WeakMap<Parser, Map<string, Obj>>();
function globalsByName(p: Parser): Map<string, Obj> {
  let m = linkage.get(p);
  if (!m) { m = new Map(); linkage.set(p, m); }
  return m;
}

export function registerGlobal(p: Parser, o: Obj): void {
  globalsByName(p).set(o.name, o);
}

function declareFunction(p: Parser, d: Declarator, spec: DeclSpec, asmName?: string): Obj {
  const name = d.name!;
  const map = globalsByName(p);
  let fn = map.get(name.text);
  if (fn && fn.isFunction) {
    if (!compatible(fn.ty, d.ty, false)) {
      p.error(name, `conflicting types for '${name.text}'`);
      p.diags.note(fn.tok, `previous declaration of '${name.text}' with type '${typeName(fn.ty)}'`);
    } else if (fn.ty.oldStyle && !d.ty.oldStyle) fn.ty = d.ty;
    if (p.is('{')) { fn.ty = d.ty; fn.tok = name; }
    if (spec.storage === 'static' && !fn.isStatic && fn.isDefinition) p.error(name, `static declaration of '${name.text}' follows non-static declaration`);
  } else {
    if (fn) p.error(name, `'${name.text}' redeclared as different kind of symbol`);
    fn = p.newGlobal(name.text, asmName ?? name.text, d.ty, name);
    fn.isStatic = spec.storage === 'static';
    map.set(name.text, fn);
  }
  if (spec.inline) fn.isInline = true;
  if (spec.storage === 'static') fn.isStatic = true;
  p.declare(name.text, { obj: fn });
  return fn;
}

function globalVar(p: Parser, d: Declarator, spec: DeclSpec, asmName: string | undefined, atFile: boolean): void {
  const name = d.name!;
  if (!atFile && spec.storage === 'static') return staticLocal(p, d, spec);
  const map = globalsByName(p);
  let g = map.get(name.text);
  if (g && g.isFunction) { p.error(name, `'${name.text}' redeclared as different kind of symbol`); g = undefined; }
  if (g) {
    if (!compatible(g.ty, d.ty)) {
      const ok = g.ty.kind === 'array' && d.ty.kind === 'array' && compatible(g.ty.base!, d.ty.base!);
      if (!ok) p.error(name, `conflicting types for '${name.text}'`);
    }
    if (g.ty.kind === 'array' && g.ty.arrayLen < 0) g.ty = d.ty;
  } else {
    g = p.newGlobal(name.text, asmName ?? name.text, d.ty, name);
    g.isStatic = spec.storage === 'static';
    g.isExtern = true;
    map.set(name.text, g);
  }
  if (spec.align) g.align = Math.max(spec.align, g.align ?? 0);
  p.declare(name.text, { obj: g });
  if (spec.storage !== 'extern' || p.is('=')) g.isExtern = false;
  if (p.accept('=')) {
    if (g.init) p.error(name, `redefinition of '${name.text}'`);
    if (spec.storage === 'extern') p.warn(name, `'${name.text}' initialized and declared 'extern'`);
    globalInit(p, g);
    g.isDefinition = true;
  } else if (spec.storage !== 'extern' && atFile) {
    g.isDefinition = true;
  }
  if (g.isDefinition && !g.init && g.ty.kind === 'array' && g.ty.arrayLen < 0) {
    p.warn(name, `array '${name.text}' assumed to have one element`);
    g.ty = arrayOf(g.ty.base!, 1);
  }
  if (g.isDefinition && !isCompleteObj(g.ty)) p.error(name, `storage size of '${name.text}' isn't known`);
}

function isCompleteObj(t: Type): boolean {
  if (t.kind === 'void') return false;
  if (isRecord(t)) return t.rec!.complete;
  if (t.kind === 'array') return t.arrayLen >= 0 && isCompleteObj(t.base!);
  return true;
}

function staticLocal(p: Parser, d: Declarator, spec: DeclSpec): void {
  const name = d.name!;
  const g = p.newGlobal(name.text, p.uniqueName(`${p.fn?.name ?? ''}.${name.text}`).replace(/^\./, ''), d.ty, name);
  g.isStatic = true;
  g.isDefinition = true;
  if (spec.align) g.align = spec.align;
  p.declare(name.text, { obj: g });
  if (p.accept('=')) globalInit(p, g);
  if (!isCompleteObj(g.ty)) p.error(name, `storage size of '${name.text}' isn't known`);
}

function localVar(p: Parser, d: Declarator, spec: DeclSpec, asmName?: string): Node[] {
  const name = d.name!;
  const prev = p.lookupLocalScope(name.text);
  if (prev) p.error(name, `redefinition of '${name.text}'`);
  const v = p.newLocal(name.text, d.ty, name);
  if (spec.align) v.align = spec.align;
  if (asmName) {
    if (spec.storage !== 'register') p.error(name, `asm register name given for non-register variable '${name.text}'`);
    if (!/^[xw]([0-9]|[12][0-9]|30)$/.test(asmName)) p.error(name, `invalid register name for '${name.text}'`);
    v.reg = 'x' + asmName.slice(1);
  }
  if (p.accept('=')) return localInit(p, v);
  if (!isCompleteObj(v.ty)) p.error(name, `storage size of '${name.text}' isn't known`);
  return [];
}

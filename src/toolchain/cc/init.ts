// Initializers (C11 6.7.9): brace lists with elision and designators flattened into
// (offset, type, value) entries, then laid out as bytes with relocations for static
// storage or as stores for automatic objects. Toolchain layer, C parser stage.

import type { Node, Obj, Reloc } from './ast.ts';
import { constInt, constReloc } from './consteval.ts';
import { assign, conditional } from './expr.ts';
import type { Parser } from './parse.ts';
import { convertAs, mk, varNode } from './sema.ts';
import type { Token } from './tokenize.ts';
import { arrayOf, compatible, findMember, isRecord, isScalar, type Member, sizeOf, type Type, ty, typeName, unqualified } from './type.ts';

interface Entry {
  offset: number;
  ty: Type;
  /** Scalar value, or a struct/union/array copied whole. */
  expr?: Node;
  /** String literal bytes for a char array. */
  bytes?: Uint8Array;
  bit?: Member;
  tok: Token;
}

class Collector {
  entries: Entry[] = [];
  constructor(readonly p: Parser) {}

  /** One initializer for an object of type t at offset; returns the array length used. */
  item(t: Type, off: number): number {
    const p: Parser = this.p;
    if (p.is('{')) {
      p.next();
      return this.braceList(t, off);
    }
    if (t.kind === 'array' && this.stringStart(t)) return this.string(t, off);
    if (t.kind === 'array' || isRecord(t)) {
      const tok = p.tok;
      const e = assign(p);
      if (isRecord(t) && isRecord(e.ty) && compatible(unqualified(t), unqualified(e.ty), false)) {
        this.entries.push({ offset: off, ty: t, expr: e, tok });
        return -1;
      }
      if (t.kind === 'array' && e.kind === 'var' && (e as Node & { strLit?: boolean }).strLit) p.fail(tok, 'invalid initializer');
      if (t.kind === 'array' && t.arrayLen < 0) p.fail(tok, 'invalid initializer');
      const st = { pending: e as Node | undefined, stop: false };
      this.elide(t, off, st);
      return -1;
    }
    this.scalar(t, off, assign(p));
    return -1;
  }

  private stringStart(t: Type): boolean {
    const p: Parser = this.p;
    const e = t.base!;
    return p.tok.kind === 'str' && (e.kind === 'char' || (e.kind === 'int' && e.unsigned) || (e.kind === 'short' && e.unsigned) || e.kind === 'int');
  }

  private string(t: Type, off: number): number {
    const p: Parser = this.p;
    const tok = p.tok;
    const e = assign(p);
    const bytes = e.obj?.init?.bytes;
    if (!bytes || sizeOf(e.ty.base!) !== sizeOf(t.base!)) p.fail(tok, 'array of inappropriate type initialized from string constant');
    const len = e.ty.arrayLen;
    const n = t.arrayLen < 0 ? len : t.arrayLen;
    if (t.arrayLen >= 0 && len - 1 > t.arrayLen) p.warn(tok, 'initializer-string for array of chars is too long');
    this.entries.push({ offset: off, ty: t, bytes: bytes.slice(0, n * sizeOf(t.base!)), tok });
    return n;
  }

  scalar(t: Type, off: number, e: Node, bit?: Member): void {
    if (!isScalar(t) && !isRecord(t)) this.p.fail(e.tok, 'invalid initializer');
    const c = convertAs(this.p, e, t, { kind: 'initialization' }, e.tok);
    this.entries.push({ offset: off, ty: t, expr: c, bit, tok: e.tok });
  }

  private braceList(t: Type, off: number): number {
    const p: Parser = this.p;
    const open = p.tok;
    if (isScalar(t)) {
      if (p.is('}')) p.fail(p.tok, 'empty scalar initializer');
      this.item(t, off);
      while (p.accept(',')) {
        if (p.is('}')) break;
        p.warn(p.tok, 'excess elements in scalar initializer');
        assign(p);
      }
      p.expect('}');
      return -1;
    }
    if (t.kind === 'array' && this.stringStart(t) && p.peekAt(1).text === '}') {
      const n = this.string(t, off);
      p.expect('}');
      return n;
    }
    let index = 0;
    let maxLen = 0;
    let first = true;
    while (!p.accept('}')) {
      if (p.atEof()) p.fail(open, "expected '}' before end of input");
      if (!first) {
        p.expect(',', "',' or '}'");
        if (p.accept('}')) break;
      }
      first = false;
      if (p.is('[') || p.is('.')) {
        index = this.designation(t, off);
      } else {
        const slot = this.slot(t, index, off);
        if (!slot) {
          p.warn(p.tok, `excess elements in ${t.kind === 'array' ? 'array' : t.kind} initializer`);
          skipItem(p);
          continue;
        }
        this.member(slot);
        index++;
      }
      maxLen = Math.max(maxLen, index);
    }
    return t.kind === 'array' ? maxLen : -1;
  }

  private member(slot: Slot): void {
    if (slot.bit) { this.scalar(slot.ty, slot.offset, assign(this.p), slot.bit); return; }
    this.item(slot.ty, slot.offset);
  }

  /** `[i]` / `.m` designators; returns the top-level index that follows. */
  private designation(t: Type, off: number): number {
    const p: Parser = this.p;
    let cur = t;
    let curOff = off;
    let topNext = -1;
    let bit: Member | undefined;
    while (p.is('[') || p.is('.')) {
      if (p.accept('[')) {
        if (cur.kind !== 'array') p.fail(p.tok, 'array index in non-array initializer');
        const tok = p.tok;
        const i = Number(constInt(p, conditional(p)));
        p.expect(']');
        if (i < 0 || (cur.arrayLen >= 0 && i >= cur.arrayLen)) p.fail(tok, 'array index in initializer exceeds array bounds');
        if (topNext < 0) topNext = i + 1;
        curOff += i * sizeOf(cur.base!);
        cur = cur.base!;
        bit = undefined;
      } else {
        p.next();
        const name = p.ident();
        if (!isRecord(cur)) p.fail(name, `field name not in record or union initializer`);
        const m = findMember(cur, name.text);
        if (!m) p.fail(name, `'${typeName(cur)}' has no member named '${name.text}'`);
        if (topNext < 0) topNext = memberIndex(cur, name.text) + 1;
        curOff += m.offset;
        cur = m.ty;
        bit = m.bitWidth !== undefined ? m : undefined;
      }
    }
    p.accept('=');
    if (bit) this.scalar(cur, curOff, assign(p), bit);
    else this.item(cur, curOff);
    return topNext;
  }

  /** Brace elision: fills sub-objects of t from the enclosing list. */
  elide(t: Type, off: number, st: { pending?: Node; stop: boolean }): void {
    const n = t.kind === 'array' ? t.arrayLen : t.kind === 'union' ? 1 : t.rec!.members.length;
    for (let i = 0; i < n && !st.stop; i++) {
      const s = this.slot(t, i, off)!;
      if (!st.pending) {
        const p: Parser = this.p;
        const after = p.peekAt(1);
        if (!p.is(',') || after.text === '}' || after.text === '.' || after.text === '[') { st.stop = true; return; }
        p.next();
        if ((s.ty.kind === 'array' || isRecord(s.ty)) && !p.is('{') && !(s.ty.kind === 'array' && p.tok.kind === 'str')) {
          st.pending = assign(p);
          if (isRecord(s.ty) && isRecord(st.pending.ty) && compatible(unqualified(s.ty), unqualified(st.pending.ty), false)) {
            this.entries.push({ offset: s.offset, ty: s.ty, expr: st.pending, tok: st.pending.tok });
            st.pending = undefined;
            continue;
          }
          this.elide(s.ty, s.offset, st);
          continue;
        }
        this.member(s);
        continue;
      }
      const e = st.pending;
      if (s.ty.kind === 'array' || isRecord(s.ty)) {
        if (isRecord(s.ty) && isRecord(e.ty) && compatible(unqualified(s.ty), unqualified(e.ty), false)) {
          this.entries.push({ offset: s.offset, ty: s.ty, expr: e, tok: e.tok });
          st.pending = undefined;
        } else this.elide(s.ty, s.offset, st);
        continue;
      }
      st.pending = undefined;
      this.scalar(s.ty, s.offset, e, s.bit);
    }
  }

  /** The i-th sub-object of an aggregate, or undefined past its end. */
  private slot(t: Type, i: number, off: number): Slot | undefined {
    if (t.kind === 'array') {
      if (t.arrayLen >= 0 && i >= t.arrayLen) return undefined;
      return { ty: t.base!, offset: off + i * sizeOf(t.base!) };
    }
    const ms = t.rec!.members;
    if (t.kind === 'union' && i > 0) return undefined;
    let m = ms[i];
    if (!m) return undefined;
    if (m.ty.kind === 'array' && m.ty.arrayLen < 0) return undefined;
    m = m as Member;
    return { ty: m.ty, offset: off + m.offset, bit: m.bitWidth !== undefined ? m : undefined };
  }
}

interface Slot { ty: Type; offset: number; bit?: Member }

function memberIndex(t: Type, name: string): number {
  const ms = t.rec!.members;
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i];
    if (m.name?.text === name) return i;
    if (m.anon && findMember(m.ty, name)) return i;
  }
  return 0;
}

function skipItem(p: Parser): void {
  if (p.is('{')) {
    let d = 0;
    do {
      const t = p.next();
      if (t.text === '{') d++;
      else if (t.text === '}') d--;
    } while (d > 0 && !p.atEof());
    return;
  }
  assign(p);
}

/** Parses `= initializer` for obj (the '=' is consumed) and completes array sizes. */
function collect(p: Parser, o: Obj): Entry[] {
  const c = new Collector(p);
  const len = c.item(o.ty, 0);
  if (o.ty.kind === 'array' && o.ty.arrayLen < 0) {
    if (len < 0) p.fail(o.tok, `invalid initializer for '${o.name}'`);
    o.ty = arrayOf(o.ty.base!, len);
  }
  return c.entries;
}

export function globalInit(p: Parser, o: Obj): void {
  const entries = collect(p, o);
  const bytes = new Uint8Array(sizeOf(o.ty));
  const relocs: Reloc[] = [];
  for (const e of entries) {
    if (e.bytes) { bytes.set(e.bytes.slice(0, Math.max(0, bytes.length - e.offset)), e.offset); continue; }
    if (!isScalar(e.ty)) {
      const src = e.expr!;
      if (src.kind === 'var' && src.obj!.init && !src.obj!.isLocal && (src.obj as Obj & { compoundLit?: boolean }).compoundLit) {
        bytes.set(src.obj!.init.bytes, e.offset);
        for (const r of src.obj!.init.relocs) relocs.push({ ...r, offset: r.offset + e.offset });
        continue;
      }
      p.fail(e.tok, 'initializer element is not constant');
    }
    const v = constReloc(p, e.expr!);
    for (let i = relocs.length - 1; i >= 0; i--) if (relocs[i].offset === e.offset) relocs.splice(i, 1);
    if (v.label !== undefined) {
      if (sizeOf(e.ty) !== 8) p.fail(e.tok, 'initializer element is not computable at load time');
      relocs.push({ offset: e.offset, label: v.label, addend: Number(v.addend) });
      writeInt(bytes, e.offset, 8, 0n);
      continue;
    }
    if (e.bit) writeBits(bytes, e.offset, sizeOf(e.ty), e.bit, v.addend);
    else writeInt(bytes, e.offset, sizeOf(e.ty), v.addend);
  }
  o.init = { bytes, relocs };
}

function writeInt(b: Uint8Array, off: number, size: number, v: bigint): void {
  let x = BigInt.asUintN(64, v);
  for (let i = 0; i < size && off + i < b.length; i++) { b[off + i] = Number(x & 0xffn); x >>= 8n; }
}

function writeBits(b: Uint8Array, off: number, size: number, m: Member, v: bigint): void {
  let unit = 0n;
  for (let i = size - 1; i >= 0; i--) unit = (unit << 8n) | BigInt(b[off + i] ?? 0);
  const mask = ((1n << BigInt(m.bitWidth!)) - 1n) << BigInt(m.bitOffset!);
  unit = (unit & ~mask) | ((BigInt.asUintN(64, v) << BigInt(m.bitOffset!)) & mask);
  writeInt(b, off, size, unit);
}

/** Initialization of an automatic object as a list of expression statements. */
export function localInit(p: Parser, o: Obj): Node[] {
  const tok = p.tok;
  const entries = collect(p, o);
  const target = varNode(o, o.tok);
  const out: Node[] = [];
  const whole = entries.length === 1 && entries[0].offset === 0 && entries[0].expr && sizeOf(entries[0].ty) === sizeOf(o.ty) && !entries[0].bit;
  if (!isScalar(o.ty) && !whole) out.push(mk('memzero', tok, ty.void, { lhs: target }));
  for (const e of entries) {
    const m: Member = e.bit ?? { ty: e.ty, offset: e.offset };
    const lhs = e.offset === 0 && !e.bit && e.ty === o.ty ? target : mk('member', e.tok, e.ty, { lhs: target, member: m });
    if (e.bytes) {
      const src = p.stringObj(arrayOf(ty.uchar, e.bytes.length), e.bytes, e.tok);
      src.referenced = true;
      const dst = mk('member', e.tok, src.ty, { lhs: target, member: { ty: src.ty, offset: e.offset } });
      out.push(mk('exprstmt', e.tok, ty.void, { lhs: mk('assign', e.tok, src.ty, { lhs: dst, rhs: varNode(src, e.tok) }) }));
      continue;
    }
    out.push(mk('exprstmt', e.tok, ty.void, { lhs: mk('assign', e.tok, e.ty, { lhs, rhs: e.expr! }) }));
  }
  return out;
}

/** `(type){ ... }`: an unnamed object, automatic inside functions, static outside. */
export function compoundLiteral(p: Parser, t: Type, open: Token): Node {
  if (t.kind === 'void' || t.kind === 'func' || (isRecord(t) && !t.rec!.complete)) p.fail(open, `compound literal has incomplete type '${typeName(t)}'`);
  if (!p.fn) {
    const g = p.newGlobal('', p.uniqueName('.L.compound'), t, open);
    g.isStatic = true;
    g.isDefinition = true;
    (g as Obj & { compoundLit?: boolean }).compoundLit = true;
    globalInit(p, g);
    return varNode(g, open);
  }
  const v = p.newLocal('', t, open);
  const inits = localInit(p, v);
  let n: Node = varNode(v, open);
  for (let i = inits.length - 1; i >= 0; i--) n = mk('comma', open, n.ty, { lhs: inits[i].kind === 'exprstmt' ? inits[i].lhs! : inits[i], rhs: n });
  return n;
}

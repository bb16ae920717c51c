// C types for the AArch64 LP64 ABI: sizes, alignment, struct/union layout with
// bit-fields as gcc lays them out (AAPCS64 7.1), integer promotions and the usual
// arithmetic conversions (C11 6.3.1). Toolchain layer, C compiler type system.

import type { Token } from './tokenize.ts';

export type Kind =
  | 'void' | 'bool' | 'char' | 'short' | 'int' | 'long' | 'ptr' | 'array' | 'func' | 'struct' | 'union';

export interface Member {
  name?: Token;
  ty: Type;
  offset: number;
  /** Bit-fields: width and bit position inside the unit at `offset` of size ty.size. */
  bitWidth?: number;
  bitOffset?: number;
  /** Anonymous struct/union member whose members are reachable directly. */
  anon?: boolean;
}

/** Shared body of a struct/union so that qualified copies see its completion. */
export interface Rec {
  tag?: string;
  members: Member[];
  size: number;
  align: number;
  complete: boolean;
  flexible: boolean;
}

export class Type {
  size = 0;
  align = 1;
  unsigned = false;
  isConst = false;
  isVolatile = false;
  /** 'long long' spelled, for names and compatibility. */
  longLong = false;
  /** Enumerated type name when an int type came from an enum. */
  enumTag?: string;
  base?: Type;
  arrayLen = -1;
  rec?: Rec;
  ret?: Type;
  params: Type[] = [];
  variadic = false;
  /** Function declared with () (no prototype). */
  oldStyle = false;
  /** Unsigned bit-field narrower than int: promotes to int (C11 6.3.1.1p2). */
  promotesToInt?: boolean;
  /** Function declarators: parameter names, for definitions. */
  paramNames?: Array<Token | undefined>;
  /** Typedef name this type was spelled with (for diagnostics only). */
  typedefName?: string;

  constructor(readonly kind: Kind, size = 0, align = 1) {
    this.size = size;
    this.align = align;
  }

  get recSize(): number { return this.rec ? this.rec.size : this.size; }
}

const make = (kind: Kind, size: number, unsigned = false): Type => {
  const t = new Type(kind, size, Math.max(size, 1));
  t.unsigned = unsigned;
  return t;
};

export const ty = {
  void: make('void', 1),
  bool: make('bool', 1, true),
  char: make('char', 1, true),
  schar: make('char', 1),
  uchar: make('char', 1, true),
  short: make('short', 2),
  ushort: make('short', 2, true),
  int: make('int', 4),
  uint: make('int', 4, true),
  long: make('long', 8),
  ulong: make('long', 8, true),
};
ty.void.size = 1;

export function clone(t: Type): Type {
  const c = Object.create(Type.prototype) as Type;
  Object.assign(c, t);
  return c;
}

export function qualified(t: Type, isConst: boolean, isVolatile: boolean): Type {
  if (!isConst && !isVolatile) return t;
  const c = clone(t);
  c.isConst = c.isConst || isConst;
  c.isVolatile = c.isVolatile || isVolatile;
  return c;
}

export function unqualified(t: Type): Type {
  if (!t.isConst && !t.isVolatile && !t.typedefName) return t;
  const c = clone(t);
  c.isConst = false;
  c.isVolatile = false;
  c.typedefName = undefined;
  return c;
}

export function pointerTo(base: Type): Type {
  const t = new Type('ptr', 8, 8);
  t.unsigned = true;
  t.base = base;
  return t;
}

export function arrayOf(base: Type, len: number): Type {
  const t = new Type('array', sizeOf(base) * Math.max(len, 0), alignOf(base));
  t.base = base;
  t.arrayLen = len;
  return t;
}

export function funcType(ret: Type, params: Type[], variadic: boolean, oldStyle: boolean): Type {
  const t = new Type('func', 1, 1);
  t.ret = ret;
  t.params = params;
  t.variadic = variadic;
  t.oldStyle = oldStyle;
  return t;
}

export function recordType(kind: 'struct' | 'union', rec: Rec): Type {
  const t = new Type(kind);
  t.rec = rec;
  return t;
}

export const sizeOf = (t: Type): number => (t.rec ? t.rec.size : t.size);
export const alignOf = (t: Type): number => (t.rec ? t.rec.align : t.align);

export const isInteger = (t: Type): boolean =>
  t.kind === 'bool' || t.kind === 'char' || t.kind === 'short' || t.kind === 'int' || t.kind === 'long';
export const isPointerLike = (t: Type): boolean => t.kind === 'ptr' || t.kind === 'array' || t.kind === 'func';
export const isScalar = (t: Type): boolean => isInteger(t) || t.kind === 'ptr';
export const isRecord = (t: Type): boolean => t.kind === 'struct' || t.kind === 'union';
export const isComplete = (t: Type): boolean =>
  t.kind === 'void' ? false : t.rec ? t.rec.complete : t.kind === 'array' ? t.arrayLen >= 0 : true;
/** Values of this type live in an X register (64-bit); others use W registers. */
export const isWide = (t: Type): boolean => t.kind === 'long' || isPointerLike(t);

const RANK: Partial<Record<Kind, number>> = { bool: 0, char: 1, short: 2, int: 3, long: 4 };

export function promote(t: Type): Type {
  if (!isInteger(t)) return t;
  if (t.promotesToInt) return ty.int;
  if (t.kind === 'int') return t.unsigned ? ty.uint : ty.int;
  if (t.kind === 'long') return t.unsigned ? ty.ulong : ty.long;
  return ty.int;
}

/** The common type of the usual arithmetic conversions (both operands integers). */
export function commonType(a: Type, b: Type): Type {
  const x = promote(a);
  const y = promote(b);
  const rx = RANK[x.kind]!;
  const ry = RANK[y.kind]!;
  if (rx === ry) return x.unsigned || y.unsigned ? (rx === 4 ? ty.ulong : ty.uint) : x.kind === 'long' ? ty.long : ty.int;
  const [hi, lo] = rx > ry ? [x, y] : [y, x];
  if (hi.unsigned || !lo.unsigned) return hi.kind === 'long' ? (hi.unsigned ? ty.ulong : ty.long) : hi;
  // Signed wider type can represent every value of the unsigned narrower one.
  return hi;
}

/** Compatible types (C11 6.2.7), ignoring top-level qualifiers when `top` is false. */
export function compatible(a: Type, b: Type, quals = true): boolean {
  if (a === b) return true;
  if (quals && (a.isConst !== b.isConst || a.isVolatile !== b.isVolatile)) return false;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'char': case 'short': case 'int': case 'long':
      return a.unsigned === b.unsigned && a.longLong === b.longLong && (a.kind !== 'char' || a === b || sameChar(a, b));
    case 'ptr': return compatible(a.base!, b.base!);
    case 'array':
      return compatible(a.base!, b.base!) && (a.arrayLen < 0 || b.arrayLen < 0 || a.arrayLen === b.arrayLen);
    case 'func':
      if (!compatible(a.ret!, b.ret!, false)) return false;
      if (a.oldStyle || b.oldStyle) return true;
      return a.variadic === b.variadic && a.params.length === b.params.length &&
        a.params.every((p, i) => compatible(unqualified(p), unqualified(b.params[i]), false));
    case 'struct': case 'union': return a.rec === b.rec;
    default: return true;
  }
}

/** plain char, signed char and unsigned char are three distinct types. */
function sameChar(a: Type, b: Type): boolean {
  const plain = (t: Type): boolean => (t as Type & { plainChar?: boolean }).plainChar === true;
  return plain(a) === plain(b);
}
(ty.char as Type & { plainChar?: boolean }).plainChar = true;

export function baseName(t: Type): string {
  const q = (t.isConst ? 'const ' : '') + (t.isVolatile ? 'volatile ' : '');
  if (t.typedefName) return q + t.typedefName;
  if (t.enumTag) return `${q}enum ${t.enumTag}`;
  switch (t.kind) {
    case 'void': return q + 'void';
    case 'bool': return q + '_Bool';
    case 'char': return q + (t === ty.char || sameChar(t, ty.char) ? 'char' : t.unsigned ? 'unsigned char' : 'signed char');
    case 'short': return q + (t.unsigned ? 'short unsigned int' : 'short int');
    case 'int': return q + (t.unsigned ? 'unsigned int' : 'int');
    case 'long': return q + (t.longLong ? (t.unsigned ? 'long long unsigned int' : 'long long int') : t.unsigned ? 'long unsigned int' : 'long int');
    case 'struct': case 'union': return `${q}${t.kind} ${t.rec?.tag ?? '<anonymous>'}`;
    default: return q;
  }
}

/** gcc-style spelling of a type: "int *", "char (*)[4]", "int (*)(int, char)". */
export function typeName(t: Type): string {
  return declName(t, '').trim();
}

function declName(t: Type, inner: string): string {
  if (t.typedefName) return `${baseName(t)}${inner ? ' ' + inner : ''}`;
  switch (t.kind) {
    case 'ptr': {
      const q = (t.isConst ? ' const' : '') + (t.isVolatile ? ' volatile' : '');
      const b = t.base!;
      const wrap = b.kind === 'array' || b.kind === 'func';
      return declName(b, wrap ? `(*${q}${inner})` : `*${q}${inner}`);
    }
    case 'array': return declName(t.base!, `${inner}[${t.arrayLen >= 0 ? t.arrayLen : ''}]`);
    case 'func': {
      const ps = t.params.map(typeName);
      if (t.variadic) ps.push('...');
      if (!t.oldStyle && ps.length === 0) ps.push('void');
      return declName(t.ret!, `${inner}(${ps.join(', ')})`);
    }
    default: {
      const b = baseName(t);
      if (!inner) return b;
      return inner.startsWith('*') || inner.startsWith('(') ? `${b} ${inner}` : `${b} ${inner}`;
    }
  }
}

// ---- struct and union layout ----

export interface FieldDecl {
  name?: Token;
  ty: Type;
  bitWidth?: number;
  tok: Token;
}

const alignTo = (n: number, a: number): number => Math.ceil(n / a) * a;

/** Lays out members like gcc on AArch64 (bit-fields never straddle their unit). */
export function layoutRecord(rec: Rec, kind: 'struct' | 'union', fields: FieldDecl[], minAlign = 1): void {
  let bits = 0;
  let align = minAlign;
  let size = 0;
  rec.members = [];
  rec.flexible = false;
  for (const f of fields) {
    const fsz = sizeOf(f.ty);
    const fal = alignOf(f.ty);
    if (f.bitWidth !== undefined) {
      const unitBits = fsz * 8;
      if (f.bitWidth === 0) {
        if (kind === 'struct') bits = alignTo(bits, unitBits);
        continue;
      }
      if (kind === 'union') bits = 0;
      if (Math.floor(bits / unitBits) !== Math.floor((bits + f.bitWidth - 1) / unitBits)) bits = alignTo(bits, unitBits);
      const offset = Math.floor(bits / unitBits) * fsz;
      if (f.name) {
        rec.members.push({ name: f.name, ty: f.ty, offset, bitWidth: f.bitWidth, bitOffset: bits - offset * 8 });
        align = Math.max(align, fal);
      }
      bits += f.bitWidth;
      size = Math.max(size, Math.ceil(bits / 8));
      if (kind === 'union') bits = 0;
      continue;
    }
    const isFlex = f.ty.kind === 'array' && f.ty.arrayLen < 0;
    const offset = kind === 'union' ? 0 : alignTo(Math.ceil(bits / 8), fal);
    rec.members.push({ name: f.name, ty: f.ty, offset, anon: !f.name && isRecord(f.ty) });
    if (isFlex) rec.flexible = true;
    align = Math.max(align, fal);
    if (kind === 'struct') bits = (offset + (isFlex ? 0 : fsz)) * 8;
    size = Math.max(size, offset + (isFlex ? 0 : fsz));
  }
  rec.align = align;
  rec.size = alignTo(Math.max(size, kind === 'struct' ? Math.ceil(bits / 8) : size), align);
  rec.complete = true;
}

/** Finds a member by name, descending into anonymous members; offsets accumulate. */
export function findMember(t: Type, name: string): Member | undefined {
  for (const m of t.rec?.members ?? []) {
    if (m.name?.text === name) return m;
    if (m.anon) {
      const inner = findMember(m.ty, name);
      if (inner) return { ...inner, offset: inner.offset + m.offset };
    }
  }
  return undefined;
}

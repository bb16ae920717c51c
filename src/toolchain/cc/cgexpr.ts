// Expression code generation for AArch64: values are computed into the register stack
// (x19+d), 32-bit types in W registers, 64-bit types and pointers in X registers;
// struct values are represented by their address. Toolchain layer, C compiler stage 4.

import type { BinOp, Node } from './ast.ts';
import { type Addr, type FnCtx, isLogicalImm, NREG } from './cgctx.ts';
import { genCall, genVaArg, genVaStart } from './cgcall.ts';
import { alignOf, isInteger, isRecord, isWide, type Member, sizeOf, type Type } from './type.ts';

const regName = (n: number, wide: boolean): string => `${wide ? 'x' : 'w'}${n}`;

/** Runs f at depth d+1, spilling x(d) when the register stack is exhausted; returns the register number holding f's result. */
export function second(c: FnCtx, d: number, f: (dd: number) => void): number {
  if (d + 1 < NREG) { f(d + 1); return 20 + d; }
  c.e(`str ${c.x(d)}, [sp, #-16]!`);
  f(d);
  c.e(`mov x15, ${c.x(d)}`);
  c.e(`ldr ${c.x(d)}, [sp], #16`);
  return 15;
}

/** Address of an lvalue computed with registers above d (x(d) stays live). */
function addrAbove(c: FnCtx, n: Node, d: number): Addr {
  if (d + 1 < NREG) return genAddr(c, n, d + 1);
  c.e(`str ${c.x(d)}, [sp, #-16]!`);
  const a = genAddr(c, n, d);
  c.addImm('x15', a.base, a.off);
  c.e(`ldr ${c.x(d)}, [sp], #16`);
  return { base: 'x15', off: 0 };
}

const isAggregate = (t: Type): boolean => isRecord(t) || t.kind === 'array' || t.kind === 'func';

export function genAddr(c: FnCtx, n: Node, d: number): Addr {
  switch (n.kind) {
    case 'var': {
      const o = n.obj!;
      if (o.isLocal) return { base: 'x29', off: o.offset };
      const r = c.x(d);
      c.e(`adrp ${r}, ${o.asmName}`);
      c.e(`add ${r}, ${r}, :lo12:${o.asmName}`);
      return { base: r, off: 0 };
    }
    case 'deref': {
      const p = n.lhs!;
      if (p.kind === 'add' && p.rhs!.kind === 'num' && Math.abs(Number(p.rhs!.val!)) < 1 << 20) {
        // A constant index into an array that is not itself a pointer value
        // (`s.a[2]`, `p->msg[3]`): the array's address plus the offset, no add.
        if (p.lhs!.kind === 'addr' && p.lhs!.lhs!.ty.kind === 'array') {
          const a = genAddr(c, p.lhs!.lhs!, d);
          return { base: a.base, off: a.off + Number(p.rhs!.val!) };
        }
        genExpr(c, p.lhs!, d);
        return { base: c.x(d), off: Number(p.rhs!.val!) };
      }
      genExpr(c, p, d);
      return { base: c.x(d), off: 0 };
    }
    case 'member': {
      const l = n.lhs!;
      const a = l.kind === 'var' || l.kind === 'deref' || l.kind === 'member' ? genAddr(c, l, d) : valueAddr(c, l, d);
      return { base: a.base, off: a.off + n.member!.offset };
    }
    case 'comma':
      genExpr(c, n.lhs!, d);
      return genAddr(c, n.rhs!, d);
    default:
      return valueAddr(c, n, d);
  }
}

function valueAddr(c: FnCtx, n: Node, d: number): Addr {
  genExpr(c, n, d);
  return { base: c.x(d), off: 0 };
}

export function genExpr(c: FnCtx, n: Node, d: number): void {
  switch (n.kind) {
    case 'num': c.movImm(c.r(d, n.ty), n.val!); return;
    case 'var': case 'deref':
      loadLvalue(c, n, d);
      return;
    case 'member': {
      if (n.member!.bitWidth !== undefined) {
        const a = genAddr(c, n, d);
        loadBits(c, c.x(d), a, n.member!);
        return;
      }
      loadLvalue(c, n, d);
      return;
    }
    case 'addr': {
      const a = genAddr(c, n.lhs!, d);
      c.addImm(c.x(d), a.base, a.off);
      return;
    }
    case 'cast':
      genExpr(c, n.lhs!, d);
      castReg(c, 19 + d, n.lhs!.ty, n.ty);
      return;
    case 'assign': return genAssign(c, n, d);
    case 'opassign': return genOpAssign(c, n, d);
    case 'preinc': case 'postinc': return genIncDec(c, n, d);
    case 'call': return genCall(c, n, d);
    case 'neg': genExpr(c, n.lhs!, d); c.e(`neg ${c.r(d, n.ty)}, ${c.r(d, n.ty)}`); return;
    case 'bitnot': genExpr(c, n.lhs!, d); c.e(`mvn ${c.r(d, n.ty)}, ${c.r(d, n.ty)}`); return;
    case 'not':
      genExpr(c, n.lhs!, d);
      c.e(`cmp ${c.r(d, n.lhs!.ty)}, #0`);
      c.e(`cset ${c.w(d)}, eq`);
      return;
    case 'logand': case 'logor': {
      const f = c.newLabel('false');
      const end = c.newLabel('end');
      genBranch(c, n, f, false, d);
      c.e(`mov ${c.w(d)}, #1`);
      c.e(`b ${end}`);
      c.label(f);
      c.e(`mov ${c.w(d)}, #0`);
      c.label(end);
      return;
    }
    case 'cond': {
      const els = c.newLabel('else');
      const end = c.newLabel('end');
      genBranch(c, n.cond!, els, false, d);
      genExpr(c, n.then!, d);
      c.e(`b ${end}`);
      c.label(els);
      genExpr(c, n.els!, d);
      c.label(end);
      return;
    }
    case 'comma': genExpr(c, n.lhs!, d); genExpr(c, n.rhs!, d); return;
    case 'memzero': {
      const a = genAddr(c, n.lhs!, d);
      c.zero(a, sizeOf(n.lhs!.ty));
      return;
    }
    case 'vastart': return genVaStart(c, n, d);
    case 'vaarg': return genVaArg(c, n, d);
    case 'stmtexpr': return c.stmtExpr(n, d);
    case 'asm': c.e(n.asmText!); return;
    case 'nop': return;
    case 'eq': case 'ne': case 'lt': case 'le': case 'gt': case 'ge':
      genCompare(c, n, d);
      c.e(`cset ${c.w(d)}, ${condCode(n)}`);
      return;
    default:
      if (isBin(n.kind)) return genBinary(c, n, d);
  }
  c.diags.error(n.tok, `internal error: cannot generate code for '${n.kind}'`);
}

const BIN = new Set(['add', 'sub', 'mul', 'div', 'mod', 'band', 'bor', 'bxor', 'shl', 'shr']);
const isBin = (k: string): boolean => BIN.has(k);

function loadLvalue(c: FnCtx, n: Node, d: number): void {
  const a = genAddr(c, n, d);
  if (isAggregate(n.ty)) { c.addImm(c.x(d), a.base, a.off); return; }
  c.load(c.r(d, n.ty), a, n.ty);
}

function loadBits(c: FnCtx, reg: string, a: Addr, m: Member): void {
  const unit = sizeOf(m.ty);
  const wide = unit === 8;
  const r = regName(Number(reg.slice(1)), wide);
  c.load(r, a, { ...m.ty, unsigned: true } as Type);
  c.e(`${m.ty.unsigned || m.ty.kind === 'bool' ? 'ubfx' : 'sbfx'} ${r}, ${r}, #${m.bitOffset}, #${m.bitWidth}`);
}

function storeBits(c: FnCtx, val: string, a: Addr, m: Member): void {
  const unit = sizeOf(m.ty);
  const wide = unit === 8;
  const u = wide ? 'x14' : 'w14';
  c.load(u, a, { ...m.ty, unsigned: true } as Type);
  c.e(`bfi ${u}, ${regName(Number(val.slice(1)), wide)}, #${m.bitOffset}, #${m.bitWidth}`);
  c.store(u, a, unit);
}

/** Converts the value in register number rn from one type to another in place. */
export function castReg(c: FnCtx, rn: number, from: Type, to: Type): void {
  if (to.kind === 'void' || isAggregate(to) || isAggregate(from)) return;
  const fw = isWide(from);
  if (to.kind === 'bool') {
    if (from.kind === 'bool') return;
    c.e(`cmp ${regName(rn, fw)}, #0`);
    c.e(`cset ${regName(rn, false)}, ne`);
    return;
  }
  const w = regName(rn, false);
  const ts = sizeOf(to);
  const fs = sizeOf(from);
  if (isWide(to)) {
    if (fw) return;
    c.e(from.unsigned || from.kind === 'bool' ? `mov ${w}, ${w}` : `sxtw ${regName(rn, true)}, ${w}`);
    return;
  }
  if (ts === 4) return;
  const fromUnsigned = from.unsigned || from.kind === 'bool';
  if (fs < ts && (fromUnsigned || !to.unsigned)) return;
  if (fs === ts && fromUnsigned === to.unsigned) return;
  const ext = ts === 1 ? 'b' : 'h';
  c.e(`${to.unsigned ? 'uxt' : 'sxt'}${ext} ${w}, ${w}`);
}

function genAssign(c: FnCtx, n: Node, d: number): void {
  const l = n.lhs!;
  if (isAggregate(n.ty)) {
    genExpr(c, n.rhs!, d);
    const dst = addrAbove(c, l, d);
    c.copy(dst, { base: c.x(d), off: 0 }, sizeOf(l.ty));
    return;
  }
  genExpr(c, n.rhs!, d);
  const a = addrAbove(c, l, d);
  if (l.kind === 'member' && l.member!.bitWidth !== undefined) {
    storeBits(c, c.x(d), a, l.member!);
    return;
  }
  c.store(c.r(d, l.ty), a, sizeOf(l.ty));
}

function loadOld(c: FnCtx, l: Node, a: Addr, reg: string): void {
  if (l.kind === 'member' && l.member!.bitWidth !== undefined) loadBits(c, reg, a, l.member!);
  else c.load(regName(Number(reg.slice(1)), isWide(l.ty)), a, l.ty);
}

function storeNew(c: FnCtx, l: Node, a: Addr, reg: string): void {
  if (l.kind === 'member' && l.member!.bitWidth !== undefined) storeBits(c, reg, a, l.member!);
  else c.store(regName(Number(reg.slice(1)), isWide(l.ty)), a, sizeOf(l.ty));
}

function genOpAssign(c: FnCtx, n: Node, d: number): void {
  const l = n.lhs!;
  const cty = n.cty!;
  genExpr(c, n.rhs!, d);
  const a = addrAbove(c, l, d);
  loadOld(c, l, a, 'x16');
  castReg(c, 16, l.ty, cty);
  const ptr = cty.kind === 'ptr';
  const wide = isWide(cty);
  const rhsReg = regName(19 + d, ptr ? true : isWide(n.rhs!.ty));
  emitOp(c, n.op!, regName(16, wide), regName(16, wide), ptr || wide ? regName(19 + d, true) : rhsReg, cty, n.rhs!.ty);
  castReg(c, 16, cty, l.ty);
  storeNew(c, l, a, 'x16');
  c.e(`mov ${c.x(d)}, x16`);
}

function genIncDec(c: FnCtx, n: Node, d: number): void {
  const l = n.lhs!;
  const cty = n.cty!;
  const a = genAddr(c, l, d);
  loadOld(c, l, a, 'x16');
  castReg(c, 16, l.ty, cty);
  const wide = isWide(cty);
  const v = n.val!;
  const dst = n.kind === 'postinc' ? 'x17' : 'x16';
  c.addImm(regName(Number(dst.slice(1)), wide), regName(16, wide), Number(v));
  castReg(c, Number(dst.slice(1)), cty, l.ty);
  storeNew(c, l, a, dst);
  if (n.kind === 'postinc') castReg(c, 16, cty, l.ty);
  c.e(`mov ${c.x(d)}, x16`);
}

function powerOfTwo(v: bigint): number {
  if (v <= 0n || (v & (v - 1n)) !== 0n) return -1;
  return v.toString(2).length - 1;
}

function genBinary(c: FnCtx, n: Node, d: number): void {
  const op = n.kind as BinOp;
  const t = n.ty;
  const wide = isWide(t);
  const dst = c.r(d, t);
  const r = n.rhs!;
  if ((op === 'add' || op === 'sub') && wide && r.kind === 'mul' && r.rhs!.kind === 'num') {
    const k = powerOfTwo(r.rhs!.val!);
    if (k >= 0) {
      genExpr(c, n.lhs!, d);
      const inner = r.lhs!;
      const ext = inner.kind === 'cast' && isInteger(inner.lhs!.ty) && !isWide(inner.lhs!.ty) && k <= 4;
      const rn = second(c, d, (dd) => genExpr(c, ext ? inner.lhs! : inner, dd));
      const operand = ext ? `${regName(rn, false)}, ${inner.lhs!.ty.unsigned || inner.lhs!.ty.kind === 'bool' ? 'uxtw' : 'sxtw'} #${k}` : `${regName(rn, true)}, lsl #${k}`;
      c.e(`${op} ${dst}, ${dst}, ${operand}`);
      return;
    }
  }
  genExpr(c, n.lhs!, d);
  if (r.kind === 'num' && emitImmOp(c, op, dst, r.val!, t)) return;
  const rn = second(c, d, (dd) => genExpr(c, r, dd));
  emitOp(c, op, dst, dst, regName(rn, isWide(r.ty)), t, r.ty);
}

/** Binary operation with an immediate right operand when A64 has a form for it; none
 *  at all when it leaves the operand as it is (`| 0`, `^ 0`, `& ~0`, shifts by 0, `* 1`:
 *  a W result's upper half is never relied on, conversions extend explicitly). */
function emitImmOp(c: FnCtx, op: BinOp, dst: string, v0: bigint, t: Type): boolean {
  const bits = isWide(t) ? 64 : 32;
  const v = BigInt.asIntN(bits, v0);
  if (((op === 'bor' || op === 'bxor') && v === 0n) || (op === 'band' && v === -1n)) return true;
  switch (op) {
    case 'add': case 'sub': {
      const s = op === 'sub' ? -v : v;
      if (s > -4096n && s < 4096n) { c.addImm(dst, dst, Number(s)); return true; }
      return false;
    }
    case 'band': case 'bor': case 'bxor':
      if (!isLogicalImm(v, bits as 32 | 64)) return false;
      c.e(`${op === 'band' ? 'and' : op === 'bor' ? 'orr' : 'eor'} ${dst}, ${dst}, #0x${BigInt.asUintN(bits, v).toString(16)}`);
      return true;
    case 'shl': case 'shr': {
      const k = Number(BigInt.asUintN(64, v) % BigInt(bits));
      if (k !== 0) c.e(`${op === 'shl' ? 'lsl' : t.unsigned ? 'lsr' : 'asr'} ${dst}, ${dst}, #${k}`);
      return true;
    }
    case 'mul': {
      const k = powerOfTwo(BigInt.asUintN(bits, v));
      if (k < 0) return false;
      if (k !== 0) c.e(`lsl ${dst}, ${dst}, #${k}`);
      return true;
    }
    default: return false;
  }
}

function emitOp(c: FnCtx, op: BinOp, dst: string, a: string, b0: string, t: Type, bt: Type): void {
  const wide = dst.startsWith('x');
  const b = wide ? b0.replace(/^w/, 'x') : b0.replace(/^x/, 'w');
  void bt;
  switch (op) {
    case 'add': c.e(`add ${dst}, ${a}, ${b}`); return;
    case 'sub': c.e(`sub ${dst}, ${a}, ${b}`); return;
    case 'mul': c.e(`mul ${dst}, ${a}, ${b}`); return;
    case 'div': c.e(`${t.unsigned ? 'udiv' : 'sdiv'} ${dst}, ${a}, ${b}`); return;
    case 'mod': {
      const q = wide ? 'x17' : 'w17';
      c.e(`${t.unsigned ? 'udiv' : 'sdiv'} ${q}, ${a}, ${b}`);
      c.e(`msub ${dst}, ${q}, ${b}, ${a}`);
      return;
    }
    case 'band': c.e(`and ${dst}, ${a}, ${b}`); return;
    case 'bor': c.e(`orr ${dst}, ${a}, ${b}`); return;
    case 'bxor': c.e(`eor ${dst}, ${a}, ${b}`); return;
    case 'shl': c.e(`lsl ${dst}, ${a}, ${b}`); return;
    case 'shr': c.e(`${t.unsigned ? 'lsr' : 'asr'} ${dst}, ${a}, ${b}`); return;
  }
}

// ---- comparisons and branches ----

const COND: Record<string, [string, string]> = {
  eq: ['eq', 'eq'], ne: ['ne', 'ne'], lt: ['lt', 'lo'], le: ['le', 'ls'], gt: ['gt', 'hi'], ge: ['ge', 'hs'],
};
const INVERT: Record<string, string> = {
  eq: 'ne', ne: 'eq', lt: 'ge', ge: 'lt', le: 'gt', gt: 'le', lo: 'hs', hs: 'lo', ls: 'hi', hi: 'ls',
};

function condCode(n: Node): string {
  const t = n.lhs!.ty;
  return COND[n.kind][t.unsigned || t.kind === 'ptr' ? 1 : 0];
}

function genCompare(c: FnCtx, n: Node, d: number): void {
  const t = n.lhs!.ty;
  const a = c.r(d, t);
  genExpr(c, n.lhs!, d);
  const r = n.rhs!;
  if (r.kind === 'num') {
    const v = BigInt.asIntN(isWide(t) ? 64 : 32, r.val!);
    if (v >= 0n && v < 4096n) { c.e(`cmp ${a}, #${v}`); return; }
    if (v < 0n && v > -4096n) { c.e(`cmn ${a}, #${-v}`); return; }
  }
  const rn = second(c, d, (dd) => genExpr(c, r, dd));
  c.e(`cmp ${a}, ${regName(rn, isWide(t))}`);
}

/** Jumps to `label` when the condition n evaluates to `when`. */
export function genBranch(c: FnCtx, n: Node, label: string, when: boolean, d: number): void {
  switch (n.kind) {
    case 'num':
      if ((n.val !== 0n) === when) c.e(`b ${label}`);
      return;
    case 'not': genBranch(c, n.lhs!, label, !when, d); return;
    case 'eq': case 'ne': case 'lt': case 'le': case 'gt': case 'ge': {
      genCompare(c, n, d);
      const cc = condCode(n);
      c.e(`b.${when ? cc : INVERT[cc]} ${label}`);
      return;
    }
    case 'logand': case 'logor': {
      const isAnd = n.kind === 'logand';
      if (isAnd !== when) {
        genBranch(c, n.lhs!, label, when, d);
        genBranch(c, n.rhs!, label, when, d);
        return;
      }
      const skip = c.newLabel('skip');
      genBranch(c, n.lhs!, skip, !when, d);
      genBranch(c, n.rhs!, label, when, d);
      c.label(skip);
      return;
    }
    default: {
      genExpr(c, n, d);
      c.e(`${when ? 'cbnz' : 'cbz'} ${c.r(d, n.ty)}, ${label}`);
    }
  }
}

export { alignOf, regName };

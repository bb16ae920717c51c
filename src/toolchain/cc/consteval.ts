// Constant expression evaluation (C11 6.6): integer constant expressions and
// address constants (symbol + offset) for static initializers. Toolchain layer, C
// parser support. Values wrap to their C type exactly as the target computes them.

import type { Node } from './ast.ts';
import type { Parser } from './parse.ts';
import { isInteger, sizeOf, type Type } from './type.ts';

export interface ConstVal { label?: string; addend: bigint }

export function wrap(v: bigint, t: Type): bigint {
  if (t.kind === 'bool') return v !== 0n ? 1n : 0n;
  const bits = Math.min(sizeOf(t), 8) * 8;
  if (bits <= 0) return v;
  return t.unsigned || t.kind === 'ptr' ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v);
}

/** Integer constant expression value or a diagnostic. */
export function constInt(p: Parser, n: Node): bigint {
  const r = evalConst(p, n, false);
  if (r.label !== undefined) p.fail(n.tok, 'expression is not an integer constant');
  return r.addend;
}

/** Address or integer constant for static initializers. */
export function constReloc(p: Parser, n: Node): ConstVal {
  return evalConst(p, n, true);
}

function notConst(p: Parser, n: Node, reloc: boolean): never {
  return p.fail(n.tok, reloc ? 'initializer element is not constant' : 'expression is not an integer constant');
}

function evalConst(p: Parser, n: Node, reloc: boolean): ConstVal {
  const num = (v: bigint): ConstVal => ({ addend: wrap(v, n.ty) });
  const sub = (m: Node): bigint => {
    const r = evalConst(p, m, reloc);
    if (r.label !== undefined) notConst(p, m, reloc);
    return r.addend;
  };
  switch (n.kind) {
    case 'num': return { addend: n.val! };
    case 'cast': {
      const r = evalConst(p, n.lhs!, reloc);
      if (r.label !== undefined) {
        if (sizeOf(n.ty) !== 8 && n.ty.kind !== 'array') notConst(p, n, reloc);
        return r;
      }
      return num(r.addend);
    }
    case 'add': case 'sub': {
      const l = evalConst(p, n.lhs!, reloc);
      const r = evalConst(p, n.rhs!, reloc);
      if (l.label !== undefined && r.label !== undefined) {
        if (n.kind === 'sub' && l.label === r.label) return num(l.addend - r.addend);
        notConst(p, n, reloc);
      }
      if (r.label !== undefined) {
        if (n.kind === 'sub') notConst(p, n, reloc);
        return { label: r.label, addend: r.addend + l.addend };
      }
      const v = n.kind === 'add' ? l.addend + r.addend : l.addend - r.addend;
      return l.label !== undefined ? { label: l.label, addend: v } : num(v);
    }
    case 'mul': return num(sub(n.lhs!) * sub(n.rhs!));
    case 'div': case 'mod': {
      const a = sub(n.lhs!);
      const b = sub(n.rhs!);
      if (b === 0n) p.fail(n.tok, 'division by zero');
      return num(n.kind === 'div' ? a / b : a % b);
    }
    case 'band': return num(sub(n.lhs!) & sub(n.rhs!));
    case 'bor': return num(sub(n.lhs!) | sub(n.rhs!));
    case 'bxor': return num(sub(n.lhs!) ^ sub(n.rhs!));
    case 'shl': return num(sub(n.lhs!) << (sub(n.rhs!) & 63n));
    case 'shr': return num(sub(n.lhs!) >> (sub(n.rhs!) & 63n));
    case 'eq': return num(sub(n.lhs!) === sub(n.rhs!) ? 1n : 0n);
    case 'ne': return num(sub(n.lhs!) !== sub(n.rhs!) ? 1n : 0n);
    case 'lt': return num(sub(n.lhs!) < sub(n.rhs!) ? 1n : 0n);
    case 'le': return num(sub(n.lhs!) <= sub(n.rhs!) ? 1n : 0n);
    case 'gt': return num(sub(n.lhs!) > sub(n.rhs!) ? 1n : 0n);
    case 'ge': return num(sub(n.lhs!) >= sub(n.rhs!) ? 1n : 0n);
    case 'neg': return num(-sub(n.lhs!));
    case 'bitnot': return num(~sub(n.lhs!));
    case 'not': return num(truth(p, n.lhs!, reloc) ? 0n : 1n);
    case 'logand': return num(truth(p, n.lhs!, reloc) && truth(p, n.rhs!, reloc) ? 1n : 0n);
    case 'logor': return num(truth(p, n.lhs!, reloc) || truth(p, n.rhs!, reloc) ? 1n : 0n);
    case 'cond': return truth(p, n.cond!, reloc) ? evalConst(p, n.then!, reloc) : evalConst(p, n.els!, reloc);
    case 'comma': sub(n.lhs!); return evalConst(p, n.rhs!, reloc);
    case 'addr': if (reloc) return address(p, n.lhs!); break;
    case 'var':
      if (reloc && (n.ty.kind === 'array' || n.ty.kind === 'func') && !n.obj!.isLocal) return address(p, n);
      break;
    case 'member': if (reloc && n.ty.kind === 'array') return address(p, n); break;
    case 'deref': if (reloc && (n.ty.kind === 'array' || n.ty.kind === 'func')) return evalConst(p, n.lhs!, reloc); break;
    default: break;
  }
  return notConst(p, n, reloc);
}

function truth(p: Parser, n: Node, reloc: boolean): boolean {
  const r = evalConst(p, n, reloc);
  return r.label !== undefined || r.addend !== 0n;
}

function address(p: Parser, n: Node): ConstVal {
  switch (n.kind) {
    case 'var':
      if (n.obj!.isLocal) break;
      n.obj!.referenced = true;
      return { label: n.obj!.asmName, addend: 0n };
    case 'deref': return evalConst(p, n.lhs!, true);
    case 'member': {
      if (n.member!.bitWidth !== undefined) break;
      const base = address(p, n.lhs!);
      return { label: base.label, addend: base.addend + BigInt(n.member!.offset) };
    }
    case 'cast': return address(p, n.lhs!);
    default: break;
  }
  return p.fail(n.tok, 'initializer element is not constant');
}

export const isIntConstNode = (n: Node): boolean => n.kind === 'num' && isInteger(n.ty);

// Constant folding of one expression node whose operands are already integer
// constants, with exactly the values the generated instructions would compute (two's
// complement wrap to the node's type, truncating division, shifts only for counts
// below the width). Used on inline expansion bodies once constant arguments stand for
// their parameters (cginline.ts). Toolchain layer, C compiler stage 4 (C11 6.6).

import type { Node } from './ast.ts';
import { wrap } from './consteval.ts';
import { isInteger, isScalar, sizeOf, type Type } from './type.ts';

const num = (n: Node, t: Type, v: bigint): Node => ({ kind: 'num', tok: n.tok, ty: t, val: wrap(v, t) });

const isNum = (n: Node | undefined): n is Node => n !== undefined && n.kind === 'num' && n.val !== undefined && isScalar(n.ty);

/** n itself, or a `num` node of n's type when n is an operation on constants that folds. */
export function foldConst(n: Node): Node {
  const l = n.lhs;
  const r = n.rhs;
  switch (n.kind) {
    case 'cast': return isNum(l) && isScalar(n.ty) ? num(n, n.ty, l.val!) : n;
    case 'neg': return isNum(l) && isInteger(n.ty) ? num(n, n.ty, -l.val!) : n;
    case 'bitnot': return isNum(l) && isInteger(n.ty) ? num(n, n.ty, ~l.val!) : n;
    case 'not': return isNum(l) && isInteger(n.ty) ? num(n, n.ty, l.val === 0n ? 1n : 0n) : n;
    case 'logand': case 'logor': {
      if (!isNum(l) || !isNum(r) || !isInteger(n.ty)) return n;
      const v = n.kind === 'logand' ? l.val !== 0n && r.val !== 0n : l.val !== 0n || r.val !== 0n;
      return num(n, n.ty, v ? 1n : 0n);
    }
    case 'eq': case 'ne': case 'lt': case 'le': case 'gt': case 'ge': {
      if (!isNum(l) || !isNum(r) || !isInteger(n.ty)) return n;
      // Compared as the instructions do: both in the left operand's width and signedness.
      const a = wrap(l.val!, l.ty);
      const b = wrap(r.val!, l.ty);
      const v = { eq: a === b, ne: a !== b, lt: a < b, le: a <= b, gt: a > b, ge: a >= b }[n.kind];
      return num(n, n.ty, v ? 1n : 0n);
    }
    default: break;
  }
  if (!isNum(l) || !isNum(r) || !isInteger(n.ty)) return n;
  const a = wrap(l.val!, n.ty);
  const bits = BigInt(Math.min(sizeOf(n.ty), 8) * 8);
  switch (n.kind) {
    case 'add': return num(n, n.ty, a + wrap(r.val!, n.ty));
    case 'sub': return num(n, n.ty, a - wrap(r.val!, n.ty));
    case 'mul': return num(n, n.ty, a * wrap(r.val!, n.ty));
    case 'band': return num(n, n.ty, a & wrap(r.val!, n.ty));
    case 'bor': return num(n, n.ty, a | wrap(r.val!, n.ty));
    case 'bxor': return num(n, n.ty, a ^ wrap(r.val!, n.ty));
    case 'div': case 'mod': {
      const b = wrap(r.val!, n.ty);
      if (b === 0n) return n; // left to the instruction
      return num(n, n.ty, n.kind === 'div' ? a / b : a % b);
    }
    case 'shl': case 'shr': {
      const k = r.val!;
      if (k < 0n || k >= bits) return n; // the instruction takes the count modulo the width
      return num(n, n.ty, n.kind === 'shl' ? a << k : a >> k);
    }
    default: return n;
  }
}

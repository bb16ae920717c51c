// Code generator context for one function: the output buffer, the register stack
// (x19-x28, callee-saved, so temporaries survive calls), frame slots addressed from
// x29, and the AArch64 instruction-selection helpers for constants and memory operands
// (A64 LDR/STR unsigned-offset, LDUR, MOVZ/MOVK, bitmask immediates). Toolchain layer.

import type { Node, Obj } from './ast.ts';
import { Bail, type Diags } from './diag.ts';
import type { Token } from './tokenize.ts';
import { isWide, sizeOf, type Type } from './type.ts';

export const NREG = 10;
/** Scratch registers: x9-x11 block copies, x12 far addresses, x13-x14 bit-fields, x15 spills, x16/x17 operands. */
export const FAR = 'x12';

export interface Addr { base: string; off: number }

/** Thrown while expanding an inline call when the expansion cannot be generated at this
 *  depth (register stack exhausted, asm pinning a live register); the expansion is
 *  rolled back and the call is made instead (cginline.ts). Never escapes genInline. */
export class InlineAbort {}

export class FnCtx {
  readonly lines: string[] = [];
  maxDepth = -1;
  tempCursor = 0;
  tempMax = 0;
  localsEnd = 0;
  vaOff = -1;
  namedGr = 0;
  namedStack = 0;
  retPtrOff = -1;
  retLabel: string;
  clobbered = new Set<number>();
  /** Statement-expression hook installed by the statement generator. */
  stmtExpr: (n: Node, d: number) => void = () => {};
  /** Statements of an inline expansion at depth d, without `.loc` lines (codegen.ts). */
  inlineStmts: (items: Node[], d: number) => void = () => {};
  /** Functions whose bodies are being expanded here, outermost first (cginline.ts). */
  readonly inlining: Obj[] = [];
  /** Inline expansions under way (arguments included): above 0, a register stack
   *  overflow rolls the innermost one back instead of being an error. */
  expanding = 0;
  /** Syntax nodes the expansions nested in the current one may still add. */
  inlineBudget = 0;
  /** Syntax nodes of all the bodies expanded in this function so far. */
  inlinedNodes = 0;
  /** Above 0 inside an inline expansion: statements emit no `.loc`. */
  quiet = 0;
  /** The last `.loc` line emitted (a statement on the same line emits none). */
  lastLoc = '';
  private uniq = 0;

  constructor(readonly fn: Obj, readonly diags: Diags, readonly fileId: (t: Token) => number) {
    this.retLabel = `.L.return.${fn.asmName}`;
  }

  e(s: string): void { this.lines.push('\t' + s); }
  label(l: string): void { this.lines.push(`${l}:`); }
  newLabel(k: string): string { return `.L.${k}.${this.fn.asmName}.${++this.uniq}`; }

  /** Register of the expression stack at depth d. */
  x(d: number): string { this.touch(d); return `x${19 + d}`; }
  w(d: number): string { this.touch(d); return `w${19 + d}`; }
  r(d: number, t: Type): string { return isWide(t) ? this.x(d) : this.w(d); }
  private touch(d: number): void {
    if ((d >= NREG || d < 0) && this.expanding > 0) throw new InlineAbort();
    if (d >= NREG || d < 0) { this.diags.report(this.fn.tok, 'error', 'internal error: expression register stack overflow'); throw new Bail(true); }
    if (d > this.maxDepth) this.maxDepth = d;
  }

  allocTemp(size: number, align = 8): number {
    const a = Math.max(align, 8);
    this.tempCursor = Math.ceil(this.tempCursor / a) * a;
    const off = this.localsEnd + this.tempCursor;
    this.tempCursor += Math.ceil(size / 8) * 8;
    this.tempMax = Math.max(this.tempMax, this.tempCursor);
    return off;
  }

  // ---- constants ----

  /** Loads an integer constant into `reg` (w or x name). */
  movImm(reg: string, v0: bigint): void {
    const wide = reg.startsWith('x');
    const bits = wide ? 64 : 32;
    const v = BigInt.asUintN(bits, v0);
    const chunks: number[] = [];
    for (let i = 0; i < bits / 16; i++) chunks.push(Number((v >> BigInt(16 * i)) & 0xffffn));
    const zeros = chunks.filter((c) => c === 0).length;
    const ones = chunks.filter((c) => c === 0xffff).length;
    if (ones > zeros) {
      const first = chunks.findIndex((c) => c !== 0xffff);
      if (first < 0) { this.e(`movn ${reg}, #0`); return; }
      this.e(`movn ${reg}, #${~chunks[first] & 0xffff}${first ? `, lsl #${16 * first}` : ''}`);
      chunks.forEach((c, i) => { if (i !== first && c !== 0xffff) this.e(`movk ${reg}, #${c}${i ? `, lsl #${16 * i}` : ''}`); });
      return;
    }
    const first = chunks.findIndex((c) => c !== 0);
    if (first < 0) { this.e(`mov ${reg}, #0`); return; }
    const single = chunks.filter((c) => c !== 0).length === 1;
    this.e(first === 0 && single ? `mov ${reg}, #${chunks[0]}` : `movz ${reg}, #${chunks[first]}${first ? `, lsl #${16 * first}` : ''}`);
    chunks.forEach((c, i) => { if (i > first && c !== 0) this.e(`movk ${reg}, #${c}${i ? `, lsl #${16 * i}` : ''}`); });
  }

  /** `add dst, src, #imm` for any imm (uses x12 beyond 24 bits). */
  addImm(dst: string, src: string, imm: number): void {
    if (imm === 0) { if (dst !== src) this.e(`mov ${dst}, ${src}`); return; }
    const op = imm < 0 ? 'sub' : 'add';
    const a = Math.abs(imm);
    if (a < 4096) { this.e(`${op} ${dst}, ${src}, #${a}`); return; }
    if (a < 1 << 24) {
      this.e(`${op} ${dst}, ${src}, #${a >> 12}, lsl #12`);
      if (a & 0xfff) this.e(`${op} ${dst}, ${dst}, #${a & 0xfff}`);
      return;
    }
    const tmp = dst.startsWith('w') ? 'w12' : FAR;
    this.movImm(tmp, BigInt(a));
    this.e(`${op} ${dst}, ${src}, ${tmp}`);
  }

  // ---- memory ----

  /** Memory operand for an access of `size` bytes at base+off; may use x12. */
  mem(a: Addr, size: number): { op: string; unscaled: boolean } {
    const { base, off } = a;
    if (off >= 0 && off % size === 0 && off / size < 4096) return { op: off ? `[${base}, #${off}]` : `[${base}]`, unscaled: false };
    if (off >= -256 && off < 256) return { op: `[${base}, #${off}]`, unscaled: true };
    this.addImm(FAR, base, off);
    return { op: `[${FAR}]`, unscaled: false };
  }

  /** Loads a value of type t into register reg (w/x name chosen by caller). */
  /** A volatile load is marked with a comment, so the peephole pass never replaces it
   *  by the value a store just before it wrote (codegen.ts). */
  load(reg: string, a: Addr, t: Type): void {
    const size = sizeOf(t);
    const m = this.mem(a, size === 8 || isWide(t) ? 8 : size);
    const u = m.unscaled ? 'u' : '';
    const w = reg.replace(/^x/, 'w');
    const x = reg.replace(/^w/, 'x');
    const v = t.isVolatile ? ' // volatile' : '';
    if (isWide(t)) { this.e(`ld${u}r ${x}, ${m.op}${v}`); return; }
    switch (size) {
      case 1: this.e(`${t.unsigned || t.kind === 'bool' ? `ld${u}rb` : `ld${u}rsb`} ${w}, ${m.op}${v}`); return;
      case 2: this.e(`${t.unsigned ? `ld${u}rh` : `ld${u}rsh`} ${w}, ${m.op}${v}`); return;
      default: this.e(`ld${u}r ${w}, ${m.op}${v}`);
    }
  }

  store(reg: string, a: Addr, size: number): void {
    const m = this.mem(a, size);
    const u = m.unscaled ? 'u' : '';
    const w = reg.replace(/^x/, 'w');
    const x = reg.replace(/^w/, 'x');
    const zr = reg === 'xzr' || reg === 'wzr';
    switch (size) {
      case 1: this.e(`st${u}rb ${zr ? 'wzr' : w}, ${m.op}`); return;
      case 2: this.e(`st${u}rh ${zr ? 'wzr' : w}, ${m.op}`); return;
      case 4: this.e(`st${u}r ${zr ? 'wzr' : w}, ${m.op}`); return;
      default: this.e(`st${u}r ${zr ? 'xzr' : x}, ${m.op}`);
    }
  }

  /** Copies n bytes between two addresses (both bases must stay live). */
  copy(dst: Addr, src: Addr, n: number): void {
    if (n > 128) {
      this.addImm('x9', src.base, src.off);
      this.addImm('x10', dst.base, dst.off);
      this.movImm('x11', BigInt(n >> 3));
      const loop = this.newLabel('copy');
      this.label(loop);
      this.e('ldr x13, [x9], #8');
      this.e('str x13, [x10], #8');
      this.e('subs x11, x11, #1');
      this.e(`b.ne ${loop}`);
      for (let i = n & ~7, k = 0; i < n; i++, k++) { this.e(`ldrb w13, [x9, #${k}]`); this.e(`strb w13, [x10, #${k}]`); }
      return;
    }
    let i = 0;
    for (const sz of [8, 4, 2, 1]) {
      for (; i + sz <= n; i += sz) {
        const r = sz === 8 ? 'x13' : 'w13';
        this.load(r, { base: src.base, off: src.off + i }, sizeType(sz));
        this.store(r, { base: dst.base, off: dst.off + i }, sz);
      }
    }
  }

  zero(dst: Addr, n: number): void {
    if (n > 128) {
      this.addImm('x10', dst.base, dst.off);
      this.movImm('x11', BigInt(n >> 3));
      const loop = this.newLabel('zero');
      this.label(loop);
      this.e('str xzr, [x10], #8');
      this.e('subs x11, x11, #1');
      this.e(`b.ne ${loop}`);
      for (let k = 0; k < (n & 7); k++) this.e(`strb wzr, [x10, #${k}]`);
      return;
    }
    let i = 0;
    for (const sz of [8, 4, 2, 1]) for (; i + sz <= n; i += sz) this.store('xzr', { base: dst.base, off: dst.off + i }, sz);
  }
}

const SIZED: Record<number, Type> = {};
function sizeType(sz: number): Type {
  if (!SIZED[sz]) {
    SIZED[sz] = { kind: sz === 8 ? 'long' : sz === 4 ? 'int' : sz === 2 ? 'short' : 'char', unsigned: true, size: sz, align: sz } as Type;
  }
  return SIZED[sz];
}

/** Whether v is encodable as an A64 logical (bitmask) immediate of the given width. */
const logicalCache = new Map<string, boolean>();

export function isLogicalImm(v0: bigint, width: 32 | 64): boolean {
  const key = `${width}:${v0}`;
  let r = logicalCache.get(key);
  if (r === undefined) { r = logicalImm(v0, width); if (logicalCache.size < 10000) logicalCache.set(key, r); }
  return r;
}

function logicalImm(v0: bigint, width: 32 | 64): boolean {
  const mask = (1n << BigInt(width)) - 1n;
  const v = v0 & mask;
  if (v === 0n || v === mask) return false;
  let e: number = width;
  while (e > 2) {
    const half = e / 2;
    const m = (1n << BigInt(half)) - 1n;
    if ((v & m) !== ((v >> BigInt(half)) & m)) break;
    e = half;
  }
  const em = (1n << BigInt(e)) - 1n;
  const elem = v & em;
  const rot = ((elem >> 1n) | ((elem & 1n) << BigInt(e - 1))) & em;
  let t = elem ^ rot;
  let n = 0;
  while (t) { n += Number(t & 1n); t >>= 1n; }
  return n === 2;
}

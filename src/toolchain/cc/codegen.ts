// Code generator driver: frame layout, prologue/epilogue, statements, inline asm and
// data emission as GNU as text for AArch64, with .file/.loc line markers. Toolchain
// layer, C compiler stage 4 (AAPCS64 5.2 frame: x29/x30 pair at the frame bottom,
// locals above it, callee-saved x19-x28 at the top).

import type { AsmOperand, Node, Obj } from './ast.ts';
import { type FnCtx as Ctx, FnCtx, InlineAbort } from './cgctx.ts';
import { castReg, genAddr, genBranch, genExpr, regName } from './cgexpr.ts';
import { paramInfo, storeParams } from './cgcall.ts';
import type { Diags } from './diag.ts';
import type { SourceFile, Token } from './tokenize.ts';
import { alignOf, isRecord, isWide, sizeOf } from './type.ts';

const alignTo = (n: number, a: number): number => Math.ceil(n / a) * a;

export class Codegen {
  private fileIds = new Map<SourceFile, number>();

  constructor(private diags: Diags) {}

  fileId(t: Token): number {
    let id = this.fileIds.get(t.file);
    if (id === undefined) { id = this.fileIds.size + 1; this.fileIds.set(t.file, id); }
    return id;
  }

  emit(globals: Obj[]): string {
    const text: string[] = [];
    const lazy = new Map<string, Obj>();
    for (const o of globals) {
      if (!o.isFunction || !o.body) continue;
      if (o.isStatic && o.isInline) lazy.set(o.asmName, o);
      else appendAll(text, this.func(o));
    }
    const data = this.data(globals);
    if (lazy.size > 0) appendAll(text, this.usedInlines(lazy, [...text, ...data]));
    const out = [...this.fileIds.entries()].map(([f, id]) => `\t.file ${id} ${JSON.stringify(f.name)}`);
    out.push('\t.text');
    appendAll(out, text);
    appendAll(out, data);
    return out.join('\n') + '\n';
  }

  /** `static inline` functions are emitted only when referenced from emitted code or
   *  data (as gcc does), so headers full of them (libsel4) cost nothing unused. */
  private usedInlines(lazy: Map<string, Obj>, emitted: string[]): string[] {
    const out: string[] = [];
    let scan = emitted;
    while (lazy.size > 0) {
      const wanted = new Set<string>();
      for (const line of scan) {
        for (const m of line.matchAll(SYMBOL_REF)) if (lazy.has(m[1])) wanted.add(m[1]);
      }
      if (wanted.size === 0) break;
      scan = [];
      for (const name of wanted) {
        const lines = this.func(lazy.get(name)!);
        lazy.delete(name);
        appendAll(scan, lines);
      }
      appendAll(out, scan);
    }
    return out;
  }

  // ---- functions ----

  private func(fn: Obj): string[] {
    const c = new FnCtx(fn, this.diags, (t) => this.fileId(t));
    const ft = fn.ty;
    let off = 16;
    if (ft.variadic) { c.vaOff = off; off += 64; }
    if (isRecord(ft.ret!) && sizeOf(ft.ret!) > 16) { c.retPtrOff = off; off += 8; }
    for (const v of fn.locals ?? []) {
      const a = Math.max(alignOf(v.ty), v.align ?? 1);
      off = alignTo(off, a);
      v.offset = off;
      off += isRecord(v.ty) ? alignTo(sizeOf(v.ty), 8) : sizeOf(v.ty);
    }
    c.localsEnd = alignTo(off, 16);
    const info = paramInfo(fn);
    c.namedGr = info.ngrn;
    c.namedStack = info.namedStack;
    const st = new StmtGen(c, this);
    c.stmtExpr = (n, d) => st.stmtExpr(n, d);
    c.inlineStmts = (items, d) => st.inlineStmts(items, d);
    st.stmt(fn.body!);
    if (fn.name === 'main' && ft.ret!.kind === 'int') c.e('mov w0, #0');
    return this.wrap(c, fn);
  }

  private wrap(c: Ctx, fn: Obj): string[] {
    const saved: number[] = [];
    for (let i = 0; i <= c.maxDepth; i++) saved.push(19 + i);
    for (const r of c.clobbered) if (!saved.includes(r)) saved.push(r);
    const savedOff = alignTo(c.localsEnd + c.tempMax, 8);
    const frame = alignTo(savedOff + saved.length * 8, 16);
    const pro = new FnCtx(fn, this.diags, (t) => this.fileId(t));
    const open = fn.body?.tok ?? fn.tok;
    pro.e(`.loc ${this.fileId(open)} ${open.line} ${open.col}`); // the prologue belongs to the function's line
    if (frame <= 504) pro.e(`stp x29, x30, [sp, #-${frame}]!`);
    else { pro.addImm('sp', 'sp', -frame); pro.e('stp x29, x30, [sp]'); }
    pro.e('mov x29, sp');
    saveRegs(pro, saved, savedOff, 'st');
    if (c.vaOff >= 0) for (let i = 0; i < 8; i += 2) pro.e(`stp x${i}, x${i + 1}, [x29, #${c.vaOff + i * 8}]`);
    if (c.retPtrOff >= 0) pro.store('x8', { base: 'x29', off: c.retPtrOff }, 8);
    storeParams(pro, fn, frame);
    const epi = new FnCtx(fn, this.diags, (t) => this.fileId(t));
    epi.label(c.retLabel);
    saveRegs(epi, saved, savedOff, 'ld');
    if (frame <= 504) epi.e(`ldp x29, x30, [sp], #${frame}`);
    else { epi.e('ldp x29, x30, [sp]'); epi.addImm('sp', 'sp', frame); }
    epi.e('ret');
    const body: string[] = [];
    for (const l of c.lines) {
      if (l === '\t@VASTACK') appendAll(body, vaStack(fn, frame + c.namedStack));
      else body.push(l);
    }
    appendAll(body, epi.lines);
    const out: string[] = [];
    out.push(fn.isStatic ? `\t.local ${fn.asmName}` : fn.isInline && !fn.isStatic ? `\t.weak ${fn.asmName}` : `\t.globl ${fn.asmName}`);
    out.push('\t.p2align 2', `\t.type ${fn.asmName}, %function`, `${fn.asmName}:`);
    appendAll(out, pro.lines);
    appendAll(out, peephole(body));
    out.push(`\t.size ${fn.asmName}, .-${fn.asmName}`);
    return out;
  }

  // ---- data ----

  private data(globals: Obj[]): string[] {
    const out: string[] = [];
    for (const o of globals) {
      if (o.isFunction || !o.isDefinition || o.isExtern) continue;
      const size = sizeOf(o.ty);
      const align = Math.max(alignOf(o.ty), o.align ?? 1, size >= 16 && o.ty.kind === 'array' ? 8 : 1);
      const ro = (o as Obj & { rodata?: boolean }).rodata;
      const sect = o.init ? (ro ? '\t.section .rodata' : '\t.data') : '\t.bss';
      out.push(sect);
      if (!o.isStatic) out.push(`\t.globl ${o.asmName}`);
      out.push(`\t.p2align ${Math.log2(align)}`, `\t.type ${o.asmName}, %object`, `\t.size ${o.asmName}, ${Math.max(size, 0)}`, `${o.asmName}:`);
      if (!o.init) { out.push(`\t.zero ${Math.max(size, 1)}`); continue; }
      out.push(...dataBytes(o.init.bytes, o.init.relocs));
    }
    return out;
  }
}

/** Symbol operands in emitted lines: `bl f`, `adrp x0, f`, `:lo12:f`, `.quad f+8`. */
const SYMBOL_REF = /(?:\bbl |\bb |adrp x\d+, |:lo12:|\.quad )([A-Za-z_.$][\w.$]*)/g;

function saveRegs(c: Ctx, regs: number[], off: number, op: 'st' | 'ld'): void {
  for (let i = 0; i < regs.length; i += 2) {
    const o = off + i * 8;
    if (i + 1 < regs.length && o <= 504) c.e(`${op}p x${regs[i]}, x${regs[i + 1]}, [x29, #${o}]`);
    else {
      if (op === 'st') c.store(`x${regs[i]}`, { base: 'x29', off: o }, 8);
      else c.load(`x${regs[i]}`, { base: 'x29', off: o }, { kind: 'long', size: 8, unsigned: true } as never);
      if (i + 1 < regs.length) {
        if (op === 'st') c.store(`x${regs[i + 1]}`, { base: 'x29', off: o + 8 }, 8);
        else c.load(`x${regs[i + 1]}`, { base: 'x29', off: o + 8 }, { kind: 'long', size: 8, unsigned: true } as never);
      }
    }
  }
}

/** dst.push(...src) without spreading (no argument-count limit, no copy). */
function appendAll(dst: string[], src: readonly string[]): void {
  for (let i = 0; i < src.length; i++) dst.push(src[i]);
}

/** A store of a whole W or X register (or the zero register) to a frame slot. */
const FRAME_STORE = /^\tstu?r ([wx](?:\d+|zr)), \[x29, #(-?\d+)\]$/;
/** A plain load of a whole W or X register from a frame slot (no extension). */
const FRAME_LOAD = /^\tldu?r ([wx]\d+), \[x29, #(-?\d+)\]$/;

/**
 * Drops a branch to the label that immediately follows it, and forwards a frame-slot
 * store to a load of the same slot and width right after it (only `.loc` lines
 * between: no label, so no other path reaches the load): the load becomes a move
 * from the stored register, or nothing when it is the same register. A W move
 * zero-extends into the X register exactly as the W load did.
 */
export function peephole(lines: string[]): string[] {
  const out: string[] = [];
  let store: RegExpExecArray | null = null;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.startsWith('\tb ') && lines[i + 1] === `${l.slice(3)}:`) continue;
    if (l.startsWith('\t.loc ')) { out.push(l); continue; }
    const load = store ? FRAME_LOAD.exec(l) : null;
    if (store && load && load[2] === store[2] && load[1][0] === store[1][0]) {
      if (load[1] !== store[1]) out.push(`\tmov ${load[1]}, ${store[1]}`);
      store = null;
      continue;
    }
    store = FRAME_STORE.exec(l);
    out.push(l);
  }
  return out;
}

function vaStack(fn: Obj, off: number): string[] {
  const c = new FnCtx(fn, { report() {}, error() {} } as never, () => 0);
  c.addImm('x16', 'x29', off);
  return c.lines;
}

function dataBytes(bytes: Uint8Array, relocs: Array<{ offset: number; label: string; addend: number }>): string[] {
  const out: string[] = [];
  const rel = new Map(relocs.map((r) => [r.offset, r]));
  let i = 0;
  let run: number[] = [];
  const flush = (): void => { if (run.length) { out.push(`\t.byte ${run.join(',')}`); run = []; } };
  while (i < bytes.length) {
    const r = rel.get(i);
    if (r) {
      flush();
      out.push(`\t.quad ${r.label}${r.addend > 0 ? `+${r.addend}` : r.addend < 0 ? `${r.addend}` : ''}`);
      i += 8;
      continue;
    }
    let z = i;
    while (z < bytes.length && bytes[z] === 0 && !rel.has(z)) z++;
    if (z - i >= 16) { flush(); out.push(`\t.zero ${z - i}`); i = z; continue; }
    run.push(bytes[i++]);
    if (run.length >= 16) flush();
  }
  flush();
  return out;
}

// ---- statements ----

class StmtGen {
  private base = 0;

  constructor(private c: FnCtx, private cg: Codegen) {}

  /** A `.loc` before each statement, except inside an inline expansion (FnCtx.quiet). */
  private loc(t: Token): void {
    if (this.c.quiet > 0) return;
    const l = `.loc ${this.cg.fileId(t)} ${t.line} ${t.col}`;
    if (l !== this.c.lastLoc) { this.c.e(l); this.c.lastLoc = l; }
  }

  stmtExpr(n: Node, d: number): void {
    const saved = this.base;
    this.base = d;
    const block = n.body![0];
    const items = block.body!;
    try {
      items.forEach((s, i) => {
        if (i === items.length - 1 && s.kind === 'exprstmt') { this.loc(s.tok); genExpr(this.c, s.lhs!, d); }
        else this.stmt(s);
      });
    } finally {
      this.base = saved;
    }
  }

  /** The statements of an inline expansion (cginline.ts) at depth d. */
  inlineStmts(items: Node[], d: number): void {
    const saved = this.base;
    this.base = d;
    try {
      for (const s of items) this.stmt(s);
    } finally {
      this.base = saved;
    }
  }

  stmt(n: Node): void {
    const c = this.c;
    const d = this.base;
    if (n.kind !== 'block' && n.kind !== 'label') this.loc(n.tok);
    const temps = c.tempCursor;
    switch (n.kind) {
      case 'block': for (const s of n.body!) this.stmt(s); break;
      case 'exprstmt': genExpr(c, n.lhs!, d); break;
      case 'if': {
        const els = c.newLabel('else');
        genBranch(c, n.cond!, els, false, d);
        c.tempCursor = temps;
        this.stmt(n.then!);
        if (n.els) {
          const end = c.newLabel('endif');
          c.e(`b ${end}`);
          c.label(els);
          this.stmt(n.els);
          c.label(end);
        } else c.label(els);
        break;
      }
      case 'for': {
        if (n.init) this.stmt(n.init);
        const body = c.newLabel('body');
        const test = c.newLabel('test');
        if (n.cond) c.e(`b ${test}`);
        c.label(body);
        this.stmt(n.then!);
        c.label(n.cont!);
        if (n.inc) { this.loc(n.inc.tok); genExpr(c, n.inc, d); }
        c.label(test);
        if (n.cond) { this.loc(n.cond.tok); genBranch(c, n.cond, body, true, d); } else c.e(`b ${body}`);
        c.label(n.brk!);
        break;
      }
      case 'do': {
        const body = c.newLabel('body');
        c.label(body);
        this.stmt(n.then!);
        c.label(n.cont!);
        this.loc(n.cond!.tok);
        genBranch(c, n.cond!, body, true, d);
        c.label(n.brk!);
        break;
      }
      case 'switch': this.switchStmt(n, d); break;
      case 'label': c.label(n.label!); this.stmt(n.then!); break;
      case 'goto': c.e(`b ${n.label}`); break;
      case 'return': this.returnStmt(n, d); break;
      case 'asm': genAsm(c, n, d); break;
      default: genExpr(c, n, d);
    }
    c.tempCursor = temps;
  }

  private switchStmt(n: Node, d: number): void {
    const c = this.c;
    genExpr(c, n.cond!, d);
    const t = n.cond!.ty;
    const r = c.r(d, t);
    const wide = isWide(t);
    for (const k of n.cases!) {
      if (k.lo === k.hi) {
        const v = BigInt.asIntN(wide ? 64 : 32, k.lo);
        if (v >= 0n && v < 4096n) c.e(`cmp ${r}, #${v}`);
        else if (v < 0n && v > -4096n) c.e(`cmn ${r}, #${-v}`);
        else { c.movImm(wide ? 'x16' : 'w16', v); c.e(`cmp ${r}, ${wide ? 'x16' : 'w16'}`); }
        c.e(`b.eq ${k.label}`);
      } else {
        c.movImm(wide ? 'x16' : 'w16', k.lo);
        c.e(`sub ${wide ? 'x17' : 'w17'}, ${r}, ${wide ? 'x16' : 'w16'}`);
        c.movImm(wide ? 'x16' : 'w16', k.hi - k.lo);
        c.e(`cmp ${wide ? 'x17' : 'w17'}, ${wide ? 'x16' : 'w16'}`);
        c.e(`b.ls ${k.label}`);
      }
    }
    c.e(`b ${n.defLabel ?? n.brk}`);
    this.stmt(n.then!);
    c.label(n.brk!);
  }

  private returnStmt(n: Node, d: number): void {
    const c = this.c;
    const e = n.lhs;
    if (e) {
      genExpr(c, e, d);
      const t = e.ty;
      if (isRecord(t)) {
        const size = sizeOf(t);
        if (size > 16) {
          c.load('x17', { base: 'x29', off: c.retPtrOff }, { kind: 'long', size: 8, unsigned: true } as never);
          c.copy({ base: 'x17', off: 0 }, { base: c.x(d), off: 0 }, size);
          c.e('mov x0, x17');
        } else loadPieces(c, c.x(d), size);
      } else if (t.kind !== 'void') c.e(`mov x0, ${c.x(d)}`);
    }
    c.e(`b ${c.retLabel}`);
  }
}

/** Loads a struct of up to 16 bytes into x0/x1 without reading past its end. */
function loadPieces(c: FnCtx, base: string, size: number): void {
  for (let k = 0; k * 8 < size; k++) {
    const rem = Math.min(8, size - k * 8);
    const dst = `x${k}`;
    if (rem === 8 || rem === 4 || rem === 2 || rem === 1) {
      c.load(rem === 8 ? dst : `w${k}`, { base, off: k * 8 }, { kind: rem === 8 ? 'long' : rem === 4 ? 'int' : rem === 2 ? 'short' : 'char', size: rem, unsigned: true } as never);
      continue;
    }
    c.e(`mov ${dst}, #0`);
    for (let b = 0; b < rem; b++) {
      c.e(`ldrb w16, [${base}, #${k * 8 + b}]`);
      c.e(`orr ${dst}, ${dst}, x16, lsl #${8 * b}`);
    }
  }
}

// ---- inline asm ----

const POOL = [9, 10, 11, 13, 14, 15, 16, 17, 12];

function genAsm(c: FnCtx, n: Node, d: number): void {
  if (n.val !== 1n) { for (const l of n.asmText!.split('\n')) c.e(l.trim()); return; }
  const outs = n.outputs!;
  const ins = n.inputs!;
  const all: AsmOperand[] = [...outs, ...ins];
  const clob = new Set(n.clobbers!.map((s) => s.replace(/^[wx]/, 'x')));
  for (const r of clob) {
    const m = /^x(\d+)$/.exec(r);
    if (m && Number(m[1]) >= 19 && Number(m[1]) <= 28) c.clobbered.add(Number(m[1]));
  }
  const fixed = new Set<number>();
  for (const op of all) if (op.expr.kind === 'var' && op.expr.obj!.reg) fixed.add(Number(op.expr.obj!.reg.slice(1)));
  if (c.expanding > 0 && [...clob, ...[...fixed].map((r) => `x${r}`)].some((r) => liveStackReg(r, d))) {
    throw new InlineAbort(); // in an expansion, x19..x(19+d-1) hold the caller's values
  }
  const pool = POOL.filter((r) => !clob.has(`x${r}`) && !fixed.has(r));
  const regs: number[] = [];
  const texts: string[] = [];
  all.forEach((op, i) => {
    const con = op.constraint.replace(/[=+&]/g, '');
    if (/^\d$/.test(con)) { regs[i] = regs[Number(con)]; return; }
    if (con === 'i' || con === 'n') {
      if (op.expr.kind !== 'num') c.diags.error(op.expr.tok, `impossible constraint in 'asm'`);
      texts[i] = String(op.expr.val ?? 0n);
      return;
    }
    if (op.expr.kind === 'var' && op.expr.obj!.reg) { regs[i] = Number(op.expr.obj!.reg.slice(1)); return; }
    const r = pool.shift();
    if (r === undefined) { c.diags.error(n.tok, "'asm' operand requires impossible reload"); regs[i] = 9; return; }
    regs[i] = r;
  });
  // Evaluate inputs (and read-write outputs) into the register stack, then move them into place.
  const loads: Array<[number, number]> = [];
  let depth = d;
  all.forEach((op, i) => {
    const isOut = i < outs.length;
    const con = op.constraint.replace(/[=+&]/g, '');
    if (texts[i] !== undefined) return;
    if (con === 'm') {
      const a = genAddr(c, op.expr, depth);
      c.addImm(c.x(depth), a.base, a.off);
      loads.push([depth++, regs[i]]);
      texts[i] = `[x${regs[i]}]`;
      return;
    }
    if (isOut && !op.constraint.includes('+')) return;
    genExpr(c, op.expr, depth);
    loads.push([depth++, regs[i]]);
  });
  for (const [dd, r] of loads) c.e(`mov x${r}, ${c.x(dd)}`);
  const text = substitute(n.asmText!, all, regs, texts, c, n);
  for (const l of text.split('\n')) if (l.trim()) c.e(l.trim());
  outs.forEach((op, i) => {
    if (op.constraint.replace(/[=+&]/g, '') === 'm') return;
    c.e(`mov ${c.x(d + i)}, x${regs[i]}`);
  });
  outs.forEach((op, i) => {
    if (op.constraint.replace(/[=+&]/g, '') === 'm') return;
    const e = op.expr;
    const a = genAddr(c, e, d + outs.length);
    if (e.kind === 'member' && e.member!.bitWidth !== undefined) { c.diags.error(e.tok, 'bit-field asm output is not supported'); return; }
    castReg(c, 19 + d + i, { kind: 'long', size: 8, unsigned: true } as never, e.ty);
    c.store(c.r(d + i, e.ty), a, sizeOf(e.ty));
  });
}

/** Register name r is one of the register stack's live entries below depth d. */
function liveStackReg(r: string, d: number): boolean {
  const m = /^x(\d+)$/.exec(r);
  return m !== null && Number(m[1]) >= 19 && Number(m[1]) < 19 + d;
}

function substitute(tmpl: string, ops: AsmOperand[], regs: number[], texts: string[], c: FnCtx, n: Node): string {
  return tmpl.replace(/%(%|[wx]?)(\d|\[[A-Za-z_][A-Za-z0-9_]*\])?/g, (m, mod: string, which: string | undefined) => {
    if (mod === '%') return '%';
    if (which === undefined) return m;
    const i = which.startsWith('[') ? ops.findIndex((o) => o.name === which.slice(1, -1)) : Number(which);
    if (i < 0 || i >= ops.length) { c.diags.error(n.tok, `invalid 'asm': operand number out of range`); return m; }
    if (texts[i] !== undefined) return texts[i];
    const wide = mod === 'x' || (mod !== 'w' && isWide(ops[i].expr.ty));
    return regName(regs[i], wide);
  });
}

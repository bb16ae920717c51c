// Call-site expansion of small `static inline` functions: instead of `bl f`, the
// callee's body is cloned with fresh frame slots for its parameters and locals
// (temporaries of the caller's frame; a parameter the body only reads is replaced by
// its argument when that is a constant, and the clone folded) and generated in place,
// without `.loc` lines of its own, so every instruction belongs to the call site's
// line. Toolchain layer, C compiler stage 4 (C11 6.7.4: inline is a hint; the call's
// semantics are kept).

import type { Node, Obj } from './ast.ts';
import { hasCall } from './cgcall.ts';
import { type FnCtx, InlineAbort } from './cgctx.ts';
import { castReg, genExpr } from './cgexpr.ts';
import { foldConst } from './cgfold.ts';
import { wrap } from './consteval.ts';
import { alignOf, isRecord, isScalar, sizeOf } from './type.ts';

/** What a callee may have to be expanded: syntax nodes and statements in its body,
 *  expansions nested inside each other, syntax nodes of all the bodies expanded for one
 *  call written in the caller (so nesting cannot grow the code exponentially) and in
 *  one caller function (so it grows at most by a fixed amount), bytes of parameters
 *  and locals. */
export const INLINE_LIMITS = { nodes: 100, statements: 16, depth: 4, totalNodes: 400, functionNodes: 6000, frameBytes: 512 };

/** The body to expand: its statements, the final `return` expression if any, its size,
 *  and the parameters it only reads (a constant argument can stand for those). */
interface Plan { items: Node[]; result?: Node; nodes: number; readOnly: Set<Obj> }

const plans = new WeakMap<Obj, Plan | null>();

/** The expansion plan of a function, or undefined when its calls must stay calls. */
export function inlinePlan(fn: Obj): Plan | undefined {
  let p = plans.get(fn);
  if (p === undefined) { p = makePlan(fn); plans.set(fn, p); }
  return p ?? undefined;
}

function makePlan(fn: Obj): Plan | null {
  const body = fn.body;
  if (!fn.isFunction || !body || body.kind !== 'block' || !fn.isInline || !fn.isStatic || fn.ty.variadic) return null;
  const items = body.body!.slice();
  const last = items[items.length - 1];
  let result: Node | undefined;
  if (last?.kind === 'return') { items.pop(); result = last.lhs; }
  if (fn.ty.ret!.kind !== 'void' && !result) return null;
  const scan: Scan = { fn, nodes: 0, statements: 0, loopLabels: new Set(), gotos: [], ok: true };
  for (const s of items) walk(s, scan);
  if (result) walk(result, scan);
  if (!scan.ok || scan.nodes > INLINE_LIMITS.nodes || scan.statements > INLINE_LIMITS.statements) return null;
  if (scan.gotos.some((l) => !scan.loopLabels.has(l))) return null;
  let bytes = 0;
  for (const v of fn.locals ?? []) bytes += Math.ceil(Math.max(sizeOf(v.ty), 1) / 8) * 8;
  if (bytes > INLINE_LIMITS.frameBytes) return null;
  return { items, result, nodes: scan.nodes, readOnly: readOnlyParams(fn, items, result) };
}

/**
 * The scalar, non-volatile parameters of fn whose value the body only reads: never
 * the operand of an assignment, ++/--, `&`, an asm output or memory operand (nor
 * part of one, except below a `*`, whose operand is only read).
 */
function readOnlyParams(fn: Obj, items: Node[], result: Node | undefined): Set<Obj> {
  const written = new Set<Obj>();
  const lvalue = (n: Node): void => {
    if (n.kind === 'var' && n.obj) written.add(n.obj);
    if (n.kind !== 'deref') eachChild(n, lvalue);
  };
  const visit = (n: Node): void => {
    switch (n.kind) {
      case 'assign': case 'opassign': case 'preinc': case 'postinc': case 'addr': case 'memzero':
      case 'vastart': case 'vaarg': case 'vacopy':
        lvalue(n.lhs ?? n);
        if (n.kind === 'vacopy') eachChild(n, lvalue);
        break;
      case 'asm':
        n.outputs?.forEach((o) => lvalue(o.expr));
        n.inputs?.forEach((o) => { if (o.constraint.includes('m')) lvalue(o.expr); });
        break;
    }
    eachChild(n, visit);
  };
  items.forEach(visit);
  if (result) visit(result);
  return new Set((fn.params ?? []).filter((p) => isScalar(p.ty) && !p.ty.isVolatile && !written.has(p)));
}

interface Scan {
  fn: Obj;
  nodes: number;
  statements: number;
  /** break/continue targets of loops inside the body: the only gotos allowed. */
  loopLabels: Set<string>;
  gotos: string[];
  ok: boolean;
}

const STATEMENTS = new Set(['exprstmt', 'if', 'for', 'do', 'asm', 'goto']);
/** A label defined in asm text (other than GNU's numeric local labels) would be defined twice. */
const ASM_LABEL = /(^|[\n;])\s*[A-Za-z_.$][\w.$]*\s*:/;

function walk(n: Node, s: Scan): void {
  s.nodes++;
  if (STATEMENTS.has(n.kind)) s.statements++;
  switch (n.kind) {
    case 'label': case 'switch': case 'return': case 'vastart': s.ok = false; return;
    case 'goto': s.gotos.push(n.label!); break;
    case 'for': case 'do': s.loopLabels.add(n.brk!); s.loopLabels.add(n.cont!); break;
    case 'asm': if (ASM_LABEL.test(n.asmText ?? '')) s.ok = false; break;
    case 'call': {
      const f = n.lhs!;
      if (f.kind === 'addr' && f.lhs!.kind === 'var' && f.lhs!.obj === s.fn) s.ok = false; // calls itself
      break;
    }
  }
  eachChild(n, (k) => walk(k, s));
}

function eachChild(n: Node, f: (k: Node) => void): void {
  if (n.lhs) f(n.lhs);
  if (n.rhs) f(n.rhs);
  if (n.cond) f(n.cond);
  if (n.then) f(n.then);
  if (n.els) f(n.els);
  if (n.init) f(n.init);
  if (n.inc) f(n.inc);
  n.body?.forEach(f);
  n.args?.forEach(f);
  n.outputs?.forEach((o) => f(o.expr));
  n.inputs?.forEach((o) => f(o.expr));
}

/** Fresh objects for the callee's locals, fresh labels for its loops, the constant
 *  values of read-only parameters whose argument was an integer constant. */
interface Remap { objs: Map<Obj, Obj>; labels: Map<string, string>; consts: Map<Obj, bigint>; c: FnCtx }

function clone(n: Node, m: Remap): Node {
  if (n.kind === 'var' && n.obj && m.consts.has(n.obj)) return { kind: 'num', tok: n.tok, ty: n.ty, val: m.consts.get(n.obj)! };
  const r: Node = { ...n };
  if (n.lhs) r.lhs = clone(n.lhs, m);
  if (n.rhs) r.rhs = clone(n.rhs, m);
  if (n.cond) r.cond = clone(n.cond, m);
  if (n.then) r.then = clone(n.then, m);
  if (n.els) r.els = clone(n.els, m);
  if (n.init) r.init = clone(n.init, m);
  if (n.inc) r.inc = clone(n.inc, m);
  if (n.body) r.body = n.body.map((k) => clone(k, m));
  if (n.args) r.args = n.args.map((k) => clone(k, m));
  if (n.outputs) r.outputs = n.outputs.map((o) => ({ ...o, expr: clone(o.expr, m) }));
  if (n.inputs) r.inputs = n.inputs.map((o) => ({ ...o, expr: clone(o.expr, m) }));
  if (n.obj) r.obj = m.objs.get(n.obj) ?? n.obj; // static locals and globals stay the one object
  if (n.brk) r.brk = relabel(n.brk, m);
  if (n.cont) r.cont = relabel(n.cont, m);
  if (n.kind === 'goto') r.label = relabel(n.label!, m);
  return m.consts.size > 0 ? foldConst(r) : r;
}

function relabel(l: string, m: Remap): string {
  let r = m.labels.get(l);
  if (!r) { r = m.c.newLabel('inl'); m.labels.set(l, r); }
  return r;
}

/** Argument and parameter lists agree (a call through an unprototyped declaration may not). */
function argsFit(n: Node, fn: Obj): boolean {
  const params = fn.params ?? [];
  const args = n.args!;
  if (args.length !== params.length) return false;
  return args.every((a, i) => isRecord(a.ty) === isRecord(params[i].ty) && (!isRecord(a.ty) || sizeOf(a.ty) === sizeOf(params[i].ty)));
}

/**
 * Generates the direct call n to fn as an expansion of fn's body, with the call's
 * value in x(d) like genCall; false (nothing emitted) when the call must stay a call:
 * fn is not expandable, already being expanded (recursion), nested too deep, or the
 * expansion does not fit at depth d (then everything it emitted is rolled back).
 */
export function genInline(c: FnCtx, n: Node, d: number, fn: Obj): boolean {
  if (c.inlining.length >= INLINE_LIMITS.depth || c.inlining.includes(fn) || fn === c.fn) return false;
  const plan = inlinePlan(fn);
  if (!plan || !argsFit(n, fn)) return false;
  // Inside another expansion, this body comes out of that call's budget (reserved
  // before the arguments, whose own expansions are inside that call too).
  if (c.inlining.length > 0 && plan.nodes > c.inlineBudget) return false;
  if (c.inlinedNodes + plan.nodes > INLINE_LIMITS.functionNodes) return false;
  const mark = {
    lines: c.lines.length, maxDepth: c.maxDepth, tempCursor: c.tempCursor, tempMax: c.tempMax,
    clobbered: [...c.clobbered], lastLoc: c.lastLoc, budget: c.inlineBudget, inlined: c.inlinedNodes,
  };
  if (c.inlining.length > 0) c.inlineBudget -= plan.nodes;
  c.inlinedNodes += plan.nodes;
  c.expanding++;
  try {
    expand(c, n, d, fn, plan);
    return true;
  } catch (e) {
    if (!(e instanceof InlineAbort)) throw e;
    c.lines.length = mark.lines;
    c.maxDepth = mark.maxDepth;
    c.tempCursor = mark.tempCursor;
    c.tempMax = mark.tempMax;
    c.lastLoc = mark.lastLoc;
    c.inlineBudget = mark.budget;
    c.inlinedNodes = mark.inlined;
    c.clobbered.clear();
    for (const r of mark.clobbered) c.clobbered.add(r);
    return false;
  } finally {
    c.expanding--;
  }
}

function expand(c: FnCtx, n: Node, d: number, fn: Obj, plan: Plan): void {
  const args = n.args!;
  const consts = constantParams(fn, args, plan);
  const objs = new Map<Obj, Obj>();
  for (const v of fn.locals ?? []) {
    if (consts.has(v)) continue; // never read from memory: no slot
    const align = Math.max(alignOf(v.ty), v.align ?? 1);
    objs.set(v, { ...v, offset: c.allocTemp(Math.max(sizeOf(v.ty), 1), align) });
  }
  // Arguments in genCall's order (those with calls, and structs, first), each into its
  // parameter's slot, converted as by assignment; a constant (no side effects) stands
  // for its read-only parameter instead.
  const params = (fn.params ?? []).map((p) => objs.get(p));
  const first = args.map((a) => isRecord(a.ty) || hasCall(a));
  args.forEach((a, i) => { if (first[i] && params[i]) storeArg(c, a, params[i]!, d); });
  args.forEach((a, i) => { if (!first[i] && params[i]) storeArg(c, a, params[i]!, d); });
  const m: Remap = { objs, labels: new Map(), consts, c };
  const r = plan.result ? clone(plan.result, m) : undefined;
  // The arguments were the caller's code; the body is the callee's: no `.loc`, and
  // calls to fn inside it (indirect recursion) stay calls.
  if (c.inlining.length === 0) c.inlineBudget = INLINE_LIMITS.totalNodes - plan.nodes; // a call written in the caller
  c.quiet++;
  c.inlining.push(fn);
  try {
    c.inlineStmts(plan.items.map((s) => clone(s, m)), d);
    if (r) genExpr(c, r, d);
  } finally {
    c.quiet--;
    c.inlining.pop();
  }
  if (!r) return;
  const rt = n.ty;
  if (!isRecord(rt)) { castReg(c, 19 + d, r.ty, rt); return; }
  // A struct value is its address: the caller gets storage nothing else writes, as a
  // call's result slot (a copy unless it is a local of this expansion or a call result).
  const own = r.kind === 'call' || (r.kind === 'var' && r.obj !== undefined && [...objs.values()].includes(r.obj));
  if (own) return;
  const size = sizeOf(rt);
  const slot = c.allocTemp(size, alignOf(rt));
  c.copy({ base: 'x29', off: slot }, { base: c.x(d), off: 0 }, size);
  c.addImm(c.x(d), 'x29', slot);
}

/** Read-only parameters whose argument is an integer (or null pointer) constant, with
 *  the argument's value converted to the parameter's type as by assignment. */
function constantParams(fn: Obj, args: Node[], plan: Plan): Map<Obj, bigint> {
  const out = new Map<Obj, bigint>();
  (fn.params ?? []).forEach((p, i) => {
    const a = args[i];
    if (!plan.readOnly.has(p) || a.kind !== 'num' || !isScalar(a.ty)) return;
    out.set(p, wrap(a.val!, p.ty));
  });
  return out;
}

function storeArg(c: FnCtx, a: Node, p: Obj, d: number): void {
  genExpr(c, a, d);
  const dst = { base: 'x29', off: p.offset };
  if (isRecord(p.ty)) { c.copy(dst, { base: c.x(d), off: 0 }, sizeOf(p.ty)); return; }
  castReg(c, 19 + d, a.ty, p.ty);
  c.store(c.r(d, p.ty), dst, sizeOf(p.ty));
}

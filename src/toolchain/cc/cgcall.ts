// Calls, parameters and variadic arguments under the AAPCS64 procedure call standard
// (AAPCS64 6.8 parameter passing, 7.1.4 va_list, Appendix B va_arg): integer and
// pointer arguments in x0-x7 then 8-byte stack slots, structs up to 16 bytes in one or
// two registers, larger ones by reference, large results through x8. Toolchain layer.

import type { Node, Obj } from './ast.ts';
import type { Addr, FnCtx } from './cgctx.ts';
import { castReg, genAddr, genExpr } from './cgexpr.ts';
import { genInline } from './cginline.ts';
import { alignOf, isRecord, sizeOf, type Type } from './type.ts';

export type ArgLoc =
  | { kind: 'reg'; reg: number; n: number }
  | { kind: 'stack'; off: number }
  | { kind: 'byref'; reg: number }
  | { kind: 'byrefStack'; off: number };

const alignTo = (n: number, a: number): number => Math.ceil(n / a) * a;

/** Where each argument travels; also the registers and stack bytes used. */
export function classify(types: Type[]): { locs: ArgLoc[]; ngrn: number; stack: number } {
  let ngrn = 0;
  let nsaa = 0;
  const locs: ArgLoc[] = [];
  for (const t of types) {
    const size = sizeOf(t);
    if (isRecord(t) && size > 16) {
      if (ngrn < 8) locs.push({ kind: 'byref', reg: ngrn++ });
      else { locs.push({ kind: 'byrefStack', off: nsaa }); nsaa += 8; }
      continue;
    }
    const n = isRecord(t) ? Math.max(1, Math.ceil(size / 8)) : 1;
    if (isRecord(t) && alignOf(t) === 16) ngrn = alignTo(ngrn, 2);
    if (ngrn + n <= 8) { locs.push({ kind: 'reg', reg: ngrn, n }); ngrn += n; continue; }
    ngrn = 8;
    nsaa = alignTo(nsaa, Math.max(8, alignOf(t)));
    locs.push({ kind: 'stack', off: nsaa });
    nsaa += alignTo(size, 8);
  }
  return { locs, ngrn, stack: alignTo(nsaa, 16) };
}

export function hasCall(n: Node | undefined): boolean {
  if (!n) return false;
  if (n.kind === 'call' || n.kind === 'stmtexpr' || n.kind === 'vaarg') return true;
  return hasCall(n.lhs) || hasCall(n.rhs) || hasCall(n.cond) || hasCall(n.then) || hasCall(n.els) ||
    (n.args?.some(hasCall) ?? false);
}

function isDirect(callee: Node): Obj | undefined {
  if (callee.kind === 'addr' && callee.lhs!.kind === 'var' && callee.lhs!.obj!.isFunction) return callee.lhs!.obj;
  return undefined;
}

export function genCall(c: FnCtx, n: Node, d: number): void {
  const args = n.args!;
  const { locs, stack } = classify(args.map((a) => a.ty));
  const direct = isDirect(n.lhs!);
  if (direct && genInline(c, n, d, direct)) return;
  let ad = d;
  if (!direct) { genExpr(c, n.lhs!, d); ad = d + 1; }
  // Arguments that contain calls, and all structs, are evaluated first into frame slots.
  const slots: number[] = args.map(() => -1);
  args.forEach((a, i) => {
    if (isRecord(a.ty)) {
      genExpr(c, a, ad);
      const size = sizeOf(a.ty);
      slots[i] = c.allocTemp(size, alignOf(a.ty));
      c.copy({ base: 'x29', off: slots[i] }, { base: c.x(ad), off: 0 }, size);
    } else if (hasCall(a)) {
      genExpr(c, a, ad);
      slots[i] = c.allocTemp(8);
      c.store(c.x(ad), { base: 'x29', off: slots[i] }, 8);
    }
  });
  if (stack) c.addImm('sp', 'sp', -stack);
  args.forEach((a, i) => passArg(c, a, locs[i], slots[i], ad));
  let retSlot = -1;
  const rt = n.ty;
  if (isRecord(rt)) {
    retSlot = c.allocTemp(Math.max(sizeOf(rt), 16), alignOf(rt));
    if (sizeOf(rt) > 16) c.addImm('x8', 'x29', retSlot);
  }
  c.e(direct ? `bl ${direct.asmName}` : `blr ${c.x(d)}`);
  if (stack) c.addImm('sp', 'sp', stack);
  if (isRecord(rt)) {
    if (sizeOf(rt) <= 16) {
      c.store('x0', { base: 'x29', off: retSlot }, 8);
      c.store('x1', { base: 'x29', off: retSlot + 8 }, 8);
    }
    c.addImm(c.x(d), 'x29', retSlot);
    return;
  }
  if (rt.kind === 'void') return;
  c.e(`mov ${c.x(d)}, x0`);
  if (rt.kind === 'bool') c.e(`and ${c.w(d)}, ${c.w(d)}, #0xff`);
  else if (sizeOf(rt) < 4) castReg(c, 19 + d, { ...rt, kind: 'int', size: 4, unsigned: rt.unsigned } as Type, rt);
}

function passArg(c: FnCtx, a: Node, loc: ArgLoc, slot: number, d: number): void {
  const slotAddr: Addr = { base: 'x29', off: slot };
  if (isRecord(a.ty)) {
    const size = sizeOf(a.ty);
    if (loc.kind === 'reg') {
      for (let k = 0; k < loc.n; k++) c.load(`x${loc.reg + k}`, { base: 'x29', off: slot + 8 * k }, U64);
    } else if (loc.kind === 'stack') {
      c.copy({ base: 'sp', off: loc.off }, slotAddr, alignTo(size, 8));
    } else if (loc.kind === 'byref') {
      c.addImm(`x${loc.reg}`, 'x29', slot);
    } else {
      c.addImm('x16', 'x29', slot);
      c.store('x16', { base: 'sp', off: loc.off }, 8);
    }
    return;
  }
  if (slot >= 0) {
    if (loc.kind === 'reg') c.load(`x${loc.reg}`, slotAddr, U64);
    else { c.load('x16', slotAddr, U64); c.store('x16', { base: 'sp', off: (loc as { off: number }).off }, 8); }
    return;
  }
  genExpr(c, a, d);
  if (loc.kind === 'reg') c.e(`mov x${loc.reg}, ${c.x(d)}`);
  else c.store(c.x(d), { base: 'sp', off: (loc as { off: number }).off }, 8);
}

const U64 = { kind: 'long', size: 8, align: 8, unsigned: true } as Type;

/** Stores incoming parameters into their frame slots (part of the prologue). */
export function storeParams(c: FnCtx, fn: Obj, frame: number): void {
  const params = fn.params ?? [];
  const { locs } = classify(params.map((p) => p.ty));
  params.forEach((p, i) => {
    const loc = locs[i];
    const dst: Addr = { base: 'x29', off: p.offset };
    const size = sizeOf(p.ty);
    const incoming = (off: number): Addr => ({ base: 'x29', off: frame + off });
    if (loc.kind === 'reg') {
      if (isRecord(p.ty)) for (let k = 0; k < loc.n; k++) c.store(`x${loc.reg + k}`, { base: 'x29', off: p.offset + 8 * k }, 8);
      else c.store(`x${loc.reg}`, dst, size);
    } else if (loc.kind === 'stack') {
      if (isRecord(p.ty)) c.copy(dst, incoming(loc.off), size);
      else { c.load('x16', incoming(loc.off), p.ty.kind === 'bool' ? U64 : p.ty); c.store('x16', dst, size); }
    } else if (loc.kind === 'byref') {
      c.copy(dst, { base: `x${loc.reg}`, off: 0 }, size);
    } else {
      c.load('x17', incoming(loc.off), U64);
      c.copy(dst, { base: 'x17', off: 0 }, size);
    }
  });
}

/** Registers and stack bytes taken by the named parameters (for va_start). */
export function paramInfo(fn: Obj): { ngrn: number; namedStack: number } {
  const params = fn.params ?? [];
  const cl = classify(params.map((p) => p.ty));
  let namedStack = 0;
  cl.locs.forEach((l, i) => {
    if (l.kind === 'stack') namedStack = Math.max(namedStack, l.off + alignTo(sizeOf(params[i].ty), 8));
    if (l.kind === 'byrefStack') namedStack = Math.max(namedStack, l.off + 8);
  });
  return { ngrn: cl.ngrn, namedStack };
}

// ---- va_list (AAPCS64 Appendix B) ----

export function genVaStart(c: FnCtx, n: Node, d: number): void {
  const a = apAddr(c, n.lhs!, d);
  c.e('@VASTACK');
  c.store('x16', a, 8);
  c.addImm('x16', 'x29', c.vaOff + 64);
  c.store('x16', { base: a.base, off: a.off + 8 }, 8);
  c.store('x16', { base: a.base, off: a.off + 16 }, 8);
  c.movImm('w16', BigInt(-(8 - c.namedGr) * 8));
  c.store('w16', { base: a.base, off: a.off + 24 }, 4);
  c.store('wzr', { base: a.base, off: a.off + 28 }, 4);
}

function apAddr(c: FnCtx, ap: Node, d: number): Addr {
  if (ap.ty.kind === 'ptr') { genExpr(c, ap, d); return { base: c.x(d), off: 0 }; }
  const a = genAddr(c, ap, d);
  if (a.base === 'x29') return a;
  c.addImm(c.x(d), a.base, a.off);
  return { base: c.x(d), off: 0 };
}

export function genVaArg(c: FnCtx, n: Node, d: number): void {
  const t = n.ty;
  const a = apAddr(c, n.lhs!, d);
  const byRef = isRecord(t) && sizeOf(t) > 16;
  const size = byRef ? 8 : sizeOf(t);
  const nreg = Math.max(1, Math.ceil(size / 8));
  const onStack = c.newLabel('va_stack');
  const done = c.newLabel('va_done');
  const at = (off: number): Addr => ({ base: a.base, off: a.off + off });
  c.load('w16', at(24), { kind: 'int', size: 4, align: 4, unsigned: false } as Type);
  c.e('cmp w16, #0');
  c.e(`b.ge ${onStack}`);
  if (!byRef && isRecord(t) && alignOf(t) === 16 && nreg === 2) { c.e('add w16, w16, #15'); c.e('and w16, w16, #-16'); }
  c.e(`add w17, w16, #${nreg * 8}`);
  c.store('w17', at(24), 4);
  c.e('cmp w17, #0');
  c.e(`b.gt ${onStack}`);
  c.load('x17', at(8), U64);
  c.e('add x17, x17, w16, sxtw');
  c.e(`b ${done}`);
  c.label(onStack);
  c.load('x17', at(0), U64);
  if (!byRef && alignOf(t) === 16) { c.e('add x17, x17, #15'); c.e('and x17, x17, #-16'); }
  c.e(`add x16, x17, #${alignTo(size, 8)}`);
  c.store('x16', at(0), 8);
  c.label(done);
  if (byRef) { c.e(`ldr ${c.x(d)}, [x17]`); return; }
  if (isRecord(t)) { c.e(`mov ${c.x(d)}, x17`); return; }
  c.load(c.r(d, t), { base: 'x17', off: 0 }, t);
}

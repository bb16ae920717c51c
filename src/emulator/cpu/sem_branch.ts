// Semantics of branches, exception-generating and system instructions as JS source:
// B/BL/B.cond/CBZ/TBZ/BR/BLR/RET end a block; SVC/BRK record an exception; MRS/MSR
// reach the EL0-visible system registers. Emulator layer. Arm ARM C4.1.87 and
// D17 (system registers accessible at EL0 with Linux's EL1 settings).

import { Emit, lo32, hi32, sext, type Fields, type Sem } from './emit.ts';
import { X_SVC, X_BRK } from './runtime.ts';
import { REG } from './state.ts';
import { CNTFRQ_HZ } from '../devices/timer.ts';

/** CTR_EL0: 64-byte I/D lines, PIPT I-cache (what a Cortex-A72 reports). */
export const CTR_EL0_VALUE = 0x8444c004;
/** DCZID_EL0: DC ZVA prohibited (DZP=1), so libraries do not use it. */
export const DCZID_EL0_VALUE = 0x10;

function pcExpr(v: bigint): [string, string] {
  return [String(lo32(v)), String(hi32(v))];
}

const branch = (link: boolean): Sem => (f, e) => {
  const target = e.va + BigInt(sext(f.imm26, 26) * 4);
  if (link) e.set(30, ...pcExpr(e.va + 4n));
  e.branch(target, link ? e.va + 4n : null);
};

function condBranch(e: Emit, test: string, offset: number): void {
  e.emit(`if(${test})${e.jump(e.va + BigInt(offset * 4), e.k + 1)}`);
  e.emit(e.jump(e.va + 4n, e.k + 1));
  e.ended = true;
}

const cbz = (nonzero: boolean): Sem => (f, e) => {
  const v = f.sf ? `(${e.lo(f.Rt)}|${e.hi(f.Rt)})` : e.lo(f.Rt);
  condBranch(e, `${v}${nonzero ? '!==' : '==='}0`, sext(f.imm19, 19));
};

const tbz = (nonzero: boolean): Sem => (f, e) => {
  const bit = (f.b5 << 5) | f.b40;
  const word = bit < 32 ? e.lo(f.Rt) : e.hi(f.Rt);
  condBranch(e, `((${word}>>>${bit & 31})&1)${nonzero ? '!==' : '==='}0`, sext(f.imm14, 14));
};

const indirect = (link: boolean, ret = false): Sem => (f, e) => {
  e.emit(`const tL=${e.lo(f.Rn)},tH=${e.hi(f.Rn)};`);
  if (link) e.set(30, ...pcExpr(e.va + 4n));
  if (ret) { e.ret('tL', 'tH'); return; }
  e.emit(e.dynExit('tL', 'tH'));
  e.ended = true;
};

function undef(e: Emit): void {
  e.emit(`m.undef(${e.word >>> 0});${e.faultExit()}`);
  e.ended = true;
}

/** op0:op1:CRn:CRm:op2 packed as in the MRS/MSR encoding (o0 = op0 - 2). */
function sysKey(op0: number, op1: number, CRn: number, CRm: number, op2: number): number {
  return (op0 << 14) | (op1 << 11) | (CRn << 7) | (CRm << 3) | op2;
}
const NZCV = sysKey(3, 3, 4, 2, 0), FPCR = sysKey(3, 3, 4, 4, 0), FPSR = sysKey(3, 3, 4, 4, 1);
const TPIDR = sysKey(3, 3, 13, 0, 2), TPIDRRO = sysKey(3, 3, 13, 0, 3);
const CNTFRQ = sysKey(3, 3, 14, 0, 0), CNTPCT = sysKey(3, 3, 14, 0, 1), CNTVCT = sysKey(3, 3, 14, 0, 2);
const CTR = sysKey(3, 3, 0, 0, 1), DCZID = sysKey(3, 3, 0, 0, 7);

function keyOf(f: Fields): number {
  return sysKey(2 + f.o0, f.op1, f.CRn, f.CRm, f.op2);
}

const mrs: Sem = (f, e) => {
  const t = f.Rt;
  switch (keyOf(f)) {
    case NZCV: e.set(t, `(r[${REG.N}]<<31)|(r[${REG.Z}]<<30)|(r[${REG.C}]<<29)|(r[${REG.V}]<<28)`, '0'); return;
    case FPCR: e.set(t, `r[${REG.FPCR}]`, '0'); return;
    case FPSR: e.set(t, `r[${REG.FPSR}]`, '0'); return;
    case TPIDR: e.emit(`const vL=r[${REG.TPIDR}],vH=r[${REG.TPIDR + 1}];`); e.set(t, 'vL', 'vH'); return;
    case TPIDRRO: e.emit(`const vL=r[${REG.TPIDRRO}],vH=r[${REG.TPIDRRO + 1}];`); e.set(t, 'vL', 'vH'); return;
    case CNTFRQ: e.set(t, String(CNTFRQ_HZ), '0'); return;
    case CNTPCT: case CNTVCT:
      e.emit(`const tv=m.time+n+${e.k};`);
      e.set(t, '(tv>>>0)|0', 'Math.floor(tv/4294967296)|0');
      return;
    case CTR: e.set(t, String(CTR_EL0_VALUE | 0), '0'); return;
    case DCZID: e.set(t, String(DCZID_EL0_VALUE), '0'); return;
    default: undef(e);
  }
};

const msr: Sem = (f, e) => {
  const L = e.lo(f.Rt), H = e.hi(f.Rt);
  switch (keyOf(f)) {
    case NZCV:
      e.emit(`{const v=${L};r[${REG.N}]=(v>>>31)&1;r[${REG.Z}]=(v>>>30)&1;r[${REG.C}]=(v>>>29)&1;r[${REG.V}]=(v>>>28)&1;}`);
      return;
    case FPCR: e.emit(`r[${REG.FPCR}]=${L}&0x07ff9f00;`); return;
    case FPSR: e.emit(`r[${REG.FPSR}]=${L}&0xf800009f;`); return;
    case TPIDR: e.emit(`{const vL=${L},vH=${H};r[${REG.TPIDR}]=vL;r[${REG.TPIDR + 1}]=vH;}`); return;
    default: undef(e);
  }
};

export const BRANCH_SEMANTICS: Record<string, Sem> = {
  B: branch(false),
  BL: branch(true),
  B_cond: (f, e) => condBranch(e, e.cond(f.cond), sext(f.imm19, 19)),
  CBZ: cbz(false), CBNZ: cbz(true), TBZ: tbz(false), TBNZ: tbz(true),
  BR: indirect(false), BLR: indirect(true), RET: indirect(false, true),
  SVC: (f, e) => {
    e.emit(`m.raise(${X_SVC},${f.imm16});${e.leave(e.va, e.k + 1)}`);
    e.ended = true;
  },
  BRK: (f, e) => {
    e.emit(`m.raise(${X_BRK},${f.imm16});${e.faultExit()}`);
    e.ended = true;
  },
  HINT: () => {},
  CLREX: (_f, e) => e.emit('m.clrex();'),
  DSB: () => {}, DMB: () => {}, ISB: () => {},
  MRS: mrs,
  MSR_reg: msr,
};

export { undef as emitUndefined };

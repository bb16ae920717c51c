// Semantics of the A64 data-processing forms (immediate and register) as JS source
// generators over int32 lo/hi register pairs. Emulator layer. Arm ARM C4.1.86 and
// C4.1.88, per-instruction pseudocode in C6 (AddWithCarry, DecodeBitMasks, ShiftReg,
// ExtendReg). Every flag-setting form computes NZCV exactly as AddWithCarry does.

import { Emit, lo32, hi32, type Fields, type Sem } from './emit.ts';
import { decodeBitMaskPair } from './bitmask.ts';

const T32 = '4294967295';

/** Bind Xn (or Wn) to consts `${p}L`, `${p}H`. */
function bind(e: Emit, p: string, n: number, sp = false): void {
  e.emit(`const ${p}L=${e.lo(n, sp)},${p}H=${e.hi(n, sp)};`);
}

/** aL/aH (+/-) bL/bH into Rd, with flags when s (AddWithCarry). `cin` is '0', '1' or a flag read. */
function addsub(e: Emit, sf: number, sub: boolean, s: boolean, d: number, dSp: boolean, cin?: string): void {
  const bL = sub ? '(~bL)' : 'bL', bH = sub ? '(~bH)' : 'bH';
  const c = cin ?? (sub ? '1' : '0');
  if (sf) {
    if (s || cin !== undefined) {
      e.emit(`const s0=(aL>>>0)+(${bL}>>>0)+${c},dL=s0|0,s1=(aH>>>0)+(${bH}>>>0)+(s0>${T32}?1:0),dH=s1|0;`);
      if (s) e.flags('dH>>>31', '(dL|dH)===0?1:0', `s1>${T32}?1:0`, `((aH^dH)&(${bH}^dH))>>>31`);
    } else if (sub) {
      e.emit('const dL=(aL-bL)|0,dH=(aH-bH-((aL>>>0)<(bL>>>0)?1:0))|0;');
    } else {
      e.emit(`const s0=(aL>>>0)+(bL>>>0),dL=s0|0,dH=(aH+bH+(s0>${T32}?1:0))|0;`);
    }
    e.set(d, 'dL', 'dH', dSp);
    return;
  }
  if (s || cin !== undefined) {
    e.emit(`const s0=(aL>>>0)+(${bL}>>>0)+${c},dL=s0|0;`);
    if (s) e.flags('dL>>>31', 'dL===0?1:0', `s0>${T32}?1:0`, `((aL^dL)&(${bL}^dL))>>>31`);
  } else {
    e.emit(`const dL=(aL${sub ? '-' : '+'}bL)|0;`);
  }
  e.set(d, 'dL', '0', dSp);
}

/** ShiftReg with a constant amount: [lo, hi] expressions (hi '0' for 32-bit). */
export function shiftConst(type: number, s: number, L: string, H: string, sf: number): [string, string] {
  if (!sf) {
    if (s === 0) return [L, '0'];
    const w = [`(${L}<<${s})`, `(${L}>>>${s}|0)`, `(${L}>>${s})`, `((${L}>>>${s})|(${L}<<${32 - s}))`][type];
    return [w, '0'];
  }
  if (s === 0) return [L, H];
  const t = s - 32;
  switch (type) {
    case 0:
      if (s < 32) return [`(${L}<<${s})`, `((${H}<<${s})|(${L}>>>${32 - s}))`];
      return ['0', t === 0 ? L : `(${L}<<${t})`];
    case 1:
      if (s < 32) return [`((${L}>>>${s})|(${H}<<${32 - s}))`, `(${H}>>>${s}|0)`];
      return [t === 0 ? H : `(${H}>>>${t}|0)`, '0'];
    case 2:
      if (s < 32) return [`((${L}>>>${s})|(${H}<<${32 - s}))`, `(${H}>>${s})`];
      return [t === 0 ? H : `(${H}>>${t})`, `(${H}>>31)`];
    default:
      if (s < 32) return [`((${L}>>>${s})|(${H}<<${32 - s}))`, `((${H}>>>${s})|(${L}<<${32 - s}))`];
      if (t === 0) return [H, L];
      return [`((${H}>>>${t})|(${L}<<${32 - t}))`, `((${L}>>>${t})|(${H}<<${32 - t}))`];
  }
}

/** ExtendReg(Rm, option, shift) as [lo, hi] after binding the extended value to eL/eH. */
function extendReg(e: Emit, m: number, option: number, shift: number): [string, string] {
  const L = e.lo(m), H = e.hi(m);
  const ext: [string, string] = [
    [`(${L}&255)`, '0'], [`(${L}&65535)`, '0'], [L, '0'], [L, H],
    [`(${L}<<24>>24)`, `(${L}<<24>>31)`], [`(${L}<<16>>16)`, `(${L}<<16>>31)`], [L, `(${L}>>31)`], [L, H],
  ][option] as [string, string];
  e.emit(`const eL=${ext[0]},eH=${ext[1]};`);
  return shiftConst(0, shift, 'eL', 'eH', 1);
}

const addImm = (sub: boolean, s: boolean): Sem => (f, e) => {
  const imm = f.imm12 << (f.sh ? 12 : 0);
  bind(e, 'a', f.Rn, true);
  e.emit(`const bL=${imm},bH=0;`);
  addsub(e, f.sf, sub, s, f.Rd, !s);
};

const addShift = (sub: boolean, s: boolean): Sem => (f, e) => {
  bind(e, 'a', f.Rn);
  bind(e, 'm', f.Rm);
  const [l, h] = shiftConst(f.shift, f.imm6, 'mL', 'mH', f.sf);
  e.emit(`const bL=${l},bH=${h};`);
  addsub(e, f.sf, sub, s, f.Rd, false);
};

const addExt = (sub: boolean, s: boolean): Sem => (f, e) => {
  bind(e, 'a', f.Rn, true);
  const [l, h] = extendReg(e, f.Rm, f.option, f.imm3);
  e.emit(`const bL=${l},bH=${h};`);
  addsub(e, f.sf, sub, s, f.Rd, !s);
};

const addCarry = (sub: boolean, s: boolean): Sem => (f, e) => {
  bind(e, 'a', f.Rn);
  bind(e, 'b', f.Rm);
  addsub(e, f.sf, sub, s, f.Rd, false, 'r[68]');
};

/** Logical op on aL/aH and bL/bH (already inverted for BIC/ORN/EON) into Rd. */
function logical(e: Emit, sf: number, op: string, s: boolean, d: number, dSp: boolean): void {
  e.emit(`const dL=aL${op}bL${sf ? `,dH=aH${op}bH` : ''};`);
  if (s) e.flags(sf ? 'dH>>>31' : 'dL>>>31', sf ? '(dL|dH)===0?1:0' : 'dL===0?1:0', '0', '0');
  e.set(d, 'dL', sf ? 'dH' : '0', dSp);
}

const logImm = (op: string, s: boolean): Sem => (f, e) => {
  const m = decodeBitMaskPair(f.N, f.immr, f.imms, f.sf ? 64 : 32)!;
  bind(e, 'a', f.Rn);
  e.emit(`const bL=${m.lo},bH=${m.hi};`);
  logical(e, f.sf, op, s, f.Rd, !s);
};

const logShift = (op: string, invert: boolean, s: boolean): Sem => (f, e) => {
  bind(e, 'a', f.Rn);
  bind(e, 'm', f.Rm);
  const [l, h] = shiftConst(f.shift, f.imm6, 'mL', 'mH', f.sf);
  e.emit(invert ? `const bL=~${l},bH=~${h};` : `const bL=${l},bH=${h};`);
  logical(e, f.sf, op, s, f.Rd, false);
};

const moveWide = (kind: 'z' | 'n' | 'k'): Sem => (f, e) => {
  const shift = BigInt(f.hw * 16);
  const v = BigInt(f.imm16) << shift;
  const mask = f.sf ? (1n << 64n) - 1n : 0xffff_ffffn;
  if (kind === 'k') {
    const keep = ~(0xffffn << shift) & mask;
    bind(e, 'a', f.Rd);
    e.emit(`const dL=(aL&${lo32(keep)})|${lo32(v)},dH=(aH&${hi32(keep)})|${hi32(v)};`);
    e.setW(f.Rd, f.sf, 'dL', 'dH');
    return;
  }
  const val = kind === 'z' ? v : ~v & mask;
  e.set(f.Rd, String(lo32(val)), String(hi32(val)));
};

/** DecodeBitMasks(N, imms, immr, immediate=FALSE): [wmask, tmask] for datasize M. */
function bitfieldMasks(N: number, imms: number, immr: number, M: number): [bigint, bigint] {
  const combined = (N << 6) | (~imms & 0x3f);
  const len = 31 - Math.clz32(combined);
  const esize = 1 << len;
  const levels = esize - 1;
  const S = imms & levels, R = immr & levels;
  const d = (S - R) & levels;
  const ones = (n: number): bigint => (1n << BigInt(n)) - 1n;
  const E = BigInt(esize);
  const welem = ones(S + 1);
  const rot = R === 0 ? welem : ((welem >> BigInt(R)) | (welem << (E - BigInt(R)))) & ones(esize);
  const telem = ones(d + 1);
  let w = 0n, t = 0n;
  for (let i = 0; i < M; i += esize) { w |= rot << BigInt(i); t |= telem << BigInt(i); }
  return [w, t];
}

function and(x: string, m: number): string {
  return m === 0 ? '0' : m === -1 ? x : `(${x}&${m})`;
}

const bitfield = (kind: 's' | 'b' | 'u'): Sem => (f, e) => {
  const M = f.sf ? 64 : 32;
  const [w, t] = bitfieldMasks(f.N, f.imms, f.immr, M);
  const wt = w & t;
  bind(e, 'n', f.Rn);
  const [rl, rh] = shiftConst(3, f.immr, 'nL', 'nH', f.sf);
  e.emit(`const oL=${rl},oH=${rh};`);
  const lo = (v: bigint): number => lo32(v), hi = (v: bigint): number => hi32(v);
  const full = f.sf ? (1n << 64n) - 1n : 0xffff_ffffn;
  if (kind === 'u') {
    e.emit(`const dL=${and('oL', lo(wt))},dH=${f.sf ? and('oH', hi(wt)) : '0'};`);
  } else if (kind === 's') {
    const S = f.imms;
    const top = S < 32 ? `(nL<<${31 - S}>>31)` : `(nH<<${63 - S}>>31)`;
    const nt = ~t & full;
    e.emit(`const tb=${top};`);
    e.emit(`const dL=${and('tb', lo(nt))}|${and('oL', lo(wt))},dH=${f.sf ? `${and('tb', hi(nt))}|${and('oH', hi(wt))}` : '0'};`);
  } else {
    bind(e, 'x', f.Rd);
    const nw = ~w & full, nt = ~t & full;
    e.emit(`const bL=${and('xL', lo(nw))}|${and('oL', lo(w))},bH=${and('xH', hi(nw))}|${and('oH', hi(w))};`);
    e.emit(`const dL=${and('xL', lo(nt))}|${and('bL', lo(t))},dH=${f.sf ? `${and('xH', hi(nt))}|${and('bH', hi(t))}` : '0'};`);
  }
  e.set(f.Rd, 'dL', 'dH');
};

const extr: Sem = (f, e) => {
  bind(e, 'n', f.Rn);
  bind(e, 'm', f.Rm);
  const s = f.imms;
  if (!f.sf) {
    e.set(f.Rd, s === 0 ? 'mL' : `((mL>>>${s})|(nL<<${32 - s}))`, '0');
    return;
  }
  let l: string, h: string;
  if (s === 0) [l, h] = ['mL', 'mH'];
  else if (s < 32) [l, h] = [`((mL>>>${s})|(mH<<${32 - s}))`, `((mH>>>${s})|(nL<<${32 - s}))`];
  else if (s === 32) [l, h] = ['mH', 'nL'];
  else [l, h] = [`((mH>>>${s - 32})|(nL<<${64 - s}))`, `((nL>>>${s - 32})|(nH<<${64 - s}))`];
  e.emit(`const dL=${l},dH=${h};`);
  e.set(f.Rd, 'dL', 'dH');
};

const varShift = (type: number): Sem => (f, e) => {
  bind(e, 'a', f.Rn);
  e.emit(`const s=${e.lo(f.Rm)}&${f.sf ? 63 : 31};`);
  if (!f.sf) {
    const w = ['(aL<<s)', '(aL>>>s|0)', '(aL>>s)', '((aL>>>s)|(aL<<(32-s)))'][type];
    e.set(f.Rd, w, '0');
    return;
  }
  const body = [
    'dL=aL<<s;dH=(aH<<s)|(aL>>>(32-s));', 'dL=(aL>>>s)|(aH<<(32-s));dH=aH>>>s|0;',
    'dL=(aL>>>s)|(aH<<(32-s));dH=aH>>s;', 'dL=(aL>>>s)|(aH<<(32-s));dH=(aH>>>s)|(aL<<(32-s));'][type];
  const big = ['dL=0;dH=aL<<(s-32);', 'dL=aH>>>(s-32)|0;dH=0;', 'dL=aH>>(s-32);dH=aH>>31;',
    'const t=s-32;dL=t===0?aH:(aH>>>t)|(aL<<(32-t));dH=t===0?aL:(aL>>>t)|(aH<<(32-t));'][type];
  e.emit(`let dL=aL,dH=aH;if(s!==0){if(s<32){${body}}else{${big}}}`);
  e.set(f.Rd, 'dL', 'dH');
};

const condSelect = (inv: boolean, inc: boolean): Sem => (f, e) => {
  bind(e, 'n', f.Rn);
  bind(e, 'm', f.Rm);
  let l = 'mL', h = 'mH';
  if (inv && inc) { e.emit('const qL=-mL|0,qH=(~mH+(mL===0?1:0))|0;'); l = 'qL'; h = 'qH'; }
  else if (inv) { l = '~mL'; h = '~mH'; }
  else if (inc) { e.emit('const qL=(mL+1)|0,qH=(mH+(mL===-1?1:0))|0;'); l = 'qL'; h = 'qH'; }
  e.emit(`const c=${e.cond(f.cond)},dL=c?nL:${l},dH=c?nH:${h};`);
  e.setW(f.Rd, f.sf, 'dL', 'dH');
};

const condCompare = (sub: boolean, imm: boolean): Sem => (f, e) => {
  bind(e, 'a', f.Rn);
  if (imm) e.emit(`const bL=${f.imm5},bH=0;`);
  else bind(e, 'b', f.Rm);
  const v = f.nzcv;
  e.emit(`if(${e.cond(f.cond)}){`);
  addsub(e, f.sf, sub, true, 31, false);
  e.emit(`}else{r[66]=${(v >> 3) & 1};r[67]=${(v >> 2) & 1};r[68]=${(v >> 1) & 1};r[69]=${v & 1};}`);
};

const mulAdd = (sub: boolean): Sem => (f, e) => {
  bind(e, 'n', f.Rn);
  bind(e, 'm', f.Rm);
  bind(e, 'a', f.Ra);
  if (!f.sf) {
    e.set(f.Rd, `(aL${sub ? '-' : '+'}Math.imul(nL,mL))|0`, '0');
    return;
  }
  e.emit('const bL=Math.imul(nL,mL),bH=(H.umulh32(nL,mL)+Math.imul(nL,mH)+Math.imul(nH,mL))|0;');
  addsub(e, 1, sub, false, f.Rd, false);
};

const mulLong = (signed: boolean, sub: boolean): Sem => (f, e) => {
  bind(e, 'n', f.Rn);
  bind(e, 'm', f.Rm);
  bind(e, 'a', f.Ra);
  e.emit(`const bL=Math.imul(nL,mL),bH=H.${signed ? 'smulh32' : 'umulh32'}(nL,mL);`);
  addsub(e, 1, sub, false, f.Rd, false);
};

const mulHigh = (signed: boolean): Sem => (f, e) => {
  e.emit(`H.${signed ? 'smulh64' : 'umulh64'}(${e.lo(f.Rn)},${e.hi(f.Rn)},${e.lo(f.Rm)},${e.hi(f.Rm)});`);
  e.emit('const dL=Ho[0],dH=Ho[1];');
  e.set(f.Rd, 'dL', 'dH');
};

const divide = (signed: boolean): Sem => (f, e) => {
  bind(e, 'n', f.Rn);
  bind(e, 'm', f.Rm);
  if (!f.sf) {
    e.set(f.Rd, signed ? 'mL===0?0:(nL/mL)|0' : 'mL===0?0:((nL>>>0)/(mL>>>0))|0', '0');
    return;
  }
  e.emit(`H.${signed ? 'sdiv64' : 'udiv64'}(nL,nH,mL,mH);const dL=Ho[0],dH=Ho[1];`);
  e.set(f.Rd, 'dL', 'dH');
};

const unary = (f: Fields, e: Emit, w: (x: string) => string, x64: [string, string]): void => {
  bind(e, 'n', f.Rn);
  if (f.sf) { e.emit(`const dL=${x64[0]},dH=${x64[1]};`); e.set(f.Rd, 'dL', 'dH'); }
  else e.set(f.Rd, w('nL'), '0');
};

export const DP_SEMANTICS: Record<string, Sem> = {
  ADR: (f, e) => {
    const off = BigInt(((f.immhi << 2) | f.immlo) << 11 >> 11);
    const v = e.va + off;
    e.set(f.Rd, String(lo32(v)), String(hi32(v)));
  },
  ADRP: (f, e) => {
    const off = BigInt(((f.immhi << 2) | f.immlo) << 11 >> 11) << 12n;
    const v = (e.va & ~0xfffn) + off;
    e.set(f.Rd, String(lo32(v)), String(hi32(v)));
  },
  ADD_imm: addImm(false, false), ADDS_imm: addImm(false, true), SUB_imm: addImm(true, false), SUBS_imm: addImm(true, true),
  ADD_shift: addShift(false, false), ADDS_shift: addShift(false, true), SUB_shift: addShift(true, false), SUBS_shift: addShift(true, true),
  ADD_ext: addExt(false, false), ADDS_ext: addExt(false, true), SUB_ext: addExt(true, false), SUBS_ext: addExt(true, true),
  ADC: addCarry(false, false), ADCS: addCarry(false, true), SBC: addCarry(true, false), SBCS: addCarry(true, true),
  AND_imm: logImm('&', false), ORR_imm: logImm('|', false), EOR_imm: logImm('^', false), ANDS_imm: logImm('&', true),
  AND_shift: logShift('&', false, false), BIC_shift: logShift('&', true, false), ORR_shift: logShift('|', false, false),
  ORN_shift: logShift('|', true, false), EOR_shift: logShift('^', false, false), EON_shift: logShift('^', true, false),
  ANDS_shift: logShift('&', false, true), BICS_shift: logShift('&', true, true),
  MOVZ: moveWide('z'), MOVN: moveWide('n'), MOVK: moveWide('k'),
  SBFM: bitfield('s'), BFM: bitfield('b'), UBFM: bitfield('u'), EXTR: extr,
  LSLV: varShift(0), LSRV: varShift(1), ASRV: varShift(2), RORV: varShift(3),
  CSEL: condSelect(false, false), CSINC: condSelect(false, true), CSINV: condSelect(true, false), CSNEG: condSelect(true, true),
  CCMN_reg: condCompare(false, false), CCMN_imm: condCompare(false, true), CCMP_reg: condCompare(true, false), CCMP_imm: condCompare(true, true),
  MADD: mulAdd(false), MSUB: mulAdd(true),
  SMADDL: mulLong(true, false), SMSUBL: mulLong(true, true), UMADDL: mulLong(false, false), UMSUBL: mulLong(false, true),
  SMULH: mulHigh(true), UMULH: mulHigh(false), SDIV: divide(true), UDIV: divide(false),
  CLZ: (f, e) => unary(f, e, (x) => `Math.clz32(${x})`, ['nH!==0?Math.clz32(nH):32+Math.clz32(nL)', '0']),
  CLS: (f, e) => unary(f, e, (x) => `Math.clz32((${x}^(${x}<<1))|1)`,
    ['(()=>{const yL=nL^(nL<<1),yH=nH^((nH<<1)|(nL>>>31));return yH!==0?Math.clz32(yH):32+Math.clz32(yL|1);})()', '0']),
  RBIT: (f, e) => unary(f, e, (x) => `H.rbit32(${x})`, ['H.rbit32(nH)', 'H.rbit32(nL)']),
  REV16: (f, e) => unary(f, e, (x) => `H.rev16x(${x})`, ['H.rev16x(nL)', 'H.rev16x(nH)']),
  REV32: (f, e) => unary({ ...f, sf: 1 }, e, (x) => `H.bswap32(${x})`, ['H.bswap32(nL)', 'H.bswap32(nH)']),
  REV: (f, e) => unary(f, e, (x) => `H.bswap32(${x})`, ['H.bswap32(nH)', 'H.bswap32(nL)']),
};

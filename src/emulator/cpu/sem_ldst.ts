// Semantics of the A64 load/store forms as JS source: an inline software-TLB fast
// path (tag compare that also checks natural alignment) and a call into the runtime
// slow path for misses, unaligned, device, page-crossing and code-page accesses.
// Emulator layer. Arm ARM C4.1.89 (loads and stores), C6 per-instruction pages.

import { Emit, lo32, hi32, type Fields, type Sem } from './emit.ts';
import { X_SPALIGN } from './runtime.ts';
import { sext } from './emit.ts';

const T32 = '4294967295';

/** Bind the base register (SP allowed) and check SP alignment when the base is SP. */
function base(e: Emit, n: number): void {
  if (n === 31) e.emit(`if((r[62]&15)!==0){m.raise(${X_SPALIGN},0);${e.faultExit()}}`);
  e.emit(`const nL=${e.lo(n, true)},nH=${e.hi(n, true)};`);
}

/** Emit consts `${p}L`/`${p}H` = nL:nH + constant offset (64-bit). */
function addConst(e: Emit, p: string, off: number): void {
  if (off === 0) e.emit(`const ${p}L=nL,${p}H=nH;`);
  else if (off > 0) e.emit(`const ${p}t=(nL>>>0)+${off},${p}L=${p}t|0,${p}H=(nH+(${p}t>${T32}?1:0))|0;`);
  else e.emit(`const ${p}t=(nL>>>0)+(${off}),${p}L=${p}t|0,${p}H=(nH-(${p}t<0?1:0))|0;`);
}

/** Fast-path load of `size` bytes at aL:aH into lets vL/vH (declared by the caller). */
function loadCode(e: Emit, size: number, aL = 'aL', aH = 'aH', vL = 'vL', vH = 'vH'): void {
  const mask = -4096 | (size - 1);
  const fast = size === 1 ? `${vL}=M8[o];` : size === 2 ? `${vL}=M16[o>>1];` : size === 4 ? `${vL}=M32[o>>2];`
    : `${vL}=M32[o>>2];${vH}=M32[(o>>2)+1];`;
  e.emit(`{const i=(${aL}>>>12)&4095;if($rT[i]===(${aL}&${mask})&&$rH[i]===${aH}){const o=$rO[i]+(${aL}&4095);${fast}}` +
    `else{const s=m.ld(${aL},${aH},${size});if(s===1)${e.faultExit()}${vL}=r[76];${vH}=r[77];cw|=s;}}`);
}

/** Fast-path store; sets let `cw` to 2 when the slow path wrote a code page or a device
 *  (the block then ends after this instruction, exactly where a single step would stop). */
function storeCode(e: Emit, size: number, vL: string, vH: string, aL = 'aL', aH = 'aH'): void {
  const mask = -4096 | (size - 1);
  const fast = size === 1 ? `M8[o]=${vL};` : size === 2 ? `M16[o>>1]=${vL};` : size === 4 ? `M32[o>>2]=${vL};`
    : `M32[o>>2]=${vL};M32[(o>>2)+1]=${vH};`;
  e.emit(`{const i=(${aL}>>>12)&4095;if($wT[i]===(${aL}&${mask})&&$wH[i]===${aH}){const o=$wO[i]+(${aL}&4095);${fast}}` +
    `else{const st=m.st(${aL},${aH},${size},${vL},${vH});if(st===1)${e.faultExit()}cw|=st;}}`);
}

type Ext = 'z' | 's64' | 's32';
interface Acc { load: boolean; size: number; ext: Ext }

function accessOf(name: string, f: Fields): Acc {
  switch (name) {
    case 'STRB': return { load: false, size: 1, ext: 'z' };
    case 'LDRB': return { load: true, size: 1, ext: 'z' };
    case 'LDRSB': return { load: true, size: 1, ext: f.opc & 1 ? 's32' : 's64' };
    case 'STRH': return { load: false, size: 2, ext: 'z' };
    case 'LDRH': return { load: true, size: 2, ext: 'z' };
    case 'LDRSH': return { load: true, size: 2, ext: f.opc & 1 ? 's32' : 's64' };
    case 'STR': return { load: false, size: 1 << f.size, ext: 'z' };
    case 'LDR': return { load: true, size: 1 << f.size, ext: 'z' };
    default: return { load: true, size: 4, ext: 's64' }; // LDRSW
  }
}

/** Write the loaded value vL/vH to Rt with the access's extension. */
function writeLoaded(e: Emit, t: number, a: Acc): void {
  const bits = a.size * 8;
  if (a.ext === 'z') { e.set(t, 'vL', a.size === 8 ? 'vH' : '0'); return; }
  const lo = bits === 32 ? 'vL' : `(vL<<${32 - bits}>>${32 - bits})`;
  e.emit(`const xL=${lo};`);
  e.set(t, 'xL', a.ext === 's64' ? '(xL>>31)' : '0');
}

/** One single-register load/store with a computed address aL/aH and optional writeback. */
function access(e: Emit, f: Fields, a: Acc, wb: { L: string; H: string } | null): void {
  if (a.load) {
    e.emit('let vL=0,vH=0,cw=0;');
    loadCode(e, a.size);
    if (wb) e.set(f.Rn, wb.L, wb.H, true);
    writeLoaded(e, f.Rt, a);
    e.emit(`if(cw!==0)${e.nextExit()}`);
    return;
  }
  e.emit(`let cw=0;const sL=${e.lo(f.Rt)},sH=${a.size === 8 ? e.hi(f.Rt) : '0'};`);
  storeCode(e, a.size, 'sL', 'sH');
  if (wb) e.set(f.Rn, wb.L, wb.H, true);
  e.emit(`if(cw!==0)${e.nextExit()}`);
}

const uimm = (name: string): Sem => (f, e) => {
  const a = accessOf(name, f);
  base(e, f.Rn);
  addConst(e, 'a', f.imm12 * a.size);
  access(e, f, a, null);
};

const simm9 = (name: string, mode: 'pre' | 'post' | 'none'): Sem => (f, e) => {
  const a = accessOf(name, f);
  const off = sext(f.imm9, 9);
  base(e, f.Rn);
  if (mode === 'post') {
    e.emit('const aL=nL,aH=nH;');
    addConst(e, 'w', off);
    access(e, f, a, { L: 'wL', H: 'wH' });
  } else {
    addConst(e, 'a', off);
    access(e, f, a, mode === 'pre' ? { L: 'aL', H: 'aH' } : null);
  }
};

/** nL:nH + ExtendReg(Rm, option, S ? shift : 0) into aL/aH. */
function regOffset(e: Emit, f: Fields, shift: number): void {
  const L = e.lo(f.Rm), H = e.hi(f.Rm);
  const hiExt = f.option === 2 ? '0' : f.option === 6 ? `(${L}>>31)` : H;
  e.emit(`const eL=${L},eH=${hiExt};`);
  const s = f.S ? shift : 0;
  const ml = s === 0 ? 'eL' : `(eL<<${s})`, mh = s === 0 ? 'eH' : `((eH<<${s})|(eL>>>${32 - s}))`;
  e.emit(`const mL=${ml},mH=${mh},at=(nL>>>0)+(mL>>>0),aL=at|0,aH=(nH+mH+(at>${T32}?1:0))|0;`);
}

const reg = (name: string): Sem => (f, e) => {
  const a = accessOf(name, f);
  base(e, f.Rn);
  regOffset(e, f, Math.log2(a.size));
  access(e, f, a, null);
};

const literal = (size: number, ext: Ext): Sem => (f, e) => {
  const sz = size === 0 ? 4 << (f.opc & 1) : size;
  const v = e.va + BigInt(sext(f.imm19, 19) * 4);
  e.emit(`const aL=${lo32(v)},aH=${hi32(v)};`);
  e.emit('let vL=0,vH=0,cw=0;');
  loadCode(e, sz);
  writeLoaded(e, f.Rt, { load: true, size: sz, ext });
  e.emit(`if(cw!==0)${e.nextExit()}`);
};

/** Pair access (LDP/STP/LDPSW/LDNP/STNP) with offset, pre- or post-index. */
const pair = (load: boolean, mode: 'off' | 'pre' | 'post', signed = false): Sem => (f, e) => {
  const size = signed ? 4 : 4 << (f.opc >> 1);
  const off = sext(f.imm7, 7) * size;
  base(e, f.Rn);
  if (mode === 'post') { e.emit('const aL=nL,aH=nH;'); addConst(e, 'w', off); }
  else addConst(e, 'a', off);
  const wb = mode === 'pre' ? ['aL', 'aH'] : mode === 'post' ? ['wL', 'wH'] : null;
  const mask = -4096 | (size - 1);
  const inPage = `(aL&4095)<=${4096 - 2 * size}`;
  if (load) {
    const rd = size === 8 ? ['M32[o>>2]', 'M32[(o>>2)+1]', 'M32[(o>>2)+2]', 'M32[(o>>2)+3]'] : ['M32[o>>2]', '0', 'M32[(o>>2)+1]', '0'];
    e.emit('let pL=0,pH=0,qL=0,qH=0,cw=0;');
    e.emit(`{const i=(aL>>>12)&4095;if($rT[i]===(aL&${mask})&&$rH[i]===aH&&${inPage}){const o=$rO[i]+(aL&4095);` +
      `pL=${rd[0]};pH=${rd[1]};qL=${rd[2]};qH=${rd[3]};}else{` +
      `const s1=m.ld(aL,aH,${size});if(s1===1)${e.faultExit()}pL=r[76];pH=r[77];` +
      `const bt=(aL>>>0)+${size},bL=bt|0,bH=(aH+(bt>${T32}?1:0))|0;` +
      `const s2=m.ld(bL,bH,${size});if(s2===1)${e.faultExit()}qL=r[76];qH=r[77];cw=s1|s2;}}`);
    if (wb) e.set(f.Rn, wb[0], wb[1], true);
    if (signed) e.emit('pH=pL>>31;qH=qL>>31;');
    e.set(f.Rt, 'pL', 'pH');
    e.set(f.Rt2, 'qL', 'qH');
    e.emit(`if(cw!==0)${e.nextExit()}`);
    return;
  }
  const hiOf = (n: number): string => (size === 8 ? e.hi(n) : '0');
  e.emit(`let cw=0;const pL=${e.lo(f.Rt)},pH=${hiOf(f.Rt)},qL=${e.lo(f.Rt2)},qH=${hiOf(f.Rt2)};`);
  const wr = size === 8 ? 'M32[o>>2]=pL;M32[(o>>2)+1]=pH;M32[(o>>2)+2]=qL;M32[(o>>2)+3]=qH;' : 'M32[o>>2]=pL;M32[(o>>2)+1]=qL;';
  e.emit(`{const i=(aL>>>12)&4095;if($wT[i]===(aL&${mask})&&$wH[i]===aH&&${inPage}){const o=$wO[i]+(aL&4095);${wr}}` +
    `else{const st=m.stp(aL,aH,${size},pL,pH,qL,qH);if(st===1)${e.faultExit()}cw=st;}}`);
  if (wb) e.set(f.Rn, wb[0], wb[1], true);
  e.emit(`if(cw!==0)${e.nextExit()}`);
};

/** Exclusive, acquire and release forms: always through the runtime (alignment checked). */
const exclusive = (kind: 'ldx' | 'stx' | 'lda' | 'stl', fixedSize: number, pairOf = false): Sem => (f, e) => {
  const size = pairOf ? 4 << f.sz : fixedSize || 1 << f.size;
  const total = pairOf ? 2 * size : size;
  base(e, f.Rn);
  e.emit('const aL=nL,aH=nH;');
  const hiOf = (n: number): string => (size === 8 ? e.hi(n) : '0');
  if (kind === 'ldx' || kind === 'lda') {
    const call = kind === 'ldx' ? `m.ldx(aL,aH,${size},${total})` : `m.lda(aL,aH,${size})`;
    e.emit(`const s=${call};if(s===1)${e.faultExit()}const vL=r[76],vH=${size === 8 ? 'r[77]' : '0'};`);
    if (pairOf) e.emit(`const uL=r[78],uH=${size === 8 ? 'r[79]' : '0'};`);
    e.set(f.Rt, 'vL', 'vH');
    if (pairOf) e.set(f.Rt2, 'uL', 'uH');
    e.emit(`if(s!==0)${e.nextExit()}`);
    return;
  }
  const second = pairOf ? `,${e.lo(f.Rt2)},${hiOf(f.Rt2)}` : '';
  const call = kind === 'stx' ? `m.stx(aL,aH,${size},${e.lo(f.Rt)},${hiOf(f.Rt)},${total}${second})`
    : `m.stl(aL,aH,${size},${e.lo(f.Rt)},${hiOf(f.Rt)})`;
  e.emit(`const st=${call};if(st===1)${e.faultExit()}`);
  if (kind === 'stx') e.set(f.Rs, 'r[76]', '0');
  e.emit(`if(st!==0)${e.nextExit()}`);
};

const nop: Sem = () => {};

function buildLdSt(): Record<string, Sem> {
  const t: Record<string, Sem> = {};
  const unscaled: Record<string, string> = { STRB: 'STURB', LDRB: 'LDURB', LDRSB: 'LDURSB', STRH: 'STURH', LDRH: 'LDURH',
    LDRSH: 'LDURSH', STR: 'STUR', LDR: 'LDUR', LDRSW: 'LDURSW' };
  for (const name of Object.keys(unscaled)) {
    t[`${name}_uimm`] = uimm(name);
    t[`${name}_pre`] = simm9(name, 'pre');
    t[`${name}_post`] = simm9(name, 'post');
    t[unscaled[name]] = simm9(name, 'none');
    t[`${name}_reg`] = reg(name);
  }
  t.PRFM_uimm = nop; t.PRFUM = nop; t.PRFM_reg = nop; t.PRFM_lit = nop;
  t.LDR_lit = literal(0, 'z');
  t.LDRSW_lit = literal(4, 's64');
  for (const mode of ['off', 'pre', 'post'] as const) {
    t[`STP_${mode}`] = pair(false, mode);
    t[`LDP_${mode}`] = pair(true, mode);
    t[`LDPSW_${mode}`] = pair(true, mode, true);
  }
  t.STNP = pair(false, 'off');
  t.LDNP = pair(true, 'off');
  for (const [suf, size] of [['', 0], ['B', 1], ['H', 2]] as const) {
    t[`STXR${suf}`] = exclusive('stx', size);
    t[`STLXR${suf}`] = exclusive('stx', size);
    t[`LDXR${suf}`] = exclusive('ldx', size);
    t[`LDAXR${suf}`] = exclusive('ldx', size);
    t[`STLR${suf}`] = exclusive('stl', size);
    t[`LDAR${suf}`] = exclusive('lda', size);
  }
  t.STXP = exclusive('stx', 0, true);
  t.STLXP = exclusive('stx', 0, true);
  t.LDXP = exclusive('ldx', 0, true);
  t.LDAXP = exclusive('ldx', 0, true);
  return t;
}

export const LDST_SEMANTICS: Record<string, Sem> = buildLdSt();

// Random instruction generators for the differential programs, one per class:
// every flag-setting form followed by flag readers, plain ALU forms, and every
// load/store addressing form on the data buffer. Test helper; GNU as text.
import type { Prng } from './prng.ts';
import {
  CONDS_ALL, CONDS_INVERTIBLE, DATA_REGS, RESERVED, bitmaskImm, dst, dstNum, dstZ, extended, hex, name, reg, regZ, shift, width,
  type Width,
} from './operands.ts';

export type Gen = (r: Prng, ctx: GenContext) => string[];

export interface GenContext {
  /** Unique label prefix for literals and local branches of this case. */
  label(): string;
}

// ---- flag setters ---------------------------------------------------------

const addsImm: Gen = (r) => {
  const w = width(r);
  const op = r.pick(['adds', 'subs', 'cmp', 'cmn']);
  const imm = `#${r.int(0, 4095)}${r.chance(0.3) ? ', lsl #12' : ''}`;
  if (op === 'cmp' || op === 'cmn') return [`${op} ${reg(r, w)}, ${imm}`];
  return [`${op} ${dstZ(r, w)}, ${reg(r, w)}, ${imm}`];
};

const addsShifted: Gen = (r) => {
  const w = width(r);
  const op = r.pick(['adds', 'subs', 'cmp', 'cmn', 'negs']);
  if (op === 'cmp' || op === 'cmn') return [`${op} ${regZ(r, w)}, ${regZ(r, w)}${shift(r, w, false)}`];
  if (op === 'negs') return [`negs ${dstZ(r, w)}, ${regZ(r, w)}${shift(r, w, false)}`];
  return [`${op} ${dstZ(r, w)}, ${regZ(r, w)}, ${regZ(r, w)}${shift(r, w, false)}`];
};

const addsExtended: Gen = (r) => {
  const w = width(r);
  const op = r.pick(['adds', 'subs', 'cmp', 'cmn']);
  if (op === 'cmp' || op === 'cmn') return [`${op} ${reg(r, w)}, ${extended(r, w)}`];
  return [`${op} ${dstZ(r, w)}, ${reg(r, w)}, ${extended(r, w)}`];
};

const adcsSbcs: Gen = (r) => {
  const w = width(r);
  const op = r.pick(['adcs', 'sbcs', 'ngcs']);
  if (op === 'ngcs') return [`ngcs ${dstZ(r, w)}, ${regZ(r, w)}`];
  return [`${op} ${dstZ(r, w)}, ${regZ(r, w)}, ${regZ(r, w)}`];
};

const andsShifted: Gen = (r) => {
  const w = width(r);
  const op = r.pick(['ands', 'bics', 'tst']);
  if (op === 'tst') return [`tst ${regZ(r, w)}, ${regZ(r, w)}${shift(r, w, true)}`];
  return [`${op} ${dstZ(r, w)}, ${regZ(r, w)}, ${regZ(r, w)}${shift(r, w, true)}`];
};

const andsImm: Gen = (r) => {
  const w = width(r);
  const imm = hex(bitmaskImm(r, w));
  if (r.chance(0.3)) return [`tst ${reg(r, w)}, #${imm}`];
  return [`ands ${dstZ(r, w)}, ${reg(r, w)}, #${imm}`];
};

const condCompare: Gen = (r) => {
  const w = width(r);
  const op = r.pick(['ccmp', 'ccmn']);
  const second = r.chance(0.5) ? regZ(r, w) : `#${r.int(0, 31)}`;
  return [`${op} ${regZ(r, w)}, ${second}, #${r.int(0, 15)}, ${r.pick(CONDS_ALL)}`];
};

export const FLAG_SETTERS: Gen[] = [addsImm, addsShifted, addsExtended, adcsSbcs, andsShifted, andsImm, condCompare];

// ---- flag readers ---------------------------------------------------------

export const flagReader: Gen = (r) => {
  const w = width(r);
  if (r.chance(0.4)) return [`mrs ${dst(r, 64)}, nzcv`];
  switch (r.int(0, 7)) {
    case 0: return [`mrs ${dst(r, 64)}, nzcv`];
    case 1: return [`${r.pick(['cset', 'csetm'])} ${dst(r, w)}, ${r.pick(CONDS_INVERTIBLE)}`];
    case 2: return [`${r.pick(['csel', 'csinc', 'csinv', 'csneg'])} ${dst(r, w)}, ${regZ(r, w)}, ${regZ(r, w)}, ${r.pick(CONDS_ALL)}`];
    case 3: return [`${r.pick(['cinc', 'cinv', 'cneg'])} ${dst(r, w)}, ${reg(r, w)}, ${r.pick(CONDS_INVERTIBLE)}`];
    case 4: return [`${r.pick(['adc', 'sbc'])} ${dst(r, w)}, ${regZ(r, w)}, ${regZ(r, w)}`];
    case 5: return [`ngc ${dst(r, w)}, ${regZ(r, w)}`];
    default: return [`mrs ${dst(r, 64)}, nzcv`, `cset ${dst(r, w)}, ${r.pick(CONDS_INVERTIBLE)}`];
  }
};

// ---- plain ALU ------------------------------------------------------------

const addSub: Gen = (r) => {
  const w = width(r);
  const op = r.pick(['add', 'sub']);
  switch (r.int(0, 2)) {
    case 0: return [`${op} ${dst(r, w)}, ${reg(r, w)}, #${r.int(0, 4095)}${r.chance(0.3) ? ', lsl #12' : ''}`];
    case 1: return [`${op} ${dstZ(r, w)}, ${regZ(r, w)}, ${regZ(r, w)}${shift(r, w, false)}`];
    default: return [`${op} ${dst(r, w)}, ${reg(r, w)}, ${extended(r, w)}`];
  }
};

const logical: Gen = (r) => {
  const w = width(r);
  if (r.chance(0.35)) return [`${r.pick(['and', 'orr', 'eor'])} ${dst(r, w)}, ${regZ(r, w)}, #${hex(bitmaskImm(r, w))}`];
  const op = r.pick(['and', 'orr', 'eor', 'bic', 'orn', 'eon']);
  if (r.chance(0.1)) return [`${r.pick(['mvn', 'mov'])} ${dst(r, w)}, ${regZ(r, w)}`];
  return [`${op} ${dstZ(r, w)}, ${regZ(r, w)}, ${regZ(r, w)}${shift(r, w, true)}`];
};

const moveWide: Gen = (r) => {
  const w = width(r);
  const hw = r.int(0, w / 16 - 1) * 16;
  const op = r.pick(['movz', 'movn', 'movk']);
  return [`${op} ${dst(r, w)}, #${hex(BigInt(r.int(0, 0xffff)))}${hw ? `, lsl #${hw}` : ''}`];
};

const multiply: Gen = (r) => {
  const w = width(r);
  switch (r.int(0, 4)) {
    case 0: return [`${r.pick(['madd', 'msub'])} ${dst(r, w)}, ${regZ(r, w)}, ${regZ(r, w)}, ${regZ(r, w)}`];
    case 1: return [`${r.pick(['mul', 'mneg'])} ${dst(r, w)}, ${regZ(r, w)}, ${regZ(r, w)}`];
    case 2: return [`${r.pick(['smaddl', 'smsubl', 'umaddl', 'umsubl'])} ${dst(r, 64)}, ${regZ(r, 32)}, ${regZ(r, 32)}, ${regZ(r, 64)}`];
    case 3: return [`${r.pick(['smull', 'umull', 'smnegl', 'umnegl'])} ${dst(r, 64)}, ${regZ(r, 32)}, ${regZ(r, 32)}`];
    default: return [`${r.pick(['smulh', 'umulh'])} ${dst(r, 64)}, ${regZ(r, 64)}, ${regZ(r, 64)}`];
  }
};

const divide: Gen = (r) => {
  const w = width(r);
  return [`${r.pick(['udiv', 'sdiv'])} ${dst(r, w)}, ${regZ(r, w)}, ${regZ(r, w)}`];
};

const shiftOps: Gen = (r) => {
  const w = width(r);
  const op = r.pick(['lsl', 'lsr', 'asr', 'ror']);
  if (r.chance(0.5)) return [`${op} ${dst(r, w)}, ${regZ(r, w)}, ${regZ(r, w)}`];
  return [`${op} ${dst(r, w)}, ${reg(r, w)}, #${r.int(0, w - 1)}`];
};

const bitfield: Gen = (r) => {
  const w = width(r);
  const lsb = r.int(0, w - 1);
  const wid = r.int(1, w - lsb);
  const op = r.pick(['ubfx', 'sbfx', 'bfxil', 'bfi', 'ubfiz', 'sbfiz', 'bfc']);
  if (op === 'bfc') return [`bfi ${dst(r, w)}, ${name(31, w)}, #${lsb}, #${wid}`];
  if (r.chance(0.15)) {
    const ext = r.pick(w === 64 ? ['sxtb', 'sxth', 'sxtw'] : ['sxtb', 'sxth', 'uxtb', 'uxth']);
    return [`${ext} ${dst(r, w)}, ${reg(r, 32)}`];
  }
  return [`${op} ${dst(r, w)}, ${regZ(r, w)}, #${lsb}, #${wid}`];
};

const extract: Gen = (r) => {
  const w = width(r);
  if (r.chance(0.3)) return [`ror ${dst(r, w)}, ${reg(r, w)}, #${r.int(0, w - 1)}`];
  return [`extr ${dst(r, w)}, ${regZ(r, w)}, ${regZ(r, w)}, #${r.int(0, w - 1)}`];
};

const oneSource: Gen = (r) => {
  const w = width(r);
  const ops = w === 64 ? ['clz', 'cls', 'rbit', 'rev', 'rev16', 'rev32'] : ['clz', 'cls', 'rbit', 'rev', 'rev16'];
  return [`${r.pick(ops)} ${dst(r, w)}, ${regZ(r, w)}`];
};

/** System and PC-relative forms: TPIDR_EL0 round trips, barriers and hints, adr/adrp. */
const system: Gen = (r) => {
  switch (r.int(0, 4)) {
    case 0: return [`msr tpidr_el0, ${regZ(r, 64)}`, `mrs ${dst(r, 64)}, tpidr_el0`];
    case 1: return [`mrs ${dst(r, 64)}, tpidr_el0`];
    case 2: return [r.pick(['dmb ish', 'dsb sy', 'isb', 'nop', 'clrex', 'yield', 'dmb ishld'])];
    case 3: return [`adr ${dst(r, 64)}, .${r.chance(0.5) ? '+' : '-'}${r.int(0, 200) * 4}`];
    default: return [`adrp ${dst(r, 64)}, .`, `add ${dst(r, 64)}, ${reg(r, 64)}, #${r.int(0, 4095)}`];
  }
};

export const ALU: Gen[] = [addSub, logical, moveWide, multiply, divide, shiftOps, bitfield, extract, oneSource, system];

// ---- loads and stores -----------------------------------------------------

interface Access { op: string; size: number; w: Width; load: boolean }

const ACCESSES: Access[] = [
  { op: 'ldrb', size: 1, w: 32, load: true }, { op: 'ldrh', size: 2, w: 32, load: true },
  { op: 'ldr', size: 4, w: 32, load: true }, { op: 'ldr', size: 8, w: 64, load: true },
  { op: 'ldrsb', size: 1, w: 32, load: true }, { op: 'ldrsb', size: 1, w: 64, load: true },
  { op: 'ldrsh', size: 2, w: 32, load: true }, { op: 'ldrsh', size: 2, w: 64, load: true },
  { op: 'ldrsw', size: 4, w: 64, load: true },
  { op: 'strb', size: 1, w: 32, load: false }, { op: 'strh', size: 2, w: 32, load: false },
  { op: 'str', size: 4, w: 32, load: false }, { op: 'str', size: 8, w: 64, load: false },
];

const BUF = name(RESERVED.buf, 64);
const WB = name(RESERVED.wbBase, 64);

function target(r: Prng, a: Access): string {
  return a.load ? dst(r, a.w) : regZ(r, a.w);
}

function unscaledOp(op: string): string {
  return op.replace(/^ldr/, 'ldur').replace(/^str/, 'stur');
}

/** Sets x27 to buf + k (k in [-256, 256]). */
function setWbBase(k: number): string {
  return k >= 0 ? `add ${WB}, ${BUF}, #${k}` : `sub ${WB}, ${BUF}, #${-k}`;
}

const loadStoreSingle: Gen = (r) => {
  const a = r.pick(ACCESSES);
  const rt = target(r, a);
  const log = Math.log2(a.size);
  switch (r.int(0, 5)) {
    case 0: return [`${a.op} ${rt}, [${BUF}, #${r.int(0, 500 >> log) << log}]`];
    case 1: return [`${unscaledOp(a.op)} ${rt}, [${BUF}, #${r.int(-256, 255)}]`];
    case 2: {
      const k = r.int(-250, 250);
      return [setWbBase(k), `${a.op} ${rt}, [${WB}, #${r.int(-250, 250)}]!`];
    }
    case 3: {
      const k = r.int(-250, 250);
      return [setWbBase(k), `${a.op} ${rt}, [${WB}], #${r.int(-256, 255)}`];
    }
    case 4: {
      const idx = r.int(-60, 60);
      const sh = r.chance(0.5) ? `, lsl #${log}` : '';
      return [`mov x${RESERVED.index}, #${idx}`, `${a.op} ${rt}, [${BUF}, x${RESERVED.index}${sh}]`];
    }
    default: {
      const ext = r.pick(['uxtw', 'sxtw', 'sxtx']);
      const idx = ext === 'uxtw' ? r.int(0, 60) : r.int(-60, 60);
      const idxReg = ext === 'sxtx' ? `x${RESERVED.index}` : `w${RESERVED.index}`;
      const sh = r.chance(0.5) ? ` #${log}` : '';
      return [`mov x${RESERVED.index}, #${idx}`, `${a.op} ${rt}, [${BUF}, ${idxReg}, ${ext}${sh}]`];
    }
  }
};

const loadLiteral: Gen = (r, ctx) => {
  const lbl = ctx.label();
  const skip = ctx.label();
  const form = r.pick([['ldr', 64], ['ldr', 32], ['ldrsw', 64]] as const);
  return [
    `${form[0]} ${dst(r, form[1])}, ${lbl}`,
    `b ${skip}`,
    '.balign 8',
    `${lbl}: .quad ${hex(r.u64())}`,
    `${skip}:`,
  ];
};

const loadStorePair: Gen = (r) => {
  const kind = r.pick([{ s: 8, w: 64 as Width, op: 'p' }, { s: 4, w: 32 as Width, op: 'p' }, { s: 4, w: 64 as Width, op: 'psw' }]);
  const load = kind.op === 'psw' || r.chance(0.5);
  const op = load ? `ld${kind.op}` : `st${kind.op}`;
  const t1 = load ? dstNum(r) : r.pick(DATA_REGS);
  const t2 = load ? dstNum(r, [t1]) : r.pick(DATA_REGS);
  const regs = load ? `${name(t1, kind.w)}, ${name(t2, kind.w)}` : `${name(r.chance(0.1) ? 31 : t1, kind.w)}, ${name(t2, kind.w)}`;
  const imm = r.int(-30, 30) * kind.s;
  switch (r.int(0, 2)) {
    case 0: return [`${op} ${regs}, [${BUF}, #${imm}]`];
    case 1: return [setWbBase(r.int(-200, 200)), `${op} ${regs}, [${WB}, #${imm}]!`];
    default: return [setWbBase(r.int(-200, 200)), `${op} ${regs}, [${WB}], #${imm}`];
  }
};

/** Two distinct destination registers. */
function twoRegs(r: Prng): [number, number] {
  const a = dstNum(r);
  return [a, dstNum(r, [a])];
}

/** Load-acquire / store-release (base register only, naturally aligned). */
const acquireRelease: Gen = (r) => {
  const [op, size, w] = r.pick([['ldar', 8, 64], ['ldar', 4, 32], ['ldarb', 1, 32], ['ldarh', 2, 32],
    ['stlr', 8, 64], ['stlr', 4, 32], ['stlrb', 1, 32], ['stlrh', 2, 32]] as const);
  const rt = op.startsWith('ld') ? dst(r, w) : regZ(r, w);
  return [setWbBase(r.int(-30, 30) * 8 + (size < 8 ? r.int(0, 8 / size - 1) * size : 0)), `${op} ${rt}, [${WB}]`];
};

/** A load-exclusive / store-exclusive pair on one address (succeeds: status 0), or single-register forms. */
const exclusive: Gen = (r) => {
  const [ld, st, w] = r.pick([['ldxr', 'stxr', 64], ['ldxr', 'stxr', 32], ['ldaxr', 'stlxr', 64], ['ldxrb', 'stxrb', 32],
    ['ldxrh', 'stxrh', 32], ['ldaxrb', 'stlxrb', 32]] as const);
  const [t, status] = twoRegs(r);
  const src = r.chance(0.5) ? t : DATA_REGS.filter((n) => n !== status)[r.int(0, DATA_REGS.length - 2)];
  const lines = [setWbBase(r.int(-30, 30) * 8), `${ld} ${name(t, w)}, [${WB}]`];
  if (r.chance(0.5)) lines.push(`add ${name(t, w)}, ${name(t, w)}, #${r.int(1, 99)}`);
  lines.push(`${st} ${name(status, 32)}, ${name(src, w)}, [${WB}]`);
  return lines;
};

/** Exclusive pairs, non-temporal pairs and prefetches. */
const otherMemory: Gen = (r) => {
  const [a, b] = twoRegs(r);
  switch (r.int(0, 3)) {
    case 0: return [`ldnp ${name(a, 64)}, ${name(b, 64)}, [${BUF}, #${r.int(-30, 30) * 8}]`];
    case 1: return [`stnp ${name(a, 32)}, ${name(b, 32)}, [${BUF}, #${r.int(-30, 30) * 4}]`];
    case 2: return [`prfm ${r.pick(['pldl1keep', 'pldl2strm', 'pstl1keep'])}, [${BUF}, #${r.int(0, 60) * 8}]`];
    default: {
      const status = dstNum(r, [a, b]);
      return [setWbBase(r.int(-30, 30) * 16), `ldxp ${name(a, 64)}, ${name(b, 64)}, [${WB}]`, `stxp ${name(status, 32)}, ${name(b, 64)}, ${name(a, 64)}, [${WB}]`];
    }
  }
};

export const MEMORY: Gen[] = [loadStoreSingle, loadStoreSingle, loadStorePair, loadLiteral, acquireRelease, exclusive, otherMemory];

// Operand printers for the disassembler: one function per operand kind named in
// src/emulator/cpu/encodings.ts, printing GNU objdump's syntax (binutils aarch64-dis).
// Toolchain layer, no DOM.

import { decodeBitMask } from '../../emulator/cpu/bitmask.ts';
import { BARRIER_NAMES, COND_NAMES, PRFOP_NAMES, SYSREGS, type Form } from '../../emulator/cpu/encodings.ts';

export interface PrintCtx {
  /** The base form (for width rules and register kinds of the base encoding). */
  form: Form;
  f: Record<string, number>;
  pc: bigint;
  symbolize?: (addr: bigint) => string | undefined;
}

const SHIFTS = ['lsl', 'lsr', 'asr', 'ror'];
const EXTENDS = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'];

export const hex = (v: number | bigint): string => '0x' + v.toString(16);
const sext = (v: number, bits: number): number => (v << (32 - bits)) >> (32 - bits);

export function regName(n: number, is64: boolean, sp: boolean): string {
  if (n === 31) return sp ? (is64 ? 'sp' : 'wsp') : is64 ? 'xzr' : 'wzr';
  return (is64 ? 'x' : 'w') + n;
}

/** Does this form's `r.` register width mean X registers for these fields? */
export function isWide(form: Form, f: Record<string, number>): boolean {
  const w = form.width;
  if (!w) return true;
  return ((f[w.field] >> w.bit) & 1) === w.x;
}

function printReg(kind: string, c: PrintCtx): string {
  const [w, field, sp] = kind.split('.');
  const is64 = w === 'x' ? true : w === 'w' ? false : isWide(c.form, c.f);
  return regName(c.f[field], is64, sp === 'sp');
}

function target(c: PrintCtx, addr: bigint): string {
  const a = BigInt.asUintN(64, addr);
  const sym = c.symbolize?.(a);
  return sym ? `${a.toString(16)} <${sym}>` : a.toString(16);
}

function datasize(c: PrintCtx): number {
  return isWide(c.form, c.f) ? 64 : 32;
}

function extReg(c: PrintCtx): string[] {
  const { f } = c;
  const rm = regName(f.Rm, f.sf === 1 && (f.option & 3) === 3, false);
  const spForm = c.form.ops[0] === 'r.Rd.sp';
  const usesSp = f.Rn === 31 || (spForm && f.Rd === 31);
  const lslOpt = c.f.sf ? 3 : 2;
  if (usesSp && f.option === lslOpt) return f.imm3 === 0 ? [rm] : [rm, `lsl #${f.imm3}`];
  return [rm, EXTENDS[f.option] + (f.imm3 ? ` #${f.imm3}` : '')];
}

function memReg(c: PrintCtx): string {
  const { f } = c;
  const base = regName(f.Rn, true, true);
  const rm = regName(f.Rm, (f.option & 1) === 1, false);
  const amount = f.S ? c.form.scale!(f) : 0;
  if (f.option === 3) return f.S ? `[${base}, ${rm}, lsl #${amount}]` : `[${base}, ${rm}]`;
  return `[${base}, ${rm}, ${EXTENDS[f.option]}${f.S ? ` #${amount}` : ''}]`;
}

function sysreg(f: Record<string, number>): string {
  const op0 = 2 + f.o0;
  const r = SYSREGS.find((s) => s.op0 === op0 && s.op1 === f.op1 && s.CRn === f.CRn && s.CRm === f.CRm && s.op2 === f.op2);
  return r ? r.name : `s${op0}_${f.op1}_c${f.CRn}_c${f.CRm}_${f.op2}`;
}

type Printer = (c: PrintCtx) => string[];

const PRINTERS: Record<string, Printer> = {
  aimm: ({ f }) => (f.sh ? [`#${hex(f.imm12)}`, 'lsl #12'] : [`#${hex(f.imm12)}`]),
  ashift: ({ f }) => (f.shift === 0 && f.imm6 === 0 ? [] : [`${SHIFTS[f.shift]} #${f.imm6}`]),
  lshift: ({ f }) => (f.shift === 0 && f.imm6 === 0 ? [] : [`${SHIFTS[f.shift]} #${f.imm6}`]),
  extreg: extReg,
  limm: (c) => [`#${hex(decodeBitMask(c.f.N, c.f.immr, c.f.imms, datasize(c) as 32 | 64)!)}`],
  hwimm: ({ f }) => (f.hw ? [`#${hex(f.imm16)}`, `lsl #${f.hw * 16}`] : [`#${hex(f.imm16)}`]),
  movz_val: ({ f }) => [`#${hex(BigInt(f.imm16) << BigInt(f.hw * 16))}`],
  movn_val: (c) => [`#${hex(BigInt.asUintN(datasize(c), ~(BigInt(c.f.imm16) << BigInt(c.f.hw * 16))))}`],
  immr: ({ f }) => [`#${f.immr}`],
  imms: ({ f }) => [`#${f.imms}`],
  shr_amt: ({ f }) => [`#${f.immr}`],
  lsl_amt: (c) => [`#${datasize(c) - 1 - c.f.imms}`],
  bfiz_lsb: (c) => [`#${(datasize(c) - c.f.immr) % datasize(c)}`],
  bfiz_width: ({ f }) => [`#${f.imms + 1}`],
  bfx_lsb: ({ f }) => [`#${f.immr}`],
  bfx_width: ({ f }) => [`#${f.imms - f.immr + 1}`],
  cond: ({ f }) => [COND_NAMES[f.cond]],
  invcond: ({ f }) => [COND_NAMES[f.cond ^ 1]],
  nzcv: ({ f }) => [`#${hex(f.nzcv)}`],
  ccimm: ({ f }) => [`#${hex(f.imm5)}`],
  rel26: (c) => [target(c, c.pc + BigInt(sext(c.f.imm26, 26) * 4))],
  rel19: (c) => [target(c, c.pc + BigInt(sext(c.f.imm19, 19) * 4))],
  lit19: (c) => [target(c, c.pc + BigInt(sext(c.f.imm19, 19) * 4))],
  rel14: (c) => [target(c, c.pc + BigInt(sext(c.f.imm14, 14) * 4))],
  adr: (c) => [target(c, c.pc + BigInt(sext((c.f.immhi << 2) | c.f.immlo, 21)))],
  adrp: (c) => [target(c, (c.pc & ~0xfffn) + (BigInt(sext((c.f.immhi << 2) | c.f.immlo, 21)) << 12n))],
  tbreg: ({ f }) => [regName(f.Rt, f.b5 === 1, false)],
  tbbit: ({ f }) => [`#${(f.b5 << 5) | f.b40}`],
  mem_uimm: (c) => {
    const base = regName(c.f.Rn, true, true);
    return [c.f.imm12 === 0 ? `[${base}]` : `[${base}, #${c.f.imm12 * 2 ** c.form.scale!(c.f)}]`];
  },
  mem_simm9: ({ f }) => {
    const base = regName(f.Rn, true, true);
    return [f.imm9 === 0 ? `[${base}]` : `[${base}, #${sext(f.imm9, 9)}]`];
  },
  mem_pre9: ({ f }) => [`[${regName(f.Rn, true, true)}, #${sext(f.imm9, 9)}]!`],
  mem_post9: ({ f }) => [`[${regName(f.Rn, true, true)}]`, `#${sext(f.imm9, 9)}`],
  mem_reg: (c) => [memReg(c)],
  mem_pair: (c) => {
    const base = regName(c.f.Rn, true, true);
    const off = sext(c.f.imm7, 7) * 2 ** c.form.scale!(c.f);
    return [off === 0 ? `[${base}]` : `[${base}, #${off}]`];
  },
  mem_pair_pre: (c) => [`[${regName(c.f.Rn, true, true)}, #${sext(c.f.imm7, 7) * 2 ** c.form.scale!(c.f)}]!`],
  mem_pair_post: (c) => [`[${regName(c.f.Rn, true, true)}]`, `#${sext(c.f.imm7, 7) * 2 ** c.form.scale!(c.f)}`],
  mem_base: ({ f }) => [`[${regName(f.Rn, true, true)}]`],
  prfop: ({ f }) => [PRFOP_NAMES[f.Rt] ?? `#0x${f.Rt.toString(16).padStart(2, '0')}`],
  imm16: ({ f }) => [`#${hex(f.imm16)}`],
  udf16: ({ f }) => [`#${f.imm16}`],
  hintimm: ({ f }) => [`#${hex((f.CRm << 3) | f.op2)}`],
  barrier: ({ f }) => [BARRIER_NAMES[f.CRm] ?? `#0x${f.CRm.toString(16).padStart(2, '0')}`],
  crmopt: ({ f }) => (f.CRm === 15 ? [] : [`#${hex(f.CRm)}`]),
  sysreg: ({ f }) => [sysreg(f)],
  retreg: ({ f }) => (f.Rn === 30 ? [] : [regName(f.Rn, true, false)]),
};

/** Print one operand kind (may yield 0..2 comma-separated items). */
export function printOperand(kind: string, c: PrintCtx): string[] {
  if (/^[rwx]\./.test(kind)) return [printReg(kind, c)];
  if (kind.startsWith('lit:')) return [kind.slice(4)];
  const p = PRINTERS[kind];
  if (!p) throw new Error(`disasm: no printer for operand kind '${kind}'`);
  return p(c);
}

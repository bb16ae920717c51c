// The A64 encoding table (user mode, integer): ONE table that drives the CPU
// decoder (decode.ts), the disassembler (toolchain/disasm) and the assembler's
// instruction encoder (toolchain/asm/encode.ts). Emulator layer, no DOM.
// Follows the Arm ARM (DDI 0487) chapter C4 "A64 Instruction Set Encoding" and the
// per-instruction pages of C6 for field names, aliases and preferred disassembly.
// Format and how to add an instruction: docs/isa.md.
//
// Form ids (base forms, decoded by decode()):
//   ADR ADRP ADD_imm ADDS_imm SUB_imm SUBS_imm AND_imm ORR_imm EOR_imm ANDS_imm
//   MOVN MOVZ MOVK SBFM BFM UBFM EXTR
//   ADD_shift ADDS_shift SUB_shift SUBS_shift ADD_ext ADDS_ext SUB_ext SUBS_ext
//   ADC ADCS SBC SBCS AND_shift BIC_shift ORR_shift ORN_shift EOR_shift EON_shift
//   ANDS_shift BICS_shift CCMN_reg CCMN_imm CCMP_reg CCMP_imm CSEL CSINC CSINV CSNEG
//   MADD MSUB SMADDL SMSUBL UMADDL UMSUBL SMULH UMULH UDIV SDIV LSLV LSRV ASRV RORV
//   RBIT REV16 REV REV32 CLZ CLS
//   B BL B_cond CBZ CBNZ TBZ TBNZ BR BLR RET SVC BRK HINT CLREX DSB DMB ISB MRS MSR_reg
//   {STRB,LDRB,LDRSB,STRH,LDRH,LDRSH,STR,LDR,LDRSW}_{uimm,pre,post,reg}, PRFM_uimm PRFM_reg
//   STURB LDURB LDURSB STURH LDURH LDURSH STUR LDUR LDURSW PRFUM
//   LDR_lit LDRSW_lit PRFM_lit
//   {STP,LDP,LDPSW}_{off,pre,post} STNP LDNP
//   STXR{,B,H} STLXR{,B,H} LDXR{,B,H} LDAXR{,B,H} STXP STLXP LDXP LDAXP
//   STLR{,B,H} LDAR{,B,H}
// Not executed (disassembler/assembler only): UDF (UNDEFINED_FORMS).
// Aliases (ALIASES, disassembler/assembler only): see the list below the forms.

import { decodeBitMask } from './bitmask.ts';

export interface FieldSpec {
  name: string;
  /** Lowest bit of the field in the instruction word. */
  lo: number;
  width: number;
}

/** Which field bit says "64-bit registers" for the width-following (`r.`) operands. */
export interface WidthRule {
  field: string;
  bit: number;
  /** The bit value that means X registers. */
  x: 0 | 1;
}

export type InsnClass = 'dp_imm' | 'dp_reg' | 'branch' | 'system' | 'ldst';

export interface Form {
  id: string;
  /** Lower-case mnemonic as objdump prints it (B_cond prints `b.<cond>`). */
  mnemonic: string;
  mask: number;
  match: number;
  /** Every variable bit of the encoding, with the Arm ARM field names. */
  fields: readonly FieldSpec[];
  cls: InsnClass;
  /**
   * Operand kinds in print order, e.g. ['r.Rd.sp', 'r.Rn.sp', 'aimm'].
   * Register kinds: `<r|w|x>.<Field>[.sp]` (r = width from `width`); the others are
   * named operand kinds implemented by the disassembler and the assembler (docs/isa.md).
   */
  ops: readonly string[];
  /** Width rule for `r.` registers (default: sf, when the form has an sf field). */
  width?: WidthRule;
  /** log2 of the access size for scaled memory offsets. */
  scale?: (f: Record<string, number>) => number;
  /** True for field combinations the Arm ARM calls unallocated or reserved. */
  reserved?: (f: Record<string, number>) => boolean;
  /** B_cond: the mnemonic takes the condition as a `.cond` suffix. */
  condSuffix?: boolean;
  /**
   * "Should be" bits (Arm ARM `(1)`/`(0)`): variable fields that the CPU and the
   * disassembler ignore (as objdump does) and the assembler fills with these values.
   */
  sbz?: Readonly<Record<string, number>>;
}

export interface Alias {
  id: string;
  mnemonic: string;
  /** Id of the base form this alias encodes to. */
  base: string;
  ops: readonly string[];
  /** Disassembler: this alias is the preferred disassembly when `when(fields)` holds. */
  when: (f: Record<string, number>) => boolean;
  /** Assembler: field values implied by the alias (e.g. Rn = 31 for MOV). */
  fixed?: Readonly<Record<string, number>>;
  /** Assembler: derive remaining fields / refuse operands; returns an error message. */
  derive?: (f: Record<string, number>) => string | undefined;
  /** Only the assembler uses this entry (a GNU as spelling objdump never prints). */
  asmOnly?: boolean;
}

// ---------------------------------------------------------------------------
// Pattern parsing: MSB-first tokens. `0110` literal bits; `Rn:5` a variable field;
// `size=1x` a field with some fixed bits (x = variable); `Rs=(11111)` a should-be
// field (variable, default value for the assembler). Total width must be 32.

interface Pattern { mask: number; match: number; fields: FieldSpec[]; sbz: Record<string, number> }

function parsePattern(id: string, pattern: string): Pattern {
  let pos = 32;
  let mask = 0;
  let match = 0;
  const fields: FieldSpec[] = [];
  const sbz: Record<string, number> = {};
  for (const tok of pattern.trim().split(/\s+/)) {
    let name = '';
    let bits: string;
    const colon = /^([A-Za-z][A-Za-z0-9]*):(\d+)$/.exec(tok);
    const eq = /^([A-Za-z][A-Za-z0-9]*)=([01x]+)$/.exec(tok);
    const should = /^([A-Za-z][A-Za-z0-9]*)=\(([01]+)\)$/.exec(tok);
    if (should) { name = should[1]; bits = 'x'.repeat(should[2].length); sbz[name] = parseInt(should[2], 2); }
    else if (colon) { name = colon[1]; bits = 'x'.repeat(Number(colon[2])); }
    else if (eq) { name = eq[1]; bits = eq[2]; }
    else if (/^[01x]+$/.test(tok)) bits = tok;
    else throw new Error(`encodings: bad token '${tok}' in ${id}`);
    pos -= bits.length;
    for (let i = 0; i < bits.length; i++) {
      const bit = pos + bits.length - 1 - i;
      if (bits[i] === 'x') continue;
      mask |= 1 << bit;
      if (bits[i] === '1') match |= 1 << bit;
    }
    if (name && bits.includes('x')) fields.push({ name, lo: pos, width: bits.length });
    else if (!name && bits.includes('x')) throw new Error(`encodings: unnamed variable bits in ${id}`);
  }
  if (pos !== 0) throw new Error(`encodings: pattern of ${id} has ${32 - pos} bits`);
  return { mask: mask >>> 0, match: match >>> 0, fields, sbz };
}

type Extra = Partial<Pick<Form, 'width' | 'scale' | 'reserved' | 'condSuffix'>>;

const forms: Form[] = [];

function def(cls: InsnClass, id: string, mnemonic: string, pattern: string, ops: string[], extra: Extra = {}): void {
  const p = parsePattern(id, pattern);
  const hasSf = p.fields.some((f) => f.name === 'sf');
  const width = extra.width ?? (hasSf ? { field: 'sf', bit: 0, x: 1 as const } : undefined);
  const sbz = Object.keys(p.sbz).length ? { sbz: p.sbz } : {};
  forms.push({ id, mnemonic, mask: p.mask, match: p.match, fields: p.fields, cls, ops, ...extra, width, ...sbz });
}

// Common reserved-encoding predicates.
const imm6Wide = (f: Record<string, number>): boolean => f.sf === 0 && f.imm6 >= 32;
const bitfieldBad = (f: Record<string, number>): boolean =>
  f.N !== f.sf || (f.sf === 0 && (f.immr >= 32 || f.imms >= 32));
const logImmBad = (f: Record<string, number>): boolean =>
  decodeBitMask(f.N, f.immr, f.imms, f.sf ? 64 : 32) === undefined;

// --- Data processing, immediate (C4.1.86) --------------------------------
def('dp_imm', 'ADR', 'adr', '0 immlo:2 10000 immhi:19 Rd:5', ['x.Rd', 'adr']);
def('dp_imm', 'ADRP', 'adrp', '1 immlo:2 10000 immhi:19 Rd:5', ['x.Rd', 'adrp']);
for (const [id, m, bits] of [['ADD', 'add', '00'], ['ADDS', 'adds', '01'], ['SUB', 'sub', '10'], ['SUBS', 'subs', '11']]) {
  const rd = bits[1] === '1' ? 'r.Rd' : 'r.Rd.sp';
  def('dp_imm', `${id}_imm`, m, `sf:1 ${bits} 100010 sh:1 imm12:12 Rn:5 Rd:5`, [rd, 'r.Rn.sp', 'aimm']);
}
for (const [id, m, opc] of [['AND', 'and', '00'], ['ORR', 'orr', '01'], ['EOR', 'eor', '10'], ['ANDS', 'ands', '11']]) {
  const rd = opc === '11' ? 'r.Rd' : 'r.Rd.sp';
  def('dp_imm', `${id}_imm`, m, `sf:1 ${opc} 100100 N:1 immr:6 imms:6 Rn:5 Rd:5`, [rd, 'r.Rn', 'limm'], { reserved: logImmBad });
}
for (const [id, opc] of [['MOVN', '00'], ['MOVZ', '10'], ['MOVK', '11']]) {
  def('dp_imm', id, id.toLowerCase(), `sf:1 ${opc} 100101 hw:2 imm16:16 Rd:5`, ['r.Rd', 'hwimm'],
    { reserved: (f) => f.sf === 0 && f.hw >= 2 });
}
for (const [id, opc] of [['SBFM', '00'], ['BFM', '01'], ['UBFM', '10']]) {
  def('dp_imm', id, id.toLowerCase(), `sf:1 ${opc} 100110 N:1 immr:6 imms:6 Rn:5 Rd:5`, ['r.Rd', 'r.Rn', 'immr', 'imms'],
    { reserved: bitfieldBad });
}
def('dp_imm', 'EXTR', 'extr', 'sf:1 00 100111 N:1 0 Rm:5 imms:6 Rn:5 Rd:5', ['r.Rd', 'r.Rn', 'r.Rm', 'imms'],
  { reserved: (f) => f.N !== f.sf || (f.sf === 0 && f.imms >= 32) });

// --- Data processing, register (C4.1.88) ----------------------------------
for (const [id, m, opS] of [['ADD', 'add', '00'], ['ADDS', 'adds', '01'], ['SUB', 'sub', '10'], ['SUBS', 'subs', '11']]) {
  def('dp_reg', `${id}_shift`, m, `sf:1 ${opS} 01011 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5`, ['r.Rd', 'r.Rn', 'r.Rm', 'ashift'],
    { reserved: (f) => f.shift === 3 || imm6Wide(f) });
  const rd = opS[1] === '1' ? 'r.Rd' : 'r.Rd.sp';
  def('dp_reg', `${id}_ext`, m, `sf:1 ${opS} 01011 00 1 Rm:5 option:3 imm3:3 Rn:5 Rd:5`, [rd, 'r.Rn.sp', 'extreg'],
    { reserved: (f) => f.imm3 > 4 });
}
for (const [id, opS] of [['ADC', '00'], ['ADCS', '01'], ['SBC', '10'], ['SBCS', '11']]) {
  def('dp_reg', id, id.toLowerCase(), `sf:1 ${opS} 11010000 Rm:5 000000 Rn:5 Rd:5`, ['r.Rd', 'r.Rn', 'r.Rm']);
}
for (const [id, opc, n] of [['AND', '00', '0'], ['BIC', '00', '1'], ['ORR', '01', '0'], ['ORN', '01', '1'],
  ['EOR', '10', '0'], ['EON', '10', '1'], ['ANDS', '11', '0'], ['BICS', '11', '1']]) {
  def('dp_reg', `${id}_shift`, id.toLowerCase(), `sf:1 ${opc} 01010 shift:2 ${n} Rm:5 imm6:6 Rn:5 Rd:5`,
    ['r.Rd', 'r.Rn', 'r.Rm', 'lshift'], { reserved: imm6Wide });
}
for (const [id, op] of [['CCMN', '0'], ['CCMP', '1']]) {
  def('dp_reg', `${id}_reg`, id.toLowerCase(), `sf:1 ${op} 1 11010010 Rm:5 cond:4 0 0 Rn:5 0 nzcv:4`, ['r.Rn', 'r.Rm', 'nzcv', 'cond']);
  def('dp_reg', `${id}_imm`, id.toLowerCase(), `sf:1 ${op} 1 11010010 imm5:5 cond:4 1 0 Rn:5 0 nzcv:4`, ['r.Rn', 'ccimm', 'nzcv', 'cond']);
}
for (const [id, op, o2] of [['CSEL', '0', '0'], ['CSINC', '0', '1'], ['CSINV', '1', '0'], ['CSNEG', '1', '1']]) {
  def('dp_reg', id, id.toLowerCase(), `sf:1 ${op} 0 11010100 Rm:5 cond:4 0 ${o2} Rn:5 Rd:5`, ['r.Rd', 'r.Rn', 'r.Rm', 'cond']);
}
def('dp_reg', 'MADD', 'madd', 'sf:1 00 11011 000 Rm:5 0 Ra:5 Rn:5 Rd:5', ['r.Rd', 'r.Rn', 'r.Rm', 'r.Ra']);
def('dp_reg', 'MSUB', 'msub', 'sf:1 00 11011 000 Rm:5 1 Ra:5 Rn:5 Rd:5', ['r.Rd', 'r.Rn', 'r.Rm', 'r.Ra']);
for (const [id, u, o0] of [['SMADDL', '0', '0'], ['SMSUBL', '0', '1'], ['UMADDL', '1', '0'], ['UMSUBL', '1', '1']]) {
  def('dp_reg', id, id.toLowerCase(), `1 00 11011 ${u}01 Rm:5 ${o0} Ra:5 Rn:5 Rd:5`, ['x.Rd', 'w.Rn', 'w.Rm', 'x.Ra']);
}
def('dp_reg', 'SMULH', 'smulh', '1 00 11011 010 Rm:5 0 Ra=(11111) Rn:5 Rd:5', ['x.Rd', 'x.Rn', 'x.Rm']);
def('dp_reg', 'UMULH', 'umulh', '1 00 11011 110 Rm:5 0 Ra=(11111) Rn:5 Rd:5', ['x.Rd', 'x.Rn', 'x.Rm']);
for (const [id, opcode] of [['UDIV', '000010'], ['SDIV', '000011'], ['LSLV', '001000'], ['LSRV', '001001'],
  ['ASRV', '001010'], ['RORV', '001011']]) {
  def('dp_reg', id, id.toLowerCase(), `sf:1 0 0 11010110 Rm:5 ${opcode} Rn:5 Rd:5`, ['r.Rd', 'r.Rn', 'r.Rm']);
}
def('dp_reg', 'RBIT', 'rbit', 'sf:1 1 0 11010110 00000 0000 00 Rn:5 Rd:5', ['r.Rd', 'r.Rn']);
def('dp_reg', 'REV16', 'rev16', 'sf:1 1 0 11010110 00000 0000 01 Rn:5 Rd:5', ['r.Rd', 'r.Rn']);
// REV: sf=0 opc=10 (32-bit) or sf=1 opc=11 (64-bit); sf=1 opc=10 is REV32.
def('dp_reg', 'REV', 'rev', 'sf:1 1 0 11010110 00000 0000 opc=1x Rn:5 Rd:5', ['r.Rd', 'r.Rn'],
  { reserved: (f) => (f.opc & 1) !== f.sf });
def('dp_reg', 'REV32', 'rev32', '1 1 0 11010110 00000 0000 10 Rn:5 Rd:5', ['x.Rd', 'x.Rn']);
def('dp_reg', 'CLZ', 'clz', 'sf:1 1 0 11010110 00000 00010 0 Rn:5 Rd:5', ['r.Rd', 'r.Rn']);
def('dp_reg', 'CLS', 'cls', 'sf:1 1 0 11010110 00000 00010 1 Rn:5 Rd:5', ['r.Rd', 'r.Rn']);

// --- Branches, exception generation, system (C4.1.87) --------------------
def('branch', 'B', 'b', '000101 imm26:26', ['rel26']);
def('branch', 'BL', 'bl', '100101 imm26:26', ['rel26']);
def('branch', 'B_cond', 'b', '01010100 imm19:19 0 cond:4', ['rel19'], { condSuffix: true });
def('branch', 'CBZ', 'cbz', 'sf:1 011010 0 imm19:19 Rt:5', ['r.Rt', 'rel19']);
def('branch', 'CBNZ', 'cbnz', 'sf:1 011010 1 imm19:19 Rt:5', ['r.Rt', 'rel19']);
def('branch', 'TBZ', 'tbz', 'b5:1 011011 0 b40:5 imm14:14 Rt:5', ['tbreg', 'tbbit', 'rel14']);
def('branch', 'TBNZ', 'tbnz', 'b5:1 011011 1 b40:5 imm14:14 Rt:5', ['tbreg', 'tbbit', 'rel14']);
def('branch', 'BR', 'br', '1101011 0000 11111 000000 Rn:5 00000', ['x.Rn']);
def('branch', 'BLR', 'blr', '1101011 0001 11111 000000 Rn:5 00000', ['x.Rn']);
def('branch', 'RET', 'ret', '1101011 0010 11111 000000 Rn:5 00000', ['retreg']);
def('system', 'SVC', 'svc', '11010100 000 imm16:16 000 01', ['imm16']);
def('system', 'BRK', 'brk', '11010100 001 imm16:16 000 00', ['imm16']);
def('system', 'HINT', 'hint', '11010101 00000011 0010 CRm:4 op2:3 11111', ['hintimm']);
def('system', 'CLREX', 'clrex', '11010101 00000011 0011 CRm:4 010 11111', ['crmopt']);
def('system', 'DSB', 'dsb', '11010101 00000011 0011 CRm:4 100 11111', ['barrier']);
def('system', 'DMB', 'dmb', '11010101 00000011 0011 CRm:4 101 11111', ['barrier']);
def('system', 'ISB', 'isb', '11010101 00000011 0011 CRm:4 110 11111', ['crmopt']);
def('system', 'MSR_reg', 'msr', '1101010100 0 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5', ['sysreg', 'x.Rt']);
def('system', 'MRS', 'mrs', '1101010100 1 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5', ['x.Rt', 'sysreg']);

// --- Loads and stores (C4.1.89) -------------------------------------------
// Load/store register variants by (size, opc); Rt width and offset scale follow them.
interface LdSt { id: string; size: string; opc: string; width?: WidthRule; scale: number | 'size' }
const W0: WidthRule = { field: 'size', bit: 0, x: 1 };
const LDST: LdSt[] = [
  { id: 'STRB', size: '00', opc: '00', scale: 0 }, { id: 'LDRB', size: '00', opc: '01', scale: 0 },
  { id: 'LDRSB', size: '00', opc: '1x', width: { field: 'opc', bit: 0, x: 0 }, scale: 0 },
  { id: 'STRH', size: '01', opc: '00', scale: 1 }, { id: 'LDRH', size: '01', opc: '01', scale: 1 },
  { id: 'LDRSH', size: '01', opc: '1x', width: { field: 'opc', bit: 0, x: 0 }, scale: 1 },
  { id: 'STR', size: '1x', opc: '00', width: W0, scale: 'size' }, { id: 'LDR', size: '1x', opc: '01', width: W0, scale: 'size' },
  { id: 'LDRSW', size: '10', opc: '10', scale: 2 },
];
const UNSCALED: Record<string, string> = { STRB: 'STURB', LDRB: 'LDURB', LDRSB: 'LDURSB', STRH: 'STURH', LDRH: 'LDURH',
  LDRSH: 'LDURSH', STR: 'STUR', LDR: 'LDUR', LDRSW: 'LDURSW' };
const fixedReg = (id: string): string =>
  id === 'LDRSW' ? 'x.Rt' : id.startsWith('LDRS') ? 'r.Rt' : id.endsWith('B') || id.endsWith('H') ? 'w.Rt' : 'r.Rt';

for (const v of LDST) {
  const m = v.id.toLowerCase();
  const size = v.size.includes('x') ? `size=${v.size}` : v.size;
  const opc = v.opc.includes('x') ? `opc=${v.opc}` : v.opc;
  const scale = v.scale === 'size' ? (f: Record<string, number>) => f.size : () => v.scale as number;
  const rt = fixedReg(v.id);
  const x: Extra = { scale, ...(v.width ? { width: v.width } : {}) };
  def('ldst', `${v.id}_uimm`, m, `${size} 111 0 01 ${opc} imm12:12 Rn:5 Rt:5`, [rt, 'mem_uimm'], x);
  def('ldst', `${v.id}_pre`, m, `${size} 111 0 00 ${opc} 0 imm9:9 11 Rn:5 Rt:5`, [rt, 'mem_pre9'], x);
  def('ldst', `${v.id}_post`, m, `${size} 111 0 00 ${opc} 0 imm9:9 01 Rn:5 Rt:5`, [rt, 'mem_post9'], x);
  def('ldst', UNSCALED[v.id], UNSCALED[v.id].toLowerCase(), `${size} 111 0 00 ${opc} 0 imm9:9 00 Rn:5 Rt:5`, [rt, 'mem_simm9'], x);
  def('ldst', `${v.id}_reg`, m, `${size} 111 0 00 ${opc} 1 Rm:5 option:3 S:1 10 Rn:5 Rt:5`, [rt, 'mem_reg'],
    { ...x, reserved: (f) => (f.option & 2) === 0 });
}
const three = (): number => 3;
def('ldst', 'PRFM_uimm', 'prfm', '11 111 0 01 10 imm12:12 Rn:5 Rt:5', ['prfop', 'mem_uimm'], { scale: three });
def('ldst', 'PRFUM', 'prfum', '11 111 0 00 10 0 imm9:9 00 Rn:5 Rt:5', ['prfop', 'mem_simm9'], { scale: three });
def('ldst', 'PRFM_reg', 'prfm', '11 111 0 00 10 1 Rm:5 option:3 S:1 10 Rn:5 Rt:5', ['prfop', 'mem_reg'],
  { scale: three, reserved: (f) => (f.option & 2) === 0 });
def('ldst', 'LDR_lit', 'ldr', 'opc=0x 011 0 00 imm19:19 Rt:5', ['r.Rt', 'lit19'], { width: { field: 'opc', bit: 0, x: 1 } });
def('ldst', 'LDRSW_lit', 'ldrsw', '10 011 0 00 imm19:19 Rt:5', ['x.Rt', 'lit19']);
def('ldst', 'PRFM_lit', 'prfm', '11 011 0 00 imm19:19 Rt:5', ['prfop', 'lit19']);

// Load/store pair: opc=x0 selects W/X (scale 2 or 3); LDPSW is opc=01, L=1.
const PAIR_W: WidthRule = { field: 'opc', bit: 1, x: 1 };
const pairScale = (f: Record<string, number>): number => 2 + (f.opc >> 1);
for (const [suffix, idx, mem] of [['off', '010', 'mem_pair'], ['pre', '011', 'mem_pair_pre'], ['post', '001', 'mem_pair_post']]) {
  def('ldst', `STP_${suffix}`, 'stp', `opc=x0 101 0 ${idx} 0 imm7:7 Rt2:5 Rn:5 Rt:5`, ['r.Rt', 'r.Rt2', mem], { width: PAIR_W, scale: pairScale });
  def('ldst', `LDP_${suffix}`, 'ldp', `opc=x0 101 0 ${idx} 1 imm7:7 Rt2:5 Rn:5 Rt:5`, ['r.Rt', 'r.Rt2', mem], { width: PAIR_W, scale: pairScale });
  // objdump (and we) treat the CONSTRAINED UNPREDICTABLE LDPSW register overlaps as undefined.
  const wb = suffix !== 'off';
  def('ldst', `LDPSW_${suffix}`, 'ldpsw', `01 101 0 ${idx} 1 imm7:7 Rt2:5 Rn:5 Rt:5`, ['x.Rt', 'x.Rt2', mem], {
    scale: () => 2, reserved: (f) => f.Rt === f.Rt2 || (wb && f.Rn !== 31 && (f.Rn === f.Rt || f.Rn === f.Rt2)),
  });
}
def('ldst', 'STNP', 'stnp', 'opc=x0 101 0 000 0 imm7:7 Rt2:5 Rn:5 Rt:5', ['r.Rt', 'r.Rt2', 'mem_pair'], { width: PAIR_W, scale: pairScale });
def('ldst', 'LDNP', 'ldnp', 'opc=x0 101 0 000 1 imm7:7 Rt2:5 Rn:5 Rt:5', ['r.Rt', 'r.Rt2', 'mem_pair'], { width: PAIR_W, scale: pairScale });

// Exclusives and acquire/release (size 001000 o2 L o1 Rs o0 Rt2 Rn Rt).
for (const [suf, size] of [['', 'size=1x'], ['B', '00'], ['H', '01']]) {
  const rt = suf ? 'w.Rt' : 'r.Rt';
  const x: Extra = suf ? {} : { width: W0 };
  def('ldst', `STXR${suf}`, `stxr${suf}`.toLowerCase(), `${size} 001000 0 0 0 Rs:5 0 Rt2=(11111) Rn:5 Rt:5`, ['w.Rs', rt, 'mem_base'], x);
  def('ldst', `STLXR${suf}`, `stlxr${suf}`.toLowerCase(), `${size} 001000 0 0 0 Rs:5 1 Rt2=(11111) Rn:5 Rt:5`, ['w.Rs', rt, 'mem_base'], x);
  def('ldst', `LDXR${suf}`, `ldxr${suf}`.toLowerCase(), `${size} 001000 0 1 0 Rs=(11111) 0 Rt2=(11111) Rn:5 Rt:5`, [rt, 'mem_base'], x);
  def('ldst', `LDAXR${suf}`, `ldaxr${suf}`.toLowerCase(), `${size} 001000 0 1 0 Rs=(11111) 1 Rt2=(11111) Rn:5 Rt:5`, [rt, 'mem_base'], x);
  def('ldst', `STLR${suf}`, `stlr${suf}`.toLowerCase(), `${size} 001000 1 0 0 Rs=(11111) 1 Rt2=(11111) Rn:5 Rt:5`, [rt, 'mem_base'], x);
  def('ldst', `LDAR${suf}`, `ldar${suf}`.toLowerCase(), `${size} 001000 1 1 0 11111 1 11111 Rn:5 Rt:5`, [rt, 'mem_base'], x);
}
const SZ: WidthRule = { field: 'sz', bit: 0, x: 1 };
def('ldst', 'STXP', 'stxp', '1 sz:1 001000 0 0 1 Rs:5 0 Rt2:5 Rn:5 Rt:5', ['w.Rs', 'r.Rt', 'r.Rt2', 'mem_base'], { width: SZ });
def('ldst', 'STLXP', 'stlxp', '1 sz:1 001000 0 0 1 Rs:5 1 Rt2:5 Rn:5 Rt:5', ['w.Rs', 'r.Rt', 'r.Rt2', 'mem_base'], { width: SZ });
def('ldst', 'LDXP', 'ldxp', '1 sz:1 001000 0 1 1 Rs=(11111) 0 Rt2:5 Rn:5 Rt:5', ['r.Rt', 'r.Rt2', 'mem_base'], { width: SZ });
def('ldst', 'LDAXP', 'ldaxp', '1 sz:1 001000 0 1 1 Rs=(11111) 1 Rt2:5 Rn:5 Rt:5', ['r.Rt', 'r.Rt2', 'mem_base'], { width: SZ });

/** Every base form, in decode priority order (first match that is not reserved wins). */
export const FORMS: readonly Form[] = forms;

/** Permanently undefined encodings the disassembler and assembler know (never executed). */
export const UNDEFINED_FORMS: readonly Form[] = [
  { id: 'UDF', mnemonic: 'udf', ...(({ mask, match, fields }) => ({ mask, match, fields }))(parsePattern('UDF', '0000000000000000 imm16:16')),
    cls: 'system', ops: ['udf16'] },
];

export const FORM_BY_ID: ReadonlyMap<string, Form> = new Map([...forms, ...UNDEFINED_FORMS].map((f) => [f.id, f]));

// ---------------------------------------------------------------------------
// Named values used in operands (one fact, one place).

export const COND_NAMES = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al', 'nv'] as const;
/** Other spellings GNU as accepts for conditions. */
export const COND_SYNONYMS: Readonly<Record<string, number>> = { hs: 2, lo: 3 };

/** DMB/DSB option names by CRm (undefined slots print as #imm). */
export const BARRIER_NAMES: readonly (string | undefined)[] = [
  undefined, 'oshld', 'oshst', 'osh', undefined, 'nshld', 'nshst', 'nsh',
  undefined, 'ishld', 'ishst', 'ish', undefined, 'ld', 'st', 'sy',
];

/** PRFM prfop names by Rt (type:target:policy). */
export const PRFOP_NAMES: readonly (string | undefined)[] = (() => {
  const out: (string | undefined)[] = new Array(32).fill(undefined);
  ['pld', 'pli', 'pst'].forEach((t, ti) => {
    for (let tg = 0; tg < 3; tg++) {
      out[(ti << 3) | (tg << 1)] = `${t}l${tg + 1}keep`;
      out[(ti << 3) | (tg << 1) | 1] = `${t}l${tg + 1}strm`;
    }
  });
  return out;
})();

/** System registers known by name: op0:op1:CRn:CRm:op2 -> name (others print as s<op0>_<op1>_c<n>_c<m>_<op2>). */
export const SYSREGS: ReadonlyArray<{ name: string; op0: number; op1: number; CRn: number; CRm: number; op2: number }> = [
  { name: 'nzcv', op0: 3, op1: 3, CRn: 4, CRm: 2, op2: 0 },
  { name: 'fpcr', op0: 3, op1: 3, CRn: 4, CRm: 4, op2: 0 },
  { name: 'fpsr', op0: 3, op1: 3, CRn: 4, CRm: 4, op2: 1 },
  { name: 'tpidr_el0', op0: 3, op1: 3, CRn: 13, CRm: 0, op2: 2 },
  { name: 'tpidrro_el0', op0: 3, op1: 3, CRn: 13, CRm: 0, op2: 3 },
  { name: 'cntfrq_el0', op0: 3, op1: 3, CRn: 14, CRm: 0, op2: 0 },
  { name: 'cntpct_el0', op0: 3, op1: 3, CRn: 14, CRm: 0, op2: 1 },
  { name: 'cntvct_el0', op0: 3, op1: 3, CRn: 14, CRm: 0, op2: 2 },
  { name: 'ctr_el0', op0: 3, op1: 3, CRn: 0, CRm: 0, op2: 1 },
  { name: 'dczid_el0', op0: 3, op1: 3, CRn: 0, CRm: 0, op2: 7 },
  { name: 'midr_el1', op0: 3, op1: 0, CRn: 0, CRm: 0, op2: 0 },
];

/** Named HINT encodings (CRm:op2 -> name) that objdump prints instead of `hint #n`. */
export const HINT_NAMES: Readonly<Record<number, string>> = {
  0: 'nop', 1: 'yield', 2: 'wfe', 3: 'wfi', 4: 'sev', 5: 'sevl', 7: 'xpaclri',
  8: 'pacia1716', 10: 'pacib1716', 12: 'autia1716', 14: 'autib1716',
  16: 'esb', 17: 'psb csync', 18: 'tsb csync', 20: 'csdb', 22: 'clearbhb',
  24: 'paciaz', 25: 'paciasp', 26: 'pacibz', 27: 'pacibsp', 28: 'autiaz', 29: 'autiasp', 30: 'autibz', 31: 'autibsp',
  32: 'bti', 34: 'bti c', 36: 'bti j', 38: 'bti jc',
};

// ---------------------------------------------------------------------------
// Aliases and preferred disassembly (Arm ARM C6, "alias conditions").

type F = Record<string, number>;
const dsz = (f: F): number => (f.sf ? 64 : 32);
const isAllOnes = (f: F, v: number): boolean => v === dsz(f) - 1;
/** Arm ARM BFXPreferred(sf, uns, imms, immr). */
export function bfxPreferred(sf: number, uns: number, imms: number, immr: number): boolean {
  if (imms < immr) return false;
  if (imms === (sf ? 63 : 31)) return false;
  if (immr === 0) {
    if (sf === 0 && (imms === 7 || imms === 15)) return false;
    if (sf === 1 && uns === 0 && (imms === 7 || imms === 15 || imms === 31)) return false;
  }
  return true;
}
/**
 * MOV (bitmask immediate) is not preferred when MOVZ or MOVN can make the value.
 * The Arm ARM's MoveWidePreferred() tests rotations; binutils (whose output we match)
 * tests the value itself, which differs for e.g. 0xfffff001 (MOVN #0xffe): we follow binutils.
 */
export function moveWidePreferred(sf: number, N: number, imms: number, immr: number): boolean {
  const width = sf ? 64 : 32;
  const v = decodeBitMask(N, immr, imms, width);
  if (v === undefined) return false;
  const oneChunk = (x: bigint): boolean => {
    for (let hw = 0; hw < width / 16; hw++) if ((x & ~(0xffffn << BigInt(hw * 16))) === 0n) return true;
    return false;
  };
  return oneChunk(v) || oneChunk(BigInt.asUintN(width, ~v));
}
const notAlNv = (f: F): boolean => (f.cond >> 1) !== 7;
const sameRm = (f: F): string | undefined => { f.Rm = f.Rn; return undefined; };
const invertCond = (f: F): string | undefined => {
  if ((f.cond >> 1) === 7) return 'condition must not be al or nv';
  return undefined;
};

const A: Alias[] = [
  { id: 'MOV_tosp', mnemonic: 'mov', base: 'ADD_imm', ops: ['r.Rd.sp', 'r.Rn.sp'], fixed: { sh: 0, imm12: 0 },
    when: (f) => f.sh === 0 && f.imm12 === 0 && (f.Rd === 31 || f.Rn === 31),
    derive: (f) => (f.Rd === 31 || f.Rn === 31 ? undefined : 'mov to/from sp needs sp') },
  { id: 'CMN_imm', mnemonic: 'cmn', base: 'ADDS_imm', ops: ['r.Rn.sp', 'aimm'], fixed: { Rd: 31 }, when: (f) => f.Rd === 31 },
  { id: 'CMP_imm', mnemonic: 'cmp', base: 'SUBS_imm', ops: ['r.Rn.sp', 'aimm'], fixed: { Rd: 31 }, when: (f) => f.Rd === 31 },
  { id: 'CMN_shift', mnemonic: 'cmn', base: 'ADDS_shift', ops: ['r.Rn', 'r.Rm', 'ashift'], fixed: { Rd: 31 }, when: (f) => f.Rd === 31 },
  { id: 'CMP_shift', mnemonic: 'cmp', base: 'SUBS_shift', ops: ['r.Rn', 'r.Rm', 'ashift'], fixed: { Rd: 31 }, when: (f) => f.Rd === 31 },
  { id: 'NEG', mnemonic: 'neg', base: 'SUB_shift', ops: ['r.Rd', 'r.Rm', 'ashift'], fixed: { Rn: 31 }, when: (f) => f.Rn === 31 },
  { id: 'NEGS', mnemonic: 'negs', base: 'SUBS_shift', ops: ['r.Rd', 'r.Rm', 'ashift'], fixed: { Rn: 31 }, when: (f) => f.Rn === 31 },
  { id: 'CMN_ext', mnemonic: 'cmn', base: 'ADDS_ext', ops: ['r.Rn.sp', 'extreg'], fixed: { Rd: 31 }, when: (f) => f.Rd === 31 },
  { id: 'CMP_ext', mnemonic: 'cmp', base: 'SUBS_ext', ops: ['r.Rn.sp', 'extreg'], fixed: { Rd: 31 }, when: (f) => f.Rd === 31 },
  { id: 'NGC', mnemonic: 'ngc', base: 'SBC', ops: ['r.Rd', 'r.Rm'], fixed: { Rn: 31 }, when: (f) => f.Rn === 31 },
  { id: 'NGCS', mnemonic: 'ngcs', base: 'SBCS', ops: ['r.Rd', 'r.Rm'], fixed: { Rn: 31 }, when: (f) => f.Rn === 31 },
  { id: 'TST_imm', mnemonic: 'tst', base: 'ANDS_imm', ops: ['r.Rn', 'limm'], fixed: { Rd: 31 }, when: (f) => f.Rd === 31 },
  { id: 'MOV_bitmask', mnemonic: 'mov', base: 'ORR_imm', ops: ['r.Rd.sp', 'limm'], fixed: { Rn: 31 },
    when: (f) => f.Rn === 31 && !moveWidePreferred(f.sf, f.N, f.imms, f.immr) },
  { id: 'TST_shift', mnemonic: 'tst', base: 'ANDS_shift', ops: ['r.Rn', 'r.Rm', 'lshift'], fixed: { Rd: 31 }, when: (f) => f.Rd === 31 },
  { id: 'MOV_reg', mnemonic: 'mov', base: 'ORR_shift', ops: ['r.Rd', 'r.Rm'], fixed: { Rn: 31, shift: 0, imm6: 0 },
    when: (f) => f.Rn === 31 && f.shift === 0 && f.imm6 === 0 },
  { id: 'MVN', mnemonic: 'mvn', base: 'ORN_shift', ops: ['r.Rd', 'r.Rm', 'lshift'], fixed: { Rn: 31 }, when: (f) => f.Rn === 31 },
  { id: 'MOV_movz', mnemonic: 'mov', base: 'MOVZ', ops: ['r.Rd', 'movz_val'], when: (f) => !(f.imm16 === 0 && f.hw !== 0) },
  { id: 'MOV_movn', mnemonic: 'mov', base: 'MOVN', ops: ['r.Rd', 'movn_val'],
    when: (f) => !(f.imm16 === 0 && f.hw !== 0) && !(f.sf === 0 && f.imm16 === 0xffff) },
  // SBFM
  { id: 'ASR_imm', mnemonic: 'asr', base: 'SBFM', ops: ['r.Rd', 'r.Rn', 'shr_amt'], when: (f) => isAllOnes(f, f.imms) },
  { id: 'SBFIZ', mnemonic: 'sbfiz', base: 'SBFM', ops: ['r.Rd', 'r.Rn', 'bfiz_lsb', 'bfiz_width'], when: (f) => f.imms < f.immr },
  { id: 'SBFX', mnemonic: 'sbfx', base: 'SBFM', ops: ['r.Rd', 'r.Rn', 'bfx_lsb', 'bfx_width'], when: (f) => bfxPreferred(f.sf, 0, f.imms, f.immr) },
  { id: 'SXTB', mnemonic: 'sxtb', base: 'SBFM', ops: ['r.Rd', 'w.Rn'], fixed: { immr: 0, imms: 7 }, when: (f) => f.immr === 0 && f.imms === 7 },
  { id: 'SXTH', mnemonic: 'sxth', base: 'SBFM', ops: ['r.Rd', 'w.Rn'], fixed: { immr: 0, imms: 15 }, when: (f) => f.immr === 0 && f.imms === 15 },
  { id: 'SXTW', mnemonic: 'sxtw', base: 'SBFM', ops: ['x.Rd', 'w.Rn'], fixed: { immr: 0, imms: 31, sf: 1, N: 1 },
    when: (f) => f.sf === 1 && f.immr === 0 && f.imms === 31 },
  // UBFM
  { id: 'LSL_imm', mnemonic: 'lsl', base: 'UBFM', ops: ['r.Rd', 'r.Rn', 'lsl_amt'],
    when: (f) => !isAllOnes(f, f.imms) && f.imms + 1 === f.immr },
  { id: 'LSR_imm', mnemonic: 'lsr', base: 'UBFM', ops: ['r.Rd', 'r.Rn', 'shr_amt'], when: (f) => isAllOnes(f, f.imms) },
  { id: 'UBFIZ', mnemonic: 'ubfiz', base: 'UBFM', ops: ['r.Rd', 'r.Rn', 'bfiz_lsb', 'bfiz_width'], when: (f) => f.imms < f.immr },
  { id: 'UBFX', mnemonic: 'ubfx', base: 'UBFM', ops: ['r.Rd', 'r.Rn', 'bfx_lsb', 'bfx_width'], when: (f) => bfxPreferred(f.sf, 1, f.imms, f.immr) },
  { id: 'UXTB', mnemonic: 'uxtb', base: 'UBFM', ops: ['w.Rd', 'w.Rn'], fixed: { immr: 0, imms: 7, sf: 0, N: 0 },
    when: (f) => f.sf === 0 && f.immr === 0 && f.imms === 7 },
  { id: 'UXTH', mnemonic: 'uxth', base: 'UBFM', ops: ['w.Rd', 'w.Rn'], fixed: { immr: 0, imms: 15, sf: 0, N: 0 },
    when: (f) => f.sf === 0 && f.immr === 0 && f.imms === 15 },
  // GNU as spellings with an X destination that gcc emits: `uxtw x0, w1` is a 32-bit MOV,
  // `uxtb x0, w1` a 32-bit UXTB (writing Wd zero-extends into Xd).
  { id: 'UXTW_asm', mnemonic: 'uxtw', base: 'ORR_shift', ops: ['x.Rd', 'w.Rm'], fixed: { sf: 0, Rn: 31, shift: 0, imm6: 0 },
    when: () => false, asmOnly: true },
  { id: 'UXTB_asm', mnemonic: 'uxtb', base: 'UBFM', ops: ['x.Rd', 'w.Rn'], fixed: { immr: 0, imms: 7, sf: 0, N: 0 },
    when: () => false, asmOnly: true },
  { id: 'UXTH_asm', mnemonic: 'uxth', base: 'UBFM', ops: ['x.Rd', 'w.Rn'], fixed: { immr: 0, imms: 15, sf: 0, N: 0 },
    when: () => false, asmOnly: true },
  // BFM
  { id: 'BFC', mnemonic: 'bfc', base: 'BFM', ops: ['r.Rd', 'bfiz_lsb', 'bfiz_width'], fixed: { Rn: 31 }, when: (f) => f.Rn === 31 && f.imms < f.immr },
  { id: 'BFI', mnemonic: 'bfi', base: 'BFM', ops: ['r.Rd', 'r.Rn', 'bfiz_lsb', 'bfiz_width'], when: (f) => f.imms < f.immr },
  { id: 'BFXIL', mnemonic: 'bfxil', base: 'BFM', ops: ['r.Rd', 'r.Rn', 'bfx_lsb', 'bfx_width'], when: (f) => f.imms >= f.immr },
  // EXTR, variable shifts
  { id: 'ROR_imm', mnemonic: 'ror', base: 'EXTR', ops: ['r.Rd', 'r.Rn', 'imms'], when: (f) => f.Rn === f.Rm, derive: sameRm },
  { id: 'LSL_reg', mnemonic: 'lsl', base: 'LSLV', ops: ['r.Rd', 'r.Rn', 'r.Rm'], when: () => true },
  { id: 'LSR_reg', mnemonic: 'lsr', base: 'LSRV', ops: ['r.Rd', 'r.Rn', 'r.Rm'], when: () => true },
  { id: 'ASR_reg', mnemonic: 'asr', base: 'ASRV', ops: ['r.Rd', 'r.Rn', 'r.Rm'], when: () => true },
  { id: 'ROR_reg', mnemonic: 'ror', base: 'RORV', ops: ['r.Rd', 'r.Rn', 'r.Rm'], when: () => true },
  // Conditional select
  { id: 'CSET', mnemonic: 'cset', base: 'CSINC', ops: ['r.Rd', 'invcond'], fixed: { Rn: 31, Rm: 31 },
    when: (f) => f.Rn === 31 && f.Rm === 31 && notAlNv(f), derive: invertCond },
  { id: 'CINC', mnemonic: 'cinc', base: 'CSINC', ops: ['r.Rd', 'r.Rn', 'invcond'],
    when: (f) => f.Rn === f.Rm && f.Rn !== 31 && notAlNv(f), derive: (f) => sameRm(f) ?? invertCond(f) },
  { id: 'CSETM', mnemonic: 'csetm', base: 'CSINV', ops: ['r.Rd', 'invcond'], fixed: { Rn: 31, Rm: 31 },
    when: (f) => f.Rn === 31 && f.Rm === 31 && notAlNv(f), derive: invertCond },
  { id: 'CINV', mnemonic: 'cinv', base: 'CSINV', ops: ['r.Rd', 'r.Rn', 'invcond'],
    when: (f) => f.Rn === f.Rm && f.Rn !== 31 && notAlNv(f), derive: (f) => sameRm(f) ?? invertCond(f) },
  { id: 'CNEG', mnemonic: 'cneg', base: 'CSNEG', ops: ['r.Rd', 'r.Rn', 'invcond'],
    when: (f) => f.Rn === f.Rm && notAlNv(f), derive: (f) => sameRm(f) ?? invertCond(f) },
  // Multiply
  { id: 'MUL', mnemonic: 'mul', base: 'MADD', ops: ['r.Rd', 'r.Rn', 'r.Rm'], fixed: { Ra: 31 }, when: (f) => f.Ra === 31 },
  { id: 'MNEG', mnemonic: 'mneg', base: 'MSUB', ops: ['r.Rd', 'r.Rn', 'r.Rm'], fixed: { Ra: 31 }, when: (f) => f.Ra === 31 },
  { id: 'SMULL', mnemonic: 'smull', base: 'SMADDL', ops: ['x.Rd', 'w.Rn', 'w.Rm'], fixed: { Ra: 31 }, when: (f) => f.Ra === 31 },
  { id: 'SMNEGL', mnemonic: 'smnegl', base: 'SMSUBL', ops: ['x.Rd', 'w.Rn', 'w.Rm'], fixed: { Ra: 31 }, when: (f) => f.Ra === 31 },
  { id: 'UMULL', mnemonic: 'umull', base: 'UMADDL', ops: ['x.Rd', 'w.Rn', 'w.Rm'], fixed: { Ra: 31 }, when: (f) => f.Ra === 31 },
  { id: 'UMNEGL', mnemonic: 'umnegl', base: 'UMSUBL', ops: ['x.Rd', 'w.Rn', 'w.Rm'], fixed: { Ra: 31 }, when: (f) => f.Ra === 31 },
  // Barriers
  { id: 'SSBB', mnemonic: 'ssbb', base: 'DSB', ops: [], fixed: { CRm: 0 }, when: (f) => f.CRm === 0 },
  { id: 'PSSBB', mnemonic: 'pssbb', base: 'DSB', ops: [], fixed: { CRm: 4 }, when: (f) => f.CRm === 4 },
];
// Named hints: one alias per name, tied to HINT.
for (const [k, name] of Object.entries(HINT_NAMES)) {
  const v = Number(k);
  const [mn, ...rest] = name.split(' ');
  A.push({ id: `HINT_${name.replace(' ', '_').toUpperCase()}`, mnemonic: mn, base: 'HINT', ops: rest.length ? [`lit:${rest[0]}`] : [],
    fixed: { CRm: v >> 3, op2: v & 7 }, when: (f) => ((f.CRm << 3) | f.op2) === v });
}

/** Alias entries (disassembler preferred forms and assembler spellings), in preference order. */
export const ALIASES: readonly Alias[] = A;

const byBase = new Map<string, Alias[]>();
for (const a of A) {
  if (!FORM_BY_ID.has(a.base)) throw new Error(`encodings: alias ${a.id} has unknown base ${a.base}`);
  if (!byBase.has(a.base)) byBase.set(a.base, []);
  byBase.get(a.base)!.push(a);
}
/** Aliases of one base form, in preference order. */
export function aliasesOf(baseId: string): readonly Alias[] {
  return byBase.get(baseId) ?? [];
}

/** Extract every field of `form` from `word` (raw unsigned values). */
export function extractFields(form: Form, word: number): Record<string, number> {
  const f: Record<string, number> = {};
  for (const s of form.fields) f[s.name] = (word >>> s.lo) & ((1 << s.width) - 1);
  return f;
}

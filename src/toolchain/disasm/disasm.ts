// objdump-style A64 disassembler driven by the encoding table (encodings.ts):
// decode the base form, pick the preferred alias (Arm ARM alias conditions),
// print the operands as `aarch64-linux-gnu-objdump -d` does. Toolchain layer, no DOM.

import { ALIASES, COND_NAMES, FORMS, UNDEFINED_FORMS, aliasesOf, type Form } from '../../emulator/cpu/encodings.ts';
import { findForm, makeBuckets } from '../../emulator/cpu/decode.ts';
import { printOperand, type PrintCtx } from './format.ts';

export interface DisasmOptions {
  /** Name for an address (objdump's `<sym+0x..>`); without it targets print as bare hex. */
  symbolize?: (addr: bigint) => string | undefined;
}

export interface Disassembled {
  mnemonic: string;
  operands: string;
  /** objdump's trailing comment without the `// ` (e.g. `ne = any`, `#-1`), if any. */
  comment?: string;
  /** `mnemonic\toperands` (plus `\t// comment`), as objdump prints it. */
  text: string;
}

const BUCKETS = makeBuckets([...FORMS, ...UNDEFINED_FORMS]);

/** objdump's other names for conditions (printed as comments). */
const COND_COMMENTS: Readonly<Record<string, readonly string[]>> = {
  eq: ['none'], ne: ['any'], cs: ['hs', 'nlast'], cc: ['lo', 'ul', 'last'], mi: ['first'], pl: ['nfrst'],
  hi: ['pmore'], ls: ['plast'], ge: ['tcont'], lt: ['tstop'],
};

function condComment(form: Form, mnemonic: string, ops: readonly string[], f: Record<string, number>): string | undefined {
  if (form.condSuffix) {
    const names = COND_COMMENTS[COND_NAMES[f.cond]];
    return names ? names.map((n) => `b.${n}`).join(', ') : undefined;
  }
  const kind = ops.find((k) => k === 'cond' || k === 'invcond');
  if (!kind || mnemonic === '') return undefined;
  const c = COND_NAMES[kind === 'cond' ? f.cond : f.cond ^ 1];
  const names = COND_COMMENTS[c];
  return names ? `${c} = ${names.join(', ')}` : undefined;
}

function movComment(id: string, operands: string): string | undefined {
  if (id !== 'MOV_movz' && id !== 'MOV_movn' && id !== 'MOV_bitmask') return undefined;
  const m = /#0x([0-9a-f]+)$/.exec(operands);
  if (!m) return undefined;
  const is64 = operands.startsWith('x') || operands.startsWith('sp');
  const v = is64 ? BigInt.asIntN(64, BigInt('0x' + m[1])) : BigInt.asIntN(32, BigInt('0x' + m[1]));
  return `#${v}`;
}

function undefinedWord(word: number): Disassembled {
  const operands = `0x${word.toString(16).padStart(8, '0')}`;
  return { mnemonic: '.inst', operands, comment: undefined, text: `.inst\t${operands} ; undefined` };
}

/** Disassemble one word at address `pc`. */
export function disassemble(word: number, pc: bigint, opts: DisasmOptions = {}): Disassembled {
  const w = word >>> 0;
  const d = findForm(w, BUCKETS);
  if (!d) return undefinedWord(w);
  const alias = aliasesOf(d.form.id).find((a) => a.when(d.f));
  const ops = alias ? alias.ops : d.form.ops;
  let mnemonic = alias ? alias.mnemonic : d.form.mnemonic;
  if (d.form.condSuffix) mnemonic = `${mnemonic}.${COND_NAMES[d.f.cond]}`;
  const ctx: PrintCtx = { form: d.form, f: d.f, pc, symbolize: opts.symbolize };
  const operands = ops.flatMap((k) => printOperand(k, ctx)).join(', ');
  const comment = condComment(d.form, mnemonic, ops, d.f) ?? movComment(alias?.id ?? '', operands);
  let text = operands ? `${mnemonic}\t${operands}` : mnemonic;
  if (comment && d.form.condSuffix) text += `  // ${comment}`;
  // binutils prints these immediates as "#0x%-20" PRIx64 before the comment.
  else if (comment && alias?.id.startsWith('MOV_')) text = `${mnemonic}\t${operands.replace(/#0x([0-9a-f]+)$/, (_m, h: string) => `#0x${h.padEnd(20)}`)}\t// ${comment}`;
  else if (comment) text += `\t// ${comment}`;
  return { mnemonic, operands, comment, text };
}

export interface DisasmLine {
  addr: bigint;
  word: number;
  insn: Disassembled;
  /** `   4:\td2800540 \tmov\tx0, #0x2a` (objdump -d body line). */
  line: string;
}

/** Disassemble a little-endian code buffer (trailing bytes that do not fill a word are ignored). */
export function disassembleRange(bytes: Uint8Array, baseAddr: bigint, opts: DisasmOptions = {}): DisasmLine[] {
  const out: DisasmLine[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = baseAddr + BigInt(bytes.length & ~3);
  const width = Math.max(4, end.toString(16).length);
  for (let off = 0; off + 4 <= bytes.length; off += 4) {
    const addr = baseAddr + BigInt(off);
    const word = view.getUint32(off, true);
    const insn = disassemble(word, addr, opts);
    const line = `${addr.toString(16).padStart(width, ' ')}:\t${word.toString(16).padStart(8, '0')} \t${insn.text}`;
    out.push({ addr, word, insn, line });
  }
  return out;
}

/** Every alias id (re-exported for tests and docs). */
export const ALIAS_IDS: readonly string[] = ALIASES.map((a) => a.id);

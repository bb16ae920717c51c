// Readable reports for exceptions the stand-in kernel does not handle: what
// happened, where, the instruction, the faulting address and ESR_EL1 decoded.
// Kernel layer. ESR layout from the Arm ARM D17.2.37 (EC in bits 31:26, IL 25,
// ISS 24:0; data/instruction abort ISS: DFSC/IFSC 5:0, WnR 6, ISV 24, SAS 23:22).
import type { CpuException, FaultKind } from '../../emulator/types.ts';

/** How the report gets at the faulting instruction (both optional: a report
 *  is still produced when the page is unmapped or no disassembler is wired). */
export interface InstructionSource {
  fetchWord(pc: bigint): number | undefined;
  disassemble?(word: number, pc: bigint): string;
}

const EC_NAMES: Record<number, string> = {
  0x00: 'unknown reason (undefined instruction)',
  0x01: 'WFI/WFE trapped',
  0x07: 'SIMD/FP access trapped',
  0x0e: 'illegal execution state',
  0x15: 'SVC from AArch64',
  0x18: 'MSR/MRS/system instruction trapped',
  0x20: 'instruction abort from EL0',
  0x21: 'instruction abort from EL1',
  0x22: 'PC alignment fault',
  0x24: 'data abort from EL0',
  0x25: 'data abort from EL1',
  0x26: 'SP alignment fault',
  0x3c: 'BRK instruction',
};

export function hex(v: bigint | number): string {
  const n = typeof v === 'number' ? BigInt(v >>> 0) : v;
  return `0x${n.toString(16)}`;
}

function fsc2(iss: number): string {
  return `0x${(iss & 0x3f).toString(16).padStart(2, '0')}`;
}

/** Decodes a DFSC/IFSC value (ISS bits 5:0) into words. */
export function describeFsc(fsc: number): string {
  const level = fsc & 3;
  switch (fsc >> 2) {
    case 0: return `address size fault, level ${level}`;
    case 1: return `translation fault, level ${level}`;
    case 2: return `access flag fault, level ${level}`;
    case 3: return `permission fault, level ${level}`;
    case 5: return `synchronous external abort on table walk, level ${level}`;
  }
  if (fsc === 0x10) return 'synchronous external abort';
  if (fsc === 0x21) return 'alignment fault';
  if (fsc === 0x30) return 'TLB conflict abort';
  return `fault status ${hex(fsc)}`;
}

/** One line decoding ESR_EL1: "ESR 0x92000047: EC 0x24 (data abort from EL0), IL=1, WnR=1, DFSC 0x07 (translation fault, level 3)". */
export function describeEsr(esr: number): string {
  const ec = (esr >>> 26) & 0x3f;
  const il = (esr >>> 25) & 1;
  const iss = esr & 0x1ffffff;
  const parts = [`EC ${hex(ec)} (${EC_NAMES[ec] ?? 'unallocated'})`, `IL=${il}`];
  if (ec === 0x24 || ec === 0x25) {
    parts.push(`WnR=${(iss >>> 6) & 1}`);
    if ((iss >>> 24) & 1) parts.push(`ISV=1 SAS=${(iss >>> 22) & 3} SRT=${(iss >>> 16) & 31}`);
    parts.push(`DFSC ${fsc2(iss)} (${describeFsc(iss & 0x3f)})`);
  } else if (ec === 0x20 || ec === 0x21) {
    parts.push(`IFSC ${fsc2(iss)} (${describeFsc(iss & 0x3f)})`);
  } else if (ec === 0x15 || ec === 0x3c) {
    parts.push(`imm16 ${hex(iss & 0xffff)}`);
  } else if (iss !== 0) {
    parts.push(`ISS ${hex(iss)}`);
  }
  return `ESR ${hex(esr)}: ${parts.join(', ')}`;
}

/** True for encodings in the A64 FP/SIMD groups (Arm ARM C4.1: op0 = x111
 *  data processing, or a load/store with the V bit, bit 26, set). */
export function isFpSimd(word: number): boolean {
  const op0 = (word >>> 25) & 0xf;
  return (op0 & 7) === 7 || ((op0 & 5) === 4 && ((word >>> 26) & 1) === 1);
}

const FAULT_WORDS: Record<FaultKind, string> = {
  translation: 'translation fault',
  permission: 'permission fault',
  alignment: 'alignment fault',
  accessFlag: 'access flag fault',
  external: 'external abort',
};

function faultWords(fault: FaultKind, level: number): string {
  const levelled = fault === 'translation' || fault === 'permission' || fault === 'accessFlag';
  return levelled ? `${FAULT_WORDS[fault]} at level ${level}` : FAULT_WORDS[fault];
}

/** "pc 0x400120: str x1, [x0]" (or the raw word, or just the pc when unreadable). */
export function describePc(pc: bigint, src: InstructionSource): string {
  const word = src.fetchWord(pc);
  if (word === undefined) return `pc ${hex(pc)}`;
  const text = src.disassemble?.(word, pc);
  const w = (word >>> 0).toString(16).padStart(8, '0');
  return text ? `pc ${hex(pc)}: ${text}` : `pc ${hex(pc)}: .inst 0x${w}`;
}

/** The first line of a report: what happened, in the words a student reads. */
export function describeException(ex: CpuException, src: InstructionSource): string {
  const at = describePc(ex.pc, src);
  switch (ex.kind) {
    case 'dataAbort':
      return `data abort: ${faultWords(ex.fault, ex.level)} ${ex.write ? 'writing' : 'reading'} ${hex(ex.address)} (${at})`;
    case 'instructionAbort':
      return `instruction abort: ${faultWords(ex.fault, ex.level)} fetching ${hex(ex.address)} (${at})`;
    case 'undefined': {
      const hint = isFpSimd(ex.word) ? '; FP/SIMD is not implemented: compile with -mgeneral-regs-only' : '';
      return `undefined instruction 0x${(ex.word >>> 0).toString(16).padStart(8, '0')} (${at})${hint}`;
    }
    case 'brk':
      return `breakpoint: brk #${hex(ex.imm)} (${at})`;
    case 'pcAlignment':
      return `PC alignment fault: pc ${hex(ex.pc)} is not a multiple of 4`;
    case 'spAlignment':
      return `SP alignment fault: sp not 16-byte aligned (${at})`;
    case 'svc':
      return `svc #${hex(ex.imm)} (${at})`;
    case 'irq':
      return `interrupt ${ex.irq} with no handler (${at})`;
  }
}

/** The full report: the summary line, then ESR decoded. */
export function faultReport(ex: CpuException, src: InstructionSource): string {
  const lines = [describeException(ex, src)];
  if (ex.kind !== 'irq') lines.push(`  ${describeEsr(ex.esr)}`);
  return lines.join('\n');
}

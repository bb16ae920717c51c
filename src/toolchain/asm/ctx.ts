// The contract between the assembler driver (assembler.ts) and the instruction
// encoder (encode.ts, owned by the ISA engineer). Layer: toolchain/asm.
// The driver hands each instruction line to encodeInstruction(mnemonic,
// operandText, ctx); symbolic operands come back as fixups, which the driver
// resolves in place or turns into ELF relocations the way GNU as does.

import type { Result } from '../../shared/result.ts';
import type { RelocName } from '../elf/reloc.ts';
import type { Expr, ExprError } from './expr.ts';

/**
 * A field of the encoded instruction that depends on a symbol. The encoder
 * leaves the field zero; the driver fills it (same-section PC-relative targets
 * that are not global, absolute values) or emits relocation `kind`.
 *   b/bl -> JUMP26/CALL26, b.cond/cbz/cbnz -> CONDBR19, tbz/tbnz -> TSTBR14,
 *   adr -> ADR_PREL_LO21, adrp -> ADR_PREL_PG_HI21, ldr (literal) -> LD_PREL_LO19,
 *   :lo12: in add -> ADD_ABS_LO12_NC, in ldr/str -> LDST{8,16,32,64,128}_ABS_LO12_NC,
 *   #:abs_g0:..#:abs_g3: (and _nc) in movz/movk -> MOVW_UABS_G*.
 */
export interface Fixup {
  kind: RelocName;
  expr: Expr;
  /** Byte offset of the patched word inside this instruction's bytes (0 for one word). */
  offset?: number;
}

/** Where an error is inside operandText (0-based offsets), for column-exact diagnostics. */
export interface EncodeError {
  message: string;
  start?: number;
  end?: number;
}

export interface Encoded {
  /** Instruction words, little-endian in the output (almost always one). */
  words: number[];
  fixups: Fixup[];
}

export interface EncodeCtx {
  /** Offset of this instruction in its section (the value of `.`). */
  readonly pc: bigint;
  /** False in the layout pass: symbols defined later read as 0 and errors are not shown. */
  readonly final: boolean;
  /**
   * Value of an expression that must be an assemble-time constant (immediates,
   * shift amounts, `.equ` names, label differences within one section).
   */
  evalConst(expr: Expr): Result<bigint, ExprError>;
  /**
   * `ldr Rt, =expr`: put expr into the current section's literal pool (size 4
   * for Wt/St, 8 for Xt/Dt, 16 for Qt; duplicates shared as GNU as does) and
   * return an expression naming the pool slot, to use as an LD_PREL_LO19 target.
   */
  literal(expr: Expr, size: 4 | 8 | 16): Expr;
}

export type EncodeFn = (mnemonic: string, operandText: string, ctx: EncodeCtx) => Result<Encoded, EncodeError>;

// Public entry of the assembler: GNU as syntax source -> in-memory object,
// using the table-driven instruction encoder. Layer: toolchain/asm.

import { encodeInstruction } from './encode.ts';
import { assembleWith, type AssembleOutput } from './assembler.ts';

export type { AssembleOutput } from './assembler.ts';

/** Assemble one `.s` file. Never throws; problems come back as diagnostics. */
export function assemble(file: string, text: string): AssembleOutput {
  return assembleWith(encodeInstruction, file, text);
}

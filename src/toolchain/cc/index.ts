// C compiler driver: preprocess, parse, generate AArch64 GNU as text. Toolchain layer,
// public entry of src/toolchain/cc. Never throws: every problem, including an
// internal failure or exhausted stack, comes back as a located diagnostic.

import type { Diagnostic } from '../../shared/diagnostic.ts';
import { Codegen } from './codegen.ts';
import { Bail, Diags } from './diag.ts';
import { Parser } from './parse.ts';
import { type PPOptions, Preprocessor } from './preprocess.ts';
import type { Token } from './tokenize.ts';

export type CompileOptions = PPOptions;

export interface CompileResult {
  asm?: string;
  diagnostics: Diagnostic[];
}

export function compile(file: { name: string; text: string }, opts: CompileOptions = {}): CompileResult {
  const diags = new Diags();
  const pp = new Preprocessor(diags, opts);
  let where: Token | undefined;
  try {
    const main = pp.addFile(file.name, file.text);
    const toks = pp.run(main);
    if (diags.errors > 0 && toks.length <= 1) return { diagnostics: diags.list };
    const parser = new Parser(toks, diags);
    where = toks[0];
    const globals = parser.parseUnit();
    if (diags.errors > 0) return { diagnostics: diags.list };
    const asm = new Codegen(diags).emit(globals);
    if (diags.errors > 0) return { diagnostics: diags.list };
    return { asm, diagnostics: diags.list };
  } catch (e) {
    if (!(e instanceof Bail)) {
      const msg = e instanceof RangeError ? 'program too deeply nested for the compiler' : `internal compiler error: ${e instanceof Error ? e.message : String(e)}`;
      diags.list.push({
        file: where?.file.name ?? file.name, line: where?.line ?? 1, column: where?.col ?? 1, severity: 'error', message: msg,
      });
    }
    return { diagnostics: diags.list };
  }
}

/** Preprocessor output as text (like `gcc -E`, without line markers). */
export function preprocessOnly(file: { name: string; text: string }, opts: CompileOptions = {}): { text?: string; diagnostics: Diagnostic[] } {
  const diags = new Diags();
  try {
    const pp = new Preprocessor(diags, opts);
    const toks = pp.run(pp.addFile(file.name, file.text));
    let out = '';
    let line = 0;
    for (const t of toks) {
      if (t.kind === 'eof') break;
      if (t.bol && !t.fromMacro && t.line !== line) { out += '\n'; line = t.line; } else if (t.space) out += ' ';
      out += t.text;
    }
    return { text: out.trimStart() + '\n', diagnostics: diags.list };
  } catch (e) {
    if (!(e instanceof Bail)) diags.list.push({ file: file.name, line: 1, column: 1, severity: 'error', message: `internal compiler error: ${String(e)}` });
    return { diagnostics: diags.list };
  }
}

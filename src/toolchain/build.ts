// Build facade: source files -> objects (one "compile to object" step per file,
// chosen by extension) -> linked static ELF64 executable + parsed image, line
// table and symbols. Layer: toolchain. Used by the CLI, the worker and the UI;
// the C compiler plugs in as another per-file step. Never throws.

import type { Diagnostic } from '../shared/diagnostic.ts';
import { hasErrors } from '../shared/diagnostic.ts';
import { assemble } from './asm/assemble.ts';
import type { ObjectFile } from './elf/object.ts';
import { parseElf, readObject, type ElfImage } from './elf/read.ts';
import type { LineEntry } from './elf/lines.ts';
import { link, type LinkedSymbol } from './link/linker.ts';

export interface SourceFile {
  name: string;
  text: string;
}

export interface BuildOptions {
  base?: bigint;
  entry?: string;
  /** Extra prebuilt objects (e.g. ELF .o bytes from gcc) linked after the sources. */
  objects?: { name: string; bytes: Uint8Array }[];
}

export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  elf?: Uint8Array;
  image?: ElfImage;
  lines: LineEntry[];
  symbols: LinkedSymbol[];
}

export interface CompileResult {
  object?: ObjectFile;
  diagnostics: Diagnostic[];
}

/** A per-language "compile to object" step. */
export type Compiler = (file: SourceFile) => CompileResult;

const COMPILERS: Record<string, Compiler> = {
  s: (f) => assemble(f.name, f.text),
  S: (f) => assemble(f.name, f.text),
};

/** Register a compiler for a file extension (the C compiler adds 'c'). */
export function registerCompiler(ext: string, c: Compiler): void {
  COMPILERS[ext] = c;
}

/** Compile one source file to an object by its extension. */
export function compileFile(f: SourceFile): CompileResult {
  const ext = /\.([^./]+)$/.exec(f.name)?.[1] ?? '';
  const c = COMPILERS[ext];
  if (!c) return { diagnostics: [{ file: f.name, line: 1, column: 1, severity: 'error', message: `don't know how to build '${f.name}' (extension .${ext})` }] };
  try {
    return c(f);
  } catch (e) {
    return { diagnostics: [{ file: f.name, line: 1, column: 1, severity: 'error', message: `internal error: ${(e as Error).message}` }] };
  }
}

/** Assemble/compile every file, link, and parse the result back. */
export function buildProgram(files: SourceFile[], opts: BuildOptions = {}): BuildResult {
  const diagnostics: Diagnostic[] = [];
  const objects: ObjectFile[] = [];
  for (const f of files) {
    const r = compileFile(f);
    diagnostics.push(...r.diagnostics);
    if (r.object) objects.push(r.object);
  }
  for (const o of opts.objects ?? []) {
    const r = readObject(o.bytes, o.name);
    if (r.ok) objects.push(r.value);
    else diagnostics.push({ file: o.name, line: 0, column: 0, severity: 'error', message: r.error });
  }
  if (hasErrors(diagnostics)) return { ok: false, diagnostics, lines: [], symbols: [] };
  const linked = link(objects, { base: opts.base, entry: opts.entry });
  diagnostics.push(...linked.diagnostics);
  if (!linked.ok || !linked.elf) return { ok: false, diagnostics, lines: linked.lines, symbols: linked.symbols };
  const image = parseElf(linked.elf);
  if (!image.ok) {
    diagnostics.push({ file: files[0]?.name ?? 'link', line: 0, column: 0, severity: 'error', message: `internal: linked ELF does not parse: ${image.error}` });
    return { ok: false, diagnostics, lines: linked.lines, symbols: linked.symbols };
  }
  return { ok: true, diagnostics, elf: linked.elf, image: image.value, lines: linked.lines, symbols: linked.symbols };
}

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
  /** Options for compilers of other languages (C: target sysroot, -I, -D, #include reader). */
  cc?: CcOptions;
}

export interface CcOptions {
  /** Sysroot and runtime: 'linux' (default), 'sel4', or 'none' (no libc, no crt0). */
  target?: 'linux' | 'sel4' | 'microkit' | 'none';
  includeDirs?: string[];
  defines?: Record<string, string>;
  /** Reads a file for #include "..." and -I lookups (the CLI passes fs; the worker a map). */
  readFile?: (path: string) => string | undefined;
}

/** What a language adds to the link: start objects first, libraries (archive semantics) last. */
export interface Runtime {
  start: ObjectFile[];
  libraries: ObjectFile[][];
  diagnostics: Diagnostic[];
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
export type Compiler = (file: SourceFile, opts: BuildOptions) => CompileResult;
/** The start objects and libraries a language needs in the link (C: crt0 and libc). */
export type RuntimeProvider = (opts: BuildOptions) => Runtime;

const COMPILERS: Record<string, Compiler> = {
  s: (f) => assemble(f.name, f.text),
  S: (f) => assemble(f.name, f.text),
};
const RUNTIMES: Record<string, RuntimeProvider> = {};

/** Register a compiler for a file extension (the C compiler adds 'c', with its runtime). */
export function registerCompiler(ext: string, c: Compiler, runtime?: RuntimeProvider): void {
  COMPILERS[ext] = c;
  if (runtime) RUNTIMES[ext] = runtime;
}

const extOf = (name: string): string => /\.([^./]+)$/.exec(name)?.[1] ?? '';

/** A project's own header (`.h`): never compiled on its own, read by `#include "..."`. */
export const isHeader = (name: string): boolean => extOf(name) === 'h';

/** The options with the project's headers readable by name (before the caller's reader). */
export function withProjectHeaders(files: readonly SourceFile[], opts: BuildOptions): BuildOptions {
  const headers = new Map(files.filter((f) => isHeader(f.name)).map((f) => [f.name, f.text]));
  if (headers.size === 0) return opts;
  const outer = opts.cc?.readFile;
  const readFile = (p: string): string | undefined => headers.get(p.replace(/^(\.\/)+/, '')) ?? outer?.(p);
  return { ...opts, cc: { ...opts.cc, readFile } };
}

/** Diagnostics of every file without linking: sources compiled alone, headers checked as C. */
export function checkProject(files: readonly SourceFile[], opts: BuildOptions = {}): Diagnostic[] {
  const o = withProjectHeaders(files, opts);
  return files.flatMap((f) => compileFile(f, o).diagnostics);
}

/** Compile one source file to an object by its extension (a header compiles as C, to check it). */
export function compileFile(f: SourceFile, opts: BuildOptions = {}): CompileResult {
  const ext = extOf(f.name);
  const c = COMPILERS[ext] ?? (isHeader(f.name) ? COMPILERS.c : undefined);
  if (!c) return { diagnostics: [{ file: f.name, line: 1, column: 1, severity: 'error', message: `don't know how to build '${f.name}' (extension .${ext})` }] };
  try {
    return c(f, opts);
  } catch (e) {
    return { diagnostics: [{ file: f.name, line: 1, column: 1, severity: 'error', message: `internal error: ${(e as Error).message}` }] };
  }
}

function definedGlobals(o: ObjectFile): string[] {
  return o.symbols.filter((s) => s.bind !== 'local' && s.section !== 'undef').map((s) => s.name);
}

/** Static-archive semantics (as ld does for lib.a): a library member is linked
 *  only when it defines a symbol that the objects linked so far leave undefined. */
export function selectMembers(objects: readonly ObjectFile[], libraries: readonly ObjectFile[][]): ObjectFile[] {
  const defined = new Set(objects.flatMap(definedGlobals));
  const undefinedSyms = new Set<string>();
  const noteUndefined = (o: ObjectFile) => {
    for (const s of o.symbols) if (s.section === 'undef' && s.name && s.bind !== 'weak') undefinedSyms.add(s.name);
  };
  objects.forEach(noteUndefined);
  const picked: ObjectFile[] = [];
  const pending = libraries.flat();
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < pending.length; i++) {
      const m = pending[i];
      const defs = definedGlobals(m);
      if (!defs.some((d) => undefinedSyms.has(d) && !defined.has(d))) continue;
      picked.push(m);
      pending.splice(i--, 1);
      defs.forEach((d) => defined.add(d));
      noteUndefined(m);
      changed = true;
    }
  }
  return picked;
}

function runtimeFor(files: SourceFile[], opts: BuildOptions, diagnostics: Diagnostic[]): Runtime {
  const providers = new Set(files.map((f) => RUNTIMES[extOf(f.name)]).filter((p) => p !== undefined));
  const rt: Runtime = { start: [], libraries: [], diagnostics: [] };
  for (const p of providers) {
    const r = p(opts);
    rt.start.push(...r.start);
    rt.libraries.push(...r.libraries);
    diagnostics.push(...r.diagnostics);
  }
  return rt;
}

/** Assemble/compile every file, link (with the runtimes the languages need), and parse the result back. */
export function buildProgram(allFiles: SourceFile[], options: BuildOptions = {}): BuildResult {
  const diagnostics: Diagnostic[] = [];
  const opts = withProjectHeaders(allFiles, options);
  const files = allFiles.filter((f) => !isHeader(f.name));
  const rt = runtimeFor(files, opts, diagnostics);
  const objects: ObjectFile[] = [...rt.start];
  for (const f of files) {
    const r = compileFile(f, opts);
    diagnostics.push(...r.diagnostics);
    if (r.object) objects.push(r.object);
  }
  for (const o of opts.objects ?? []) {
    const r = readObject(o.bytes, o.name);
    if (r.ok) objects.push(r.value);
    else diagnostics.push({ file: o.name, line: 0, column: 0, severity: 'error', message: r.error });
  }
  if (hasErrors(diagnostics)) return { ok: false, diagnostics, lines: [], symbols: [] };
  objects.push(...selectMembers(objects, rt.libraries));
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

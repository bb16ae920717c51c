// `caplab cc`: the C toolchain driver. Registers the C compiler with the build
// facade (so buildProgram takes .c files: our compiler -> our assembler -> our
// linker, with the target's sysroot), and implements the gcc-like command line
// `cc [--target sel4|linux|none] [-I dir] [-D name[=value]] [-E|-S|-c] [-o OUT] files...`.
// Toolchain layer; no file system of its own (the caller's io reads and writes),
// so the worker can use it too. Docs: docs/sysroot.md, docs/cc.md.
import { formatDiagnostic, hasErrors, type Diagnostic } from '../shared/diagnostic.ts';
import { assemble } from './asm/assemble.ts';
import { buildProgram, registerCompiler, type BuildOptions, type BuildResult, type CcOptions, type CompileResult, type SourceFile } from './build.ts';
import { compile, preprocessOnly } from './cc/index.ts';
import { writeRelocatable } from './elf/write.ts';
import { sysrootHeaders, sysrootRuntime, targetDefines } from './sysroot/index.ts';

/** The compiler options for one C file under `cc` (target, -I, -D, #include reader). */
function ccCompileOptions(cc: CcOptions = {}) {
  const target = cc.target ?? 'linux';
  return {
    includeDirs: cc.includeDirs,
    defines: { ...(target === 'none' ? {} : targetDefines(target)), ...cc.defines },
    sysroot: target === 'none' ? {} : sysrootHeaders(target),
    readFile: cc.readFile,
  };
}

/** C source -> GNU as text (`cc -S`). */
export function compileCToAsm(file: SourceFile, cc: CcOptions = {}): { asm?: string; diagnostics: Diagnostic[] } {
  return compile(file, ccCompileOptions(cc));
}

/** C source -> object: our compiler, then our assembler (.loc rows become the line table). */
export function compileC(file: SourceFile, opts: BuildOptions = {}): CompileResult {
  const c = compileCToAsm(file, opts.cc);
  if (!c.asm) return { diagnostics: c.diagnostics };
  const a = assemble(file.name, c.asm);
  const internal = a.diagnostics.filter((d) => d.severity === 'error')
    .map((d) => ({ ...d, message: `internal compiler error: the assembler rejected the generated code: ${d.message}` }));
  if (internal.length > 0) return { diagnostics: [...c.diagnostics, ...internal] };
  return { object: a.object, diagnostics: c.diagnostics };
}

function cRuntime(opts: BuildOptions) {
  const target = opts.cc?.target ?? 'linux';
  return target === 'none' ? { start: [], libraries: [], diagnostics: [] } : sysrootRuntime(target);
}

registerCompiler('c', compileC, cRuntime);

/** buildProgram for C (and .s) sources with the given target: the usual entry for the UI/worker. */
export function buildC(files: SourceFile[], cc: CcOptions = {}, opts: Omit<BuildOptions, 'cc'> = {}): BuildResult {
  return buildProgram(files, { ...opts, cc });
}

// ---- the command line ----

export interface CcIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Throws when the file cannot be read. */
  readFile(path: string): Uint8Array;
  writeFile(path: string, bytes: Uint8Array | string): void;
}

export const CC_USAGE = 'cc [--target linux|sel4|microkit|none] [-I DIR] [-D NAME[=VALUE]] [-E|-S|-c] [-o OUT] FILES...';
export const CC_HELP = [
  'Compiles C (.c), assembles (.s, .S) and links (also .o) into a static AArch64 ELF, like gcc.',
  '  --target linux   crt0 + libc over the Linux syscall ABI (default; run with caplab run --linux)',
  '  --target sel4    crt0 + libc over the seL4 debug console + libsel4 (seL4 root task)',
  '  --target microkit  libsel4 + libmicrokit + libc: a Microkit protection domain (system mode)',
  '  --target none    no sysroot: you bring _start',
  '  -I DIR  add an include directory     -D NAME[=VALUE]  define a macro',
  '  -E preprocess only   -S compile to assembly   -c compile to an object   -o OUT output file',
  'Diagnostics are printed as file:line:col: error: message; the exit status is 1 on any error.',
].join('\n');

interface CcArgs {
  target: 'linux' | 'sel4' | 'microkit' | 'none';
  includeDirs: string[];
  defines: Record<string, string>;
  mode: 'link' | 'E' | 'S' | 'c';
  out?: string;
  files: string[];
}

function parseCcArgs(argv: readonly string[]): CcArgs | string {
  const a: CcArgs = { target: 'linux', includeDirs: [], defines: {}, mode: 'link', files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (flag: string): string | undefined => (arg.length > flag.length ? arg.slice(flag.length).replace(/^=/, '') : argv[++i]);
    if (arg === '--target' || arg.startsWith('--target=')) {
      const t = value('--target');
      if (t !== 'linux' && t !== 'sel4' && t !== 'microkit' && t !== 'none') return `unknown target '${t ?? ''}' (linux, sel4, microkit or none)`;
      a.target = t;
    } else if (arg.startsWith('-I')) {
      const d = value('-I');
      if (!d) return "missing directory after '-I'";
      a.includeDirs.push(d);
    } else if (arg.startsWith('-D')) {
      const d = value('-D');
      if (!d) return "macro name missing after '-D'";
      const eq = d.indexOf('=');
      if (eq < 0) a.defines[d] = '1';
      else a.defines[d.slice(0, eq)] = d.slice(eq + 1);
    } else if (arg === '-o') {
      a.out = argv[++i];
      if (!a.out) return "missing filename after '-o'";
    } else if (arg === '-c' || arg === '-S' || arg === '-E') {
      a.mode = arg.slice(1) as CcArgs['mode'];
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unrecognized command-line option '${arg}'`;
    } else a.files.push(arg);
  }
  if (a.files.length === 0) return 'no input files';
  if (a.out && a.mode !== 'link' && a.files.length > 1) return 'cannot specify -o with -c, -S or -E with multiple files';
  return a;
}

const decoder = new TextDecoder();
const extOf = (p: string) => /\.([^./]+)$/.exec(p)?.[1] ?? '';
const withExt = (p: string, ext: string) => p.replace(/^.*\//, '').replace(/\.[^./]+$/, '') + ext;

function report(io: CcIo, ds: readonly Diagnostic[]): boolean {
  for (const d of ds) io.stderr(formatDiagnostic(d) + '\n');
  return hasErrors(ds);
}

function readSource(io: CcIo, path: string): SourceFile | string {
  try {
    return { name: path, text: decoder.decode(io.readFile(path)) };
  } catch {
    return `${path}: No such file or directory`;
  }
}

function ccOptions(a: CcArgs, io: CcIo): CcOptions {
  const readFile = (p: string): string | undefined => {
    try { return decoder.decode(io.readFile(p)); } catch { return undefined; }
  };
  return { target: a.target, includeDirs: a.includeDirs, defines: a.defines, readFile };
}

/** -E, -S, -c: one output per input. Returns false on error. */
function perFile(a: CcArgs, io: CcIo, path: string): boolean {
  const src = readSource(io, path);
  if (typeof src === 'string') { io.stderr(`caplab cc: error: ${src}\n`); return false; }
  const cc = ccOptions(a, io);
  const ext = extOf(path);
  if (a.mode === 'E') {
    const r = preprocessOnly(src, ccCompileOptions(cc));
    if (report(io, r.diagnostics) || r.text === undefined) return false;
    if (a.out) io.writeFile(a.out, r.text); else io.stdout(r.text);
    return true;
  }
  if (a.mode === 'S') {
    if (ext !== 'c') { io.stderr(`caplab cc: error: ${path}: -S needs a C file\n`); return false; }
    const r = compileCToAsm(src, cc);
    if (report(io, r.diagnostics) || !r.asm) return false;
    io.writeFile(a.out ?? withExt(path, '.s'), r.asm);
    return true;
  }
  const r = ext === 'c' ? compileC(src, { cc }) : assemble(path, src.text);
  if (report(io, r.diagnostics) || !r.object) return false;
  io.writeFile(a.out ?? withExt(path, '.o'), writeRelocatable(r.object));
  return true;
}

function linkAll(a: CcArgs, io: CcIo): boolean {
  const sources: SourceFile[] = [];
  const objects: { name: string; bytes: Uint8Array }[] = [];
  for (const f of a.files) {
    if (extOf(f) === 'o') {
      try { objects.push({ name: f, bytes: io.readFile(f) }); } catch { io.stderr(`caplab cc: error: ${f}: No such file or directory\n`); return false; }
      continue;
    }
    const src = readSource(io, f);
    if (typeof src === 'string') { io.stderr(`caplab cc: error: ${src}\n`); return false; }
    sources.push(src);
  }
  const cc = ccOptions(a, io);
  const needsRuntime = objects.length > 0 && !sources.some((s) => extOf(s.name) === 'c') && a.target !== 'none';
  // Objects alone still get crt0 + libc: add an empty C unit so the C runtime is linked.
  if (needsRuntime) sources.push({ name: '<runtime>.c', text: '' });
  const r = buildProgram(sources, { cc, objects });
  if (report(io, r.diagnostics) || !r.ok || !r.elf) return false;
  io.writeFile(a.out ?? 'a.out', r.elf);
  return true;
}

/** `caplab cc ARGS`: returns the exit status (0, or 1 after printing errors). */
export async function runCc(argv: readonly string[], io: CcIo): Promise<number> {
  const a = parseCcArgs(argv);
  if (typeof a === 'string') {
    io.stderr(`caplab cc: error: ${a}\n`);
    return 1;
  }
  if (a.mode === 'link') return linkAll(a, io) ? 0 : 1;
  let ok = true;
  for (const f of a.files) ok = perFile(a, io, f) && ok;
  return ok ? 0 : 1;
}

// ---- speed measurement (for bench/ and tests) ----

/** A generated C program of about `lines` lines: structs, loops, switch, calls, printf. */
export function benchProgram(lines = 3000): string {
  const out = ['#include <stdio.h>', 'struct item { int id; long value; char name[16]; struct item *next; };'];
  let i = 0;
  while (out.length < lines - 12) {
    out.push(
      `static long walk${i}(struct item *it, int limit) {`, '  long total = 0;', '  int count = 0;',
      '  while (it && count < limit) {', '    switch (it->id % 4) {', `    case 0: total += it->value * ${i + 1}; break;`,
      '    case 1: total -= it->value; break;', '    case 2: total ^= (long)it->name[count & 15]; break;',
      '    default: total += count; break;', '    }', '    it = it->next;', '    count++;', '  }',
      '  for (int k = 0; k < 4; k++) total = total * 3 + k;', '  return total;', '}',
    );
    i++;
  }
  out.push('int main(void) {', '  struct item a = { 1, 5, "a", 0 }, b = { 2, 7, "b", &a };', '  long t = 0;');
  for (let k = 0; k < i; k++) out.push(`  t += walk${k}(&b, ${k % 5 + 1});`);
  out.push('  printf("%ld\\n", t);', '  return 0;', '}');
  return out.join('\n') + '\n';
}

export interface CBuildTiming { lines: number; compileMs: number; assembleMs: number; buildMs: number; asmLines: number }

/** Times compile (C -> asm), assemble (asm -> object) and the whole build (+ link with libc), in ms. */
export function measureCBuild(text = benchProgram(), cc: CcOptions = {}): CBuildTiming {
  sysrootRuntime(cc.target === 'sel4' ? 'sel4' : 'linux');
  const file = { name: 'bench.c', text };
  let t = performance.now();
  const c = compileCToAsm(file, cc);
  const compileMs = performance.now() - t;
  if (!c.asm) throw new Error(c.diagnostics.map(formatDiagnostic).join('\n'));
  t = performance.now();
  assemble('bench.c', c.asm);
  const assembleMs = performance.now() - t;
  t = performance.now();
  const b = buildC([file], cc);
  const buildMs = performance.now() - t;
  if (!b.ok) throw new Error(b.diagnostics.map(formatDiagnostic).join('\n'));
  return { lines: text.split('\n').length, compileMs, assembleMs, buildMs, asmLines: c.asm.split('\n').length };
}

// The CapLab sysroot: headers and the runtime (crt0 + libc, and libsel4 for
// --target sel4; libsel4 + libmicrokit for --target microkit, a Microkit
// protection domain) that C programs are built against. Sources come from the
// embedded string table (files.gen.ts) and the ABI-generated seL4 headers, so
// this works without a file system (Node and the browser worker). The library
// is compiled by our own compiler and assembler once per target and cached.
// Toolchain layer. Docs: docs/sysroot.md.
import type { Diagnostic } from '../../shared/diagnostic.ts';
import { assemble } from '../asm/assemble.ts';
import type { Runtime } from '../build.ts';
import { compile } from '../cc/index.ts';
import type { ObjectFile } from '../elf/object.ts';
import { SYSROOT_FILES } from './files.gen.ts';
import { sel4Headers, sel4LibrarySources } from './sel4gen.ts';

export type Target = 'linux' | 'sel4' | 'microkit';
export const TARGETS: readonly Target[] = ['linux', 'sel4', 'microkit'];

/** Targets whose programs run on the seL4 kernel model (libsel4, the debug console). */
const onSel4 = (t: Target): boolean => t !== 'linux';

/** libc members shared by both targets (files/libc/). */
const LIBC = ['string.c', 'ctype.c', 'errno.c', 'printf.c', 'stdio.c', 'malloc.c', 'stdlib.c', 'exit.c', 'assert.c'];

/** Macros every program built for a target sees (like gcc's target macros). */
export function targetDefines(target: Target): Record<string, string> {
  // A PD's libc heap is 64 KiB (Microkit PDs rarely allocate; 4 MiB would be 1,024 pages per PD).
  if (target === 'microkit') return { __CAPLAB_SEL4__: '1', __CAPLAB_MICROKIT__: '1', CONFIG_ARCH_AARCH64: '1', CAPLAB_HEAP_SIZE: '65536' };
  return target === 'sel4' ? { __CAPLAB_SEL4__: '1', CONFIG_ARCH_AARCH64: '1' } : { __CAPLAB_LINUX__: '1' };
}

let headerCache: Partial<Record<Target, Record<string, string>>> = {};

/** Include name -> text, for the compiler's `sysroot` option. */
export function sysrootHeaders(target: Target): Record<string, string> {
  const hit = headerCache[target];
  if (hit) return hit;
  const h: Record<string, string> = {};
  for (const [path, text] of Object.entries(SYSROOT_FILES)) {
    if (path.startsWith('include/')) h[path.slice('include/'.length)] = text;
  }
  if (onSel4(target)) Object.assign(h, sel4Headers());
  if (target === 'microkit') h['microkit.h'] = SYSROOT_FILES['microkit/microkit.h'];
  headerCache = { ...headerCache, [target]: h };
  return h;
}

/** Library sources of a target: [name, text], the startup file first. */
export function librarySources(target: Target): Array<[string, string]> {
  const src = (p: string): [string, string] => [`<sysroot>/${p}`, SYSROOT_FILES[p]];
  const libc = LIBC.map((f) => src(`libc/${f}`));
  if (target === 'microkit') return [src('microkit/crt0.s'), src('sel4/sys.c'), src('microkit/microkit.c'), ...libc, ...sel4LibrarySources()];
  const own = [src(`${target}/crt0.s`), src(`${target}/sys.c`)];
  return target === 'sel4' ? [...own, ...libc, ...sel4LibrarySources()] : [...own, ...libc];
}

/** Library members are weak so a program's own strlen or malloc replaces libc's. */
function weakenGlobals(asm: string): string {
  return asm.replace(/^\t\.globl /gm, '\t.weak ');
}

function internalFiles(): Record<string, string> {
  const m: Record<string, string> = {};
  for (const [p, t] of Object.entries(SYSROOT_FILES)) m[`<sysroot>/${p}`] = t;
  return m;
}

/** Compiles one library member with our compiler + assembler. */
function buildMember(target: Target, name: string, text: string, diags: Diagnostic[]): ObjectFile | undefined {
  let asm = text;
  if (name.endsWith('.c')) {
    const c = compile({ name, text }, { sysroot: { ...internalFiles(), ...sysrootHeaders(target) }, defines: targetDefines(target) });
    diags.push(...c.diagnostics.filter((d) => d.severity === 'error'));
    if (!c.asm) return undefined;
    asm = weakenGlobals(c.asm);
  }
  const a = assemble(name, asm);
  diags.push(...a.diagnostics.filter((d) => d.severity === 'error'));
  return a.object;
}

const runtimeCache: Partial<Record<Target, Runtime>> = {};

/** crt0 (always linked) and the library (linked with archive semantics), compiled once. */
export function sysrootRuntime(target: Target): Runtime {
  const hit = runtimeCache[target];
  if (hit) return hit;
  const diagnostics: Diagnostic[] = [];
  const objs: ObjectFile[] = [];
  for (const [name, text] of librarySources(target)) {
    const o = buildMember(target, name, text, diagnostics);
    if (o) objs.push(o);
  }
  for (const d of diagnostics) d.message = `sysroot (${target}): ${d.message}`;
  const rt: Runtime = { start: objs.slice(0, 1), libraries: [objs.slice(1)], diagnostics };
  runtimeCache[target] = rt;
  return rt;
}

// Builds the program image of every protection domain from a scenario's files,
// as `make` builds each PD's ELF before Microkit's tool runs: program_image
// "client.elf" is built from client.c (and client.s, if there is one) with
// --target microkit (libsel4 + libmicrokit + libc); every .h file is visible to
// every PD. Kernel layer (system loader; uses the toolchain as boot.ts uses its
// ELF reader). Convention documented in docs/microkit.md "Program images".
import type { Diagnostic } from '../../shared/diagnostic.ts';
import { buildC } from '../../toolchain/ccdriver.ts';
import { SYSROOT_FILES } from '../../toolchain/sysroot/files.gen.ts';
import type { SystemDesc } from './sdf.ts';

export interface SourceFile { name: string; text: string }

export type BuiltImages =
  | { ok: true; images: Map<string, Uint8Array>; diagnostics: Diagnostic[] }
  | { ok: false; problem: string; diagnostics: Diagnostic[] };

/** "build/client.elf" -> "client" (the stem its sources are named after). */
export function imageStem(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.endsWith('.elf') ? base.slice(0, -4) : base;
}

/** The files a program image is built from: <stem>.c, <stem>.s, and all headers. */
export function sourcesOf(path: string, files: readonly SourceFile[]): SourceFile[] {
  const stem = imageStem(path);
  return files.filter((f) => f.name === `${stem}.c` || f.name === `${stem}.s` || f.name.endsWith('.h'));
}

export function buildImages(sys: SystemDesc, files: readonly SourceFile[]): BuiltImages {
  const images = new Map<string, Uint8Array>();
  const diagnostics: Diagnostic[] = [];
  for (const pd of sys.pds) {
    if (images.has(pd.programImage)) continue;
    const stem = imageStem(pd.programImage);
    const src = sourcesOf(pd.programImage, files);
    if (!src.some((f) => f.name === `${stem}.c` || f.name === `${stem}.s`)) {
      return { ok: false, problem: `protection domain "${pd.name}" (line ${pd.line}): program_image "${pd.programImage}" is built from ${stem}.c, which the scenario does not have`, diagnostics };
    }
    const built = buildC(src.map((f) => ({ name: f.name, text: f.text })), { target: 'microkit' });
    diagnostics.push(...built.diagnostics);
    if (!built.ok || !built.elf) {
      const errors = built.diagnostics.filter((d) => d.severity === 'error').slice(0, 3);
      const text = errors.map((d) => `${d.file ?? stem}:${d.line}:${d.column}: ${d.message}`).join('; ');
      return { ok: false, problem: `${pd.programImage} (protection domain "${pd.name}") does not build: ${text || 'link failed'}`, diagnostics };
    }
    images.set(pd.programImage, built.elf);
  }
  return { ok: true, images, diagnostics };
}

let monitorCache: Uint8Array | null = null;

/** The monitor (sysroot files/microkit/monitor.c, a --target sel4 program), built once. */
export function monitorImage(): Uint8Array {
  if (monitorCache) return monitorCache;
  const built = buildC([{ name: 'monitor.c', text: SYSROOT_FILES['microkit/monitor.c'] }], { target: 'sel4' });
  if (!built.ok || !built.elf) throw new Error(`the Microkit monitor does not build: ${built.diagnostics.map((d) => d.message).join('; ')}`);
  monitorCache = built.elf;
  return monitorCache;
}

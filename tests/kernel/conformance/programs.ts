// Builds one kernel conformance program (NAME.c + conf_asm.s, framework.h
// through #include "...") with the lab's compiler for --target sel4.
// Shared by build-all.ts and harness.ts. Test tooling; docs/conformance.md.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildC } from '../../../src/toolchain/ccdriver.ts';
import type { BuildResult } from '../../../src/toolchain/build.ts';

export const CONFORMANCE_DIR = dirname(fileURLToPath(import.meta.url));

/** The programs, one per sel4test behaviour group (reference section 4), plus irq (reference 2.15). */
export const CONFORMANCE_PROGRAMS = ['syscall', 'cnode', 'untyped', 'ipc', 'notification', 'fault', 'tcb', 'sched', 'vspace', 'irq'] as const;

function readLocal(path: string): string | undefined {
  try {
    return readFileSync(path.startsWith('/') ? path : join(CONFORMANCE_DIR, path), 'utf8');
  } catch {
    return undefined;
  }
}

export function buildConformance(name: string): BuildResult {
  const c = join(CONFORMANCE_DIR, `${name}.c`);
  return buildConformanceSource(c, readFileSync(c, 'utf8'));
}

/** Builds C text that includes "framework.h" (as if it lived in this folder) with conf_asm.s. */
export function buildConformanceSource(name: string, text: string): BuildResult {
  const s = join(CONFORMANCE_DIR, 'conf_asm.s');
  return buildC(
    [{ name, text }, { name: s, text: readFileSync(s, 'utf8') }],
    { target: 'sel4', includeDirs: [CONFORMANCE_DIR], readFile: readLocal },
  );
}

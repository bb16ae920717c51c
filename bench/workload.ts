// Builds the benchmark workloads with the cross gcc (the same flags as the C
// differential tests at -O2) into a temporary directory. Bench helper.
import { join, resolve } from 'node:path';
import { cFlags, FIXTURES_C, tempDir } from '../tests/diff/build.ts';
import { requireTools, runTool } from '../tests/diff/tools.ts';

const WORKLOADS = resolve(import.meta.dirname, 'workloads');

export interface BuiltWorkload {
  path: string;
  remove(): void;
}

/** Compiles bench/workloads/NAME.c at -O2 -mgeneral-regs-only, static, freestanding. */
export function buildWorkload(name: string): BuiltWorkload {
  requireTools('gcc', 'qemu');
  const dir = tempDir('bench');
  const path = join(dir.path, name);
  runTool('gcc', [...cFlags('O2'), '-o', path, join(FIXTURES_C, 'rt/start.S'), join(FIXTURES_C, 'rt/rt.c'), join(WORKLOADS, `${name}.c`), '-lgcc']);
  return { path, remove: dir.remove };
}

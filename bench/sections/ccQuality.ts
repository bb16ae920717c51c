// Figure group "ccQuality": how good the lab's C compiler's code is. The machine
// benchmark's workload (bench/workloads/intmix.c with its freestanding runtime) is
// built by our compiler and by gcc at -O0 and -O2; each runs on our machine and the
// retired instruction counts are compared (the target: ours within 2x of
// gcc -O0). All three must print the same checksum.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildC } from '../../src/toolchain/ccdriver.ts';
import { formatDiagnostic } from '../../src/shared/diagnostic.ts';
import { buildC as gccBuild, FIXTURES_C, tempDir } from '../../tests/diff/build.ts';
import { runOurs } from '../../tests/diff/ours.ts';
import { requireTools } from '../../tests/diff/tools.ts';

const ROUNDS = '8';
const WORKLOAD = resolve(import.meta.dirname, '../workloads/intmix.c');

function ourBuild(): Uint8Array {
  const file = (p: string) => ({ name: p, text: readFileSync(p, 'utf8') });
  const r = buildC([file(join(FIXTURES_C, 'rt/start.S')), file(join(FIXTURES_C, 'rt/rt.c')), file(WORKLOAD)], {
    target: 'none',
    readFile: (p) => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } },
  });
  if (!r.ok || !r.elf) throw new Error(`our build of intmix failed:\n${r.diagnostics.map(formatDiagnostic).join('\n')}`);
  return r.elf;
}

export async function ccQuality(): Promise<Record<string, unknown>> {
  requireTools('gcc');
  const dir = tempDir('ccq');
  try {
    const gcc = (opt: 'O0' | 'O2') => runOurs(readFileSync(gccBuild(dir.path, '../../../bench/workloads/intmix', opt)), ['intmix', ROUNDS]);
    const ours = runOurs(ourBuild(), ['intmix', ROUNDS]);
    const o0 = gcc('O0');
    const o2 = gcc('O2');
    if (ours.stdout !== o0.stdout || ours.stdout !== o2.stdout) throw new Error(`outputs differ: ours ${ours.stdout} gcc -O0 ${o0.stdout} gcc -O2 ${o2.stdout}`);
    return {
      workload: `bench/workloads/intmix.c, ${ROUNDS} rounds`,
      oursInstructions: ours.instructions,
      gccO0Instructions: o0.instructions,
      gccO2Instructions: o2.instructions,
      oursOverGccO0: Math.round((ours.instructions / o0.instructions) * 100) / 100,
      oursOverGccO2: Math.round((ours.instructions / o2.instructions) * 100) / 100,
      outputsMatch: true,
    };
  } finally {
    dir.remove();
  }
}

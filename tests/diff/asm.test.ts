// Differential test of the CPU against qemu-aarch64: seeded random programs
// (every flag-setting form followed by flag readers, every load/store
// addressing form, ALU forms, forward branches, loops, calls) assembled with GNU
// as/ld, run under qemu-aarch64-static and under our machine in-process, with
// x0-x30, NZCV and the data buffer dumped after each case compared exactly.
// Set CAPLAB_DIFF_SEED to reproduce or vary a run (default: fixed seeds).
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { generateProgram, LINES_PER_CASE, type Profile } from './asmgen/program.ts';
import { explainMismatch } from './asmgen/compare.ts';
import { buildAsm, runQemu, tempDir } from './build.ts';
import { runOurs } from './ours.ts';
import { oraclesOptedOut, requireTools } from './tools.ts';

const BASE_SEED = Number(process.env.CAPLAB_DIFF_SEED ?? 20240601);
const PROGRAMS_PER_PROFILE = 12;
const CASES_PER_PROGRAM = 32;
/** Few enough items that most results survive to the dump (see operands.ts dst). */
const ITEMS_PER_CASE = 16;
const PROFILES: Profile[] = ['flags', 'memory', 'mixed', 'branches'];

describe.skipIf(oraclesOptedOut)('CPU vs qemu-aarch64: generated programs', () => {
  const dir = tempDir('asmdiff');
  afterAll(() => dir.remove());

  for (const [pi, profile] of PROFILES.entries()) {
    for (let k = 0; k < PROGRAMS_PER_PROFILE; k++) {
      const seed = BASE_SEED + pi * 1000 + k;
      it(`${profile} program, seed ${seed} (${CASES_PER_PROGRAM} cases)`, () => {
        requireTools('as', 'ld', 'qemu');
        const prog = generateProgram({ seed, cases: CASES_PER_PROGRAM, items: ITEMS_PER_CASE, profile });
        const exe = buildAsm(dir.path, `${profile}-${seed}`, prog.source);
        const qemu = runQemu(exe);
        expect(qemu.status, `qemu failed: ${qemu.stderr}`).toBe(0);
        expect(qemu.stdout.split('\n').length - 1).toBe(CASES_PER_PROGRAM * LINES_PER_CASE);
        const ours = runOurs(readFileSync(exe), [exe]);
        expect(ours.report ?? '', 'our machine stopped the program').toBe('');
        if (ours.stdout !== qemu.stdout) expect.fail(explainMismatch(qemu.stdout, ours.stdout, prog.caseBodies));
        expect(ours.status).toBe(0);
      });
    }
  }
});

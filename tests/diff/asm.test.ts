// Differential test of the CPU against qemu-aarch64: seeded random programs
// (every flag-setting form followed by flag readers, every load/store
// addressing form, ALU forms, forward branches, loops, calls) assembled with GNU
// as/ld, run under qemu-aarch64-static and under our machine in-process, with
// x0-x30, NZCV and the data buffer dumped after each case compared exactly.
// Set CAPLAB_DIFF_SEED to reproduce or vary a run (default: fixed seeds).
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { generateProgram, LINES_PER_CASE, type Profile } from './asmgen/program.ts';
import { buildAsm, runQemu, tempDir } from './build.ts';
import { runOurs } from './ours.ts';
import { oraclesOptedOut, requireTools } from './tools.ts';

const BASE_SEED = Number(process.env.CAPLAB_DIFF_SEED ?? 20240601);
const PROGRAMS_PER_PROFILE = 12;
const CASES_PER_PROGRAM = 32;
/** Few enough items that most results survive to the dump (see operands.ts dst). */
const ITEMS_PER_CASE = 16;
const PROFILES: Profile[] = ['flags', 'memory', 'mixed', 'branches'];

const REG_NAMES = [...Array.from({ length: 31 }, (_, i) => `x${i}`), 'nzcv'];

function lineName(i: number): string {
  if (i === 0) return 'case marker';
  if (i <= 32) return REG_NAMES[i - 1];
  return `buf+${(i - 33) * 8}`;
}

/** Names the first differing case and its registers/buffer words, with the case's source. */
function explainMismatch(qemu: string, ours: string, bodies: string[]): string {
  const q = qemu.split('\n');
  const o = ours.split('\n');
  const n = Math.max(q.length, o.length);
  for (let i = 0; i < n; i++) {
    if (q[i] === o[i]) continue;
    const c = Math.floor(i / LINES_PER_CASE);
    const start = c * LINES_PER_CASE;
    const diffs: string[] = [];
    for (let j = start; j < start + LINES_PER_CASE; j++) {
      if (q[j] !== o[j]) diffs.push(`  ${lineName(j - start).padEnd(10)} qemu ${q[j] ?? '(missing)'}  ours ${o[j] ?? '(missing)'}`);
    }
    return `case ${c} differs:\n${diffs.slice(0, 12).join('\n')}\n--- case ${c} body ---\n${bodies[c] ?? '(no body)'}`;
  }
  return 'outputs differ only in length';
}

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

// Differential test on C programs: each fixture in tests/fixtures/c, built by
// aarch64-linux-gnu-gcc at -O0 and -O2 (static, freestanding, general registers
// only), must print the same stdout and stderr and exit with the same status
// under qemu-aarch64-static and under `caplab run --linux` (run in-process).
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { FIXTURES_C, buildC, runQemu, tempDir, type COpt } from './build.ts';
import { oraclesOptedOut, requireTools } from './tools.ts';
import { caplab } from '../cli/capture.ts';

const FIXTURES = readdirSync(FIXTURES_C).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2)).sort();
const OPTS: COpt[] = ['O0', 'O2'];

describe.skipIf(oraclesOptedOut)('C programs: qemu-aarch64 vs caplab run --linux', () => {
  const dir = tempDir('cdiff');
  afterAll(() => dir.remove());

  it('has fixtures to run', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(10);
  });

  // Programs Linux kills: same output before the fault and the same 128 + signal
  // status; the messages differ (qemu's "uncaught target signal" vs our report).
  const FAULTS: Array<[string, number, RegExp]> = [
    ['faults/nullstore', 139, /data abort: translation fault at level \d writing 0x0 \(pc 0x[0-9a-f]+: str /],
    ['faults/trap', 133, /breakpoint: brk #0x3e8/],
  ];
  for (const [fixture, status, report] of FAULTS) {
    it(`${fixture}.c -O2 is killed with status ${status}`, async () => {
      requireTools('gcc', 'qemu');
      const exe = buildC(dir.path, fixture, 'O2');
      const qemu = runQemu(exe);
      const ours = await caplab(['run', '--linux', exe]);
      expect(qemu.status).toBe(status);
      expect(ours.status, `caplab stderr: ${ours.stderr}`).toBe(status);
      expect(ours.stdout).toBe(qemu.stdout);
      expect(ours.stderr).toMatch(report);
    });
  }

  for (const fixture of FIXTURES) {
    for (const opt of OPTS) {
      it(`${fixture}.c -${opt}`, async () => {
        requireTools('gcc', 'qemu');
        const exe = buildC(dir.path, fixture, opt);
        const qemu = runQemu(exe, ['one', 'two']);
        const ours = await caplab(['run', '--linux', exe, '--', 'one', 'two']);
        expect(qemu.stdout.length, 'qemu printed nothing').toBeGreaterThan(0);
        expect(ours.stdout, `caplab stderr: ${ours.stderr}`).toBe(qemu.stdout);
        expect(ours.stderr).toBe(qemu.stderr);
        expect(ours.status).toBe(qemu.status);
      });
    }
  }
});

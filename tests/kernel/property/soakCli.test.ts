// `caplab soak` in-process: a small run prints the summary (ops, ops/s, op kinds,
// errors by seL4 error code, faults by kind) and exits 0; help and bad options.
import { describe, expect, it } from 'vitest';
import { caplab } from '../../cli/capture.ts';

describe('caplab soak', () => {
  it('runs a small number of ops and prints the summary', async () => {
    const r = await caplab(['soak', '--ops', '900', '--seed', '7']);
    expect(r.stderr).toContain('caplab soak: 900 ops, seed 7');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ops: 900 in 3 runs \(\d+ worlds booted\), [\d.]+ s, \d+ ops\/s$/m);
    for (const title of ['op kinds:', 'errors by seL4 error code:', 'faults by kind (and device interrupts):', 'worlds ended by:']) expect(r.stdout).toContain(title);
    expect(r.stdout).toMatch(/^\s+\d+ {2}UntypedRetype$/m);
    expect(r.stdout).toMatch(/^\s+\d+ {2}InvalidCapability$/m);
    expect(r.stdout).toMatch(/^\s+\d+ {2}CapFault$/m);
    expect(r.stdout).toContain('no invariant broke');
  }, 120_000);

  it('the same seed gives the same run', async () => {
    const a = await caplab(['soak', '--ops', '300', '--seed', '11']);
    const b = await caplab(['soak', '--ops', '300', '--seed', '11']);
    const strip = (s: string) => s.replace(/^ops: .*$/m, '');
    expect(strip(a.stdout)).toBe(strip(b.stdout));
  }, 120_000);

  it('has help and refuses bad options', async () => {
    const h = await caplab(['help', 'soak']);
    expect(h.stdout).toContain('usage: caplab soak [--ops N] [--seed S]');
    const bad = await caplab(['soak', '--ops', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--ops and --run-length must be at least 1');
  });
});

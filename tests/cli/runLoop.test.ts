// The CLI's sliced run loop on a fake machine: it stops exactly at
// --max-instructions, passes stop reasons through, yields between slices so a
// pause request from another task gets in, and keeps slices near sliceMs.
import { describe, expect, it } from 'vitest';
import { RunLoop, type SlicedMachine } from '../../src/cli/runLoop.ts';
import type { StopReason } from '../../src/emulator/types.ts';

/** Retires instructions at a fixed rate of virtual milliseconds; halts after `total`. */
class FakeMachine implements SlicedMachine {
  instret = 0;
  budgets: number[] = [];
  constructor(private readonly total: number, private readonly clock: { t: number }, private readonly perMs = 1000) {}
  run(budget: number): StopReason {
    this.budgets.push(budget);
    const n = Math.min(budget, this.total - this.instret);
    this.instret += n;
    this.clock.t += n / this.perMs;
    return this.instret >= this.total ? { kind: 'halted', exitCode: 3 } : { kind: 'budget' };
  }
}

describe('RunLoop', () => {
  it('runs to the halt and reports instructions and time', async () => {
    const clock = { t: 0 };
    const m = new FakeMachine(5_000_000, clock);
    const r = await new RunLoop(m, { now: () => clock.t, sliceMs: 10 }).run();
    expect(r.stop).toEqual({ kind: 'halted', exitCode: 3 });
    expect(r.instructions).toBe(5_000_000);
    expect(r.seconds).toBeCloseTo(5, 5);
  });

  it('stops exactly at maxInstructions', async () => {
    const clock = { t: 0 };
    const m = new FakeMachine(1e9, clock);
    const r = await new RunLoop(m, { now: () => clock.t, maxInstructions: 123_457 }).run();
    expect(r.stop).toEqual({ kind: 'limit' });
    expect(m.instret).toBe(123_457);
  });

  it('sizes slices from the measured speed to about sliceMs', async () => {
    const clock = { t: 0 };
    const m = new FakeMachine(50_000_000, clock, 20_000);
    const r = await new RunLoop(m, { now: () => clock.t, sliceMs: 10 }).run();
    expect(m.budgets.at(-2)).toBe(200_000);
    expect(r.maxSliceMs).toBeLessThanOrEqual(10.0001);
  });

  it('a pause request from another task stops it between slices', async () => {
    const clock = { t: 0 };
    const m = new FakeMachine(1e12, clock);
    const loop = new RunLoop(m, { now: () => clock.t });
    setTimeout(() => loop.requestPause(), 20);
    const r = await loop.run();
    expect(r.stop).toEqual({ kind: 'paused' });
    expect(r.slices).toBeGreaterThan(1);
  });
});

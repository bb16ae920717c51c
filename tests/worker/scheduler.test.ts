// The slice budget: it follows the measured speed so a slice lasts about sliceMs,
// grows at most 4x per slice, and stays within its bounds.

import { describe, expect, it } from 'vitest';
import { MAX_BUDGET, MIN_BUDGET, SliceBudget } from '../../src/worker/scheduler.ts';

describe('slice budget', () => {
  it('starts small and grows at most fourfold per slice toward sliceMs worth', () => {
    const b = new SliceBudget(10);
    expect(b.current).toBe(MIN_BUDGET);
    const seen: number[] = [];
    for (let i = 0; i < 12; i++) {
      // A machine doing 50 million instructions per second.
      b.record(b.current, b.current / 50_000, true);
      seen.push(b.current);
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeLessThanOrEqual(seen[i - 1] * 4);
    // 10 ms at 50 MIPS; approached from below, as the smoothed speed catches up.
    expect(seen.at(-1)).toBeGreaterThan(480_000);
    expect(seen.at(-1)).toBeLessThanOrEqual(500_000);
    expect(b.mips).toBeGreaterThan(45);
    expect(b.mips).toBeLessThanOrEqual(50);
  });

  it('shrinks when the machine slows down and keeps its bounds', () => {
    const b = new SliceBudget(10);
    for (let i = 0; i < 20; i++) b.record(b.current, b.current / 1e9, true);
    expect(b.current).toBe(MAX_BUDGET);
    b.record(b.current, 1000, true);
    expect(b.current).toBeLessThanOrEqual(Math.round(MAX_BUDGET / 100));
    for (let i = 0; i < 20; i++) b.record(b.current, 1e6, true);
    expect(b.current).toBe(MIN_BUDGET);
  });

  it('does not resize on a slice that stopped early', () => {
    const b = new SliceBudget(10);
    b.record(10, 0.001, false);
    expect(b.current).toBe(MIN_BUDGET);
    expect(b.mips).toBeGreaterThan(0);
  });
});

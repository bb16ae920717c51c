import { describe, it, expect } from 'vitest';
import { runAsm, X } from './harness.ts';

describe('smoke', () => {
  it('runs a loop and halts on svc', () => {
    const t = runAsm(`
      mov x0, #0
      mov x1, #10
    1: add x0, x0, x1
      subs x1, x1, #1
      b.ne 1b
      mov x2, x0
      mov x0, #7
      svc #0
    `);
    expect(t.m.halted).toEqual({ exitCode: 7 });
    expect(X(t, 2)).toBe(55n);
    expect(t.m.instret).toBe(2 + 30 + 3);
  });
});

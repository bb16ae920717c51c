// The checklist's marks: pending until the program has run since its build or reset,
// then pass/fail from the worker's verdicts; rows without a verdict stay pending.
import { describe, expect, it } from 'vitest';
import { checkMarks, currentChecks } from './exerciseChecks.ts';
import { findBuiltin } from '../../scenarios/builtins.ts';

const ok = { ok: true, wants: 'w', detail: 'd' };
const bad = { ok: false, wants: 'w', detail: 'd' };

describe('exercise checklist marks', () => {
  it('is pending before a run and follows the verdicts after', () => {
    expect(checkMarks(null, 2, 'running')).toEqual(['pending', 'pending']);
    expect(checkMarks([ok, bad], 2, 'ready')).toEqual(['pending', 'pending']);
    expect(checkMarks([ok, bad], 2, 'idle')).toEqual(['pending', 'pending']);
    expect(checkMarks([ok, bad], 2, 'running')).toEqual(['pass', 'fail']);
    expect(checkMarks([ok], 2, 'halted')).toEqual(['pass', 'pending']);
  });

  it('takes the checks of the step shown, clamped to the steps', () => {
    const scenario = findBuiltin('hello-c')!;
    expect(currentChecks({ scenario, step: 1 })).toEqual(scenario.exercise.steps[1].checks);
    expect(currentChecks({ scenario, step: 9 })).toEqual(scenario.exercise.steps[1].checks);
  });
});

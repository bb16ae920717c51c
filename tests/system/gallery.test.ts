// The Microkit gallery scenario ("microkit-hello") headless, as CI grades it:
// a valid scenario; its reference solution passes every check; the starter runs
// (step 1 passes) but fails the steps the student has to do.
import { describe, expect, it } from 'vitest';
import { microkitHello } from '../../src/scenarios/gallery/microkit.ts';
import { describeError, validateScenario } from '../../src/scenarios/format.ts';
import { mergeFiles, runScenario } from '../../src/cli/scenarioRun.ts';
import { parseSystem } from '../../src/kernel/system/sdf.ts';

const { scenario, solution } = microkitHello;
const failures = (r: ReturnType<typeof runScenario>) => r.steps.flatMap((s) => s.checks.filter((c) => !c.ok).map((c) => `${s.title}: ${c.wants}: ${c.detail}`));

describe('gallery: microkit-hello', () => {
  it('is a valid system-mode scenario with a valid description', () => {
    const v = validateScenario(JSON.parse(JSON.stringify(scenario)));
    expect(v.ok ? [] : v.errors.map(describeError)).toEqual([]);
    expect(parseSystem(scenario.system!).ok).toBe(true);
  });

  it('the reference solution passes every check', () => {
    const r = runScenario(scenario, mergeFiles(scenario.files, solution));
    expect(r.problem).toBeNull();
    expect(failures(r)).toEqual([]);
    expect(r.facts.serial).toContain('client: 12 squared is 144\n');
  });

  it('the starter runs, passes step 1 and fails the steps left to the student', () => {
    const r = runScenario(scenario);
    expect(r.problem).toBeNull();
    expect(r.steps[0].checks.every((c) => c.ok)).toBe(true);
    expect(r.steps[1].checks.some((c) => !c.ok)).toBe(true);
    expect(r.steps[2].checks.some((c) => !c.ok)).toBe(true);
  });

  it('a system that does not parse fails every check with the reason', () => {
    const r = runScenario({ ...scenario, system: scenario.system!.replace('priority="200"', 'priority="300"') });
    expect(r.problem).toBe('the system description is not valid: line 6: <protection_domain> attribute priority: 300 is out of range (at most 254)');
    expect(r.failed).toBe(r.steps.flatMap((s) => s.checks).length);
  });
});

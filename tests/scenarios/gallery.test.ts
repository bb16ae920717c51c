// The gallery (src/scenarios/gallery/) headless, as CI grades it: every scenario
// is valid and registered as a built-in; its starter builds and fails at least
// one check; its reference solution passes every check, and the seL4 tutorials'
// (root-task) solutions end by themselves far inside the default instruction
// budget. (microkit-hello has its own tests too: tests/system/gallery.test.ts.)
import { describe, expect, it } from 'vitest';
import { GALLERY } from '../../src/scenarios/gallery/index.ts';
import { builtinInput, builtinSolution, findBuiltin } from '../../src/scenarios/builtins.ts';
import { describeError, validateScenario } from '../../src/scenarios/format.ts';
import { DEFAULT_MAX_INSTRUCTIONS, mergeFiles, runScenario, type ScenarioRun } from '../../src/cli/scenarioRun.ts';
import { caplab } from '../cli/capture.ts';

const failures = (r: ScenarioRun) => r.steps.flatMap((s) => s.checks.filter((c) => !c.ok).map((c) => `${s.title}: ${c.wants}: ${c.detail}`));

/** A reference solution must finish in this many instructions (the default budget is 200,000,000). */
const REFERENCE_BUDGET = 2_000_000;
/** Starters that wait for ever (interrupts without a handler) are cut off here; they fail either way. */
const STARTER_BUDGET = 5_000_000;

describe('the seL4 tutorial gallery', () => {
  it('lists the seL4 tutorials (root-task mode) in the official order, each a built-in with its reference solution', () => {
    expect(GALLERY.filter((g) => g.scenario.mode === 'root-task').map((g) => g.scenario.id)).toEqual([
      'sel4-hello-world', 'sel4-capabilities', 'sel4-untyped', 'sel4-mapping', 'sel4-threads',
      'sel4-ipc', 'sel4-notifications', 'sel4-interrupts', 'sel4-fault-handlers',
    ]);
    for (const g of GALLERY) {
      expect(findBuiltin(g.scenario.id)).toBe(g.scenario);
      expect(builtinSolution(g.scenario.id)).toBe(g.solution);
      expect(builtinInput(g.scenario.id)).toBe(g.input);
    }
  });
});

describe.each(GALLERY.map((g) => [g.scenario.id, g] as const))('%s', (_id, g) => {
  const { scenario, solution, input } = g;

  it('is a valid scenario with 1-4 steps, each with hints and checks, and a solution that fills every TODO', () => {
    const v = validateScenario(JSON.parse(JSON.stringify(scenario)));
    expect(v.ok ? [] : v.errors.map(describeError)).toEqual([]);
    expect(scenario.exercise.steps.length).toBeGreaterThanOrEqual(1);
    expect(scenario.exercise.steps.length).toBeLessThanOrEqual(4);
    for (const s of scenario.exercise.steps) {
      expect(s.hints.length).toBeGreaterThan(0);
      expect(s.checks.length).toBeGreaterThan(0);
    }
    const starterNames = scenario.files.map((f) => f.name);
    for (const f of solution) {
      expect(starterNames).toContain(f.name);
      expect(scenario.files.find((x) => x.name === f.name)!.readOnly).toBeFalsy();
      expect(f.text).not.toBe(scenario.files.find((x) => x.name === f.name)!.text);
      expect(f.text).not.toContain('TODO');
    }
    expect(scenario.files.some((f) => f.text.includes('TODO'))).toBe(true);
  });

  it('the reference solution passes every check and ends by itself', () => {
    const r = runScenario(scenario, mergeFiles(scenario.files, solution), { input });
    expect(r.problem).toBeNull();
    expect(failures(r)).toEqual([]);
    expect(r.facts.eventsLost).toBe(0);
    if (scenario.mode !== 'root-task') return;
    expect(r.facts.end).toEqual({ kind: 'exited', status: 0 });
    expect(r.facts.instructions).toBeLessThan(REFERENCE_BUDGET);
    expect(REFERENCE_BUDGET).toBeLessThan(DEFAULT_MAX_INSTRUCTIONS / 10);
  }, 60_000);

  it('the starter builds and runs but fails at least one check', () => {
    const r = runScenario(scenario, scenario.files, { input, maxInstructions: STARTER_BUDGET });
    expect(r.problem).toBeNull();
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.failed).toBeGreaterThan(0);
  }, 60_000);
});

describe('sel4-interrupts without typing', () => {
  it('gets no interrupt, so the echo checks fail: the input is what drives the driver', () => {
    const g = GALLERY.find((x) => x.scenario.id === 'sel4-interrupts')!;
    const r = runScenario(g.scenario, mergeFiles(g.scenario.files, g.solution), { maxInstructions: STARTER_BUDGET });
    expect(r.facts.count('irq:33')).toBe(0);
    expect(r.failed).toBeGreaterThan(0);
  }, 60_000);
});

describe('caplab grade --reference', () => {
  it('grades a tutorial\'s reference solution, typing the built-in\'s input for the interrupts driver', async () => {
    const r = await caplab(['grade', 'sel4-interrupts', '--reference']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('== reference: 5 passed, 0 failed');
  }, 60_000);

  it('refuses a built-in without a reference solution, and a second source of files', async () => {
    const r = await caplab(['grade', 'hello-c', '--reference']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('hello-c has no reference solution');
    const both = await caplab(['grade', 'sel4-ipc', '--reference', '--solution', '.']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('give one of --solution DIR, --submissions DIR and --reference');
  });
});

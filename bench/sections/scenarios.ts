// Figure group "scenarios": grading a class headless and the length of share links.
// Grades 30 submissions of the IPC tutorial (20 reference solutions, 5 untouched
// starters, 5 that do not compile) the way `caplab grade --submissions` does, in one
// process, and times it (target: under 60 s); then the share-link length of every
// built-in after a typical edit (the student's finished solution) and after a
// one-line edit. Run alone: `npm run bench -- scenarios`.
import { performance } from 'node:perf_hooks';
import { mergeFiles, runScenario } from '../../src/cli/scenarioRun.ts';
import { BUILTINS, builtinInput, builtinSolution, builtinStarter } from '../../src/scenarios/builtins.ts';
import { encodeShare } from '../../src/scenarios/codec.ts';
import type { Scenario, ScenarioFile } from '../../src/scenarios/format.ts';

const CLASS = 30;

function submissionsOf(s: Scenario): ScenarioFile[][] {
  const solution = builtinSolution(s.id) ?? [];
  const broken = s.files.filter((f) => f.name.endsWith('.c')).slice(0, 1).map((f) => ({ name: f.name, text: f.text.replace(/;\s*\n/, '\n') }));
  return Array.from({ length: CLASS }, (_, i) => (i < 20 ? [...solution] : i < 25 ? [] : broken));
}

function gradeClass(): Record<string, unknown> {
  const s = BUILTINS.find((b) => b.id === 'sel4-ipc');
  if (!s) throw new Error('the sel4-ipc built-in is missing');
  const input = builtinInput(s.id);
  const t0 = performance.now();
  let passedAll = 0, instructions = 0;
  for (const sub of submissionsOf(s)) {
    const run = runScenario(s, mergeFiles(s.files, sub), { input });
    if (run.failed === 0) passedAll++;
    instructions += run.facts.instructions;
  }
  const seconds = (performance.now() - t0) / 1000;
  return { scenario: s.id, submissions: CLASS, passedEveryCheck: passedAll, seconds: Math.round(seconds * 100) / 100, perSubmissionMs: Math.round((seconds * 1000) / CLASS), instructions, targetSeconds: 60 };
}

async function linkLength(s: Scenario, files: readonly ScenarioFile[]): Promise<number> {
  const hash = await encodeShare({ scenarioId: s.id, files: [...files], step: 0 }, builtinStarter);
  return hash.length;
}

async function shareLengths(): Promise<Record<string, unknown>> {
  const out: Record<string, { finished: number; oneLineEdit: number }> = {};
  for (const s of BUILTINS) {
    const finished = mergeFiles(s.files, builtinSolution(s.id) ?? []);
    const first = s.files[0];
    const edited = s.files.map((f) => (f === first ? { ...f, text: `${f.text}\n// my note: it works\n` } : f));
    out[s.id] = { finished: await linkLength(s, finished), oneLineEdit: await linkLength(s, edited) };
  }
  return { hashCharacters: out, target: 2000 };
}

export async function scenarioFigures(): Promise<Record<string, unknown>> {
  return { grading: gradeClass(), shareLinks: await shareLengths() };
}

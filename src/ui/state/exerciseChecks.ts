// The exercise checklist's link to the machine: whenever the scenario or its step
// changes (and once the machine has said hello) the current step's checks go to
// the worker (setChecks, numbered); the worker evaluates them as the program runs
// and answers checkResults, kept in the store only when they answer the latest
// setChecks. UI layer; the verdicts come from src/scenarios/checks.ts in the worker.

import type { Check } from '../../scenarios/format.ts';
import type { CheckOutcome, LabRequest } from '../../shared/protocol.ts';
import { useLab, type LabStore } from './store.ts';

let lastId = 0;

/** The checks of the step the Exercise tab shows (its index clamped to the steps). */
export function currentChecks(s: Pick<LabStore, 'scenario' | 'step'>): Check[] {
  const steps = s.scenario.exercise.steps;
  return steps.length === 0 ? [] : steps[Math.min(Math.max(0, s.step), steps.length - 1)].checks;
}

/** Sends the current step's checks now (new id; the old results are dropped). */
export function sendChecks(send: (req: LabRequest) => void): void {
  lastId += 1;
  useLab.setState({ checksId: lastId, checkResults: null });
  send({ type: 'setChecks', id: lastId, checks: currentChecks(useLab.getState()) });
}

/** Keeps the worker's checks in step with the page: returns the unsubscribe function. */
export function watchExerciseChecks(send: (req: LabRequest) => void): () => void {
  return useLab.subscribe((s, prev) => {
    const moved = s.scenario !== prev.scenario || s.step !== prev.step;
    const greeted = s.connected && !prev.connected;
    if (s.connected && (moved || greeted)) sendChecks(send);
  });
}

/** A checkResults event: stored when it answers the latest setChecks. */
export function acceptCheckResults(id: number, results: CheckOutcome[], patch: Partial<LabStore>): void {
  if (id === useLab.getState().checksId) patch.checkResults = results;
}

/** What a checklist row shows: pending until the program has run since its last build or reset. */
export type CheckMark = 'pass' | 'fail' | 'pending';

export function checkMarks(results: readonly CheckOutcome[] | null, count: number, runState: LabStore['runState']): CheckMark[] {
  const notRun = runState === 'idle' || runState === 'ready';
  return Array.from({ length: count }, (_, i) => {
    const r = results?.[i];
    if (!r || notRun) return 'pending';
    return r.ok ? 'pass' : 'fail';
  });
}

// The exercise step's checks on the worker's side: the host hands them the target's
// RunFacts (serial text, kernel records counted, instructions, how the run ended,
// a kernel snapshot when a check needs one) and sends a checkResults event when the
// verdicts change, at most ~4 times a second while running, and always at a stop
// and right after setChecks. Evaluated here, so the page never decodes kernel
// records for them. Worker layer, no DOM. docs/scenarios.md "Checks".

import { describeCheck, evaluateCheck, RunFacts, type CheckResult } from '../scenarios/checks.ts';
import type { Check } from '../scenarios/format.ts';
import type { LabEvent } from '../shared/protocol.ts';
import type { LabTarget } from './target.ts';

/** Least time between two evaluations while running (ms). */
export const CHECK_INTERVAL_MS = 250;
/** Least time between two kernel snapshots taken for checks while running (ms). */
export const CHECK_SNAPSHOT_INTERVAL_MS = 500;

/** When the host asks: during a run, at a stop, or right after new checks arrived. */
export type CheckMoment = 'running' | 'stop' | 'set';

const readsKernelState = (c: Check) => c.kind === 'holdsCap' || c.kind === 'threadState';

export class CheckRunner {
  private checks: Check[] = [];
  private id = 0;
  private needsSnapshot = false;
  private last: CheckResult[] | null = null;
  private lastEvalAt = -Infinity;
  private lastSnapshotAt = -Infinity;

  constructor(private readonly now: () => number) {}

  set(id: number, checks: Check[]): void {
    this.id = id;
    this.checks = [...checks];
    this.needsSnapshot = checks.some(readsKernelState);
    this.last = null;
    this.lastEvalAt = -Infinity;
    this.lastSnapshotAt = -Infinity;
  }

  /** The checkResults event to send now, or null (nothing to check, too soon, or unchanged while running). */
  evaluate(target: LabTarget, moment: CheckMoment): LabEvent | null {
    if (this.checks.length === 0 && moment !== 'set') return null;
    const t = this.now();
    if (moment === 'running' && t - this.lastEvalAt < CHECK_INTERVAL_MS) return null;
    this.lastEvalAt = t;
    const snapshot = this.needsSnapshot && (moment !== 'running' || t - this.lastSnapshotAt >= CHECK_SNAPSHOT_INTERVAL_MS);
    if (snapshot) this.lastSnapshotAt = t;
    const facts = (target.loaded ? target.runFacts?.({ snapshot }) : null) ?? emptyFacts(target);
    const results = this.checks.map((c) => verdict(c, facts));
    if (moment === 'running' && this.last !== null && same(this.last, results)) return null;
    this.last = results;
    return { type: 'checkResults', id: this.id, results };
  }
}

/** Facts of a machine that keeps none (nothing loaded, or a target without a kernel). */
function emptyFacts(target: LabTarget): RunFacts {
  const f = new RunFacts();
  f.instructions = target.loaded ? target.instret() : 0;
  return f;
}

function verdict(c: Check, facts: RunFacts): CheckResult {
  try {
    return evaluateCheck(c, facts);
  } catch (e) {
    // A check the scenario validator let through but cannot be evaluated (a bad pattern).
    return { ok: false, wants: describeCheck(c), detail: `cannot evaluate this check: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function same(a: readonly CheckResult[], b: readonly CheckResult[]): boolean {
  return a.length === b.length && a.every((r, i) => r.ok === b[i].ok && r.detail === b[i].detail);
}

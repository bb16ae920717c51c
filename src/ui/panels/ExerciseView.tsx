// The Exercise tab: the scenario's instructions and the current step (its
// instructions and hints, shown on request), with Previous/Next, and the step's
// checklist: each check's sentence (describeCheck) ticked live by the worker's
// verdicts (exerciseChecks.ts), pending until the program has run, with what
// happened for a failing one; a system-mode scenario says what the debugger cannot
// do there. All text is rendered through the safe Markdown renderer or as plain
// text. UI layer.

import { useState } from 'react';
import { describeCheck } from '../../scenarios/checks.ts';
import type { Check } from '../../scenarios/format.ts';
import type { CheckOutcome } from '../../shared/protocol.ts';
import { checkMarks, type CheckMark } from '../state/exerciseChecks.ts';
import { useLab } from '../state/store.ts';
import { Markdown } from './Markdown.tsx';

const SYMBOL: Record<CheckMark, string> = { pass: '✓', fail: '✗', pending: '○' };
const WORD: Record<CheckMark, string> = { pass: 'passes', fail: 'fails', pending: 'not run yet' };

function CheckList({ checks }: { checks: Check[] }) {
  const results = useLab((s) => s.checkResults);
  const runState = useLab((s) => s.runState);
  const marks = checkMarks(results, checks.length, runState);
  const allPass = checks.length > 0 && marks.every((m) => m === 'pass');
  const failing = marks.filter((m) => m === 'fail').length;
  const summary = allPass
    ? 'All checks pass — go on to the next step'
    : marks.every((m) => m === 'pending')
      ? 'Run the program to check this step'
      : `${failing} of ${checks.length} check${checks.length === 1 ? '' : 's'} not passing yet`;
  return (
    <div className="checklist" data-testid="checklist">
      <ul aria-label="Checks of this step">
        {checks.map((c, i) => (
          <CheckRow key={i} wants={results?.[i]?.wants ?? describeCheck(c)} mark={marks[i]} result={results?.[i]} />
        ))}
      </ul>
      <p className={`checklist-summary${allPass ? ' done' : ''}`} role="status" data-testid="checklist-summary">{summary}</p>
    </div>
  );
}

function CheckRow({ wants, mark, result }: { wants: string; mark: CheckMark; result: CheckOutcome | undefined }) {
  const detail = mark === 'fail' && result ? result.detail : '';
  return (
    <li className={`check check-${mark}`} aria-label={`${WORD[mark]}: ${wants}${detail ? ` (${detail})` : ''}`} data-mark={mark}>
      <span className="check-mark" aria-hidden="true">{SYMBOL[mark]}</span>
      <span className="check-text">
        {wants}
        {detail ? <span className="check-detail">{detail}</span> : null}
      </span>
    </li>
  );
}

/** System mode: every protection domain's image is loaded at the same addresses,
 *  so the debugger cannot tell whose source line an address is. */
function SystemNote() {
  return (
    <p className="system-note" role="note" data-testid="system-note">
      System mode: Run builds every protection domain from the system description (the system.system tab,
      which you can edit) and boots them with the monitor. Source lines, line breakpoints and Step line /
      over / out follow the protection domain on the CPU (its thread has the PD&apos;s name), and the editor
      shows its file.
    </p>
  );
}

export function ExerciseView() {
  const scenario = useLab((s) => s.scenario);
  const stepIndex = useLab((s) => s.step);
  const [hintsShown, setHintsShown] = useState(0);
  const steps = scenario.exercise.steps;
  const step = steps[Math.min(stepIndex, steps.length - 1)];
  const go = (to: number) => {
    useLab.setState({ step: to });
    setHintsShown(0);
  };
  return (
    <div className="exercise" data-testid="exercise">
      {scenario.mode === 'system' ? <SystemNote /> : null}
      <Markdown source={scenario.exercise.instructions} />
      {step ? (
        <section className="exercise-step" aria-label="Step">
          <h3>Step {Math.min(stepIndex, steps.length - 1) + 1} of {steps.length}: {step.title}</h3>
          <Markdown source={step.instructions} />
          {step.hints.slice(0, hintsShown).map((h, i) => <Markdown key={i} className="markdown hint" source={h} />)}
          {step.checks.length ? <CheckList checks={step.checks} /> : null}
          <div className="exercise-nav">
            <button type="button" disabled={stepIndex <= 0} onClick={() => go(stepIndex - 1)}>Previous</button>
            <button type="button" disabled={hintsShown >= step.hints.length} onClick={() => setHintsShown(hintsShown + 1)}>Hint</button>
            <button type="button" disabled={stepIndex >= steps.length - 1} onClick={() => go(stepIndex + 1)}>Next</button>
          </div>
        </section>
      ) : null}
    </div>
  );
}

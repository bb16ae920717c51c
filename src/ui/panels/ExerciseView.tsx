// The Exercise tab: the scenario's instructions and the current step (its
// instructions and hints, shown on request), with Previous/Next. All text is
// rendered through the safe Markdown renderer. UI layer. Checks are evaluated
// once the kernel model is in; for now the step lists what will be checked.

import { useState } from 'react';
import type { Check } from '../../scenarios/format.ts';
import { useLab } from '../state/store.ts';
import { Markdown } from './Markdown.tsx';

function describeCheck(c: Check): string {
  switch (c.kind) {
    case 'serialContains': return `the console shows "${c.text}"`;
    case 'serialMatches': return `the console matches /${c.pattern}/${c.flags ?? ''}`;
    case 'holdsCap': return `${c.thread} holds a ${c.capType} capability${c.slot !== undefined ? ` in slot ${c.slot}` : ''}`;
    case 'threadState': return `${c.thread} is ${c.state}`;
    case 'count': return `count of ${c.what}${c.min !== undefined ? ` ≥ ${c.min}` : ''}${c.max !== undefined ? ` ≤ ${c.max}` : ''}`;
    case 'ipcBetween': return `${c.from} sends to ${c.to}${c.min !== undefined ? ` at least ${c.min} times` : ''}`;
    case 'instructionBudget': return `at most ${c.max.toLocaleString('en')} instructions`;
  }
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
      <Markdown source={scenario.exercise.instructions} />
      {step ? (
        <section className="exercise-step" aria-label="Step">
          <h3>Step {Math.min(stepIndex, steps.length - 1) + 1} of {steps.length}: {step.title}</h3>
          <Markdown source={step.instructions} />
          {step.hints.slice(0, hintsShown).map((h, i) => <Markdown key={i} className="markdown hint" source={h} />)}
          {step.checks.length ? (
            <p className="muted">Checked (when the kernel model arrives): {step.checks.map(describeCheck).join('; ')}.</p>
          ) : null}
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

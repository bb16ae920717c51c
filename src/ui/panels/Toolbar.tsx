// Toolbar: one button per registered command (commands.ts), enabled from the store,
// labelled for screen readers with the command's label and shortcut, and the
// Example menu built from the commands registered for it, and the speed choice
// (flat out, or a rate of instructions per second to watch the machine slowly). UI layer.

import type { ChangeEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { commands, describeShortcut, findCommand } from '../commands/commands.ts';
import { setSpeed } from '../state/actions.ts';
import { useLab, type LabStore } from '../state/store.ts';
import { SPEEDS } from '../state/viewSlice.ts';

const toolbarCommands = commands.filter((c) => c.toolbar);
const exampleCommands = commands.filter((c) => c.menu === 'example');
const selectEnabled = (s: LabStore) => toolbarCommands.map((c) => c.enabled(s));

export function Toolbar() {
  const enabled = useLab(useShallow(selectEnabled));
  return (
    <div className="toolbar" role="toolbar" aria-label="Machine controls">
      <h1 className="brand">CapLab</h1>
      {toolbarCommands.map((c, i) => {
        const keys = c.shortcuts.map(describeShortcut);
        return (
          <button
            key={c.name}
            type="button"
            className={`cmd cmd-${c.name}`}
            disabled={!enabled[i]}
            onClick={() => c.run()}
            title={keys.length ? `${c.help} (${keys.join(', ')})` : c.help}
            aria-label={c.label}
            aria-keyshortcuts={keys.length ? keys.join(' ') : undefined}
            data-command={c.name}
          >
            {c.label}
            {keys.length ? <kbd>{keys[0]}</kbd> : null}
          </button>
        );
      })}
      <SpeedMenu />
      <ExampleMenu />
    </div>
  );
}

function ExampleMenu() {
  const pick = (e: ChangeEvent<HTMLSelectElement>) => {
    findCommand(e.target.value)?.run();
    e.target.value = '';
  };
  return (
    <select className="cmd example-menu" aria-label="Example" value="" onChange={pick} title="Replace the project with an example">
      <option value="" disabled>Example…</option>
      {exampleCommands.map((c) => <option key={c.name} value={c.name} title={c.help}>{c.label}</option>)}
    </select>
  );
}

/** "Flat out" or "1,000 instr/s". */
export function speedLabel(rate: number): string {
  return rate === 0 ? 'Flat out' : `${rate.toLocaleString('en-GB')} instr/s`;
}

function SpeedMenu() {
  const speed = useLab((s) => s.speed);
  const pick = (e: ChangeEvent<HTMLSelectElement>) => setSpeed(Number(e.target.value));
  return (
    <select
      className="cmd example-menu speed-menu"
      aria-label="Speed"
      value={String(speed)}
      onChange={pick}
      title="How fast the machine runs: flat out, or a number of instructions per second to watch it step by step (the registers follow it)"
      data-testid="speed"
    >
      {SPEEDS.map((r) => <option key={r} value={String(r)}>{speedLabel(r)}</option>)}
    </select>
  );
}

// Commands are data: every toolbar button and keyboard shortcut is one registered
// object { name, label, help, shortcut, enabled, run }. The toolbar renders this
// list, the shortcut handler and the e2e tests look commands up in it. UI layer.

import * as actions from '../state/actions.ts';
import type { LabStore } from '../state/store.ts';

export interface Shortcut {
  /** KeyboardEvent.key, e.g. 'F5' or 'b'. */
  key: string;
  ctrl?: boolean;
  shift?: boolean;
  alt?: boolean;
}

export interface Command {
  name: string;
  label: string;
  help: string;
  /** The first is shown in the toolbar's tooltip. */
  shortcuts: Shortcut[];
  /** Shown in the toolbar. */
  toolbar: boolean;
  enabled: (s: LabStore) => boolean;
  run: () => void;
}

const stopped = (s: LabStore) => s.runState === 'paused' || s.runState === 'ready';

export const commands: readonly Command[] = [
  {
    name: 'build', label: 'Build', help: 'Assemble and link the program, and load it ready to run',
    shortcuts: [{ key: 'b', ctrl: true }], toolbar: true,
    enabled: (s) => s.connected && !s.building,
    run: () => void actions.build(),
  },
  {
    name: 'continue', label: 'Continue', help: 'Resume running from where the program stopped',
    shortcuts: [{ key: 'F5' }, { key: 'F8' }], toolbar: true,
    enabled: (s) => s.connected && s.runState === 'paused',
    run: actions.continueRun,
  },
  {
    name: 'run', label: 'Run', help: 'Build if the source changed, then run from the start',
    shortcuts: [{ key: 'F5' }], toolbar: true,
    enabled: (s) => s.connected && !s.building && s.runState !== 'running',
    run: () => void actions.runFromStart(),
  },
  {
    name: 'pause', label: 'Pause', help: 'Stop the running program where it is',
    shortcuts: [{ key: 'F6' }], toolbar: true,
    enabled: (s) => s.runState === 'running',
    run: actions.pause,
  },
  {
    name: 'step', label: 'Step', help: 'Execute one instruction (into calls)',
    shortcuts: [{ key: 'F11' }], toolbar: true,
    enabled: stopped,
    run: () => actions.step(1),
  },
  {
    name: 'stepOver', label: 'Step over', help: 'Execute one instruction; a call (bl, blr) runs until it returns',
    shortcuts: [{ key: 'F10' }], toolbar: true,
    enabled: stopped,
    run: actions.stepOver,
  },
  {
    name: 'reset', label: 'Reset', help: 'Reload the program and go back to its first instruction',
    shortcuts: [{ key: 'F5', ctrl: true, shift: true }], toolbar: true,
    enabled: (s) => s.connected && s.runState !== 'idle',
    run: actions.reset,
  },
  {
    name: 'example', label: 'Example', help: 'Replace the program with the example (Ctrl+Z in the editor brings yours back)',
    shortcuts: [], toolbar: true,
    enabled: () => true,
    run: actions.loadExample,
  },
  {
    name: 'theme', label: 'Theme', help: 'Switch between the light and the dark theme',
    shortcuts: [], toolbar: true,
    enabled: () => true,
    run: actions.toggleTheme,
  },
];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}

export function matchesShortcut(sc: Shortcut, e: KeyboardEvent): boolean {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  return key === sc.key && !!sc.ctrl === (e.ctrlKey || e.metaKey) && !!sc.shift === e.shiftKey && !!sc.alt === e.altKey;
}

/** The first enabled command bound to this key press (Continue before Run for F5). */
export function commandForKey(e: KeyboardEvent, s: LabStore): Command | undefined {
  return commands.find((c) => c.shortcuts.some((sc) => matchesShortcut(sc, e)) && c.enabled(s));
}

export function describeShortcut(sc: Shortcut): string {
  return [sc.ctrl && 'Ctrl', sc.shift && 'Shift', sc.alt && 'Alt', sc.key.length === 1 ? sc.key.toUpperCase() : sc.key]
    .filter(Boolean)
    .join('+');
}

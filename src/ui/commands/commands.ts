// Commands are data: every toolbar button and keyboard shortcut is one registered
// object { name, label, help, shortcut, enabled, run }. The toolbar renders this
// list (buttons, and the Example menu), the shortcut handler and the e2e tests look
// commands up in it. UI layer.

import { EXAMPLES } from '../editor/examples.ts';
import { resetLayout } from '../layout/layout.ts';
import * as actions from '../state/actions.ts';
import { toggleLinuxPanel } from '../panels/linux/linuxActions.ts';
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
  /** Shown in the toolbar as a button. */
  toolbar: boolean;
  /** Shown as an entry of this toolbar menu instead. */
  menu?: 'example';
  enabled: (s: LabStore) => boolean;
  run: () => void;
}

const stopped = (s: LabStore) => s.runState === 'paused' || s.runState === 'ready';

export const commands: readonly Command[] = [
  {
    name: 'build', label: 'Build', help: 'Compile (C, --target sel4; --target linux in a Linux scenario) and assemble every file, link, and load the program ready to run',
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
    name: 'run', label: 'Run', help: 'Build if a file changed, then run from the start (if it does not compile, nothing runs: you can run the last good build)',
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
    name: 'stepLine', label: 'Step line', help: 'Run to the next source line, entering calls into your own files (library calls run through)',
    shortcuts: [{ key: 'F11' }], toolbar: true,
    enabled: stopped,
    run: actions.stepLine,
  },
  {
    name: 'stepOver', label: 'Step over', help: 'Run to the next source line; calls run until they return',
    shortcuts: [{ key: 'F10' }], toolbar: true,
    enabled: stopped,
    run: actions.stepOver,
  },
  {
    name: 'stepOut', label: 'Step out', help: 'Run until the current function returns to its caller',
    shortcuts: [{ key: 'F11', shift: true }], toolbar: true,
    enabled: stopped,
    run: actions.stepOut,
  },
  {
    name: 'step', label: 'Step instr', help: 'Execute one machine instruction (into calls)',
    shortcuts: [{ key: 'F7' }], toolbar: true,
    enabled: stopped,
    run: () => actions.step(1),
  },
  {
    name: 'stepOverInstruction', label: 'Over instr', help: 'Execute one machine instruction; a call (bl, blr) runs until it returns',
    shortcuts: [{ key: 'F7', shift: true }], toolbar: true,
    enabled: stopped,
    run: actions.stepOverInstruction,
  },
  {
    name: 'reset', label: 'Reset', help: 'Reload the program and go back to its first instruction',
    shortcuts: [{ key: 'F5', ctrl: true, shift: true }], toolbar: true,
    enabled: (s) => s.connected && s.runState !== 'idle',
    run: actions.reset,
  },
  ...EXAMPLES.map((ex): Command => ({
    name: `example:${ex.id}`, label: ex.label,
    help: `Replace the project with the example "${ex.label}" (${ex.files.map((f) => f.name).join(', ')})`,
    shortcuts: [], toolbar: false, menu: 'example',
    enabled: () => true,
    run: () => actions.loadExample(ex.id),
  })),
  {
    name: 'resetLayout', label: 'Reset layout', help: 'Give the editor, inspector, registers and console their original sizes (the splitters\' sizes are kept across reloads until then)',
    shortcuts: [], toolbar: true,
    enabled: () => true,
    run: resetLayout,
  },
  {
    name: 'linux', label: 'Linux', help: 'Show or hide the Linux panel: run a Linux program (or an uploaded static binary) under the linux-compat component in four ways and compare their cost',
    shortcuts: [], toolbar: true,
    enabled: () => true,
    run: toggleLinuxPanel,
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

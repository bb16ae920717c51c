// A small window.caplab object for end-to-end tests and for poking at the lab from
// the browser console: the store, the commands, the terminal text, the editor,
// Monaco's marker list, and loading a project. UI layer; it exposes, it never
// drives the UI by itself.

import { commands, findCommand } from '../commands/commands.ts';
import { loadProject, openFile } from '../state/files.ts';
import { readLiveStats } from '../state/liveStats.ts';
import { useLab } from '../state/store.ts';
import { outputText } from '../state/terminalSink.ts';

const hooks: Record<string, unknown> = {};

export function registerTestHook(name: string, value: unknown): () => void {
  hooks[name] = value;
  return () => {
    if (hooks[name] === value) delete hooks[name];
  };
}

export function installTestHooks(): void {
  (window as unknown as { caplab: unknown }).caplab = {
    hooks,
    store: useLab,
    commands: commands.map((c) => c.name),
    runCommand(name: string): boolean {
      const c = findCommand(name);
      if (!c || !c.enabled(useLab.getState())) return false;
      c.run();
      return true;
    },
    outputText,
    loadProject,
    openFile,
    liveStats: readLiveStats,
  };
}

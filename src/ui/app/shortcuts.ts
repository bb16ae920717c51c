// Global keyboard shortcuts: a key press runs the first enabled registered command
// bound to it (commands.ts). Installed once, in the capture phase so the editor does
// not swallow F-keys. UI layer.

import { commandForKey } from '../commands/commands.ts';
import { useLab } from '../state/store.ts';

export function installShortcuts(target: Window = window): () => void {
  const onKey = (e: KeyboardEvent) => {
    const command = commandForKey(e, useLab.getState());
    if (!command) return;
    e.preventDefault();
    e.stopPropagation();
    // Holding the Step key keeps stepping; holding anything else acts once.
    if (e.repeat && !command.name.startsWith('step')) return;
    command.run();
  };
  target.addEventListener('keydown', onKey, true);
  return () => target.removeEventListener('keydown', onKey, true);
}

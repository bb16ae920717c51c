// Keeps the program across page reloads in the browser's localStorage (nothing
// leaves the browser). UI layer. Storage may be unavailable (private mode, tests):
// then the lab simply starts from the example.

import { EXAMPLE_PROGRAM } from '../editor/exampleProgram.ts';
import { useLab } from './store.ts';

const KEY = 'caplab.source.v1';
const THEME_KEY = 'caplab.theme';
const DELAY_MS = 400;

export function savedSource(): string | null {
  return read(KEY);
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage full or disabled: nothing is kept.
  }
}

/** Restores the saved program and theme (if any) and saves every change, the program
 *  a little after typing stops. */
export function installPersistence(): () => void {
  const saved = savedSource();
  if (saved !== null && saved !== useLab.getState().source) useLab.getState().setSource(saved);
  if (read(THEME_KEY) === 'dark') useLab.setState({ theme: 'dark' });
  let timer: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = useLab.subscribe((s, prev) => {
    if (s.theme !== prev.theme) write(THEME_KEY, s.theme);
    if (s.source === prev.source) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => save(s.source), DELAY_MS);
  });
  return () => {
    if (timer) clearTimeout(timer);
    unsubscribe();
  };
}

function save(source: string): void {
  try {
    if (source === EXAMPLE_PROGRAM) window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, source);
  } catch {
    // Storage full or disabled: the program just is not kept.
  }
}

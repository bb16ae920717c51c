// Keeps the project (all its files, and which one is open) across page reloads in
// the browser's localStorage (nothing leaves the browser). UI layer. Storage may be
// unavailable (private mode, tests): then the lab simply starts from the starter
// example. A program saved by the one-file lab of issue 2 opens as hello.s.

import type { SourceFile } from '../../shared/protocol.ts';
import { STARTER } from '../editor/examples.ts';
import { sameFiles } from './selectors.ts';
import { loadProject } from './files.ts';
import { useLab } from './store.ts';

export const FILES_KEY = 'caplab.files.v1';
const OLD_KEY = 'caplab.source.v1';
const THEME_KEY = 'caplab.theme';
const DELAY_MS = 400;

interface Saved {
  files: SourceFile[];
  active: string;
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage full or disabled: nothing is kept.
  }
}

function isFile(f: unknown): f is SourceFile {
  return typeof f === 'object' && f !== null && typeof (f as SourceFile).name === 'string' && typeof (f as SourceFile).text === 'string';
}

/** The saved project, or null (nothing saved, or unreadable). */
export function savedProject(): Saved | null {
  const raw = read(FILES_KEY);
  if (raw !== null) {
    try {
      const v = JSON.parse(raw) as Partial<Saved>;
      if (Array.isArray(v.files) && v.files.length > 0 && v.files.every(isFile)) return { files: v.files, active: String(v.active ?? '') };
    } catch {
      return null;
    }
  }
  const old = read(OLD_KEY);
  return old === null ? null : { files: [{ name: 'hello.s', text: old }], active: 'hello.s' };
}

/** Restores the saved project and theme (if any) and saves every change, the files
 *  a little after typing stops. */
export function installPersistence(): () => void {
  const saved = savedProject();
  if (saved) loadProject(saved.files, saved.active);
  if (read(THEME_KEY) === 'dark') useLab.setState({ theme: 'dark' });
  let timer: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = useLab.subscribe((s, prev) => {
    if (s.theme !== prev.theme) write(THEME_KEY, s.theme);
    if (s.files === prev.files && s.fileName === prev.fileName) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => save(), DELAY_MS);
  });
  return () => {
    if (timer) clearTimeout(timer);
    unsubscribe();
  };
}

function save(): void {
  const { files, fileName } = useLab.getState();
  // The untouched starter is not stored, so a later starter reaches this browser too.
  const value = sameFiles(files, STARTER.files) ? null : JSON.stringify({ files, active: fileName });
  write(FILES_KEY, value);
  write(OLD_KEY, null);
}

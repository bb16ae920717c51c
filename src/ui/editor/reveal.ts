// Revealing a source line in the program editor from anywhere on the page (the
// Syscalls view's rows): the editor registers how, callers ask by file and line.
// A file that is not one of the project's (a library's) is not opened. UI layer.

import { useLab } from '../state/store.ts';

type Revealer = (file: string, line: number) => void;

let revealer: Revealer | null = null;

/** The editor says how it reveals a line; the returned function withdraws it. */
export function setSourceRevealer(r: Revealer): () => void {
  revealer = r;
  return () => {
    if (revealer === r) revealer = null;
  };
}

/** Whether `file` is one of the project's files (the editor can show it). */
export function isProjectFile(file: string): boolean {
  return useLab.getState().files.some((f) => f.name === file);
}

/** Opens `file` in the editor with the cursor on `line`, scrolled into view (focus stays
 *  where it is). False when the file is not the project's or no editor is there. */
export function revealSource(file: string, line: number): boolean {
  if (!revealer || !isProjectFile(file)) return false;
  revealer(file, line);
  return true;
}

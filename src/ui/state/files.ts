// Project file actions: open, add, rename, delete, edit, and load a whole project
// (an example, or what persistence restored). UI layer. Names are checked here and
// the reason for a refusal is returned as a string, for the tab bar to show.
// The system description of a system-mode scenario opens and edits like a file under
// the name SYSTEM_FILE_NAME, but is kept apart (`system`): it cannot be renamed or
// deleted, and it is never compiled.

import { SYSTEM_FILE_NAME, type SourceFile, type SourceLine } from '../../shared/protocol.ts';
import { findBuiltin } from '../../scenarios/builtins.ts';
import { EXAMPLES } from '../editor/examples.ts';
import { useLab, type LabStore } from './store.ts';

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.(c|h|s|S)$/;

/** Why `name` cannot be a new file name (null when it can). */
export function fileNameProblem(name: string, except?: string): string | null {
  if (!NAME.test(name)) return 'a file name ends in .c, .h or .s and has no spaces or slashes';
  if (useLab.getState().files.some((f) => f.name === name && f.name !== except)) return `there is already a file called ${name}`;
  return null;
}

/** Text of the active file changed (the editor calls this on every edit). */
export function setSource(text: string): void {
  if (useLab.getState().fileName === SYSTEM_FILE_NAME) return setSystem(text);
  useLab.setState((s) => ({
    source: text,
    files: s.files.map((f) => (f.name === s.fileName ? { name: f.name, text } : f)),
    runBlocked: null,
  }));
}

/** The system description as edited (system mode only). */
export function setSystem(text: string): void {
  const s = useLab.getState();
  if (s.system === null || s.system === text) return;
  useLab.setState({ system: text, ...(s.fileName === SYSTEM_FILE_NAME ? { source: text } : {}), runBlocked: null });
}

/** The files and, in system mode, the description, as the editor's tabs show them. */
export function editorFiles(files: readonly SourceFile[], system: string | null): SourceFile[] {
  return system === null ? [...files] : [...files, { name: SYSTEM_FILE_NAME, text: system }];
}

export function openFile(name: string): void {
  const s = useLab.getState();
  if (name === SYSTEM_FILE_NAME && s.system !== null) return useLab.setState({ fileName: name, source: s.system });
  const f = s.files.find((x) => x.name === name);
  if (f) useLab.setState({ fileName: f.name, source: f.text });
}

export function addFile(name: string): string | null {
  const problem = fileNameProblem(name);
  if (problem) return problem;
  const text = name.endsWith('.h') ? `// ${name}\n#pragma once\n` : name.endsWith('.c') ? `// ${name}\n` : `// ${name}\n        .text\n`;
  useLab.setState((s) => ({ files: [...s.files, { name, text }], fileName: name, source: text }));
  return null;
}

export function renameFile(from: string, to: string): string | null {
  if (from === to) return null;
  const problem = fileNameProblem(to, from);
  if (problem) return problem;
  useLab.setState((s) => ({
    files: s.files.map((f) => (f.name === from ? { name: to, text: f.text } : f)),
    fileName: s.fileName === from ? to : s.fileName,
    lineBreakpoints: s.lineBreakpoints.map((b) => (b.file === from ? { file: to, line: b.line } : b)),
  }));
  return null;
}

export function deleteFile(name: string): string | null {
  const s = useLab.getState();
  if (s.files.length <= 1) return 'a project keeps at least one file';
  const files = s.files.filter((f) => f.name !== name);
  const active = s.fileName === name ? files[Math.max(0, s.files.findIndex((f) => f.name === name) - 1)] : null;
  useLab.setState({
    files,
    ...(active ? { fileName: active.name, source: active.text } : {}),
    lineBreakpoints: s.lineBreakpoints.filter((b) => b.file !== name),
  });
  return null;
}

/** Replaces the whole project (and the system description: null for a root task);
 *  breakpoints of files that are gone go too. */
export function loadProject(files: SourceFile[], active?: string, system: string | null = null): void {
  if (files.length === 0) return;
  const open = editorFiles(files, system).find((f) => f.name === active) ?? files[0];
  const names = new Set(files.map((f) => f.name));
  useLab.setState((s: LabStore) => ({
    files: files.map((f) => ({ ...f })),
    system,
    fileName: open.name,
    source: open.text,
    runBlocked: null,
    lineBreakpoints: s.lineBreakpoints.filter((b: SourceLine) => names.has(b.file)),
  }));
}

export function loadExample(id: string): void {
  const ex = EXAMPLES.find((e) => e.id === id);
  const scenario = findBuiltin(id);
  if (!ex || !scenario) return;
  loadProject(ex.files, undefined, scenario.mode === 'system' ? scenario.system ?? null : null);
  useLab.setState({ scenarioId: ex.id, scenario, step: 0 });
}

/** Text of one file changed in the editor (its model may not be the open one). */
export function setFileText(name: string, text: string): void {
  if (name === SYSTEM_FILE_NAME) return setSystem(text);
  const s = useLab.getState();
  const f = s.files.find((x) => x.name === name);
  if (!f || f.text === text) return;
  useLab.setState({
    files: s.files.map((x) => (x.name === name ? { name, text } : x)),
    ...(s.fileName === name ? { source: text } : {}),
    runBlocked: null,
  });
}

// Lab actions: everything the page can ask of the machine, as plain functions outside
// components (commands, the editor and the views call these). UI layer.

import { EXAMPLE_PROGRAM } from '../editor/exampleProgram.ts';
import { clearOutput } from './terminalSink.ts';
import { useLab } from './store.ts';
import { selectDirty } from './selectors.ts';
import { MEMORY_BYTES, sendBuild, sendRequest } from './labClient.ts';

export function setSource(text: string): void {
  useLab.getState().setSource(text);
}

/** Puts the example program back in the editor (undoable there). */
export function loadExample(): void {
  setSource(EXAMPLE_PROGRAM);
}

export async function build(): Promise<boolean> {
  // Line breakpoints moved by edits since the last build take their new lines now.
  syncBreakpoints();
  const s = useLab.getState();
  return sendBuild(s.source, s.fileName);
}

/** Run from the start: rebuild if the source changed, restart if already begun. */
export async function runFromStart(): Promise<void> {
  const s = useLab.getState();
  if (selectDirty(s) || s.runState === 'idle') {
    if (!(await build())) return;
  } else if (s.runState !== 'ready') {
    sendRequest({ type: 'reset' });
  }
  clearOutput();
  sendRequest({ type: 'run' });
}

export function continueRun(): void {
  sendRequest({ type: 'run' });
}

export function pause(): void {
  sendRequest({ type: 'pause' });
}

export function step(count = 1): void {
  sendRequest({ type: 'step', count });
}

export function stepOver(): void {
  sendRequest({ type: 'step', over: true });
}

export function reset(): void {
  clearOutput();
  sendRequest({ type: 'reset' });
}

export function toggleLineBreakpoint(line: number): void {
  const lines = useLab.getState().lineBreakpoints;
  const next = lines.includes(line) ? lines.filter((l) => l !== line) : [...lines, line].sort((a, b) => a - b);
  useLab.setState({ lineBreakpoints: next });
  syncBreakpoints();
}

export function toggleAddressBreakpoint(addr: bigint): void {
  const s = useLab.getState();
  const entry = s.lines.find((l) => l.addr === addr && l.file === s.fileName);
  if (entry && s.lineBreakpoints.includes(entry.line)) {
    toggleLineBreakpoint(entry.line);
    return;
  }
  const addrs = s.addressBreakpoints;
  const next = addrs.includes(addr) ? addrs.filter((a) => a !== addr) : [...addrs, addr];
  useLab.setState({ addressBreakpoints: next });
  syncBreakpoints();
}

/** Called when editing moves lines around: the breakpoints follow their lines in the
 *  editor. The machine keeps the old ones until the next build, because the program
 *  it runs is still the one built from the old lines. */
export function moveLineBreakpoints(lines: number[]): void {
  const current = useLab.getState().lineBreakpoints;
  const next = [...new Set(lines)].sort((a, b) => a - b);
  if (next.length === current.length && next.every((l, i) => l === current[i])) return;
  useLab.setState({ lineBreakpoints: next });
  if (!selectDirty(useLab.getState())) syncBreakpoints();
}

export function syncBreakpoints(): void {
  const s = useLab.getState();
  sendRequest({
    type: 'setBreakpoints',
    addresses: s.addressBreakpoints,
    lines: s.lineBreakpoints.map((line) => ({ file: s.fileName, line })),
  });
}

export function sendInput(text: string): void {
  sendRequest({ type: 'input', bytes: new TextEncoder().encode(text) });
}

export function toggleTheme(): void {
  useLab.setState((s) => ({ theme: s.theme === 'light' ? 'dark' : 'light' }));
}

/** Points the memory view at an address and reads it (and again after every stop). */
export function viewMemory(address: bigint): void {
  useLab.setState({ memoryAddress: address });
  sendRequest({ type: 'readMemory', address, length: MEMORY_BYTES });
}

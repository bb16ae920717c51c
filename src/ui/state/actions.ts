// Lab actions: everything the page can ask of the machine, as plain functions outside
// components (commands, the editor and the views call these). UI layer. File edits
// live in files.ts and are re-exported here.

import { formatDiagnostic } from '../../shared/diagnostic.ts';
import type { SourceLine } from '../../shared/protocol.ts';
import { clearOutput } from './terminalSink.ts';
import { useLab } from './store.ts';
import { selectDirty } from './selectors.ts';
import { MEMORY_BYTES, refreshThreads, sendBuild, sendRequest } from './labClient.ts';

export { addFile, deleteFile, loadExample, loadProject, openFile, renameFile, setFileText, setSource } from './files.ts';

export async function build(): Promise<boolean> {
  // Line breakpoints moved by edits since the last build take their new lines now.
  syncBreakpoints();
  useLab.setState({ runBlocked: null });
  return sendBuild(useLab.getState().files);
}

/** Run from the start: rebuild if a file changed, restart if already begun. When the
 *  files do not compile, nothing runs: the page says why and offers the last good
 *  build (which the machine still holds). */
export async function runFromStart(): Promise<void> {
  const s = useLab.getState();
  if (selectDirty(s) || s.runState === 'idle') {
    if (!(await build())) return blockRun();
  } else if (s.runState !== 'ready') {
    sendRequest({ type: 'reset' });
  }
  clearOutput();
  sendRequest({ type: 'run' });
}

function blockRun(): void {
  const s = useLab.getState();
  const errors = s.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0] ? ` First: ${formatDiagnostic(errors[0])}` : '';
  useLab.setState({
    runBlocked: `Not run: the program does not compile (${errors.length} error${errors.length === 1 ? '' : 's'}).${first}`,
  });
}

/** Runs the program the machine holds from its last good build, from the start. */
export function runLastGood(): void {
  useLab.setState({ runBlocked: null });
  clearOutput();
  sendRequest({ type: 'reset' });
  sendRequest({ type: 'run' });
}

export function dismissRunBlocked(): void {
  useLab.setState({ runBlocked: null });
}

export function continueRun(): void {
  sendRequest({ type: 'run' });
}

export function pause(): void {
  sendRequest({ type: 'pause' });
}

/** One machine instruction (into calls). */
export function step(count = 1): void {
  sendRequest({ type: 'step', count });
}

/** One machine instruction; a bl/blr runs until it returns. */
export function stepOverInstruction(): void {
  sendRequest({ type: 'step', over: true });
}

/** To the next source line, entering calls into project code. */
export function stepLine(): void {
  sendRequest({ type: 'stepLine' });
}

/** To the next source line of this function (calls run to their return). */
export function stepOver(): void {
  sendRequest({ type: 'stepLine', over: true });
}

export function stepOut(): void {
  sendRequest({ type: 'stepOut' });
}

export function reset(): void {
  clearOutput();
  sendRequest({ type: 'reset' });
}

const sameLine = (a: SourceLine, b: SourceLine) => a.file === b.file && a.line === b.line;

export function toggleLineBreakpoint(line: number, file = useLab.getState().fileName): void {
  const bps = useLab.getState().lineBreakpoints;
  const bp = { file, line };
  const next = bps.some((b) => sameLine(b, bp)) ? bps.filter((b) => !sameLine(b, bp)) : [...bps, bp];
  useLab.setState({ lineBreakpoints: next });
  syncBreakpoints();
}

export function toggleAddressBreakpoint(addr: bigint): void {
  const s = useLab.getState();
  const entry = s.lines.find((l) => l.addr === addr);
  if (entry && s.lineBreakpoints.some((b) => sameLine(b, entry))) {
    toggleLineBreakpoint(entry.line, entry.file);
    return;
  }
  const addrs = s.addressBreakpoints;
  const next = addrs.includes(addr) ? addrs.filter((a) => a !== addr) : [...addrs, addr];
  useLab.setState({ addressBreakpoints: next });
  syncBreakpoints();
}

/** Called when editing moves lines around in `file`: its breakpoints follow their
 *  lines in the editor. The machine keeps the old ones until the next build, because
 *  the program it runs is still the one built from the old lines. */
export function moveLineBreakpoints(file: string, lines: number[]): void {
  const s = useLab.getState();
  const current = s.lineBreakpoints.filter((b) => b.file === file).map((b) => b.line).sort((a, b) => a - b);
  const next = [...new Set(lines)].sort((a, b) => a - b);
  if (next.length === current.length && next.every((l, i) => l === current[i])) return;
  const others = s.lineBreakpoints.filter((b) => b.file !== file);
  useLab.setState({ lineBreakpoints: [...others, ...next.map((line) => ({ file, line }))] });
  if (!selectDirty(useLab.getState())) syncBreakpoints();
}

export function syncBreakpoints(): void {
  const s = useLab.getState();
  sendRequest({ type: 'setBreakpoints', addresses: s.addressBreakpoints, lines: s.lineBreakpoints });
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

/** Asks the worker for a kernel snapshot (the Capabilities and Memory views). */
export function requestKernelSnapshot(): void {
  sendRequest({ type: 'kernelSnapshot' });
}

/** The machine's speed: instructions per second, or 0 for flat out (kept in the browser). */
export function setSpeed(rate: number): void {
  useLab.setState({ speed: Number.isFinite(rate) && rate > 0 ? rate : 0 });
}

/** The thread the Registers panel shows (null: the one on the CPU); its registers are read at once. */
export function selectThread(thread: string | null): void {
  useLab.setState({ selectedThread: thread });
  if (useLab.getState().runState !== 'idle') refreshThreads();
}

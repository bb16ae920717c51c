// The page's side of the lab protocol: sends requests over a LabTransport and folds
// each event batch into the store with one setState, while serial output goes to
// the terminal sink, live figures to liveStats and kernel event records to the
// kernel log (kernelLog.ts), none of them through React state. Live checks (compile without
// running) are numbered; only the answer to the latest one is shown. The exercise
// step's checks follow the scenario and step (exerciseChecks.ts). In a Linux scenario
// builds and checks carry the Linux panel's mode, and the Linux events go to the
// panel's store (panels/linux/linuxStore.ts). UI layer.

import { formatDiagnostic, type Diagnostic } from '../../shared/diagnostic.ts';
import {
  PROTOCOL_VERSION,
  type EventBatch,
  type LabEvent,
  type LabRequest,
  type LabTransport,
  type SourceFile,
  type SourceLine,
  type StopInfo,
} from '../../shared/protocol.ts';
import { registerTestHook } from '../app/testHooks.ts';
import { acceptCheckResults, watchExerciseChecks } from './exerciseChecks.ts';
import { updateLiveStats } from './liveStats.ts';
import type { MemoryDump } from './machineSlice.ts';
import { useLab, type LabStore } from './store.ts';
import { writeOutput } from './terminalSink.ts';
import { applyLinuxEvent, linuxBuildField } from '../panels/linux/linuxStore.ts';

let transport: LabTransport | null = null;
let unsubscribe: (() => void) | null = null;
let unwatchChecks: (() => void) | null = null;
let unwatchSpeed: (() => void) | null = null;
/** Files (and system descriptions) of builds sent and not yet answered, oldest first, with their waiters. */
const pendingBuilds: { files: SourceFile[]; system: string | null; resolve: (ok: boolean) => void }[] = [];
let lastCheckId = 0;
let pauseSentAt: number | null = null;
/** Live checks sent and the id of the last one answered (for the end-to-end tests). */
const checkLog = { sent: 0, answered: 0 };

export function connectLab(t: LabTransport): void {
  disconnectLab();
  transport = t;
  unsubscribe = t.subscribe(applyBatch);
  registerTestHook('checkLog', checkLog);
  // The step's checks go out whenever they change, and once the host has said hello.
  useLab.setState({ connected: false });
  unwatchChecks = watchExerciseChecks((req) => transport?.send(req));
  t.send({ type: 'hello', version: PROTOCOL_VERSION });
  t.send({ type: 'apiDocs' });
  t.send({ type: 'setSpeed', rate: useLab.getState().speed });
  unwatchSpeed = useLab.subscribe((s, prev) => {
    if (s.speed !== prev.speed) transport?.send({ type: 'setSpeed', rate: s.speed });
  });
}

export function disconnectLab(): void {
  unwatchChecks?.();
  unwatchChecks = null;
  unwatchSpeed?.();
  unwatchSpeed = null;
  unsubscribe?.();
  transport?.close();
  transport = null;
  unsubscribe = null;
}

export function sendRequest(req: LabRequest): void {
  if (!transport) {
    useLab.setState({ lastError: 'the machine is not connected' });
    return;
  }
  if (req.type === 'pause') pauseSentAt = performance.now();
  transport.send(req);
}

/** The system description as edited, in system mode (the build then makes and boots
 *  its protection domains), as a request field. */
function systemField(system: string | null = useLab.getState().system): { system?: string } {
  return system === null ? {} : { system };
}

/** Sends a build and resolves with whether it succeeded. */
export function sendBuild(files: SourceFile[]): Promise<boolean> {
  return new Promise((resolve) => {
    const copy = files.map((f) => ({ ...f }));
    const system = useLab.getState().system;
    pendingBuilds.push({ files: copy, system, resolve });
    useLab.setState({ building: true });
    sendRequest({ type: 'build', files: copy, ...systemField(system), ...linuxBuildField() });
  });
}

/** Asks the machine to compile the files as they are now (it answers with checkResult). */
export function sendCheck(files: SourceFile[]): void {
  lastCheckId += 1;
  checkLog.sent = lastCheckId;
  sendRequest({ type: 'check', id: lastCheckId, files: files.map((f) => ({ ...f })), ...systemField(), ...linuxBuildField() });
}

export function applyBatch(batch: EventBatch): void {
  if (batch.v !== PROTOCOL_VERSION) {
    useLab.setState({ protocolError: `event batch of protocol ${batch.v}, page speaks ${PROTOCOL_VERSION}` });
    return;
  }
  const patch: Partial<LabStore> = {};
  const after: (() => void)[] = [];
  for (const e of batch.events) applyEvent(e, patch, after);
  if (Object.keys(patch).length > 0) useLab.setState(patch);
  for (const f of after) f();
}

function applyEvent(e: LabEvent, patch: Partial<LabStore>, after: (() => void)[]): void {
  const now = () => ({ ...useLab.getState(), ...patch });
  switch (e.type) {
    case 'hello':
      patch.connected = e.ok;
      patch.protocolError = e.ok ? null : (e.message ?? 'protocol mismatch');
      return;
    case 'buildResult': {
      const pending = pendingBuilds.shift();
      Object.assign(patch, {
        building: pendingBuilds.length > 0,
        buildOk: e.ok,
        diagnostics: e.diagnostics,
        lines: e.lines,
        symbols: e.symbols,
        entry: e.entry,
      });
      if (e.ok) {
        patch.builtFiles = pending?.files ?? now().files;
        patch.builtSystem = pending ? pending.system : now().system;
      }
      if (pending) after.push(() => pending.resolve(e.ok));
      return;
    }
    case 'checkResult':
      checkLog.answered = e.id;
      // Unchanged problems leave the store alone (a check can answer while a program runs).
      if (e.id === lastCheckId && pendingBuilds.length === 0 && !sameDiagnostics(now().diagnostics, e.diagnostics)) patch.diagnostics = e.diagnostics;
      return;
    case 'apiDocs':
      patch.apiEntries = e.entries;
      return;
    case 'stdout':
      writeOutput(e.bytes);
      return;
    case 'state':
      patch.runState = e.state;
      if (e.state === 'running') patch.lastError = null;
      if (e.state !== 'running' && pauseSentAt !== null) {
        patch.pauseLatencyMs = performance.now() - pauseSentAt;
        pauseSentAt = null;
      }
      return;
    case 'progress':
      updateLiveStats(e.instret, e.mips);
      if (e.live) {
        // A slow run: the registers, line and disassembly follow it as it goes.
        patch.previousRegisters = now().registers;
        patch.registers = e.live.registers;
        patch.stopSource = e.live.source;
        patch.disassembly = e.live.disassembly;
        patch.registersLive = true;
      }
      return;
    case 'threadRegisters':
      patch.threads = e.threads;
      patch.threadView = { thread: e.thread, state: e.state, registers: e.registers };
      return;
    case 'stopped': {
      const s = now();
      // A reset stop is a freshly booted machine: the old kernel's records go.
      if (e.reason.kind === 'reset') { s.kernelLog.clear(); patch.kernelSnapshot = null; patch.previousKernelSnapshot = null; }
      patch.previousRegisters = e.reason.kind === 'reset' ? null : s.registers;
      patch.registers = e.registers;
      patch.stop = e.reason;
      patch.stopSource = e.source;
      patch.disassembly = e.disassembly;
      patch.stopCount = s.stopCount + 1;
      patch.registersLive = false;
      after.push(refreshThreads);
      updateLiveStats(e.instret, e.reason.kind === 'reset' ? 0 : undefined);
      if (e.reason.kind === 'halted') after.push(() => writeOutput(haltBanner(e.reason)));
      after.push(refreshMemory);
      if (e.source) after.push(() => followStop(e.source!));
      return;
    }
    case 'breakpoints': {
      patch.armedAddresses = e.addresses;
      patch.unresolvedLines = e.unresolved;
      return;
    }
    case 'disassembly':
      patch.disassembly = e.lines;
      return;
    case 'memory': {
      const dump: MemoryDump = { address: e.address, bytes: e.bytes };
      if (e.error !== undefined) dump.error = e.error;
      if (e.thread !== undefined) dump.thread = e.thread;
      patch.memory = dump;
      return;
    }
    case 'kernelEvents':
      useLab.getState().kernelLog.append(e);
      return;
    case 'kernelSnapshot':
      patch.previousKernelSnapshot = now().kernelSnapshot;
      patch.kernelSnapshot = e.snapshot;
      return;
    case 'checkResults':
      acceptCheckResults(e.id, e.results, patch);
      return;
    case 'linuxLoaded':
      // An uploaded binary has no source lines or symbols on the page's side.
      if (e.ok) Object.assign(patch, { lines: [], symbols: [], entry: null });
      after.push(() => applyLinuxEvent(e));
      return;
    case 'compatStats':
    case 'compareResult':
      after.push(() => applyLinuxEvent(e));
      return;
    case 'error':
      patch.lastError = e.message;
      return;
  }
}

export const MEMORY_BYTES = 256;

function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  return a.length === b.length && a.every((d, i) => formatDiagnostic(d) === formatDiagnostic(b[i]) && d.endLine === b[i].endLine && d.endColumn === b[i].endColumn);
}

/** A stop in another project file opens that file in the editor. */
function followStop(source: SourceLine): void {
  const s = useLab.getState();
  const f = s.files.find((x) => x.name === source.file);
  if (f && s.fileName !== f.name) useLab.setState({ fileName: f.name, source: f.text });
}

/** Asks for the kernel's threads and the selected one's registers (after every stop). */
export function refreshThreads(): void {
  const thread = useLab.getState().selectedThread;
  sendRequest(thread === null ? { type: 'threadRegisters' } : { type: 'threadRegisters', thread });
}

/** Re-reads the memory the memory view follows (after every stop). */
function refreshMemory(): void {
  const address = useLab.getState().memoryAddress;
  if (address !== null) sendRequest({ type: 'readMemory', address, length: MEMORY_BYTES });
}

/** The kernel's last word, shown in the terminal in red after the program's output. */
function haltBanner(reason: StopInfo): Uint8Array {
  if (reason.kind !== 'halted') return new Uint8Array(0);
  // A system's PDs end waiting in their event loops: that is its normal end, not a failure.
  const waiting = useLab.getState().scenario.mode === 'system' && /no runnable thread/.test(reason.message ?? '');
  const text = waiting
    ? 'every protection domain is waiting for an event (no runnable thread left)'
    : reason.message ?? `the program stopped (status ${reason.exitCode})`;
  // Red for a kernel report (fault, unsupported call), cyan for a plain end.
  const colour = !waiting && (reason.message !== undefined || reason.exitCode !== 0) ? '1;31' : '36';
  return new TextEncoder().encode(`\r\n\x1b[${colour}m[kernel] ${text}\x1b[0m\r\n`);
}

// The page's side of the lab protocol: sends requests over a LabTransport and folds
// each event batch into the store with one setState, while serial output goes to
// the terminal sink and live figures to liveStats. UI layer.

import {
  PROTOCOL_VERSION,
  type EventBatch,
  type LabEvent,
  type LabRequest,
  type LabTransport,
  type StopInfo,
} from '../../shared/protocol.ts';
import { updateLiveStats } from './liveStats.ts';
import { useLab, type LabStore } from './store.ts';
import { writeOutput } from './terminalSink.ts';

let transport: LabTransport | null = null;
let unsubscribe: (() => void) | null = null;
/** Sources of builds sent and not yet answered, oldest first, with their waiters. */
const pendingBuilds: { source: string; resolve: (ok: boolean) => void }[] = [];
let pauseSentAt: number | null = null;

export function connectLab(t: LabTransport): void {
  disconnectLab();
  transport = t;
  unsubscribe = t.subscribe(applyBatch);
  t.send({ type: 'hello', version: PROTOCOL_VERSION });
}

export function disconnectLab(): void {
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

/** Sends a build and resolves with whether it succeeded. */
export function sendBuild(source: string, fileName: string): Promise<boolean> {
  return new Promise((resolve) => {
    pendingBuilds.push({ source, resolve });
    useLab.setState({ building: true });
    sendRequest({ type: 'build', files: [{ name: fileName, text: source }] });
  });
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
      if (e.ok) patch.builtSource = pending?.source ?? now().source;
      if (pending) after.push(() => pending.resolve(e.ok));
      return;
    }
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
      return;
    case 'stopped': {
      const s = now();
      patch.previousRegisters = e.reason.kind === 'reset' ? null : s.registers;
      patch.registers = e.registers;
      patch.stop = e.reason;
      patch.stopSource = e.source;
      patch.disassembly = e.disassembly;
      patch.stopCount = s.stopCount + 1;
      updateLiveStats(e.instret, e.reason.kind === 'reset' ? 0 : undefined);
      if (e.reason.kind === 'halted') after.push(() => writeOutput(haltBanner(e.reason)));
      after.push(refreshMemory);
      return;
    }
    case 'breakpoints': {
      patch.armedAddresses = e.addresses;
      const file = now().fileName;
      patch.unresolvedLines = e.unresolved.filter((l) => l.file === file).map((l) => l.line);
      return;
    }
    case 'disassembly':
      patch.disassembly = e.lines;
      return;
    case 'memory':
      patch.memory = e.error === undefined ? { address: e.address, bytes: e.bytes } : { address: e.address, bytes: e.bytes, error: e.error };
      return;
    case 'error':
      patch.lastError = e.message;
      return;
  }
}

export const MEMORY_BYTES = 256;

/** Re-reads the memory the memory view follows (after every stop). */
function refreshMemory(): void {
  const address = useLab.getState().memoryAddress;
  if (address !== null) sendRequest({ type: 'readMemory', address, length: MEMORY_BYTES });
}

/** The kernel's last word, shown in the terminal in red after the program's output. */
function haltBanner(reason: StopInfo): Uint8Array {
  if (reason.kind !== 'halted') return new Uint8Array(0);
  const text = reason.message ?? `the program stopped (status ${reason.exitCode})`;
  // Red for a kernel report (fault, unsupported call), cyan for a plain end.
  const colour = reason.message !== undefined || reason.exitCode !== 0 ? '1;31' : '36';
  return new TextEncoder().encode(`\r\n\x1b[${colour}m[kernel] ${text}\x1b[0m\r\n`);
}

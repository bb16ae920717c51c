// Status bar: run state, instructions retired and speed (sampled from liveStats, not
// re-rendered per slice), why the machine last stopped, and the last error. UI layer.

import type { StopInfo } from '../../shared/protocol.ts';
import { useLiveStats } from '../state/liveStats.ts';
import {
  selectLastError,
  selectPauseLatency,
  selectProtocolError,
  selectRunState,
  selectStop,
  selectStopCount,
} from '../state/selectors.ts';
import { useLab } from '../state/store.ts';
import { groupDigits, hexAddr } from './format.ts';

function describeStop(stop: StopInfo | null): string {
  if (!stop) return '';
  const at = `at ${hexAddr(stop.pc)}`;
  switch (stop.kind) {
    case 'breakpoint': return `breakpoint ${at}`;
    case 'step': return `stepped, ${at}`;
    case 'paused': return `paused ${at}`;
    case 'reset': return `loaded, entry ${at}`;
    case 'idle': return `idle: nothing can run ${at}`;
    case 'halted': return stop.message ?? `the program stopped (status ${stop.exitCode})`;
  }
}

/** The program ended by itself, without a kernel report. */
function cleanEnd(stop: StopInfo | null): boolean {
  return stop?.kind === 'halted' && stop.message === undefined && stop.exitCode === 0;
}

export function StatusBar() {
  const state = useLab(selectRunState);
  const stop = useLab(selectStop);
  const stopCount = useLab(selectStopCount);
  const lastError = useLab(selectLastError);
  const protocolError = useLab(selectProtocolError);
  const error = protocolError ?? lastError;
  const latency = useLab(selectPauseLatency);
  const live = useLiveStats(state === 'running', stopCount);
  const speed = useLab((s) => s.speed);
  return (
    <footer className="status-bar">
      <span className={`state state-${state}${cleanEnd(stop) ? ' clean' : ''}`} data-testid="run-state" aria-live="polite">
        {state}
      </span>
      <span data-testid="instret">{groupDigits(live.instret)} instructions</span>
      <span data-testid="mips" title={speed > 0 ? 'The chosen speed (Speed menu)' : 'Millions of instructions per second, while running'}>
        {speed > 0 ? `${groupDigits(speed)} instr/s` : live.mips >= 0.05 ? `${live.mips.toFixed(1)} MIPS` : '– MIPS'}
      </span>
      {state !== 'running' && stop ? (
        <span className="stop" data-testid="stop-reason" title={describeStop(stop)}>{describeStop(stop)}</span>
      ) : null}
      {latency !== null ? <span title="Time from Pause to the machine stopping">pause took {latency.toFixed(0)} ms</span> : null}
      {error ? <span className="error" role="alert" title={error}>{error}</span> : null}
    </footer>
  );
}

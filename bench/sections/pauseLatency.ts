// Figure group "pause": how long a pause request waits while a program runs
// flat out. A timer (another task on the event loop) calls requestPause at a
// chosen moment; the latency is the time from that moment until RunLoop.run
// resolves, so it includes the timer's own delay behind the running slice,
// exactly what a Pause click in the worker experiences. Target: < 50 ms.
import { readFileSync } from 'node:fs';
import { bootStandin } from '../../src/kernel/standin/boot.ts';
import { DEFAULT_SLICE_MS, RunLoop } from '../../src/cli/runLoop.ts';
import { buildWorkload } from '../workload.ts';

/** When each sample's pause request comes: during warm-up (JIT compiling) and at steady full speed. */
const PAUSE_AT_MS = [150, 400, 700, 1000, 1600, 2300, 3100, 4000];
const SAMPLES = PAUSE_AT_MS.length;

async function onePause(exe: Uint8Array, afterMs: number): Promise<{ latencyMs: number; maxSliceMs: number; slices: number }> {
  const b = bootStandin({ elf: exe, personality: 'linux', argv: ['intmix', '100000'], output: () => {} });
  if (!b.ok) throw new Error(b.error);
  const loop = new RunLoop(b.value.machine, { sliceMs: DEFAULT_SLICE_MS });
  let requestedAt = 0;
  const due = performance.now() + afterMs;
  setTimeout(() => { requestedAt = due; loop.requestPause(); }, afterMs);
  const r = await loop.run();
  if (r.stop.kind !== 'paused') throw new Error(`expected a pause, got ${r.stop.kind}`);
  return { latencyMs: performance.now() - requestedAt, maxSliceMs: r.maxSliceMs, slices: r.slices };
}

export async function pauseLatency(): Promise<Record<string, unknown>> {
  const w = buildWorkload('intmix');
  try {
    const exe = readFileSync(w.path);
    const samples = [];
    for (let i = 0; i < SAMPLES; i++) samples.push(await onePause(exe, PAUSE_AT_MS[i]));
    const lat = samples.map((s) => s.latencyMs);
    const steady = lat.slice(4);
    return {
      method: 'setTimeout -> RunLoop.requestPause while intmix runs; latency = resolve time - timer due time',
      sliceMs: DEFAULT_SLICE_MS,
      samples: SAMPLES,
      latencyMsMax: round1(Math.max(...lat)),
      latencyMsMean: round1(lat.reduce((a, b) => a + b, 0) / lat.length),
      latencyMsMaxAfter1_5s: round1(Math.max(...steady)),
      latencyMsEach: lat.map(round1),
      pauseAtMs: PAUSE_AT_MS,
      maxSliceMs: round1(Math.max(...samples.map((s) => s.maxSliceMs))),
      targetMs: 50,
    };
  } finally {
    w.remove();
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;

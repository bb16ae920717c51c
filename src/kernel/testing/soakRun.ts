// The kernel soak: fast-check generates runs of random ops from a seed; each run
// goes to a fresh world (soakWorld.ts). On a failure the sequence is shrunk (cut
// after the failing op, then ops removed while the same failure remains) and
// reported with op names and arguments. Shared by the property test and
// `caplab soak`. Kernel test support (core code, no DOM).
import fc from 'fast-check';
import { opsArb } from './soakGen.ts';
import { opText, type Op } from './soakOps.ts';
import { runOps, soakRootTask, SoakStats, SoakWorld } from './soakWorld.ts';
import { runOpsDifferential } from './soakDiff.ts';

export interface SoakOptions {
  /** Operations to run in total (rounded up to whole runs). */
  ops: number;
  seed: number;
  /** Ops per run (each run boots a fresh kernel). */
  runLength?: number;
  /** Run every op on a fastpath and a slowpath kernel in lockstep and compare (soakDiff.ts). */
  differential?: boolean;
  /** Called after every run with the ops done so far. */
  onProgress?: (stats: SoakStats) => void;
}

export interface SoakFailure {
  seed: number;
  /** Which run (0-based) failed, and the failing op's index in it. */
  run: number;
  index: number;
  message: string;
  /** The shortest sequence found that still fails the same way. */
  shrunk: Op[];
  shrunkMessage: string;
}

export interface SoakResult {
  stats: SoakStats;
  runs: number;
  failure: SoakFailure | null;
}

export const DEFAULT_RUN_LENGTH = 300;

/** The first line of a failure, without addresses that differ between worlds. */
function failureClass(message: string): string {
  return message.split('\n')[0].replace(/0x[0-9a-f]+/g, 'ADDR').replace(/\d+/g, 'N').slice(0, 120);
}

/** Whether a sequence fails: its failure message, or null. */
export type FailsWith = (ops: Op[]) => string | null;

/** Runs the sequence on a fresh world. */
export const runFresh = (elf = soakRootTask(), differential = false): FailsWith => (ops) =>
  (differential ? runOpsDifferential : runOps)(ops, new SoakStats(), elf)?.message ?? null;

/** Cuts the sequence after the failing op, then removes chunks (halves down to single ops) while it fails the same way. */
export function shrinkOps(ops: readonly Op[], index: number, message: string, failsWith: FailsWith = runFresh()): { ops: Op[]; message: string } {
  const want = failureClass(message);
  let best = ops.slice(0, index + 1), bestMessage = message;
  const fails = (cand: Op[]): string | null => {
    const m = failsWith(cand);
    return m !== null && failureClass(m) === want ? m : null;
  };
  for (let chunk = Math.max(1, best.length >> 1); chunk >= 1; chunk >>= 1) {
    for (let at = 0; at < best.length;) {
      const cand = [...best.slice(0, at), ...best.slice(at + chunk)];
      const m = cand.length ? fails(cand) : null;
      if (m) { best = cand; bestMessage = m; } else at += chunk;
    }
  }
  return { ops: best, message: bestMessage };
}

export function runSoak(opts: SoakOptions): SoakResult {
  const elf = soakRootTask();
  const layout = new SoakWorld(elf).layout;
  const runLength = opts.runLength ?? DEFAULT_RUN_LENGTH;
  const numRuns = Math.max(1, Math.ceil(opts.ops / runLength));
  const stats = new SoakStats();
  let failure: SoakFailure | null = null, run = 0;
  const property = fc.property(opsArb(layout, runLength, runLength), (ops) => {
    const f = (opts.differential ? runOpsDifferential : runOps)(ops, stats, elf);
    opts.onProgress?.(stats);
    if (f) {
      const s = shrinkOps(ops, f.index, f.message, runFresh(elf, opts.differential));
      failure = { seed: opts.seed, run, index: f.index, message: f.message, shrunk: s.ops, shrunkMessage: s.message };
      return false;
    }
    run++;
    return true;
  });
  fc.check(property, { seed: opts.seed, numRuns, endOnFailure: true });
  return { stats, runs: run + (failure ? 1 : 0), failure };
}

/** A failure as text: seed, where, the message and the shrunk sequence, one op per line. */
export function formatFailure(f: SoakFailure): string {
  return [
    `kernel soak failed (seed ${f.seed}, run ${f.run}, op ${f.index}): ${f.message}`,
    '',
    `shrunk to ${f.shrunk.length} op(s), each run as the thread the kernel has on the CPU, from a fresh world:`,
    ...f.shrunk.map((o, i) => `  ${String(i).padStart(3)}  ${opText(o)}`),
    `which fails with: ${f.shrunkMessage}`,
  ].join('\n');
}

/** The closing summary: ops, ops/s, op kinds, seL4 errors and faults, world restarts. */
export function formatSummary(r: SoakResult, seconds: number): string {
  const s = r.stats;
  const table = (title: string, m: Map<string, number>) => [
    `${title}:`,
    ...[...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${String(n).padStart(9)}  ${k}`),
  ];
  return [
    `ops: ${s.ops} in ${r.runs} runs (${s.worlds} worlds booted), ${seconds.toFixed(1)} s, ${Math.round(s.ops / Math.max(seconds, 1e-9))} ops/s`,
    ...table('op kinds', s.kinds),
    ...table('errors by seL4 error code', s.errors),
    ...table('faults by kind (and device interrupts)', s.faults),
    ...table('invocations performed (decoded without error)', s.performed),
    ...table('worlds ended by', s.restarts),
    ...(s.fastpathTaken ? [`kernel entries the fastpath took (compared with the slowpath): ${s.fastpathTaken}`] : []),
  ].join('\n');
}

// The four ways compared on one program: runs it under the component in each
// mode (and, when the stand-in Linux shim can run it, natively as the baseline
// whose syscalls cost nothing) and derives per-Linux-call costs: kernel entries,
// faults, IPC messages, guest traps and origin checks per call (exact), and the
// instructions and modelled cycles each call adds over the baseline. Kernel layer.
// Design: docs/linux-compat.md "Measuring".
import { bootStandin } from '../standin/boot.ts';
import { MODES, type CompatMode } from './layout.ts';
import { runCompat, type CompatRun, type RunLimits } from './run.ts';
import type { CompatOptions } from './loader.ts';
import type { CompatComparison, CompatCostRow } from '../../shared/protocol.ts';

/** A mode's costs and the comparison: their shapes are the protocol's (the worker sends them as they are). */
export type CostRow = CompatCostRow;
export type Comparison = Omit<CompatComparison, 'program'>;

/** Instructions the program retires under the stand-in's Linux shim (syscalls cost no instructions there). */
export function baselineInstructions(program: Uint8Array, argv: string[], maxInstructions = 2_000_000_000): Comparison['baseline'] {
  const b = bootStandin({ elf: program, personality: 'linux', argv, output: () => {} });
  if (!b.ok) return { instructions: 0, problem: b.error };
  const source = 'the stand-in Linux shim';
  for (;;) {
    const r = b.value.machine.run(1_000_000);
    if (r.kind === 'halted') {
      const o = b.value.kernel.outcome;
      return o.kind === 'killed' ? { instructions: 0, problem: o.report } : { instructions: b.value.machine.instret, problem: null, source };
    }
    if (r.kind !== 'budget' || b.value.machine.instret >= maxInstructions) return { instructions: 0, problem: `the baseline run stopped (${r.kind})` };
  }
}

function row(mode: CompatMode, run: CompatRun | string, base: number | null): CostRow {
  if (typeof run === 'string') {
    return { mode, ok: false, problem: run, status: null, console: '', linuxCalls: 0, misrouted: 0, patchedSites: 0, perCall: { kernelEntries: 0, faults: 0, ipcMessages: 0, guestTraps: 0, originChecks: 0 }, instructionsPerCall: null, cyclesPerCall: null, totals: { instructions: 0, cycles: 0, kernelEntries: 0 } };
  }
  const s = run.stats, calls = Math.max(1, s.linuxCalls);
  return {
    mode, ok: run.status !== null && run.report === null, problem: run.report, status: run.status, console: run.console,
    linuxCalls: s.linuxCalls, misrouted: s.misrouted, patchedSites: s.patchedSites.length,
    perCall: { kernelEntries: s.kernelEntries / calls, faults: s.faults / calls, ipcMessages: s.ipcMessages / calls, guestTraps: s.guestTraps / calls, originChecks: s.originChecks / calls },
    instructionsPerCall: base === null ? null : (s.instructions - base) / calls,
    cyclesPerCall: base === null ? null : (s.cycles - base) / calls,
    totals: { instructions: s.instructions, cycles: s.cycles, kernelEntries: s.kernelEntries },
  };
}

/** Runs the program in every mode (same arguments, files and limits). */
export function compareModes(opts: Omit<CompatOptions, 'mode'> & RunLimits, modes: readonly CompatMode[] = MODES): Comparison {
  const argv = opts.argv ?? [opts.name ?? 'linux-program'];
  const runs = modes.map((mode) => ({ mode, r: runCompat({ ...opts, mode }) }));
  let baseline = baselineInstructions(opts.program, argv, opts.maxInstructions);
  if (baseline.problem !== null) {
    // No shim run: the program thread's own instructions in fault mode, where every call is handled in another thread.
    const fault = runs.find((x) => x.mode === 'fault')?.r;
    if (fault?.ok && fault.value.status !== null) {
      baseline = { instructions: fault.value.stats.programInstructions, problem: null, source: 'the program thread in fault mode' };
    }
  }
  const base = baseline.problem === null ? baseline.instructions : null;
  return { baseline, rows: runs.map(({ mode, r }) => row(mode, r.ok ? r.value : r.error, base)) };
}

const f1 = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/** The comparison as a plain-text table (the CLI prints it; the page draws its own). */
export function formatComparison(c: Comparison): string {
  const head = ['mode', 'status', 'calls', 'entries/call', 'faults/call', 'IPC/call', 'guest traps/call', 'instr/call', 'cycles/call', 'misrouted', 'patched sites'];
  const rows = c.rows.map((r) => [
    r.mode, r.status === null ? `- (${r.problem ?? 'no exit'})` : String(r.status), String(r.linuxCalls),
    f1(r.perCall.kernelEntries), f1(r.perCall.faults), f1(r.perCall.ipcMessages), f1(r.perCall.guestTraps),
    r.instructionsPerCall === null ? '-' : f1(r.instructionsPerCall), r.cyclesPerCall === null ? '-' : f1(r.cyclesPerCall),
    String(r.misrouted), String(r.patchedSites),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c2, i) => c2.padEnd(widths[i])).join('  ').trimEnd();
  const note = c.baseline.problem === null
    ? `baseline: ${c.baseline.instructions} instructions of the program's own (${c.baseline.source ?? 'the stand-in Linux shim'})`
    : `no baseline (${c.baseline.problem}): instr/call and cycles/call need one`;
  return [line(head), ...rows.map(line), note, 'cycles: modelled (docs/linux-compat.md "Cost model")', ''].join('\n');
}

// Runs a scenario's files headless, as the page would: build for the seL4 target,
// boot the root task on the kernel model (system mode: systemRun.ts builds and
// boots the .system description's protection domains instead), run in slices
// while folding serial output and kernel events into RunFacts, then take the
// final kernel snapshot and evaluate every check of every step. Used by `caplab grade` and the gallery's
// tests. CLI layer (Node; no DOM). docs/scenarios.md "Checks".
import { bootCompat } from '../kernel/compat/loader.ts';
import type { CompatMode } from '../kernel/compat/layout.ts';
import { bootRootTask } from '../kernel/boot.ts';
import { snapshotKernel } from '../kernel/snapshot.ts';
import { formatDiagnostic, type Diagnostic } from '../shared/diagnostic.ts';
import { evaluateCheck, RunFacts, type CheckResult } from '../scenarios/checks.ts';
import type { Check, Scenario, ScenarioFile } from '../scenarios/format.ts';
import { buildC } from '../toolchain/ccdriver.ts';
import type { Machine } from '../emulator/machine.ts';
import type { Sel4Kernel } from '../kernel/kernel.ts';
import { executeSystem } from './systemRun.ts';

/** A run ends by itself or after this many instructions (the page's Run has no limit). */
export const DEFAULT_MAX_INSTRUCTIONS = 200_000_000;
/** Instructions between two drains of the kernel's event ring (it holds 4,096 records). */
const SLICE = 50_000;

export interface StepResult { title: string; checks: (CheckResult & { check: Check })[] }

export interface ScenarioRun {
  /** Why the program did not run (it did not build, or could not boot); null when it ran. */
  problem: string | null;
  diagnostics: Diagnostic[];
  facts: RunFacts;
  steps: StepResult[];
  passed: number;
  failed: number;
}

export interface RunOptions {
  maxInstructions?: number;
  /** Text typed on the serial console during the run: its UTF-8 bytes go into the
   *  UART's receive FIFO before the run and after every slice, as many as fit (the
   *  PL011 holds 1 byte until the driver enables its 16-byte FIFO), as a student
   *  typing would. The interrupts tutorial needs it; without it nothing is typed. */
  input?: string;
  /** Mode "linux" scenarios: which of the four ways linux-compat runs the program (default 'fault'). */
  linuxMode?: CompatMode;
}

/** Files of the scenario with `override` replacing those of the same name (and adding new ones). */
export function mergeFiles(base: readonly ScenarioFile[], override: readonly ScenarioFile[]): ScenarioFile[] {
  const names = new Set(override.map((f) => f.name));
  return [...base.filter((f) => !names.has(f.name)), ...override];
}

/** What a booted program needs to run headless: the machine, its kernel, and the serial bytes it printed. */
export interface Booted { machine: Machine; kernel: Sel4Kernel; serial: number[] }

/** Runs a booted program until it ends or `max` instructions, typing `input` on the
 *  UART as its FIFO has room, and folds serial output, kernel records, how it ended
 *  and the final snapshot into `facts`. Shared by root tasks and systems. */
export function runBooted(b: Booted, facts: RunFacts, max: number, input: string): void {
  const { machine, kernel, serial } = b;
  const decoder = new TextDecoder();
  const pending = [...new TextEncoder().encode(input)];
  while (!machine.halted && machine.instret < max) {
    while (pending.length && machine.uart.receive(pending[0])) pending.shift();
    const stop = machine.run(Math.min(SLICE, max - machine.instret));
    facts.observe(kernel.state.events.drain());
    if (serial.length) facts.addSerial(decoder.decode(Uint8Array.from(serial.splice(0)), { stream: true }));
    if (stop.kind === 'idle' && !pending.length) break;
  }
  facts.instructions = machine.instret;
  const o = kernel.outcome;
  facts.end = o.kind === 'exited' ? { kind: 'exited', status: o.status } : o.kind === 'stopped' ? { kind: 'stopped', report: o.report } : null;
  facts.snapshot = snapshotKernel(kernel.state, machine.time);
}

function execute(files: readonly ScenarioFile[], facts: RunFacts, max: number, input: string): { problem: string | null; diagnostics: Diagnostic[] } {
  const built = buildC(files.map((f) => ({ name: f.name, text: f.text })), { target: 'sel4' });
  const errors = built.diagnostics.filter((d) => d.severity === 'error');
  if (!built.ok || !built.elf) {
    return { problem: `the program does not build: ${errors.slice(0, 3).map(formatDiagnostic).join('; ') || 'link failed'}`, diagnostics: built.diagnostics };
  }
  const serial: number[] = [];
  const booted = bootRootTask({ elf: built.elf, output: (b) => serial.push(b) });
  if (!booted.ok) return { problem: `the program cannot start: ${booted.error}`, diagnostics: built.diagnostics };
  runBooted({ ...booted.value, serial }, facts, max, input);
  return { problem: null, diagnostics: built.diagnostics };
}

/** A Linux scenario's program (--target linux) under linux-compat in `mode`. */
function executeLinux(files: readonly ScenarioFile[], facts: RunFacts, max: number, input: string, mode: CompatMode): { problem: string | null; diagnostics: Diagnostic[] } {
  const built = buildC(files.map((f) => ({ name: f.name, text: f.text })), { target: 'linux' });
  const errors = built.diagnostics.filter((d) => d.severity === 'error');
  if (!built.ok || !built.elf) {
    return { problem: `the program does not build: ${errors.slice(0, 3).map(formatDiagnostic).join('; ') || 'link failed'}`, diagnostics: built.diagnostics };
  }
  const serial: number[] = [];
  const booted = bootCompat({ program: built.elf, mode, name: 'program', output: (b) => serial.push(b) });
  if (!booted.ok) return { problem: `the program cannot start: ${booted.error}`, diagnostics: built.diagnostics };
  runBooted({ ...booted.value, serial }, facts, max, input);
  return { problem: null, diagnostics: built.diagnostics };
}

/** Builds and runs `files` (the scenario's, or a student's) and evaluates every step's checks. */
export function runScenario(scenario: Scenario, files: readonly ScenarioFile[] = scenario.files, opts: RunOptions = {}): ScenarioRun {
  const facts = new RunFacts();
  const max = opts.maxInstructions ?? DEFAULT_MAX_INSTRUCTIONS;
  const input = opts.input ?? '';
  const r = scenario.mode === 'system' ? executeSystem(scenario.system ?? '', files, facts, max, input)
    : scenario.mode === 'linux' ? executeLinux(files, facts, max, input, opts.linuxMode ?? 'fault')
      : execute(files, facts, max, input);
  const steps = scenario.exercise.steps.map((s) => ({
    title: s.title,
    checks: s.checks.map((check) => {
      const res = r.problem ? { ok: false, wants: evaluateCheck(check, facts).wants, detail: r.problem } : evaluateCheck(check, facts);
      return { ...res, check };
    }),
  }));
  const all = steps.flatMap((s) => s.checks);
  const passed = all.filter((c) => c.ok).length;
  return { problem: r.problem, diagnostics: r.diagnostics, facts, steps, passed, failed: all.length - passed };
}

// Runs a Linux program under the Linux-compatibility component to its end and
// measures what each Linux call cost: kernel entries, faults, IPC messages, guest
// traps, origin-window checks and instructions, read from the kernel's counters
// and event records and from the component's shared state page. Kernel layer
// (headless runner for the CLI, tests, bench and the worker).
// Design and the cost model: docs/linux-compat.md "Measuring".
import { err, ok, type Result } from '../../shared/result.ts';
import type { StopReason } from '../../emulator/types.ts';
import { bootCompat, type BootedCompat, type CompatOptions } from './loader.ts';
import { LIMITS, STATE_MAGIC, STATE_OFF, type CompatMode } from './layout.ts';
import { linuxSyscallName } from '../standin/linuxSyscalls.ts';
import type { CompatCallFigures } from '../../shared/protocol.ts';

/** Counts of one run (or their difference between two runs). */
export interface CompatCounts {
  instructions: number;
  kernelEntries: number;
  faults: number;
  ipcMessages: number;
  guestTraps: number;
  originChecks: number;
  contextSwitches: number;
}

/** Counts from the program's first instruction on (the component's start-up excluded). */
export interface CompatStats extends CompatCounts, CompatCallFigures {
  mode: CompatMode;
  /** Modelled cycles of the run (see cost model). */
  cycles: number;
  /** Instructions retired while the program's thread was on the CPU: its own work, plus the
   *  in-process library's and gates' in modes patch and vcpu. */
  programInstructions: number;
}

export interface CompatRun {
  /** Everything written to the serial console (the program's stdout and stderr). */
  console: string;
  /** The exit status (exit_group, or 128 + signal for a fault), null if the run did not end. */
  status: number | null;
  /** Why the program died or the run stopped, when it did not exit by itself. */
  report: string | null;
  stop: StopReason['kind'] | 'limit';
  stats: CompatStats;
}

/** The cost model's constants (modelled cycles; docs/linux-compat.md "Cost model"). */
export const COST = {
  /** A kernel entry and exit that returns to the same thread. */
  kernelEntry: 150,
  /** Extra for a switch to another thread (seL4 on Armv8: ~400-500 cycles per context switch). */
  contextSwitch: 300,
  /** A guest trap and its eret in the vCPU model (no hypervisor involvement). */
  guestTrap: 60,
  /** One origin-window compare on the syscall path. */
  originCheck: 1,
} as const;

export function modelledCycles(c: CompatCounts): number {
  return c.instructions + COST.kernelEntry * c.kernelEntries + COST.contextSwitch * c.contextSwitches
    + COST.guestTrap * c.guestTraps + COST.originCheck * c.originChecks;
}

const SLICE = 50_000;

export interface RunLimits {
  maxInstructions?: number;
  /** Typed on the serial console as its FIFO has room (the program's stdin). */
  input?: string;
}

/** Boots and runs to the end (exit, death, idle or the instruction limit). */
export function runCompat(opts: CompatOptions & RunLimits): Result<CompatRun, string> {
  let text = '';
  const dec = new TextDecoder();
  const booted = bootCompat({ ...opts, output: (b) => { text += dec.decode(Uint8Array.of(b), { stream: true }); opts.output?.(b); } });
  if (!booted.ok) return err(booted.error);
  const b = booted.value;
  const limit = opts.maxInstructions ?? 2_000_000_000;
  let stop: CompatRun['stop'] = 'limit';
  const counts: Tally = { faults: 0, ipcMessages: 0, contextSwitches: 0, start: { seen: false, instructions: 0, kernelEntries: 0 }, onCpu: null, since: 0, programTime: 0 };
  const pending = [...new TextEncoder().encode(opts.input ?? '')];
  while (b.machine.instret < limit) {
    while (pending.length && b.machine.uart.receive(pending[0])) pending.shift();
    const r = b.machine.run(Math.min(SLICE, limit - b.machine.instret));
    countEvents(b, counts);
    if (r.kind === 'idle' && pending.length) continue;
    if (r.kind !== 'budget') { stop = r.kind; break; }
  }
  const stats = readStats(b, counts);
  const outcome = b.kernel.outcome;
  const status = outcome.kind === 'exited' ? outcome.status : null;
  return ok({ console: text, status, report: deathReport(b, stop), stop, stats });
}

/** What the counters held when the program first ran (the component's start-up is not its calls' cost). */
interface StartPoint { seen: boolean; instructions: number; kernelEntries: number }

interface Tally {
  faults: number; ipcMessages: number; contextSwitches: number; start: StartPoint;
  /** The thread on the CPU since virtual time `since`, and the program thread's time so far
   *  (kernel work takes no virtual time, so this is the instructions it retired). */
  onCpu: string | null; since: number; programTime: number;
}

function switchTo(c: Tally, thread: string | null, time: number, program: string): void {
  if (c.onCpu === program) c.programTime += time - c.since;
  c.onCpu = thread;
  c.since = time;
}

/** Counts the records since the last call; records before the program's first switch-in
 *  only move the start point (its virtual time stamp is the instruction count then). */
function countEvents(b: BootedCompat, c: Tally): void {
  const ring = b.kernel.state.events;
  if (ring.dropped) throw new Error('linux-compat run: kernel event records were dropped between slices (slice too long)');
  for (const s of ring.drain()) {
    const e = s.event;
    if (!c.start.seen) {
      if (e.kind === 'entry' || e.kind === 'irq') c.start.kernelEntries++;
      if (e.kind === 'schedule' && e.thread === b.program.name) { c.start.seen = true; c.start.instructions = s.time; switchTo(c, e.thread, s.time, b.program.name); }
      continue;
    }
    if (e.kind === 'schedule') switchTo(c, e.thread, s.time, b.program.name);
    if (e.kind === 'fault') c.faults++;
    else if (e.kind === 'ipc') c.ipcMessages++;
    else if (e.kind === 'schedule') c.contextSwitches++;
  }
}

/** Reads the component's statistics (struct lx_state) from its state page (zeros before it initialised it). */
export function readComponentState(b: BootedCompat): CompatCallFigures {
  const mem = b.kernel.state.mem, base = Number(b.statePaddr);
  const word = (off: number) => { const v = mem.read64(base + off); return typeof v === 'bigint' ? v : 0n; };
  const valid = word(STATE_OFF.magic) === STATE_MAGIC;
  const n = (off: number) => (valid ? Number(word(off)) : 0);
  const nsites = Math.min(n(STATE_OFF.nsites), LIMITS.SITES), nenosys = Math.min(n(STATE_OFF.nenosys), LIMITS.ENOSYS);
  return {
    linuxCalls: n(STATE_OFF.calls),
    by: { handler: n(STATE_OFF.callsBy), forwarded: n(STATE_OFF.callsBy + 8), inProcess: n(STATE_OFF.callsBy + 16), guestKernel: n(STATE_OFF.callsBy + 24) },
    misrouted: n(STATE_OFF.misrouted),
    patchedSites: Array.from({ length: nsites }, (_, i) => word(STATE_OFF.sites + 8 * i)),
    enosys: Array.from({ length: nenosys }, (_, i) => {
      const nr = Number(word(STATE_OFF.enosys + 8 * i));
      return { nr, name: linuxSyscallName(nr) ?? 'unassigned' };
    }),
  };
}

function readStats(b: BootedCompat, c: Tally): CompatStats {
  const at = c.start;
  if (at.seen) switchTo(c, null, b.machine.time, b.program.name);
  const counters = b.kernel.state.counters;
  const counts: CompatCounts = {
    instructions: b.machine.instret - at.instructions, kernelEntries: b.kernel.entries - at.kernelEntries, faults: c.faults, ipcMessages: c.ipcMessages,
    guestTraps: counters.guestTraps, originChecks: counters.originChecks, contextSwitches: c.contextSwitches,
  };
  return { ...counts, mode: b.mode, programInstructions: c.programTime, ...readComponentState(b), cycles: modelledCycles(counts) };
}

function deathReport(b: BootedCompat, stop: CompatRun['stop']): string | null {
  const bytes = b.kernel.state.mem.readBytes(Number(b.deathPaddr), 160);
  if (bytes instanceof Uint8Array && bytes[0] !== 0) {
    const end = bytes.indexOf(0);
    return `${b.program.name}: ${new TextDecoder().decode(bytes.subarray(0, end < 0 ? bytes.length : end))}`;
  }
  const o = b.kernel.outcome;
  if (o.kind === 'stopped') return o.report;
  if (stop === 'idle') return 'every thread is waiting (the program waits for console input that never came)';
  if (stop === 'limit') return 'instruction limit reached';
  return null;
}

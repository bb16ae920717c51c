// Machine host: answers the lab protocol (src/shared/protocol.ts) for one machine.
// Worker layer, no DOM. The Web Worker entry and the in-process twin both wrap this
// class, so tests exercise the code the page runs. Events raised while handling one
// request, or during one run slice, leave as one batch, with the kernel's event
// records of that slice packed into one kernelEvents event. Source-level steps run in
// slices too (stepper.ts), so Pause ends a step that never reaches its line.
// System mode: one line table per protection domain image; stops, disassembly and
// steps read the one of the PD on the CPU (its thread has the PD's name), and a line
// breakpoint stops only the PDs whose image holds its line (the images share addresses).
// A Linux program under the compatibility component is two such images (the program
// and linux-compat); its run's statistics go out as compatStats events, and compare
// runs it in all four ways on machines of their own (issue 7).

import type { StopReason } from '../emulator/types.ts';
import type { Diagnostic } from '../shared/diagnostic.ts';
import {
  PROTOCOL_VERSION,
  encodeKernelEvents,
  type DisasmLine,
  type EventBatch,
  type LabEvent,
  type ImageLines,
  type LabRequest,
  type LinuxMode,
  type LiveFrame,
  type RunState,
  type SourceFile,
  type SourceLine,
  type StopInfo,
} from '../shared/protocol.ts';
import { apiEntries } from './apiDocs.ts';
import { CheckRunner, type CheckMoment } from './checkRunner.ts';
import { LineTable } from './lineTable.ts';
import { defaultYielder, SliceBudget, type Yielder } from './scheduler.ts';
import { isCall, SourceStepper, type StepGoal } from './stepper.ts';
import type { LabTarget } from './target.ts';

export { isCall } from './stepper.ts';

export interface HostOptions {
  yielder?: Yielder;
  /** Schedules `cb` after `ms` (slow runs wait between slices); returns a cancel function. */
  delay?: (cb: () => void, ms: number) => () => void;
  now?: () => number;
  sliceMs?: number;
}

/** Slow runs (setSpeed rate) run a slice at most this often, each with the
 *  instructions the rate allows for the time since the one before. */
const SLOW_PERIOD_MS = 25;
/** A slow slice never makes up for more than this much lost time (a busy tab). */
const SLOW_CATCH_UP_MS = 250;

function defaultDelay(cb: () => void, ms: number): () => void {
  const h = setTimeout(cb, ms);
  return () => clearTimeout(h);
}

const DISASM_BEFORE = 6;
const DISASM_AFTER = 14;
const MAX_STEPS_PER_REQUEST = 100_000;
const MAX_READ = 1 << 20;

export class MachineHost {
  private state: RunState = 'idle';
  private pending: LabEvent[] = [];
  private cancelSlice: (() => void) | null = null;
  private table = LineTable.empty();
  /** System mode: each PD's line table, by PD (thread) name; empty for a root task. */
  private pdTables = new Map<string, LineTable>();
  /** System mode: the PDs each line breakpoint's address belongs to (absent: every thread). */
  private breakpointPds = new Map<bigint, Set<string>>();
  private wantAddresses: bigint[] = [];
  private wantLines: SourceLine[] = [];
  /** The breakpoints armed for the user (a step over adds one of its own while it runs). */
  private armed: bigint[] = [];
  /** While stepping over a call: where it returns to, the stack pointer at the call and the thread. */
  private stepOverTo: { pc: bigint; sp: bigint; thread: string | undefined } | null = null;
  /** A source-level step in progress (Step line, Step over a line, Step out). */
  private stepper: SourceStepper | null = null;
  /** The files of the last good build: line steps stop only on their lines. */
  private projectFiles = new Set<string>();
  /** System mode: each image's PDs, source files and line table (for line breakpoints). */
  private imageFiles: { pds: string[]; files: Set<string>; table: LineTable }[] = [];
  private readonly budget: SliceBudget;
  private readonly yielder: Yielder;
  private readonly delay: (cb: () => void, ms: number) => () => void;
  private readonly now: () => number;
  /** Instructions per second of a slow run (setSpeed rate); 0: flat out. */
  private rate = 0;
  /** Slow runs: instructions owed (fractional) and when the last slice ran. */
  private credit = 0;
  private lastSlowSlice: number | null = null;
  /** The exercise step's checks (setChecks), kept across builds and resets. */
  private readonly checks: CheckRunner;
  /** compatStats: when the last one went out while running, and whether it held a Linux run. */
  private compatSentAt = -Infinity;
  private compatSent = false;

  constructor(
    private readonly target: LabTarget,
    private readonly emit: (batch: EventBatch) => void,
    options: HostOptions = {},
  ) {
    this.yielder = options.yielder ?? defaultYielder();
    this.delay = options.delay ?? defaultDelay;
    this.now = options.now ?? (() => performance.now());
    this.budget = new SliceBudget(options.sliceMs ?? 10);
    this.checks = new CheckRunner(this.now);
  }

  get runState(): RunState {
    return this.state;
  }

  handle(req: LabRequest): void {
    try {
      this.dispatch(req);
    } catch (e) {
      this.stopSlices();
      const message = `internal error while handling ${req.type}: ${describe(e)}`;
      this.push({ type: 'error', message });
      if (req.type === 'build') this.failBuild(req.files, message);
      if (req.type === 'check') this.push({ type: 'checkResult', id: req.id, diagnostics: [internalDiagnostic(req.files, message)] });
      if (this.state === 'running') this.setState('paused');
    }
    this.flush();
  }

  /** Stops scheduling; the host can be dropped afterwards. */
  dispose(): void {
    this.stopSlices();
  }

  private dispatch(req: LabRequest): void {
    switch (req.type) {
      case 'hello': return this.hello(req.version);
      case 'build': return this.build(req.files, req.system, req.linux);
      case 'check': return this.push({ type: 'checkResult', id: req.id, diagnostics: this.target.check(req.files, req.system, req.linux) });
      case 'loadLinux': return this.loadLinux(req.program, req.name, req.mode);
      case 'compare': return this.compare(req.id);
      case 'apiDocs': return this.push({ type: 'apiDocs', entries: apiEntries(this.target.apiHeaders()) });
      case 'stepLine': return this.stepSource({ kind: 'line', into: !req.over });
      case 'stepOut': return this.stepSource({ kind: 'out' });
      case 'run': return this.run();
      case 'pause': return this.pause();
      case 'step': return req.over ? this.stepOver() : this.step(req.count ?? 1);
      case 'reset': return this.reset();
      case 'setBreakpoints': return this.setBreakpoints(req.addresses, req.lines);
      case 'readMemory': return this.readMemory(req.address, req.length);
      case 'disassemble': return this.push({ type: 'disassembly', lines: this.window(req.address, req.before, req.after), ...this.threadField() });
      case 'input': return this.input(req.bytes);
      case 'setSpeed': return this.setSpeed(req.sliceMs, req.rate);
      case 'threadRegisters': return this.threadRegisters(req.thread);
      case 'kernelSnapshot': return this.push({ type: 'kernelSnapshot', snapshot: this.target.loaded ? this.target.kernelSnapshot?.() ?? null : null });
      case 'setChecks':
        this.checks.set(req.id, req.checks);
        return this.pushCheckResults('set');
    }
  }

  private input(bytes: Uint8Array): void {
    const refused = this.target.input(bytes);
    if (typeof refused === 'string') this.push({ type: 'error', message: refused });
  }

  private setSpeed(sliceMs?: number, rate?: number): void {
    if (sliceMs !== undefined && Number.isFinite(sliceMs)) this.budget.sliceMs = Math.min(50, Math.max(2, sliceMs));
    if (rate === undefined) return;
    this.rate = Number.isFinite(rate) && rate > 0 ? Math.min(rate, 1e9) : 0;
    this.credit = 0;
    this.lastSlowSlice = null;
  }

  private threadRegisters(thread?: string): void {
    const got = this.target.loaded ? this.target.threadRegisters?.(thread) : undefined;
    if (got) return this.push({ type: 'threadRegisters', ...got });
    const registers = this.target.loaded ? this.target.registers() : null;
    this.push({ type: 'threadRegisters', threads: [], thread: null, state: null, registers });
  }

  private hello(version: number): void {
    const ok = version === PROTOCOL_VERSION;
    const message = ok ? undefined : `page speaks protocol ${version}, host speaks ${PROTOCOL_VERSION}; reload the page`;
    this.push({ type: 'hello', version: PROTOCOL_VERSION, ok, message });
    this.push({ type: 'state', state: this.state });
  }

  private build(files: SourceFile[], system?: string, linux?: { mode: LinuxMode }): void {
    this.stopSlices();
    const result = this.target.build(files, system, linux);
    this.push({ type: 'buildResult', ...result });
    if (!result.ok) return this.keepLastGood();
    this.table = new LineTable(result.lines, result.symbols);
    this.useImages(result.images ?? []);
    this.projectFiles = new Set(files.map((f) => f.name));
    this.applyBreakpoints();
    this.setState('ready');
    this.pushStopped({ kind: 'reset', pc: this.target.registers().pc });
  }

  /** Each image's line table, for the threads (PDs) that run it. */
  private useImages(images: ImageLines[]): void {
    this.imageFiles = images.map((i) => ({ pds: i.pds, files: new Set(i.files), table: new LineTable(i.lines, i.symbols) }));
    this.pdTables = new Map(this.imageFiles.flatMap((i) => i.pds.map((pd): [string, LineTable] => [pd, i.table])));
  }

  /** An uploaded Linux program: loaded as a build would be (no source lines), or refused
   *  with the reason, the machine keeping what it had. */
  private loadLinux(program: Uint8Array, name: string, mode: LinuxMode): void {
    this.stopSlices();
    const r = this.target.loadLinux?.(program, name, mode) ?? { ok: false as const, error: 'this machine cannot run Linux programs' };
    this.push(r.ok ? { type: 'linuxLoaded', ok: true, name, mode } : { type: 'linuxLoaded', ok: false, name, mode, error: r.error });
    if (!r.ok) return this.keepLastGood();
    this.table = LineTable.empty();
    this.useImages(r.images);
    this.projectFiles = new Set();
    this.applyBreakpoints();
    this.setState('ready');
    this.pushStopped({ kind: 'reset', pc: this.target.registers().pc });
  }

  /** The four ways on the loaded Linux program; always answered, with the reason on failure. */
  private compare(id: number): void {
    let got: ReturnType<NonNullable<LabTarget['compareLinux']>>;
    try {
      got = this.target.compareLinux?.() ?? 'this machine cannot run Linux programs';
    } catch (e) {
      got = `the comparison failed: ${describe(e)}`;
    }
    this.push(typeof got === 'string' ? { type: 'compareResult', id, comparison: null, error: got } : { type: 'compareResult', id, comparison: got });
  }

  /** The Linux program's statistics: at stops (`force`), and while running at most every 250 ms. */
  private pushCompatStats(force: boolean): void {
    const stats = this.target.loaded ? this.target.compatStats?.() ?? null : null;
    if (stats === null) {
      if (this.compatSent) this.push({ type: 'compatStats', stats: null });
      this.compatSent = false;
      return;
    }
    const t = this.now();
    if (!force && t - this.compatSentAt < 250) return;
    this.compatSentAt = t;
    this.compatSent = true;
    this.push({ type: 'compatStats', stats });
  }

  /** A build failed: the last good program (if any) stays loaded with its line table,
   *  so the page can offer to run it; a running one was paused by the build request. */
  private keepLastGood(): void {
    if (!this.target.loaded) return this.setState('idle');
    if (this.state !== 'running') return;
    this.setState('paused');
    this.pushStopped({ kind: 'paused', pc: this.target.registers().pc });
  }

  /** A build that crashed still gets its answer, so the page never waits forever. */
  private failBuild(files: SourceFile[], message: string): void {
    this.push({
      type: 'buildResult', ok: false, lines: [], symbols: [], entry: null, elf: null,
      diagnostics: [internalDiagnostic(files, message)],
    });
    this.keepLastGood();
  }

  private run(): void {
    if (this.state === 'running') return;
    if (this.state === 'idle') return this.push({ type: 'error', message: 'nothing to run: build the program first' });
    if (this.state === 'halted') return this.push({ type: 'error', message: 'the program has ended: press Reset to run it again' });
    this.setState('running');
    this.scheduleSlice();
  }

  private pause(): void {
    if (this.state !== 'running') return;
    this.stopSlices();
    this.setState('paused');
    this.pushStopped({ kind: 'paused', pc: this.target.registers().pc });
  }

  private step(count: number): void {
    if (this.state !== 'ready' && this.state !== 'paused') {
      return this.push({ type: 'error', message: `cannot step while ${this.state}` });
    }
    let stop: StopReason = { kind: 'budget' };
    const n = Math.min(Math.max(1, count), MAX_STEPS_PER_REQUEST);
    for (let i = 0; i < n && stop.kind === 'budget'; i++) stop = this.target.step();
    this.takeOutput();
    const pc = this.target.registers().pc;
    const info: StopInfo = stop.kind === 'budget' ? { kind: 'step', pc } : toStopInfo(stop, pc);
    this.setState(info.kind === 'halted' || info.kind === 'idle' ? 'halted' : 'paused');
    this.pushStopped(info);
  }

  /** Steps over a call: runs until the instruction after the bl/blr is reached in the
   *  same frame (sp back at least where it was), as gdb's `next` does for one instruction. */
  private stepOver(): void {
    if (this.state !== 'ready' && this.state !== 'paused') {
      return this.push({ type: 'error', message: `cannot step while ${this.state}` });
    }
    const { pc, sp } = this.target.registers();
    const bytes = this.target.readMemory(pc, 4);
    if (typeof bytes === 'string' || !isCall(new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true))) {
      return this.step(1);
    }
    const stop = this.target.step();
    if (stop.kind !== 'budget') return this.finishStepOver(stop);
    this.stepOverTo = { pc: pc + 4n, sp, thread: this.target.thread?.() };
    this.target.setBreakpoints([...this.armed, pc + 4n]);
    this.setState('running');
    this.scheduleSlice();
  }

  /** Starts a source-level step; it goes on in run slices until it reaches its goal. */
  private stepSource(goal: StepGoal): void {
    if (this.state !== 'ready' && this.state !== 'paused') {
      return this.push({ type: 'error', message: `cannot step while ${this.state}` });
    }
    this.stepper = new SourceStepper(this.target, (pc) => this.tableNow().sourceAt(pc), goal, this.armed, (f) => this.projectFiles.has(f), (pc) => this.userStop(pc));
    this.setState('running');
    this.scheduleSlice();
  }

  private stepSlice(budget: number): void {
    let progress;
    try {
      progress = this.stepper!.advance(budget);
    } finally {
      this.takeOutput();
    }
    this.push({ type: 'progress', instret: this.target.instret(), mips: this.rate === 0 ? this.budget.mips : this.rate / 1e6, ...this.liveFrame() });
    if (!progress.done) {
      this.pushCheckResults('running');
      return this.scheduleSlice();
    }
    this.stepper!.end();
    this.stepper = null;
    const pc = this.target.registers().pc;
    const info: StopInfo = progress.stop.kind === 'budget' ? { kind: 'step', pc } : toStopInfo(progress.stop, pc);
    this.setState(info.kind === 'halted' || info.kind === 'idle' ? 'halted' : 'paused');
    this.pushStopped(info);
  }

  /** Ends a step over (or a run): puts the user's breakpoints back and reports the stop. */
  private finishStepOver(stop: StopReason): void {
    const over = this.stepOverTo;
    this.endStepOver();
    this.takeOutput();
    const pc = this.target.registers().pc;
    let info = toStopInfo(stop, pc);
    if (over && info.kind === 'breakpoint' && info.pc === over.pc && !this.userStop(over.pc)) info = { kind: 'step', pc };
    this.setState(info.kind === 'halted' || info.kind === 'idle' ? 'halted' : 'paused');
    this.pushStopped(info);
  }

  private endStepOver(): void {
    if (this.stepOverTo === null) return;
    this.stepOverTo = null;
    if (this.target.loaded) this.target.setBreakpoints(this.armed);
  }

  private reset(): void {
    this.stopSlices();
    if (!this.target.reset()) {
      this.setState('idle');
      return this.push({ type: 'error', message: 'nothing to reset: build the program first' });
    }
    this.applyBreakpoints();
    this.setState('ready');
    this.pushStopped({ kind: 'reset', pc: this.target.registers().pc });
  }

  private setBreakpoints(addresses: bigint[], lines: SourceLine[]): void {
    this.wantAddresses = [...addresses];
    this.wantLines = [...lines];
    this.applyBreakpoints();
  }

  private applyBreakpoints(): void {
    const set = new Set<bigint>(this.wantAddresses);
    const unresolved: SourceLine[] = [];
    this.breakpointPds = new Map();
    for (const l of this.wantLines) {
      const at = this.resolveLine(l);
      if (at.length === 0) unresolved.push(l);
      for (const a of at) set.add(a);
    }
    const addresses = [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.armed = addresses;
    const extra = this.stepOverTo ? [this.stepOverTo.pc] : [];
    if (this.target.loaded) this.target.setBreakpoints([...addresses, ...extra]);
    this.push({ type: 'breakpoints', addresses, unresolved });
  }

  private readMemory(address: bigint, length: number): void {
    const len = Math.min(Math.max(0, length | 0), MAX_READ);
    const got = this.target.loaded ? this.target.readMemory(address, len) : 'nothing loaded';
    const thread = this.threadField();
    if (typeof got === 'string') this.push({ type: 'memory', address, bytes: new Uint8Array(0), error: got, ...thread });
    else this.push({ type: 'memory', address, bytes: got, ...thread });
  }

  /** A line's addresses: the build's table, or (system mode) each image built from its
   *  file, whose PDs are noted so that only they stop there. */
  private resolveLine(l: SourceLine): bigint[] {
    if (this.imageFiles.length === 0) {
      const a = this.table.resolve(l);
      return a === null ? [] : [a];
    }
    const out: bigint[] = [];
    for (const img of this.imageFiles) {
      const a = img.files.has(l.file) ? img.table.resolve(l) : null;
      if (a === null) continue;
      out.push(a);
      const pds = this.breakpointPds.get(a) ?? new Set<string>();
      for (const pd of img.pds) pds.add(pd);
      this.breakpointPds.set(a, pds);
    }
    return out;
  }

  /** A breakpoint of the user's at `pc` stops the thread on the CPU (system mode: a line
   *  breakpoint stops only the PDs whose image holds the line; an address one, all). */
  private userStop(pc: bigint): boolean {
    if (!this.armed.includes(pc)) return false;
    const pds = this.breakpointPds.get(pc);
    if (!pds || this.wantAddresses.includes(pc)) return true;
    const t = this.target.thread?.();
    return t !== undefined && pds.has(t);
  }

  /** The line table of the code on the CPU: the build's, or that of the PD running. */
  private tableNow(): LineTable {
    if (this.pdTables.size === 0) return this.table;
    const t = this.target.thread?.();
    return (t === undefined ? undefined : this.pdTables.get(t)) ?? LineTable.empty();
  }

  /** { thread } naming the thread whose VSpace reads go through, when the target has threads. */
  private threadField(): { thread?: string } {
    const t = this.target.loaded ? this.target.thread?.() : undefined;
    return t === undefined ? {} : { thread: t };
  }

  // ---- run slices ----

  private scheduleSlice(): void {
    const run = () => {
      this.cancelSlice = null;
      try {
        this.slice();
      } catch (e) {
        // A machine bug must not leave the page believing the program still runs.
        this.endStepOver();
        this.stepper?.end();
        this.stepper = null;
        this.push({ type: 'error', message: `internal error while running: ${describe(e)}` });
        this.setState('paused');
        this.pushStopped({ kind: 'paused', pc: this.target.registers().pc });
      }
      this.flush();
    };
    if (this.rate === 0) {
      this.cancelSlice = this.yielder(run);
      return;
    }
    // A slow run waits between slices (the worker idles), at most one period.
    const since = this.lastSlowSlice === null ? SLOW_PERIOD_MS : this.now() - this.lastSlowSlice;
    const wait = this.lastSlowSlice === null ? 0 : Math.max(Math.max(SLOW_PERIOD_MS, 1000 / this.rate) - since, 0);
    this.cancelSlice = this.delay(run, wait);
  }

  /** Slow runs: the instructions this slice may run (at least one), from the time since the last. */
  private slowBudget(): number {
    const t = this.now();
    const elapsed = this.lastSlowSlice === null ? 1000 / this.rate : Math.min(t - this.lastSlowSlice, SLOW_CATCH_UP_MS);
    this.lastSlowSlice = t;
    this.credit += (this.rate * elapsed) / 1000;
    const n = Math.max(1, Math.floor(this.credit));
    this.credit = Math.max(0, this.credit - n);
    return n;
  }

  /** What a slow run shows after each slice: registers, source line, disassembly. */
  private liveFrame(): { live?: LiveFrame } {
    if (this.rate === 0) return {};
    const registers = this.target.registers();
    return { live: { registers, source: this.tableNow().sourceAt(registers.pc), disassembly: this.window(registers.pc, DISASM_BEFORE, DISASM_AFTER) } };
  }

  private stopSlices(): void {
    this.cancelSlice?.();
    this.cancelSlice = null;
    this.endStepOver();
    this.stepper?.end();
    this.stepper = null;
  }

  private slice(): void {
    if (this.state !== 'running') return;
    const budget = this.rate === 0 ? this.budget.current : this.slowBudget();
    const before = this.target.instret();
    const t0 = this.now();
    if (this.stepper) return this.stepSlice(budget);
    let stop: StopReason;
    try {
      stop = this.target.run(budget, performance.now() + this.budget.sliceMs * 2);
    } finally {
      this.takeOutput();
    }
    const executed = this.target.instret() - before;
    if (this.rate === 0) this.budget.record(executed, this.now() - t0, stop.kind === 'budget');
    this.push({ type: 'progress', instret: this.target.instret(), mips: this.rate === 0 ? this.budget.mips : this.rate / 1e6, ...this.liveFrame() });
    if (stop.kind === 'budget' || this.deeperFrame(stop) || this.otherThreadsBreakpoint(stop)) {
      this.pushCheckResults('running');
      this.pushCompatStats(false);
      return this.scheduleSlice();
    }
    if (this.stepOverTo) return this.finishStepOver(stop);
    const info = toStopInfo(stop, this.target.registers().pc);
    this.setState(info.kind === 'halted' || info.kind === 'idle' ? 'halted' : 'paused');
    this.pushStopped(info);
  }

  /** A step over reached its return address in a deeper (recursive) frame, or in
   *  another thread: go on. */
  private deeperFrame(stop: StopReason): boolean {
    const over = this.stepOverTo;
    if (!over || stop.kind !== 'breakpoint' || stop.pc !== over.pc || this.userStop(stop.pc)) return false;
    return this.target.thread?.() !== over.thread || this.target.registers().sp < over.sp;
  }

  /** System mode: a line breakpoint reached by a PD whose image does not hold the line
   *  (the same address in another program): go on. */
  private otherThreadsBreakpoint(stop: StopReason): boolean {
    if (stop.kind !== 'breakpoint' || this.userStop(stop.pc)) return false;
    return this.armed.includes(stop.pc);
  }

  // ---- events ----

  /** Serial output and kernel event records since the last call. */
  private takeOutput(): void {
    const bytes = this.target.takeOutput();
    if (bytes && bytes.length > 0) this.push({ type: 'stdout', bytes });
    this.takeKernelEvents();
  }

  private takeKernelEvents(): void {
    const got = this.target.takeKernelEvents?.();
    if (got) this.push({ type: 'kernelEvents', ...encodeKernelEvents(got.records, got.dropped) });
  }

  private setState(s: RunState): void {
    if (this.state === s) return;
    this.state = s;
    // A slow run starts its clock afresh: time spent stopped is not owed.
    if (s === 'running') {
      this.credit = 0;
      this.lastSlowSlice = null;
    }
    this.push({ type: 'state', state: s });
  }

  private pushStopped(reason: StopInfo): void {
    const registers = this.target.registers();
    this.push({
      type: 'stopped',
      reason,
      registers,
      instret: this.target.instret(),
      source: this.tableNow().sourceAt(registers.pc),
      disassembly: this.window(registers.pc, DISASM_BEFORE, DISASM_AFTER),
    });
    this.pushCheckResults('stop');
    this.pushCompatStats(true);
  }

  /** The checks' verdicts, when the runner says they are due (see checkRunner.ts). */
  private pushCheckResults(moment: CheckMoment): void {
    const e = this.checks.evaluate(this.target, moment);
    if (e) this.push(e);
  }

  private window(address: bigint, before: number, after: number): DisasmLine[] {
    if (!this.target.loaded) return [];
    const table = this.tableNow();
    return this.target.disassemble(address, before, after).map((i) => {
      const line: DisasmLine = { addr: i.addr, word: i.word, text: i.text };
      const symbol = table.symbolAt(i.addr);
      const source = table.sourceAt(i.addr);
      if (symbol !== undefined) line.symbol = symbol;
      if (source) line.source = source;
      return line;
    });
  }

  private push(e: LabEvent): void {
    this.pending.push(e);
  }

  private flush(): void {
    this.takeKernelEvents();
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.emit({ v: PROTOCOL_VERSION, events });
  }
}

function toStopInfo(stop: StopReason, pc: bigint): StopInfo {
  switch (stop.kind) {
    case 'breakpoint': return { kind: 'breakpoint', pc: stop.pc };
    case 'halted': return stop.message === undefined
      ? { kind: 'halted', pc, exitCode: stop.exitCode }
      : { kind: 'halted', pc, exitCode: stop.exitCode, message: stop.message };
    case 'idle': return { kind: 'idle', pc };
    case 'paused':
    case 'budget': return { kind: 'paused', pc };
  }
}

/** A failure that is nobody's source error, pinned to the first file. */
function internalDiagnostic(files: SourceFile[], message: string): Diagnostic {
  return { file: files[0]?.name ?? '', line: 1, column: 1, severity: 'error', message };
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

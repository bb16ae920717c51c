// The real machine behind the protocol: the toolchain's buildProgram (C files with
// the sel4 sysroot, as `caplab cc --target sel4`, and assembly), booted as an seL4
// root task on the CapLab kernel model (bootRootTask: Sel4Kernel plays EL1). The
// kernel's event records are collected after every run and step (kernelEvents.ts).
// Worker layer, no DOM. Implements LabTarget (target.ts); Reset boots a fresh
// machine and kernel with the last good image again, so every run starts clean.
// Memory and disassembly read through TTBR0, i.e. the VSpace of the thread on the CPU.
// With a Microkit-style system description (system mode) the build makes every
// protection domain's image instead (systemBuild.ts) and each boot loads them with
// the monitor (kernel/system/loader.ts); the images overlap in addresses, so the
// build returns one line table per image, and symbols and the disassembly's code
// ranges follow the PD on the CPU.
// A Linux program (the editor's C files built with --target linux, or an uploaded ELF)
// boots under the Linux-compatibility component in the mode chosen (compat.ts): two
// threads, the program and linux-compat, each with its own symbols and code ranges,
// and the component's statistics counted live (compatStats) for the Linux panel.
// Each boot also starts a RunFacts (scenarios/checks.ts) that sees every kernel record
// and every serial byte, so the host can evaluate the exercise's checks as it runs.

import type { Machine } from '../emulator/machine.ts';
import type { StopReason } from '../emulator/types.ts';
import { bootRootTask } from '../kernel/boot.ts';
import { threadRegisters } from '../kernel/core/registers.ts';
import type { Tcb } from '../kernel/object/tcb.ts';
import type { CpuRegisters } from '../emulator/types.ts';
import type { Sel4Kernel } from '../kernel/kernel.ts';
import { bootSystem } from '../kernel/system/loader.ts';
import { monitorImage } from '../kernel/system/programs.ts';
import type { SystemDesc } from '../kernel/system/sdf.ts';
import type { Result } from '../shared/result.ts';
import { snapshotKernel } from '../kernel/snapshot.ts';
import { RunFacts } from '../scenarios/checks.ts';
import type { KernelSnapshotView } from '../shared/kernelView.ts';
import type { Diagnostic } from '../shared/diagnostic.ts';
import { type ImageLines, type KernelRecord, type LineEntry, type RegisterSnapshot, type SourceFile, type SymbolEntry, type ThreadEntry, type ThreadRegistersEvent } from '../shared/protocol.ts';
import { buildProgram, checkProject, type BuildOptions } from '../toolchain/build.ts';
import '../toolchain/ccdriver.ts';
import { sysrootHeaders } from '../toolchain/sysroot/index.ts';
import { disassemble } from '../toolchain/disasm/disasm.ts';
import { KernelEventQueue } from './kernelEvents.ts';
import { buildSystemProject, checkSystemProject, systemDiagnostic, type BuiltImage } from './systemBuild.ts';
import type { LabTarget, LinuxLoad, TargetBuild, TargetInstruction } from './target.ts';
import { bootLinux, compareLinux, CompatTally, linuxPlan, linuxThreadCode, programName, type LinuxPlan, type ThreadCode } from './compat.ts';
import { COMPONENT_NAME } from '../kernel/compat/loader.ts';
import type { CompatComparison, CompatLiveStats, LinuxBuild, LinuxMode } from '../shared/protocol.ts';
import type { ElfImage } from '../toolchain/elf/read.ts';

export interface MachineTargetOptions {
  /** Guest RAM in bytes (default: 64 MiB, plenty for a lab program). */
  ramBytes?: number;
  /** Run the kernel's invariant checker after every kernel entry (tests; slow). */
  checkInvariants?: boolean;
}

const DEFAULT_RAM = 64 * 1024 * 1024;
/** Run chunk bounds (virtual-time ticks) between two collections of kernel records. */
const MIN_CHUNK = 1024;
const MAX_CHUNK = 1 << 22;
/** While typed bytes wait for the UART, chunks are this short, so the driver gets the
 *  next ones soon after it drained the FIFO (a paste flows at the driver's pace). */
const INPUT_CHUNK = 4096;
/** Typed bytes the target keeps for the UART at most; more are refused with a message. */
export const MAX_PENDING_INPUT = 64 * 1024;
/** ELF section flag: the section holds instructions. */
const SHF_EXECINSTR = 4;

/** objdump prints `mnemonic\toperands\t// comment`; the view wants aligned spaces. */
function tidy(text: string): string {
  const [mnemonic, ...rest] = text.split('\t');
  const tail = rest.join('\t').replace(/\s*\t\/\/ /, '  // ');
  return rest.length ? `${mnemonic.padEnd(8)}${tail}` : mnemonic;
}

/** What a reset boots again: a root task's ELF, or a system with its PD images. */
type BootPlan =
  | { kind: 'rootTask'; elf: Uint8Array }
  | { kind: 'system'; system: SystemDesc; images: ReadonlyMap<string, Uint8Array> }
  | LinuxPlan;

type Booted = Result<{ machine: Machine; kernel: Sel4Kernel }, string>;

export class MachineTarget implements LabTarget {
  private machine: Machine | null = null;
  private events: KernelEventQueue | null = null;
  private kernel: Sel4Kernel | null = null;
  /** The last good build: every reset boots it again. */
  private plan: BootPlan | null = null;
  private symbols: SymbolEntry[] = [];
  /** [start, end) of the executable sections: the disassembly view stays inside them. */
  private code: [bigint, bigint][] = [];
  /** System mode: each PD's image (by PD name = thread name), for its symbols and code. */
  private pdImages = new Map<string, BuiltImage | ThreadCode>();
  /** A Linux program's run: its live counts (null for a root task or a system). */
  private compat: CompatTally | null = null;
  private out: number[] = [];
  /** What this boot's run did so far; `fedSerial` bytes of `out` are already in it. */
  private facts = new RunFacts();
  private fedSerial = 0;
  private decoder = new TextDecoder();
  private breakpoints: bigint[] = [];
  private lastStop: StopReason | null = null;
  /** Ticks run between two collections of kernel records (adapts to their rate). */
  private chunk = MAX_CHUNK;
  /** Typed bytes not yet in the UART's receive FIFO, oldest first (from `inputHead`). */
  private pendingInput: number[] = [];
  private inputHead = 0;

  constructor(private readonly options: MachineTargetOptions = {}) {}

  get loaded(): boolean {
    return this.machine !== null;
  }

  private get buildOptions(): BuildOptions {
    return { cc: { target: 'sel4' } };
  }

  /** What a build would say: every file compiled (headers on their own too) and, when they
   *  compile, the link's errors (no main, undefined symbols), so those stay in the problem
   *  list until fixed instead of vanishing at the next check. */
  check(files: SourceFile[], system?: string, linux?: LinuxBuild): Diagnostic[] {
    if (system !== undefined) return checkSystemProject(files, system);
    const opts: BuildOptions = linux ? { cc: { target: 'linux' } } : this.buildOptions;
    const compiled = checkProject(files, opts);
    if (compiled.some((d) => d.severity === 'error')) return compiled;
    const key = (d: Diagnostic) => `${d.file}:${d.line}:${d.column}:${d.message}`;
    const seen = new Set(compiled.map(key));
    return [...compiled, ...buildProgram(files, opts).diagnostics.filter((d) => !seen.has(key(d)))];
  }

  apiHeaders(): Readonly<Record<string, string>> {
    return sysrootHeaders('sel4');
  }

  build(files: SourceFile[], system?: string, linux?: LinuxBuild): TargetBuild {
    if (linux) return this.buildLinux(files, linux.mode);
    if (system !== undefined) return this.buildSystem(files, system);
    const r = buildProgram(files, this.buildOptions);
    const lines: LineEntry[] = r.lines.map((l) => ({ addr: l.addr, file: l.file, line: l.line }));
    const symbols: SymbolEntry[] = r.symbols
      .filter((s) => s.type !== 'section' && s.type !== 'file' && s.name !== '')
      .map((s) => ({ name: s.name, addr: s.addr }));
    const failed = (diagnostics: Diagnostic[]): TargetBuild => ({ ok: false, diagnostics, lines, symbols, entry: null, elf: null });
    if (!r.ok || !r.image || !r.elf) return failed(r.diagnostics);
    this.plan = { kind: 'rootTask', elf: r.elf.slice() };
    this.pdImages = new Map();
    this.symbols = symbols;
    this.code = r.image.sections
      .filter((sec) => (sec.flags & SHF_EXECINSTR) !== 0 && sec.addr !== 0n && sec.size > 0)
      .map((sec) => [sec.addr, sec.addr + BigInt(sec.size)]);
    const loadError = this.fresh();
    if (loadError !== null) {
      this.plan = null;
      return failed([...r.diagnostics, { file: files[0]?.name ?? '', line: 1, column: 1, severity: 'error', message: `cannot load the program: ${loadError}` }]);
    }
    return { ok: true, diagnostics: r.diagnostics, lines, symbols, entry: r.image.entry, elf: r.elf.slice() };
  }

  /** System mode: parse the description, build every PD's image (systemBuild.ts),
   *  boot them with the monitor. Problems with the description are diagnostics at
   *  its line; each image's line table goes back in `images`. */
  private buildSystem(files: SourceFile[], text: string): TargetBuild {
    const failed = (diagnostics: Diagnostic[]): TargetBuild => ({ ok: false, diagnostics, lines: [], symbols: [], entry: null, elf: null });
    const built = buildSystemProject(files, text);
    if (!built.ok) return failed(built.diagnostics);
    this.plan = { kind: 'system', system: built.desc, images: new Map(built.images.map((i) => [i.image, i.elf])) };
    this.symbols = [];
    this.code = [];
    this.pdImages = new Map(built.images.flatMap((i) => i.pds.map((pd): [string, BuiltImage] => [pd, i])));
    const loadError = this.fresh();
    if (loadError !== null) {
      this.plan = null;
      this.pdImages = new Map();
      return failed([...built.diagnostics, systemDiagnostic(1, 1, `the system cannot start: ${loadError}`)]);
    }
    const images: ImageLines[] = built.images.map(({ image, pds, files: from, lines, symbols }) => ({ image, pds, files: from, lines, symbols }));
    return { ok: true, diagnostics: built.diagnostics, lines: [], symbols: [], entry: this.m.cpu.pc, elf: null, images };
  }

  /** The files as a Linux program (--target linux) under linux-compat in `mode`. Its
   *  line table and symbols go back as two images: the program's thread and the
   *  component's (their code shares addresses). */
  private buildLinux(files: SourceFile[], mode: LinuxMode): TargetBuild {
    const r = buildProgram(files, { cc: { target: 'linux' } });
    const failed = (diagnostics: Diagnostic[]): TargetBuild => ({ ok: false, diagnostics, lines: [], symbols: [], entry: null, elf: null });
    if (!r.ok || !r.image || !r.elf) return failed(r.diagnostics);
    const stem = files.find((f) => f.name.endsWith('.c'))?.name.replace(/\.c$/, '') ?? 'linux-program';
    const plan: LinuxPlan = { kind: 'linux', elf: r.elf.slice(), name: programName(stem), mode };
    const lines: LineEntry[] = r.lines.map((l) => ({ addr: l.addr, file: l.file, line: l.line }));
    const loaded = this.adoptLinux(plan, r.image);
    if (typeof loaded === 'string') return failed([...r.diagnostics, { file: files[0]?.name ?? '', line: 1, column: 1, severity: 'error', message: `cannot load the program: ${loaded}` }]);
    const program = loaded.images[0];
    loaded.images[0] = { ...program, files: files.map((f) => f.name), lines };
    return { ok: true, diagnostics: r.diagnostics, lines: [], symbols: [], entry: loaded.entry, elf: r.elf.slice(), images: loaded.images };
  }

  /** An uploaded Linux ELF under linux-compat in `mode`; a clear reason when it cannot run
   *  (the machine keeps what it had when the file is refused before booting). */
  loadLinux(program: Uint8Array, name: string, mode: LinuxMode): LinuxLoad {
    const checked = linuxPlan(program, name, mode);
    if (!checked.ok) return { ok: false, error: checked.error };
    const loaded = this.adoptLinux(checked.value.plan, checked.value.image);
    return typeof loaded === 'string' ? { ok: false, error: loaded } : { ok: true, ...loaded };
  }

  /** Makes `plan` the last good program and boots it; per-thread code and images for the host. */
  private adoptLinux(plan: LinuxPlan, image: ElfImage): { entry: bigint; images: ImageLines[] } | string {
    const code = linuxThreadCode(image, plan.name);
    this.plan = plan;
    this.symbols = [];
    this.code = [];
    this.pdImages = code;
    const loadError = this.fresh();
    if (loadError !== null) {
      this.plan = null;
      this.pdImages = new Map();
      return loadError;
    }
    const images: ImageLines[] = [...code].map(([thread, c]) => ({ image: thread === COMPONENT_NAME ? `${COMPONENT_NAME}.elf` : plan.name, pds: [thread], files: [], lines: [], symbols: c.symbols }));
    return { entry: image.entry, images };
  }

  /** A Linux program's run so far (null when the machine holds none). */
  compatStats(): CompatLiveStats | null {
    return this.compat?.stats() ?? null;
  }

  /** The loaded Linux program in every mode, each on a machine of its own. */
  compareLinux(): CompatComparison | string {
    const plan = this.plan;
    if (!plan || plan.kind !== 'linux') return 'no Linux program is loaded: build one with the Linux panel, or upload a binary';
    return compareLinux(plan);
  }

  reset(): boolean {
    return this.plan !== null && this.fresh() === null;
  }

  private boot(plan: BootPlan, output: (b: number) => void): Booted {
    const common = { ramBytes: this.options.ramBytes ?? DEFAULT_RAM, output, checkInvariants: this.options.checkInvariants ?? false };
    this.compat = null;
    if (plan.kind === 'rootTask') return bootRootTask({ elf: plan.elf, ...common });
    if (plan.kind === 'linux') {
      const b = bootLinux(plan, common);
      if (b.ok) this.compat = new CompatTally(b.value);
      return b;
    }
    return bootSystem({ system: plan.system, images: plan.images, monitor: monitorImage(), ...common });
  }

  /** A new machine and kernel with the last good build booted; null, or why it failed. */
  private fresh(): string | null {
    this.out = [];
    this.facts = new RunFacts();
    this.fedSerial = 0;
    this.decoder = new TextDecoder();
    this.pendingInput = [];
    this.inputHead = 0;
    const booted = this.boot(this.plan!, (b) => this.out.push(b));
    if (!booted.ok) {
      this.machine = null;
      this.events = null;
      this.kernel = null;
      return booted.error;
    }
    const machine = booted.value.machine;
    this.machine = machine;
    const facts = this.facts;
    const compat = this.compat;
    this.events = new KernelEventQueue(booted.value.kernel, undefined, (records) => {
      facts.observe(records);
      compat?.observe(records);
    });
    this.kernel = booted.value.kernel;
    this.lastStop = null;
    for (const a of this.breakpoints) machine.addBreakpoint(a);
    return null;
  }

  private get m(): Machine {
    if (!this.machine) throw new Error('MachineTarget: no program loaded');
    return this.machine;
  }

  run(budget: number, wallDeadline?: number): StopReason {
    const m = this.m;
    // The machine resumes over a breakpoint it stopped at itself; after a step,
    // a pause or a reset that left pc on a breakpoint, Continue must move off it too
    // (except at the very first instruction, where stopping is what the user asked).
    const atBreakpoint = this.breakpoints.includes(m.cpu.pc);
    const stoppedHere = this.lastStop?.kind === 'breakpoint' && this.lastStop.pc === m.cpu.pc;
    if (atBreakpoint && !stoppedHere && m.instret > 0) {
      const s = m.step();
      if (s.kind !== 'budget') return this.remember(s);
    }
    return this.remember(this.runInChunks(m, budget, wallDeadline));
  }

  /** Runs `budget` ticks in chunks, collecting the kernel's records after each, so the
   *  kernel's ring does not overflow within a slice. The chunk shrinks while records
   *  come fast and grows back while they are rare. Results do not depend on the cuts. */
  private runInChunks(m: Machine, budget: number, wallDeadline = Infinity): StopReason {
    const events = this.events!;
    const quarter = events.ringCapacity / 4;
    const end = m.time + budget;
    for (;;) {
      const waiting = this.feedInput(m);
      const s = m.run(Math.min(waiting ? Math.min(this.chunk, INPUT_CHUNK) : this.chunk, end - m.time), wallDeadline);
      const got = events.collect();
      if (got > quarter) this.chunk = Math.max(MIN_CHUNK, this.chunk >> 2);
      else if (got < quarter / 4) this.chunk = Math.min(MAX_CHUNK, this.chunk * 2);
      if (s.kind !== 'budget' || m.time >= end || performance.now() >= wallDeadline) return s;
    }
  }

  step(): StopReason {
    const m = this.m;
    this.feedInput(m);
    return this.remember(m.step());
  }

  private remember(s: StopReason): StopReason {
    this.lastStop = s;
    this.events?.collect();
    return s;
  }

  takeKernelEvents(): { records: KernelRecord[]; dropped: number } | null {
    return this.events?.take() ?? null;
  }

  kernelSnapshot(): KernelSnapshotView {
    if (!this.kernel) throw new Error('MachineTarget: no program loaded');
    return snapshotKernel(this.kernel.state, this.m.time);
  }

  /** The thread on the CPU: its registers, and the VSpace memory reads go through. */
  thread(): string | undefined {
    return this.events?.threadOnCpu();
  }

  registers(): RegisterSnapshot {
    const snapshot = snapshotOf(this.m.cpu);
    const thread = this.thread();
    if (thread !== undefined) snapshot.thread = thread;
    return snapshot;
  }

  threadRegisters(name?: string): Omit<ThreadRegistersEvent, 'type'> {
    const k = this.kernel;
    if (!k) return { threads: [], thread: null, state: null, registers: null };
    const ks = k.state;
    const onCpu = ks.current;
    const tcbs = [...ks.tcbs.values()].sort((a, b) => Number(b === onCpu) - Number(a === onCpu));
    const threads: ThreadEntry[] = tcbs.map((t) => ({ name: t.name, state: t.state, onCpu: t === onCpu }));
    const chosen: Tcb | undefined = tcbs.find((t) => t.name === name) ?? tcbs[0];
    if (!chosen) return { threads, thread: null, state: null, registers: null };
    // Read only: nothing is committed back to the TCB.
    const registers = snapshotOf(threadRegisters(chosen, onCpu, this.m.cpu).regs);
    registers.thread = chosen.name;
    return { threads, thread: chosen.name, state: chosen.state, registers };
  }

  instret(): number {
    return this.machine ? this.machine.instret : 0;
  }

  setBreakpoints(addresses: readonly bigint[]): void {
    this.breakpoints = [...addresses];
    const m = this.machine;
    if (!m) return;
    m.clearBreakpoints();
    for (const a of addresses) m.addBreakpoint(a);
  }

  readMemory(address: bigint, length: number): Uint8Array | string {
    const got = this.m.readVirtual(address, length, { privilege: 'debug' });
    if (got instanceof Uint8Array) return got;
    const f = got.fault;
    return `cannot read 0x${f.address.toString(16)}: ${f.kind} fault${f.level >= 0 ? ` at level ${f.level}` : ''}`;
  }

  disassemble(address: bigint, before: number, after: number): TargetInstruction[] {
    const m = this.m;
    const at = address & ~3n;
    // Inside code, the window stays within its section; elsewhere (pc in data) it shows what is mapped.
    const image = this.imageOnCpu();
    const code = image ? image.code : this.code;
    const range = code.find(([lo, hi]) => at >= lo && at < hi) ?? [0n, 1n << 64n];
    const out: TargetInstruction[] = [];
    for (let i = -before; i <= after; i++) {
      const addr = at + BigInt(i * 4);
      if (addr < range[0] || addr >= range[1]) continue;
      const bytes = m.readVirtual(addr, 4, { privilege: 'debug' });
      if (!(bytes instanceof Uint8Array)) {
        if (addr > at) out.push({ addr, word: null, text: '(not mapped)' });
        continue;
      }
      const word = new DataView(bytes.buffer).getUint32(0, true);
      out.push({ addr, word, text: tidy(disassemble(word, addr, { symbolize: (a) => this.symbolize(a) }).text) });
    }
    return out;
  }

  /** System mode: the program image of the PD on the CPU (undefined: root task, monitor). */
  private imageOnCpu(): BuiltImage | ThreadCode | undefined {
    if (this.pdImages.size === 0) return undefined;
    const t = this.thread();
    return t === undefined ? undefined : this.pdImages.get(t);
  }

  private symbolize(addr: bigint): string | undefined {
    let best: SymbolEntry | undefined;
    for (const s of this.imageOnCpu()?.symbols ?? this.symbols) {
      if (s.addr <= addr && (!best || s.addr > best.addr)) best = s;
    }
    if (!best) return undefined;
    const off = addr - best.addr;
    return off === 0n ? best.name : `${best.name}+0x${off.toString(16)}`;
  }

  takeOutput(): Uint8Array | null {
    if (this.out.length === 0) return null;
    this.feedSerial();
    const bytes = Uint8Array.from(this.out);
    this.out = [];
    this.fedSerial = 0;
    return bytes;
  }

  /** Serial bytes not yet in the facts go in (UTF-8, decoded across cuts). */
  private feedSerial(): void {
    if (this.fedSerial >= this.out.length) return;
    const fresh = Uint8Array.from(this.out.slice(this.fedSerial));
    this.fedSerial = this.out.length;
    this.facts.addSerial(this.decoder.decode(fresh, { stream: true }));
  }

  runFacts(options: { snapshot: boolean }): RunFacts | null {
    const m = this.machine;
    const kernel = this.kernel;
    if (!m || !kernel) return null;
    this.events?.collect();
    this.feedSerial();
    const f = this.facts;
    f.instructions = m.instret;
    const o = kernel.outcome;
    if (m.halted) f.end = o.kind === 'exited' ? { kind: 'exited', status: o.status } : o.kind === 'stopped' ? { kind: 'stopped', report: o.report } : null;
    if (options.snapshot) f.snapshot = snapshotKernel(kernel.state, m.time);
    return f;
  }

  /** Queues typed bytes; they enter the UART as its receive FIFO has room (before
   *  every run chunk and step). Past MAX_PENDING_INPUT the rest is refused: a message. */
  input(bytes: Uint8Array): string | null {
    if (!this.machine) return null; // nothing loaded: nobody could read it
    const room = MAX_PENDING_INPUT - this.pendingCount;
    const taken = Math.min(room, bytes.length);
    for (let i = 0; i < taken; i++) this.pendingInput.push(bytes[i]);
    if (taken === bytes.length) return null;
    return `the serial input queue is full (${MAX_PENDING_INPUT} bytes waiting for the program to read them): ${bytes.length - taken} typed bytes were dropped`;
  }

  /** Typed bytes still waiting for the UART. */
  get pendingCount(): number {
    return this.pendingInput.length - this.inputHead;
  }

  /** Moves queued bytes into the UART while its FIFO takes them; true if some still wait. */
  private feedInput(m: Machine): boolean {
    const q = this.pendingInput;
    while (this.inputHead < q.length && m.uart.receive(q[this.inputHead])) this.inputHead++;
    if (this.inputHead >= 4096 && this.inputHead * 2 >= q.length) {
      q.splice(0, this.inputHead);
      this.inputHead = 0;
    }
    return this.inputHead < q.length;
  }
}

function snapshotOf(r: CpuRegisters): RegisterSnapshot {
  const x: bigint[] = [];
  for (let i = 0; i < 31; i++) x.push(r.getX(i));
  return { x, sp: r.sp, pc: r.pc, nzcv: r.nzcv >>> 0 };
}

export function createMachineTarget(options: MachineTargetOptions = {}): MachineTarget {
  return new MachineTarget(options);
}

// The lab protocol: the typed, versioned messages between the page (src/ui) and the
// machine host (src/worker). Shared layer: plain data, no DOM. Requests go page ->
// host one at a time; events come back host -> page in batches, one batch per run
// slice, so high-rate data (serial output, progress) costs one message per slice.
// Both transports (postMessage to a Web Worker, and the in-process twin) carry exactly
// these shapes; 64-bit values travel as bigint, large buffers as transferables.
// Kernel event records travel packed (kernelEvents, see encodeKernelEvents below).

import type { Diagnostic } from './diagnostic.ts';
import type { CheckResult } from '../scenarios/checks.ts';
import type { Check } from '../scenarios/format.ts';
import type { KernelEventRecord as KernelEvent, KernelSnapshotView, StampedEvent as Stamped } from './kernelView.ts';

// The record shapes are written once, in the shared layer (kernelView.ts); the kernel uses them.
export type { KernelEventRecord as KernelEvent } from './kernelView.ts';
/** One kernel event record: sequence number, virtual time, the event. */
export type KernelRecord = Stamped;

/** Bump on any incompatible change; the host refuses a hello with another version.
 *  3: kernelEvents; the thread on the CPU in registers, memory and disassembly.
 *  4: kernelSnapshot (request and event).
 *  5: setChecks (request) and checkResults (event): the exercise step's checks, ticked live;
 *     build and check may carry a system description (system mode).
 *  7: buildResult images: a system build's line table and symbols per program image.
 *  8: Linux programs under the compatibility component: build's `linux` field,
 *     loadLinux (an uploaded ELF), compare; linuxLoaded, compatStats, compareResult. */
export const PROTOCOL_VERSION = 8;

/** The file name diagnostics about a build's system description carry. */
export const SYSTEM_FILE_NAME = 'system.system';

export interface SourceFile {
  name: string;
  text: string;
}

/** A source location the debugger can stop at. */
export interface SourceLine {
  file: string;
  line: number;
}

export interface LineEntry extends SourceLine {
  addr: bigint;
}

export interface SymbolEntry {
  name: string;
  addr: bigint;
}

/** System mode: one protection domain program image and what the debugger reads in it.
 *  The images share addresses, so each line table holds for its PDs' threads only. */
export interface ImageLines {
  /** The program_image path of the description, e.g. "client.elf". */
  image: string;
  /** The protection domains (their threads have these names) that run this image. */
  pds: string[];
  /** The project files it was built from. */
  files: string[];
  lines: LineEntry[];
  symbols: SymbolEntry[];
}

/** idle: nothing loaded; ready: loaded, not started; running; paused (stopped, can
 *  continue); halted (the program ended or faulted; only reset or build help). */
export type RunState = 'idle' | 'ready' | 'running' | 'paused' | 'halted';

export interface RegisterSnapshot {
  /** x0..x30 */
  x: bigint[];
  sp: bigint;
  pc: bigint;
  /** NZCV in bits 31..28, as MRS NZCV reads it. */
  nzcv: number;
  /** The kernel thread these registers belong to (the one on the CPU), when the
   *  machine runs a kernel with threads. */
  thread?: string;
}

/** A running machine's state after one slow slice (setSpeed rate). */
export interface LiveFrame {
  registers: RegisterSnapshot;
  source: SourceLine | null;
  disassembly: DisasmLine[];
}

/** One kernel thread in the debugger's thread list. */
export interface ThreadEntry {
  name: string;
  /** The kernel's thread state (Running, BlockedOnReceive, Inactive, ...). */
  state: string;
  /** On the CPU now: its registers are the CPU's. */
  onCpu: boolean;
}

/** The answer to threadRegisters: every thread (the one on the CPU first), and the
 *  chosen one's registers (null when the machine has no kernel threads). */
export interface ThreadRegistersEvent {
  type: 'threadRegisters';
  threads: ThreadEntry[];
  thread: string | null;
  state: string | null;
  registers: RegisterSnapshot | null;
}

/** Why the machine stopped, in data the page can show. */
export type StopInfo =
  | { kind: 'breakpoint'; pc: bigint }
  | { kind: 'step'; pc: bigint }
  | { kind: 'paused'; pc: bigint }
  | { kind: 'halted'; pc: bigint; exitCode: number; message?: string }
  | { kind: 'idle'; pc: bigint }
  | { kind: 'reset'; pc: bigint };

export interface DisasmLine {
  addr: bigint;
  /** The instruction word, or null when the address cannot be read. */
  word: number | null;
  text: string;
  symbol?: string;
  source?: SourceLine;
}

/** A function of the sysroot (libc, libsel4) as the editor's hover shows it. */
export interface ApiEntry {
  name: string;
  /** The declaration as the header writes it, e.g. `int printf(const char *restrict fmt, ...)`. */
  signature: string;
  /** The header that declares it, e.g. `stdio.h`. */
  header: string;
  /** One line of documentation, or '' when the lab has none for this function. */
  doc: string;
}

export type LabRequest =
  | { type: 'hello'; version: number }
  /** Compiles (.c, --target sel4) and assembles (.s) every file, links, and loads the program.
   *  With `system` (a Microkit-style .system description, system mode) it builds each
   *  protection domain's image from its files (--target microkit) and boots them all
   *  with the monitor; problems in the description are diagnostics of SYSTEM_FILE_NAME.
   *  A system build's lines and symbols are empty (the images share addresses): each
   *  image's are in `images`, and the host reads the one of the PD on the CPU. */
  | { type: 'build'; files: SourceFile[]; system?: string; linux?: LinuxBuild }
  /** Compiles without linking or loading: answers checkResult with the same id, and
   *  never touches the machine (a running program keeps running). `system`: parse the
   *  description and build (compile and link) every protection domain's image as a
   *  system build would, without booting, so its problems are the build's. */
  | { type: 'check'; id: number; files: SourceFile[]; system?: string; linux?: LinuxBuild }
  | { type: 'run' }
  | { type: 'pause' }
  /** One instruction (count times); with `over`, a call (bl/blr) runs until it returns. */
  | { type: 'step'; count?: number; over?: boolean }
  /** Source-level step: runs until the pc reaches a line of a project file other than
   *  the line it started on. Calls into project code are entered (`over` runs them to
   *  their return); calls into code without project lines (libc) are always run over. */
  | { type: 'stepLine'; over?: boolean }
  /** Runs until the current function returns to its caller. */
  | { type: 'stepOut' }
  /** Asks for the sysroot's function list (answered by an apiDocs event). */
  | { type: 'apiDocs' }
  | { type: 'reset' }
  /** Replaces the whole breakpoint set. Lines resolve through the last build's line table. */
  | { type: 'setBreakpoints'; addresses: bigint[]; lines: SourceLine[] }
  | { type: 'readMemory'; address: bigint; length: number }
  | { type: 'disassemble'; address: bigint; before: number; after: number }
  | { type: 'input'; bytes: Uint8Array }
  /** `sliceMs`: target wall-clock length of one run slice, in ms (clamped to 2..50).
   *  `rate`: instructions per second to run at (a slow run to watch: every slice then
   *  sends its registers in its progress event), or 0 for flat out. An absent field
   *  leaves that setting as it was. */
  | { type: 'setSpeed'; sliceMs?: number; rate?: number }
  /** The saved registers of one kernel thread by name (the live CPU for the thread on
   *  the CPU), answered by a threadRegisters event with the list of threads. Without
   *  `thread`, or with a name that is gone: the thread on the CPU. */
  | { type: 'threadRegisters'; thread?: string }
  /** A plain-data picture of the kernel now (answered by a kernelSnapshot event). */
  | { type: 'kernelSnapshot' }
  /** The exercise step's checks (replacing any before). The host keeps them across
   *  builds and resets and evaluates them against the run since the last boot; its
   *  checkResults events carry this `id`, so the page can tell answers to older
   *  checks apart. An empty list stops the evaluation. */
  | { type: 'setChecks'; id: number; checks: Check[] }
  /** Loads an uploaded static Linux AArch64 ELF under the Linux-compatibility component
   *  in `mode` (answered by linuxLoaded; on success the machine is ready, as after a
   *  build, and the last good build is replaced; on failure the machine keeps what it had). */
  | { type: 'loadLinux'; program: Uint8Array; name: string; mode: LinuxMode }
  /** Runs the loaded Linux program in every mode to its end (compareModes) and answers
   *  compareResult with the same id. The live machine is left as it was. */
  | { type: 'compare'; id: number };

// ---- Linux programs under the compatibility component (issue 7) ----

/** The four ways a Linux call reaches the component (src/kernel/compat/layout.ts MODES):
 *  fault handler, fault handler with the origin window (lab kernel extension),
 *  trap-and-patch, and the modelled virtual CPU. */
export type LinuxMode = 'fault' | 'window' | 'patch' | 'vcpu';
export const LINUX_MODES: readonly LinuxMode[] = ['fault', 'window', 'patch', 'vcpu'];

/** A build's files are a Linux program (C with --target linux), run under the component in `mode`. */
export interface LinuxBuild {
  mode: LinuxMode;
}

/** What the Linux-compatibility component counts in its state page. */
export interface CompatCallFigures {
  /** Linux calls the component or its library handled, and by which path. */
  linuxCalls: number;
  by: { handler: number; forwarded: number; inProcess: number; guestKernel: number };
  /** Linux calls the kernel ran as seL4 calls (x7 held an seL4 number and no window). */
  misrouted: number;
  /** Addresses of the svc sites rewritten into branches to gates (patch mode). */
  patchedSites: bigint[];
  /** Unsupported Linux calls the program made (answered with ENOSYS), by name. */
  enosys: { nr: number; name: string }[];
}

/** What the run since the boot did, as the component and the kernel count it (from the
 *  program's first instruction; the component's start-up excluded). */
export interface CompatLiveStats extends CompatCallFigures {
  mode: LinuxMode;
  /** The program's thread name. */
  program: string;
  instructions: number;
  kernelEntries: number;
  faults: number;
  ipcMessages: number;
  guestTraps: number;
  originChecks: number;
}

/** One mode's row of a comparison of the four ways (src/kernel/compat/compare.ts makes them). */
export interface CompatCostRow {
  mode: LinuxMode;
  ok: boolean;
  problem: string | null;
  status: number | null;
  console: string;
  linuxCalls: number;
  misrouted: number;
  patchedSites: number;
  perCall: { kernelEntries: number; faults: number; ipcMessages: number; guestTraps: number; originChecks: number };
  /** Above the baseline (the program's own instructions); null without a baseline. */
  instructionsPerCall: number | null;
  cyclesPerCall: number | null;
  totals: { instructions: number; cycles: number; kernelEntries: number };
}

export interface CompatComparison {
  /** The program's name (thread name, argv[0]). */
  program: string;
  /** The program's own instructions; `source`: how they were counted (the stand-in shim, or its thread in fault mode). */
  baseline: { instructions: number; problem: string | null; source?: string };
  rows: CompatCostRow[];
}

/** One check's verdict now: `wants` is the check as a sentence, `detail` what happened. */
export type CheckOutcome = CheckResult;

/** What a build produced: the worker's targets return it and the buildResult event carries it. */
export interface BuildSummary {
  ok: boolean;
  diagnostics: Diagnostic[];
  lines: LineEntry[];
  symbols: SymbolEntry[];
  entry: bigint | null;
  /** The linked ELF file (transferred), for download. */
  elf: Uint8Array | null;
  /** System mode: each program image's line table and symbols. */
  images?: ImageLines[];
}

export type LabEvent =
  | { type: 'hello'; version: number; ok: boolean; message?: string }
  | ({ type: 'buildResult' } & BuildSummary)
  | { type: 'checkResult'; id: number; diagnostics: Diagnostic[] }
  | { type: 'apiDocs'; entries: ApiEntry[] }
  | { type: 'stdout'; bytes: Uint8Array }
  | { type: 'state'; state: RunState }
  /** Once per slice while running; at a chosen rate (setSpeed) with `live`: the
   *  registers, source line and disassembly window after the slice. */
  | { type: 'progress'; instret: number; mips: number; live?: LiveFrame }
  | ThreadRegistersEvent
  | {
      type: 'stopped';
      reason: StopInfo;
      registers: RegisterSnapshot;
      instret: number;
      source: SourceLine | null;
      disassembly: DisasmLine[];
    }
  | { type: 'breakpoints'; addresses: bigint[]; unresolved: SourceLine[] }
  /** `thread`: whose address space (VSpace) the address was read in. */
  | { type: 'memory'; address: bigint; bytes: Uint8Array; error?: string; thread?: string }
  | { type: 'disassembly'; lines: DisasmLine[]; thread?: string }
  /** The kernel's event records since the previous kernelEvents, at most one per
   *  batch (run slice, step, request); see encodeKernelEvents. */
  | ({ type: 'kernelEvents' } & PackedKernelEvents)
  /** Threads, cap slots with CDT parents, queues, untypeds, mappings (null: no kernel loaded). */
  | { type: 'kernelSnapshot'; snapshot: KernelSnapshotView | null }
  /** The checks of setChecks `id`, in their order, against the run so far. Sent right
   *  after setChecks and at every stop (build, reset, step, pause, end), and while
   *  running when a verdict or detail changed, at most ~4 times a second. */
  | { type: 'checkResults'; id: number; results: CheckOutcome[] }
  /** The answer to loadLinux: `error` says why the file cannot run (not ELF, wrong
   *  machine, dynamic, too large, ...). */
  | { type: 'linuxLoaded'; ok: boolean; name: string; mode: LinuxMode; error?: string }
  /** A Linux program's run so far: at every stop, and while running at most ~4 times a
   *  second when it changed; null when the machine holds no Linux program. */
  | { type: 'compatStats'; stats: CompatLiveStats | null }
  | { type: 'compareResult'; id: number; comparison: CompatComparison | null; error?: string }
  | { type: 'error'; message: string };

/** What actually crosses the boundary host -> page. */
export interface EventBatch {
  v: number;
  events: LabEvent[];
}

export type BatchListener = (batch: EventBatch) => void;

/** The page's view of the host, whatever carries the messages. */
export interface LabTransport {
  send(request: LabRequest): void;
  /** Returns an unsubscribe function. */
  subscribe(listener: BatchListener): () => void;
  close(): void;
}

/** Buffers in a batch that can be transferred instead of copied. */
export function transferablesOf(batch: EventBatch): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const add = (b: ArrayBufferView | null) => {
    if (b && b.buffer instanceof ArrayBuffer && !out.includes(b.buffer)) out.push(b.buffer);
  };
  for (const e of batch.events) {
    if (e.type === 'stdout' || e.type === 'memory') add(e.bytes);
    else if (e.type === 'buildResult') add(e.elf);
    else if (e.type === 'kernelEvents') add(e.words);
  }
  return out;
}

export function transferablesOfRequest(req: LabRequest): ArrayBuffer[] {
  if (req.type === 'loadLinux' && req.program.buffer instanceof ArrayBuffer) return [req.program.buffer];
  return req.type === 'input' && req.bytes.buffer instanceof ArrayBuffer ? [req.bytes.buffer] : [];
}

// ---- kernel events on the wire ----
//
// A batch of kernel records is one Uint32Array (transferred, not copied) and a
// table of the strings it names. Each record is [seq lo, seq hi, time lo, time hi,
// field count] and then its fields, each a head word (name index << 4 | tag)
// and the value's words. Records describe their own fields, so a field added to
// KernelEvent travels without a change here. Strings repeat (thread names, kinds,
// labels) and are sent once per batch.

export interface PackedKernelEvents {
  /** Records in `words`. */
  count: number;
  /** Records lost since the previous kernelEvents (the kernel's ring, or the host's
   *  queue, dropped the oldest when full). */
  dropped: number;
  strings: string[];
  words: Uint32Array;
}

const T_STR = 0, T_U32 = 1, T_F64 = 2, T_U64 = 3, T_I64 = 4, T_TRUE = 5, T_FALSE = 6, T_NULL = 7, T_ARRAY = 8, T_OBJECT = 9;
const TWO32 = 4294967296;
const TWO32N = 0x1_0000_0000n;
const TWO64N = 1n << 64n;
const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);

class WordWriter {
  words = new Uint32Array(4096);
  n = 0;
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  push(w: number): void {
    if (this.n === this.words.length) {
      const bigger = new Uint32Array(this.words.length * 2);
      bigger.set(this.words);
      this.words = bigger;
    }
    this.words[this.n++] = w;
  }

  str(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }

  /** A non-negative integer below 2^53 as two words. */
  wide(v: number): void {
    this.push(v >>> 0);
    this.push(Math.floor(v / TWO32));
  }

  value(name: number, v: unknown): void {
    const head = name << 4;
    switch (typeof v) {
      case 'string': this.push(head | T_STR); this.push(this.str(v)); return;
      case 'boolean': this.push(head | (v ? T_TRUE : T_FALSE)); return;
      case 'number': return this.number(head, v);
      case 'bigint': return this.bigint(head, v);
      case 'object': return v === null ? this.push(head | T_NULL) : this.compound(head, v);
      default: this.push(head | T_STR); this.push(this.str(String(v)));
    }
  }

  private number(head: number, v: number): void {
    if (Number.isInteger(v) && v >= 0 && v < TWO32) { this.push(head | T_U32); this.push(v); return; }
    f64[0] = v;
    this.push(head | T_F64); this.push(f64Words[0]); this.push(f64Words[1]);
  }

  private bigint(head: number, v: bigint): void {
    if (v >= 0n && v < TWO32N) { this.push(head | T_U64); this.push(Number(v)); this.push(0); return; }
    const unsigned = v >= 0n && v < TWO64N;
    const u = unsigned ? v : BigInt.asUintN(64, v);
    this.push(head | (unsigned ? T_U64 : T_I64));
    this.push(Number(BigInt.asUintN(32, u)));
    this.push(Number(u >> 32n));
  }

  private compound(head: number, v: object): void {
    if (Array.isArray(v)) {
      this.push(head | T_ARRAY); this.push(v.length);
      for (const x of v) this.value(0, x);
      return;
    }
    this.push(head | T_OBJECT);
    this.fields(v as Record<string, unknown>);
  }

  /** A field count, then each defined field of `o` (its name and value). */
  fields(o: Record<string, unknown>): void {
    const at = this.n;
    this.push(0);
    let count = 0;
    for (const k in o) {
      const x = o[k];
      if (x === undefined) continue;
      this.value(this.str(k), x);
      count++;
    }
    this.words[at] = count;
  }
}

/** Packs kernel records (oldest first) for a kernelEvents event. */
export function encodeKernelEvents(records: readonly KernelRecord[], dropped: number): PackedKernelEvents {
  const w = new WordWriter();
  for (const r of records) {
    w.wide(r.seq);
    w.wide(r.time);
    w.fields(r.event as unknown as Record<string, unknown>);
  }
  return { count: records.length, dropped, strings: w.strings, words: w.words.slice(0, w.n) };
}

class WordReader {
  at = 0;
  constructor(private readonly words: Uint32Array, private readonly strings: readonly string[]) {}

  next(): number {
    if (this.at >= this.words.length) throw new Error('kernelEvents: the record words end early');
    return this.words[this.at++];
  }

  wide(): number {
    const lo = this.next();
    return this.next() * TWO32 + lo;
  }

  str(i: number): string {
    const s = this.strings[i];
    if (s === undefined) throw new Error(`kernelEvents: no string ${i}`);
    return s;
  }

  /** A field: its name and value. */
  field(): [string, unknown] {
    const head = this.next();
    return [this.str(head >>> 4), this.value(head & 15)];
  }

  /** Steps over a value with this tag without building it. */
  skip(tag: number): void {
    switch (tag) {
      case T_STR: case T_U32: this.at += 1; return;
      case T_F64: case T_U64: case T_I64: this.at += 2; return;
      case T_TRUE: case T_FALSE: case T_NULL: return;
      case T_ARRAY: for (let n = this.next(); n > 0; n--) this.skip(this.next() & 15); return;
      case T_OBJECT: for (let n = this.next(); n > 0; n--) this.skip(this.next() & 15); return;
      default: throw new Error(`kernelEvents: unknown value tag ${tag}`);
    }
  }

  value(tag: number): unknown {
    switch (tag) {
      case T_STR: return this.str(this.next());
      case T_U32: return this.next();
      case T_F64: f64Words[0] = this.next(); f64Words[1] = this.next(); return f64[0];
      case T_U64: case T_I64: {
        const lo = this.next(), hi = this.next();
        if (hi === 0 && tag === T_U64) return BigInt(lo);
        const u = (BigInt(hi) << 32n) | BigInt(lo);
        return tag === T_U64 ? u : BigInt.asIntN(64, u);
      }
      case T_TRUE: return true;
      case T_FALSE: return false;
      case T_NULL: return null;
      case T_ARRAY: return Array.from({ length: this.next() }, () => this.value(this.next() & 15));
      case T_OBJECT: {
        const out: Record<string, unknown> = {};
        for (let n = this.next(); n > 0; n--) { const [k, x] = this.field(); out[k] = x; }
        return out;
      }
      default: throw new Error(`kernelEvents: unknown value tag ${tag}`);
    }
  }
}

/** Unpacks a kernelEvents event into records, oldest first. */
export function decodeKernelEvents(p: PackedKernelEvents): KernelRecord[] {
  const r = new WordReader(p.words, p.strings);
  const out: KernelRecord[] = [];
  for (let i = 0; i < p.count; i++) out.push(readRecord(r));
  return out;
}

/** Where each record of a kernelEvents event starts in its words (for decoding one
 *  record at a time with decodeKernelRecord, without building the others). */
export function kernelRecordOffsets(p: PackedKernelEvents): Uint32Array {
  const r = new WordReader(p.words, p.strings);
  const out = new Uint32Array(p.count);
  for (let i = 0; i < p.count; i++) {
    out[i] = r.at;
    r.at += 4;
    for (let n = r.next(); n > 0; n--) r.skip(r.next() & 15);
  }
  return out;
}

/** The record starting at word `offset` (from kernelRecordOffsets). */
export function decodeKernelRecord(p: PackedKernelEvents, offset: number): KernelRecord {
  const r = new WordReader(p.words, p.strings);
  r.at = offset;
  return readRecord(r);
}

function readRecord(r: WordReader): KernelRecord {
  const seq = r.wide();
  const time = r.wide();
  const event: Record<string, unknown> = {};
  for (let n = r.next(); n > 0; n--) { const [k, x] = r.field(); event[k] = x; }
  return { seq, time, event: event as unknown as KernelEvent };
}

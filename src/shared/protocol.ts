// The lab protocol: the typed, versioned messages between the page (src/ui) and the
// machine host (src/worker). Shared layer: plain data, no DOM. Requests go page ->
// host one at a time; events come back host -> page in batches, one batch per run
// slice, so high-rate data (serial output, progress) costs one message per slice.
// Both transports (postMessage to a Web Worker, and the in-process twin) carry exactly
// these shapes; 64-bit values travel as bigint, large buffers as transferables.

import type { Diagnostic } from './diagnostic.ts';

/** Bump on any incompatible change; the host refuses a hello with another version. */
export const PROTOCOL_VERSION = 2;

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
  /** Compiles (.c, --target sel4) and assembles (.s) every file, links, and loads the program. */
  | { type: 'build'; files: SourceFile[] }
  /** Compiles without linking or loading: answers checkResult with the same id, and
   *  never touches the machine (a running program keeps running). */
  | { type: 'check'; id: number; files: SourceFile[] }
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
  /** Target wall-clock length of one run slice, in ms (clamped to 2..50). */
  | { type: 'setSpeed'; sliceMs: number };

/** What a build produced: the worker's targets return it and the buildResult event carries it. */
export interface BuildSummary {
  ok: boolean;
  diagnostics: Diagnostic[];
  lines: LineEntry[];
  symbols: SymbolEntry[];
  entry: bigint | null;
  /** The linked ELF file (transferred), for download. */
  elf: Uint8Array | null;
}

export type LabEvent =
  | { type: 'hello'; version: number; ok: boolean; message?: string }
  | ({ type: 'buildResult' } & BuildSummary)
  | { type: 'checkResult'; id: number; diagnostics: Diagnostic[] }
  | { type: 'apiDocs'; entries: ApiEntry[] }
  | { type: 'stdout'; bytes: Uint8Array }
  | { type: 'state'; state: RunState }
  /** Once per slice while running. */
  | { type: 'progress'; instret: number; mips: number }
  | {
      type: 'stopped';
      reason: StopInfo;
      registers: RegisterSnapshot;
      instret: number;
      source: SourceLine | null;
      disassembly: DisasmLine[];
    }
  | { type: 'breakpoints'; addresses: bigint[]; unresolved: SourceLine[] }
  | { type: 'memory'; address: bigint; bytes: Uint8Array; error?: string }
  | { type: 'disassembly'; lines: DisasmLine[] }
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
  const add = (b: Uint8Array | null) => {
    if (b && b.buffer instanceof ArrayBuffer && !out.includes(b.buffer)) out.push(b.buffer);
  };
  for (const e of batch.events) {
    if (e.type === 'stdout' || e.type === 'memory') add(e.bytes);
    else if (e.type === 'buildResult') add(e.elf);
  }
  return out;
}

export function transferablesOfRequest(req: LabRequest): ArrayBuffer[] {
  return req.type === 'input' && req.bytes.buffer instanceof ArrayBuffer ? [req.bytes.buffer] : [];
}

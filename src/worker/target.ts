// The machine as the host sees it: build, load, run a budget, step, inspect. Worker
// layer, no DOM. machineTarget.ts implements it on the real toolchain, emulator and
// seL4 kernel model; the host (host.ts) knows only this interface, so the protocol
// logic is the same whatever machine sits behind it.

import type { StopReason } from '../emulator/types.ts';
import type { Diagnostic } from '../shared/diagnostic.ts';
import type { KernelSnapshotView } from '../shared/kernelView.ts';
import type { RunFacts } from '../scenarios/checks.ts';
import type {
  BuildSummary, CompatComparison, CompatLiveStats, ImageLines, KernelRecord, LinuxBuild, LinuxMode, RegisterSnapshot, SourceFile, ThreadRegistersEvent,
} from '../shared/protocol.ts';

export type TargetBuild = BuildSummary;

/** An uploaded Linux program loaded (its threads' images), or why it cannot run. */
export type LinuxLoad = { ok: true; entry: bigint; images: ImageLines[] } | { ok: false; error: string };

/** One decoded instruction of a disassembly window (source lines are added by the host). */
export interface TargetInstruction {
  addr: bigint;
  word: number | null;
  text: string;
}

export interface LabTarget {
  /** Compiles/assembles and links `files`; on success loads the program, ready to run at its entry.
   *  With `system` (a .system description): builds and boots its protection domains.
   *  With `linux`: builds a Linux program (--target linux) and boots it under the
   *  Linux-compatibility component in that mode. */
  build(files: SourceFile[], system?: string, linux?: LinuxBuild): TargetBuild;
  /** Compiles/assembles each file without linking or loading: its diagnostics only.
   *  Never changes the loaded program or the machine. */
  check(files: SourceFile[], system?: string, linux?: LinuxBuild): Diagnostic[];
  /** The headers C programs include (name -> text), for the editor's hover. */
  apiHeaders(): Readonly<Record<string, string>>;
  /** Reloads the last good program from scratch; false when there is none. */
  reset(): boolean;
  readonly loaded: boolean;
  /** Runs at most `budget` instructions. Resuming from a breakpoint stop executes the
   *  instruction under the breakpoint first, so Continue never sticks on one. */
  /** `wallDeadline` (performance.now() time) may end the run early with { kind: 'budget' }. */
  run(budget: number, wallDeadline?: number): StopReason;
  /** Executes exactly one instruction. */
  step(): StopReason;
  registers(): RegisterSnapshot;
  instret(): number;
  setBreakpoints(addresses: readonly bigint[]): void;
  /** Bytes at a virtual address, or a reason why they cannot be read. */
  readMemory(address: bigint, length: number): Uint8Array | string;
  disassemble(address: bigint, before: number, after: number): TargetInstruction[];
  /** Serial output produced since the last call (a fresh buffer), or null if none. */
  takeOutput(): Uint8Array | null;
  /** Typed bytes for the serial input; a target may queue them until the program
   *  reads them. A message when some were refused (queue full, nothing loaded). */
  input(bytes: Uint8Array): string | null | void;
  /** A machine with a kernel model: its event records since the last call (oldest
   *  first) and how many were lost in between; null when there are none. */
  takeKernelEvents?(): { records: KernelRecord[]; dropped: number } | null;
  /** A machine with kernel threads: the one on the CPU (its registers, its VSpace). */
  thread?(): string | undefined;
  /** A machine with kernel threads: their list (the one on the CPU first) and the named
   *  thread's registers (its saved register file; the CPU's for the one on the CPU).
   *  An unknown or absent name means the thread on the CPU. */
  threadRegisters?(name?: string): Omit<ThreadRegistersEvent, 'type'>;
  /** A machine with a kernel model: its snapshot (snapshotKernel) at the machine's time now. */
  kernelSnapshot?(): KernelSnapshotView;
  /** A machine with a kernel model: what the run since the last boot or reset did so far
   *  (serial text, every kernel record counted, instructions, how it ended), for the
   *  exercise checks. `snapshot` takes a fresh kernel snapshot into it first (costly:
   *  only when a check reads the kernel's state). null when nothing is loaded. */
  runFacts?(options: { snapshot: boolean }): RunFacts | null;
  /** A machine that runs Linux programs: loads an uploaded static ELF under the
   *  Linux-compatibility component (the last good program when it loads). */
  loadLinux?(program: Uint8Array, name: string, mode: LinuxMode): LinuxLoad;
  /** The Linux program's run so far (null: the machine holds none). */
  compatStats?(): CompatLiveStats | null;
  /** The loaded Linux program run in every mode to its end, or why not. */
  compareLinux?(): CompatComparison | string;
}

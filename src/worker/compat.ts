// Linux programs in the worker: a static AArch64 Linux ELF (built from the editor's C
// files with --target linux, or uploaded) booted under the Linux-compatibility component
// (src/kernel/compat/loader.ts) in the mode the student chose, its run counted live
// (the component's shared state page and the kernel's records, as run.ts counts a
// headless run), what the disassembly needs per thread, and the comparison of the four
// ways (compare.ts) in protocol shapes. Worker layer, no DOM. Issue 7, parts 4 and 5.

import { bootCompat, COMPONENT_NAME, validateLinuxProgram, type BootedCompat } from '../kernel/compat/loader.ts';
import { compatImages } from '../kernel/compat/images.ts';
import { compareModes } from '../kernel/compat/compare.ts';
import { LAYOUT } from '../kernel/compat/layout.ts';
import { readComponentState } from '../kernel/compat/run.ts';
import { parseElf, type ElfImage } from '../toolchain/elf/read.ts';
import type { CompatComparison, CompatLiveStats, KernelRecord, LinuxMode, SymbolEntry } from '../shared/protocol.ts';
import { err, ok, type Result } from '../shared/result.ts';

/** What a reset boots again: the program's bytes, its name and the mode. */
export interface LinuxPlan {
  kind: 'linux';
  elf: Uint8Array;
  name: string;
  mode: LinuxMode;
}

/** A comparison runs each mode at most this long (a program that never ends is cut). */
export const COMPARE_MAX_INSTRUCTIONS = 50_000_000;
const SHF_EXECINSTR = 4;

/** A thread name from an uploaded file's name: letters, digits, '.', '-', '_' (at most 32). */
export function programName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 32);
  return clean === '' || clean === COMPONENT_NAME ? 'linux-program' : clean;
}

/** Checks an uploaded file and makes its plan; the error says why it cannot run. */
export function linuxPlan(elf: Uint8Array, name: string, mode: LinuxMode): Result<{ plan: LinuxPlan; image: ElfImage }, string> {
  const v = validateLinuxProgram(elf);
  if (!v.ok) return err(v.error);
  return ok({ plan: { kind: 'linux', elf: elf.slice(), name: programName(name), mode }, image: v.value });
}

export function bootLinux(plan: LinuxPlan, common: { ramBytes: number; output: (b: number) => void; checkInvariants: boolean }): Result<BootedCompat, string> {
  return bootCompat({ program: plan.elf, name: plan.name, mode: plan.mode, output: common.output, ramBytes: common.ramBytes, checkInvariants: common.checkInvariants });
}

/** The symbols and code ranges the disassembly uses for one thread. */
export interface ThreadCode {
  symbols: SymbolEntry[];
  code: [bigint, bigint][];
}

function codeOf(image: ElfImage): ThreadCode {
  return {
    symbols: image.symbols.filter((s) => s.type !== 'section' && s.type !== 'file' && s.name !== '').map((s) => ({ name: s.name, addr: s.value })),
    code: image.sections.filter((s) => (s.flags & SHF_EXECINSTR) !== 0 && s.addr !== 0n && s.size > 0).map((s): [bigint, bigint] => [s.addr, s.addr + BigInt(s.size)]),
  };
}

/** Per thread: the program sees its own code, the gates and the in-process library;
 *  the component its own image. */
export function linuxThreadCode(programImage: ElfImage, programThread: string): Map<string, ThreadCode> {
  const out = new Map<string, ThreadCode>();
  const images = compatImages();
  const comp = parseElf(images.component), lib = parseElf(images.library);
  const prog = codeOf(programImage);
  const gates: ThreadCode = { symbols: [{ name: 'lx_gates', addr: LAYOUT.GATES_VA }], code: [[LAYOUT.GATES_VA, LAYOUT.GATES_VA + LAYOUT.GATES_SIZE]] };
  const library = lib.ok ? codeOf(lib.value) : { symbols: [], code: [] };
  out.set(programThread, {
    symbols: [...prog.symbols, ...gates.symbols, ...library.symbols],
    code: [...prog.code, ...gates.code, ...library.code],
  });
  if (comp.ok) out.set(COMPONENT_NAME, codeOf(comp.value));
  return out;
}

/** Counts a live run's kernel records from the program's first switch-in on (as run.ts). */
export class CompatTally {
  private started = false;
  private startInstructions = 0;
  private startEntries = 0;
  private faults = 0;
  private ipcMessages = 0;

  constructor(private readonly booted: BootedCompat) {}

  observe(records: readonly KernelRecord[]): void {
    const program = this.booted.program.name;
    for (const r of records) {
      const e = r.event;
      if (!this.started) {
        if (e.kind === 'entry' || e.kind === 'irq') this.startEntries++;
        if (e.kind === 'schedule' && e.thread === program) { this.started = true; this.startInstructions = r.time; }
        continue;
      }
      if (e.kind === 'fault') this.faults++;
      else if (e.kind === 'ipc') this.ipcMessages++;
    }
  }

  /** The run so far (zeros before the program first ran). */
  stats(): CompatLiveStats {
    const b = this.booted;
    const state = readComponentState(b);
    const counters = b.kernel.state.counters;
    return {
      mode: b.mode,
      program: b.program.name,
      ...state,
      instructions: this.started ? b.machine.instret - this.startInstructions : 0,
      kernelEntries: this.started ? b.kernel.entries - this.startEntries : 0,
      faults: this.faults,
      ipcMessages: this.ipcMessages,
      guestTraps: counters.guestTraps,
      originChecks: counters.originChecks,
    };
  }
}

/** The four ways on the plan's program, each run to its end on a machine of its own. */
export function compareLinux(plan: LinuxPlan): CompatComparison {
  const c = compareModes({ program: plan.elf, name: plan.name, maxInstructions: COMPARE_MAX_INSTRUCTIONS });
  return { program: plan.name, ...c };
}

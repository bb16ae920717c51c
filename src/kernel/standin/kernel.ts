// The stand-in kernel: plays EL1 for one user program until the seL4 model
// exists. It loads the program (loader.ts), installs its page tables, and takes
// every exception from EL0: `svc` goes to the personality (seL4 debug calls or
// the Linux shim), anything else stops the machine with a readable report.
// Kernel layer. Contract: KernelHook in src/emulator/types.ts.
import type { PhysMem } from '../../emulator/memory/physmem.ts';
import type { CpuException, CpuRegisters, KernelHook } from '../../emulator/types.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { faultReport, type InstructionSource } from './faultReport.ts';
import { FrameAllocator } from './frames.ts';
import { loadProcess, type LoadImage, type LoadOptions, type Process } from './loader.ts';

/** What the stand-in kernel needs of the machine (machineAdapter.ts fits a Machine to it). */
export interface StandinHost {
  readonly mem: PhysMem;
  readonly cpu: CpuRegisters;
  /** Installs TTBR0_EL1 and the ASID, invalidating stale translations. */
  setAddressSpace(root: bigint, asid: number): void;
  halt(exitCode: number, message?: string): void;
  /** The seL4 debug console: one byte to the UART. */
  putChar(byte: number): void;
}

/** POSIX signal numbers the fault kinds map to (for a shell-like exit status 128 + sig). */
export const SIG = { ILL: 4, TRAP: 5, BUS: 7, SEGV: 11, SYS: 31 } as const;

export type Outcome =
  | { kind: 'running' }
  | { kind: 'exited'; status: number }
  /** Stopped by the kernel: `report` says why, `signal` is the POSIX signal Linux would send. */
  | { kind: 'killed'; signal: number; report: string };

/** How a personality answers `svc #0`. It returns after setting x0/pc, or after
 *  calling kernel.exit / kernel.kill. */
export interface Personality {
  readonly name: string;
  handleSvc(kernel: StandinKernel, ex: Extract<CpuException, { kind: 'svc' }>): void;
}

/** Fault kinds to signals, as Linux delivers them. */
function signalFor(ex: CpuException): number {
  switch (ex.kind) {
    case 'undefined': return SIG.ILL;
    case 'brk': return SIG.TRAP;
    case 'pcAlignment': case 'spAlignment': return SIG.BUS;
    case 'dataAbort': case 'instructionAbort': return ex.fault === 'alignment' ? SIG.BUS : SIG.SEGV;
    default: return SIG.SEGV;
  }
}

export const USER_ASID = 1;

export class StandinKernel implements KernelHook {
  outcome: Outcome = { kind: 'running' };
  private host: StandinHost | null = null;
  private proc: Process | null = null;
  private frames: FrameAllocator | null = null;

  constructor(readonly personality: Personality, private readonly disassemble?: (word: number, pc: bigint) => string) {}

  /** Binds the kernel to its machine (the machine is built with this kernel as its hook). */
  attach(host: StandinHost): void {
    this.host = host;
    this.frames = new FrameAllocator(host.mem);
  }

  get machine(): StandinHost {
    if (!this.host) throw new Error('StandinKernel: not attached to a machine (call attach first)');
    return this.host;
  }

  get process(): Process {
    if (!this.proc) throw new Error('StandinKernel: no program loaded');
    return this.proc;
  }

  /** Loads a program and points the CPU at its entry with a fresh register file. */
  load(image: LoadImage, opts: LoadOptions): Result<Process, string> {
    const host = this.machine;
    if (this.proc) return err('StandinKernel: a program is already loaded (build a new machine to run another)');
    const p = loadProcess(host.mem, this.frames!, image, opts);
    if (!p.ok) return p;
    this.proc = p.value;
    host.setAddressSpace(p.value.space.root, USER_ASID);
    for (let n = 0; n < 31; n++) host.cpu.setX(n, 0n);
    host.cpu.sp = p.value.sp;
    host.cpu.pc = p.value.entry;
    host.cpu.nzcv = 0;
    host.cpu.tpidr = 0n;
    return ok(p.value);
  }

  handleException(ex: CpuException): void {
    if (this.outcome.kind !== 'running') {
      this.machine.halt(this.exitCode(), 'exception after the program stopped');
      return;
    }
    if (ex.kind === 'svc') this.personality.handleSvc(this, ex);
    else this.kill(signalFor(ex), faultReport(ex, this.instructionSource()));
  }

  /** The program ended normally (exit, exit_group). */
  exit(status: number): void {
    this.outcome = { kind: 'exited', status: status & 0xff };
    this.machine.halt(status & 0xff);
  }

  /** The kernel stops the program: a fault, or a call it does not implement. */
  kill(signal: number, report: string): void {
    this.outcome = { kind: 'killed', signal, report };
    this.machine.halt(128 + signal, report);
  }

  /** Shell-style status: the exit status, or 128 + signal. */
  exitCode(): number {
    const o = this.outcome;
    return o.kind === 'exited' ? o.status : o.kind === 'killed' ? 128 + o.signal : 0;
  }

  /** Resume after an svc at `pc` (the preferred return address is pc + 4). */
  returnFromSvc(ex: { pc: bigint }, x0?: bigint): void {
    const cpu = this.machine.cpu;
    if (x0 !== undefined) cpu.setX(0, BigInt.asUintN(64, x0));
    cpu.pc = ex.pc + 4n;
  }

  instructionSource(): InstructionSource {
    const space = this.proc?.space;
    return {
      fetchWord: (pc) => {
        if (!space || (pc & 3n) !== 0n || !space.rightsAt(pc)?.exec) return undefined;
        const b = space.copyIn(pc, 4);
        return b.ok ? new DataView(b.value.buffer).getUint32(0, true) : undefined;
      },
      disassemble: this.disassemble,
    };
  }
}

// Source-level stepping: Step line (into), Step over (a line, running calls to their
// return) and Step out (until the current function returns). Worker layer, no DOM.
// Like gdb's step/next/finish: the stepper single-steps inside the current function
// and runs each call it does not enter at full speed to a temporary breakpoint at the
// return address (a deeper recursive frame reaching that address goes on running).
// The host drives it one slice at a time, so Pause stops a step that never ends.
// On a machine with kernel threads a step that starts on a project line follows the
// thread it started in (as gdb's step does): when that thread leaves the CPU (a system call that blocks or
// wakes a higher-priority thread, a timer preemption), the others run at full speed
// until it is back at the pc its TCB saved; a temporary breakpoint reached by
// another thread (the PDs of a system share addresses) is run through. A step that
// starts outside project code (a PD's _start, the Microkit monitor) stops at the first
// project line any thread reaches. Lines are read in the table of the thread on the
// CPU (system mode: each protection domain has its own).

import type { StopReason } from '../emulator/types.ts';
import type { SourceLine } from '../shared/protocol.ts';
import type { LabTarget } from './target.ts';

export type StepGoal = { kind: 'line'; into: boolean } | { kind: 'out' };

/** How a slice of stepping ended: still going, or stopped (a 'budget' stop means the
 *  step reached its goal; anything else is the machine's own stop: breakpoint, halt). */
export type StepProgress = { done: false } | { done: true; stop: StopReason };

/** Single steps per slice at most (a single step costs more than a run instruction). */
const MAX_SINGLE_STEPS = 20_000;

/** BL (imm26) or BLR Xn: the instructions a step over runs through. */
export function isCall(word: number): boolean {
  return (word & 0xfc000000) >>> 0 === 0x94000000 || (word & 0xfffffc1f) >>> 0 === 0xd63f0000;
}

/** RET Xn. */
export function isReturn(word: number): boolean {
  return (word & 0xfffffc1f) >>> 0 === 0xd65f0000;
}

/** Where a full-speed run of the stepping thread ends: the return address of a call
 *  being run over (and the stack pointer at the call: a deeper recursive frame
 *  reaching it runs on), or the pc the thread resumes at after leaving the CPU. */
interface RunTo {
  pc: bigint;
  sp: bigint | null;
}

export class SourceStepper {
  private returnTo: RunTo | null = null;
  private readonly from: SourceLine | null;
  /** Started outside project code (e.g. at _start): enter every call until project code. */
  private readonly seeking: boolean;
  /** A line step returned out of the function it started in: every call is entered from
   *  here on until project code (Step over at the end of a Microkit entry point stops in
   *  the next entry point its PD runs, as the event loop that called it has no lines). */
  private outward = false;
  /** The kernel thread the step belongs to (undefined: a machine without threads). */
  private readonly thread: string | undefined;

  /** `sourceAt(pc)`: the source line of pc in the code of the thread on the CPU.
   *  `userStop(pc)`: a breakpoint of the user's at pc counts now (for the thread on the CPU). */
  constructor(
    private readonly target: LabTarget,
    private readonly sourceAt: (pc: bigint) => SourceLine | null,
    private readonly goal: StepGoal,
    private readonly armed: readonly bigint[],
    private readonly isProjectFile: (file: string) => boolean,
    private readonly userStop: (pc: bigint) => boolean = (pc) => armed.includes(pc),
  ) {
    this.from = this.projectLine(target.registers().pc);
    this.seeking = this.from === null && goal.kind === 'line';
    this.thread = this.seeking ? undefined : target.thread?.();
  }

  /** Runs at most about `budget` instructions towards the goal. */
  advance(budget: number): StepProgress {
    let singles = Math.min(budget, MAX_SINGLE_STEPS);
    while (singles > 0) {
      if (this.returnTo) {
        const r = this.runToReturn(budget);
        if (r) return r;
        if (this.returnTo) return { done: false };
        if (this.reached(this.target.registers().pc)) return finished();
        continue;
      }
      const r = this.singleStep();
      if (r) return r;
      singles--;
    }
    return { done: false };
  }

  /** Puts the user's breakpoints back (after a finished or abandoned step). */
  end(): void {
    if (this.returnTo && this.target.loaded) this.target.setBreakpoints(this.armed);
    this.returnTo = null;
  }

  private singleStep(): StepProgress | null {
    const { pc, sp } = this.target.registers();
    const word = this.wordAt(pc);
    const s = this.target.step();
    if (s.kind !== 'budget') return { done: true, stop: s };
    if (!this.mine()) return this.leftCpu();
    const now = this.target.registers().pc;
    if (word !== null && isCall(word)) return this.afterCall(pc, sp, now);
    if (word !== null && isReturn(word) && this.goal.kind === 'out') return finished();
    if (word !== null && isReturn(word)) this.outward = true;
    return this.reached(now) ? finished() : null;
  }

  /** Just entered a callee: stop in it, walk through it, or run it to its return. */
  private afterCall(callPc: bigint, sp: bigint, now: bigint): StepProgress | null {
    if (this.goal.kind === 'line' && (this.goal.into || this.outward) && this.projectLine(now)) return finished();
    if (this.seeking || this.outward) return null; // looking for project code: enter every call
    this.returnTo = { pc: callPc + 4n, sp };
    this.target.setBreakpoints([...this.armed, this.returnTo.pc]);
    return null;
  }

  /** The stepping thread left the CPU: run the others until it is back where its TCB
   *  says it resumes. A thread that is gone ends the step where the machine is. */
  private leftCpu(): StepProgress | null {
    const saved = this.thread === undefined ? undefined : this.target.threadRegisters?.(this.thread);
    if (!saved || saved.thread !== this.thread || !saved.registers) return finished();
    this.returnTo = { pc: saved.registers.pc, sp: null };
    this.target.setBreakpoints([...this.armed, this.returnTo.pc]);
    return null;
  }

  /** The thread on the CPU is the one stepping. */
  private mine(): boolean {
    return this.thread === undefined || this.target.thread?.() === this.thread;
  }

  /** Runs the call being stepped over (or the other threads); null while it has not
   *  stopped elsewhere. */
  private runToReturn(budget: number): StepProgress | null {
    const back = this.returnTo!;
    const s = this.target.run(budget);
    if (s.kind === 'budget') return null;
    const hit = s.kind === 'breakpoint' ? s.pc : null;
    if (hit !== null && !this.userStop(hit) && (hit !== back.pc || !this.mine())) return null; // another thread's: run on
    const ours = hit === back.pc && !this.userStop(hit);
    if (ours && back.sp !== null && this.target.registers().sp < back.sp) return null; // a deeper (recursive) frame: run on
    this.end();
    if (ours) return null;
    return { done: true, stop: s };
  }

  /** The step's goal is met at `pc`: a line step on a new project line. */
  private reached(pc: bigint): boolean {
    if (this.goal.kind !== 'line') return false;
    const line = this.projectLine(pc);
    if (line === null) return false;
    return this.from === null || line.file !== this.from.file || line.line !== this.from.line;
  }

  private projectLine(pc: bigint): SourceLine | null {
    const line = this.sourceAt(pc);
    return line && this.isProjectFile(line.file) ? line : null;
  }

  private wordAt(pc: bigint): number | null {
    const bytes = this.target.readMemory(pc, 4);
    if (typeof bytes === 'string') return null;
    return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  }
}

function finished(): StepProgress {
  return { done: true, stop: { kind: 'budget' } };
}

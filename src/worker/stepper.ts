// Source-level stepping: Step line (into), Step over (a line, running calls to their
// return) and Step out (until the current function returns). Worker layer, no DOM.
// Like gdb's step/next/finish: the stepper single-steps inside the current function
// and runs each call it does not enter at full speed to a temporary breakpoint at the
// return address (a deeper recursive frame reaching that address goes on running).
// The host drives it one slice at a time, so Pause stops a step that never ends.

import type { StopReason } from '../emulator/types.ts';
import type { SourceLine } from '../shared/protocol.ts';
import type { LineTable } from './lineTable.ts';
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

export class SourceStepper {
  /** Where the call being run over returns to, and the stack pointer at the call. */
  private returnTo: { pc: bigint; sp: bigint } | null = null;
  private readonly from: SourceLine | null;
  /** Started outside project code (e.g. at _start): enter every call until project code. */
  private readonly seeking: boolean;

  constructor(
    private readonly target: LabTarget,
    private readonly table: LineTable,
    private readonly goal: StepGoal,
    private readonly armed: readonly bigint[],
    private readonly isProjectFile: (file: string) => boolean,
  ) {
    this.from = this.projectLine(target.registers().pc);
    this.seeking = this.from === null && goal.kind === 'line';
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
    const now = this.target.registers().pc;
    if (word !== null && isCall(word)) return this.afterCall(pc, sp, now);
    if (word !== null && isReturn(word) && this.goal.kind === 'out') return finished();
    return this.reached(now) ? finished() : null;
  }

  /** Just entered a callee: stop in it, walk through it, or run it to its return. */
  private afterCall(callPc: bigint, sp: bigint, now: bigint): StepProgress | null {
    if (this.goal.kind === 'line' && this.goal.into && this.projectLine(now)) return finished();
    if (this.seeking) return null;
    this.returnTo = { pc: callPc + 4n, sp };
    this.target.setBreakpoints([...this.armed, this.returnTo.pc]);
    return null;
  }

  /** Runs the call being stepped over; null while it has not stopped elsewhere. */
  private runToReturn(budget: number): StepProgress | null {
    const back = this.returnTo!;
    const s = this.target.run(budget);
    if (s.kind === 'budget') return null;
    const { sp } = this.target.registers();
    const ours = s.kind === 'breakpoint' && s.pc === back.pc && !this.armed.includes(s.pc);
    if (ours && sp < back.sp) return null; // a deeper (recursive) frame: run on
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
    const line = this.table.sourceAt(pc);
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

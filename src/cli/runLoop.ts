// Runs a machine to completion in time slices: each slice is one Machine.run
// with an instruction budget sized (by the worker's SliceBudget) to last about
// `sliceMs`, then the loop yields to the event loop so Ctrl-C, a pause request
// or a timer can get in. CLI layer; bench/ measures its pause latency.
import type { StopReason } from '../emulator/types.ts';
import { SliceBudget, defaultYielder, type Yielder } from '../worker/scheduler.ts';

/** Short enough that a pause request waits well under 50 ms at full speed. */
export const DEFAULT_SLICE_MS = 10;

export interface SlicedMachine {
  run(budget: number, wallDeadline?: number): StopReason;
  readonly instret: number | bigint;
}

export interface LoopOptions {
  /** Stop after this many instructions (0 or undefined: no limit). */
  maxInstructions?: number;
  sliceMs?: number;
  now?: () => number;
  yielder?: Yielder;
}

export type LoopStop = StopReason | { kind: 'limit' };

export interface LoopResult {
  stop: LoopStop;
  instructions: number;
  seconds: number;
  slices: number;
  /** The longest slice, in milliseconds (bounds how long a pause request waits). */
  maxSliceMs: number;
}

export class RunLoop {
  private pauseRequested = false;
  private readonly budget: SliceBudget;
  private readonly now: () => number;
  private readonly yielder: Yielder;

  constructor(private readonly machine: SlicedMachine, private readonly opts: LoopOptions = {}) {
    this.budget = new SliceBudget(opts.sliceMs ?? DEFAULT_SLICE_MS);
    this.now = opts.now ?? (() => performance.now());
    this.yielder = opts.yielder ?? defaultYielder();
  }

  /** Asks the loop to stop at the end of the current slice (run() then resolves with 'paused'). */
  requestPause(): void {
    this.pauseRequested = true;
  }

  get mips(): number {
    return this.budget.mips;
  }

  async run(): Promise<LoopResult> {
    const start = this.now();
    const first = Number(this.machine.instret);
    const limit = this.opts.maxInstructions || Infinity;
    let slices = 0;
    let maxSliceMs = 0;
    for (;;) {
      if (this.pauseRequested) return this.result({ kind: 'paused' }, start, first, slices, maxSliceMs);
      const done = Number(this.machine.instret) - first;
      if (done >= limit) return this.result({ kind: 'limit' }, start, first, slices, maxSliceMs);
      const want = Math.min(this.budget.current, limit - done);
      const t0 = this.now();
      const stop = this.machine.run(want, performance.now() + this.budget.sliceMs * 2);
      const ms = this.now() - t0;
      const ran = Number(this.machine.instret) - first - done;
      this.budget.record(ran, ms, stop.kind === 'budget');
      slices++;
      maxSliceMs = Math.max(maxSliceMs, ms);
      if (stop.kind !== 'budget') return this.result(stop, start, first, slices, maxSliceMs);
      await new Promise<void>((resolve) => this.yielder(resolve));
    }
  }

  private result(stop: LoopStop, start: number, first: number, slices: number, maxSliceMs: number): LoopResult {
    return { stop, instructions: Number(this.machine.instret) - first, seconds: (this.now() - start) / 1000, slices, maxSliceMs };
  }
}

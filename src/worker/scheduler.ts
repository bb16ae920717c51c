// Slice scheduler: runs the machine in slices of a few milliseconds and yields to the
// event loop between them, so a Pause message is handled within one slice even when
// the program never stops. Worker layer, no DOM. The budget (instructions per slice)
// follows the measured speed so each slice lasts about `sliceMs`.

/** Schedules `cb` as a new task (not a microtask); returns a cancel function. */
export type Yielder = (cb: () => void) => () => void;

/** A MessageChannel task in browsers and workers (setTimeout(0) is clamped to 4 ms
 *  after a few nested calls); setImmediate under Node. */
export function defaultYielder(): Yielder {
  if (typeof setImmediate === 'function') {
    return (cb) => {
      const h = setImmediate(cb);
      return () => clearImmediate(h);
    };
  }
  const channel = new MessageChannel();
  let next: (() => void) | null = null;
  channel.port1.onmessage = () => {
    const cb = next;
    next = null;
    cb?.();
  };
  return (cb) => {
    next = cb;
    channel.port2.postMessage(0);
    return () => {
      if (next === cb) next = null;
    };
  };
}

export const MIN_BUDGET = 1_000;
export const MAX_BUDGET = 50_000_000;
const FIRST_BUDGET = MIN_BUDGET;

/** Keeps the per-slice instruction budget and a smoothed speed figure. */
export class SliceBudget {
  private budget = FIRST_BUDGET;
  private ips = 0;

  constructor(public sliceMs: number) {}

  get current(): number {
    return this.budget;
  }

  /** Million instructions per second, smoothed over the last few slices. */
  get mips(): number {
    return this.ips / 1e6;
  }

  /** Records a slice that ran `executed` instructions in `ms` milliseconds. */
  record(executed: number, ms: number, ranFullBudget: boolean): void {
    if (executed <= 0) return;
    const rate = (executed / Math.max(ms, 0.05)) * 1000;
    this.ips = this.ips === 0 ? rate : this.ips * 0.7 + rate * 0.3;
    if (!ranFullBudget) return;
    // Size on the slower of this slice and the smoothed speed: a slice that was
    // preempted (or hit slow code) shrinks the next one at once, while a lucky fast
    // slice grows it only gradually, and never more than 4x at a time.
    const wanted = (Math.min(rate, this.ips) * this.sliceMs) / 1000;
    const next = Math.min(wanted, this.budget * 4);
    this.budget = Math.round(Math.min(MAX_BUDGET, Math.max(MIN_BUDGET, next)));
  }
}

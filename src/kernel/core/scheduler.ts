// The scheduler: 256 priorities, one FIFO ready queue each, highest priority
// first, round-robin within a priority. As in seL4 the running thread is not in
// a ready queue; it goes back to the tail when it yields or is preempted.
// Kernel core layer. Facts: reference/sel4.md 2.6 (timeslice), 2.10, 6 item 6.
// Yield and timeslice expiry append (tail); preemption by a higher priority re-queues at the head.
// A bitmap of non-empty queues (seL4's ksReadyQueuesL1/L2Bitmap) finds the best in O(1).
import { isRunnable, type Tcb } from '../object/tcb.ts';

export const NUM_PRIORITIES = 256;

export class Scheduler {
  private readonly queues: Tcb[][] = Array.from({ length: NUM_PRIORITIES }, () => []);
  /** Bit p of word p >> 5 is set while queue p holds a thread. */
  private readonly bitmap = new Uint32Array(NUM_PRIORITIES / 32);

  private mark(p: number): void {
    if (this.queues[p].length) this.bitmap[p >> 5] |= 1 << (p & 31);
    else this.bitmap[p >> 5] &= ~(1 << (p & 31));
  }

  enqueue(t: Tcb): void {
    const q = this.queues[t.priority];
    if (!q.includes(t)) q.push(t);
    this.mark(t.priority);
  }

  /** tcbSchedEnqueue: to the head (a preempted thread runs first among its peers). */
  enqueueHead(t: Tcb): void {
    const q = this.queues[t.priority];
    if (!q.includes(t)) q.unshift(t);
    this.mark(t.priority);
  }

  dequeue(t: Tcb): void {
    const q = this.queues[t.priority];
    if (q.length === 0) return;
    const i = q.indexOf(t);
    if (i >= 0) q.splice(i, 1);
    this.mark(t.priority);
  }

  queued(t: Tcb): boolean {
    return this.queues[t.priority].includes(t);
  }

  /** Highest-priority queued thread, without removing it. */
  best(): Tcb | null {
    for (let w = this.bitmap.length - 1; w >= 0; w--) {
      const bits = this.bitmap[w];
      if (bits) return this.queues[w * 32 + 31 - Math.clz32(bits)][0];
    }
    return null;
  }

  /** Whether a queued thread has priority `prio` or higher (the fastpath's question). */
  anyAtOrAbove(prio: number): boolean {
    const bitmap = this.bitmap;
    let w = prio >> 5;
    if ((bitmap[w] >>> (prio & 31)) !== 0) return true;
    while (++w < bitmap.length) if (bitmap[w] !== 0) return true;
    return false;
  }

  /** The thread to run next: `current` keeps the CPU unless a queued thread has a
   *  higher priority (or `current` cannot run). The chosen thread leaves its queue. */
  choose(current: Tcb | null): Tcb | null {
    const best = this.best();
    const keep = current !== null && isRunnable(current);
    if (keep && (best === null || best.priority <= current.priority)) return current;
    if (keep) this.enqueueHead(current);
    if (best) this.dequeue(best);
    return best;
  }

  /** Every queued thread, highest priority first (for the invariant checker and views). */
  *all(): Generator<Tcb> {
    for (let p = NUM_PRIORITIES - 1; p >= 0; p--) yield* this.queues[p];
  }
}

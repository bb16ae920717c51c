// Kernel events: one compact record per kernel entry, decoded invocation, error,
// cap change, fault and schedule decision, kept in a bounded ring buffer that the
// worker (or a test) drains. Kernel layer. ARCHITECTURE.md "Events".
import type { KernelEventRecord, StampedEvent } from '../shared/kernelView.ts';

/** The record shapes are written once, in the shared layer, so the page can name them without the kernel. */
export type KernelEvent = KernelEventRecord;
export type Stamped = StampedEvent;

/** A fixed-size circular buffer: a push is O(1), also once the ring is full and
 *  every push drops the oldest record (Array.shift on a full ring was not). */
export class EventRing {
  private buf: Stamped[] = [];
  /** Index of the oldest record in buf. */
  private head = 0;
  private count = 0;
  private next = 0;
  dropped = 0;

  constructor(readonly capacity = 4096, private readonly clock: () => number = () => 0) {}

  push(event: KernelEvent): void {
    const time = this.clock();
    if (this.count < this.capacity) {
      const at = (this.head + this.count) % this.capacity;
      if (at === this.buf.length) this.buf.push({ seq: this.next++, time, event });
      else this.buf[at] = { seq: this.next++, time, event };
      this.count++;
      return;
    }
    this.buf[this.head] = { seq: this.next++, time, event };
    this.head = (this.head + 1) % this.capacity;
    this.dropped++;
  }

  /** Takes every record out of the ring, oldest first. */
  drain(): Stamped[] {
    const out = this.ordered();
    this.buf = [];
    this.head = 0;
    this.count = 0;
    return out;
  }

  /** The records still in the ring, without taking them. */
  peek(): readonly Stamped[] {
    return this.ordered();
  }

  private ordered(): Stamped[] {
    if (this.head === 0) return this.buf.slice(0, this.count);
    return this.buf.slice(this.head).concat(this.buf.slice(0, this.head));
  }
}

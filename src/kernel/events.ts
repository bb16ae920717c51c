// Kernel events: one compact record per kernel entry, decoded invocation, error,
// cap change, fault and schedule decision, kept in a bounded ring buffer that the
// worker (or a test) drains. Kernel layer. ARCHITECTURE.md "Events".
import type { KernelEventRecord, StampedEvent } from '../shared/kernelView.ts';

/** The record shapes are written once, in the shared layer, so the page can name them without the kernel. */
export type KernelEvent = KernelEventRecord;
export type Stamped = StampedEvent;

/** A fixed-size circular buffer: a push is O(1), also once the ring is full and
 *  every push drops the oldest record. A push stores the record and its time in
 *  two parallel arrays (no wrapper object: two pushes per IPC round trip made them
 *  a visible share of the fastpath); the stamped records are made when read. The
 *  sequence number of a record is implied by its place: the newest is `next - 1`. */
/** Where a record's time comes from: the machine's virtual time (read as a property, so
 *  a push makes no call through a closure). */
export interface Clock { readonly time: number }

const NO_CLOCK: Clock = { time: 0 };

export class EventRing {
  private readonly events: (KernelEvent | null)[];
  private readonly times: Float64Array;
  /** Index of the oldest record. */
  private head = 0;
  private count = 0;
  /** Sequence number the next record gets. */
  private next = 0;
  dropped = 0;

  constructor(readonly capacity = 4096, private readonly clock: Clock = NO_CLOCK) {
    this.events = new Array<KernelEvent | null>(capacity).fill(null);
    this.times = new Float64Array(capacity);
  }

  push(event: KernelEvent): void {
    const cap = this.capacity;
    let at = this.head + this.count;
    if (this.count < cap) {
      if (at >= cap) at -= cap;
      this.count++;
    } else {
      at = this.head;
      this.head = at + 1 === cap ? 0 : at + 1;
      this.dropped++;
    }
    this.events[at] = event;
    this.times[at] = this.clock.time;
    this.next++;
  }

  /** Takes every record out of the ring, oldest first. */
  drain(): Stamped[] {
    const out = this.ordered();
    for (let i = 0; i < this.count; i++) this.events[(this.head + i) % this.capacity] = null;
    this.head = 0;
    this.count = 0;
    return out;
  }

  /** The records still in the ring, without taking them. */
  peek(): readonly Stamped[] {
    return this.ordered();
  }

  private ordered(): Stamped[] {
    const out = new Array<Stamped>(this.count);
    const first = this.next - this.count;
    for (let i = 0; i < this.count; i++) {
      let at = this.head + i;
      if (at >= this.capacity) at -= this.capacity;
      out[i] = { seq: first + i, time: this.times[at], event: this.events[at]! };
    }
    return out;
  }
}

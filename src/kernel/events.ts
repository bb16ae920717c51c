// Kernel events: one compact record per kernel entry, decoded invocation, error,
// cap change, fault and schedule decision, kept in a bounded ring buffer that the
// worker (or a test) drains. Kernel layer. ARCHITECTURE.md "Events".

export type KernelEvent =
  | { kind: 'entry'; syscall: string; thread: string; pc: bigint }
  | { kind: 'invocation'; thread: string; label: string; cap: string; args: Record<string, string> }
  | { kind: 'error'; thread: string; label: string; error: string; mrs: bigint[]; reason: string }
  | { kind: 'capChange'; op: string; slot: string; cap: string }
  | { kind: 'fault'; thread: string; fault: string; detail: string; delivered: boolean }
  | { kind: 'ipc'; from: string; to: string; label: bigint; length: number; caps: number; badge: bigint; fault: boolean }
  | { kind: 'irq'; irq: number; signalled: boolean }
  | { kind: 'schedule'; thread: string | null }
  | { kind: 'debug'; thread: string; what: string };

export interface Stamped { seq: number; time: number; event: KernelEvent }

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

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

export class EventRing {
  private buf: Stamped[] = [];
  private next = 0;
  dropped = 0;

  constructor(readonly capacity = 4096, private readonly clock: () => number = () => 0) {}

  push(event: KernelEvent): void {
    if (this.buf.length >= this.capacity) { this.buf.shift(); this.dropped++; }
    this.buf.push({ seq: this.next++, time: this.clock(), event });
  }

  /** Takes every record out of the ring, oldest first. */
  drain(): Stamped[] {
    const out = this.buf;
    this.buf = [];
    return out;
  }

  /** The records still in the ring, without taking them. */
  peek(): readonly Stamped[] {
    return this.buf;
  }
}

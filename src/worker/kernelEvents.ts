// The worker's side of the kernel's event records: drains the kernel's EventRing
// after every run and step, keeps them (bounded) until the host sends them with the
// slice's batch, counts the records lost on the way, and remembers which thread's
// registers are on the CPU (the kernel clears `current` when no thread can run,
// but the CPU still holds the last thread it switched to). Every record drained is
// also shown to an observer before any trimming (the exercise checks' RunFacts
// count exactly). Worker layer, no DOM.
// Architecture: "Events" (the worker batches records per slice).

import type { Sel4Kernel } from '../kernel/kernel.ts';
import type { KernelRecord } from '../shared/protocol.ts';

/** Records held between two takes at most (a long step by lines can produce many). */
export const MAX_QUEUED_RECORDS = 16_384;

export class KernelEventQueue {
  private queued: KernelRecord[] = [];
  private lost = 0;
  /** The kernel ring's drop counter when last drained. */
  private ringDropped = 0;
  private onCpu: string;

  constructor(
    private readonly kernel: Sel4Kernel,
    private readonly limit = MAX_QUEUED_RECORDS,
    /** Sees every record drained, in order, before the queue trims any. */
    private readonly observe: ((records: readonly KernelRecord[]) => void) | null = null,
  ) {
    this.ringDropped = kernel.state.events.dropped;
    this.onCpu = kernel.state.current?.name ?? 'no thread';
  }

  /** The kernel ring's size: a run must collect before this many records pile up. */
  get ringCapacity(): number {
    return this.kernel.state.events.capacity;
  }

  /** Moves the kernel's new records into the queue (call after every run or step);
   *  returns how many there were (counting those the ring dropped). */
  collect(): number {
    const ring = this.kernel.state.events;
    const got = ring.drain();
    if (this.observe && got.length > 0) this.observe(got);
    const fresh = got.length + ring.dropped - this.ringDropped;
    this.lost += ring.dropped - this.ringDropped;
    this.ringDropped = ring.dropped;
    for (const r of got) {
      if (r.event.kind === 'schedule' && r.event.thread !== null) this.onCpu = r.event.thread;
    }
    if (this.queued.length === 0) this.queued = got;
    else for (const r of got) this.queued.push(r);
    // Trimmed in bulk (amortised O(1) per record); take() trims to the limit exactly.
    if (this.queued.length > 2 * this.limit) this.trim();
    return fresh;
  }

  /** Drops the oldest records beyond the limit, counting them. */
  private trim(): void {
    const over = this.queued.length - this.limit;
    if (over <= 0) return;
    this.queued = this.queued.slice(over);
    this.lost += over;
  }

  /** The records since the last take, oldest first, and how many were lost. */
  take(): { records: KernelRecord[]; dropped: number } | null {
    this.collect();
    this.trim();
    if (this.queued.length === 0 && this.lost === 0) return null;
    const out = { records: this.queued, dropped: this.lost };
    this.queued = [];
    this.lost = 0;
    return out;
  }

  /** The name of the thread whose registers and address space are on the CPU. */
  threadOnCpu(): string {
    const cur = this.kernel.state.current;
    if (cur) this.onCpu = cur.name;
    return this.onCpu;
  }
}

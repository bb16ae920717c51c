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

type IpcEvent = Extract<KernelEvent, { kind: 'ipc' }>;

/** Message words kept per record by pushIpc: MR0-MR3 (what an ipc record shows). */
const RING_MRS = 4;

export class EventRing {
  private readonly events: (KernelEvent | null)[];
  private readonly times: Float64Array;
  /** Message words of records pushed by pushIpc, RING_MRS int32 pairs per place, and how
   *  many each place holds (0: the record is stored whole). */
  private readonly words: Int32Array;
  private readonly wordCount: Uint8Array;
  /** Index of the oldest record. */
  private head = 0;
  private count = 0;
  /** Sequence number the next record gets. */
  private next = 0;
  dropped = 0;

  constructor(readonly capacity = 4096, private readonly clock: Clock = NO_CLOCK) {
    this.events = new Array<KernelEvent | null>(capacity).fill(null);
    this.times = new Float64Array(capacity);
    this.words = new Int32Array(capacity * 2 * RING_MRS);
    this.wordCount = new Uint8Array(capacity);
  }

  push(event: KernelEvent): void {
    this.wordCount[this.place(event)] = 0;
  }

  /** An ipc record whose message words are taken from `regs` (int32 pairs from index
   *  `from`, `n` of them, at most 4) instead of its `mrs`: the record can then be one
   *  object reused for every message that differs only in its words, and the words
   *  become bigints only when the ring is read. */
  pushIpc(event: IpcEvent, regs: Int32Array, from: number, n: number): void {
    const at = this.place(event);
    const base = at * 2 * RING_MRS, words = this.words;
    for (let i = 0; i < 2 * n; i++) words[base + i] = regs[from + i];
    this.wordCount[at] = n;
  }

  /** Stores a record and its time at the next place; returns the place. */
  private place(event: KernelEvent): number {
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
    return at;
  }

  /** The record at a place, with its message words if pushIpc stored them. */
  private eventAt(at: number): KernelEvent {
    const event = this.events[at]!;
    const n = this.wordCount[at];
    if (n === 0 || event.kind !== 'ipc') return event;
    const mrs = new Array<bigint>(n), base = at * 2 * RING_MRS;
    for (let i = 0; i < n; i++) {
      mrs[i] = (BigInt(this.words[base + 2 * i + 1] >>> 0) << 32n) | BigInt(this.words[base + 2 * i] >>> 0);
    }
    return { ...event, mrs };
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
      out[i] = { seq: first + i, time: this.times[at], event: this.eventAt(at) };
    }
    return out;
  }
}

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

/** What one place of the ring holds: a record, or the records of one kernel entry
 *  pushed together (pushGroup: the fastpath's, an array reused while they are equal). */
type Entry = KernelEvent | readonly KernelEvent[];

export class EventRing {
  private readonly events: (Entry | null)[];
  private readonly times: Float64Array;
  /** Records per place (1, or the length of a group). */
  private readonly sizes: Uint8Array;
  /** Message words of the ipc record of a place pushed by pushIpc or pushGroup, RING_MRS
   *  int32 pairs per place, and how many each place holds (0: the record is stored whole). */
  private readonly words: Int32Array;
  private readonly wordCount: Uint8Array;
  /** Index of the oldest place, places in use and the records they hold. */
  private head = 0;
  private count = 0;
  private records = 0;
  /** Sequence number the next record gets. */
  private next = 0;
  /** Records dropped because the ring was full. */
  dropped = 0;

  /** `capacity`: places; a group of records (one kernel entry) takes one place. */
  constructor(readonly capacity = 4096, private readonly clock: Clock = NO_CLOCK) {
    this.events = new Array<Entry | null>(capacity).fill(null);
    this.times = new Float64Array(capacity);
    this.sizes = new Uint8Array(capacity);
    this.words = new Int32Array(capacity * 2 * RING_MRS);
    this.wordCount = new Uint8Array(capacity);
  }

  push(event: KernelEvent): void {
    this.wordCount[this.place(event, 1)] = 0;
  }

  /** An ipc record whose message words are taken from `regs` (int32 pairs from index
   *  `from`, `n` of them, at most 4) instead of its `mrs`: the record can then be one
   *  object reused for every message that differs only in its words, and the words
   *  become bigints only when the ring is read. */
  pushIpc(event: IpcEvent, regs: Int32Array, from: number, n: number): void {
    this.keepWords(this.place(event, 1), regs, from, n);
  }

  /** The records of one kernel entry, in order and at one time (the kernel runs in no
   *  virtual time), as one place: the array may be pushed again (it is never changed).
   *  Its ipc record (at most one) gets `n` message words from `regs` as in pushIpc. */
  pushGroup(group: readonly KernelEvent[], regs: Int32Array, from: number, n: number): void {
    this.keepWords(this.place(group, group.length), regs, from, n);
  }

  private keepWords(at: number, regs: Int32Array, from: number, n: number): void {
    this.wordCount[at] = n;
    if (n === 0) return;
    // All RING_MRS words, unrolled (those past n are not read back).
    const base = at * 2 * RING_MRS, words = this.words;
    words[base] = regs[from]; words[base + 1] = regs[from + 1];
    words[base + 2] = regs[from + 2]; words[base + 3] = regs[from + 3];
    words[base + 4] = regs[from + 4]; words[base + 5] = regs[from + 5];
    words[base + 6] = regs[from + 6]; words[base + 7] = regs[from + 7];
  }

  /** Stores an entry of `size` records and its time at the next place (dropping the
   *  oldest place when full); returns the place. */
  private place(entry: Entry, size: number): number {
    const cap = this.capacity;
    let at = this.head + this.count;
    if (this.count < cap) {
      if (at >= cap) at -= cap;
      this.count++;
    } else {
      at = this.head;
      this.head = at + 1 === cap ? 0 : at + 1;
      const old = this.sizes[at];
      this.dropped += old;
      this.records -= old;
    }
    this.events[at] = entry;
    this.sizes[at] = size;
    this.times[at] = this.clock.time;
    this.records += size;
    this.next += size;
    return at;
  }

  /** A record of a place, with the place's message words if it is the ipc record they belong to. */
  private withWords(event: KernelEvent, at: number): KernelEvent {
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
    this.records = 0;
    return out;
  }

  /** The records still in the ring, without taking them. */
  peek(): readonly Stamped[] {
    return this.ordered();
  }

  private ordered(): Stamped[] {
    const out: Stamped[] = [];
    let seq = this.next - this.records;
    for (let i = 0; i < this.count; i++) {
      let at = this.head + i;
      if (at >= this.capacity) at -= this.capacity;
      const entry = this.events[at]!, time = this.times[at];
      if (isGroup(entry)) for (const e of entry) out.push({ seq: seq++, time, event: this.withWords(e, at) });
      else out.push({ seq: seq++, time, event: this.withWords(entry, at) });
    }
    return out;
  }
}

function isGroup(entry: Entry): entry is readonly KernelEvent[] {
  return Array.isArray(entry);
}

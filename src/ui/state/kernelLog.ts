// The kernel's event records on the page: a bounded log kept outside React (the
// worker sends up to one packed batch per run slice, at rates far beyond what React
// should render). It holds the newest `capacity` records as the packed batches they
// came in and decodes a record only when someone reads it, so a program making
// hundreds of thousands of kernel entries a second costs the page little more than
// the views draw. It counts the records lost before they reached the page (the
// kernel's ring or the worker's queue dropped the oldest). Views read it at frame
// rate or a few times a second (useKernelLogVersion) or subscribe to each batch.
// UI layer; the store hands out the one instance (kernelSlice.ts).

import { useEffect, useState } from 'react';
import {
  decodeKernelEvents,
  decodeKernelRecord,
  kernelRecordOffsets,
  type KernelRecord,
  type PackedKernelEvents,
} from '../../shared/protocol.ts';

export const KERNEL_LOG_CAPACITY = 20_000;

type Listener = (records: readonly KernelRecord[]) => void;

/** One batch as it came from the worker, with what was decoded of it so far. */
interface Chunk {
  packed: PackedKernelEvents;
  /** Position of its first record among all records held (the first chunk's is 0). */
  first: number;
  offsets: Uint32Array | null;
  records: (KernelRecord | undefined)[];
}

export class KernelEventLog {
  private chunks: Chunk[] = [];
  /** Records held in `chunks`; the oldest `hidden` of them are beyond the capacity. */
  private held = 0;
  private hidden = 0;
  private lost = 0;
  private received = 0;
  private changes = 0;
  private readonly listeners = new Set<Listener>();
  private readonly watchers = new Set<() => void>();

  constructor(readonly capacity = KERNEL_LOG_CAPACITY) {}

  /** Records readable now (the newest, at most `capacity`). */
  get size(): number { return this.held - this.hidden; }
  /** Records lost before they reached the page (the kernel or the worker dropped the oldest). */
  get dropped(): number { return this.lost; }
  /** Records received since the last clear (older ones than the newest `capacity` can no longer be read). */
  get total(): number { return this.received; }
  /** Changes with every append and clear: views redraw when it moved. */
  get version(): number { return this.changes; }

  /** Adds a kernelEvents batch from the worker. */
  append(packed: PackedKernelEvents): void {
    this.lost += packed.dropped;
    this.received += packed.count;
    if (packed.count > 0) {
      this.chunks.push({ packed, first: this.held, offsets: null, records: [] });
      this.held += packed.count;
      this.evict();
    }
    this.changed();
    if (this.listeners.size > 0 && packed.count > 0) {
      const records = decodeKernelEvents(packed);
      for (const l of this.listeners) l(records);
    }
  }

  /** Forgets whole batches that lie entirely beyond the capacity. */
  private evict(): void {
    let drop = 0;
    while (drop < this.chunks.length - 1 && this.held - this.chunks[drop + 1].first >= this.capacity) drop++;
    if (drop > 0) {
      const shift = this.chunks[drop].first;
      this.chunks = this.chunks.slice(drop);
      for (const c of this.chunks) c.first -= shift;
      this.held -= shift;
    }
    this.hidden = Math.max(0, this.held - this.capacity);
  }

  /** The i-th record readable, oldest first (0 <= i < size). */
  at(i: number): KernelRecord {
    if (i < 0 || i >= this.size) throw new RangeError(`kernel log: no record ${i} of ${this.size}`);
    const pos = this.hidden + i;
    const c = this.chunkAt(pos);
    const j = pos - c.first;
    let r = c.records[j];
    if (r === undefined) {
      c.offsets ??= kernelRecordOffsets(c.packed);
      r = decodeKernelRecord(c.packed, c.offsets[j]);
      c.records[j] = r;
    }
    return r;
  }

  private chunkAt(pos: number): Chunk {
    let lo = 0, hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunks[mid].first <= pos) lo = mid;
      else hi = mid - 1;
    }
    return this.chunks[lo];
  }

  /** The newest `n` records readable (or all), oldest first. */
  latest(n = this.size): KernelRecord[] {
    const from = Math.max(0, this.size - n);
    const out: KernelRecord[] = [];
    for (let i = from; i < this.size; i++) out.push(this.at(i));
    return out;
  }

  /** A fresh machine (build, reset): the old records no longer describe it. */
  clear(): void {
    this.chunks = [];
    this.held = 0;
    this.hidden = 0;
    this.lost = 0;
    this.received = 0;
    this.changed();
  }

  /** Calls `listener` with every batch of new records, decoded, as it arrives. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `watcher` (no arguments) on every change, including clear. */
  watch(watcher: () => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private changed(): void {
    this.changes++;
    for (const w of this.watchers) w();
  }
}

/** The log's version, re-read at most once per animation frame after it changes, or
 *  at most every `everyMs` when that is given (a reader that decodes records while the
 *  machine runs flat out): a component using it renders at that rate however fast
 *  records arrive. */
export function useKernelLogVersion(log: KernelEventLog, everyMs = 0): number {
  const [version, setVersion] = useState(log.version);
  useEffect(() => {
    let frame = 0, timer = 0, last = 0;
    const pull = () => {
      frame = 0;
      timer = 0;
      last = performance.now();
      setVersion(log.version);
    };
    const schedule = () => {
      if (frame !== 0 || timer !== 0) return;
      if (everyMs > 0) timer = window.setTimeout(pull, Math.max(0, last + everyMs - performance.now()));
      else frame = requestAnimationFrame(pull);
    };
    if (log.version !== version) schedule();
    const stop = log.watch(schedule);
    return () => {
      stop();
      if (frame !== 0) cancelAnimationFrame(frame);
      if (timer !== 0) clearTimeout(timer);
    };
    // `version` is read once per (re)subscription: a change missed while mounting.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [log, everyMs]);
  return version;
}

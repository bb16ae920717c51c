// The kernel's event records on the page: a bounded ring of decoded records kept
// outside React (the worker sends up to one packed batch per run slice, at rates
// far beyond what React should render), with the count of records lost on the way
// (the kernel's ring, the worker's queue or this ring dropped the oldest). Views
// read it at frame rate (useKernelLog) or subscribe to each batch of new records.
// UI layer; the store hands out the one instance (kernelSlice.ts).

import { useEffect, useState } from 'react';
import { decodeKernelEvents, type KernelRecord, type PackedKernelEvents } from '../../shared/protocol.ts';

export const KERNEL_LOG_CAPACITY = 20_000;

type Listener = (records: readonly KernelRecord[]) => void;

export class KernelEventLog {
  private readonly buf: (KernelRecord | undefined)[];
  /** Index of the oldest record in `buf`. */
  private head = 0;
  private count = 0;
  private lost = 0;
  private received = 0;
  private changes = 0;
  private readonly listeners = new Set<Listener>();
  private readonly watchers = new Set<() => void>();

  constructor(readonly capacity = KERNEL_LOG_CAPACITY) {
    this.buf = new Array(capacity);
  }

  /** Records held now (at most `capacity`). */
  get size(): number { return this.count; }
  /** Records lost before they could be shown: dropped by the kernel, the worker or this ring. */
  get dropped(): number { return this.lost; }
  /** Records received since the last clear. */
  get total(): number { return this.received; }
  /** Changes with every append and clear: views redraw when it moved. */
  get version(): number { return this.changes; }

  /** Adds a kernelEvents batch from the worker. */
  append(packed: PackedKernelEvents): void {
    const records = decodeKernelEvents(packed);
    this.lost += packed.dropped;
    this.received += records.length;
    for (const r of records) this.push(r);
    this.changed();
    for (const l of this.listeners) l(records);
  }

  private push(r: KernelRecord): void {
    if (this.count === this.capacity) {
      this.buf[this.head] = r;
      this.head = (this.head + 1) % this.capacity;
      this.lost++;
      return;
    }
    this.buf[(this.head + this.count) % this.capacity] = r;
    this.count++;
  }

  /** The i-th record held, oldest first (0 <= i < size). */
  at(i: number): KernelRecord {
    if (i < 0 || i >= this.count) throw new RangeError(`kernel log: no record ${i} of ${this.count}`);
    return this.buf[(this.head + i) % this.capacity]!;
  }

  /** The newest `n` records held (or all), oldest first. */
  latest(n = this.count): KernelRecord[] {
    const from = Math.max(0, this.count - n);
    const out: KernelRecord[] = [];
    for (let i = from; i < this.count; i++) out.push(this.at(i));
    return out;
  }

  /** A fresh machine (build, reset): the old records no longer describe it. */
  clear(): void {
    this.buf.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.lost = 0;
    this.received = 0;
    this.changed();
  }

  /** Calls `listener` with every batch of new records, as it arrives. */
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

/** The log's version, re-read at most once per animation frame after it changes:
 *  a component using it renders at frame rate however fast records arrive. */
export function useKernelLogVersion(log: KernelEventLog): number {
  const [version, setVersion] = useState(log.version);
  useEffect(() => {
    let frame = 0;
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(() => { frame = 0; setVersion(log.version); });
    };
    setVersion(log.version);
    const stop = log.watch(schedule);
    return () => {
      stop();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [log]);
  return version;
}

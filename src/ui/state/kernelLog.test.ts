// The page's kernel log: a bounded ring that keeps the newest records, counts the
// ones dropped on the way (by the worker and by itself), tells watchers and
// subscribers about each batch, and starts over on clear.

import { describe, expect, it } from 'vitest';
import { encodeKernelEvents, type KernelRecord } from '../../shared/protocol.ts';
import { KernelEventLog } from './kernelLog.ts';

const rec = (seq: number): KernelRecord => ({ seq, time: seq * 3, event: { kind: 'entry', syscall: 'Yield', thread: 't', pc: BigInt(0x400000 + seq * 4), lr: 0n } });
const batch = (from: number, n: number, dropped = 0) => encodeKernelEvents(Array.from({ length: n }, (_, i) => rec(from + i)), dropped);

describe('kernel log ring', () => {
  it('keeps the newest records, oldest first, and counts what the worker dropped', () => {
    const log = new KernelEventLog(5);
    log.append(batch(0, 3));
    expect(log.latest().map((r) => r.seq)).toEqual([0, 1, 2]);
    log.append(batch(10, 4, 7));
    expect(log.size).toBe(5);
    expect(log.latest().map((r) => r.seq)).toEqual([2, 10, 11, 12, 13]);
    expect(log.latest(2).map((r) => r.seq)).toEqual([12, 13]);
    expect(log.at(0)).toEqual(rec(2));
    expect(log.total).toBe(7);
    expect(log.dropped).toBe(7);
    expect(() => log.at(5)).toThrow(RangeError);
  });

  it('forgets whole batches beyond its capacity and reads across batch boundaries', () => {
    const log = new KernelEventLog(10);
    let seq = 0;
    for (const n of [4, 1, 6, 3, 0, 8, 2]) { log.append(batch(seq, n)); seq += n; }
    expect(log.size).toBe(10);
    expect(log.total).toBe(seq);
    expect(log.latest().map((r) => r.seq)).toEqual(Array.from({ length: 10 }, (_, i) => seq - 10 + i));
    for (let i = 9; i >= 0; i--) expect(log.at(i).seq).toBe(seq - 10 + i);
    log.append(batch(seq, 25));
    expect(log.latest().map((r) => r.seq)).toEqual(Array.from({ length: 10 }, (_, i) => seq + 15 + i));
  });

  it('tells watchers of every change and subscribers of every batch; clear starts over', () => {
    const log = new KernelEventLog(4);
    let watched = 0;
    const seen: number[][] = [];
    log.watch(() => watched++);
    const stop = log.subscribe((rs) => seen.push(rs.map((r) => r.seq)));
    const v0 = log.version;
    log.append(batch(0, 2));
    log.append(batch(2, 1));
    stop();
    log.append(batch(3, 1));
    expect(seen).toEqual([[0, 1], [2]]);
    log.clear();
    expect(watched).toBe(4);
    expect(log.version).toBe(v0 + 4);
    expect([log.size, log.total, log.dropped]).toEqual([0, 0, 0]);
    log.append(batch(0, 1));
    expect(log.latest()).toEqual([rec(0)]);
  });
});

// The kernel's event ring: bounded, oldest dropped first, times from the clock, and
// ipc records whose message words are kept per push (pushIpc) read back as bigints.
import { describe, expect, it } from 'vitest';
import { EventRing } from '../../src/kernel/events.ts';
import type { KernelEventRecord } from '../../src/shared/kernelView.ts';

type Ipc = Extract<KernelEventRecord, { kind: 'ipc' }>;

const ipc = (length: number): Ipc => ({ kind: 'ipc', from: 'a', to: 'b', ep: 'endpoint 0x1', label: 7n, length, caps: 0, badge: 0n, fault: false, mrs: [] });

/** Message words as int32 pairs, as the register file holds them (x2 at index 4). */
function regsWith(words: bigint[]): Int32Array {
  const r = new Int32Array(80);
  words.forEach((w, i) => {
    r[4 + 2 * i] = Number(w & 0xffff_ffffn) | 0;
    r[4 + 2 * i + 1] = Number(w >> 32n) | 0;
  });
  return r;
}

describe('EventRing', () => {
  it('stamps records with the clock and hands them out oldest first', () => {
    const clock = { time: 5 };
    const ring = new EventRing(8, clock);
    ring.push({ kind: 'schedule', thread: 'a' });
    clock.time = 9;
    ring.push({ kind: 'schedule', thread: 'b' });
    const out = ring.drain();
    expect(out.map((s) => [s.seq, s.time, s.event])).toEqual([
      [0, 5, { kind: 'schedule', thread: 'a' }],
      [1, 9, { kind: 'schedule', thread: 'b' }],
    ]);
    expect(ring.drain()).toEqual([]);
  });

  it('drops the oldest records when full and counts them', () => {
    const ring = new EventRing(3);
    for (let i = 0; i < 5; i++) ring.push({ kind: 'schedule', thread: `t${i}` });
    expect(ring.dropped).toBe(2);
    expect(ring.peek().map((s) => [s.seq, (s.event as { thread: string }).thread])).toEqual([[2, 't2'], [3, 't3'], [4, 't4']]);
  });

  it('gives each pushIpc its own message words, though the record object is shared', () => {
    const ring = new EventRing(8);
    const rec = ipc(4);
    ring.pushIpc(rec, regsWith([1n, 0xffff_ffff_ffff_fffen, 1n << 40n, 3n]), 4, 4);
    ring.pushIpc(rec, regsWith([2n, 0n, 0n, 0n]), 4, 2);
    const [a, b] = ring.drain().map((s) => s.event as Ipc);
    expect(a.mrs).toEqual([1n, 0xffff_ffff_ffff_fffen, 1n << 40n, 3n]);
    expect(b.mrs).toEqual([2n, 0n]);
    expect({ ...a, mrs: [] }).toEqual(rec);
    expect(rec.mrs).toEqual([]);
  });

  it('forgets the words of a place once an ordinary record overwrites it', () => {
    const ring = new EventRing(2);
    ring.pushIpc(ipc(1), regsWith([42n]), 4, 1);
    ring.push({ kind: 'schedule', thread: 'x' });
    ring.push(ipc(0));
    const out = ring.peek().map((s) => s.event);
    expect(out).toEqual([{ kind: 'schedule', thread: 'x' }, ipc(0)]);
  });

  it('hands out a group as its records in order, one sequence number each, the words on its ipc record', () => {
    const clock = { time: 3 };
    const ring = new EventRing(2, clock);
    const group: KernelEventRecord[] = [{ kind: 'schedule', thread: 'a' }, ipc(2), { kind: 'schedule', thread: 'b' }];
    ring.push({ kind: 'schedule', thread: 'first' });
    clock.time = 8;
    ring.pushGroup(group, regsWith([5n, 6n]), 4, 2);
    const out = ring.peek();
    expect(out.map((s) => [s.seq, s.time, s.event.kind])).toEqual([[0, 3, 'schedule'], [1, 8, 'schedule'], [2, 8, 'ipc'], [3, 8, 'schedule']]);
    expect((out[2].event as Ipc).mrs).toEqual([5n, 6n]);
    expect(group[1]).toEqual(ipc(2));
  });

  it('drops a whole group when its place is needed, counting its records', () => {
    const ring = new EventRing(2);
    const group: KernelEventRecord[] = [{ kind: 'schedule', thread: 'a' }, { kind: 'schedule', thread: 'b' }, { kind: 'schedule', thread: 'c' }];
    ring.pushGroup(group, new Int32Array(8), 4, 0);
    ring.push({ kind: 'schedule', thread: 'd' });
    ring.push({ kind: 'schedule', thread: 'e' });
    expect(ring.dropped).toBe(3);
    expect(ring.drain().map((s) => [s.seq, (s.event as { thread: string }).thread])).toEqual([[3, 'd'], [4, 'e']]);
    ring.pushGroup(group, new Int32Array(8), 4, 0);
    expect(ring.peek().map((s) => s.seq)).toEqual([5, 6, 7]);
  });
});

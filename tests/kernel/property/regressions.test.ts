// Kernel bugs the property test found, each as the short op sequence that showed
// it, run by the same driver (src/kernel/testing/soakWorld.ts) with the invariant
// checker after every kernel entry.
import { describe, expect, it } from 'vitest';
import { runOps, SoakStats, SoakWorld } from '../../../src/kernel/testing/soakWorld.ts';
import type { Op } from '../../../src/kernel/testing/soakOps.ts';
import { checkInvariants } from '../../../src/kernel/invariants.ts';

const W = new SoakWorld().layout.workStart;
/** Prelude slots (soakWorld.ts): W.. 3 TCBs, W+3.. 3 endpoints, W+6.. 2 notifications. */
const NTFN0 = W + 6, EP0 = W + 3;

const call = (method: string, slot: number, args: Record<string, bigint> = {}, caps: number[] = []): Op =>
  ({ op: 'invoke', sys: 'Call', method, cap: { slot }, args, caps: caps.map((s) => ({ slot: s })), tail: [] });

describe('property-test regressions', () => {
  it('REGRESSION Resume of a thread blocked on a notification takes it off the wait queue (seL4 restart calls cancelIPC)', () => {
    const ops: Op[] = [
      { op: 'ipc', sys: 'Recv', cap: { slot: NTFN0 }, label: 0, mrs: [], caps: [] },
      call('TCBResume', 1),
    ];
    const stats = new SoakStats();
    expect(runOps(ops, stats)).toBeNull();
    expect(stats.ops).toBe(2);
  });

  it('REGRESSION Resume of a thread blocked on an endpoint takes it off the endpoint queue', () => {
    const ops: Op[] = [
      { op: 'ipc', sys: 'Recv', cap: { slot: EP0 }, label: 0, mrs: [], caps: [] },
      call('TCBResume', 1),
      { op: 'ipc', sys: 'Send', cap: { slot: EP0 }, label: 1, mrs: [1n], caps: [] },
    ];
    expect(runOps(ops)).toBeNull();
  });

  it('REGRESSION PageTable_Unmap leaves the caps mapped through the table stale, as seL4 does (the invariant checker accepts it)', () => {
    const world = new SoakWorld();
    const [first, end] = world.facts.userImagePaging;
    const ops: Op[] = [];
    for (let s = end - 1; s >= first; s--) ops.push(call('ARMPageTableUnmap', s));
    expect(runOps(ops)).toBeNull();
  });

  it('the mapping invariant still catches a descriptor that no mapped cap claims', () => {
    const world = new SoakWorld();
    const k = world.kernel.state;
    const frame = [...k.allSlots()].find((s) => s.cap.type === 'frame' && s.cap.mapped)!;
    const c = frame.cap as Extract<typeof frame.cap, { type: 'frame' }>;
    expect(checkInvariants(k)).toEqual([]);
    frame.cap = { ...c, paddr: c.paddr + 0x10_0000n };
    expect(checkInvariants(k).join('; ')).toMatch(/descriptor maps 0x[0-9a-f]+, which no mapped cap claims/);
  });
});

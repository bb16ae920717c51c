// The differential soak: ops in lockstep on a kernel with the IPC fastpath and one
// without must leave the same state after every op; a rendezvous sequence takes the
// fastpath, and a state difference is reported with the first differing line.
import { describe, expect, it } from 'vitest';
import { digest, runOpsDifferential } from '../../../src/kernel/testing/soakDiff.ts';
import { runSoak, formatFailure } from '../../../src/kernel/testing/soakRun.ts';
import { SoakStats, SoakWorld } from '../../../src/kernel/testing/soakWorld.ts';
import type { Op } from '../../../src/kernel/testing/soakOps.ts';

const W = new SoakWorld().layout.workStart;
const EP = { slot: W + 3 };
const ipc = (sys: 'Call' | 'Recv' | 'ReplyRecv', mrs: bigint[] = []): Op => ({ op: 'ipc', sys, cap: EP, label: 3, mrs, caps: [] });

describe('differential soak (fastpath vs slowpath)', () => {
  it('a Call/ReplyRecv exchange takes the fastpath and leaves the same state as the slowpath', () => {
    // Root (255) waits; the 254 thread calls, the root answers with ReplyRecv, and so on.
    const ops: Op[] = [ipc('Recv'), ipc('Call', [1n, 2n]), ipc('ReplyRecv', [3n]), ipc('Call', [4n]), ipc('ReplyRecv', [5n, 6n, 7n, 8n])];
    const stats = new SoakStats();
    expect(runOpsDifferential(ops, stats)).toBeNull();
    expect(stats.fastpathTaken).toBeGreaterThan(0);
  });

  it('reports the first line where the two kernels differ', () => {
    const a = new SoakWorld(), b = new SoakWorld();
    expect(digest(a)).toEqual(digest(b));
    b.kernel.state.current!.priority = 7;
    const da = digest(a), db = digest(b);
    expect(da).not.toEqual(db);
    expect(db.find((l, i) => l !== da[i])).toMatch(/^rootserver Running prio 7\/255/);
  });

  it('random runs agree (seed 20261203, 1,200 ops)', () => {
    const r = runSoak({ ops: 1200, seed: 20261203, differential: true });
    if (r.failure) expect.fail(formatFailure(r.failure));
    expect(r.stats.ops).toBe(1200);
  }, 120_000);
});

// The kernel snapshot the live views draw from: threads with their states and
// spaces, cap slots with CDT parents, queues, untyped children and mappings, all
// read from a root task that built them through ordinary invocations.
import { describe, expect, it } from 'vitest';
import { snapshotKernel } from '../../src/kernel/snapshot.ts';
import { runRootTask, TEST_HELPERS } from './rootTaskRun.ts';

const program = `${TEST_HELPERS}
#define R seL4_CapInitThreadCNode
#define D seL4_WordBits
static char stack[4096] __attribute__((aligned(16)));
static seL4_Word EP;
static void waiter(void) { seL4_Word b; for (;;) seL4_Recv(EP, &b); }
int main(void) {
  seL4_Word s = seL4_GetBootInfo()->empty.start, ut = test_untyped(20);
  EP = s;
  seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, R, 0, 0, EP, 1);
  seL4_CNode_Mint(R, s + 1, D, R, EP, D, seL4_CanWrite, 42);
  seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100);
  test_thread(ut, s + 2, "waiter", 200, waiter, stack + 4096, 1024);
  printf("slots %lu %lu %lu\\n", (unsigned long)EP, (unsigned long)(s + 1), (unsigned long)(s + 2));
  return 0;
}
`;

describe('kernel snapshot', () => {
  const run = runRootTask(program);
  const [ep, minted, tcb] = /slots (\d+) (\d+) (\d+)/.exec(run.stdout)!.slice(1).map(Number);
  const k = run.booted.kernel.state;
  const snap = snapshotKernel(k, 123);
  const root = snap.threads.find((t) => t.name === 'rootserver')!;
  const slotOf = (i: number) => snap.slots.find((x) => x.container === root.cspace!.cnode && x.index === i)!;

  it('lists the threads with state, priority, CSpace root and what they wait on', () => {
    expect(run.status).toBe(0);
    const w = snap.threads.find((t) => t.name === 'waiter')!;
    expect(w).toMatchObject({ state: 'BlockedOnReceive', priority: 200, current: false });
    expect(w.blockedOn).toMatch(/^endpoint@0x/);
    expect(w.cspace).toEqual(root.cspace);
    expect(root.cspace).toMatchObject({ radix: 12, guardSize: 52 });
    expect(snap.time).toBe(123);
  });

  it('gives every non-empty slot its cap, rights, badge and CDT parent', () => {
    const e = slotOf(ep), m = slotOf(minted), t = slotOf(tcb);
    expect(e.cap).toMatchObject({ type: 'endpoint', badge: 0n, rights: 'RWGg' });
    expect(m.cap).toMatchObject({ type: 'endpoint', badge: 42n, rights: '-W--', object: e.cap.object });
    expect(m.parent).toBe(e.id);
    expect(t.cap.type).toBe('tcb');
    const untyped = snap.slots.find((x) => x.id === e.parent)!;
    expect(untyped.cap.type).toBe('untyped');
    expect(snap.slots.every((x) => x.cap.type !== 'null')).toBe(true);
  });

  it('shows the endpoint queue, the untyped children below the watermark and the mappings', () => {
    const q = snap.queues.find((x) => `endpoint@0x${x.paddr.toString(16)}` === slotOf(ep).cap.object)!;
    expect(q).toMatchObject({ kind: 'endpoint', state: 'receivers waiting', queue: ['waiter'] });
    const u = snap.untypeds.find((x) => x.slot === slotOf(ep).parent)!;
    expect(u.children.map((c) => c.type)).toEqual(['endpoint', 'tcb']);
    for (const c of u.children) expect(c.paddr + (1n << BigInt(c.bits))).toBeLessThanOrEqual(u.paddr + u.watermark);
    const frames = snap.mappings.filter((x) => x.kind === 'frame' && x.asid === root.asid);
    expect(frames.length).toBeGreaterThan(2);
    for (const f of frames) expect(f.rights).toMatch(/^R/);
    expect(new Set(frames.map((f) => f.vaddr)).size).toBe(frames.length);
  });

  it('is structured-clone safe', () => {
    expect(structuredClone(snap)).toEqual(snap);
  });
});

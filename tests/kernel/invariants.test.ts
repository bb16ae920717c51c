// The invariant checker finds each kind of broken state it names, and a clean
// boot has none (src/kernel/invariants.ts).
import { describe, expect, it } from 'vitest';
import { bootRootTask } from '../../src/kernel/boot.ts';
import { checkInvariants } from '../../src/kernel/invariants.ts';
import { buildRootTask } from './rootTaskRun.ts';

const elf = buildRootTask('int main(void) { return 0; }');
function fresh() {
  const b = bootRootTask({ elf, checkInvariants: true });
  if (!b.ok) throw new Error(b.error);
  const k = b.value.kernel.state;
  return { k, slots: [...k.cnodes.values()][0], facts: b.value.facts };
}

describe('kernel invariants', () => {
  it('INV0001 a fresh boot satisfies every invariant', () => {
    expect(checkInvariants(fresh().k)).toEqual([]);
  });

  it('INV0002 a child slot missing from its parent breaks the CDT', () => {
    const { k, slots } = fresh();
    const child = slots[1];
    child.parent = slots[5];
    expect(checkInvariants(k).join('\n')).toMatch(/cdt: .* is not among its parent's children/);
  });

  it('INV0003 an object above the untyped watermark is reported', () => {
    const { k, slots, facts } = fresh();
    const ut = slots[facts.untyped[0] + 1];
    const dest = slots[facts.empty[0]];
    const u = ut.cap as { paddr: bigint };
    dest.cap = { type: 'endpoint', paddr: u.paddr + 64n, badge: 0n, rights: { read: true, write: true, grant: true, grantReply: true } };
    dest.parent = ut;
    ut.children.push(dest);
    k.endpoints.set(u.paddr + 64n, { paddr: u.paddr + 64n, queue: [] });
    expect(checkInvariants(k).join('\n')).toMatch(/untyped: .* lies outside/);
  });

  it('INV0004 a cap to a freed object, and a runnable thread in no queue, are reported', () => {
    const { k, slots, facts } = fresh();
    slots[facts.empty[0]].cap = { type: 'endpoint', paddr: 0x4800_0000n, badge: 0n, rights: { read: true, write: true, grant: true, grantReply: true } };
    const t = k.createTcb(0x4900_0000n);
    t.state = 'Running';
    const all = checkInvariants(k).join('\n');
    expect(all).toMatch(/objects: .* freed object/);
    expect(all).toMatch(/scheduler: runnable .* is in no ready queue/);
  });

  it('INV0005 a frame cap whose descriptor maps another address is reported', () => {
    const { k, slots, facts } = fresh();
    const f = slots[facts.userImageFrames[0]];
    if (f.cap.type !== 'frame') throw new Error('not a frame');
    f.cap = { ...f.cap, paddr: f.cap.paddr + 0x1000n };
    expect(checkInvariants(k).join('\n')).toMatch(/vspace: frame .* the descriptor maps/);
  });
});

describe('kernel invariants: replies and ASIDs', () => {
  it('INV0006 a reply cap to a thread that is not waiting for a reply is reported', () => {
    const { k, slots, facts } = fresh();
    slots[facts.empty[0]].cap = { type: 'reply', tcb: [...k.tcbs.keys()][0], master: false, grant: false };
    expect(checkInvariants(k).join('\n')).toMatch(/reply: .* not BlockedOnReply/);
  });

  it('INV0007 an ASID whose VSpace no cap holds is reported', () => {
    const { k } = fresh();
    k.asids.set(7, 0x4000_0000n);
    expect(checkInvariants(k).join('\n')).toMatch(/asid: ASID 7 maps VSpace/);
  });
});

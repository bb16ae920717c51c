// Unit tests of the kernel core: guarded radix lookup (resolveAddressBits), the
// CNode-operation lookup, the CDT, and decode steps that refuse without changing
// anything (reference/sel4.md 2.4, 2.8, 2.12).
import { describe, expect, it } from 'vitest';
import { PhysMem } from '../../src/emulator/memory/physmem.ts';
import { CpuState } from '../../src/emulator/cpu/state.ts';
import { LABEL } from '../../src/shared/abi/index.ts';
import { ALL_RIGHTS, updateCapData, type Cap } from '../../src/kernel/core/cap.ts';
import { descendants, insertDerived, insertRoot, moveNode, removeNode } from '../../src/kernel/core/cdt.ts';
import { lookupSlotForCNodeOp, resolveAddressBits } from '../../src/kernel/core/cspace.ts';
import { decodeCNodeInvocation } from '../../src/kernel/object/cnode.ts';
import { decodeRetype } from '../../src/kernel/object/untyped.ts';
import { KernelState } from '../../src/kernel/state.ts';
import type { InvocationContext } from '../../src/kernel/api/invocation.ts';

function twoLevel() {
  const k = new KernelState(new PhysMem(1 << 20));
  const top = k.createCNode(0x1000n, 4);
  const leaf = k.createCNode(0x2000n, 8);
  const root: Cap = { type: 'cnode', paddr: 0x1000n, radix: 4, guardSize: 4, guard: 0xan };
  insertRoot(top[3], { type: 'cnode', paddr: 0x2000n, radix: 8, guardSize: 0, guard: 0n });
  insertRoot(leaf[0x42], { type: 'endpoint', paddr: 0x3000n, badge: 0n, rights: ALL_RIGHTS });
  return { k, top, leaf, root };
}

describe('CSpace lookup', () => {
  it('CSPACE0001 resolves guard, radix and a second level', () => {
    const { k, leaf, root } = twoLevel();
    const r = resolveAddressBits(k, root, 0xa342n, 16);
    expect(r.ok && r.slot).toBe(leaf[0x42]);
    expect(r.ok && r.bitsRemaining).toBe(0);
  });

  it('CSPACE0002 a guard mismatch reports bits left, the guard and its size', () => {
    const { k, root } = twoLevel();
    expect(resolveAddressBits(k, root, 0xb342n, 16)).toEqual({ ok: false, fault: { kind: 'GuardMismatch', bitsLeft: 16, guardFound: 0xan, guardSize: 4 } });
  });

  it('CSPACE0003 too few bits for a level is a depth mismatch', () => {
    const { k, root } = twoLevel();
    expect(resolveAddressBits(k, root, 0xa34n, 12)).toEqual({ ok: false, fault: { kind: 'DepthMismatch', bitsLeft: 4, bitsFound: 8 } });
  });

  it('CSPACE0004 a leaf before the bits run out returns the slot with bits remaining', () => {
    const { k, top, root } = twoLevel();
    const r = resolveAddressBits(k, root, 0xa5ffn, 16);
    expect(r.ok && r.slot).toBe(top[5]);
    expect(r.ok && r.bitsRemaining).toBe(8);
  });

  it('CSPACE0005 CNode-operation lookups need the exact depth and a CNode root', () => {
    const { k, root } = twoLevel();
    expect(lookupSlotForCNodeOp(k, root, 0xa5ffn, 16n)).toEqual({ ok: false, kind: 'lookup', fault: { kind: 'DepthMismatch', bitsLeft: 8, bitsFound: 0 } });
    expect(lookupSlotForCNodeOp(k, root, 0n, 65n)).toEqual({ ok: false, kind: 'depth' });
    expect(lookupSlotForCNodeOp(k, { type: 'null' }, 0n, 8n)).toEqual({ ok: false, kind: 'lookup', fault: { kind: 'InvalidRoot' } });
  });

  it('CSPACE0006 CNode cap data: guard masked to its size; guard + radix over 64 is a null cap', () => {
    const cn: Cap = { type: 'cnode', paddr: 0n, radix: 12, guardSize: 0, guard: 0n };
    expect(updateCapData(false, (0xffn << 6n) | 4n, cn)).toMatchObject({ guard: 0xfn, guardSize: 4 });
    expect(updateCapData(false, 53n, cn)).toEqual({ type: 'null' });
  });
});

describe('capability derivation tree', () => {
  it('CDT0001 copies of an original are its children; copies of copies are siblings; delete hands children up', () => {
    const { k, top } = twoLevel();
    const ep: Cap = { type: 'endpoint', paddr: 0x3000n, badge: 0n, rights: ALL_RIGHTS };
    insertRoot(top[0], ep);
    insertDerived(top[0], top[1], ep, false);
    insertDerived(top[1], top[2], ep, false);
    expect(top[1].parent).toBe(top[0]);
    expect(top[2].parent).toBe(top[0]);
    const badged = { ...ep, badge: 9n };
    insertDerived(top[1], top[4], badged, true);
    insertDerived(top[4], top[6], badged, false);
    expect(top[4].parent).toBe(top[0]);
    expect(top[6].parent).toBe(top[4]);
    expect(descendants(top[0])).toHaveLength(4);
    removeNode(top[4]);
    expect(top[6].parent).toBe(top[0]);
    moveNode(top[6], top[7], top[6].cap);
    expect(top[7].parent).toBe(top[0]);
    expect(top[0].children).toContain(top[7]);
    expect(top[6].cap.type).toBe('null');
    expect(k.isFinal(top[7])).toBe(false);
  });
});

function ctx(k: KernelState, label: number, mrs: bigint[], cap: Cap, extra: InvocationContext['extraCaps'] = []): InvocationContext {
  const t = k.createTcb(0x9000n);
  return { k, thread: t, label, length: mrs.length, mr: (i) => mrs[i] ?? 0n, extraCaps: extra, slot: t.slots[0], cap, cptr: 0n, cpu: new CpuState() };
}

describe('decode steps refuse without changing anything', () => {
  it('DECODE0001 CNodeCopy onto an occupied slot: DeleteFirst, both slots untouched', () => {
    const { k, top, root } = twoLevel();
    const before = top.map((s) => s.cap);
    const rootSlot = top[3];
    const d = decodeCNodeInvocation(ctx(k, LABEL.CNodeCopy, [0xa3n, 8n, 0xa3n, 8n, 15n], root as never, [rootSlot]), root as never);
    expect(d.ok).toBe(false);
    expect(!d.ok && d.error).toMatchObject({ name: 'DeleteFirst', code: 8, mrs: [] });
    expect(top.map((s) => s.cap)).toEqual(before);
  });

  it('DECODE0002 CNodeMint with too few words: TruncatedMessage naming the count', () => {
    const { k, top, root } = twoLevel();
    const d = decodeCNodeInvocation(ctx(k, LABEL.CNodeMint, [0xa0n, 8n, 0x42n, 8n, 15n], root as never, [top[3]]), root as never);
    expect(!d.ok && d.error.name).toBe('TruncatedMessage');
    expect(!d.ok && d.error.reason).toMatch(/6 message words, got 5/);
  });

  it('DECODE0003 Retype decode computes an aligned start above the watermark and creates nothing', () => {
    const { k, top, root } = twoLevel();
    const ut = { type: 'untyped' as const, paddr: 0x10000n, sizeBits: 16, isDevice: false, freeOffset: 0x10n };
    insertRoot(top[8], ut);
    insertDerived(top[8], top[9], { type: 'endpoint', paddr: 0x10000n, badge: 0n, rights: ALL_RIGHTS }, true);
    const c = { ...ctx(k, LABEL.UntypedRetype, [7n, 0n, 0n, 0n, 10n, 2n], ut, [{ ...top[3], cap: root }]), slot: top[8] };
    const d = decodeRetype(c, ut);
    expect(d.ok && d.op.start).toBe(0x11000n);
    expect(d.ok && d.op.reset).toBe(false);
    expect(top[10].cap.type).toBe('null');
  });
});

// VSpace invocations over real translation tables: PageTable Map/Unmap, Page
// (frame) Map/Unmap/GetAddress and the cache operations, ASIDControl MakePool and
// ASIDPool Assign. Decode follows seL4's decodeARMMMUInvocation order (changes
// nothing); invoke writes descriptors into guest memory and invalidates the TLB.
// Kernel object layer. Facts: reference/sel4.md 2.14; Arm ARM D8.3.
// 2 MiB and 1 GiB frames map as level-2 / level-1 block descriptors.
import { pageDescriptor } from '../../emulator/mmu/pagetable.ts';
import { PTE } from '../../emulator/types.ts';
import { constant, LABEL_NAME } from '../../shared/abi/index.ts';
import type { InvocationContext, Operation } from '../api/invocation.ts';
import { describeCap, rightsFromWord, type Cap } from '../core/cap.ts';
import { hasChildren, insertDerived } from '../core/cdt.ts';
import { decoded, refused, sysErr, type Decoded } from '../core/lookup.ts';
import type { KernelState } from '../state.ts';
import { lookupForOp } from './cnode.ts';
import { clearFrameEntry, frameEntry, tableSpanBits, tableWalk } from './vspace.ts';

const USER_TOP = BigInt(constant('seL4_UserTop'));
const ASID_POOL_BITS = constant('seL4_ASIDPoolIndexBits');
const NUM_POOLS = 1 << constant('seL4_NumASIDPoolsBits');
const hex = (v: bigint) => `0x${v.toString(16)}`;
const idx = (va: bigint, level: number) => (va >> BigInt(39 - 9 * level)) & 0x1ffn;

type Op = Decoded<Operation>;
const op = (name: string, args: Record<string, string>, invoke: () => bigint[] | void): Op => decoded({ name, args, invoke: () => invoke() ?? [] });

/** The VSpace named by extra cap 0: a VSpace cap with an ASID that still maps to it. */
function targetVSpace(ctx: InvocationContext): { ok: true; root: bigint; asid: number } | { ok: false; error: ReturnType<typeof sysErr.invalidCapability> } {
  const v = ctx.extraCaps[0].cap;
  if (v.type !== 'vspace' || v.asid === undefined) return { ok: false, error: sysErr.invalidCapability(1, `not a VSpace with an ASID (${describeCap(v)})`) };
  const root = ctx.k.asids.get(v.asid);
  if (root === undefined) return { ok: false, error: sysErr.failedLookup(false, { kind: 'InvalidRoot' }, `ASID ${v.asid} has no VSpace`) };
  if (root !== v.paddr) return { ok: false, error: sysErr.invalidCapability(1, `ASID ${v.asid} belongs to another VSpace`) };
  return { ok: true, root, asid: v.asid };
}

export function decodePageTableInvocation(ctx: InvocationContext, cap: Extract<Cap, { type: 'pageTable' }>): Op {
  const name = LABEL_NAME(ctx.label);
  if (name === 'ARMPageTableUnmap') {
    if (!ctx.k.isFinal(ctx.slot)) return refused(sysErr.revokeFirst('cannot unmap a page table while other caps to it exist'));
    return op(name, {}, () => unmapTable(ctx.k, ctx.slot as { cap: Cap }));
  }
  if (name !== 'ARMPageTableMap') return refused(sysErr.illegalOperation(`label ${ctx.label} is not a page table invocation`));
  if (ctx.length < 2 || ctx.extraCaps.length < 1) return refused(sysErr.truncatedMessage('ARMPageTableMap needs 2 message words and the VSpace as extra cap 0'));
  if (cap.mapped) return refused(sysErr.invalidCapability(0, 'the page table is already mapped'));
  const vaddr = ctx.mr(0);
  const vs = targetVSpace(ctx);
  if (!vs.ok) return refused(vs.error);
  if (vaddr > USER_TOP) return refused(sysErr.invalidArgument(0, `vaddr ${hex(vaddr)} is above the user top`));
  const walk = tableWalk(ctx.k.mem, vs.root, vaddr);
  const level = walk.findIndex((t) => t === undefined) + 1;
  if (level === 0) return refused(sysErr.deleteFirst(`page tables already cover ${hex(vaddr)} down to the last level`));
  const parent = level === 1 ? vs.root : walk[level - 2]!;
  const entry = parent + idx(vaddr, level - 1) * 8n;
  const old = ctx.k.mem.read64(Number(entry));
  if (typeof old === 'bigint' && (old & 1n) !== 0n) return refused(sysErr.deleteFirst(`a mapping already exists at ${hex(vaddr)} (level ${level - 1})`));
  const base = vaddr & ~((1n << BigInt(tableSpanBits(level))) - 1n);
  const slot = ctx.slot;
  return op(name, { vaddr: hex(vaddr), level: String(level) }, () => {
    ctx.k.mem.write64(Number(entry), cap.paddr | PTE.TABLE | PTE.VALID);
    slot.cap = { ...cap, mapped: { asid: vs.asid, vaddr: base, level } };
    ctx.k.tlb.invalidateAsid(vs.asid);
  });
}

function unmapTable(k: KernelState, slot: { cap: Cap }): void {
  const c = slot.cap;
  if (c.type !== 'pageTable' || !c.mapped) return;
  const root = k.asids.get(c.mapped.asid);
  if (root !== undefined) {
    const walk = tableWalk(k.mem, root, c.mapped.vaddr);
    if (walk[c.mapped.level - 1] === c.paddr) {
      const parent = c.mapped.level === 1 ? root : walk[c.mapped.level - 2]!;
      k.mem.write64(Number(parent + idx(c.mapped.vaddr, c.mapped.level - 1) * 8n), 0n);
      k.tlb.invalidateAsid(c.mapped.asid);
    }
  }
  k.mem.zero(Number(c.paddr), 4096);
  slot.cap = { type: 'pageTable', paddr: c.paddr };
}

export function decodeFrameInvocation(ctx: InvocationContext, cap: Extract<Cap, { type: 'frame' }>): Op {
  const name = LABEL_NAME(ctx.label);
  const slot = ctx.slot;
  switch (name) {
    case 'ARMPageMap': return decodePageMap(ctx, cap);
    case 'ARMPageUnmap': return op(name, {}, () => unmapFrame(ctx.k, slot as { cap: Cap }));
    case 'ARMPageGetAddress': return op(name, {}, () => [cap.paddr]);
    case 'ARMPageClean_Data': case 'ARMPageInvalidate_Data': case 'ARMPageCleanInvalidate_Data': case 'ARMPageUnify_Instruction':
      return decodeCacheOp(ctx, cap, name);
    default: return refused(sysErr.illegalOperation(`label ${ctx.label} is not a page invocation`));
  }
}

/** The machine has no caches to maintain: the range is checked as seL4 does and nothing else happens. */
function decodeCacheOp(ctx: InvocationContext, cap: Extract<Cap, { type: 'frame' }>, name: string): Op {
  if (ctx.length < 2) return refused(sysErr.truncatedMessage(`${name} needs 2 message words`));
  const start = ctx.mr(0), end = ctx.mr(1);
  if (!cap.mapped) return refused(sysErr.illegalOperation('the page is not mapped'));
  if (end <= start) return refused(sysErr.invalidArgument(1, 'end must be above start'));
  if (start >= 1n << BigInt(cap.sizeBits)) return refused(sysErr.invalidArgument(0, 'start is outside the page'));
  if (end > 1n << BigInt(cap.sizeBits)) return refused(sysErr.invalidArgument(1, 'end is outside the page'));
  return op(name, { start: hex(start), end: hex(end) }, () => undefined);
}

function decodePageMap(ctx: InvocationContext, cap: Extract<Cap, { type: 'frame' }>): Op {
  if (ctx.length < 3 || ctx.extraCaps.length < 1) return refused(sysErr.truncatedMessage('ARMPageMap needs 3 message words and the VSpace as extra cap 0'));
  const vaddr = ctx.mr(0), mask = rightsFromWord(ctx.mr(1)), attr = ctx.mr(2);
  const vs = targetVSpace(ctx);
  if (!vs.ok) return refused(vs.error);
  const size = 1n << BigInt(cap.sizeBits);
  if (vaddr + size - 1n > USER_TOP) return refused(sysErr.invalidArgument(0, `the page at ${hex(vaddr)} would end above the user top`));
  if ((vaddr & (size - 1n)) !== 0n) return refused(sysErr.alignmentError(`vaddr ${hex(vaddr)} is not aligned to the 2^${cap.sizeBits} page`));
  if (cap.mapped) {
    if (cap.mapped.asid !== vs.asid) return refused(sysErr.invalidCapability(1, 'the frame is mapped in another address space'));
    if (cap.mapped.vaddr !== vaddr) return refused(sysErr.invalidArgument(0, `the frame is already mapped at ${hex(cap.mapped.vaddr)}`));
  }
  const at = frameEntry(ctx.k.mem, vs.root, vaddr, cap.sizeBits);
  if (!at.ok) {
    return refused(sysErr.failedLookup(false, { kind: 'MissingCapability', bitsLeft: tableSpanBits(at.missingLevel) }, `no level-${at.missingLevel} page table for ${hex(vaddr)}`));
  }
  const entry = at.entry;
  const old = ctx.k.mem.read64(Number(entry));
  if (!cap.mapped && typeof old === 'bigint' && (old & 1n) !== 0n) return refused(sysErr.deleteFirst(`${hex(vaddr)} is already mapped (or covered by a page table)`));
  const read = cap.rights.read && mask.read, write = cap.rights.write && mask.write && read;
  const rights = { read, write, exec: (attr & 4n) === 0n, device: cap.isDevice };
  const slot = ctx.slot;
  return op('ARMPageMap', { vaddr: hex(vaddr), rights: `${read ? 'R' : '-'}${write ? 'W' : '-'}` }, () => {
    const d = read || rights.exec ? pageDescriptor(cap.paddr, { ...rights, exec: rights.exec && read }) : null;
    const block = cap.sizeBits !== 12;
    ctx.k.mem.write64(Number(entry), d && d.ok ? (block ? d.value & ~PTE.TABLE : d.value) : 0n);
    ctx.k.tlb.invalidateVa(vaddr, vs.asid);
    slot.cap = { ...cap, mapped: { asid: vs.asid, vaddr } };
  });
}

function unmapFrame(k: KernelState, slot: { cap: Cap }): void {
  const c = slot.cap;
  if (c.type !== 'frame' || !c.mapped) return;
  unmapFrameMapping(k, c.mapped.asid, c.mapped.vaddr, c.sizeBits, c.paddr);
  const { mapped: _m, ...rest } = c;
  slot.cap = rest;
}

/** Removes one frame mapping from its VSpace (if still there) and drops its TLB entries. */
export function unmapFrameMapping(k: KernelState, asid: number, vaddr: bigint, sizeBits: number, paddr: bigint): void {
  const root = k.asids.get(asid);
  if (root === undefined) return;
  if (clearFrameEntry(k.mem, root, vaddr, sizeBits, paddr)) {
    if (sizeBits === 12) k.tlb.invalidateVa(vaddr, asid);
    else k.tlb.invalidateAsid(asid);
  }
}

export function decodeAsidControlInvocation(ctx: InvocationContext): Op {
  if (LABEL_NAME(ctx.label) !== 'ARMASIDControlMakePool') return refused(sysErr.illegalOperation(`label ${ctx.label} is not an ASID control invocation`));
  if (ctx.length < 2 || ctx.extraCaps.length < 2) return refused(sysErr.truncatedMessage('ARMASIDControlMakePool needs 2 message words and 2 extra caps'));
  const index = ctx.mr(0), depth = ctx.mr(1);
  const utSlot = ctx.extraCaps[0], root = ctx.extraCaps[1].cap;
  const used = new Set(ctx.k.asidPools.values());
  let pool = 0;
  while (pool < NUM_POOLS && used.has(pool << ASID_POOL_BITS)) pool++;
  if (pool === NUM_POOLS) return refused(sysErr.deleteFirst('every ASID pool is already allocated'));
  const ut = utSlot.cap;
  if (ut.type !== 'untyped' || ut.sizeBits !== 12 || ut.isDevice) return refused(sysErr.invalidCapability(1, `the pool needs a non-device 2^12 untyped (${describeCap(ut)})`));
  if (hasChildren(utSlot)) return refused(sysErr.revokeFirst('the untyped has children'));
  const dest = lookupForOp(ctx.k, root, index, depth, false, 'destination');
  if (!dest.ok) return refused(dest.error);
  if (dest.slot.cap.type !== 'null') return refused(sysErr.deleteFirst('destination slot is not empty'));
  const base = pool << ASID_POOL_BITS;
  return op('ARMASIDControlMakePool', { asidBase: String(base) }, () => {
    ctx.k.mem.zero(Number(ut.paddr), 4096);
    utSlot.cap = { ...ut, freeOffset: 4096n };
    ctx.k.asidPools.set(ut.paddr, base);
    insertDerived(utSlot, dest.slot, { type: 'asidPool', paddr: ut.paddr, asidBase: base }, true);
  });
}

export function decodeAsidPoolInvocation(ctx: InvocationContext, cap: Extract<Cap, { type: 'asidPool' }>): Op {
  if (LABEL_NAME(ctx.label) !== 'ARMASIDPoolAssign') return refused(sysErr.illegalOperation(`label ${ctx.label} is not an ASID pool invocation`));
  if (ctx.extraCaps.length < 1) return refused(sysErr.truncatedMessage('ARMASIDPoolAssign needs the VSpace as extra cap 0'));
  const vSlot = ctx.extraCaps[0];
  const v = vSlot.cap;
  if (v.type !== 'vspace' || v.asid !== undefined) return refused(sysErr.invalidCapability(1, `not an unassigned VSpace (${describeCap(v)})`));
  let asid = -1;
  for (let i = cap.asidBase === 0 ? 1 : 0; i < 1 << ASID_POOL_BITS; i++) if (!ctx.k.asids.has(cap.asidBase + i)) { asid = cap.asidBase + i; break; }
  if (asid < 0) return refused(sysErr.deleteFirst('the ASID pool is full'));
  return op('ARMASIDPoolAssign', { asid: String(asid) }, () => {
    ctx.k.asids.set(asid, v.paddr);
    vSlot.cap = { ...v, asid };
  });
}

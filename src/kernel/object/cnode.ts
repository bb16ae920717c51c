// CNode invocations: Copy, Mint, Move, Mutate, Rotate, Delete, Revoke,
// SaveCaller, CancelBadgedSends. Decode checks in the order of seL4's
// decodeCNodeInvocation and changes nothing; each operation's invoke cannot fail.
// Kernel object layer. Facts: reference/sel4.md 2.7 (marshalling), 2.8.
import { LABEL } from '../../shared/abi/index.ts';
import type { InvocationContext, Operation } from '../api/invocation.ts';
import {
  deriveCap, describeCap, hasAllRights, isRevocable, maskCapRights, rightsFromWord, updateCapData, type Cap,
} from '../core/cap.ts';
import { hasChildren, insertDerived, moveNode, type Slot } from '../core/cdt.ts';
import { lookupSlotForCNodeOp } from '../core/cspace.ts';
import { deleteSlot, revokeSlot } from '../core/delete.ts';
import { decoded, refused, sysErr, type Decoded, type SyscallError } from '../core/lookup.ts';
import type { KernelState } from '../state.ts';
import { TCB_SLOT } from './tcb.ts';
import { cancelBadgedSends } from './endpoint.ts';

type CNodeCap = Extract<Cap, { type: 'cnode' }>;
type SlotOrError = { ok: true; slot: Slot } | { ok: false; error: SyscallError };

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** lookupTargetSlot / lookupSourceSlot / lookupPivotSlot with seL4's error mapping. */
export function lookupForOp(k: KernelState, root: Cap, index: bigint, depth: bigint, source: boolean, what: string): SlotOrError {
  const r = lookupSlotForCNodeOp(k, root, index, depth);
  if (r.ok) return r;
  if (r.kind === 'depth') return { ok: false, error: sysErr.rangeError(1, 64, `${what} depth ${depth} is outside 1..64`) };
  return { ok: false, error: sysErr.failedLookup(source, r.fault, `${what} ${hex(index)} at depth ${depth}`) };
}

function ensureEmpty(slot: Slot, what: string): SyscallError | null {
  return slot.cap.type === 'null' ? null : sysErr.deleteFirst(`${what} slot is not empty (holds ${describeCap(slot.cap)})`);
}

const CNODE_LABELS = ['CNodeRevoke', 'CNodeDelete', 'CNodeCancelBadgedSends', 'CNodeCopy', 'CNodeMint', 'CNodeMove',
  'CNodeMutate', 'CNodeRotate', 'CNodeSaveCaller'];

export function decodeCNodeInvocation(ctx: InvocationContext, cap: CNodeCap): Decoded<Operation> {
  const name = CNODE_LABELS.find((n) => LABEL[n] === ctx.label);
  if (!name) return refused(sysErr.illegalOperation(`label ${ctx.label} is not a CNode invocation`));
  if (ctx.length < 2) return refused(sysErr.truncatedMessage(`${name} needs 2 message words (index, depth), got ${ctx.length}`));
  const index = ctx.mr(0), depth = ctx.mr(1);
  const dest = lookupForOp(ctx.k, cap, index, depth, false, 'destination');
  if (!dest.ok) return refused(dest.error);
  const args = { index: hex(index), depth: String(depth) };
  switch (name) {
    case 'CNodeCopy': case 'CNodeMint': case 'CNodeMove': case 'CNodeMutate':
      return decodeCopyFamily(ctx, name, dest.slot, args);
    case 'CNodeRevoke': return decodeRevoke(ctx, dest.slot, args);
    case 'CNodeDelete': return decoded(op(ctx, 'CNodeDelete', args, () => deleteSlot(ctx.k, dest.slot)));
    case 'CNodeSaveCaller': return decodeSaveCaller(ctx, dest.slot, args);
    case 'CNodeCancelBadgedSends': return decodeCancelBadgedSends(ctx, dest.slot, args);
    default: return decodeRotate(ctx, dest.slot, args);
  }
}

function op(_ctx: InvocationContext, name: string, args: Record<string, string>, effect: () => void): Operation {
  return { name, args, invoke: () => { effect(); return []; } };
}

function decodeCopyFamily(ctx: InvocationContext, name: string, dest: Slot, args: Record<string, string>): Decoded<Operation> {
  if (ctx.length < 4 || ctx.extraCaps.length < 1) return refused(sysErr.truncatedMessage(`${name} needs 4 message words and the source root as extra cap 0`));
  const srcIndex = ctx.mr(2), srcDepth = ctx.mr(3);
  const srcRoot = ctx.extraCaps[0].cap;
  const empty = ensureEmpty(dest, 'destination');
  if (empty) return refused(empty);
  const src = lookupForOp(ctx.k, srcRoot, srcIndex, srcDepth, true, 'source');
  if (!src.ok) return refused(src.error);
  const srcSlot = src.slot;
  if (srcSlot.cap.type === 'null') {
    return refused(sysErr.failedLookup(true, { kind: 'MissingCapability', bitsLeft: Number(srcDepth) }, `source slot ${hex(srcIndex)} is empty`));
  }
  const full: Record<string, string> = { ...args, srcIndex: hex(srcIndex), srcDepth: String(srcDepth) };
  let newCap: Cap;
  let isMove = false;
  if (name === 'CNodeCopy' || name === 'CNodeMint') {
    const need = name === 'CNodeCopy' ? 5 : 6;
    if (ctx.length < need) return refused(sysErr.truncatedMessage(`${name} needs ${need} message words, got ${ctx.length}`));
    const rights = ctx.mr(4);
    let srcCap = maskCapRights(rightsFromWord(rights), srcSlot.cap);
    full.rights = hex(rights);
    if (name === 'CNodeMint') { full.badge = hex(ctx.mr(5)); srcCap = updateCapData(false, ctx.mr(5), srcCap); }
    const d = deriveCap(srcCap, hasChildren(srcSlot));
    if (!d.ok) return refused(d.code === 'RevokeFirst' ? sysErr.revokeFirst(d.reason) : sysErr.illegalOperation(d.reason));
    newCap = d.cap;
  } else if (name === 'CNodeMove') {
    newCap = srcSlot.cap;
    isMove = true;
  } else {
    if (ctx.length < 5) return refused(sysErr.truncatedMessage(`CNodeMutate needs 5 message words, got ${ctx.length}`));
    full.capData = hex(ctx.mr(4));
    newCap = updateCapData(true, ctx.mr(4), srcSlot.cap);
    isMove = true;
  }
  if (newCap.type === 'null') return refused(sysErr.illegalOperation(`${name}: the mutated cap would be invalid (${describeCap(srcSlot.cap)})`));
  const k = ctx.k;
  const cap = newCap;
  return decoded(op(ctx, name, full, () => {
    if (isMove) moveNode(srcSlot, dest, cap);
    else insertDerived(srcSlot, dest, cap, isRevocable(cap, srcSlot.cap));
    k.events.push({ kind: 'capChange', op: isMove ? 'move' : 'insert', slot: k.slotName(dest), cap: describeCap(cap) });
  }));
}

function decodeRevoke(ctx: InvocationContext, slot: Slot, args: Record<string, string>): Decoded<Operation> {
  return decoded(op(ctx, 'CNodeRevoke', args, () => revokeSlot(ctx.k, slot)));
}

function decodeSaveCaller(ctx: InvocationContext, slot: Slot, args: Record<string, string>): Decoded<Operation> {
  const empty = ensureEmpty(slot, 'destination');
  if (empty) return refused(empty);
  const caller = ctx.thread.slots[TCB_SLOT.Caller];
  return decoded(op(ctx, 'CNodeSaveCaller', args, () => {
    if (caller.cap.type === 'reply') moveNode(caller, slot, caller.cap);
  }));
}

function decodeCancelBadgedSends(ctx: InvocationContext, slot: Slot, args: Record<string, string>): Decoded<Operation> {
  const c = slot.cap;
  if (c.type !== 'endpoint' || !hasAllRights(c.rights)) {
    return refused(sysErr.illegalOperation(`CNodeCancelBadgedSends needs an endpoint cap with all rights, found ${describeCap(c)}`));
  }
  const ep = ctx.k.endpoints.get(c.paddr)!;
  return decoded(op(ctx, 'CNodeCancelBadgedSends', { ...args, badge: hex(c.badge) }, () => cancelBadgedSends(ctx.k, ep, c.badge)));
}

function decodeRotate(ctx: InvocationContext, dest: Slot, args: Record<string, string>): Decoded<Operation> {
  if (ctx.length < 8 || ctx.extraCaps.length < 2) return refused(sysErr.truncatedMessage('CNodeRotate needs 8 message words and two extra caps'));
  const destBadge = ctx.mr(2), pivotIndex = ctx.mr(3), pivotDepth = ctx.mr(4), srcBadge = ctx.mr(5);
  const srcIndex = ctx.mr(6), srcDepth = ctx.mr(7);
  const pivotRoot = ctx.extraCaps[0].cap, srcRoot = ctx.extraCaps[1].cap;
  const src = lookupForOp(ctx.k, srcRoot, srcIndex, srcDepth, true, 'source');
  if (!src.ok) return refused(src.error);
  const pivot = lookupForOp(ctx.k, pivotRoot, pivotIndex, pivotDepth, true, 'pivot');
  if (!pivot.ok) return refused(pivot.error);
  if (pivot.slot === src.slot || pivot.slot === dest) return refused(sysErr.illegalOperation('CNodeRotate: the pivot slot is the source or the destination'));
  if (src.slot !== dest) { const e = ensureEmpty(dest, 'destination'); if (e) return refused(e); }
  if (src.slot.cap.type === 'null') {
    return refused(sysErr.failedLookup(true, { kind: 'MissingCapability', bitsLeft: Number(srcDepth) }, `source slot ${hex(srcIndex)} is empty`));
  }
  if (pivot.slot.cap.type === 'null') {
    return refused(sysErr.failedLookup(false, { kind: 'MissingCapability', bitsLeft: Number(pivotDepth) }, `pivot slot ${hex(pivotIndex)} is empty`));
  }
  const newSrc = updateCapData(true, srcBadge, src.slot.cap);
  const newPivot = updateCapData(true, destBadge, pivot.slot.cap);
  if (newSrc.type === 'null') return refused(sysErr.illegalOperation('CNodeRotate: the source cap cannot take the new data'));
  if (newPivot.type === 'null') return refused(sysErr.illegalOperation('CNodeRotate: the pivot cap cannot take the new data'));
  const s = src.slot, p = pivot.slot;
  const full = { ...args, pivotIndex: hex(pivotIndex), srcIndex: hex(srcIndex), destBadge: hex(destBadge), srcBadge: hex(srcBadge) };
  return decoded(op(ctx, 'CNodeRotate', full, () => rotate(s, p, dest, newSrc, newPivot)));
}

/** cteSwap when dest == src, else pivot -> dest then src -> pivot. */
function rotate(src: Slot, pivot: Slot, dest: Slot, newSrc: Cap, newPivot: Cap): void {
  if (src === dest) {
    const tmp = { ...pivot, children: [...pivot.children] };
    moveNode(pivot, tmp as Slot, newPivot);
    moveNode(src, pivot, newSrc);
    moveNode(tmp as Slot, dest, newPivot);
    return;
  }
  moveNode(pivot, dest, newPivot);
  moveNode(src, pivot, newSrc);
}

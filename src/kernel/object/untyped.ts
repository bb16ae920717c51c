// Untyped memory: seL4_Untyped_Retype, decoded in the order of seL4's
// decodeUntypedInvocation (label, length, type, size, destination CNode, window,
// empty slots, reset, free space, device rule), then objects carved at aligned
// addresses above the watermark, zeroed, and their caps put in the window as CDT
// children of the untyped. Kernel object layer. Facts: reference/sel4.md 2.5, 2.9.
import { constant, LABEL, OBJ, OBJECT_SIZE_BITS, OBJECT_TYPE_COUNT, OBJECT_TYPE_NAME } from '../../shared/abi/index.ts';
import type { InvocationContext, Operation } from '../api/invocation.ts';
import { ALL_RIGHTS, describeCap, type Cap, type FrameSizeBits } from '../core/cap.ts';
import { hasChildren, insertDerived, type Slot } from '../core/cdt.ts';
import { decoded, refused, sysErr, type Decoded } from '../core/lookup.ts';
import type { KernelState } from '../state.ts';
import { lookupForOp } from './cnode.ts';

type UntypedCap = Extract<Cap, { type: 'untyped' }>;

const MAX_UNTYPED_BITS = constant('seL4_MaxUntypedBits');
const MIN_UNTYPED_BITS = constant('seL4_MinUntypedBits');
const SLOT_BITS = constant('seL4_SlotBits');
const FAN_OUT_LIMIT = constant('CONFIG_RETYPE_FAN_OUT_LIMIT');

/** getObjectSize: bits of one object of `type` with user size `userBits`. */
export function objectSizeBits(type: number, userBits: bigint): bigint {
  if (type === OBJ.UntypedObject) return userBits;
  if (type === OBJ.CapTableObject) return userBits + BigInt(SLOT_BITS);
  return BigInt(OBJECT_SIZE_BITS.get(type)!);
}

export function isFrameType(type: number): boolean {
  return type === OBJ.ARM_SmallPageObject || type === OBJ.ARM_LargePageObject || type === OBJ.ARM_HugePageObject;
}

/** The checked retype: where the objects go and what they are. */
export interface RetypePlan {
  untyped: Slot;
  reset: boolean;
  start: bigint;
  type: number;
  userBits: number;
  objBits: number;
  slots: Slot[];
  isDevice: boolean;
}

export function decodeUntypedInvocation(ctx: InvocationContext, cap: UntypedCap): Decoded<Operation> {
  const plan = decodeRetype(ctx, cap);
  if (!plan.ok) return plan;
  const p = plan.op;
  const args = {
    type: OBJECT_TYPE_NAME.get(p.type) ?? String(p.type), size_bits: String(p.userBits), num_objects: String(p.slots.length),
    first: ctx.k.slotName(p.slots[0]), at: `0x${p.start.toString(16)}`,
  };
  return decoded({ name: 'UntypedRetype', args, invoke: () => { invokeRetype(ctx.k, p); return []; } });
}

export function decodeRetype(ctx: InvocationContext, cap: UntypedCap): Decoded<RetypePlan> {
  if (ctx.label !== LABEL.UntypedRetype) return refused(sysErr.illegalOperation(`label ${ctx.label} is not an untyped invocation`));
  if (ctx.length < 6 || ctx.extraCaps.length < 1) {
    return refused(sysErr.truncatedMessage(`UntypedRetype needs 6 message words and the root CNode as extra cap 0 (got ${ctx.length} words, ${ctx.extraCaps.length} caps)`));
  }
  const type = ctx.mr(0), userBits = ctx.mr(1), nodeIndex = ctx.mr(2), nodeDepth = ctx.mr(3), nodeOffset = ctx.mr(4), window = ctx.mr(5);
  const root = ctx.extraCaps[0].cap;
  if (type >= BigInt(OBJECT_TYPE_COUNT)) return refused(sysErr.invalidArgument(0, `type ${type} is not an object type (0..${OBJECT_TYPE_COUNT - 1})`));
  const t = Number(type);
  const objBits = objectSizeBits(t, userBits);
  if (userBits >= 64n || objBits > BigInt(MAX_UNTYPED_BITS)) {
    return refused(sysErr.rangeError(0, MAX_UNTYPED_BITS, `size_bits ${userBits} gives an object of 2^${objBits} bytes, above 2^${MAX_UNTYPED_BITS}`));
  }
  if (t === OBJ.CapTableObject && userBits === 0n) return refused(sysErr.invalidArgument(1, 'a CNode needs size_bits >= 1'));
  if (t === OBJ.UntypedObject && userBits < BigInt(MIN_UNTYPED_BITS)) return refused(sysErr.invalidArgument(1, `an untyped needs size_bits >= ${MIN_UNTYPED_BITS}`));
  let destCap: Cap = root;
  if (nodeDepth !== 0n) {
    const r = lookupForOp(ctx.k, root, nodeIndex, nodeDepth, false, 'destination CNode');
    if (!r.ok) return refused(r.error);
    destCap = r.slot.cap;
  }
  if (destCap.type !== 'cnode') {
    return refused(sysErr.failedLookup(false, { kind: 'MissingCapability', bitsLeft: Number(nodeDepth) }, `destination is not a CNode (${describeCap(destCap)})`));
  }
  const nodeSize = 1n << BigInt(destCap.radix);
  if (nodeOffset > nodeSize - 1n) return refused(sysErr.rangeError(0, nodeSize - 1n, `node_offset ${nodeOffset} is outside the CNode's ${nodeSize} slots`));
  if (window < 1n || window > BigInt(FAN_OUT_LIMIT)) return refused(sysErr.rangeError(1, FAN_OUT_LIMIT, `num_objects ${window} is outside 1..${FAN_OUT_LIMIT}`));
  if (window > nodeSize - nodeOffset) return refused(sysErr.rangeError(1, nodeSize - nodeOffset, `num_objects ${window} overruns the CNode from slot ${nodeOffset}`));
  const slots = ctx.k.slotsOf(destCap.paddr)!.slice(Number(nodeOffset), Number(nodeOffset + window));
  const busy = slots.find((s) => s.cap.type !== 'null');
  if (busy) return refused(sysErr.deleteFirst(`destination slot ${busy.index} is not empty (holds ${describeCap(busy.cap)})`));
  const reset = !hasChildren(ctx.slot);
  const used = reset ? 0n : cap.freeOffset;
  const freeBytes = (1n << BigInt(cap.sizeBits)) - used;
  if ((freeBytes >> objBits) < window) {
    return refused(sysErr.notEnoughMemory(freeBytes, `${window} objects of 2^${objBits} bytes do not fit in the ${freeBytes} free bytes of ${describeCap(cap)}`));
  }
  if (cap.isDevice && !isFrameType(t) && t !== OBJ.UntypedObject) {
    return refused(sysErr.invalidArgument(1, `device untyped memory can only become frames or untypeds, not ${OBJECT_TYPE_NAME.get(t)}`));
  }
  const align = (1n << objBits) - 1n;
  const start = (cap.paddr + used + align) & ~align;
  return decoded({ untyped: ctx.slot, reset, start, type: t, userBits: Number(userBits), objBits: Number(objBits), slots, isDevice: cap.isDevice });
}

/** The cap for a fresh object of `type` at `paddr`. */
function newObjectCap(type: number, paddr: bigint, userBits: number, isDevice: boolean): Cap {
  switch (type) {
    case OBJ.UntypedObject: return { type: 'untyped', paddr, sizeBits: userBits, isDevice, freeOffset: 0n };
    case OBJ.TCBObject: return { type: 'tcb', paddr };
    case OBJ.EndpointObject: return { type: 'endpoint', paddr, badge: 0n, rights: ALL_RIGHTS };
    case OBJ.NotificationObject: return { type: 'notification', paddr, badge: 0n, rights: ALL_RIGHTS };
    case OBJ.CapTableObject: return { type: 'cnode', paddr, radix: userBits, guardSize: 0, guard: 0n };
    case OBJ.ARM_VSpaceObject: return { type: 'vspace', paddr };
    case OBJ.ARM_PageTableObject: return { type: 'pageTable', paddr };
    default: {
      const sizeBits = OBJECT_SIZE_BITS.get(type) as FrameSizeBits;
      return { type: 'frame', paddr, sizeBits, rights: ALL_RIGHTS, isDevice };
    }
  }
}

function createObject(k: KernelState, type: number, paddr: bigint, userBits: number): void {
  switch (type) {
    case OBJ.TCBObject: k.createTcb(paddr); return;
    case OBJ.EndpointObject: k.endpoints.set(paddr, { paddr, queue: [] }); return;
    case OBJ.NotificationObject: k.notifications.set(paddr, { paddr, word: 0n, active: false, boundTcb: null, waiting: [] }); return;
    case OBJ.CapTableObject: k.createCNode(paddr, userBits); return;
    default: return;
  }
}

/** invokeUntyped_Retype: cannot fail once decodeRetype said yes. */
export function invokeRetype(k: KernelState, p: RetypePlan): void {
  const ut = p.untyped.cap as UntypedCap;
  const size = 1n << BigInt(p.objBits);
  if (!p.isDevice) k.mem.zero(Number(p.start), Number(size) * p.slots.length);
  p.slots.forEach((slot, i) => {
    const paddr = p.start + BigInt(i) * size;
    createObject(k, p.type, paddr, p.userBits);
    const cap = newObjectCap(p.type, paddr, p.userBits, p.isDevice);
    insertDerived(p.untyped, slot, cap, true);
    k.events.push({ kind: 'capChange', op: 'retype', slot: k.slotName(slot), cap: describeCap(cap) });
  });
  const freeOffset = p.start + size * BigInt(p.slots.length) - ut.paddr;
  p.untyped.cap = { ...ut, freeOffset };
}

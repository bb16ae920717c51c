// Reference expectations of the kernel property test: what seL4 must have done
// after an op, where that is simple to say. Before the op: resolve its CPtrs
// and look up the invoked cap, extra caps and the slots a CNode op or Retype
// names. After it: lookup failures of blocking calls raised a CapFault, NBSend
// never faults, an empty slot answers InvalidCapability, an error code is a
// seL4_Error, a send to a waiting receiver delivers label, badge and MRs,
// unknown syscall numbers and exceptions raise their faults, and a
// successful Delete/Revoke/Copy/Move/Retype/Suspend left the state it promises.
// Kernel test support. Facts: reference/sel4.md 2.1, 2.8, 2.12, 2.13.
import { ERR, SYSCALL_NAME } from '../../shared/abi/index.ts';
import { CAP_OF_OBJECT, type Cap, type CapType } from '../core/cap.ts';
import type { Slot } from '../core/cdt.ts';
import { lookupSlot, lookupSlotForCNodeOp } from '../core/cspace.ts';
import { threadRegisters } from '../core/registers.ts';
import { TCB_SLOT, type Tcb } from '../object/tcb.ts';
import type { SoakWorld } from './soakWorld.ts';
import type { Op, Word } from './soakOps.ts';

/** What the driver learned before the op ran. */
export interface PreState {
  thread: Tcb | null;
  cptr: bigint;
  caps: bigint[];
  args: Record<string, bigint>;
  /** The invoked / received-on slot, or null when the lookup fails. */
  slot: Slot | null;
  capType: CapType | null;
  /** Every extra cap resolves (or is not looked up: no IPC buffer). */
  extrasOk: boolean;
  /** Slots a successful op must have changed, by role. */
  dest?: Slot;
  src?: Slot;
  retype?: { slots: Slot[]; type: CapType };
  suspendTarget?: Tcb;
  hadCaller: boolean;
  /** A send to an endpoint with a receiver waiting: what the receiver must get. */
  delivery?: { to: Tcb; badge: bigint; label: bigint; mrs: bigint[] };
}

/** Numbers outside the ABI's syscall table must raise UnknownSyscall (the debug
 *  calls in it may or may not be modelled, so they are not checked). */
const NAMED = new Set([...SYSCALL_NAME.keys()].map((n) => BigInt(n)));

function capOf(s: Slot | null | undefined): Cap | null {
  return s ? s.cap : null;
}

function cnodeOpSlot(w: SoakWorld, root: Cap | null, index: bigint, depth: bigint): Slot | undefined {
  if (!root) return undefined;
  const r = lookupSlotForCNodeOp(w.kernel.state, root, index, depth);
  return r.ok ? r.slot : undefined;
}

export function preState(w: SoakWorld, op: Op): PreState {
  const k = w.kernel.state, t = k.current;
  const word = (v: Word) => (typeof v === 'bigint' ? v : w.resolve(v));
  const cptr = op.op === 'invoke' || op.op === 'ipc' ? w.resolve(op.cap) : 0n;
  const caps = op.op === 'invoke' || op.op === 'ipc' ? op.caps.slice(0, 3).map((c) => w.resolve(c)) : [];
  const args = op.op === 'invoke' ? Object.fromEntries(Object.entries(op.args).map(([n, v]) => [n, word(v)])) : {};
  const pre: PreState = { thread: t, cptr, caps, args, slot: null, capType: null, extrasOk: true, hadCaller: false };
  if (!t) return pre;
  pre.hadCaller = t.slots[TCB_SLOT.Caller].cap.type === 'reply';
  const root = t.slots[0].cap;
  const found = lookupSlot(k, root, cptr);
  pre.slot = found.ok ? found.slot : null;
  pre.capType = found.ok ? found.slot.cap.type : null;
  const extraSlots = caps.map((c) => lookupSlot(k, root, c));
  pre.extrasOk = t.ipcBufferPaddr === null || extraSlots.every((r) => r.ok);
  if (op.op === 'ipc' && found.ok && pre.extrasOk) planDelivery(w, op, pre, found.slot.cap);
  if (op.op === 'invoke' && op.label === undefined && op.length === undefined && found.ok) {
    const extra = (i: number) => { const r = extraSlots[i]; return r && r.ok ? r.slot : null; };
    planMethod(w, op.method, pre, found.slot, extra);
  }
  return pre;
}

/** Send, NBSend or Call on an endpoint cap with Write while a receiver waits: seL4
 *  delivers at once (label, badge in x0, MR0-MR3 in x2-x5) and the receiver leaves the queue. */
function planDelivery(w: SoakWorld, op: Extract<Op, { op: 'ipc' }>, pre: PreState, cap: Cap): void {
  if (op.sys !== 'Send' && op.sys !== 'NBSend' && op.sys !== 'Call') return;
  // A thread whose fault IPC was cancelled keeps its fault (non-MCS seL4 cancelIPC
  // clears tcbFault only for BlockedOnReply): its next transfer is that fault message.
  if (pre.thread?.fault) return;
  if (cap.type !== 'endpoint' || !cap.rights.write) return;
  const head = w.kernel.state.endpoints.get(cap.paddr)?.queue[0];
  if (!head || head.blocking?.kind !== 'recv') return;
  pre.delivery = { to: head, badge: cap.badge, label: BigInt(op.label), mrs: op.mrs.slice(0, 4) };
}

/** The slots a successful method must change. */
function planMethod(w: SoakWorld, method: string, pre: PreState, invoked: Slot, extra: (i: number) => Slot | null): void {
  const a = pre.args, cap = invoked.cap;
  switch (method) {
    case 'CNodeDelete': case 'CNodeRevoke': case 'CNodeCopy': case 'CNodeMint': case 'CNodeMove': case 'CNodeMutate':
      pre.dest = cnodeOpSlot(w, cap, a.index ?? a.dest_index, a.depth ?? a.dest_depth);
      if (a.src_index !== undefined) pre.src = cnodeOpSlot(w, capOf(extra(0)), a.src_index, a.src_depth);
      return;
    case 'UntypedRetype': {
      const root = capOf(extra(0));
      const node = a.node_depth === 0n ? root : capOf(cnodeOpSlot(w, root, a.node_index, a.node_depth));
      const slots = node?.type === 'cnode' ? w.kernel.state.cnodes.get(node.paddr) : undefined;
      const type = CAP_OF_OBJECT[Number(a.type)];
      if (slots && type && a.num_objects <= 256n && a.node_offset < BigInt(slots.length)) {
        pre.retype = { slots: slots.slice(Number(a.node_offset), Number(a.node_offset + a.num_objects)), type };
      }
      return;
    }
    case 'TCBSuspend':
      if (cap.type === 'tcb') pre.suspendTarget = w.kernel.state.tcbs.get(cap.paddr);
      return;
  }
}

function faultOf(w: SoakWorld, t: Tcb): string[] {
  return w.kernel.state.events.peek().flatMap((s) => (s.event.kind === 'fault' && s.event.thread === t.name ? [s.event.fault] : []));
}

/** The reply label a thread's x1 holds now (it may have been switched out). */
function replyLabel(w: SoakWorld, t: Tcb): number {
  return Number(threadRegisters(t, w.kernel.state.current, w.machine.cpu).regs.getX(1) >> 12n);
}

const KERNEL_OBJECT = (c: CapType | null) => c !== null && c !== 'endpoint' && c !== 'notification' && c !== 'reply';

export function postChecks(w: SoakWorld, op: Op, pre: PreState): string | null {
  const t = pre.thread;
  if (!t || !w.running) return null;
  const faults = faultOf(w, t);
  const expectFault = (kind: string, why: string) => (faults.includes(kind) ? null : `expected a ${kind} fault (${why}); the kernel raised [${faults.join(', ')}]`);
  switch (op.op) {
    case 'unknownSyscall':
      return NAMED.has(BigInt.asIntN(64, op.nr)) ? null : expectFault('UnknownSyscall', `syscall ${op.nr}`);
    case 'exception':
      return expectFault(op.kind.endsWith('Abort') ? 'VMFault' : 'UserException', `${op.kind} exception`);
    case 'invoke': case 'ipc':
      return sendChecks(w, op, pre, t, faults, expectFault);
    default: return null;
  }
}

function sendChecks(w: SoakWorld, op: Extract<Op, { op: 'invoke' | 'ipc' }>, pre: PreState, t: Tcb, faults: string[],
  expectFault: (kind: string, why: string) => string | null): string | null {
  const sys = op.sys;
  if (sys === 'Yield') return null;
  if (sys === 'Reply') return !pre.hadCaller && t.state !== 'Running' ? `Reply with no caller left the thread ${t.state}` : null;
  if (pre.delivery) return deliveryCheck(w, pre.delivery);
  const receive = sys === 'Recv' || sys === 'NBRecv' || sys === 'ReplyRecv';
  if (!pre.slot) return sys === 'NBSend' ? noFault(faults, 'NBSend on a CPtr that does not resolve') : expectFault('CapFault', `CPtr 0x${pre.cptr.toString(16)} does not resolve`);
  if (receive) {
    const ok = pre.capType === 'endpoint' || pre.capType === 'notification';
    return ok ? null : expectFault('CapFault', `receive on a ${pre.capType} cap`);
  }
  if (!pre.extrasOk) return sys === 'NBSend' ? noFault(faults, 'NBSend with an extra cap that does not resolve') : expectFault('CapFault', 'an extra cap does not resolve');
  if (sys !== 'Call' || t.state !== 'Running' || !KERNEL_OBJECT(pre.capType)) return null;
  const label = replyLabel(w, t);
  if (pre.capType === 'null') return label === ERR.InvalidCapability ? null : `invoking an empty slot answered ${label}, not InvalidCapability`;
  if (label < 0 || label > ERR.NotEnoughMemory) return `the reply label ${label} is no seL4_Error`;
  return label === 0 && op.op === 'invoke' ? successChecks(op.method, pre) : null;
}

function deliveryCheck(w: SoakWorld, d: NonNullable<PreState['delivery']>): string | null {
  const to = d.to;
  if (to.state === 'BlockedOnReceive' && to.blocking?.kind === 'recv') return `a send to an endpoint left the waiting receiver ${to.name} blocked`;
  const r = threadRegisters(to, w.kernel.state.current, w.machine.cpu).regs;
  const got = { badge: r.getX(0), label: r.getX(1) >> 12n, mrs: d.mrs.map((_, i) => r.getX(2 + i)) };
  const same = got.badge === d.badge && got.label === d.label && got.mrs.every((v, i) => v === d.mrs[i]);
  return same ? null : `${to.name} received label ${got.label} badge ${got.badge} MRs [${got.mrs.join(', ')}], `
    + `sent label ${d.label} badge ${d.badge} MRs [${d.mrs.join(', ')}]`;
}

function noFault(faults: string[], why: string): string | null {
  return faults.length ? `${why}: no fault expected, got [${faults.join(', ')}]` : null;
}

function successChecks(method: string, pre: PreState): string | null {
  switch (method) {
    case 'CNodeDelete': return pre.dest && pre.dest.cap.type !== 'null' ? `Delete succeeded but the slot holds a ${pre.dest.cap.type} cap` : null;
    case 'CNodeRevoke': return pre.dest && pre.dest.children.length ? `Revoke succeeded but the slot has ${pre.dest.children.length} children` : null;
    case 'CNodeCopy': case 'CNodeMint':
      return pre.dest && pre.dest.cap.type === 'null' ? `${method} succeeded but the destination is empty` : null;
    case 'CNodeMove': case 'CNodeMutate':
      if (pre.dest && pre.dest.cap.type === 'null') return `${method} succeeded but the destination is empty`;
      return pre.src && pre.src !== pre.dest && pre.src.cap.type !== 'null' ? `${method} succeeded but the source still holds a cap` : null;
    case 'UntypedRetype': return retypeCheck(pre);
    case 'TCBSuspend': return pre.suspendTarget && pre.suspendTarget.state !== 'Inactive' ? `Suspend succeeded but the thread is ${pre.suspendTarget.state}` : null;
    default: return null;
  }
}

function retypeCheck(pre: PreState): string | null {
  if (!pre.retype) return null;
  const parent = pre.slot;
  for (const s of pre.retype.slots) {
    if (s.cap.type !== pre.retype.type) return `Retype succeeded but a destination slot holds ${s.cap.type}, not ${pre.retype.type}`;
    if (s.parent !== parent) return 'Retype succeeded but a new cap is not a child of the untyped';
  }
  return null;
}

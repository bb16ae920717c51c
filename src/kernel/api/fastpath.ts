// The IPC fastpath (seL4 src/fastpath/fastpath.c): seL4_Call and seL4_ReplyRecv
// between threads when every condition below holds, done in one step on the raw
// register file with a direct switch to the partner; anything else returns false
// and the slowpath (syscall.ts) runs. The effect, the registers and the event
// records are exactly the slowpath's. Kernel API layer. Design: docs/kernel.md "Fastpath".
import { REG } from '../../emulator/cpu/state.ts';
import { SYS } from '../../shared/abi/index.ts';
import { describeCap, type Cap } from '../core/cap.ts';
import { insertRoot, removeNode, type Slot } from '../core/cdt.ts';
import { lookupSlot } from '../core/cspace.ts';
import { blockThread as block, endpointName } from '../core/ipc.ts';
import { FAST_MRS } from '../core/message.ts';
import type { Sel4Kernel } from '../kernel.ts';
import type { EndpointObj, KernelState } from '../state.ts';
import { TCB_SLOT, type Tcb } from '../object/tcb.ts';

type EndpointCap = Extract<Cap, { type: 'endpoint' }>;

/** Registers as int32 pairs: x0 at 0, x1 at 2, MR0 (x2) at 4, x7 at 14. */
const X0 = 0, X1 = 2, X2 = 4, X7 = 14, X30 = 60;
/** MessageInfo bits the fastpath keeps: the label (bits 12 and up); length 0-4 is put back. */
const LABEL_MASK = ~0xfff;

/** Handles the svc when it is a Call or ReplyRecv the fastpath can take; false: use the slowpath. */
export function fastpath(kernel: Sel4Kernel, pc: bigint): boolean {
  const r = kernel.cpu.r;
  if (r[X7 + 1] !== -1) return false;
  const nr = r[X7];
  if (nr === SYS.Call) return fastCall(kernel, pc);
  if (nr === SYS.ReplyRecv) return fastReplyRecv(kernel, pc);
  return false;
}

/** The message length the fastpath moves: MessageInfo length 0-4 with no extra caps; -1 if not. */
function fastLength(r: Int32Array): number {
  const lo = r[X1];
  const length = lo & 0x7f;
  return length > FAST_MRS || ((lo >>> 7) & 3) !== 0 ? -1 : length;
}

/** A CSpace root whose guard and radix use all 64 bits (the root task's: guard 52,
 *  radix 12), with its guard as an int32 pair, for lookups without bigints. */
interface FlatRoot { radix: number; guardLo: number; guardHi: number }
const flatRoots = new WeakMap<Cap, FlatRoot | null>();

function flatRoot(root: Cap): FlatRoot | null {
  let f = flatRoots.get(root);
  if (f !== undefined) return f;
  f = root.type === 'cnode' && root.radix + root.guardSize === 64 && root.radix > 0 && root.radix < 32
    ? { radix: root.radix, guardLo: Number(root.guard & 0xffff_ffffn) | 0, guardHi: Number(root.guard >> 32n) | 0 }
    : null;
  flatRoots.set(root, f);
  return f;
}

/** lookupSlot of the CPtr in x0: one level of int32 arithmetic for a flat root
 *  (the same answer resolveAddressBits gives), the general lookup otherwise. */
function lookupX0(kernel: Sel4Kernel, root: Cap): Slot | null {
  const r = kernel.cpu.r;
  const f = flatRoot(root);
  if (f === null || root.type !== 'cnode') {
    const found = lookupSlot(kernel.state, root, kernel.cpu.getX(0));
    return found.ok ? found.slot : null;
  }
  const lo = r[X0], hi = r[X0 + 1], radix = f.radix;
  if (((lo >>> radix) | (hi << (32 - radix))) !== f.guardLo || (hi >>> radix) !== (f.guardHi >>> 0)) return null;
  const slots = kernel.state.slotsOf(root.paddr);
  return slots ? slots[lo & ((1 << radix) - 1)] : null;
}

/** The endpoint cap x0 names in t's CSpace, with the rights asked for; null if not. */
function endpointCap(kernel: Sel4Kernel, t: Tcb, receive: boolean): EndpointCap | null {
  const slot = lookupX0(kernel, t.slots[TCB_SLOT.CTable].cap);
  if (slot === null) return null;
  const cap = slot.cap;
  if (cap.type !== 'endpoint') return null;
  if (receive) return cap.rights.read ? cap : null;
  return cap.rights.write && (cap.rights.grant || cap.rights.grantReply) ? cap : null;
}

/** The thread the scheduler would pick once `to` is woken and the caller blocks:
 *  `to` itself when it can run in a VSpace and no queued thread is at its priority or above. */
function wouldRun(kernel: Sel4Kernel, to: Tcb): boolean {
  const vs = to.slots[TCB_SLOT.VTable].cap;
  if (to.regs === null || vs.type !== 'vspace' || vs.asid === undefined) return false;
  return !readyAtOrAbove(kernel.state, to.priority);
}

/** Up to this many threads, asking each one whether it is queued is cheaper than
 *  Scheduler.best()'s scan of 256 queues. */
const FEW_THREADS = 16;

/** Whether a ready-queued thread has priority `prio` or higher. Every queued thread is
 *  a live TCB (finalising a TCB dequeues it first), so with few threads they are asked. */
function readyAtOrAbove(k: KernelState, prio: number): boolean {
  if (k.tcbs.size > FEW_THREADS) {
    const best = k.scheduler.best();
    return best !== null && best.priority >= prio;
  }
  for (const x of k.tcbs.values()) {
    if (x.priority >= prio && k.scheduler.queued(x)) return true;
  }
  return false;
}

/** fastpath_call: a receiver waits on the endpoint; it gets the message and a reply cap. */
function fastCall(kernel: Sel4Kernel, pc: bigint): boolean {
  const k = kernel.state, r = kernel.cpu.r, t = k.current;
  if (t === null || t.fault !== null) return false;
  const length = fastLength(r);
  if (length < 0) return false;
  const cap = endpointCap(kernel, t, false);
  if (cap === null) return false;
  const ep = k.endpoints.get(cap.paddr);
  const dest = ep?.queue[0];
  if (ep === undefined || dest === undefined || dest.blocking?.kind !== 'recv') return false;
  const callerSlot = dest.slots[TCB_SLOT.Caller];
  if (callerSlot.cap.type !== 'null' || !wouldRun(kernel, dest)) return false;

  enter(k, t, 'Call', pc, r);
  const replyGrant = dest.blocking.canGrant;
  ep.queue.shift();
  transfer(k, t, dest, endpointName(ep.paddr), cap.badge, length, r);
  block(k, t, 'BlockedOnReply', { kind: 'reply' });
  insertRoot(callerSlot, { type: 'reply', tcb: t.paddr, master: false, grant: replyGrant }, false);
  dest.state = 'Running';
  dest.blocking = null;
  switchTo(kernel, t, dest);
  return true;
}

/** fastpath_reply_recv: the caller named by the reply cap waits for the reply and
 *  no sender waits on the endpoint, so the replier blocks receiving. */
function fastReplyRecv(kernel: Sel4Kernel, pc: bigint): boolean {
  const k = kernel.state, r = kernel.cpu.r, t = k.current;
  if (t === null || t.fault !== null) return false;
  const length = fastLength(r);
  if (length < 0) return false;
  const replySlot = t.slots[TCB_SLOT.Caller];
  const reply = replySlot.cap;
  if (reply.type !== 'reply') return false;
  const caller = k.tcbs.get(reply.tcb);
  if (caller === undefined || caller.state !== 'BlockedOnReply' || caller.fault !== null) return false;
  const bound = t.boundNotification !== null ? k.notifications.get(t.boundNotification) : undefined;
  if (bound?.active) return false;
  const cap = endpointCap(kernel, t, true);
  if (cap === null) return false;
  const ep = k.endpoints.get(cap.paddr);
  if (ep === undefined || (ep.queue.length > 0 && ep.queue[0].blocking?.kind !== 'recv')) return false;
  if (!wouldRun(kernel, caller)) return false;

  enter(k, t, 'ReplyRecv', pc, r);
  deleteReply(k, replySlot, reply, caller);
  transfer(k, t, caller, null, 0n, length, r);
  caller.state = 'Running';
  caller.blocking = null;
  blockOnReceive(k, t, ep, cap);
  switchTo(kernel, t, caller);
  return true;
}

/** The kernel entry as handleSyscall records it; the thread resumes after the svc
 *  (the CPU's pc is still the svc's, `pc`). */
function enter(k: KernelState, t: Tcb, syscall: string, pc: bigint, r: Int32Array): void {
  const lr = (BigInt(r[X30 + 1] >>> 0) << 32n) | BigInt(r[X30] >>> 0);
  k.events.push({ kind: 'entry', syscall, thread: t.name, pc, lr });
  t.faultIp = pc;
  const lo = (r[REG.PC] + 4) | 0;
  if (lo >>> 0 < 4) r[REG.PC + 1] = (r[REG.PC + 1] + 1) | 0;
  r[REG.PC] = lo;
}

/** doIPCTransfer of a short message into `to`'s saved registers: badge, info, MR0-MR(length-1).
 *  `ep`: the endpoint's name for the record, null for a reply. */
function transfer(k: KernelState, from: Tcb, to: Tcb, ep: string | null, badge: bigint, length: number, r: Int32Array): void {
  const d = to.regs!;
  const infoLo = (r[X1] & LABEL_MASK) | length, infoHi = r[X1 + 1];
  for (let i = 0; i < 2 * length; i++) d[X2 + i] = r[X2 + i];
  d[X0] = Number(badge & 0xffff_ffffn) | 0;
  d[X0 + 1] = Number((badge >> 32n) & 0xffff_ffffn) | 0;
  d[X1] = infoLo;
  d[X1 + 1] = infoHi;
  const label = (BigInt(infoHi >>> 0) << 20n) | BigInt(infoLo >>> 12);
  const mrs = new Array<bigint>(length);
  for (let i = 0; i < length; i++) mrs[i] = (BigInt(r[X2 + 2 * i + 1] >>> 0) << 32n) | BigInt(r[X2 + 2 * i] >>> 0);
  k.events.push({ kind: 'ipc', from: from.name, to: to.name, ep, label, length, caps: 0, badge, fault: false, mrs });
}

/** Event texts computed once: a TCB slot's name, a reply cap's description by caller and grant. */
const slotNames = new WeakMap<Slot, string>();
const replyTexts = new WeakMap<Tcb, [string | undefined, string | undefined]>();

function replyText(caller: Tcb, cap: Extract<Cap, { type: 'reply' }>): string {
  let texts = replyTexts.get(caller);
  if (texts === undefined) { texts = [undefined, undefined]; replyTexts.set(caller, texts); }
  const i = cap.grant ? 1 : 0;
  return texts[i] ?? (texts[i] = describeCap(cap));
}

/** The reply cap goes, as doReplyTransfer deletes it (a reply cap's finalisation does nothing). */
function deleteReply(k: KernelState, slot: Slot, cap: Extract<Cap, { type: 'reply' }>, caller: Tcb): void {
  let name = slotNames.get(slot);
  if (name === undefined) { name = k.slotName(slot); slotNames.set(slot, name); }
  k.events.push({ kind: 'capChange', op: 'delete', slot: name, cap: replyText(caller, cap) });
  removeNode(slot);
}

function blockOnReceive(k: KernelState, t: Tcb, ep: EndpointObj, cap: EndpointCap): void {
  block(k, t, 'BlockedOnReceive', { kind: 'recv', ep: ep.paddr, canGrant: cap.rights.grant });
  ep.queue.push(t);
}

/** The schedule decision and the context switch the slowpath would make. */
function switchTo(kernel: Sel4Kernel, from: Tcb, to: Tcb): void {
  kernel.state.events.push({ kind: 'schedule', thread: to.name });
  kernel.switchThread(from, to);
}

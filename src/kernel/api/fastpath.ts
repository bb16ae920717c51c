// The IPC fastpath (seL4 src/fastpath/fastpath.c): seL4_Call and seL4_ReplyRecv
// between threads when every condition below holds, done in one step on the raw
// register file with a direct switch to the partner; anything else returns false
// and the slowpath (syscall.ts) runs. The effect, the registers and the event
// records are exactly the slowpath's. Kernel API layer. Design: docs/kernel.md "Fastpath".
import { REG } from '../../emulator/cpu/state.ts';
import { SYS } from '../../shared/abi/index.ts';
import type { KernelEventRecord } from '../../shared/kernelView.ts';
import { describeCap, NULL_CAP, type Cap } from '../core/cap.ts';
import { insertRoot, removeNode, type Slot } from '../core/cdt.ts';
import { lookupSlot } from '../core/cspace.ts';
import { blockUnrecorded, endpointName, type BlockRecord } from '../core/ipc.ts';
import { FAST_MRS } from '../core/message.ts';
import type { Sel4Kernel } from '../kernel.ts';
import type { EndpointObj, KernelState } from '../state.ts';
import { TCB_SLOT, type Tcb } from '../object/tcb.ts';

type EndpointCap = Extract<Cap, { type: 'endpoint' }>;
type ReplyCap = Extract<Cap, { type: 'reply' }>;
type EntryRecord = Extract<KernelEventRecord, { kind: 'entry' }>;
type IpcRecord = Extract<KernelEventRecord, { kind: 'ipc' }>;
type ScheduleRecord = Extract<KernelEventRecord, { kind: 'schedule' }>;
type CapChangeRecord = Extract<KernelEventRecord, { kind: 'capChange' }>;

/** Registers as int32 pairs: x0 at 0, x1 at 2, MR0 (x2) at 4, x7 at 14. */
const X0 = 0, X1 = 2, X2 = 4, X7 = 14, X30 = 60;
/** MessageInfo bits the fastpath keeps: the label (bits 12 and up); length 0-4 is put back. */
const LABEL_MASK = ~0xfff;

/** Handles the svc (its pc is the CPU's) when it is a Call or ReplyRecv the fastpath
 *  can take; false: nothing changed, use the slowpath. */
export function fastpath(kernel: Sel4Kernel, k: KernelState, r: Int32Array): boolean {
  if (r[X7 + 1] !== -1) return false;
  const nr = r[X7];
  if (nr === SYS.Call) return fastCall(kernel, k, r);
  if (nr === SYS.ReplyRecv) return fastReplyRecv(kernel, k, r);
  return false;
}

/** What the fastpath keeps per thread (as the thread entering the kernel): the last
 *  record of each kind it made, reused when the next one would be equal field for
 *  field (records are never changed once pushed, and the views only read them), and
 *  the texts and numbers those records are made from. Nothing here decides what
 *  happens; every condition is checked on the kernel state each time. */
class FastThread {
  entry: EntryRecord | null = null;
  entryPcLo = 0; entryPcHi = 0; entryLrLo = 0; entryLrHi = 0;
  ipc: IpcRecord | null = null;
  ipcTo: Tcb | null = null;
  ipcInfoLo = 0; ipcInfoHi = 0;
  schedule: ScheduleRecord | null = null;
  blockReply: BlockRecord | null = null;
  blockRecv: BlockRecord | null = null;
  deleted: CapChangeRecord | null = null;
  deletedSlot: Slot | null = null;
  deletedCaller: Tcb | null = null;
  deletedGrant = false;
  /** The CSpace root cap last looked up in, its flat form and its CNode's slots. */
  root: Cap | null = null;
  flat: FlatRoot | null = null;
  rootSlots: Slot[] | undefined = undefined;
  /** The endpoint cap last called (Call) and received on (ReplyRecv), and their endpoints. */
  callCap: EndpointCap | null = null;
  callEp: EndpointObj | undefined = undefined;
  recvCap: EndpointCap | null = null;
  recvEp: EndpointObj | undefined = undefined;
  /** The last endpoint address named in a record, and its name. */
  epPaddr = -1n;
  epName = '';
  /** The reply cap the fastpath last put in this thread's caller slot, and the caller it names. */
  reply: ReplyCap | null = null;
  replyCaller: Tcb | null = null;
  /** The badge of callCap as an int32 pair (made when callCap changes). */
  callBadgeLo = 0; callBadgeHi = 0;
  /** The badge of the last ipc record as an int32 pair. */
  ipcBadgeLo = 0; ipcBadgeHi = 0;
  /** The reply cap made when this thread last called (it names this thread), reused
   *  while the grant right is the same: caps are values, never changed in place. */
  callerReply: ReplyCap | null = null;
  /** The receive state this thread last blocked in, reused while equal (never changed in place). */
  recvBlocking: RecvBlocking | null = null;
  /** The records of this thread's last fast Call and ReplyRecv, pushed as one group
   *  (EventRing.pushGroup) and reused while every record in them is the same. */
  callGroup: KernelEventRecord[] | null = null;
  recvGroup: KernelEventRecord[] | null = null;
  /** This thread's VSpace cap as last switched to, and its root table address as a number. */
  vspace: Cap | null = null;
  vspaceRoot = 0;
}

type RecvBlocking = Extract<NonNullable<Tcb['blocking']>, { kind: 'recv' }>;
/** The one blocked-on-reply state (it has no fields): shared, as nothing changes a state in place. */
const ON_REPLY: NonNullable<Tcb['blocking']> = { kind: 'reply' };

const fastThreads = new WeakMap<Tcb, FastThread>();
/** The two threads asked for last: IPC partners alternate, so the WeakMap is rarely asked. */
let lastA: Tcb | null = null, lastFA: FastThread | null = null;
let lastB: Tcb | null = null, lastFB: FastThread | null = null;

function fastThread(t: Tcb): FastThread {
  if (t === lastA) return lastFA!;
  if (t === lastB) { lastB = lastA; lastA = t; const f = lastFB!; lastFB = lastFA; lastFA = f; return f; }
  let f = fastThreads.get(t);
  if (f === undefined) { f = new FastThread(); fastThreads.set(t, f); }
  lastB = lastA; lastFB = lastFA;
  lastA = t; lastFA = f;
  return f;
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

/** Kernel objects by cap, remembered per thread by the cap record's identity: a cap
 *  record that sits in a slot names a live object (deleting an object deletes every
 *  cap to it first, and objects are never replaced under live caps), so the object
 *  found for it stays the one the kernel's maps hold; a new cap record is looked up
 *  in the maps again. This spares the bigint-keyed Map lookups per entry. */
function flatRoot(k: KernelState, f: FastThread, root: Cap): FlatRoot | null {
  if (f.root === root) return f.flat;
  f.root = root;
  f.flat = root.type === 'cnode' && root.radix + root.guardSize === 64 && root.radix > 0 && root.radix < 32
    ? { radix: root.radix, guardLo: Number(root.guard & 0xffff_ffffn) | 0, guardHi: Number(root.guard >> 32n) | 0 }
    : null;
  f.rootSlots = root.type === 'cnode' ? k.slotsOf(root.paddr) : undefined;
  return f.flat;
}

/** lookupSlot of the CPtr in x0: one level of int32 arithmetic for a flat root
 *  (the same answer resolveAddressBits gives), the general lookup otherwise. */
function lookupX0(k: KernelState, f: FastThread, root: Cap, r: Int32Array): Slot | null {
  const flat = flatRoot(k, f, root);
  if (flat === null) {
    const found = lookupSlot(k, root, u64(r[X0], r[X0 + 1]));
    return found.ok ? found.slot : null;
  }
  const lo = r[X0], hi = r[X0 + 1], radix = flat.radix;
  if (((lo >>> radix) | (hi << (32 - radix))) !== flat.guardLo || (hi >>> radix) !== (flat.guardHi >>> 0)) return null;
  const slots = f.rootSlots;
  return slots ? slots[lo & ((1 << radix) - 1)] : null;
}

function callEndpoint(k: KernelState, f: FastThread, cap: EndpointCap): EndpointObj | undefined {
  if (f.callCap !== cap) {
    f.callCap = cap;
    f.callEp = k.endpoints.get(cap.paddr);
    f.callBadgeLo = Number(cap.badge & 0xffff_ffffn) | 0;
    f.callBadgeHi = Number((cap.badge >> 32n) & 0xffff_ffffn) | 0;
  }
  return f.callEp;
}

function recvEndpoint(k: KernelState, f: FastThread, cap: EndpointCap): EndpointObj | undefined {
  if (f.recvCap !== cap) { f.recvCap = cap; f.recvEp = k.endpoints.get(cap.paddr); }
  return f.recvEp;
}

/** The endpoint cap x0 names in t's CSpace, with the rights asked for; null if not. */
function endpointCap(k: KernelState, t: Tcb, f: FastThread, r: Int32Array, receive: boolean): EndpointCap | null {
  const slot = lookupX0(k, f, t.slots[TCB_SLOT.CTable].cap, r);
  if (slot === null) return null;
  const cap = slot.cap;
  if (cap.type !== 'endpoint') return null;
  if (receive) return cap.rights.read ? cap : null;
  return cap.rights.write && (cap.rights.grant || cap.rights.grantReply) ? cap : null;
}

/** The thread the scheduler would pick once `to` is woken and the caller blocks:
 *  `to` itself when it can run in a VSpace and no queued thread is at its priority or above. */
function wouldRun(k: KernelState, to: Tcb): boolean {
  const vs = to.slots[TCB_SLOT.VTable].cap;
  if (to.regs === null || vs.type !== 'vspace' || vs.asid === undefined) return false;
  return !k.scheduler.anyAtOrAbove(to.priority);
}

/** fastpath_call: a receiver waits on the endpoint; it gets the message and a reply cap. */
function fastCall(kernel: Sel4Kernel, k: KernelState, r: Int32Array): boolean {
  const t = k.current;
  if (t === null || t.fault !== null) return false;
  const length = fastLength(r);
  if (length < 0) return false;
  const f = fastThread(t);
  const cap = endpointCap(k, t, f, r, false);
  if (cap === null) return false;
  const ep = callEndpoint(k, f, cap);
  const dest = ep?.queue[0];
  if (ep === undefined || dest === undefined || dest.blocking?.kind !== 'recv') return false;
  const callerSlot = dest.slots[TCB_SLOT.Caller];
  if (callerSlot.cap.type !== 'null' || !wouldRun(k, dest)) return false;

  const entry = enter(t, f, 'Call', r);
  const replyGrant = dest.blocking.canGrant;
  ep.queue.shift();
  const ipc = transfer(t, f, dest, endpointNameOf(f, ep.paddr), cap.badge, f.callBadgeLo, f.callBadgeHi, length, r);
  const blocked = blockRecord(f, t, 'reply', 'BlockedOnReply');
  blockUnrecorded(k, t, ON_REPLY, blocked.state);
  let reply = f.callerReply;
  // A thread's address never changes, so the cap made for it still names it.
  if (reply === null || reply.grant !== replyGrant) {
    reply = f.callerReply = { type: 'reply', tcb: t.paddr, master: false, grant: replyGrant };
  }
  insertRoot(callerSlot, reply, false);
  const fd = fastThread(dest);
  fd.reply = reply;
  fd.replyCaller = t;
  dest.state = 'Running';
  dest.blocking = null;
  const sched = switchTo(kernel, f, t, dest, fd);
  let g = f.callGroup;
  if (g === null || g[0] !== entry || g[1] !== ipc || g[2] !== blocked || g[3] !== sched) g = f.callGroup = [entry, ipc, blocked, sched];
  k.events.pushGroup(g, r, X2, length);
  return true;
}

/** fastpath_reply_recv: the caller named by the reply cap waits for the reply and
 *  no sender waits on the endpoint, so the replier blocks receiving. */
function fastReplyRecv(kernel: Sel4Kernel, k: KernelState, r: Int32Array): boolean {
  const t = k.current;
  if (t === null || t.fault !== null) return false;
  const length = fastLength(r);
  if (length < 0) return false;
  const replySlot = t.slots[TCB_SLOT.Caller];
  const reply = replySlot.cap;
  if (reply.type !== 'reply') return false;
  const f = fastThread(t);
  const caller = callerOf(k, f, reply);
  if (caller === undefined || caller.state !== 'BlockedOnReply' || caller.fault !== null) return false;
  const bound = t.boundNotification !== null ? k.notifications.get(t.boundNotification) : undefined;
  if (bound?.active) return false;
  const cap = endpointCap(k, t, f, r, true);
  if (cap === null) return false;
  const ep = recvEndpoint(k, f, cap);
  if (ep === undefined || (ep.queue.length > 0 && ep.queue[0].blocking?.kind !== 'recv')) return false;
  if (!wouldRun(k, caller)) return false;

  const entry = enter(t, f, 'ReplyRecv', r);
  const deleted = deleteReply(k, f, replySlot, reply, caller);
  const ipc = transfer(t, f, caller, null, 0n, 0, 0, length, r);
  caller.state = 'Running';
  caller.blocking = null;
  const blocked = blockOnReceive(k, f, t, ep, cap);
  const sched = switchTo(kernel, f, t, caller, fastThread(caller));
  let g = f.recvGroup;
  if (g === null || g[0] !== entry || g[1] !== deleted || g[2] !== ipc || g[3] !== blocked || g[4] !== sched) {
    g = f.recvGroup = [entry, deleted, ipc, blocked, sched];
  }
  k.events.pushGroup(g, r, X2, length);
  return true;
}

/** The thread a reply cap names. For the reply cap record the fastpath's Call made,
 *  the caller it was made for: that thread is the live one at its address unless it
 *  was deleted since, and a deleted thread is Inactive (suspended), which the caller
 *  checks reject. Any other reply cap is looked up. */
function callerOf(k: KernelState, f: FastThread, reply: ReplyCap): Tcb | undefined {
  return f.reply === reply ? f.replyCaller! : k.tcbs.get(reply.tcb);
}

/** 64-bit values as bigints without allocating for the small ones messages carry most. */
const SMALL = Array.from({ length: 256 }, (_, i) => BigInt(i));

function u64(lo: number, hi: number): bigint {
  if (hi === 0) return lo >>> 0 < 256 ? SMALL[lo] : BigInt(lo >>> 0);
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** The kernel entry as handleSyscall records it (pc: the svc, the CPU's pc; lr: x30);
 *  the thread resumes after the svc. */
function enter(t: Tcb, f: FastThread, syscall: string, r: Int32Array): EntryRecord {
  const pcLo = r[REG.PC], pcHi = r[REG.PC + 1], lrLo = r[X30], lrHi = r[X30 + 1];
  let rec = f.entry;
  if (rec === null || rec.syscall !== syscall || rec.thread !== t.name || f.entryPcLo !== pcLo || f.entryPcHi !== pcHi
    || f.entryLrLo !== lrLo || f.entryLrHi !== lrHi) {
    rec = f.entry = { kind: 'entry', syscall, thread: t.name, pc: u64(pcLo, pcHi), lr: u64(lrLo, lrHi) };
    f.entryPcLo = pcLo; f.entryPcHi = pcHi; f.entryLrLo = lrLo; f.entryLrHi = lrHi;
  }
  t.faultIp = rec.pc;
  const lo = (pcLo + 4) | 0;
  if (lo >>> 0 < 4) r[REG.PC + 1] = (pcHi + 1) | 0;
  r[REG.PC] = lo;
  return rec;
}

function endpointNameOf(f: FastThread, paddr: bigint): string {
  if (f.epPaddr !== paddr) { f.epPaddr = paddr; f.epName = endpointName(paddr); }
  return f.epName;
}

/** doIPCTransfer of a short message into `to`'s saved registers: badge, info, MR0-MR(length-1).
 *  `ep`: the endpoint's name for the record, null for a reply. */
function transfer(from: Tcb, f: FastThread, to: Tcb, ep: string | null, badge: bigint, badgeLo: number, badgeHi: number,
  length: number, r: Int32Array): IpcRecord {
  const d = to.regs!;
  const infoLo = (r[X1] & LABEL_MASK) | length, infoHi = r[X1 + 1];
  copyMrs(d, r, length);
  d[X0] = badgeLo;
  d[X0 + 1] = badgeHi;
  d[X1] = infoLo;
  d[X1 + 1] = infoHi;
  return ipcRecord(f, from, to, ep, badge, badgeLo, badgeHi, infoLo, infoHi, length);
}

/** MR0-MR(length-1) (x2-x5 as int32 pairs) from r into d, unrolled (length 0-4). */
function copyMrs(d: Int32Array, r: Int32Array, length: number): void {
  if (length === 0) return;
  d[X2] = r[X2]; d[X2 + 1] = r[X2 + 1];
  if (length === 1) return;
  d[X2 + 2] = r[X2 + 2]; d[X2 + 3] = r[X2 + 3];
  if (length === 2) return;
  d[X2 + 4] = r[X2 + 4]; d[X2 + 5] = r[X2 + 5];
  if (length === 3) return;
  d[X2 + 6] = r[X2 + 6]; d[X2 + 7] = r[X2 + 7];
}

/** The ipc record, reused when it equals the last one this thread sent but for the
 *  message words (the event ring keeps those per push: EventRing.pushIpc). */
function ipcRecord(f: FastThread, from: Tcb, to: Tcb, ep: string | null, badge: bigint, badgeLo: number, badgeHi: number,
  infoLo: number, infoHi: number, length: number): IpcRecord {
  const last = f.ipc;
  if (last !== null && f.ipcTo === to && last.length === length && last.ep === ep
    && f.ipcBadgeLo === badgeLo && f.ipcBadgeHi === badgeHi && f.ipcInfoLo === infoLo && f.ipcInfoHi === infoHi && last.from === from.name && last.to === to.name) {
    return last;
  }
  const label = last !== null && f.ipcInfoLo === infoLo && f.ipcInfoHi === infoHi
    ? last.label : (BigInt(infoHi >>> 0) << 20n) | BigInt(infoLo >>> 12);
  f.ipcTo = to;
  f.ipcBadgeLo = badgeLo;
  f.ipcBadgeHi = badgeHi;
  f.ipcInfoLo = infoLo;
  f.ipcInfoHi = infoHi;
  return (f.ipc = { kind: 'ipc', from: from.name, to: to.name, ep, label, length, caps: 0, badge, fault: false, mrs: [] });
}

/** The block record blockThread would push (the same fields; reused while equal). */
function blockRecord(f: FastThread, t: Tcb, on: string, state: 'BlockedOnReply' | 'BlockedOnReceive'): BlockRecord {
  const last = state === 'BlockedOnReply' ? f.blockReply : f.blockRecv;
  if (last !== null && last.thread === t.name && last.on === on) return last;
  const rec: BlockRecord = { kind: 'block', thread: t.name, on, state };
  if (state === 'BlockedOnReply') f.blockReply = rec;
  else f.blockRecv = rec;
  return rec;
}

/** The reply cap goes, as doReplyTransfer deletes it (a reply cap's finalisation does nothing). */
function deleteReply(k: KernelState, f: FastThread, slot: Slot, cap: ReplyCap, caller: Tcb): CapChangeRecord {
  let rec = f.deleted;
  if (rec === null || f.deletedSlot !== slot || f.deletedCaller !== caller || f.deletedGrant !== cap.grant) {
    rec = f.deleted = { kind: 'capChange', op: 'delete', slot: k.slotName(slot), cap: describeCap(cap) };
    f.deletedSlot = slot;
    f.deletedCaller = caller;
    f.deletedGrant = cap.grant;
  }
  if (slot.parent === null && slot.children.length === 0) {
    // removeNode of a slot without CDT links: only the cap goes.
    slot.cap = NULL_CAP;
    slot.revocable = false;
  } else removeNode(slot);
  return rec;
}

function blockOnReceive(k: KernelState, f: FastThread, t: Tcb, ep: EndpointObj, cap: EndpointCap): BlockRecord {
  const rec = blockRecord(f, t, endpointNameOf(f, ep.paddr), 'BlockedOnReceive');
  let state = f.recvBlocking;
  if (state === null || state.ep !== ep.paddr || state.canGrant !== cap.rights.grant) {
    state = f.recvBlocking = { kind: 'recv', ep: ep.paddr, canGrant: cap.rights.grant };
  }
  blockUnrecorded(k, t, state, rec.state);
  ep.queue.push(t);
  return rec;
}


/** The schedule decision and the context switch the slowpath would make (wouldRun
 *  checked that `to` has a VSpace with an ASID). */
function switchTo(kernel: Sel4Kernel, f: FastThread, from: Tcb, to: Tcb, fto: FastThread): ScheduleRecord {
  let rec = f.schedule;
  if (rec === null || rec.thread !== to.name) rec = f.schedule = { kind: 'schedule', thread: to.name };
  const vs = to.slots[TCB_SLOT.VTable].cap as Extract<Cap, { type: 'vspace' }>;
  if (fto.vspace !== vs) { fto.vspace = vs; fto.vspaceRoot = Number(vs.paddr); }
  kernel.switchRegisters(from, to, fto.vspaceRoot, vs.paddr, vs.asid!);
  return rec;
}

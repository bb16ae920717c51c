// Message transfer between threads (seL4 doIPCTransfer): the sender's MRs
// (x2-x5, then its IPC buffer) to the receiver, at most 120, at most 4 when
// either side has no IPC buffer; caps with Grant into the receiver's one receive
// slot, caps to the endpoint itself unwrapped to badges; fault messages instead
// of MRs for a faulted sender; and fault replies. Kernel core layer.
// Facts: reference/sel4.md 2.3, 2.11, 2.12.
import type { CpuRegisters } from '../../emulator/types.ts';
import { IPC_BUFFER, offsets } from '../../shared/abi/index.ts';
import { faultMessage } from '../api/fault.ts';
import type { Tcb } from '../object/tcb.ts';
import type { KernelState } from '../state.ts';
import type { KernelEventRecord } from '../../shared/kernelView.ts';
import { deriveCap, isRevocable } from './cap.ts';
import { hasChildren, insertDerived, type Slot } from './cdt.ts';
import { lookupSlot, lookupSlotForCNodeOp } from './cspace.ts';
import { decodeInfo, encodeInfo, FAST_MRS, MSG_MAX_EXTRA_CAPS, MSG_MAX_LENGTH } from './message.ts';
import { setContextReg, threadRegisters } from './registers.ts';
import { CpuState } from '../../emulator/cpu/state.ts';

const IPC = offsets(IPC_BUFFER);

export interface IpcEnv { k: KernelState; cpu: CpuRegisters }

/** Object names for event records ("endpoint@0x40002000"), made once per address. */
const epNames = new Map<bigint, string>();
const ntfnNames = new Map<bigint, string>();

function named(cache: Map<bigint, string>, prefix: string, paddr: bigint): string {
  let n = cache.get(paddr);
  if (n === undefined) { n = `${prefix}@0x${paddr.toString(16)}`; cache.set(paddr, n); }
  return n;
}

export function endpointName(paddr: bigint): string { return named(epNames, 'endpoint', paddr); }

/** What a blocked thread waits on, as the `block` record names it. */
function blockedOnName(b: NonNullable<Tcb['blocking']>): string {
  if (b.kind === 'ntfn') return named(ntfnNames, 'notification', b.ntfn);
  if (b.kind === 'reply') return 'reply';
  return endpointName(b.ep);
}

/** A thread stops running until an IPC partner, a signal or a reply wakes it: the
 *  state, what it waits on, off the ready queue, and the `block` record. The slowpath
 *  and the fastpath both block through here, so their records are the same. */
export function blockThread(k: KernelState, t: Tcb, state: BlockRecord['state'], blocking: NonNullable<Tcb['blocking']>): void {
  blockWithRecord(k, t, blocking, blockRecord(t, blockedOnName(blocking), state));
}

/** blockThread with its `block` record already made (the fastpath keeps its own per
 *  thread); `record.state` is the new state. */
export function blockWithRecord(k: KernelState, t: Tcb, blocking: NonNullable<Tcb['blocking']>, record: BlockRecord): void {
  blockUnrecorded(k, t, blocking, record.state);
  k.events.push(record);
}

/** blockThread's state change alone: for the fastpath, which pushes the record with
 *  the entry's others (EventRing.pushGroup). */
export function blockUnrecorded(k: KernelState, t: Tcb, blocking: NonNullable<Tcb['blocking']>, state: BlockRecord['state']): void {
  t.state = state;
  t.blocking = blocking;
  k.scheduler.dequeue(t);
}

export type BlockRecord = Extract<KernelEventRecord, { kind: 'block' }> & { state: 'BlockedOnSend' | 'BlockedOnReceive' | 'BlockedOnReply' | 'BlockedOnNotification' };
/** The last block record made per thread and state: records are never changed once
 *  pushed, so a thread blocking the same way again (every round trip) reuses it. */
const blockRecords = new WeakMap<Tcb, Partial<Record<BlockRecord['state'], BlockRecord>>>();

function blockRecord(t: Tcb, on: string, state: BlockRecord['state']): BlockRecord {
  let mine = blockRecords.get(t);
  if (mine === undefined) { mine = {}; blockRecords.set(t, mine); }
  const last = mine[state];
  if (last !== undefined && last.thread === t.name && last.on === on) return last;
  return (mine[state] = { kind: 'block', thread: t.name, on, state });
}

/** The first min(length, 4) message words of an ipc record, as delivered (unsigned). */
function recordedMrs(mrs: readonly bigint[]): bigint[] {
  const n = Math.min(mrs.length, FAST_MRS);
  const out = new Array<bigint>(n);
  for (let i = 0; i < n; i++) out[i] = BigInt.asUintN(64, mrs[i]);
  return out;
}

function bufWord(k: KernelState, t: Tcb, off: number): bigint {
  if (t.ipcBufferPaddr === null) return 0n;
  const v = k.mem.read64(Number(t.ipcBufferPaddr) + off);
  return typeof v === 'bigint' ? v : 0n;
}

function setBufWord(k: KernelState, t: Tcb, off: number, v: bigint): void {
  if (t.ipcBufferPaddr !== null) k.mem.write64(Number(t.ipcBufferPaddr) + off, BigInt.asUintN(64, v));
}

/** x`n` of a thread that is not on the CPU, read from its saved register file. */
function savedX(saved: Int32Array, n: number): bigint {
  return (BigInt(saved[2 * n + 1] >>> 0) << 32n) | BigInt(saved[2 * n] >>> 0);
}

/** Writes x`n` of a thread that is not on the CPU into its saved register file, in place. */
function setSavedX(saved: Int32Array, n: number, v: bigint): void {
  saved[2 * n] = Number(v & 0xffff_ffffn) | 0;
  saved[2 * n + 1] = Number((v >> 32n) & 0xffff_ffffn) | 0;
}

/** Reads x registers of a thread: from the CPU when it runs, else from its saved
 *  register file (a thread that never ran has all-zero registers). */
function xReader(env: IpcEnv, t: Tcb): (n: number) => bigint {
  if (t === env.k.current) return (n) => env.cpu.getX(n);
  const saved = t.regs;
  return saved ? (n) => savedX(saved, n) : () => 0n;
}

/** Writes x registers of a thread: on the CPU when it runs, else in its saved register
 *  file, in place (made, all zero, for a thread that never ran). Not the pc, so the
 *  thread's FaultIP stays. */
function xWriter(env: IpcEnv, t: Tcb): (n: number, v: bigint) => void {
  if (t === env.k.current) return (n, v) => env.cpu.setX(n, v);
  const saved = t.regs ?? (t.regs = new CpuState().save());
  return (n, v) => setSavedX(saved, n, v);
}

/** Writes a message into a thread: badge in x0, info in x1, MRs in x2-x5 and its buffer. */
export function deliver(env: IpcEnv, to: Tcb, badge: bigint, info: { label: bigint; extraCaps: number; capsUnwrapped: number }, mrs: readonly bigint[]): void {
  const setX = xWriter(env, to);
  const n = to.ipcBufferPaddr === null ? Math.min(mrs.length, FAST_MRS) : mrs.length;
  for (let i = 0; i < n; i++) {
    if (i < FAST_MRS) setX(2 + i, BigInt.asUintN(64, mrs[i]));
    else setBufWord(env.k, to, IPC.msg + 8 * i, mrs[i]);
  }
  setX(0, BigInt.asUintN(64, badge));
  setX(1, encodeInfo({ ...info, length: n }));
}

/** Only the badge register (completeSignal, failed non-blocking receive). */
export function setBadge(env: IpcEnv, to: Tcb, badge: bigint): void {
  xWriter(env, to)(0, BigInt.asUintN(64, badge));
}

/** The sender's message: its info word and MRs (clamped as seL4 copies them). */
function senderMessage(env: IpcEnv, from: Tcb, to: Tcb | null) {
  const getX = xReader(env, from);
  const info = decodeInfo(getX(1));
  let length = Math.min(info.length, MSG_MAX_LENGTH);
  if (from.ipcBufferPaddr === null || (to !== null && to.ipcBufferPaddr === null)) length = Math.min(length, FAST_MRS);
  const mrs = Array.from({ length }, (_, i) => (i < FAST_MRS ? getX(2 + i) : bufWord(env.k, from, IPC.msg + 8 * i)));
  return { info, mrs };
}

/** The receive slot the receiver named in its IPC buffer (getReceiveSlots), if empty and valid. */
function receiveSlot(k: KernelState, to: Tcb): Slot | null {
  if (to.ipcBufferPaddr === null) return null;
  const node = lookupSlot(k, to.slots[0].cap, bufWord(k, to, IPC.receiveCNode));
  if (!node.ok) return null;
  const r = lookupSlotForCNodeOp(k, node.slot.cap, bufWord(k, to, IPC.receiveIndex), bufWord(k, to, IPC.receiveDepth));
  return r.ok && r.slot.cap.type === 'null' ? r.slot : null;
}

/** transferCaps: returns the number transferred and the unwrapped mask. */
function transferCaps(env: IpcEnv, caps: Slot[], ep: bigint | null, to: Tcb): { extraCaps: number; capsUnwrapped: number } {
  const k = env.k;
  let dest = receiveSlot(k, to);
  let count = 0, unwrapped = 0;
  if (to.ipcBufferPaddr === null) return { extraCaps: 0, capsUnwrapped: 0 };
  for (let i = 0; i < caps.length; i++) {
    const cap = caps[i].cap;
    if (cap.type === 'endpoint' && ep !== null && cap.paddr === ep) {
      setBufWord(k, to, IPC.caps_or_badges + 8 * i, cap.badge);
      unwrapped |= 1 << i;
    } else {
      if (!dest) break;
      const d = deriveCap(cap, hasChildren(caps[i]));
      if (!d.ok || d.cap.type === 'null') break;
      insertDerived(caps[i], dest, d.cap, isRevocable(d.cap, cap));
      k.events.push({ kind: 'capChange', op: 'transfer', slot: k.slotName(dest), cap: d.cap.type });
      dest = null;
    }
    count = i + 1;
  }
  return { extraCaps: count, capsUnwrapped: unwrapped };
}

/** The sender's extra caps (lookupExtraCaps); a failed lookup drops them all. */
function senderCaps(env: IpcEnv, from: Tcb, n: number): Slot[] {
  const out: Slot[] = [];
  for (let i = 0; i < Math.min(n, MSG_MAX_EXTRA_CAPS) && from.ipcBufferPaddr !== null; i++) {
    const r = lookupSlot(env.k, from.slots[0].cap, bufWord(env.k, from, IPC.caps_or_badges + 8 * i));
    if (!r.ok) return [];
    out.push(r.slot);
  }
  return out;
}

/** doIPCTransfer: a normal message, or the sender's fault message. */
export function doIPCTransfer(env: IpcEnv, from: Tcb, ep: bigint | null, badge: bigint, grant: boolean, to: Tcb): void {
  if (from.fault) {
    const f = faultMessage(from.fault);
    deliver(env, to, badge, { label: BigInt(f.label), extraCaps: 0, capsUnwrapped: 0 }, f.mrs);
    env.k.events.push({
      kind: 'ipc', from: from.name, to: to.name, ep: ep === null ? null : endpointName(ep), label: BigInt(f.label),
      length: f.mrs.length, caps: 0, badge, fault: true, mrs: recordedMrs(f.mrs),
    });
    return;
  }
  const { info, mrs } = senderMessage(env, from, to);
  const caps = grant && info.extraCaps > 0 ? senderCaps(env, from, info.extraCaps) : [];
  const t = transferCaps(env, caps, ep, to);
  deliver(env, to, badge, { label: info.label, ...t }, mrs);
  env.k.events.push({
    kind: 'ipc', from: from.name, to: to.name, ep: ep === null ? null : endpointName(ep), label: info.label,
    length: mrs.length, caps: t.extraCaps, badge, fault: false, mrs: recordedMrs(mrs),
  });
}

/** handleFaultReply: writes back what the fault type allows; returns whether to restart. */
export function faultReply(env: IpcEnv, replier: Tcb, faulted: Tcb): boolean {
  const f = faulted.fault!;
  // copyMRsFaultReply: the words go to registers, so only the replier's buffer matters.
  const { info, mrs } = senderMessage(env, replier, null);
  if (f.kind === 'CapFault' || f.kind === 'VMFault') return true;
  if (info.label !== 0n) return false;
  const tr = threadRegisters(faulted, env.k.current, env.cpu);
  if (f.kind === 'UnknownSyscall') {
    mrs.slice(0, 12).forEach((v, i) => {
      if (i < 8) tr.regs.setX(i, BigInt.asUintN(64, v));
      else if (i === 8) tr.regs.pc = BigInt.asUintN(64, v);
      else if (i === 9) tr.regs.sp = BigInt.asUintN(64, v);
      else if (i === 11) setContextReg(tr.regs, 2, v);
    });
  } else {
    mrs.slice(0, 3).forEach((v, i) => setContextReg(tr.regs, i, v));
  }
  tr.commit();
  return true;
}

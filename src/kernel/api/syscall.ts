// Kernel entry for `svc #0`: x7 is the seL4 syscall number. Send/NBSend/Call on a
// kernel object's cap become invocations (lookup of the invoked cap and extra
// caps, decode, invoke, reply to Call with label = error code); lookup failures
// of a blocking call raise a CapFault; the debug calls print, halt and name
// threads; Recv/NBRecv/Reply/ReplyRecv go to endpoints and notifications; any
// other number raises UnknownSyscall. Kernel API layer.
// Facts: reference/sel4.md 2.1, 2.2, 2.13; seL4 src/api/syscall.c handleInvocation.
import { SYS, SYSCALL_NAME, LABEL_NAME } from '../../shared/abi/index.ts';
import type { CpuException } from '../../emulator/types.ts';
import { describeCap } from '../core/cap.ts';
import type { Slot } from '../core/cdt.ts';
import { lookupSlot } from '../core/cspace.ts';
import { sysErr, type LookupFault, type SyscallError } from '../core/lookup.ts';
import { decodeInfo, ThreadMessage } from '../core/message.ts';
import type { Tcb } from '../object/tcb.ts';
import type { Sel4Kernel } from '../kernel.ts';
import { handleFault, spsrOf } from './fault.ts';
import { decodeInvocation } from './invocation.ts';
import { debugDumpScheduler } from './debug.ts';
import { doReply, receiveIPC, sendIPC } from '../object/endpoint.ts';
import { receiveSignal, sendSignal } from '../object/notification.ts';
import { TCB_SLOT } from '../object/tcb.ts';
import { checkOrigin } from './origin.ts';

type Svc = Extract<CpuException, { kind: 'svc' }>;

export function handleSyscall(kernel: Sel4Kernel, ex: Svc): void {
  const k = kernel.state, cpu = kernel.cpu, t = k.current!;
  const nr = BigInt.asIntN(64, cpu.getX(7));
  const known = SYSCALL_NAME.get(Number(nr));
  const name = known ?? `syscall ${nr}`;
  // x8 (Linux's number) only where it may name a foreign call: the fastpath's records stay equal.
  k.events.push({ kind: 'entry', syscall: name, thread: t.name, pc: ex.pc, lr: cpu.getX(30), x8: known === undefined || t.syscallWindow !== null ? cpu.getX(8) : undefined });
  cpu.pc = ex.pc + 4n;
  t.faultIp = ex.pc;
  if (t.syscallWindow !== null || t.syscallPins !== null) {
    const d = checkOrigin(k, t, ex.pc, Number(nr));
    if (d === 'outside') return unknownSyscall(kernel, t, ex, nr);
    if (d === 'killed') { cpu.pc = ex.pc; return; }
  }
  switch (Number(nr)) {
    case SYS.Call: return handleInvocation(kernel, t, ex, true, true);
    case SYS.Send: return handleInvocation(kernel, t, ex, false, true);
    case SYS.NBSend: return handleInvocation(kernel, t, ex, false, false);
    case SYS.Yield: k.scheduler.enqueue(t); kernel.yieldFrom = t; return;
    case SYS.DebugPutChar: kernel.putChar(Number(cpu.getX(0) & 0xffn)); return;
    case SYS.DebugHalt: kernel.exit(Number(cpu.getX(0) & 0xffn)); return;
    case SYS.DebugNameThread: return debugNameThread(kernel, t);
    case SYS.DebugDumpScheduler: return debugDumpScheduler(k, (b) => kernel.putChar(b));
    case SYS.Recv: return handleRecv(kernel, t, ex, true);
    case SYS.NBRecv: return handleRecv(kernel, t, ex, false);
    case SYS.Reply: return handleReply(kernel, t);
    case SYS.ReplyRecv: handleReply(kernel, t); return handleRecv(kernel, t, ex, true);
    default: return unknownSyscall(kernel, t, ex, nr);
  }
}

function unknownSyscall(kernel: Sel4Kernel, t: Tcb, ex: Svc, nr: bigint): void {
  const cpu = kernel.cpu;
  cpu.pc = ex.pc;
  const regs = Array.from({ length: 8 }, (_, i) => cpu.getX(i));
  handleFault(kernel.env, t, {
    kind: 'UnknownSyscall', regs, faultIp: ex.pc, sp: cpu.sp, lr: ex.pc + 4n, spsr: spsrOf(cpu), syscall: BigInt.asUintN(64, nr),
  });
}

/** seL4_DebugNameThread: x0 = TCB cap, the name is a C string at the IPC buffer's word 1. */
function debugNameThread(kernel: Sel4Kernel, t: Tcb): void {
  const k = kernel.state;
  const r = lookupSlot(k, t.slots[0].cap, kernel.cpu.getX(0));
  const target = r.ok && r.slot.cap.type === 'tcb' ? k.tcbs.get(r.slot.cap.paddr) : undefined;
  if (!target || t.ipcBufferPaddr === null) {
    kernel.stop('seL4_DebugNameThread: the cap is not a TCB cap (seL4 halts here too)');
    return;
  }
  const bytes = k.mem.readBytes(Number(t.ipcBufferPaddr) + 8, 1016);
  if (!(bytes instanceof Uint8Array)) return;
  const end = bytes.indexOf(0);
  target.name = new TextDecoder().decode(bytes.subarray(0, end < 0 ? bytes.length : end));
  k.events.push({ kind: 'debug', thread: t.name, what: `named thread 0x${target.paddr.toString(16)} "${target.name}"` });
}

/** A lookup failure of a blocking call: CapFault, restarting at the svc. */
function capFault(kernel: Sel4Kernel, t: Tcb, ex: Svc, cptr: bigint, lookup: LookupFault, inReceivePhase = false): void {
  kernel.cpu.pc = ex.pc;
  handleFault(kernel.env, t, { kind: 'CapFault', ip: ex.pc, addr: cptr, inReceivePhase, lookup });
}

/** handleRecv: Recv/NBRecv on an endpoint or notification cap with Read; anything else is a CapFault. */
function handleRecv(kernel: Sel4Kernel, t: Tcb, ex: Svc, blocking: boolean): void {
  const k = kernel.state;
  const cptr = kernel.cpu.getX(0);
  const r = lookupSlot(k, t.slots[0].cap, cptr);
  if (!r.ok) return capFault(kernel, t, ex, cptr, r.fault, true);
  const cap = r.slot.cap;
  const missing: LookupFault = { kind: 'MissingCapability', bitsLeft: 0 };
  if (cap.type === 'endpoint' && cap.rights.read) return receiveIPC(kernel.env, t, cap, blocking);
  if (cap.type === 'notification' && cap.rights.read) {
    const n = k.notifications.get(cap.paddr)!;
    if (n.boundTcb !== null && n.boundTcb !== t.paddr) return capFault(kernel, t, ex, cptr, missing, true);
    return receiveSignal(kernel.env, t, n, blocking);
  }
  capFault(kernel, t, ex, cptr, missing, true);
}

/** handleReply: answer the caller in this thread's caller slot (no-op if none). */
function handleReply(kernel: Sel4Kernel, t: Tcb): void {
  const slot = t.slots[TCB_SLOT.Caller];
  if (slot.cap.type === 'reply') doReply(kernel.env, t, slot, slot.cap.grant);
}

/** handleInvocation: Send/NBSend/Call on the cap in x0. */
function handleInvocation(kernel: Sel4Kernel, t: Tcb, ex: Svc, isCall: boolean, isBlocking: boolean): void {
  const k = kernel.state, cpu = kernel.cpu;
  const msg = new ThreadMessage(cpu, k.mem, t);
  const info = decodeInfo(cpu.getX(1));
  const cptr = cpu.getX(0);
  const root = t.slots[0].cap;
  const found = lookupSlot(k, root, cptr);
  if (!found.ok) {
    if (isBlocking) capFault(kernel, t, ex, cptr, found.fault);
    return;
  }
  const extraCaps: Slot[] = [];
  for (let i = 0; msg.hasBuffer && i < info.extraCaps; i++) {
    const p = msg.extraCapPtr(i);
    const r = lookupSlot(k, root, p);
    if (!r.ok) {
      if (isBlocking) capFault(kernel, t, ex, p, r.fault);
      return;
    }
    extraCaps.push(r.slot);
  }
  const slot = found.slot, cap = slot.cap;
  const label = Number(info.label & 0xffff_ffffn);
  if (cap.type === 'endpoint' || cap.type === 'notification') {
    if (!cap.rights.write) return replyError(kernel, t, msg, isCall, label, sysErr.invalidCapability(0, `${describeCap(cap)} is read-only: cannot send`));
    if (cap.type === 'endpoint') return sendIPC(kernel.env, isBlocking, isCall, cap, t);
    sendSignal(kernel.env, k.notifications.get(cap.paddr)!, cap.badge);
    if (isCall) msg.reply(0, []);
    return;
  }
  if (cap.type === 'reply') {
    doReply(kernel.env, t, slot, cap.grant);
    if (isCall && t.state === 'Running') msg.reply(0, []);
    return;
  }
  const length = msg.clampLength(info.length);
  const d = decodeInvocation({ k, thread: t, label, length, mr: (i) => (i < length ? msg.mr(i) : 0n), extraCaps, slot, cap, cptr, cpu });
  if (!d.ok) return replyError(kernel, t, msg, isCall, label, d.error);
  k.events.push({ kind: 'invocation', thread: t.name, label: d.op.name, cap: describeCap(cap), args: d.op.args });
  const mrs = d.op.invoke();
  if (isCall && t.state === 'Running') msg.reply(0, mrs);
}

function replyError(kernel: Sel4Kernel, t: Tcb, msg: ThreadMessage, isCall: boolean, label: number, e: SyscallError): void {
  kernel.state.events.push({ kind: 'error', thread: t.name, label: LABEL_NAME(label), error: e.name, mrs: e.mrs, reason: e.reason });
  kernel.lastError = e;
  if (isCall) msg.reply(e.code, e.mrs);
}

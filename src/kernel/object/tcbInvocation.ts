// TCB invocations: ReadRegisters, WriteRegisters, CopyRegisters, Configure,
// SetPriority, SetMCPriority, SetSchedParams, SetIPCBuffer, SetSpace, Suspend,
// Resume, BindNotification, UnbindNotification, SetTLSBase, SetFlags. Decode in
// the order of seL4's decodeTCBInvocation (changes nothing), then an invoke that
// cannot fail. Kernel object layer. Facts: reference/sel4.md 2.7, 2.10; seL4 src/object/tcb.c.
import { constant, LABEL_NAME, SYSCALL_NAME } from '../../shared/abi/index.ts';
import type { InvocationContext, Operation } from '../api/invocation.ts';
import { deriveCap, describeCap, updateCapData, type Cap } from '../core/cap.ts';
import { hasChildren, insertDerived, type Slot } from '../core/cdt.ts';
import { deleteSlot } from '../core/delete.ts';
import { decoded, refused, sysErr, type Decoded, type SyscallError } from '../core/lookup.ts';
import { FRAME_REGISTERS, getContextReg, setContextReg, threadRegisters, USER_CONTEXT_WORDS } from '../core/registers.ts';
import { restart, setPriority, suspend } from '../core/thread.ts';
import type { KernelState } from '../state.ts';
import { PIN_ANY_SITE, TCB_SLOT, type Tcb } from './tcb.ts';

type TcbCap = Extract<Cap, { type: 'tcb' }>;
const IPC_BUFFER_BITS = constant('seL4_IPCBufferSizeBits');
const TCB_FLAGS_MASK = 1;

const hex = (v: bigint) => `0x${v.toString(16)}`;
const op = (name: string, args: Record<string, string>, invoke: () => bigint[] | void): Decoded<Operation> =>
  decoded({ name, args, invoke: () => invoke() ?? [] });

export function decodeTcbInvocation(ctx: InvocationContext, cap: TcbCap): Decoded<Operation> {
  const t = ctx.k.tcbs.get(cap.paddr);
  if (!t) throw new Error(`invariant: TCB cap to 0x${cap.paddr.toString(16)} with no TCB`);
  switch (LABEL_NAME(ctx.label)) {
    case 'TCBReadRegisters': return decodeReadRegisters(ctx, t);
    case 'TCBWriteRegisters': return decodeWriteRegisters(ctx, t);
    case 'TCBCopyRegisters': return decodeCopyRegisters(ctx, t);
    case 'TCBSuspend': return op('TCBSuspend', {}, () => suspend(ctx.k, t));
    case 'TCBResume': return op('TCBResume', {}, () => restart(ctx.k, t));
    case 'TCBConfigure': return decodeConfigure(ctx, t);
    case 'TCBSetPriority': return decodeSetPriority(ctx, t, 'priority');
    case 'TCBSetMCPriority': return decodeSetPriority(ctx, t, 'mcp');
    case 'TCBSetSchedParams': return decodeSetSchedParams(ctx, t);
    case 'TCBSetIPCBuffer': return decodeSetIPCBuffer(ctx, t);
    case 'TCBSetSpace': return decodeSetSpace(ctx, t);
    case 'TCBBindNotification': return decodeBindNotification(ctx, t);
    case 'TCBUnbindNotification': return decodeUnbindNotification(ctx, t);
    case 'TCBSetTLSBase': return decodeSetTLSBase(ctx, t);
    case 'TCBSetFlags': return decodeSetFlags(ctx, t);
    case 'TCBSetSyscallRange': return decodeSetSyscallRange(ctx, t);
    case 'TCBPinSyscall': return decodePinSyscall(ctx, t);
    default: return refused(sysErr.illegalOperation(`label ${ctx.label} is not a TCB invocation`));
  }
}

function decodeReadRegisters(ctx: InvocationContext, t: Tcb): Decoded<Operation> {
  if (ctx.length < 2) return refused(sysErr.truncatedMessage(`TCBReadRegisters needs 2 message words, got ${ctx.length}`));
  const flags = ctx.mr(0), n = ctx.mr(1);
  if (n < 1n || n > BigInt(USER_CONTEXT_WORDS)) return refused(sysErr.rangeError(1, USER_CONTEXT_WORDS, `count ${n} is outside 1..${USER_CONTEXT_WORDS}`));
  if (t === ctx.thread) return refused(sysErr.illegalOperation('TCBReadRegisters on the calling thread itself'));
  return op('TCBReadRegisters', { suspend_source: String(flags & 1n), count: String(n) }, () => {
    if (flags & 1n) suspend(ctx.k, t);
    const r = threadRegisters(t, ctx.k.current, ctx.cpu).regs;
    return Array.from({ length: Number(n) }, (_, i) => getContextReg(r, i));
  });
}

function decodeWriteRegisters(ctx: InvocationContext, t: Tcb): Decoded<Operation> {
  if (ctx.length < 2) return refused(sysErr.truncatedMessage(`TCBWriteRegisters needs 2 message words, got ${ctx.length}`));
  const flags = ctx.mr(0), w = ctx.mr(1);
  if (BigInt(ctx.length - 2) < w) return refused(sysErr.truncatedMessage(`TCBWriteRegisters: count ${w} but only ${ctx.length - 2} register words sent`));
  if (t === ctx.thread) return refused(sysErr.illegalOperation('TCBWriteRegisters on the calling thread itself'));
  const n = Math.min(Number(w), USER_CONTEXT_WORDS);
  const values = Array.from({ length: n }, (_, i) => ctx.mr(2 + i));
  return op('TCBWriteRegisters', { resume_target: String(flags & 1n), count: String(w) }, () => {
    const tr = threadRegisters(t, ctx.k.current, ctx.cpu);
    values.forEach((v, i) => setContextReg(tr.regs, i, v));
    tr.commit();
    if (flags & 1n) restart(ctx.k, t);
  });
}

function decodeCopyRegisters(ctx: InvocationContext, t: Tcb): Decoded<Operation> {
  if (ctx.length < 1 || ctx.extraCaps.length < 1) return refused(sysErr.truncatedMessage('TCBCopyRegisters needs 1 message word and the source TCB as extra cap 0'));
  const flags = ctx.mr(0);
  const srcCap = ctx.extraCaps[0].cap;
  if (srcCap.type !== 'tcb') return refused(sysErr.invalidCapability(1, `source is not a TCB cap (${describeCap(srcCap)})`));
  const src = ctx.k.tcbs.get(srcCap.paddr)!;
  const [suspendSource, resumeTarget, frame, integer] = [0n, 1n, 2n, 3n].map((b) => ((flags >> b) & 1n) === 1n);
  const args = { source: src.name, flags: hex(flags) };
  return op('TCBCopyRegisters', args, () => {
    if (suspendSource) suspend(ctx.k, src);
    if (resumeTarget) restart(ctx.k, t);
    const from = threadRegisters(src, ctx.k.current, ctx.cpu).regs;
    const to = threadRegisters(t, ctx.k.current, ctx.cpu);
    for (let i = 0; i < USER_CONTEXT_WORDS; i++) {
      if ((i < FRAME_REGISTERS && frame) || (i >= FRAME_REGISTERS && integer)) setContextReg(to.regs, i, getContextReg(from, i));
    }
    to.commit();
  });
}

/** checkPrio: a new priority/MCP may not exceed the authority's MCP. */
function checkPrio(value: bigint, auth: Tcb, what: string): SyscallError | null {
  return value > BigInt(auth.mcp) ? sysErr.rangeError(0, auth.mcp, `${what} ${value} is above the authority's MCP ${auth.mcp}`) : null;
}

function authority(ctx: InvocationContext): { ok: true; tcb: Tcb } | { ok: false; error: SyscallError } {
  const c = ctx.extraCaps[0].cap;
  if (c.type !== 'tcb') return { ok: false, error: sysErr.invalidCapability(1, `authority is not a TCB cap (${describeCap(c)})`) };
  return { ok: true, tcb: ctx.k.tcbs.get(c.paddr)! };
}

function decodeSetPriority(ctx: InvocationContext, t: Tcb, which: 'priority' | 'mcp'): Decoded<Operation> {
  const name = which === 'priority' ? 'TCBSetPriority' : 'TCBSetMCPriority';
  if (ctx.length < 1 || ctx.extraCaps.length < 1) return refused(sysErr.truncatedMessage(`${name} needs 1 message word and the authority TCB as extra cap 0`));
  const value = ctx.mr(0);
  const auth = authority(ctx);
  if (!auth.ok) return refused(auth.error);
  const bad = checkPrio(value, auth.tcb, which);
  if (bad) return refused(bad);
  return op(name, { [which]: String(value), authority: auth.tcb.name }, () => {
    if (which === 'priority') setPriority(ctx.k, t, Number(value));
    else t.mcp = Number(value);
  });
}

function decodeSetSchedParams(ctx: InvocationContext, t: Tcb): Decoded<Operation> {
  if (ctx.length < 2 || ctx.extraCaps.length < 1) return refused(sysErr.truncatedMessage('TCBSetSchedParams needs 2 message words and the authority TCB as extra cap 0'));
  const mcp = ctx.mr(0), prio = ctx.mr(1);
  const auth = authority(ctx);
  if (!auth.ok) return refused(auth.error);
  const bad = checkPrio(mcp, auth.tcb, 'mcp') ?? checkPrio(prio, auth.tcb, 'priority');
  if (bad) return refused(bad);
  return op('TCBSetSchedParams', { mcp: String(mcp), priority: String(prio) }, () => {
    t.mcp = Number(mcp);
    setPriority(ctx.k, t, Number(prio));
  });
}

/** checkValidIPCBuffer: a non-device frame cap and a 1 KiB aligned address. */
function checkIpcBuffer(addr: bigint, cap: Cap): SyscallError | null {
  if (cap.type !== 'frame') return sysErr.illegalOperation(`IPC buffer cap is not a frame (${describeCap(cap)})`);
  if (cap.isDevice) return sysErr.illegalOperation('IPC buffer frame is device memory');
  if ((addr & ((1n << BigInt(IPC_BUFFER_BITS)) - 1n)) !== 0n) return sysErr.alignmentError(`IPC buffer address ${hex(addr)} is not 1 KiB aligned`);
  return null;
}

interface BufferPlan { addr: bigint; src: Slot | null; cap: Cap | null }

function decodeBuffer(addr: bigint, slot: Slot): { ok: true; plan: BufferPlan } | { ok: false; error: SyscallError } {
  if (addr === 0n) return { ok: true, plan: { addr, src: null, cap: null } };
  const d = deriveCap(slot.cap, hasChildren(slot));
  if (!d.ok) return { ok: false, error: d.code === 'RevokeFirst' ? sysErr.revokeFirst(d.reason) : sysErr.illegalOperation(d.reason) };
  const bad = checkIpcBuffer(addr, d.cap);
  return bad ? { ok: false, error: bad } : { ok: true, plan: { addr, src: slot, cap: d.cap } };
}

interface SpacePlan { cSlot: Slot; cRoot: Cap; vSlot: Slot; vRoot: Cap }

function decodeSpace(cSlot: Slot, cData: bigint, vSlot: Slot): { ok: true; plan: SpacePlan } | { ok: false; error: SyscallError } {
  let cRoot = cSlot.cap;
  if (cData !== 0n) cRoot = updateCapData(false, cData, cRoot);
  const dc = deriveCap(cRoot, hasChildren(cSlot));
  if (!dc.ok) return { ok: false, error: dc.code === 'RevokeFirst' ? sysErr.revokeFirst(dc.reason) : sysErr.illegalOperation(dc.reason) };
  if (dc.cap.type !== 'cnode') return { ok: false, error: sysErr.illegalOperation(`CSpace cap is invalid (${describeCap(cSlot.cap)})`) };
  const dv = deriveCap(vSlot.cap, hasChildren(vSlot));
  if (!dv.ok) return { ok: false, error: sysErr.illegalOperation(dv.reason) };
  if (dv.cap.type !== 'vspace' || dv.cap.asid === undefined) return { ok: false, error: sysErr.illegalOperation(`VSpace cap is invalid (${describeCap(vSlot.cap)})`) };
  return { ok: true, plan: { cSlot, cRoot: dc.cap, vSlot, vRoot: dv.cap } };
}

/** Replace one TCB-internal slot with a copy derived from `src`. */
function installSlot(k: KernelState, t: Tcb, index: number, src: Slot | null, cap: Cap | null): void {
  const slot = t.slots[index];
  deleteSlot(k, slot);
  if (src && cap) insertDerived(src, slot, cap, false);
}

function applySpace(k: KernelState, t: Tcb, faultEp: bigint, p: SpacePlan): void {
  t.faultEp = faultEp;
  installSlot(k, t, TCB_SLOT.CTable, p.cSlot, p.cRoot);
  installSlot(k, t, TCB_SLOT.VTable, p.vSlot, p.vRoot);
}

function applyBuffer(k: KernelState, ctx: InvocationContext, t: Tcb, p: BufferPlan): void {
  installSlot(k, t, TCB_SLOT.Buffer, p.src, p.cap);
  t.ipcBuffer = p.addr;
  const c = p.cap;
  t.ipcBufferPaddr = c && c.type === 'frame' ? c.paddr + (p.addr & ((1n << BigInt(c.sizeBits)) - 1n)) : null;
  const tr = threadRegisters(t, k.current, ctx.cpu);
  tr.regs.tpidrro = p.addr;
  tr.commit();
}

function decodeConfigure(ctx: InvocationContext, t: Tcb): Decoded<Operation> {
  if (ctx.length < 4 || ctx.extraCaps.length < 3) return refused(sysErr.truncatedMessage('TCBConfigure needs 4 message words and 3 extra caps'));
  const faultEp = ctx.mr(0), cData = ctx.mr(1), bufferAddr = ctx.mr(3);
  const buf = decodeBuffer(bufferAddr, ctx.extraCaps[2]);
  if (!buf.ok) return refused(buf.error);
  const space = decodeSpace(ctx.extraCaps[0], cData, ctx.extraCaps[1]);
  if (!space.ok) return refused(space.error);
  return op('TCBConfigure', { fault_ep: hex(faultEp), buffer: hex(bufferAddr) }, () => {
    applySpace(ctx.k, t, faultEp, space.plan);
    applyBuffer(ctx.k, ctx, t, buf.plan);
  });
}

function decodeSetSpace(ctx: InvocationContext, t: Tcb): Decoded<Operation> {
  if (ctx.length < 3 || ctx.extraCaps.length < 2) return refused(sysErr.truncatedMessage('TCBSetSpace needs 3 message words and 2 extra caps'));
  const faultEp = ctx.mr(0), cData = ctx.mr(1);
  const space = decodeSpace(ctx.extraCaps[0], cData, ctx.extraCaps[1]);
  if (!space.ok) return refused(space.error);
  return op('TCBSetSpace', { fault_ep: hex(faultEp) }, () => applySpace(ctx.k, t, faultEp, space.plan));
}

function decodeSetIPCBuffer(ctx: InvocationContext, t: Tcb): Decoded<Operation> {
  if (ctx.length < 1 || ctx.extraCaps.length < 1) return refused(sysErr.truncatedMessage('TCBSetIPCBuffer needs 1 message word and the frame as extra cap 0'));
  const buf = decodeBuffer(ctx.mr(0), ctx.extraCaps[0]);
  if (!buf.ok) return refused(buf.error);
  return op('TCBSetIPCBuffer', { buffer: hex(ctx.mr(0)) }, () => applyBuffer(ctx.k, ctx, t, buf.plan));
}

function decodeBindNotification(ctx: InvocationContext, t: Tcb): Decoded<Operation> {
  if (ctx.extraCaps.length < 1) return refused(sysErr.truncatedMessage('TCBBindNotification needs the notification as extra cap 0'));
  if (t.boundNotification !== null) return refused(sysErr.illegalOperation('the TCB already has a bound notification'));
  const c = ctx.extraCaps[0].cap;
  if (c.type !== 'notification') return refused(sysErr.illegalOperation(`notification is invalid (${describeCap(c)})`));
  if (!c.rights.read) return refused(sysErr.illegalOperation('the notification cap lacks Read: cannot receive'));
  const n = ctx.k.notifications.get(c.paddr)!;
  if (n.boundTcb !== null) return refused(sysErr.illegalOperation('the notification is already bound to a thread'));
  return op('TCBBindNotification', { notification: hex(c.paddr) }, () => { t.boundNotification = c.paddr; n.boundTcb = t.paddr; });
}

function decodeUnbindNotification(ctx: InvocationContext, t: Tcb): Decoded<Operation> {
  if (t.boundNotification === null) return refused(sysErr.illegalOperation('the TCB has no bound notification'));
  const n = ctx.k.notifications.get(t.boundNotification);
  return op('TCBUnbindNotification', {}, () => { if (n) n.boundTcb = null; t.boundNotification = null; });
}

function decodeSetTLSBase(ctx: InvocationContext, t: Tcb): Decoded<Operation> {
  if (ctx.length < 1) return refused(sysErr.truncatedMessage('TCBSetTLSBase needs 1 message word'));
  const base = ctx.mr(0);
  return op('TCBSetTLSBase', { tls_base: hex(base) }, () => {
    const tr = threadRegisters(t, ctx.k.current, ctx.cpu);
    tr.regs.tpidr = base;
    tr.commit();
  });
}

function decodeSetFlags(ctx: InvocationContext, t: Tcb): Decoded<Operation> {
  if (ctx.length < 2) return refused(sysErr.truncatedMessage('TCBSetFlags needs 2 message words'));
  const clear = ctx.mr(0), set = ctx.mr(1);
  return op('TCBSetFlags', { clear: hex(clear), set: hex(set) }, () => {
    t.flags = (t.flags & ~Number(clear & BigInt(TCB_FLAGS_MASK))) | Number(set & BigInt(TCB_FLAGS_MASK));
    return [BigInt(t.flags)];
  });
}



/** Lab extension (docs/linux-compat.md): refused unless the kernel config enables it. */
function extensionOff(ctx: InvocationContext, name: string): Decoded<Operation> | null {
  return ctx.k.config.syscallOrigin ? null
    : refused(sysErr.illegalOperation(`${name} is a lab extension (syscall origin limits), switched off in this kernel's config`));
}

/** seL4_TCB_SetSyscallRange(tcb, start, end): svc only from [start, end); 0, 0 removes the window. */
function decodeSetSyscallRange(ctx: InvocationContext, t: Tcb): Decoded<Operation> {
  const off = extensionOff(ctx, 'TCBSetSyscallRange');
  if (off) return off;
  if (ctx.length < 2) return refused(sysErr.truncatedMessage(`TCBSetSyscallRange needs 2 message words, got ${ctx.length}`));
  const start = ctx.mr(0), end = ctx.mr(1);
  if (start > end) return refused(sysErr.invalidArgument(1, `end ${hex(end)} is below start ${hex(start)}`));
  return op('TCBSetSyscallRange', { start: hex(start), end: hex(end) }, () => {
    t.syscallWindow = start === 0n && end === 0n ? null : { start, end };
  });
}

/** seL4_TCB_PinSyscall(tcb, syscall, site): that seL4 syscall only from the svc at `site`
 *  (PIN_ANY_SITE: anywhere). Once a thread has a pin, unpinned numbers kill it; pins never change. */
function decodePinSyscall(ctx: InvocationContext, t: Tcb): Decoded<Operation> {
  const off = extensionOff(ctx, 'TCBPinSyscall');
  if (off) return off;
  if (ctx.length < 2) return refused(sysErr.truncatedMessage(`TCBPinSyscall needs 2 message words, got ${ctx.length}`));
  const nr = Number(BigInt.asIntN(64, ctx.mr(0))), site = ctx.mr(1);
  const name = SYSCALL_NAME.get(nr);
  if (name === undefined) return refused(sysErr.invalidArgument(0, `${BigInt.asIntN(64, ctx.mr(0))} is not an seL4 syscall number`));
  if (site !== PIN_ANY_SITE && (site & 3n) !== 0n) return refused(sysErr.invalidArgument(1, `site ${hex(site)} is not an instruction address (a multiple of 4)`));
  if (t.syscallPins?.has(nr)) return refused(sysErr.illegalOperation(`${name} is already pinned for this thread (pins never change, as in OpenBSD)`));
  return op('TCBPinSyscall', { syscall: `${name} (${nr})`, site: site === PIN_ANY_SITE ? 'any' : hex(site) }, () => {
    (t.syscallPins ??= new Map()).set(nr, site);
  });
}

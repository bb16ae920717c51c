// A plain-data picture of the kernel at one instant, for the live views: every
// thread (state, priorities, spaces, what it waits on), every non-empty cap slot
// with its CDT parent, endpoint and notification queues, untyped regions with the
// objects carved from them, and each address space's mappings; per thread also the
// lab extensions' settings (syscall origin window, pins, vCPU model). Structured-clone
// safe (no class instances, no cycles); the shapes are src/shared/kernelView.ts's.
// Kernel layer. Facts: reference/sel4.md 2.4-2.10.
import { capRegion, describeCap, objectKey, type Cap, type Rights } from './core/cap.ts';
import type { Slot } from './core/cdt.ts';
import { PIN_ANY_SITE, TCB_SLOT, type Tcb } from './object/tcb.ts';
import { SYSCALL_NAME } from '../shared/abi/index.ts';
import type { KernelState } from './state.ts';
import type {
  CapView, KernelSnapshotView, MappingView, QueueView, SlotIdText, SlotView, SyscallPinView, ThreadView, UntypedView,
} from '../shared/kernelView.ts';

export const slotId = (s: Slot): SlotIdText => `0x${s.cnode.toString(16)}:${s.index}`;

const rightsText = (r: Rights): string => `${r.read ? 'R' : '-'}${r.write ? 'W' : '-'}${r.grant ? 'G' : '-'}${r.grantReply ? 'g' : '-'}`;

export function capInfo(cap: Cap): CapView {
  const rights = 'rights' in cap ? rightsText(cap.rights) : null;
  const badge = 'badge' in cap ? cap.badge : null;
  return { type: cap.type, object: objectKey(cap) ?? null, rights, badge, text: describeCap(cap) };
}

function slotInfo(k: KernelState, s: Slot): SlotView {
  const inTcb = k.tcbs.has(s.cnode) && !k.cnodes.has(s.cnode);
  return { id: slotId(s), container: s.cnode, index: s.index, inTcb, cap: capInfo(s.cap), parent: s.parent ? slotId(s.parent) : null, revocable: s.revocable };
}

function blockedOn(t: Tcb): string | null {
  const b = t.blocking;
  const hex = (a: bigint) => `0x${a.toString(16)}`;
  if (!b) return t.state === 'BlockedOnReply' ? 'reply' : null;
  switch (b.kind) {
    case 'ntfn': return `notification@${hex(b.ntfn)}`;
    case 'reply': return 'reply';
    default: return `endpoint@${hex(b.ep)}`;
  }
}

function threadInfo(k: KernelState, t: Tcb): ThreadView {
  const ct = t.slots[TCB_SLOT.CTable].cap;
  const vt = t.slots[TCB_SLOT.VTable].cap;
  return {
    paddr: t.paddr, name: t.name, state: t.state, priority: t.priority, mcp: t.mcp, current: k.current === t,
    faultEp: t.faultEp, ipcBuffer: t.ipcBuffer, boundNotification: t.boundNotification, blockedOn: blockedOn(t),
    cspace: ct.type === 'cnode' ? { cnode: ct.paddr, radix: ct.radix, guardSize: ct.guardSize, guard: ct.guard } : null,
    asid: vt.type === 'vspace' && vt.asid !== undefined ? vt.asid : null,
    stoppedBy: t.stoppedBy ?? null,
    ...labExtensions(t),
  };
}

/** The lab extensions' per-thread settings (not seL4): origin window, pins, vCPU model. */
function labExtensions(t: Tcb): Pick<ThreadView, 'syscallWindow' | 'syscallPins' | 'vcpu'> {
  const w = t.syscallWindow, v = t.vcpu;
  const pins: SyscallPinView[] | null = t.syscallPins
    ? [...t.syscallPins].sort((a, b) => a[0] - b[0]).map(([nr, site]) => ({ nr, syscall: SYSCALL_NAME.get(nr) ?? `syscall ${nr}`, site: site === PIN_ANY_SITE ? null : site }))
    : null;
  return {
    syscallWindow: w ? { start: w.start, end: w.end } : null,
    syscallPins: pins,
    vcpu: v ? { codeStart: v.codeStart, codeEnd: v.codeEnd, vbar: v.vbar } : null,
  };
}

function queues(k: KernelState): QueueView[] {
  const eps: QueueView[] = [...k.endpoints.values()].map((e) => {
    const first = e.queue[0];
    const state = !first ? 'idle' : first.state === 'BlockedOnSend' ? 'senders waiting' : 'receivers waiting';
    return { paddr: e.paddr, kind: 'endpoint', state, queue: e.queue.map((t) => t.name), word: null, bound: null };
  });
  const ntfns: QueueView[] = [...k.notifications.values()].map((n) => ({
    paddr: n.paddr, kind: 'notification', state: n.waiting.length ? 'waiting' : n.active ? 'active' : 'idle',
    queue: n.waiting.map((t) => t.name), word: n.word, bound: n.boundTcb,
  }));
  return [...eps, ...ntfns].sort((a, b) => (a.paddr < b.paddr ? -1 : 1));
}

function untypedInfo(s: Slot): UntypedView | null {
  const u = s.cap;
  if (u.type !== 'untyped') return null;
  const children = s.children.flatMap((c) => {
    const r = capRegion(c.cap);
    return r ? [{ paddr: r.paddr, bits: r.bits, type: c.cap.type, slot: slotId(c) }] : [];
  }).sort((a, b) => (a.paddr < b.paddr ? -1 : a.paddr > b.paddr ? 1 : 0));
  return { slot: slotId(s), paddr: u.paddr, sizeBits: u.sizeBits, isDevice: u.isDevice, watermark: u.freeOffset, children };
}

function mappingInfo(s: Slot): MappingView | null {
  const c = s.cap;
  if (c.type === 'frame' && c.mapped) {
    return { asid: c.mapped.asid, vaddr: c.mapped.vaddr, paddr: c.paddr, sizeBits: c.sizeBits, rights: rightsText(c.rights), kind: 'frame', level: null, slot: slotId(s) };
  }
  if (c.type === 'pageTable' && c.mapped) {
    return { asid: c.mapped.asid, vaddr: c.mapped.vaddr, paddr: c.paddr, sizeBits: 12, rights: '', kind: 'pageTable', level: c.mapped.level, slot: slotId(s) };
  }
  return null;
}

/** The whole picture; cost grows with the number of live caps (not with CNode sizes). */
export function snapshotKernel(k: KernelState, time = 0): KernelSnapshotView {
  const slots: SlotView[] = [];
  const untypeds: UntypedView[] = [];
  const mappings: MappingView[] = [];
  for (const s of k.allSlots()) {
    if (s.cap.type === 'null') continue;
    slots.push(slotInfo(k, s));
    const u = untypedInfo(s);
    if (u) untypeds.push(u);
    const m = mappingInfo(s);
    if (m) mappings.push(m);
  }
  mappings.sort((a, b) => a.asid - b.asid || (a.vaddr < b.vaddr ? -1 : a.vaddr > b.vaddr ? 1 : 0));
  const cnodes = [...k.cnodes.entries()].map(([paddr, ss]) => ({ paddr, radix: Math.log2(ss.length), used: ss.filter((x) => x.cap.type !== 'null').length }));
  return {
    time,
    current: k.current ? k.current.name : null,
    threads: [...k.tcbs.values()].map((t) => threadInfo(k, t)),
    cnodes, slots, queues: queues(k), untypeds, mappings,
    irqs: [...k.irqs.entries()].map(([irq, v]) => ({ irq, notification: v.notification ? objectKey(v.notification) ?? null : null })),
  };
}

/** The snapshot's type by the kernel's name for it. */
export type KernelSnapshot = KernelSnapshotView;

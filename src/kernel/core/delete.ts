// Deleting caps (seL4 cteDelete/finaliseCap): the slot empties and leaves the
// CDT; a frame cap's mapping goes with it; the last cap to an object finalises
// the object (a CNode's or TCB's own caps are deleted in turn, a thread is
// suspended, a page table is unhooked, a VSpace loses its ASID). Revoke deletes
// every descendant, deepest first. Kernel core layer.
// Facts: reference/sel4.md 2.8 (Delete, Revoke), 2.10 (deleting the last TCB cap).
import type { Cap } from './cap.ts';
import { descendants, removeNode, type Slot } from './cdt.ts';
import { tableWalk } from '../object/vspace.ts';
import type { KernelState } from '../state.ts';
import { describeCap } from './cap.ts';
import { suspend } from './thread.ts';
import { cancelAll } from '../object/endpoint.ts';
import { cancelAllSignals } from '../object/notification.ts';
import { releaseIrq } from '../object/irq.ts';
import { unmapFrameMapping } from '../object/frame.ts';

export function deleteSlot(k: KernelState, slot: Slot): void {
  const cap = slot.cap;
  if (cap.type === 'null') return;
  const final = k.isFinal(slot);
  k.events.push({ kind: 'capChange', op: 'delete', slot: k.slotName(slot), cap: describeCap(cap) });
  removeNode(slot);
  if (cap.type === 'frame' && cap.mapped) unmapFrameMapping(k, cap.mapped.asid, cap.mapped.vaddr, cap.sizeBits, cap.paddr);
  if (final) finalise(k, cap);
}

export function revokeSlot(k: KernelState, slot: Slot): void {
  for (const d of descendants(slot)) deleteSlot(k, d);
}

function unhookTable(k: KernelState, paddr: bigint, m: { asid: number; vaddr: bigint; level: number }): void {
  const root = k.asids.get(m.asid);
  if (root === undefined) return;
  const walk = tableWalk(k.mem, root, m.vaddr);
  if (walk[m.level - 1] !== paddr) return;
  const parent = m.level === 1 ? root : walk[m.level - 2]!;
  const index = (m.vaddr >> BigInt(39 - 9 * (m.level - 1))) & 0x1ffn;
  k.mem.write64(Number(parent + index * 8n), 0n);
  k.tlb.invalidateAsid(m.asid);
}

function finalise(k: KernelState, cap: Cap): void {
  switch (cap.type) {
    case 'cnode': {
      const slots = k.cnodes.get(cap.paddr);
      k.cnodes.delete(cap.paddr);
      for (const s of slots ?? []) deleteSlot(k, s);
      return;
    }
    case 'tcb': {
      const t = k.tcbs.get(cap.paddr);
      if (!t) return;
      suspend(k, t);
      const n = t.boundNotification !== null ? k.notifications.get(t.boundNotification) : undefined;
      if (n) n.boundTcb = null;
      k.tcbs.delete(cap.paddr);
      for (const s of t.slots) deleteSlot(k, s);
      return;
    }
    case 'endpoint': {
      const ep = k.endpoints.get(cap.paddr);
      if (ep) cancelAll(k, ep);
      k.endpoints.delete(cap.paddr);
      return;
    }
    case 'notification': {
      const n = k.notifications.get(cap.paddr);
      if (n) cancelAllSignals(k, n);
      k.notifications.delete(cap.paddr);
      return;
    }
    case 'pageTable': if (cap.mapped) unhookTable(k, cap.paddr, cap.mapped); return;
    case 'irqHandler': releaseIrq(k, cap.irq); return;
    case 'vspace':
      if (cap.asid !== undefined && k.asids.get(cap.asid) === cap.paddr) { k.asids.delete(cap.asid); k.tlb.invalidateAsid(cap.asid); }
      return;
    default: return;
  }
}

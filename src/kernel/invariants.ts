// The kernel's invariant checker, run after every kernel entry in test mode: the
// CDT is well formed, untyped children lie inside their parent below its
// watermark, live objects do not overlap, no cap names a freed object, endpoint
// and notification queues agree with thread states, the ready queues hold exactly
// the runnable threads, and mapped page-table/frame caps match the tables in
// guest memory. Returns the violations, each naming its invariant. Kernel layer.
import { capRegion, describeCap, objectKey, type Cap } from './core/cap.ts';
import type { Slot } from './core/cdt.ts';
import { isRunnable } from './object/tcb.ts';
import { frameEntry, tableWalk } from './object/vspace.ts';
import type { KernelState } from './state.ts';

export function checkInvariants(k: KernelState): string[] {
  const out: string[] = [];
  const slots = liveSlots(k, out);
  checkCdt(k, slots, out);
  checkUntypedChildren(k, slots, out);
  checkObjects(k, slots, out);
  checkQueues(k, out);
  checkMappings(k, slots, out);
  checkRepliesAndAsids(k, slots, out);
  return out;
}

/** The slots holding a cap; an empty slot must be outside the CDT (checked here,
 *  in one tight pass, as most slots of a CSpace are empty). */
function liveSlots(k: KernelState, out: string[]): Slot[] {
  const live: Slot[] = [];
  const visit = (s: Slot) => {
    if (s.cap.type !== 'null') live.push(s);
    else if (s.parent || s.children.length) out.push(`cdt: empty ${k.slotName(s)} is still in the tree`);
  };
  for (const slots of k.cnodes.values()) for (let i = 0; i < slots.length; i++) visit(slots[i]);
  for (const t of k.tcbs.values()) for (let i = 0; i < t.slots.length; i++) visit(t.slots[i]);
  return live;
}

function checkCdt(k: KernelState, slots: Slot[], out: string[]): void {
  for (const s of slots) {
    if (s.parent && !s.parent.children.includes(s)) out.push(`cdt: ${k.slotName(s)} is not among its parent's children`);
    for (const c of s.children) if (c.parent !== s) out.push(`cdt: child ${k.slotName(c)} of ${k.slotName(s)} names another parent`);
    let p = s.parent, n = 0;
    while (p && n++ < slots.length) p = p.parent;
    if (p) out.push(`cdt: cycle above ${k.slotName(s)}`);
  }
}

function checkUntypedChildren(k: KernelState, slots: Slot[], out: string[]): void {
  for (const s of slots) {
    const u = s.cap;
    if (u.type !== 'untyped') continue;
    for (const c of s.children) {
      const r = capRegion(c.cap);
      if (!r) continue;
      const isCopy = c.cap.type === 'untyped' && c.cap.paddr === u.paddr && c.cap.sizeBits === u.sizeBits;
      const end = isCopy ? u.paddr + (1n << BigInt(u.sizeBits)) : u.paddr + u.freeOffset;
      if (r.paddr < u.paddr || r.paddr + (1n << BigInt(r.bits)) > end) {
        out.push(`untyped: ${describeCap(c.cap)} in ${k.slotName(c)} lies outside ${describeCap(u)} below its watermark`);
      }
    }
  }
}

function objectExists(k: KernelState, cap: Cap): boolean {
  switch (cap.type) {
    case 'tcb': return k.tcbs.has(cap.paddr);
    case 'endpoint': return k.endpoints.has(cap.paddr);
    case 'notification': return k.notifications.has(cap.paddr);
    case 'cnode': return k.cnodes.has(cap.paddr);
    case 'reply': return k.tcbs.has(cap.tcb);
    default: return true;
  }
}

function checkObjects(k: KernelState, slots: Slot[], out: string[]): void {
  const live = new Map<string, { paddr: bigint; end: bigint }>();
  for (const s of slots) {
    const c = s.cap;
    if (c.type === 'null') continue;
    if (!objectExists(k, c)) out.push(`objects: ${k.slotName(s)} holds a cap to a freed object (${describeCap(c)})`);
    const key = objectKey(c), r = capRegion(c);
    if (c.type !== 'untyped' && key && r) live.set(key, { paddr: r.paddr, end: r.paddr + (1n << BigInt(r.bits)) });
  }
  const sorted = [...live.entries()].sort((a, b) => (a[1].paddr < b[1].paddr ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i][1].paddr < sorted[i - 1][1].end) out.push(`objects: ${sorted[i - 1][0]} overlaps ${sorted[i][0]}`);
  }
}

function checkQueues(k: KernelState, out: string[]): void {
  for (const ep of k.endpoints.values()) {
    for (const t of ep.queue) {
      const b = t.blocking;
      const ok = (t.state === 'BlockedOnSend' && b?.kind === 'send' && b.ep === ep.paddr) || (t.state === 'BlockedOnReceive' && b?.kind === 'recv' && b.ep === ep.paddr);
      if (!ok) out.push(`queues: ${t.name} is queued on endpoint 0x${ep.paddr.toString(16)} in state ${t.state}`);
    }
    const kinds = new Set(ep.queue.map((t) => t.blocking?.kind));
    if (kinds.size > 1) out.push(`queues: endpoint 0x${ep.paddr.toString(16)} queues senders and receivers at once`);
  }
  for (const n of k.notifications.values()) {
    for (const t of n.waiting) if (t.state !== 'BlockedOnNotification') out.push(`queues: ${t.name} waits on a notification in state ${t.state}`);
  }
  const queued = new Set(k.scheduler.all());
  for (const t of queued) {
    if (!isRunnable(t)) out.push(`scheduler: ${t.name} is in a ready queue in state ${t.state}`);
    if (!k.tcbs.has(t.paddr)) out.push(`scheduler: a deleted thread ${t.name} is in a ready queue`);
    if (t === k.current) out.push(`scheduler: the running thread ${t.name} is also queued`);
  }
  for (const t of k.tcbs.values()) {
    if (isRunnable(t) && t !== k.current && !queued.has(t)) out.push(`scheduler: runnable ${t.name} is in no ready queue`);
  }
}

/** Mapped frame and page-table caps against the tables in guest memory. seL4's
 *  PageTable_Unmap clears the table it unhooks (src/arch/arm/64/kernel/vspace.c,
 *  performPageTableInvocationUnmap: unmapPageTable, then clearMemory) and leaves
 *  the caps of what was mapped through it marked mapped, so a stale cap may find
 *  no table, an empty entry, or (after a remap) another object on its path. What
 *  must hold: a valid entry on a mapped cap's path names its own object or one
 *  that another cap claims mapped in that ASID (no translation outlives its caps). */
function checkMappings(k: KernelState, slots: Slot[], out: string[]): void {
  const claims = new Set<string>();
  for (const s of slots) {
    const c = s.cap;
    if ((c.type === 'pageTable' || c.type === 'frame') && c.mapped) claims.add(`${c.mapped.asid}:${c.paddr}`);
  }
  const foreign = (asid: number, pa: bigint, own: bigint) => pa !== own && !claims.has(`${asid}:${pa}`);
  for (const s of slots) {
    const c = s.cap;
    if (c.type === 'pageTable' && c.mapped) {
      const root = k.asids.get(c.mapped.asid);
      const found = root === undefined ? undefined : tableWalk(k.mem, root, c.mapped.vaddr)[c.mapped.level - 1];
      if (found !== undefined && foreign(c.mapped.asid, found, c.paddr)) {
        out.push(`vspace: on the path of ${describeCap(c)} the tables name 0x${found.toString(16)}, which no mapped cap claims`);
      }
    }
    if (c.type === 'frame' && c.mapped) {
      const root = k.asids.get(c.mapped.asid);
      const e = root === undefined ? undefined : frameEntry(k.mem, root, c.mapped.vaddr, c.sizeBits);
      if (!e || !e.ok) continue;
      const d = k.mem.read64(Number(e.entry));
      const pa = typeof d === 'bigint' && (d & 1n) !== 0n ? d & 0x0000_ffff_ffff_f000n : undefined;
      if (pa !== undefined && foreign(c.mapped.asid, pa, c.paddr)) out.push(`vspace: ${describeCap(c)} but the descriptor maps 0x${pa.toString(16)}, which no mapped cap claims`);
    }
  }
}

function checkRepliesAndAsids(k: KernelState, slots: Slot[], out: string[]): void {
  const roots = new Map<number, bigint>();
  for (const s of slots) {
    const c = s.cap;
    if (c.type === 'reply') {
      const t = k.tcbs.get(c.tcb);
      if (t && t.state !== 'BlockedOnReply') out.push(`reply: ${k.slotName(s)} answers ${t.name}, which is ${t.state}, not BlockedOnReply`);
    }
    if (c.type === 'vspace' && c.asid !== undefined && k.asids.get(c.asid) === c.paddr) roots.set(c.asid, c.paddr);
  }
  for (const [asid, root] of k.asids) {
    if (roots.get(asid) !== root) out.push(`asid: ASID ${asid} maps VSpace 0x${root.toString(16)} but no VSpace cap holds that ASID`);
  }
}

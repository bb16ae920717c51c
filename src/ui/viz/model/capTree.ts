// View model of the Capabilities view, from a kernel snapshot: each thread's
// CSpace as a tree of CNodes (guard and radix) holding slots (type, rights, badge,
// object), the capability derivation tree as a forest, and the difference between
// two snapshots (slots added, removed, changed) for highlighting. Pure (no DOM).
// UI layer, viz/model. Snapshot shape: src/shared/kernelView.ts.
import type { KernelSnapshotView, SlotView } from '../../../shared/kernelView.ts';
import { labExtensionLines } from './threadLab.ts';

export interface CNodeTree {
  paddr: bigint;
  radix: number;
  /** From the cap that names this CNode (null: not known, e.g. a CNode reached twice). */
  guard: { size: number; value: bigint } | null;
  slots: { slot: SlotView; child: CNodeTree | null }[];
}

export interface ThreadCSpace { thread: string; root: CNodeTree | null; tcbSlots: SlotView[] }

export interface CdtNode { slot: SlotView; children: CdtNode[] }

export interface SnapshotDiff { added: SlotView[]; removed: SlotView[]; changed: { before: SlotView; after: SlotView }[] }

/** Slots by the CNode (or TCB) holding them, each list in index order. */
export function slotsByContainer(s: KernelSnapshotView): Map<bigint, SlotView[]> {
  const m = new Map<bigint, SlotView[]>();
  for (const x of s.slots) {
    const list = m.get(x.container);
    if (list) list.push(x); else m.set(x.container, [x]);
  }
  for (const list of m.values()) list.sort((a, b) => a.index - b.index);
  return m;
}

/** A CNode cap's guard, read from its text ("cnode 0x… radix 12 guard 0/52"). */
export function cnodeCapGuard(slot: SlotView): { size: number; value: bigint } | null {
  const m = /guard (0x[0-9a-f]+|\d+)\/(\d+)/.exec(slot.cap.text);
  return m ? { value: BigInt(m[1]), size: Number(m[2]) } : null;
}

function cnodeAddress(slot: SlotView): bigint | null {
  const m = /^cnode@0x([0-9a-f]+)$/.exec(slot.cap.object ?? '');
  return slot.cap.type === 'cnode' && m ? BigInt(`0x${m[1]}`) : null;
}

function cnodeTree(s: KernelSnapshotView, by: Map<bigint, SlotView[]>, paddr: bigint, guard: CNodeTree['guard'], seen: Set<bigint>): CNodeTree {
  seen.add(paddr);
  const radix = s.cnodes.find((c) => c.paddr === paddr)?.radix ?? 0;
  const slots = (by.get(paddr) ?? []).filter((x) => !x.inTcb).map((slot) => {
    const inner = cnodeAddress(slot);
    const child = inner !== null && !seen.has(inner) ? cnodeTree(s, by, inner, cnodeCapGuard(slot), seen) : null;
    return { slot, child };
  });
  return { paddr, radix, guard, slots };
}

/** Each thread's CSpace from its CTable root; a CNode appears once per thread. */
export function buildCSpaces(s: KernelSnapshotView): ThreadCSpace[] {
  const by = slotsByContainer(s);
  return s.threads.map((t) => ({
    thread: t.name,
    root: t.cspace ? cnodeTree(s, by, t.cspace.cnode, { size: t.cspace.guardSize, value: t.cspace.guard }, new Set()) : null,
    tcbSlots: (by.get(t.paddr) ?? []).filter((x) => x.inTcb),
  }));
}

/** The CDT as a forest: roots are slots with no parent, children in slot order. */
export function buildCdt(s: KernelSnapshotView): CdtNode[] {
  const nodes = new Map<string, CdtNode>(s.slots.map((x) => [x.id, { slot: x, children: [] }]));
  const roots: CdtNode[] = [];
  for (const x of s.slots) {
    const parent = x.parent ? nodes.get(x.parent) : undefined;
    if (parent) parent.children.push(nodes.get(x.id)!);
    else roots.push(nodes.get(x.id)!);
  }
  return roots;
}

/** The trees worth drawing: roots with at least one derived cap; and how many were left out. */
export function derivedTrees(forest: readonly CdtNode[]): { trees: CdtNode[]; leftOut: number } {
  const trees = forest.filter((n) => n.children.length > 0);
  return { trees, leftOut: forest.length - trees.length };
}

const sameSlot = (a: SlotView, b: SlotView) =>
  a.cap.text === b.cap.text && a.parent === b.parent && a.revocable === b.revocable && a.cap.rights === b.cap.rights && a.cap.badge === b.cap.badge;

export function diffSnapshots(before: KernelSnapshotView | null, after: KernelSnapshotView): SnapshotDiff {
  const old = new Map((before?.slots ?? []).map((x) => [x.id, x]));
  const now = new Map(after.slots.map((x) => [x.id, x]));
  const added = after.slots.filter((x) => !old.has(x.id));
  const removed = (before?.slots ?? []).filter((x) => !now.has(x.id));
  const changed = after.slots.flatMap((x) => {
    const b = old.get(x.id);
    return b && !sameSlot(b, x) ? [{ before: b, after: x }] : [];
  });
  return { added, removed, changed };
}

/** Ids to highlight: added or changed slots. */
export function highlighted(d: SnapshotDiff): Set<string> {
  return new Set([...d.added.map((x) => x.id), ...d.changed.map((c) => c.after.id)]);
}

/** What the slot's cap names, for the detail pane: the thread, queue or untyped behind it. */
export function objectDetail(s: KernelSnapshotView, slot: SlotView): string[] {
  const obj = slot.cap.object;
  if (!obj) return [];
  const at = BigInt(`0x${obj.split('@0x')[1] ?? '0'}`);
  // An object and the untyped it was carved from can share an address: go by the cap's type.
  switch (slot.cap.type) {
    case 'tcb': {
      const t = s.threads.find((x) => x.paddr === at);
      return t ? [`thread ${t.name}: ${t.state}, priority ${t.priority}${t.blockedOn ? `, blocked on ${t.blockedOn}` : ''}`, ...labExtensionLines(t)] : [];
    }
    case 'endpoint': case 'notification': {
      const q = s.queues.find((x) => x.paddr === at && x.kind === slot.cap.type);
      return q ? [`${q.kind} ${q.state}${q.queue.length ? `: ${q.queue.join(', ')}` : ''}${q.word !== null ? `, word 0x${q.word.toString(16)}` : ''}`] : [];
    }
    case 'untyped': {
      const u = s.untypeds.find((x) => x.slot === slot.id);
      return u ? [`untyped 2^${u.sizeBits}: ${u.watermark} bytes used, ${u.children.length} objects carved`] : [];
    }
    case 'cnode': {
      const c = s.cnodes.find((x) => x.paddr === at);
      return c ? [`CNode of ${2 ** c.radix} slots (radix ${c.radix}), ${c.used} used`] : [];
    }
    case 'frame': case 'pageTable': {
      const m = s.mappings.find((x) => x.slot === slot.id);
      return [m ? `mapped in ASID ${m.asid} at 0x${m.vaddr.toString(16)}${m.rights ? ` (${m.rights})` : ''}` : 'not mapped'];
    }
    default: return [];
  }
}

/** A run of neighbouring slots holding caps of one type (the table folds long runs). */
export interface SlotRun { type: string; first: number; last: number; entries: { slot: SlotView; child: CNodeTree | null }[] }

/** Groups a CNode's slots (index order) into runs of one cap type at consecutive indexes. */
export function slotRuns(slots: CNodeTree['slots']): SlotRun[] {
  const runs: SlotRun[] = [];
  for (const e of slots) {
    const last = runs[runs.length - 1];
    if (last && last.type === e.slot.cap.type && last.last + 1 === e.slot.index && !e.child) { last.entries.push(e); last.last = e.slot.index; continue; }
    runs.push({ type: e.slot.cap.type, first: e.slot.index, last: e.slot.index, entries: [e] });
  }
  return runs;
}

const TCB_SLOT_NAMES = ['CTable', 'VTable', 'Reply', 'Caller', 'Buffer'];

/** Where a slot is, in words: "[5]" in a CNode, "server.CTable" in a TCB. */
export function slotPlace(s: KernelSnapshotView, slot: SlotView): string {
  if (!slot.inTcb) return `[${slot.index}]`;
  const t = s.threads.find((x) => x.paddr === slot.container);
  return `${t?.name ?? 'tcb'}.${TCB_SLOT_NAMES[slot.index] ?? slot.index}`;
}

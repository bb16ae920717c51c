// The capability derivation tree: every slot is a tree node; retype children,
// copies of originals and badged mints hang below the cap they came from. Moves
// keep the node's place; deleting a node hands its children to its parent (as
// unlinking from seL4's MDB list does). Kernel core layer.
// Facts: reference/sel4.md 2.8 (CDT rules, manual cspace.tex).
import { NULL_CAP, type Cap } from './cap.ts';

export interface Slot {
  cap: Cap;
  /** The CNode holding this slot and its index (for events and reasons). */
  readonly cnode: bigint;
  readonly index: number;
  parent: Slot | null;
  children: Slot[];
  /** seL4's mdbRevocable: an "original" whose copies become its children. */
  revocable: boolean;
}

export function newSlot(cnode: bigint, index: number): Slot {
  return { cap: NULL_CAP, cnode, index, parent: null, children: [], revocable: false };
}

export function hasChildren(slot: Slot): boolean {
  return slot.children.length > 0;
}

function detach(slot: Slot): void {
  const p = slot.parent;
  if (p) p.children = p.children.filter((c) => c !== slot);
  slot.parent = null;
}

/** cteInsert: put `cap` into the empty `dest` as a derived copy of `src`'s cap.
 *  It becomes a child of `src` when `src` is an original (revocable), else a
 *  sibling of `src` under the same parent (seL4's isMDBParentOf on the MDB list). */
export function insertDerived(src: Slot, dest: Slot, cap: Cap, revocable: boolean): void {
  dest.cap = cap;
  dest.revocable = revocable;
  const parent = src.revocable ? src : src.parent;
  dest.parent = parent;
  if (parent) parent.children.push(dest);
}

/** Insert a cap with no parent (boot caps). */
export function insertRoot(dest: Slot, cap: Cap, revocable = true): void {
  dest.cap = cap;
  dest.revocable = revocable;
  dest.parent = null;
}

/** cteMove: `dest` (empty) takes `src`'s cap and its place in the tree. */
export function moveNode(src: Slot, dest: Slot, cap: Cap): void {
  dest.cap = cap;
  dest.revocable = src.revocable;
  dest.parent = src.parent;
  if (dest.parent) dest.parent.children = dest.parent.children.map((c) => (c === src ? dest : c));
  dest.children = src.children;
  for (const c of dest.children) c.parent = dest;
  src.cap = NULL_CAP;
  src.parent = null;
  src.children = [];
  src.revocable = false;
}

/** Remove the cap from the tree; its children move to its parent. */
export function removeNode(slot: Slot): void {
  const parent = slot.parent;
  const kids = slot.children;
  detach(slot);
  for (const c of kids) {
    c.parent = parent;
    if (parent) parent.children.push(c);
  }
  slot.children = [];
  slot.cap = NULL_CAP;
  slot.revocable = false;
}

/** All descendants, deepest first (the order Revoke deletes them). */
export function descendants(slot: Slot): Slot[] {
  const out: Slot[] = [];
  const walk = (s: Slot): void => {
    for (const c of s.children) { walk(c); out.push(c); }
  };
  walk(slot);
  return out;
}

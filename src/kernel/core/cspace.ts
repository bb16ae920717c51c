// CSpace addressing: seL4's guarded radix lookup (resolveAddressBits) through
// CNode caps, the invoked-cap lookup at depth 64 and the CNode-operation lookup
// with an explicit depth. Kernel core layer.
// Facts: reference/sel4.md 2.4 (guards), 2.8, 2.12 (lookup failures); seL4 src/kernel/cspace.c.
import type { Cap } from './cap.ts';
import type { Slot } from './cdt.ts';
import type { LookupFault } from './lookup.ts';

/** Where CNode slots live: the kernel state maps a CNode's address to its slots. */
export interface CNodeStore {
  slotsOf(cnode: bigint): Slot[] | undefined;
}

export type Resolved = { ok: true; slot: Slot; bitsRemaining: number } | { ok: false; fault: LookupFault };

const mask = (bits: number): bigint => (1n << BigInt(bits)) - 1n;

/** resolveAddressBits: walk `nBits` bits of `cptr` (most significant first) from `root`. */
export function resolveAddressBits(store: CNodeStore, root: Cap, cptr: bigint, nBits: number): Resolved {
  if (root.type !== 'cnode') return { ok: false, fault: { kind: 'InvalidRoot' } };
  let node: Extract<Cap, { type: 'cnode' }> = root;
  let n = nBits;
  for (;;) {
    const levelBits: number = node.radix + node.guardSize;
    const guardFound = node.guardSize === 0 ? 0n : (cptr >> BigInt(n - Math.min(node.guardSize, n))) & mask(node.guardSize);
    if (node.guardSize > n || guardFound !== node.guard) {
      return { ok: false, fault: { kind: 'GuardMismatch', bitsLeft: n, guardFound: node.guard, guardSize: node.guardSize } };
    }
    if (levelBits > n) return { ok: false, fault: { kind: 'DepthMismatch', bitsLeft: n, bitsFound: levelBits } };
    const offset: number = Number((cptr >> BigInt(n - levelBits)) & mask(node.radix));
    const slots = store.slotsOf(node.paddr);
    if (!slots) throw new Error(`resolveAddressBits: no CNode object at 0x${node.paddr.toString(16)}`);
    const slot: Slot = slots[offset];
    if (n === levelBits) return { ok: true, slot, bitsRemaining: 0 };
    n -= levelBits;
    if (slot.cap.type !== 'cnode') return { ok: true, slot, bitsRemaining: n };
    node = slot.cap;
  }
}

/** lookupSlot for the invoked cap and extra caps: depth = word size; a leaf before
 *  the bits run out is the answer (seL4 lookupSlot). */
export function lookupSlot(store: CNodeStore, root: Cap, cptr: bigint): { ok: true; slot: Slot } | { ok: false; fault: LookupFault } {
  const r = resolveAddressBits(store, root, cptr, 64);
  return r.ok ? { ok: true, slot: r.slot } : r;
}

export type CNodeOpLookup =
  | { ok: true; slot: Slot }
  | { ok: false; kind: 'lookup'; fault: LookupFault }
  | { ok: false; kind: 'depth' };

/** lookupSlotForCNodeOp: the root must be a CNode, depth in 1..64, and the bits
 *  must be used up exactly (else DepthMismatch with 0 bits found). */
export function lookupSlotForCNodeOp(store: CNodeStore, root: Cap, cptr: bigint, depth: bigint): CNodeOpLookup {
  if (root.type !== 'cnode') return { ok: false, kind: 'lookup', fault: { kind: 'InvalidRoot' } };
  if (depth < 1n || depth > 64n) return { ok: false, kind: 'depth' };
  const d = Number(depth);
  const r = resolveAddressBits(store, root, d === 64 ? cptr : cptr & mask(d), d);
  if (!r.ok) return { ok: false, kind: 'lookup', fault: r.fault };
  if (r.bitsRemaining !== 0) return { ok: false, kind: 'lookup', fault: { kind: 'DepthMismatch', bitsLeft: r.bitsRemaining, bitsFound: 0 } };
  return { ok: true, slot: r.slot };
}

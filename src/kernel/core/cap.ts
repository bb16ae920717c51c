// Capabilities of the seL4 model: one tagged record per cap type with the fields
// seL4 keeps in its cap words (object address, rights, badge, guard, radix,
// untyped watermark, mapping), and the pure rules over them: rights masking,
// updateCapData (Mint/Mutate), derivation, and "same object". Kernel core layer.
// Facts: reference/sel4.md 2.4, 2.5, 2.8 (seL4 src/object/objecttype.c, cap.h).
import { OBJ } from '../../shared/abi/index.ts';

/** seL4_CapRights_t: bit0 Write, bit1 Read, bit2 Grant, bit3 GrantReply. */
export interface Rights { write: boolean; read: boolean; grant: boolean; grantReply: boolean }

export const ALL_RIGHTS: Rights = { write: true, read: true, grant: true, grantReply: true };

export function rightsFromWord(w: bigint): Rights {
  return { write: (w & 1n) !== 0n, read: (w & 2n) !== 0n, grant: (w & 4n) !== 0n, grantReply: (w & 8n) !== 0n };
}

export function rightsWord(r: Rights): bigint {
  return (r.write ? 1n : 0n) | (r.read ? 2n : 0n) | (r.grant ? 4n : 0n) | (r.grantReply ? 8n : 0n);
}

function andRights(a: Rights, b: Rights): Rights {
  return { write: a.write && b.write, read: a.read && b.read, grant: a.grant && b.grant, grantReply: a.grantReply && b.grantReply };
}

export type FrameSizeBits = 12 | 21 | 30;

export type Cap =
  | { type: 'null' }
  | { type: 'untyped'; paddr: bigint; sizeBits: number; isDevice: boolean; /** Bytes used from paddr (seL4 keeps it in 16-byte units). */ freeOffset: bigint }
  | { type: 'endpoint'; paddr: bigint; badge: bigint; rights: Rights }
  | { type: 'notification'; paddr: bigint; badge: bigint; rights: Rights }
  | { type: 'cnode'; paddr: bigint; radix: number; guardSize: number; guard: bigint }
  | { type: 'tcb'; paddr: bigint }
  | { type: 'reply'; tcb: bigint; master: boolean; grant: boolean }
  | { type: 'irqControl' }
  | { type: 'irqHandler'; irq: number }
  | { type: 'domain' }
  | { type: 'asidControl' }
  | { type: 'asidPool'; paddr: bigint; asidBase: number }
  | { type: 'frame'; paddr: bigint; sizeBits: FrameSizeBits; rights: Rights; isDevice: boolean; mapped?: { asid: number; vaddr: bigint } }
  | { type: 'pageTable'; paddr: bigint; mapped?: { asid: number; vaddr: bigint; level: number } }
  | { type: 'vspace'; paddr: bigint; asid?: number };

export type CapType = Cap['type'];

export const NULL_CAP: Cap = { type: 'null' };

/** The object a cap names, as a key ("tcb@0x40001000"), or undefined for caps without one. */
export function objectKey(cap: Cap): string | undefined {
  switch (cap.type) {
    case 'null': case 'irqControl': case 'domain': case 'asidControl': return undefined;
    case 'irqHandler': return `irq@${cap.irq}`;
    case 'reply': return `reply@0x${cap.tcb.toString(16)}`;
    default: return `${cap.type}@0x${cap.paddr.toString(16)}`;
  }
}

/** Physical extent [paddr, paddr + 2^bits) of the memory a cap names, if it names guest memory. */
export function capRegion(cap: Cap): { paddr: bigint; bits: number } | undefined {
  switch (cap.type) {
    case 'untyped': return { paddr: cap.paddr, bits: cap.sizeBits };
    case 'endpoint': return { paddr: cap.paddr, bits: 4 };
    case 'notification': return { paddr: cap.paddr, bits: 5 };
    case 'cnode': return { paddr: cap.paddr, bits: cap.radix + 5 };
    case 'tcb': return { paddr: cap.paddr, bits: 11 };
    case 'frame': return { paddr: cap.paddr, bits: cap.sizeBits };
    case 'pageTable': case 'vspace': case 'asidPool': return { paddr: cap.paddr, bits: 12 };
    default: return undefined;
  }
}

/** maskCapRights: rights of EP/notification/reply/frame caps are ANDed; others unchanged. */
export function maskCapRights(mask: Rights, cap: Cap): Cap {
  switch (cap.type) {
    case 'endpoint': case 'notification': return { ...cap, rights: andRights(cap.rights, mask) };
    case 'reply': return { ...cap, grant: cap.grant && mask.grant };
    case 'frame': return { ...cap, rights: andRights(cap.rights, { ...mask, grant: false, grantReply: false }) };
    default: return cap;
  }
}

/** updateCapData (seL4 objecttype.c): badge an unbadged EP/notification (not when
 *  preserving: Mutate/Rotate), set a CNode's guard; anything invalid becomes null. */
export function updateCapData(preserve: boolean, data: bigint, cap: Cap): Cap {
  switch (cap.type) {
    case 'endpoint': case 'notification':
      return !preserve && cap.badge === 0n ? { ...cap, badge: data } : NULL_CAP;
    case 'cnode': {
      const guardSize = Number(data & 0x3fn);
      if (guardSize + cap.radix > 64) return NULL_CAP;
      const guard = (data >> 6n) & ((1n << BigInt(guardSize)) - 1n);
      return { ...cap, guardSize, guard };
    }
    default: return cap;
  }
}

/** Why a cap cannot be derived (seL4 deriveCap), or the derived cap. */
export type Derived = { ok: true; cap: Cap } | { ok: false; code: 'IllegalOperation' | 'RevokeFirst'; reason: string };

/** deriveCap: the cap a Copy/Mint/transfer puts in the new slot. `hasChildren` is
 *  ensureNoChildren for untypeds. */
export function deriveCap(cap: Cap, hasChildren: boolean): Derived {
  switch (cap.type) {
    case 'irqControl': case 'reply': return { ok: true, cap: NULL_CAP };
    case 'untyped':
      return hasChildren ? { ok: false, code: 'RevokeFirst', reason: 'untyped cap has children: revoke it first' } : { ok: true, cap };
    case 'pageTable':
      return cap.mapped ? { ok: true, cap } : { ok: false, code: 'IllegalOperation', reason: 'deriving an unmapped page table cap' };
    case 'vspace':
      return cap.asid !== undefined ? { ok: true, cap } : { ok: false, code: 'IllegalOperation', reason: 'deriving a VSpace cap without an ASID' };
    case 'frame': { const { mapped: _m, ...rest } = cap; return { ok: true, cap: rest }; }
    default: return { ok: true, cap };
  }
}

/** isCapRevocable: does the new cap become an "original" (a CDT parent for its own copies)? */
export function isRevocable(newCap: Cap, srcCap: Cap): boolean {
  if (newCap.type === 'endpoint' && srcCap.type === 'endpoint') return newCap.badge !== srcCap.badge;
  if (newCap.type === 'notification' && srcCap.type === 'notification') return newCap.badge !== srcCap.badge;
  if (newCap.type === 'irqHandler') return srcCap.type === 'irqControl';
  return newCap.type === 'untyped';
}

/** Caps whose rights mean something for the endpoint all-rights test (CancelBadgedSends). */
export function hasAllRights(r: Rights): boolean {
  return r.write && r.read && r.grant && r.grantReply;
}

/** seL4 object type of a cap (for events and DebugCapIdentify-like output). */
export function capTypeName(cap: Cap): string {
  return cap.type;
}

/** Type value of the object a retype creates, by cap type (used in tests and docs). */
export const CAP_OF_OBJECT: Readonly<Record<number, CapType>> = {
  [OBJ.UntypedObject]: 'untyped', [OBJ.TCBObject]: 'tcb', [OBJ.EndpointObject]: 'endpoint',
  [OBJ.NotificationObject]: 'notification', [OBJ.CapTableObject]: 'cnode', [OBJ.ARM_HugePageObject]: 'frame',
  [OBJ.ARM_VSpaceObject]: 'vspace', [OBJ.ARM_SmallPageObject]: 'frame', [OBJ.ARM_LargePageObject]: 'frame',
  [OBJ.ARM_PageTableObject]: 'pageTable',
};

/** Short text for a cap, for events and reasons: "endpoint 0x40010000 badge 5 RWG-". */
export function describeCap(cap: Cap): string {
  const rs = (r: Rights) => `${r.read ? 'R' : '-'}${r.write ? 'W' : '-'}${r.grant ? 'G' : '-'}${r.grantReply ? 'g' : '-'}`;
  switch (cap.type) {
    case 'null': return 'null cap';
    case 'untyped': return `untyped 0x${cap.paddr.toString(16)} 2^${cap.sizeBits}${cap.isDevice ? ' device' : ''} used ${cap.freeOffset}`;
    case 'endpoint': case 'notification': return `${cap.type} 0x${cap.paddr.toString(16)} badge ${cap.badge} ${rs(cap.rights)}`;
    case 'cnode': return `cnode 0x${cap.paddr.toString(16)} radix ${cap.radix} guard ${cap.guard}/${cap.guardSize}`;
    case 'frame': return `frame 0x${cap.paddr.toString(16)} 2^${cap.sizeBits} ${rs(cap.rights)}${cap.mapped ? ` at 0x${cap.mapped.vaddr.toString(16)}` : ''}`;
    default: { const k = objectKey(cap); return k ? k.replace('@', ' ') : cap.type; }
  }
}

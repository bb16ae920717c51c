// Stage-1 MMU for EL0 (and EL1 accesses on the kernel's behalf): 4 KiB granule,
// 4 levels, 48-bit VA (T0SZ=16), walked from TTBR0 in guest memory, plus a
// software TLB tagged by ASID/nG with per-access inline fast-path arrays for the JIT.
// Emulator layer. Arm ARM D8.2-D8.4 (VMSAv8-64 translation), D8.5 (faults).
// MAIR choice: AttrIndx 0 = Device-nGnRnE, 1..7 = Normal write-back (docs/emulator.md).

import type { Access, FaultKind } from '../types.ts';
import { PhysMem, PAGE_SIZE } from '../memory/physmem.ts';

/** Permission bits cached in a TLB entry. */
export const P_R0 = 1, P_W0 = 2, P_X0 = 4, P_R1 = 8, P_W1 = 16, P_DEVICE = 32;

export const TLB_BITS = 12;
export const TLB_SIZE = 1 << TLB_BITS;
const TLB_MASK = TLB_SIZE - 1;
/** A fast-path tag that can never match (real tags have the low 12 bits clear). */
const NO_TAG = 1;

/** Who is accessing: EL0 (user), EL1 (kernel permissions) or a debugger ignoring permissions. */
export type Privilege = 'el0' | 'el1' | 'debug';
export const ACC_READ = 0, ACC_WRITE = 1, ACC_EXEC = 2;

export interface Translation {
  ok: true;
  pa: number;
  device: boolean;
  /** Level of the leaf descriptor (1, 2 or 3). */
  level: number;
}
export interface TranslationFault {
  ok: false;
  fault: FaultKind;
  level: number;
}

const TWO32 = 4294967296;

export class Mmu {
  /** Physical address of the level-0 table (TTBR0_EL1.BADDR). */
  private root = 0;
  private curAsid = 0;
  // Architectural TLB, direct-mapped on VA[23:12]: tags, ASID, global, output page, permissions.
  readonly tVaLo = new Int32Array(TLB_SIZE);
  readonly tVaHi = new Int32Array(TLB_SIZE);
  readonly tAsid = new Int32Array(TLB_SIZE).fill(-1);
  readonly tGlobal = new Uint8Array(TLB_SIZE);
  readonly tPa = new Float64Array(TLB_SIZE);
  readonly tPerm = new Uint8Array(TLB_SIZE);
  readonly tLevel = new Uint8Array(TLB_SIZE);
  // Fast-path projection for the current ASID, RAM-backed Normal pages only: tag (page VA low
  // word), high VA word and byte offset of the page in RAM, per access kind.
  readonly rTag = new Int32Array(TLB_SIZE).fill(NO_TAG);
  readonly rHi = new Int32Array(TLB_SIZE);
  readonly rOff = new Int32Array(TLB_SIZE);
  readonly wTag = new Int32Array(TLB_SIZE).fill(NO_TAG);
  readonly wHi = new Int32Array(TLB_SIZE);
  readonly wOff = new Int32Array(TLB_SIZE);
  readonly xTag = new Int32Array(TLB_SIZE).fill(NO_TAG);
  readonly xHi = new Int32Array(TLB_SIZE);
  readonly xOff = new Int32Array(TLB_SIZE);
  /** Filled by lookup(): the fault of the last failed lookup and the memory type of the last hit. */
  faultKind: FaultKind = 'translation';
  faultLevel = 0;
  lastDevice = false;
  lastLevel = 0;
  /** Called whenever cached translations may have changed (the CPU drops block links). */
  onInvalidate: (() => void) | null = null;
  walks = 0;

  constructor(readonly mem: PhysMem) {}

  get ttbr0(): bigint {
    return BigInt(this.root);
  }

  /** Setting TTBR0 does not flush the TLB (as on hardware); the fast-path view is rebuilt. */
  set ttbr0(v: bigint) {
    this.root = Number(v & 0x0000_ffff_ffff_f000n);
    this.clearFast();
  }

  /** TTBR0's table address as a number (what ttbr0 reads, without making a bigint). */
  get rootAddress(): number {
    return this.root;
  }

  get asid(): number {
    return this.curAsid;
  }

  set asid(v: number) {
    this.curAsid = v & 0xffff;
    this.clearFast();
  }

  invalidateAll(): void {
    this.tAsid.fill(-1);
    this.tGlobal.fill(0);
    this.clearFast();
  }

  /** TLBI VAE1-like: drop every entry (any ASID) whose page or block contains va. */
  invalidateVa(va: bigint, asid?: number): void {
    const lo = Number(va & 0xffff_ffffn) | 0;
    const hi = Number((va >> 32n) & 0xffff_ffffn) | 0;
    for (let i = 0; i < TLB_SIZE; i++) {
      if (this.tAsid[i] < 0 || this.tVaHi[i] !== hi) continue;
      if (asid !== undefined && this.tAsid[i] !== asid && !this.tGlobal[i]) continue;
      const mask = blockMaskLo(this.tLevel[i]);
      if (((this.tVaLo[i] ^ lo) & mask) === 0) this.dropEntry(i);
    }
    this.onInvalidate?.();
  }

  /** TLBI ASIDE1-like: drop the non-global entries of one ASID. */
  invalidateAsid(asid: number): void {
    for (let i = 0; i < TLB_SIZE; i++) {
      if (this.tAsid[i] === asid && !this.tGlobal[i]) this.dropEntry(i);
    }
    this.onInvalidate?.();
  }

  private dropEntry(i: number): void {
    this.tAsid[i] = -1;
    this.tGlobal[i] = 0;
    this.rTag[i] = NO_TAG;
    this.wTag[i] = NO_TAG;
    this.xTag[i] = NO_TAG;
  }

  clearFast(): void {
    this.rTag.fill(NO_TAG);
    this.wTag.fill(NO_TAG);
    this.xTag.fill(NO_TAG);
    this.onInvalidate?.();
  }

  /** A RAM page now holds translated code: writes to it must leave the fast path. */
  protectCodePage(ramPage: number): void {
    for (let i = 0; i < TLB_SIZE; i++) {
      if (this.wTag[i] !== NO_TAG && this.wOff[i] >>> 12 === ramPage) this.wTag[i] = NO_TAG;
    }
  }

  /** Translate for an access; returns the PA or -1 (fault details in faultKind/faultLevel).
   *  Hits and fills the TLB like hardware; fills the fast-path arrays for EL0. */
  lookup(lo: number, hi: number, acc: number, priv: Privilege = 'el0', fill = true): number {
    const i = (lo >>> 12) & TLB_MASK;
    const page = lo & -PAGE_SIZE;
    let hit = this.tAsid[i] >= 0 && this.tVaHi[i] === hi && this.tVaLo[i] === page &&
      (this.tGlobal[i] === 1 || this.tAsid[i] === this.curAsid);
    if (!hit) {
      if (!this.walk(lo, hi, fill ? i : -1)) return -1;
      hit = fill;
    }
    const perm = hit ? this.tPerm[i] : this.walkPerm;
    const pagePa = hit ? this.tPa[i] : this.walkPa;
    const level = hit ? this.tLevel[i] : this.walkLevel;
    if (!permits(perm, acc, priv)) {
      this.faultKind = 'permission';
      this.faultLevel = level;
      return -1;
    }
    this.lastDevice = (perm & P_DEVICE) !== 0;
    this.lastLevel = level;
    if (hit && priv === 'el0') this.installFast(i, acc, page, hi, pagePa, perm);
    return pagePa + (lo & (PAGE_SIZE - 1));
  }

  private installFast(i: number, acc: number, page: number, hi: number, pagePa: number, perm: number): void {
    const mem = this.mem;
    if (perm & P_DEVICE || !mem.isRam(pagePa, PAGE_SIZE)) return;
    const off = pagePa - mem.ramBase;
    if (acc === ACC_READ) {
      this.rTag[i] = page; this.rHi[i] = hi; this.rOff[i] = off;
    } else if (acc === ACC_WRITE) {
      if (mem.codePages[off >>> 12]) return;
      this.wTag[i] = page; this.wHi[i] = hi; this.wOff[i] = off;
    } else {
      this.xTag[i] = page; this.xHi[i] = hi; this.xOff[i] = off;
    }
  }

  // Walk results (valid after walk() returned true).
  private walkPa = 0;
  private walkPerm = 0;
  private walkLevel = 0;

  /** The table walk (Arm ARM D8.2). Fills TLB slot `slot` (if >= 0) on success. */
  private walk(lo: number, hi: number, slot: number): boolean {
    this.walks++;
    if (hi >>> 16 !== 0) return this.fail('translation', 0);
    const i32 = this.mem.i32;
    let table = this.root;
    let apTable = 0, uxnTable = 0;
    for (let level = 0; level <= 3; level++) {
      const descPa = table + vaIndex(lo, hi, level) * 8;
      if (!this.mem.isRam(descPa, 8)) return this.fail('external', level);
      const w = (descPa - this.mem.ramBase) >> 2;
      const dlo = i32[w], dhi = i32[w + 1];
      if ((dlo & 1) === 0) return this.fail('translation', level);
      const oa = (dhi & 0xffff) * TWO32 + ((dlo & -PAGE_SIZE) >>> 0);
      if (level < 3 && (dlo & 2) !== 0) {
        apTable |= (dhi >>> 29) & 3;
        uxnTable |= (dhi >>> 28) & 1;
        table = oa;
        continue;
      }
      if (level === 0 || (level === 3 && (dlo & 2) === 0)) return this.fail('translation', level);
      if ((dlo & (1 << 10)) === 0) return this.fail('accessFlag', level);
      const blockBits = level === 1 ? 30 : level === 2 ? 21 : 12;
      const inBlock = (lo & ((1 << blockBits) - 1) & -PAGE_SIZE) >>> 0;
      const basePa = oa - (oa % (2 ** blockBits));
      this.walkPa = basePa + inBlock;
      this.walkLevel = level;
      this.walkPerm = descPerm(dlo, dhi, apTable, uxnTable);
      if (slot >= 0) this.fillEntry(slot, lo, hi, level, (dlo & (1 << 11)) === 0);
      return true;
    }
    return this.fail('translation', 3);
  }

  private fillEntry(i: number, lo: number, hi: number, level: number, global: boolean): void {
    this.tVaLo[i] = lo & -PAGE_SIZE;
    this.tVaHi[i] = hi;
    this.tAsid[i] = this.curAsid;
    this.tGlobal[i] = global ? 1 : 0;
    this.tPa[i] = this.walkPa;
    this.tPerm[i] = this.walkPerm;
    this.tLevel[i] = level;
    this.rTag[i] = NO_TAG;
    this.wTag[i] = NO_TAG;
    this.xTag[i] = NO_TAG;
  }

  private fail(kind: FaultKind, level: number): false {
    this.faultKind = kind;
    this.faultLevel = level;
    return false;
  }

  /** Object-returning translation for the kernel and debugger (does not fill the TLB). */
  translate(va: bigint, access: Access, priv: Privilege = 'el0'): Translation | TranslationFault {
    const lo = Number(va & 0xffff_ffffn) | 0;
    const hi = Number((va >> 32n) & 0xffff_ffffn) | 0;
    const acc = access === 'read' ? ACC_READ : access === 'write' ? ACC_WRITE : ACC_EXEC;
    const pa = this.lookup(lo, hi, acc, priv, false);
    if (pa < 0) return { ok: false, fault: this.faultKind, level: this.faultLevel };
    return { ok: true, pa, device: this.lastDevice, level: this.lastLevel };
  }
}

function vaIndex(lo: number, hi: number, level: number): number {
  switch (level) {
    case 0: return (hi >>> 7) & 0x1ff;
    case 1: return ((hi & 0x7f) << 2) | (lo >>> 30);
    case 2: return (lo >>> 21) & 0x1ff;
    default: return (lo >>> 12) & 0x1ff;
  }
}

function blockMaskLo(level: number): number {
  return level === 1 ? -(1 << 30) : level === 2 ? -(1 << 21) : -PAGE_SIZE;
}

/** Stage-1 permissions from AP[2:1], UXN, AttrIndx and the hierarchical APTable/UXNTable. */
function descPerm(dlo: number, dhi: number, apTable: number, uxnTable: number): number {
  const ap = (dlo >>> 6) & 3;
  let p = P_R1;
  if ((ap & 2) === 0 && (apTable & 2) === 0) p |= P_W1;
  const el0 = (ap & 1) !== 0 && (apTable & 1) === 0;
  if (el0) {
    p |= P_R0;
    if ((p & P_W1) !== 0) p |= P_W0;
  }
  if (((dhi >>> 22) & 1) === 0 && uxnTable === 0) p |= P_X0;
  if (((dlo >>> 2) & 7) === 0) p |= P_DEVICE;
  return p;
}

function permits(perm: number, acc: number, priv: Privilege): boolean {
  if (priv === 'debug') return true;
  if (priv === 'el1') return acc === ACC_WRITE ? (perm & P_W1) !== 0 : (perm & P_R1) !== 0;
  if (acc === ACC_READ) return (perm & P_R0) !== 0;
  if (acc === ACC_WRITE) return (perm & P_W0) !== 0;
  return (perm & P_X0) !== 0;
}

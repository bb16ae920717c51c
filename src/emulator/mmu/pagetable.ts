// Page-table builder: writes real VMSAv8-64 stage-1 descriptors (4 KiB granule,
// 4 levels, 48-bit VA) into guest physical memory for the stand-in kernel and the
// seL4 model. Emulator layer. Arm ARM D8.3 (descriptor formats). It never touches
// the TLB: after changing a live table the caller invalidates (Mmu.invalidateVa).

import { PTE } from '../types.ts';
import type { PhysMem } from '../memory/physmem.ts';
import { ok, err, type Result } from '../../shared/result.ts';

export interface PageRights {
  read: boolean;
  write: boolean;
  exec: boolean;
  /** Device-nGnRnE (AttrIndx 0) instead of Normal (AttrIndx 1). */
  device?: boolean;
  /** Global (nG clear): matches in every ASID. Default false (tagged by ASID). */
  global?: boolean;
}

const ADDR_MASK = 0x0000_ffff_ffff_f000n;
const VA_LIMIT = 1n << 48n;

function index(va: bigint, level: number): number {
  return Number((va >> BigInt(39 - 9 * level)) & 0x1ffn);
}

/** The level-3 descriptor for a page with these rights (AP, UXN/PXN, AttrIndx, AF, SH, nG). */
export function pageDescriptor(pa: bigint, rights: PageRights): Result<bigint, string> {
  if (rights.write && !rights.read) return err('write-only pages cannot be expressed with AP[2:1]');
  if (!rights.read && !rights.exec) return err('a page with no rights: unmap it instead');
  let d = (pa & ADDR_MASK) | PTE.PAGE | PTE.AF | PTE.SH_INNER | PTE.PXN;
  if (rights.read) d |= rights.write ? PTE.AP_EL0_RW : PTE.AP_RO | PTE.AP_EL0_RW;
  if (!rights.exec) d |= PTE.UXN;
  d |= rights.device ? PTE.ATTR_DEVICE : PTE.ATTR_NORMAL;
  if (!rights.global) d |= PTE.NG;
  return ok(d);
}

/** Find (and with alloc, create) the level-3 table covering va; returns its PA. */
function level3Table(mem: PhysMem, rootPa: bigint, va: bigint, alloc: (() => bigint) | null): Result<bigint, string> {
  let table = rootPa;
  for (let level = 0; level < 3; level++) {
    const slot = table + BigInt(index(va, level) * 8);
    const d = mem.read64(Number(slot));
    if (typeof d !== 'bigint') return err(`table at level ${level} is not in RAM (${d.reason})`);
    if ((d & 3n) === 3n) {
      table = d & ADDR_MASK;
      continue;
    }
    if ((d & 1n) === 1n) return err(`va 0x${va.toString(16)} is inside a block mapping at level ${level}`);
    if (!alloc) return err(`no table at level ${level + 1} for va 0x${va.toString(16)}`);
    const fresh = alloc();
    if ((fresh & 0xfffn) !== 0n) return err('allocTablePage returned an unaligned page');
    const z = mem.zero(Number(fresh), 4096);
    if (z) return err(`new table page: ${z.reason}`);
    mem.write64(Number(slot), fresh | PTE.TABLE | PTE.VALID);
    table = fresh;
  }
  return ok(table);
}

/** Map one 4 KiB page va -> pa, creating intermediate tables with allocTablePage.
 *  Replaces an existing mapping (the caller invalidates the TLB entry). */
export function mapPage(mem: PhysMem, rootPa: bigint, va: bigint, pa: bigint, rights: PageRights,
  allocTablePage: () => bigint): Result<void, string> {
  if ((va & 0xfffn) !== 0n || (pa & 0xfffn) !== 0n) return err('va and pa must be 4 KiB aligned');
  if (va < 0n || va >= VA_LIMIT) return err(`va 0x${va.toString(16)} is outside the 48-bit TTBR0 range`);
  const desc = pageDescriptor(pa, rights);
  if (!desc.ok) return desc;
  const t = level3Table(mem, rootPa, va, allocTablePage);
  if (!t.ok) return t;
  mem.write64(Number(t.value + BigInt(index(va, 3) * 8)), desc.value);
  return ok(undefined);
}

/** Remove the mapping of one page; returns the PA it mapped. Tables are left in place. */
export function unmapPage(mem: PhysMem, rootPa: bigint, va: bigint): Result<bigint, string> {
  if ((va & 0xfffn) !== 0n) return err('va must be 4 KiB aligned');
  const t = level3Table(mem, rootPa, va, null);
  if (!t.ok) return t;
  const slot = Number(t.value + BigInt(index(va, 3) * 8));
  const d = mem.read64(slot);
  if (typeof d !== 'bigint' || (d & 3n) !== 3n) return err(`va 0x${va.toString(16)} is not mapped`);
  mem.write64(slot, 0n);
  return ok(d & ADDR_MASK);
}

/** The level-3 descriptor currently mapping va (0n if none), for tests and the debugger. */
export function readPageDescriptor(mem: PhysMem, rootPa: bigint, va: bigint): bigint {
  const t = level3Table(mem, rootPa, va & ~0xfffn, null);
  if (!t.ok) return 0n;
  const d = mem.read64(Number(t.value + BigInt(index(va, 3) * 8)));
  return typeof d === 'bigint' ? d : 0n;
}

/** Rewrite the level-3 descriptor for va (tests use it to flip AF/AP bits in place). */
export function writePageDescriptor(mem: PhysMem, rootPa: bigint, va: bigint, desc: bigint): Result<void, string> {
  const t = level3Table(mem, rootPa, va & ~0xfffn, null);
  if (!t.ok) return t;
  mem.write64(Number(t.value + BigInt(index(va, 3) * 8)), desc);
  return ok(undefined);
}

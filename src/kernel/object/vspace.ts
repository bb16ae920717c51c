// AArch64 VSpaces over real translation tables: a VSpace object is the level-0
// table, PageTable objects are levels 1-3, frames are mapped with the emulator's
// descriptor format. This file holds the mapping walk shared by boot and (later)
// the PageTable/Page Map invocations. Kernel object layer.
// Facts: reference/sel4.md 2.14; Arm ARM D8.3.
import type { PhysMem } from '../../emulator/memory/physmem.ts';
import { mapPage, type PageRights } from '../../emulator/mmu/pagetable.ts';
import { PTE } from '../../emulator/types.ts';
import { err, ok, type Result } from '../../shared/result.ts';

const ADDR_MASK = 0x0000_ffff_ffff_f000n;

/** Bits of VA a table at `level` (1..3) covers: its first VA is va with these bits cleared. */
export function tableSpanBits(level: number): number {
  return 39 - 9 * (level - 1);
}

/** The table addresses on the walk to va: [level1, level2, level3] (undefined where missing). */
export function tableWalk(mem: PhysMem, root: bigint, va: bigint): Array<bigint | undefined> {
  const out: Array<bigint | undefined> = [];
  let table: bigint | undefined = root;
  for (let level = 0; level < 3; level++) {
    if (table === undefined) { out.push(undefined); continue; }
    const d = mem.read64(Number(table + ((va >> BigInt(39 - 9 * level)) & 0x1ffn) * 8n));
    table = typeof d === 'bigint' && (d & 3n) === (PTE.TABLE | PTE.VALID) ? d & ADDR_MASK : undefined;
    out.push(table);
  }
  return out;
}

export interface NewTable { paddr: bigint; level: number; vaddr: bigint }

/** Maps one 4 KiB frame at va, taking missing tables from `allocTable`; returns
 *  the tables it created with their level and the VA they start at. */
export function mapFrameAt(mem: PhysMem, root: bigint, va: bigint, pa: bigint, rights: PageRights,
  allocTable: () => bigint): Result<NewTable[], string> {
  const fresh = new Set<bigint>();
  const m = mapPage(mem, root, va, pa, rights, () => { const t = allocTable(); fresh.add(t); return t; });
  if (!m.ok) return err(m.error);
  const created: NewTable[] = [];
  tableWalk(mem, root, va).forEach((t, i) => {
    if (t === undefined || !fresh.has(t)) return;
    const level = i + 1;
    created.push({ paddr: t, level, vaddr: va & ~((1n << BigInt(tableSpanBits(level))) - 1n) });
  });
  return ok(created);
}

/** The level whose entry maps a frame of 2^sizeBits (4 KiB: 3, 2 MiB: 2, 1 GiB: 1). */
export function frameLevel(sizeBits: number): number {
  return sizeBits === 30 ? 1 : sizeBits === 21 ? 2 : 3;
}

/** Where the descriptor for a frame of 2^sizeBits at va lives, or the first missing table level. */
export function frameEntry(mem: PhysMem, root: bigint, va: bigint, sizeBits: number): { ok: true; entry: bigint } | { ok: false; missingLevel: number } {
  const level = frameLevel(sizeBits);
  const walk = tableWalk(mem, root, va);
  for (let l = 1; l <= level; l++) if (walk[l - 1] === undefined) return { ok: false, missingLevel: l };
  return { ok: true, entry: walk[level - 1]! + ((va >> BigInt(39 - 9 * level)) & 0x1ffn) * 8n };
}

/** Clears the descriptor mapping `pa` at va (if it still does); returns whether it did. */
export function clearFrameEntry(mem: PhysMem, root: bigint, va: bigint, sizeBits: number, pa: bigint): boolean {
  const e = frameEntry(mem, root, va, sizeBits);
  if (!e.ok) return false;
  const d = mem.read64(Number(e.entry));
  if (typeof d !== 'bigint' || (d & 1n) === 0n || (d & ADDR_MASK) !== pa) return false;
  mem.write64(Number(e.entry), 0n);
  return true;
}

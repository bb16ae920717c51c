// View model of the Memory view, from a kernel snapshot: each untyped region as a
// bar with the objects carved from it (offset and width as fractions of the
// region) and its watermark; and each address space's mappings as virtual address
// ranges, neighbouring frames with the same rights merged. Pure (no DOM).
// UI layer, viz/model. Snapshot shape: src/shared/kernelView.ts.
import type { CapType, KernelSnapshotView, MappingView, UntypedView } from '../../../shared/kernelView.ts';

export interface CarvedBlock { type: CapType; paddr: bigint; bits: number; slot: string; offset: number; width: number }

export interface UntypedBar {
  slot: string;
  paddr: bigint;
  sizeBits: number;
  isDevice: boolean;
  watermark: bigint;
  /** watermark / size, 0..1. */
  used: number;
  blocks: CarvedBlock[];
}

/** Frames merged when contiguous; a page table is one range (its own 4 KiB, at the vaddr it serves). */
export interface MappedRange { vaddr: bigint; end: bigint; paddr: bigint; rights: string; kind: 'frame' | 'pageTable'; pages: number; slots: string[] }

export interface AddressSpace { asid: number; threads: string[]; frames: MappedRange[]; tables: MappedRange[] }

const fraction = (part: bigint, whole: bigint) => (whole === 0n ? 0 : Number((part * 1_000_000n) / whole) / 1_000_000);

export function untypedBar(u: UntypedView): UntypedBar {
  const size = 1n << BigInt(u.sizeBits);
  const blocks = u.children.map((c) => ({
    type: c.type, paddr: c.paddr, bits: c.bits, slot: c.slot,
    offset: fraction(c.paddr - u.paddr, size), width: fraction(1n << BigInt(c.bits), size),
  }));
  return { slot: u.slot, paddr: u.paddr, sizeBits: u.sizeBits, isDevice: u.isDevice, watermark: u.watermark, used: fraction(u.watermark, size), blocks };
}

/** Used regions first (most used first), then the untouched ones by address. */
export function untypedBars(s: KernelSnapshotView): UntypedBar[] {
  return s.untypeds.map(untypedBar).sort((a, b) =>
    Number(b.used > 0) - Number(a.used > 0) || (a.used > 0 ? b.used - a.used : 0) || (a.paddr < b.paddr ? -1 : a.paddr > b.paddr ? 1 : 0));
}

function extend(last: MappedRange | undefined, m: MappingView): boolean {
  if (!last || last.kind !== m.kind || last.rights !== m.rights || last.end !== m.vaddr) return false;
  const size = 1n << BigInt(m.sizeBits);
  if (last.paddr + (last.end - last.vaddr) !== m.paddr) return false;
  last.end += size; last.pages++; last.slots.push(m.slot);
  return true;
}

/** Mappings (sorted by vaddr) merged into ranges contiguous in both spaces. */
export function mergeRanges(ms: readonly MappingView[]): MappedRange[] {
  const out: MappedRange[] = [];
  for (const m of ms) {
    if (extend(out[out.length - 1], m)) continue;
    out.push({ vaddr: m.vaddr, end: m.vaddr + (1n << BigInt(m.sizeBits)), paddr: m.paddr, rights: m.rights, kind: m.kind, pages: 1, slots: [m.slot] });
  }
  return out;
}

export function addressSpaces(s: KernelSnapshotView): AddressSpace[] {
  const asids = [...new Set(s.mappings.map((m) => m.asid))].sort((a, b) => a - b);
  const byVaddr = (a: MappingView, b: MappingView) => (a.vaddr < b.vaddr ? -1 : a.vaddr > b.vaddr ? 1 : 0);
  return asids.map((asid) => {
    const ms = s.mappings.filter((m) => m.asid === asid).sort(byVaddr);
    return {
      asid,
      threads: s.threads.filter((t) => t.asid === asid).map((t) => t.name),
      frames: mergeRanges(ms.filter((m) => m.kind === 'frame')),
      tables: ms.filter((m) => m.kind === 'pageTable').map((m) => mergeRanges([m])[0]),
    };
  });
}

export function hex(v: bigint): string {
  return `0x${v.toString(16)}`;
}

/** "4 KiB", "2 MiB": a power-of-two size in bits. */
export function sizeText(bits: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  const u = Math.min(Math.floor(bits / 10), units.length - 1);
  return `${2 ** (bits - 10 * u)} ${units[u]}`;
}

/** Pixel positions of a bar's blocks at `width` px: proportional, but each at least
 *  `minPx` wide and never over its left neighbour (tiny objects in a big region
 *  stay visible and clickable); the watermark is moved right past the last block. */
export function layoutBlocks(bar: UntypedBar, width: number, minPx = 6): { blocks: { x: number; w: number }[]; watermark: number } {
  let end = 0;
  const blocks = bar.blocks.map((b) => {
    const x = Math.max(b.offset * width, end);
    const w = Math.max(minPx, b.width * width);
    end = x + w + 1;
    return { x, w };
  });
  return { blocks, watermark: Math.min(width, Math.max(bar.used * width, bar.blocks.length ? end - 1 : 0)) };
}

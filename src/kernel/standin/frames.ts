// Physical page (frame) allocator of the stand-in kernel: hands out zeroed 4 KiB
// frames of guest RAM, lowest first, and takes them back on a free list. Kernel
// layer. The stand-in kernel lives outside guest memory, so all of RAM is
// available to user pages and page tables.
import type { PhysMem } from '../../emulator/memory/physmem.ts';
import { err, ok, type Result } from '../../shared/result.ts';

export const PAGE = 4096;

export class FrameAllocator {
  private next: number;
  private readonly end: number;
  private readonly freed: number[] = [];
  private inUse = 0;

  constructor(private readonly mem: PhysMem, first = mem.ramBase, end = mem.ramBase + mem.ramSize) {
    if (first % PAGE !== 0 || end % PAGE !== 0) throw new Error('FrameAllocator: range must be page aligned');
    this.next = first;
    this.end = end;
  }

  /** A zeroed frame, or why there is none. */
  alloc(): Result<bigint, string> {
    let pa = this.freed.pop();
    if (pa === undefined) {
      if (this.next >= this.end) return err(`out of physical memory (${this.inUse} frames of ${PAGE} bytes in use)`);
      pa = this.next;
      this.next += PAGE;
    }
    const z = this.mem.zero(pa, PAGE);
    if (z) return err(`frame 0x${pa.toString(16)}: ${z.reason}`);
    this.inUse++;
    return ok(BigInt(pa));
  }

  free(pa: bigint): void {
    this.freed.push(Number(pa));
    this.inUse--;
  }

  get framesInUse(): number {
    return this.inUse;
  }

  get framesLeft(): number {
    return (this.end - this.next) / PAGE + this.freed.length;
  }
}

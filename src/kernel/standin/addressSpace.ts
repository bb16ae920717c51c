// One user address space of the stand-in kernel: a real 4-level stage-1 page
// table (built with the emulator's mapPage) plus the kernel's own record of which
// frame backs each user page, used to copy bytes in and out (copyin/copyout).
// Kernel layer. Arm ARM D8.3 (descriptors are written by mapPage).
import type { PhysMem } from '../../emulator/memory/physmem.ts';
import { mapPage, type PageRights } from '../../emulator/mmu/pagetable.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { FrameAllocator, PAGE } from './frames.ts';

const PAGE_MASK = BigInt(PAGE - 1);

interface UserPage {
  pa: bigint;
  rights: PageRights;
}

export function pageDown(va: bigint): bigint {
  return va & ~PAGE_MASK;
}

export class AddressSpace {
  readonly root: bigint;
  private readonly pages = new Map<bigint, UserPage>();

  private constructor(private readonly mem: PhysMem, private readonly frames: FrameAllocator, root: bigint) {
    this.root = root;
  }

  static create(mem: PhysMem, frames: FrameAllocator): Result<AddressSpace, string> {
    const root = frames.alloc();
    if (!root.ok) return root;
    return ok(new AddressSpace(mem, frames, root.value));
  }

  /** Maps fresh zeroed frames over [va, va+len) with `rights`; pages already
   *  mapped keep their frame and get the union of the rights. */
  mapRange(va: bigint, len: bigint, rights: PageRights): Result<void, string> {
    for (let p = pageDown(va); p < va + len; p += BigInt(PAGE)) {
      const r = this.mapOne(p, rights);
      if (!r.ok) return r;
    }
    return ok(undefined);
  }

  private mapOne(va: bigint, rights: PageRights): Result<void, string> {
    const old = this.pages.get(va);
    let pa: bigint;
    if (old) {
      pa = old.pa;
      rights = { read: old.rights.read || rights.read, write: old.rights.write || rights.write, exec: old.rights.exec || rights.exec };
    } else {
      const f = this.frames.alloc();
      if (!f.ok) return f;
      pa = f.value;
    }
    let tableError: string | undefined;
    const allocTable = (): bigint => {
      const t = this.frames.alloc();
      if (t.ok) return t.value;
      tableError = t.error;
      return 1n; // mapPage refuses an unaligned table page; tableError carries the reason
    };
    const m = mapPage(this.mem, this.root, va, pa, rights, allocTable);
    if (!m.ok) return err(tableError ?? `mapping 0x${va.toString(16)}: ${m.error}`);
    this.pages.set(va, { pa, rights });
    return ok(undefined);
  }

  /** The physical address behind a user virtual address, if mapped. */
  translate(va: bigint): bigint | undefined {
    const page = this.pages.get(pageDown(va));
    return page ? page.pa + (va & PAGE_MASK) : undefined;
  }

  rightsAt(va: bigint): PageRights | undefined {
    return this.pages.get(pageDown(va))?.rights;
  }

  /** Copies bytes into user memory (ignoring page rights: the kernel writes). */
  copyOut(va: bigint, bytes: Uint8Array): Result<void, string> {
    let done = 0;
    while (done < bytes.length) {
      const at = va + BigInt(done);
      const pa = this.translate(at);
      if (pa === undefined) return err(`user address 0x${at.toString(16)} is not mapped`);
      const n = Math.min(bytes.length - done, PAGE - Number(at & PAGE_MASK));
      const f = this.mem.writeBytes(Number(pa), bytes.subarray(done, done + n));
      if (f) return err(f.reason);
      done += n;
    }
    return ok(undefined);
  }

  /** Copies bytes out of user memory; fails on an unmapped or unreadable page. */
  copyIn(va: bigint, len: number): Result<Uint8Array, string> {
    const out = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const at = va + BigInt(done);
      const page = this.pages.get(pageDown(at));
      if (!page || !page.rights.read) return err(`user address 0x${at.toString(16)} is not readable`);
      const n = Math.min(len - done, PAGE - Number(at & PAGE_MASK));
      const b = this.mem.readBytes(Number(page.pa + (at & PAGE_MASK)), n);
      if (!(b instanceof Uint8Array)) return err(b.reason);
      out.set(b, done);
      done += n;
    }
    return ok(out);
  }

  get mappedPages(): number {
    return this.pages.size;
  }
}

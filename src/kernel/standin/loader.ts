// Loads a static ELF program into a fresh user address space: each PT_LOAD
// segment into newly allocated frames with the rights its p_flags give, .bss
// left zero, and a 1 MiB user stack below STACK_TOP holding a Linux-style
// initial stack (argc, argv, envp, auxv). Kernel layer, stand-in kernel.
// ELF: System V gABI program headers; stack layout: see userStack.ts.
import type { PhysMem } from '../../emulator/memory/physmem.ts';
import type { PageRights } from '../../emulator/mmu/pagetable.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { AddressSpace } from './addressSpace.ts';
import { FrameAllocator } from './frames.ts';
import { AT, buildInitialStack } from './userStack.ts';

/** The user stack occupies [STACK_TOP - STACK_BYTES, STACK_TOP). */
export const STACK_TOP = 0x0000_7fff_ffff_f000n;
export const STACK_BYTES = 1n << 20n;

/** What the loader needs of one PT_LOAD segment. */
export interface LoadSegment {
  vaddr: bigint;
  memsz: bigint;
  /** The file bytes (p_filesz of them); the rest up to memsz is zero. */
  data: Uint8Array;
  /** p_flags as the ELF reader gives them (PF_R, PF_W, PF_X). */
  flags: { r: boolean; w: boolean; x: boolean };
}

export interface LoadImage {
  entry: bigint;
  segments: readonly LoadSegment[];
  /** Where the program headers are in memory (AT_PHDR), when a segment covers them. */
  phdr?: { vaddr: bigint; count: number; entsize: number };
}

export interface LoadOptions {
  argv: readonly string[];
  envp?: readonly string[];
}

export interface Process {
  space: AddressSpace;
  entry: bigint;
  sp: bigint;
  /** First byte after the highest segment (where a heap would start). */
  brk: bigint;
}

/** Rights for p_flags; a writable page must also be readable (AP[2:1] has no write-only). */
export function rightsOf(flags: LoadSegment['flags']): PageRights {
  return { read: flags.r || flags.w, write: flags.w, exec: flags.x };
}

function loadSegment(space: AddressSpace, seg: LoadSegment): Result<void, string> {
  if (seg.memsz === 0n) return ok(undefined);
  if (BigInt(seg.data.length) > seg.memsz) return err(`segment at 0x${seg.vaddr.toString(16)}: file size exceeds memory size`);
  if (seg.vaddr + seg.memsz > STACK_TOP - STACK_BYTES) return err(`segment at 0x${seg.vaddr.toString(16)} overlaps the user stack`);
  const rights = rightsOf(seg.flags);
  if (!rights.read && !rights.exec) return err(`segment at 0x${seg.vaddr.toString(16)} has no access rights`);
  const m = space.mapRange(seg.vaddr, seg.memsz, rights);
  if (!m.ok) return m;
  return space.copyOut(seg.vaddr, seg.data);
}

/** Fixed bytes for AT_RANDOM, so every run of a program is identical. */
export const RANDOM16 = Uint8Array.from([0x43, 0x61, 0x70, 0x4c, 0x61, 0x62, 0x20, 0x73, 0x65, 0x4c, 0x34, 0x21, 0x9e, 0x37, 0x79, 0xb9]);

function setupStack(space: AddressSpace, image: LoadImage, opts: LoadOptions): Result<bigint, string> {
  const m = space.mapRange(STACK_TOP - STACK_BYTES, STACK_BYTES, { read: true, write: true, exec: false });
  if (!m.ok) return m;
  const img = buildInitialStack({ top: STACK_TOP, argv: opts.argv, envp: opts.envp ?? [], auxv: linuxAuxv(image.entry, image.phdr), random: RANDOM16 });
  if (STACK_TOP - img.sp > STACK_BYTES / 2n) return err('arguments and environment do not fit in half the user stack');
  const w = space.copyOut(img.sp, img.bytes);
  return w.ok ? ok(img.sp) : w;
}

/** The auxiliary vector Linux gives a static program (AT_RANDOM, AT_EXECFN, AT_PLATFORM are added by buildInitialStack). */
export function linuxAuxv(entry: bigint, phdr: LoadImage['phdr']): Array<[number, bigint]> {
  const auxv: Array<[number, bigint]> = [
    [AT.PAGESZ, 4096n], [AT.CLKTCK, 100n], [AT.ENTRY, entry], [AT.FLAGS, 0n], [AT.BASE, 0n],
    [AT.UID, 0n], [AT.EUID, 0n], [AT.GID, 0n], [AT.EGID, 0n], [AT.SECURE, 0n], [AT.HWCAP, 0n], [AT.HWCAP2, 0n],
  ];
  if (phdr) auxv.unshift([AT.PHDR, phdr.vaddr], [AT.PHENT, BigInt(phdr.entsize)], [AT.PHNUM, BigInt(phdr.count)]);
  return auxv;
}

/** Where the program headers sit in memory, read from the raw ELF header (for AT_PHDR). */
export function programHeaders(elf: Uint8Array, segments: readonly (LoadSegment & { offset: bigint })[]): LoadImage['phdr'] {
  if (elf.length < 64) return undefined;
  const dv = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const phoff = dv.getBigUint64(0x20, true);
  const entsize = dv.getUint16(0x36, true);
  const count = dv.getUint16(0x38, true);
  const seg = segments.find((s) => phoff >= s.offset && phoff + BigInt(entsize * count) <= s.offset + BigInt(s.data.length));
  return seg ? { vaddr: seg.vaddr + (phoff - seg.offset), count, entsize } : undefined;
}

export function loadProcess(mem: PhysMem, frames: FrameAllocator, image: LoadImage, opts: LoadOptions): Result<Process, string> {
  const space = AddressSpace.create(mem, frames);
  if (!space.ok) return space;
  let brk = 0n;
  for (const seg of image.segments) {
    const r = loadSegment(space.value, seg);
    if (!r.ok) return r;
    if (seg.vaddr + seg.memsz > brk) brk = seg.vaddr + seg.memsz;
  }
  if (space.value.translate(image.entry) === undefined) return err(`entry point 0x${image.entry.toString(16)} is not in any loaded segment`);
  const sp = setupStack(space.value, image, opts);
  if (!sp.ok) return sp;
  return ok({ space: space.value, entry: image.entry, sp: sp.value, brk: (brk + 0xfffn) & ~0xfffn });
}

// Runtime support for translated blocks: slow-path loads and stores (TLB miss,
// unaligned, page-crossing, device memory, code pages), the exclusive monitor,
// pending-exception recording and 64-bit multiply/divide helpers. Emulator layer.
// Arm ARM B2.9 (exclusives, single-core local monitor), D8.5 (alignment faults).

import type { FaultKind } from '../types.ts';
import type { PhysMem } from '../memory/physmem.ts';
import { Mmu, ACC_READ, ACC_WRITE } from '../mmu/mmu.ts';
import { REG, type RegisterFile } from './state.ts';

/** Pending exception kinds recorded by blocks (read by the machine after a block returns). */
export const X_NONE = 0, X_SVC = 1, X_BRK = 2, X_UNDEF = 3, X_DABT = 4, X_SPALIGN = 5;
/** Slow-path results: done; fault recorded; done but the block must end after this
 *  instruction (a device was accessed or translated code was overwritten). */
export const ST_OK = 0, ST_FAULT = 1, ST_CODE = 2;

const TWO32 = 4294967296;

export class Runtime {
  /** Virtual time (ticks) at the start of the running block; CNTVCT = time + index in block. */
  time = 0;
  exc = X_NONE;
  excImm = 0;
  excWord = 0;
  faultLo = 0;
  faultHi = 0;
  faultWrite = false;
  faultKind: FaultKind = 'translation';
  faultLevel = 0;
  /** Local exclusive monitor: physical address and size, or -1. */
  exclPa = -1;
  exclSize = 0;
  /** Set when a store hit a page with translated code (the CPU drops those blocks). */
  codeWritten = false;
  /** Set by any MMIO access (device state may have changed: re-check interrupts). */
  touchedIo = false;

  private readonly tmp = new Int32Array(2);

  constructor(readonly mem: PhysMem, readonly mmu: Mmu, private readonly regs: RegisterFile) {}

  /** The live register array (slow paths leave their results in its VAL words). */
  private get v(): Int32Array {
    return this.regs.r;
  }

  raise(kind: number, imm: number): void {
    this.exc = kind;
    this.excImm = imm;
  }

  undef(word: number): void {
    this.exc = X_UNDEF;
    this.excWord = word;
  }

  private dabt(lo: number, hi: number, write: boolean, kind: FaultKind, level: number): number {
    this.exc = X_DABT;
    this.faultLo = lo;
    this.faultHi = hi;
    this.faultWrite = write;
    this.faultKind = kind;
    this.faultLevel = level;
    return ST_FAULT;
  }

  /** Translate one access that lies within a page; returns the PA or -1 (fault recorded). */
  private xlate(lo: number, hi: number, size: number, write: boolean, aligned: boolean): number {
    if (aligned && (lo & (size - 1)) !== 0) return this.dabt(lo, hi, write, 'alignment', 0) && -1;
    const pa = this.mmu.lookup(lo, hi, write ? ACC_WRITE : ACC_READ);
    if (pa < 0) return this.dabt(lo, hi, write, this.mmu.faultKind, this.mmu.faultLevel) && -1;
    if (this.mmu.lastDevice && (lo & (size - 1)) !== 0) return this.dabt(lo, hi, write, 'alignment', 0) && -1;
    return pa;
  }

  /** Load `size` bytes at VA hi:lo into r[VAL], r[VAL+1]. Returns ST_OK, ST_FAULT, or
   *  ST_CODE after a device read (interrupt state may have changed). */
  ld(lo: number, hi: number, size: number): number {
    return this.load(lo, hi, size, false);
  }

  /** Load-acquire / exclusive: alignment required even in Normal memory. */
  lda(lo: number, hi: number, size: number): number {
    return this.load(lo, hi, size, true);
  }

  private load(lo: number, hi: number, size: number, aligned: boolean): number {
    if ((lo & 4095) + size > 4096) return this.loadSplit(lo, hi, size);
    const pa = this.xlate(lo, hi, size, false, aligned);
    if (pa < 0) return ST_FAULT;
    const mem = this.mem;
    let res = ST_OK;
    if (mem.isRam(pa, size)) {
      mem.readRam(pa - mem.ramBase, size, this.tmp);
    } else {
      this.touchedIo = true;
      res = ST_CODE;
      const f = mem.readPhys(pa, size, this.tmp);
      if (f) return this.dabt(lo, hi, false, 'external', -1);
    }
    this.v[REG.VAL] = this.tmp[0];
    this.v[REG.VAL + 1] = this.tmp[1];
    return res;
  }

  /** A load crossing a page boundary: byte by byte, faulting on the first bad byte. */
  private loadSplit(lo: number, hi: number, size: number): number {
    let vlo = 0, vhi = 0;
    let res = ST_OK;
    for (let i = 0; i < size; i++) {
      const [blo, bhi] = add64(lo, hi, i);
      const s = this.load(blo, bhi, 1, false);
      if (s === ST_FAULT) return s;
      res |= s;
      const b = this.v[REG.VAL] & 0xff;
      if (i < 4) vlo |= b << (8 * i); else vhi |= b << (8 * (i - 4));
    }
    this.v[REG.VAL] = vlo;
    this.v[REG.VAL + 1] = vhi;
    return res;
  }

  /** Store `size` bytes of vhi:vlo at VA hi:lo. Returns ST_OK, ST_FAULT or ST_CODE. */
  st(lo: number, hi: number, size: number, vlo: number, vhi: number): number {
    return this.store(lo, hi, size, vlo, vhi, false);
  }

  /** Store-release: alignment required. */
  stl(lo: number, hi: number, size: number, vlo: number, vhi: number): number {
    return this.store(lo, hi, size, vlo, vhi, true);
  }

  private store(lo: number, hi: number, size: number, vlo: number, vhi: number, aligned: boolean): number {
    if ((lo & 4095) + size > 4096) return this.storeSplit(lo, hi, size, vlo, vhi);
    const pa = this.xlate(lo, hi, size, true, aligned);
    if (pa < 0) return ST_FAULT;
    return this.storePa(pa, lo, hi, size, vlo, vhi);
  }

  private storePa(pa: number, lo: number, hi: number, size: number, vlo: number, vhi: number): number {
    const mem = this.mem;
    const io = !mem.isRam(pa, size);
    if (io) this.touchedIo = true;
    this.codeWritten = false;
    const f = mem.writePhys(pa, size, vlo, vhi);
    if (f) return this.dabt(lo, hi, true, 'external', -1);
    return this.codeWritten || io ? ST_CODE : ST_OK;
  }

  /** A page-crossing store: every byte is translated first, so a fault writes nothing. */
  private storeSplit(lo: number, hi: number, size: number, vlo: number, vhi: number): number {
    const pas: number[] = [];
    for (let i = 0; i < size; i++) {
      const [blo, bhi] = add64(lo, hi, i);
      const pa = this.xlate(blo, bhi, 1, true, false);
      if (pa < 0) return ST_FAULT;
      pas.push(pa);
    }
    let res = ST_OK;
    for (let i = 0; i < size; i++) {
      const b = (i < 4 ? vlo >>> (8 * i) : vhi >>> (8 * (i - 4))) & 0xff;
      const [blo, bhi] = add64(lo, hi, i);
      const s = this.storePa(pas[i], blo, bhi, 1, b, 0);
      if (s === ST_FAULT) return s;
      if (s === ST_CODE) res = ST_CODE;
    }
    return res;
  }

  /** Store pair: both halves are checked before either is written. */
  stp(lo: number, hi: number, size: number, alo: number, ahi: number, blo: number, bhi: number): number {
    const [lo2, hi2] = add64(lo, hi, size);
    if (!this.probeWrite(lo, hi, size) || !this.probeWrite(lo2, hi2, size)) return ST_FAULT;
    const s1 = this.store(lo, hi, size, alo, ahi, false);
    if (s1 === ST_FAULT) return s1;
    const s2 = this.store(lo2, hi2, size, blo, bhi, false);
    return s2 === ST_FAULT ? s2 : Math.max(s1, s2);
  }

  private probeWrite(lo: number, hi: number, size: number): boolean {
    const end = add64(lo, hi, size - 1);
    if (this.xlate(lo, hi, 1, true, false) < 0) return false;
    return this.xlate(end[0], end[1], 1, true, false) >= 0;
  }

  /** Load-exclusive: aligned load that arms the monitor on its physical address.
   *  For pairs (total = 2 * size) the second element lands in r[VAL+2], r[VAL+3]. */
  ldx(lo: number, hi: number, size: number, total: number): number {
    if ((lo & (total - 1)) !== 0) return this.dabt(lo, hi, false, 'alignment', 0);
    const pa = this.xlate(lo, hi, total, false, true);
    if (pa < 0) return ST_FAULT;
    let res = ST_OK;
    if (total === 2 * size) {
      const [lo2, hi2] = add64(lo, hi, size);
      res = this.load(lo2, hi2, size, false);
      if (res === ST_FAULT) return res;
      this.v[REG.VAL + 2] = this.v[REG.VAL];
      this.v[REG.VAL + 3] = this.v[REG.VAL + 1];
    }
    const s = this.load(lo, hi, size, true);
    if (s === ST_FAULT) return s;
    this.exclPa = pa;
    this.exclSize = total;
    return res | s;
  }

  /** Store-exclusive: returns ST_FAULT on an abort, else writes the status (0 = stored, 1 = failed) to r[VAL]. */
  stx(lo: number, hi: number, size: number, vlo: number, vhi: number, total: number, blo = 0, bhi = 0): number {
    if ((lo & (total - 1)) !== 0) return this.dabt(lo, hi, true, 'alignment', 0);
    const pa = this.xlate(lo, hi, total, true, true);
    if (pa < 0) return ST_FAULT;
    const pass = this.exclPa === pa && this.exclSize === total;
    this.exclPa = -1;
    this.v[REG.VAL] = pass ? 0 : 1;
    if (!pass) return ST_OK;
    let res = this.storePa(pa, lo, hi, size, vlo, vhi);
    if (res !== ST_FAULT && total === 2 * size) {
      const r2 = this.storePa(pa + size, lo + size, hi, size, blo, bhi);
      res = r2 === ST_FAULT ? r2 : Math.max(res, r2);
    }
    this.v[REG.VAL] = 0;
    return res;
  }

  clrex(): void {
    this.exclPa = -1;
  }
}

/** 64-bit add of a small non-negative number to hi:lo. */
export function add64(lo: number, hi: number, n: number): [number, number] {
  const s = (lo >>> 0) + n;
  return [s | 0, (hi + (s >= TWO32 ? 1 : 0)) | 0];
}

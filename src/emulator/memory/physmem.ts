// Physical memory of the emulated machine: guest RAM as one ArrayBuffer with
// little-endian typed-array views, plus MMIO regions that devices register.
// Emulator layer, no DOM. Memory map (QEMU virt-like) in docs/emulator.md:
// RAM at 0x4000_0000 (default 128 MiB), PL011 UART at 0x0900_0000.

export const RAM_BASE = 0x4000_0000;
export const DEFAULT_RAM_BYTES = 128 * 1024 * 1024;
export const PAGE_SIZE = 4096;

/** A device's register window. Offsets are relative to the region base; sizes are
 *  1, 2 or 4 bytes (8-byte accesses are split into two 4-byte ones, low half first). */
export interface MmioDevice {
  read(offset: number, size: number): number;
  write(offset: number, size: number, value: number): void;
}

export interface MmioRegion {
  base: number;
  size: number;
  name: string;
  device: MmioDevice;
}

export type PhysFault = { kind: 'external'; pa: number; reason: string };

export class PhysMem {
  readonly ramBase: number;
  readonly ramSize: number;
  readonly buffer: ArrayBuffer;
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly i32: Int32Array;
  readonly dv: DataView;
  /** One byte per RAM page: 1 when the CPU holds translated code from that page. */
  readonly codePages: Uint8Array;
  /** Called when a write lands on a page in codePages (set by the CPU). */
  onCodeWrite: ((ramPage: number) => void) | null = null;
  private readonly regions: MmioRegion[] = [];

  constructor(ramBytes: number = DEFAULT_RAM_BYTES, ramBase: number = RAM_BASE) {
    if (ramBytes <= 0 || ramBytes % PAGE_SIZE !== 0 || ramBytes > 0x7000_0000) {
      throw new Error(`PhysMem: RAM size ${ramBytes} must be a positive multiple of 4096 below 1.75 GiB`);
    }
    if (ramBase % PAGE_SIZE !== 0) throw new Error(`PhysMem: RAM base ${ramBase} is not page aligned`);
    this.ramBase = ramBase;
    this.ramSize = ramBytes;
    this.buffer = new ArrayBuffer(ramBytes);
    this.u8 = new Uint8Array(this.buffer);
    this.u16 = new Uint16Array(this.buffer);
    this.i32 = new Int32Array(this.buffer);
    this.dv = new DataView(this.buffer);
    this.codePages = new Uint8Array(ramBytes / PAGE_SIZE);
  }

  /** Register a device window [base, base+size). Overlaps with RAM or another region are refused. */
  addMmio(region: MmioRegion): void {
    const end = region.base + region.size;
    if (end > this.ramBase && region.base < this.ramBase + this.ramSize) {
      throw new Error(`PhysMem: MMIO region ${region.name} overlaps RAM`);
    }
    for (const r of this.regions) {
      if (region.base < r.base + r.size && r.base < end) throw new Error(`PhysMem: MMIO region ${region.name} overlaps ${r.name}`);
    }
    this.regions.push(region);
  }

  mmioRegions(): readonly MmioRegion[] {
    return this.regions;
  }

  /** True when [pa, pa+len) lies entirely in RAM. */
  isRam(pa: number, len = 1): boolean {
    return pa >= this.ramBase && pa + len <= this.ramBase + this.ramSize;
  }

  findMmio(pa: number): MmioRegion | undefined {
    for (const r of this.regions) if (pa >= r.base && pa < r.base + r.size) return r;
    return undefined;
  }

  /** Read `size` (1, 2, 4 or 8) bytes at pa as a little-endian value split in
   *  lo/hi int32 halves into out[0], out[1]. Returns a fault for unbacked addresses. */
  readPhys(pa: number, size: number, out: Int32Array): PhysFault | null {
    if (this.isRam(pa, size)) {
      this.readRam(pa - this.ramBase, size, out);
      return null;
    }
    const r = this.findMmio(pa);
    if (!r || pa + size > r.base + r.size) return { kind: 'external', pa, reason: 'no RAM or device at this physical address' };
    const off = pa - r.base;
    if (size === 8) {
      out[0] = r.device.read(off, 4) | 0;
      out[1] = r.device.read(off + 4, 4) | 0;
    } else {
      out[0] = r.device.read(off, size) | 0;
      out[1] = 0;
    }
    return null;
  }

  /** Write `size` bytes of the lo/hi value at pa (see readPhys). */
  writePhys(pa: number, size: number, lo: number, hi: number): PhysFault | null {
    if (this.isRam(pa, size)) {
      const off = pa - this.ramBase;
      this.writeRam(off, size, lo, hi);
      this.noteWrite(off, size);
      return null;
    }
    const r = this.findMmio(pa);
    if (!r || pa + size > r.base + r.size) return { kind: 'external', pa, reason: 'no RAM or device at this physical address' };
    const off = pa - r.base;
    if (size === 8) {
      r.device.write(off, 4, lo >>> 0);
      r.device.write(off + 4, 4, hi >>> 0);
    } else {
      r.device.write(off, size, size === 4 ? lo >>> 0 : lo & (size === 1 ? 0xff : 0xffff));
    }
    return null;
  }

  readRam(off: number, size: number, out: Int32Array): void {
    const dv = this.dv;
    switch (size) {
      case 1: out[0] = this.u8[off]; out[1] = 0; break;
      case 2: out[0] = dv.getUint16(off, true); out[1] = 0; break;
      case 4: out[0] = dv.getInt32(off, true); out[1] = 0; break;
      default: out[0] = dv.getInt32(off, true); out[1] = dv.getInt32(off + 4, true); break;
    }
  }

  writeRam(off: number, size: number, lo: number, hi: number): void {
    const dv = this.dv;
    switch (size) {
      case 1: this.u8[off] = lo; break;
      case 2: dv.setUint16(off, lo & 0xffff, true); break;
      case 4: dv.setInt32(off, lo, true); break;
      default: dv.setInt32(off, lo, true); dv.setInt32(off + 4, hi, true); break;
    }
  }

  /** Tell the CPU about writes that land on pages holding translated code. */
  noteWrite(off: number, size: number): void {
    const first = Math.floor(off / PAGE_SIZE);
    const last = Math.floor((off + size - 1) / PAGE_SIZE);
    for (let p = first; p <= last; p++) {
      if (this.codePages[p] && this.onCodeWrite) this.onCodeWrite(p);
    }
  }

  /** Bulk copy into physical memory (loaders, the kernel). RAM only. */
  writeBytes(pa: number, bytes: Uint8Array): PhysFault | null {
    if (!this.isRam(pa, bytes.length)) return { kind: 'external', pa, reason: 'bulk write outside RAM' };
    const off = pa - this.ramBase;
    this.u8.set(bytes, off);
    if (bytes.length > 0) this.noteWrite(off, bytes.length);
    return null;
  }

  /** Bulk copy out of physical memory. RAM only. */
  readBytes(pa: number, len: number): Uint8Array | PhysFault {
    if (!this.isRam(pa, len)) return { kind: 'external', pa, reason: 'bulk read outside RAM' };
    const off = pa - this.ramBase;
    return this.u8.slice(off, off + len);
  }

  /** Fill [pa, pa+len) of RAM with zeros. */
  zero(pa: number, len: number): PhysFault | null {
    if (!this.isRam(pa, len)) return { kind: 'external', pa, reason: 'zero outside RAM' };
    const off = pa - this.ramBase;
    this.u8.fill(0, off, off + len);
    if (len > 0) this.noteWrite(off, len);
    return null;
  }

  read64(pa: number): bigint | PhysFault {
    const out = new Int32Array(2);
    const f = this.readPhys(pa, 8, out);
    if (f) return f;
    return (BigInt(out[1] >>> 0) << 32n) | BigInt(out[0] >>> 0);
  }

  write64(pa: number, v: bigint): PhysFault | null {
    return this.writePhys(pa, 8, Number(v & 0xffff_ffffn) | 0, Number((v >> 32n) & 0xffff_ffffn) | 0);
  }

  read32(pa: number): number | PhysFault {
    const out = new Int32Array(2);
    const f = this.readPhys(pa, 4, out);
    return f ? f : out[0] >>> 0;
  }

  write32(pa: number, v: number): PhysFault | null {
    return this.writePhys(pa, 4, v | 0, 0);
  }
}

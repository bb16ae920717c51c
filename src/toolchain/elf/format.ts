// ELF64 constants and little-endian byte helpers shared by the ELF writer and
// reader. Layer: toolchain/elf. Values from the System V gABI (ELF-64 Object
// File Format) and AAELF64 (EM_AARCH64 = 183).

export const ET = { NONE: 0, REL: 1, EXEC: 2, DYN: 3, CORE: 4 } as const;
export const EM_AARCH64 = 183;
export const PT = { NULL: 0, LOAD: 1, DYNAMIC: 2, INTERP: 3, NOTE: 4, PHDR: 6, TLS: 7, GNU_STACK: 0x6474e551 } as const;
export const PF = { X: 1, W: 2, R: 4 } as const;
export const SHN = { UNDEF: 0, ABS: 0xfff1, COMMON: 0xfff2, XINDEX: 0xffff } as const;
export const STB = { LOCAL: 0, GLOBAL: 1, WEAK: 2 } as const;
export const STT = { NOTYPE: 0, OBJECT: 1, FUNC: 2, SECTION: 3, FILE: 4 } as const;
export const STV_HIDDEN = 2;
export const EHDR_SIZE = 64;
export const PHDR_SIZE = 56;
export const SHDR_SIZE = 64;
export const SYM_SIZE = 24;
export const RELA_SIZE = 24;

/** A growable little-endian byte buffer. */
export class ByteWriter {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this { this.ensure(1); this.view.setUint8(this.length, v); this.length += 1; return this; }
  u16(v: number): this { this.ensure(2); this.view.setUint16(this.length, v, true); this.length += 2; return this; }
  u32(v: number): this { this.ensure(4); this.view.setUint32(this.length, v >>> 0, true); this.length += 4; return this; }
  u64(v: bigint | number): this {
    this.ensure(8);
    this.view.setBigUint64(this.length, BigInt.asUintN(64, BigInt(v)), true);
    this.length += 8;
    return this;
  }
  bytes(b: ArrayLike<number>): this { this.ensure(b.length); this.buf.set(b, this.length); this.length += b.length; return this; }
  padTo(n: number): this { if (n > this.length) this.bytes(new Uint8Array(n - this.length)); return this; }
  align(a: number): this { return this.padTo(Math.ceil(this.length / a) * a); }
  /** Overwrite a 64-bit value at an earlier position. */
  patch64(at: number, v: bigint | number): void { this.view.setBigUint64(at, BigInt.asUintN(64, BigInt(v)), true); }
  patch32(at: number, v: number): void { this.view.setUint32(at, v >>> 0, true); }
  patch16(at: number, v: number): void { this.view.setUint16(at, v, true); }
  finish(): Uint8Array { return this.buf.slice(0, this.length); }
}

/** An ELF string table under construction (offset 0 is the empty string). */
export class StringTable {
  private parts: number[] = [0];
  private index = new Map<string, number>([['', 0]]);

  add(s: string): number {
    const known = this.index.get(s);
    if (known !== undefined) return known;
    const at = this.parts.length;
    for (const b of new TextEncoder().encode(s)) this.parts.push(b);
    this.parts.push(0);
    this.index.set(s, at);
    return at;
  }

  bytes(): Uint8Array { return Uint8Array.from(this.parts); }
}

/** Read a NUL-terminated string from a string table. */
export function cstring(bytes: Uint8Array, at: number): string {
  let end = at;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(at, end));
}

/** Fields of the 64-byte ELF header (only those we use). */
export interface ElfHeaderFields {
  type: number;
  entry: bigint;
  phoff: number;
  shoff: number;
  phnum: number;
  shnum: number;
  shstrndx: number;
}

export function writeElfHeader(w: ByteWriter, h: ElfHeaderFields): void {
  w.bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).padTo(16);
  w.u16(h.type).u16(EM_AARCH64).u32(1).u64(h.entry).u64(h.phoff).u64(h.shoff).u32(0);
  w.u16(EHDR_SIZE).u16(h.phnum ? PHDR_SIZE : 0).u16(h.phnum).u16(SHDR_SIZE).u16(h.shnum).u16(h.shstrndx);
}

export interface ShdrFields {
  name: number; type: number; flags: number; addr: bigint; offset: number; size: number;
  link: number; info: number; align: number; entsize: number;
}

export function writeShdr(w: ByteWriter, s: ShdrFields): void {
  w.u32(s.name).u32(s.type).u64(s.flags).u64(s.addr).u64(s.offset).u64(s.size).u32(s.link).u32(s.info).u64(s.align).u64(s.entsize);
}

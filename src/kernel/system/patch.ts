// Writing variables into a loaded program image, as Microkit's tool patches ELF
// symbols (setvar_vaddr, setvar_size, setvar_id, and libmicrokit's name and
// channel masks): the symbol's address is found in the ELF symbol table and the
// value written, little-endian, into the frame that backs it. Kernel layer
// (system loader). Facts: reference/sel4.md 3.2 ("The tool patches ELF symbols").
import type { PhysMem } from '../../emulator/memory/physmem.ts';
import type { ElfImage } from '../../toolchain/elf/read.ts';

export interface Patch {
  symbol: string;
  /** A 64-bit value, or (text) a NUL-terminated string cut to the symbol's size. */
  value?: bigint;
  text?: string;
  /** Raw bytes (a table), written as they are. */
  bytes?: Uint8Array;
  /** Missing symbol is fine (libmicrokit's variables in a program without libmicrokit). */
  optional?: boolean;
  /** Line of the description that asked for it, and whose image it is (for errors). */
  line?: number;
  where?: string;
}

const PAGE = 0x1000n;

export class PatchError extends Error {}

/** Applies the patches; throws PatchError naming the symbol and the description line. */
export function patchImage(mem: PhysMem, image: ElfImage, frames: ReadonlyMap<bigint, bigint>, patches: readonly Patch[]): void {
  for (const p of patches) {
    const sym = image.symbols.find((s) => s.name === p.symbol && s.section !== '*UND*');
    const at = p.line !== undefined ? ` (line ${p.line})` : '';
    if (!sym) {
      if (p.optional) continue;
      throw new PatchError(`${p.where ?? 'program'}: setvar symbol "${p.symbol}"${at} is not defined in the program (declare it as a global variable, e.g. uintptr_t ${p.symbol};)`);
    }
    const bytes = p.bytes ?? (p.text !== undefined ? textBytes(p.text, sym.size) : word(p.value ?? 0n));
    if (sym.size !== 0n && BigInt(bytes.length) > sym.size) {
      throw new PatchError(`${p.where ?? 'program'}: setvar symbol "${p.symbol}"${at} is ${sym.size} bytes; it must hold ${p.bytes ? `${p.bytes.length} bytes` : 'a 64-bit word (uintptr_t or uint64_t)'}`);
    }
    writeAt(mem, frames, sym.value, bytes, p);
  }
}

function word(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  return b;
}

function textBytes(text: string, size: bigint): Uint8Array {
  const max = size > 0n ? Number(size) : 64;
  const enc = new TextEncoder().encode(text).subarray(0, max - 1);
  const out = new Uint8Array(enc.length + 1);
  out.set(enc);
  return out;
}

function writeAt(mem: PhysMem, frames: ReadonlyMap<bigint, bigint>, va: bigint, bytes: Uint8Array, p: Patch): void {
  for (let i = 0; i < bytes.length; i++) {
    const a = va + BigInt(i);
    const pa = frames.get(a & ~(PAGE - 1n));
    if (pa === undefined) throw new PatchError(`${p.where ?? 'program'}: symbol "${p.symbol}" at 0x${a.toString(16)} is not in a loaded segment`);
    mem.writeBytes(Number(pa + (a & (PAGE - 1n))), bytes.subarray(i, i + 1));
  }
}

// In-memory relocatable object: what the assembler produces, what the ELF
// ET_REL reader returns (for gcc / GNU as objects) and what the linker eats.
// Layer: toolchain/elf. Mirrors ELF64 relocatable files (System V gABI ch. 4)
// with RELA relocations; adds per-instruction source positions.

/** ELF section types and flags we use (gABI values). */
export const SHT = { NULL: 0, PROGBITS: 1, SYMTAB: 2, STRTAB: 3, RELA: 4, NOBITS: 8, NOTE: 7, INIT_ARRAY: 14, FINI_ARRAY: 15 } as const;
export const SHF = { WRITE: 1, ALLOC: 2, EXECINSTR: 4, MERGE: 0x10, STRINGS: 0x20, INFO_LINK: 0x40, GROUP: 0x200 } as const;

export type SymBind = 'local' | 'global' | 'weak';
export type SymType = 'notype' | 'object' | 'func' | 'section' | 'file';

/** A source position (1-based) attached to instructions and relocations. */
export interface SrcPos {
  file: string;
  line: number;
  column: number;
  endColumn?: number;
}

export interface ObjReloc {
  /** Byte offset in the section. */
  offset: number;
  /** R_AARCH64_* type number (see reloc.ts). */
  type: number;
  /** Index into ObjectFile.symbols. */
  sym: number;
  addend: bigint;
  /** Where the reference was written (our assembler only). */
  src?: SrcPos;
}

export interface ObjSection {
  name: string;
  type: number;
  flags: number;
  align: number;
  /** Contents; for NOBITS an empty array and `size` holds the length. */
  data: Uint8Array;
  size: number;
  relocs: ObjReloc[];
  entsize?: number;
}

export interface ObjSymbol {
  name: string;
  /** Index into ObjectFile.sections; 'undef', 'abs', or 'common' (value = alignment). */
  section: number | 'undef' | 'abs' | 'common';
  value: bigint;
  size: bigint;
  bind: SymBind;
  type: SymType;
  hidden?: boolean;
  /** Where a label was defined (our assembler only). */
  src?: SrcPos;
}

/** One row of the line table: a section offset (objects) or an address (executables). */
export interface ObjLine {
  section: number;
  offset: number;
  file: string;
  line: number;
  column: number;
}

export interface ObjectFile {
  name: string;
  sections: ObjSection[];
  symbols: ObjSymbol[];
  lines: ObjLine[];
}

export function isAlloc(s: ObjSection): boolean {
  return (s.flags & SHF.ALLOC) !== 0;
}

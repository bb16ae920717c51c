// Block translator and cache: decodes a basic block (up to 64 instructions, stopping at
// the first branch/exception-capable system instruction, page end or breakpoint),
// emits JS over the int32-pair register file, compiles it with `new Function`, and caches
// it per physical address. Stores into pages holding translated code drop their blocks.
// Emulator layer. Design and invariants: docs/emulator.md "JIT".

import { decode } from './decode.ts';
import { Emit, lo32, hi32, type Sem } from './emit.ts';
import { DP_SEMANTICS } from './sem_dp.ts';
import { LDST_SEMANTICS } from './sem_ldst.ts';
import { BRANCH_SEMANTICS, emitUndefined } from './sem_branch.ts';
import { H } from './helpers.ts';
import type { Runtime } from './runtime.ts';
import type { PhysMem } from '../memory/physmem.ts';
import type { Mmu } from '../mmu/mmu.ts';

/** Every base form of encodings.ts that the CPU executes, by form id. */
export const SEMANTICS: Record<string, Sem> = { ...DP_SEMANTICS, ...LDST_SEMANTICS, ...BRANCH_SEMANTICS };

export const MAX_BLOCK_INSNS = 64;
/** Direct-mapped front cache of multi-instruction blocks, indexed by (pa >> 2) & DM_MASK. */
export const DM_BITS = 14;
const DM_MASK = (1 << DM_BITS) - 1;

export interface Block {
  /** Runs the block; returns instructions retired (PC and any pending exception are in state). */
  fn: () => number;
  pa: number;
  vaLo: number;
  vaHi: number;
  /** Number of instructions in the block (an upper bound on what fn retires). */
  n: number;
  /** Cleared when the block's page is written. */
  valid: boolean;
}

const PARAMS = ['r', 'm', 'M8', 'M16', 'M32', 'rT', 'rH', 'rO', 'wT', 'wH', 'wO', 'H', 'Ho'];

/** JS source of a block starting at va, reading instruction words with `word(i)`. */
export function blockSource(va: bigint, max: number, word: (i: number) => number, stopAt: (va: bigint) => boolean): { src: string; n: number } {
  const parts: string[] = [];
  let k = 0;
  let ended = false;
  while (k < max) {
    const iva = va + BigInt(4 * k);
    if (k > 0 && ((iva & 0xfffn) === 0n || stopAt(iva))) break;
    const w = word(k) >>> 0;
    const e = new Emit(iva, k, w);
    const d = decode(w);
    const sem = d ? SEMANTICS[d.form.id] : undefined;
    if (!d || !sem) emitUndefined(e);
    else sem(d.f, e);
    parts.push(`{${e.code.join('')}}`);
    k++;
    if (e.ended) { ended = true; break; }
  }
  if (!ended) {
    const next = va + BigInt(4 * k);
    parts.push(`r[64]=${lo32(next)};r[65]=${hi32(next)};return ${k};`);
  }
  return { src: parts.join('\n'), n: k };
}

export class Jit {
  private readonly blocks = new Map<number, Block>();
  private readonly singles = new Map<number, Block>();
  private readonly byPage = new Map<number, Block[]>();
  private readonly args: unknown[];
  /** VA keys (hi * 2^32 + lo) where blocks must start (breakpoints). */
  stops: Set<number> = new Set();
  compiled = 0;
  /** Front cache the machine's inner loop reads directly. */
  readonly dm: (Block | null)[] = new Array<Block | null>(1 << DM_BITS).fill(null);

  constructor(private readonly mem: PhysMem, private readonly mmu: Mmu, private readonly rt: Runtime, r: Int32Array) {
    this.args = [r, rt, mem.u8, mem.u16, mem.i32, mmu.rTag, mmu.rHi, mmu.rOff, mmu.wTag, mmu.wHi, mmu.wOff, H, H.out];
    mem.onCodeWrite = (page) => this.invalidatePage(page);
  }

  /** The block (or, with single, the one-instruction block) for code at RAM address pa and VA hi:lo. */
  get(pa: number, lo: number, hi: number, single: boolean): Block {
    const map = single ? this.singles : this.blocks;
    const b = map.get(pa);
    if (b !== undefined && b.vaLo === lo && b.vaHi === hi) {
      if (!single) this.dm[(pa >>> 2) & DM_MASK] = b;
      return b;
    }
    return this.compile(pa, lo, hi, single ? 1 : MAX_BLOCK_INSNS, map);
  }

  private compile(pa: number, lo: number, hi: number, max: number, map: Map<number, Block>): Block {
    const va = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
    const base = (pa - this.mem.ramBase) >> 2;
    const i32 = this.mem.i32;
    const { src, n } = blockSource(va, max, (i) => i32[base + i], (v) => this.stops.has(Number(v)));
    let fn: () => number;
    try {
      fn = new Function(...PARAMS, `"use strict";return function(){\n${src}\n};`)(...this.args) as () => number;
    } catch (e) {
      throw new Error(`JIT invariant broken: generated code for block at 0x${va.toString(16)} does not compile: ${String(e)}\n${src}`);
    }
    const block: Block = { fn, pa, vaLo: lo, vaHi: hi, n, valid: true };
    const old = map.get(pa);
    if (old) old.valid = false;
    map.set(pa, block);
    if (max > 1) this.dm[(pa >>> 2) & DM_MASK] = block;
    this.track(block);
    this.compiled++;
    return block;
  }

  private track(b: Block): void {
    const page = (b.pa - this.mem.ramBase) >>> 12;
    let list = this.byPage.get(page);
    if (!list) {
      list = [];
      this.byPage.set(page, list);
    }
    list.push(b);
    if (!this.mem.codePages[page]) {
      this.mem.codePages[page] = 1;
      this.mmu.protectCodePage(page);
    }
  }

  /** A write landed on a code page: drop every block translated from it. */
  invalidatePage(page: number): void {
    const list = this.byPage.get(page);
    this.mem.codePages[page] = 0;
    this.rt.codeWritten = true;
    if (!list) return;
    for (const b of list) {
      b.valid = false;
      const j = (b.pa >>> 2) & DM_MASK;
      if (this.dm[j] === b) this.dm[j] = null;
      if (this.blocks.get(b.pa) === b) this.blocks.delete(b.pa);
      if (this.singles.get(b.pa) === b) this.singles.delete(b.pa);
    }
    this.byPage.delete(page);
  }

  /** Drop everything (breakpoints changed). */
  flush(): void {
    for (const page of [...this.byPage.keys()]) this.invalidatePage(page);
    this.rt.codeWritten = false;
  }

  get size(): number {
    return this.blocks.size + this.singles.size;
  }
}

// Block translator and cache: decodes a basic block (up to 64 instructions, stopping at
// the first branch/exception-capable system instruction, page end or breakpoint),
// emits JS over the int32-pair register file, compiles it with `new Function`, and caches
// it per physical address. Stores into pages holding translated code drop their blocks.
// Emulator layer. Design and invariants: docs/emulator.md "JIT".

import { decode } from './decode.ts';
import { Emit, leaveSource, type Follow, type Sem } from './emit.ts';
import { DP_SEMANTICS } from './sem_dp.ts';
import { LDST_SEMANTICS } from './sem_ldst.ts';
import { BRANCH_SEMANTICS, emitUndefined } from './sem_branch.ts';
import { H } from './helpers.ts';
import { pruneConsts } from './prune.ts';
import type { Runtime } from './runtime.ts';
import type { RegisterFile } from './state.ts';
import type { PhysMem } from '../memory/physmem.ts';
import type { Mmu } from '../mmu/mmu.ts';

/** Every base form of encodings.ts that the CPU executes, by form id. */
export const SEMANTICS: Record<string, Sem> = { ...DP_SEMANTICS, ...LDST_SEMANTICS, ...BRANCH_SEMANTICS };

export const MAX_BLOCK_INSNS = 64;
/** Direct-mapped front cache of multi-instruction blocks, indexed by ((pa - RAM base) >> 2) & DM_MASK. */
export const DM_BITS = 14;
const DM_MASK = (1 << DM_BITS) - 1;

export interface Block {
  /** Runs the block retiring at most lim instructions; returns the count retired
   *  (PC and any pending exception are in the state). */
  fn: (lim: number) => number;
  pa: number;
  /** pa - RAM base: a small integer (RAM starts at 2^30, just past V8's small-integer
   *  range, so pa itself is a heap number), what the dispatcher compares and indexes by. */
  off: number;
  vaLo: number;
  vaHi: number;
  /** Number of instructions in the block (an upper bound on what fn retires). */
  n: number;
  /** Cleared when the block's page is written. */
  valid: boolean;
  /** True once retranslated as a region; plain blocks count their executions in hits. */
  region: boolean;
  hits: number;
}

/** Names the generated code sees. The TLB arrays carry a `$` so that no local of a
 *  semantics generator (wL/wH for writeback, ...) can shadow them. */
const PARAMS = ['$C', 'm', 'M8', 'M16', 'M32', '$rT', '$rH', '$rO', '$wT', '$wH', '$wO', 'H', 'Ho', 'X', 'T'];

/** Region limits: a hot entry is retranslated with the blocks it reaches by direct
 *  branches inside its page, joined by a switch so that in-page loops never leave JS.
 *  Small on purpose: on intmix (gcc -O2) 6 blocks ran about twice as fast as 32 (measured
 *  CPU time, short and long runs). Likely causes: V8's optimising compile time grows faster
 *  than the function, and big regions hold more never-run paths whose first use
 *  deoptimises (and later recompiles) the whole region. */
export const MAX_REGION_BLOCKS = 6;
/** Executions of a plain block before its entry is retranslated as a region. */
export const HOT_THRESHOLD = 16;

interface Piece { src: string; n: number }

/** Blocks follow branches, calls and returns within their page (BlockFollow). */
export const JIT_OPTIONS = { follow: true };

/** What a block follows: unconditional direct branches and calls to code of the same
 *  page not yet in the block (no loop is unrolled), and the return of a call it
 *  followed, checked at run time. The block stays in one page, so the page of PC
 *  and the code-write tracking stay per page. */
class BlockFollow implements Follow {
  private readonly seen = new Set<bigint>();
  private readonly returns: bigint[] = [];

  constructor(private readonly page: bigint, private readonly stopAt: (va: bigint) => boolean) {}

  /** Records that the instruction at va is in the block. */
  visit(va: bigint): void { this.seen.add(va); }

  private fits(va: bigint): boolean {
    return (va & ~0xfffn) === this.page && (va & 0xfffn) !== 0n && !this.seen.has(va) && !this.stopAt(va);
  }

  branch(target: bigint, returnTo: bigint | null): boolean {
    if (!this.fits(target)) return false;
    if (returnTo !== null) this.returns.push(returnTo);
    return true;
  }

  ret(): bigint | null {
    const back = this.returns.pop();
    return back !== undefined && this.fits(back) ? back : null;
  }
}

/** One basic block at va: its statements (every path ends in an exit or transfer). With
 *  `follow`, unconditional branches, calls and returns inside the page continue it. */
function blockBody(va: bigint, max: number, word: (va: bigint) => number, stopAt: (va: bigint) => boolean,
  link: ((va: bigint, retired: number) => string | null) | null, counted = false, follow = false): Piece {
  const parts: string[] = [];
  const f = follow ? new BlockFollow(va & ~0xfffn, stopAt) : null;
  let k = 0;
  let at = va;
  let ended = false;
  while (k < max) {
    const iva = at;
    if (k > 0 && ((iva & 0xfffn) === 0n || stopAt(iva))) break;
    if (counted && k > 0) parts.push(`if(lim<=${k})return X(${Number(iva & 0xfffn)},${k});`);
    f?.visit(iva);
    const w = word(iva) >>> 0;
    const e = new Emit(iva, k, w, link, f !== null && k + 1 < max ? f : null);
    const d = decode(w);
    const sem = d ? SEMANTICS[d.form.id] : undefined;
    if (!d || !sem) emitUndefined(e);
    else sem(d.f, e);
    parts.push(`{${pruneConsts(e.code.join(''))}}`);
    k++;
    at = e.followTo ?? iva + 4n;
    if (e.ended && e.followTo === null) { ended = true; break; }
  }
  if (!ended) parts.push(new Emit(at, k, 0, link).jump(at, k));
  return { src: parts.join('\n'), n: k };
}

/** Forms whose semantics can end a block (branches, exception generators, system
 *  register accesses that may be UNDEFINED); every other form always falls through. */
const MAY_END = new Set(['B', 'BL', 'B_cond', 'CBZ', 'CBNZ', 'TBZ', 'TBNZ', 'BR', 'BLR', 'RET', 'SVC', 'BRK', 'MRS', 'MSR_reg']);

/** The direct in-page jump targets of the block at va, found without emitting its body:
 *  only instructions that may end a block run their semantics (for the targets they link). */
function blockTargets(va: bigint, max: number, word: (va: bigint) => number, stopAt: (va: bigint) => boolean,
  link: (va: bigint, retired: number) => null): void {
  let k = 0;
  while (k < max) {
    const iva = va + BigInt(4 * k);
    if (k > 0 && ((iva & 0xfffn) === 0n || stopAt(iva))) break;
    const w = word(iva) >>> 0;
    const d = decode(w);
    const sem = d ? SEMANTICS[d.form.id] : undefined;
    k++;
    if (d && sem && !MAY_END.has(d.form.id)) continue;
    const e = new Emit(iva, k - 1, w, link);
    if (!d || !sem) emitUndefined(e);
    else sem(d.f, e);
    if (e.ended) return;
  }
  link(va + BigInt(4 * k), k);
}

/** The blocks of the entry's loop: discovered through direct in-page branches (up to
 *  MAX_REGION_BLOCKS), kept when they can reach the entry again. Always holds the entry;
 *  null when nothing found branches back to the entry (no loop: a region would only be
 *  the plain block compiled again). */
function loopBlocks(page: bigint, entry: number, max: number, word: (va: bigint) => number,
  stopAt: (va: bigint) => boolean): Set<number> | null {
  const succ = new Map<number, number[]>();
  const queue = [entry];
  while (queue.length > 0 && succ.size < MAX_REGION_BLOCKS) {
    const off = queue.shift()!;
    if (succ.has(off)) continue;
    const targets: number[] = [];
    blockTargets(page + BigInt(off), max, word, stopAt, (t) => {
      if ((t & ~0xfffn) === page && !stopAt(t)) targets.push(Number(t & 0xfffn));
      return null;
    });
    succ.set(off, targets);
    for (const t of targets) if (!succ.has(t)) queue.push(t);
  }
  const preds = new Map<number, number[]>();
  for (const [from, ts] of succ) for (const t of ts) if (succ.has(t)) preds.set(t, [...(preds.get(t) ?? []), from]);
  if (!preds.has(entry)) return null;
  const keep = new Set<number>([entry]);
  const work = [entry];
  while (work.length > 0) {
    for (const p of preds.get(work.pop()!) ?? []) if (!keep.has(p)) { keep.add(p); work.push(p); }
  }
  return keep;
}

/** JS body of a block function `(lim) => retired` for code at va. Counted blocks stop
 *  after `lim` instructions (budget ends, stepping); plain blocks assume lim >= n. With region, direct
 *  branches to other addresses in the same page become transfers (`pc = off; continue`)
 *  guarded so that at most `lim` instructions retire; everything else leaves. */
export function blockSource(va: bigint, max: number, word: (va: bigint) => number, stopAt: (va: bigint) => boolean,
  region = false, counted = false): { src: string; n: number; table?: Int16Array } | null {
  if (!region) {
    const b = blockBody(va, max, word, stopAt, null, counted, JIT_OPTIONS.follow && max > 1);
    return { src: `let n=0;\n${b.src}`, n: b.n };
  }
  const page = va & ~0xfffn;
  const entry = Number(va & 0xfffn);
  // Case labels are dense indices (entry = 0) so the switch compiles to a jump table.
  const loop = loopBlocks(page, entry, max, word, stopAt);
  if (!loop) return null;
  const order = [...loop];
  const index = new Map(order.map((off, i) => [off, i]));
  const done = new Map<number, Piece>();
  const link = (target: bigint, retired: number): string | null => {
    const off = Number(target & 0xfffn);
    if ((target & ~0xfffn) !== page || !index.has(off)) return null;
    return `{n+=${retired};if(n+@L${off}@>lim)${leaveSource(target, 'n')}pc=${index.get(off)};continue;}`;
  };
  for (const off of order) done.set(off, blockBody(page + BigInt(off), max, word, stopAt, link, false, JIT_OPTIONS.follow));
  const cases = order.map((off, i) => `case ${i}:{\n${done.get(off)!.src}\n}`).join('\n');
  // An indirect branch to an offset the region has no block for leaves through default.
  const body = `for(;;){switch(pc){\n${cases}\ndefault:return X(po,n);}}`;
  const longest = Math.max(...[...done.values()].map((b) => b.n));
  const linked = body.replace(/@L(\d+)@/g, (_m, off: string) => String(done.get(Number(off))!.n)).replace(/@M@/g, String(longest));
  const table = new Int16Array(1024).fill(-1);
  order.forEach((off, i) => { table[off >> 2] = i; });
  return { src: `let n=0,pc=0,po=${entry};${linked}`, n: done.get(entry)!.n, table };
}

export class Jit {
  private readonly blocks = new Map<number, Block>();
  /** Counted blocks (stop after `lim` instructions): one-instruction ones for step(), full-length
   *  ones for the end of a run budget or the next timer event. */
  private readonly singles = new Map<number, Block>();
  private readonly counted = new Map<number, Block>();
  private readonly byPage = new Map<number, Block[]>();
  private readonly args: unknown[];
  /** VA keys (hi * 2^32 + lo) where blocks must start (breakpoints). */
  stops: Set<number> = new Set();
  compiled = 0;
  /** Front cache the machine's inner loop reads directly. */
  readonly dm: (Block | null)[] = new Array<Block | null>(1 << DM_BITS).fill(null);

  constructor(private readonly mem: PhysMem, private readonly mmu: Mmu, private readonly rt: Runtime, regs: RegisterFile) {
    /** In-page exit: keep the page of PC, set its offset, return the retired count. */
    const X = (off: number, retired: number): number => {
      const r = regs.r;
      r[64] = (r[64] & -4096) | off;
      return retired;
    };
    this.args = [regs, rt, mem.u8, mem.u16, mem.i32, mmu.rTag, mmu.rHi, mmu.rOff, mmu.wTag, mmu.wHi, mmu.wOff, H, H.out, X];
    mem.onCodeWrite = (page) => this.invalidatePage(page);
  }

  /** The block for code at RAM address pa and VA hi:lo: 'block' (plain or region, tiered up
   *  when hot), 'counted' (honours lim) or 'single' (one instruction). */
  get(pa: number, lo: number, hi: number, kind: 'block' | 'counted' | 'single'): Block {
    const map = kind === 'block' ? this.blocks : kind === 'counted' ? this.counted : this.singles;
    const b = map.get(pa);
    if (b !== undefined && b.vaLo === lo && b.vaHi === hi) {
      if (kind !== 'block') return b;
      // No regions while breakpoints are set: in-region indirect branches skip the checks.
      if (!b.region && ++b.hits >= HOT_THRESHOLD && this.stops.size === 0) return this.compile(pa, lo, hi, MAX_BLOCK_INSNS, map, true);
      this.dm[this.dmIndex(pa)] = b;
      return b;
    }
    return this.compile(pa, lo, hi, kind === 'single' ? 1 : MAX_BLOCK_INSNS, map, false, kind === 'counted');
  }

  private compile(pa: number, lo: number, hi: number, max: number, map: Map<number, Block>, region: boolean,
    counted = false): Block {
    const va = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
    const pageVa = va & ~0xfffn;
    const pageWord = (pa - (pa & 0xfff) - this.mem.ramBase) >> 2;
    const i32 = this.mem.i32;
    const word = (v: bigint): number => i32[pageWord + Number((v - pageVa) >> 2n)];
    const made = blockSource(va, max, word, (v) => this.stops.has(Number(v)), region, counted);
    if (!made) {
      // Not in a loop: the plain block stays, marked as tiered so it is not looked at again.
      const b = map.get(pa)!;
      b.region = true;
      this.dm[this.dmIndex(pa)] = b;
      return b;
    }
    const { src, n, table } = made;
    let fn: (lim: number) => number;
    try {
      // The sourceURL names the block in profiles and stack traces (jit/<va><kind>).
      const name = `jit/${va.toString(16)}${region ? 'r' : counted ? 'c' : max === 1 ? 's' : ''}`;
      // The register array is read from its holder on every call: a context switch may replace it.
      fn = new Function(...PARAMS, `"use strict";return function(lim){const r=$C.r;\n${src}\n};\n//# sourceURL=${name}`)(...this.args, table ?? null) as (lim: number) => number;
    } catch (e) {
      throw new Error(`JIT invariant broken: generated code for block at 0x${va.toString(16)} does not compile: ${String(e)}\n${src}`);
    }
    const block: Block = { fn, pa, off: pa - this.mem.ramBase, vaLo: lo, vaHi: hi, n, valid: true, region, hits: 0 };
    const old = map.get(pa);
    if (old) old.valid = false;
    map.set(pa, block);
    if (map === this.blocks) this.dm[this.dmIndex(pa)] = block;
    this.track(block);
    this.compiled++;
    return block;
  }

  /** The front cache slot of a block at RAM address pa: by its offset into RAM. */
  dmIndex(pa: number): number {
    return ((pa - this.mem.ramBase) >>> 2) & DM_MASK;
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
      const j = this.dmIndex(b.pa);
      if (this.dm[j] === b) this.dm[j] = null;
      if (this.blocks.get(b.pa) === b) this.blocks.delete(b.pa);
      if (this.singles.get(b.pa) === b) this.singles.delete(b.pa);
      if (this.counted.get(b.pa) === b) this.counted.delete(b.pa);
    }
    this.byPage.delete(page);
  }

  /** Drop everything (breakpoints changed). */
  flush(): void {
    for (const page of [...this.byPage.keys()]) this.invalidatePage(page);
    this.rt.codeWritten = false;
  }

  get size(): number {
    return this.blocks.size + this.singles.size + this.counted.size;
  }
}

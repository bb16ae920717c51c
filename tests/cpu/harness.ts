// Test harness for the CPU: assembles A64 text with the GNU oracle (aarch64-linux-gnu-as),
// builds a small machine with real page tables (code RX, data RW, stack RW) and a
// recording kernel hook. Shared by tests/cpu, tests/mmu and tests/devices.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Machine } from '../../src/emulator/machine.ts';
import { mapPage, type PageRights } from '../../src/emulator/mmu/pagetable.ts';
import type { CpuException, KernelHook } from '../../src/emulator/types.ts';

const AS = 'aarch64-linux-gnu-as';
const OBJCOPY = 'aarch64-linux-gnu-objcopy';
const dir = mkdtempSync(join(tmpdir(), 'caplab-cpu-'));
const cache = new Map<string, Uint32Array>();

function requireTool(tool: string): void {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error(`oracle ${tool} is missing: install binutils-aarch64-linux-gnu (see .ci/run)`);
  }
}

/** Assemble GNU as text (one .text section) into instruction words. */
export function assemble(src: string): Uint32Array {
  const hit = cache.get(src);
  if (hit) return hit;
  requireTool(AS);
  const h = createHash('sha1').update(src).digest('hex').slice(0, 16);
  const s = join(dir, `${h}.s`), o = join(dir, `${h}.o`), b = join(dir, `${h}.bin`);
  writeFileSync(s, `.text\n${src}\n`);
  execFileSync(AS, ['-o', o, s]);
  execFileSync(OBJCOPY, ['-O', 'binary', '-j', '.text', o, b]);
  const bytes = existsSync(b) ? readFileSync(b) : Buffer.alloc(0);
  const words = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  cache.set(src, words);
  return words;
}

export const CODE_VA = 0x40_0000n;
export const DATA_VA = 0x1000_0000n;
export const STACK_TOP = 0x7fff_0000n;
export const CODE_PA = 0x4010_0000n;
export const DATA_PA = 0x4020_0000n;
export const STACK_PA = 0x4030_0000n;
export const TABLE_PA = 0x4080_0000n;

export interface TestMachine {
  m: Machine;
  exceptions: CpuException[];
  /** Bump allocator for page-table pages. */
  alloc: () => bigint;
  root: bigint;
  map: (va: bigint, pa: bigint, rights: PageRights) => void;
}

/** How the test kernel reacts: default halts on svc #0 (exit code x0) and on every fault. */
export type Policy = (ex: CpuException, t: TestMachine) => void;

export const haltOnAnything: Policy = (ex, t) => {
  if (ex.kind === 'svc' && ex.imm === 0) t.m.halt(Number(t.m.cpu.getX(0) & 0xffn));
  else t.m.halt(-1, ex.kind);
};

/** A machine with `words` at CODE_VA, 64 KiB data at DATA_VA, 64 KiB stack below STACK_TOP. */
export function machineWith(words: Uint32Array, policy: Policy = haltOnAnything, codePages = 4): TestMachine {
  const exceptions: CpuException[] = [];
  let next = TABLE_PA;
  const alloc = (): bigint => { const p = next; next += 0x1000n; return p; };
  const t = {} as TestMachine;
  const kernel: KernelHook = { handleException: (ex) => { exceptions.push(ex); policy(ex, t); } };
  const m = new Machine({ ramBytes: 16 * 1024 * 1024, kernel });
  const root = alloc();
  m.mem.zero(Number(root), 4096);
  const map = (va: bigint, pa: bigint, rights: PageRights): void => {
    const r = mapPage(m.mem, root, va, pa, rights, alloc);
    if (!r.ok) throw new Error(r.error);
  };
  Object.assign(t, { m, exceptions, alloc, root, map });
  for (let i = 0n; i < BigInt(codePages); i++) map(CODE_VA + i * 0x1000n, CODE_PA + i * 0x1000n, { read: true, write: false, exec: true });
  for (let i = 0n; i < 16n; i++) map(DATA_VA + i * 0x1000n, DATA_PA + i * 0x1000n, { read: true, write: true, exec: false });
  for (let i = 1n; i <= 16n; i++) map(STACK_TOP - i * 0x1000n, STACK_PA + (16n - i) * 0x1000n, { read: true, write: true, exec: false });
  m.mem.writeBytes(Number(CODE_PA), new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
  m.cpu.ttbr0 = root;
  m.cpu.asid = 1;
  m.cpu.pc = CODE_VA;
  m.cpu.sp = STACK_TOP;
  return t;
}

/** Assemble, run to halt (or budget), return the machine. */
export function runAsm(src: string, budget = 1_000_000, policy: Policy = haltOnAnything): TestMachine {
  const t = machineWith(assemble(src), policy);
  t.m.run(budget);
  return t;
}

export const X = (t: TestMachine, n: number): bigint => t.m.cpu.getX(n);

// Per-instruction differential oracle: many small cases (set x0-x7 and NZCV, run one or
// a few instructions, dump x0-x7, NZCV and a scratch memory window) assembled into one
// static program, run under qemu-aarch64-static and under the emulator; results compared.
// Fails loudly when the GNU tools or qemu are missing.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Machine } from '../../src/emulator/machine.ts';
import { mapPage } from '../../src/emulator/mmu/pagetable.ts';

export interface Case {
  /** Instruction text (may be several lines). Uses x0-x7 and x10 (scratch pointer). */
  asm: string;
  /** Initial x0..x7 (missing = 0). */
  regs?: bigint[];
  /** Initial NZCV in bits 31:28. */
  nzcv?: number;
}

const SCRATCH = 64;
const REC = 8 * 8 + 8;
const dir = mkdtempSync(join(tmpdir(), 'caplab-oracle-'));

function tool(name: string): string {
  try { execFileSync(name, ['--version'], { stdio: 'ignore' }); } catch {
    throw new Error(`oracle ${name} is missing: install binutils-aarch64-linux-gnu and qemu-user-static (see .ci/run)`);
  }
  return name;
}

const hex = (v: bigint): string => `0x${BigInt.asUintN(64, v).toString(16)}`;

/** The program text for a list of cases. */
export function programFor(cases: Case[]): string {
  const out: string[] = ['.text', '.globl _start', '_start:', 'adrp x27, buf', 'add x27, x27, :lo12:buf',
    'adrp x26, scratch', 'add x26, x26, :lo12:scratch'];
  cases.forEach((c, i) => {
    out.push(`// case ${i}`);
    out.push(`ldr x10, =${i * SCRATCH}`, 'add x10, x26, x10');
    for (let r = 0; r < 8; r++) out.push(`ldr x${r}, =${hex(c.regs?.[r] ?? 0n)}`);
    out.push(`ldr x9, =${hex(BigInt(c.nzcv ?? 0))}`, 'msr nzcv, x9');
    out.push(c.asm);
    out.push('mrs x9, nzcv', 'stp x0, x1, [x27], #16', 'stp x2, x3, [x27], #16', 'stp x4, x5, [x27], #16',
      'stp x6, x7, [x27], #16', 'str x9, [x27], #8');
    if (i % 40 === 39) out.push(`b 1f`, '.ltorg', '1:');
  });
  const n = cases.length;
  out.push('mov x0, #1', 'adrp x1, buf', 'add x1, x1, :lo12:buf', `ldr x2, =${n * REC}`, 'mov x8, #64', 'svc #0');
  out.push('mov x0, #1', 'adrp x1, scratch', 'add x1, x1, :lo12:scratch', `ldr x2, =${n * SCRATCH}`, 'mov x8, #64', 'svc #0');
  out.push('mov x0, #0', 'mov x8, #93', 'svc #0', '.ltorg');
  out.push('.data', '.balign 16', 'scratch:');
  for (let i = 0; i < n * SCRATCH; i += 8) {
    out.push(`.quad ${hex(BigInt(0x0123456789abcdefn) * BigInt(i + 1) ^ BigInt(i) << 56n)}`);
  }
  out.push('.bss', '.balign 16', `buf: .skip ${n * REC}`);
  return out.join('\n') + '\n';
}

let counter = 0;

/** Assemble and link; returns the ELF path and the flat image (from 0x400000). */
export function build(cases: Case[]): { elf: string; image: Uint8Array; bssEnd: number } {
  const as = tool('aarch64-linux-gnu-as'), ld = tool('aarch64-linux-gnu-ld'), objcopy = tool('aarch64-linux-gnu-objcopy');
  const base = join(dir, `p${counter++}`);
  writeFileSync(`${base}.s`, programFor(cases));
  execFileSync(as, ['-o', `${base}.o`, `${base}.s`]);
  execFileSync(ld, ['-static', '-Ttext=0x400000', '-z', 'max-page-size=4096', '-o', `${base}.elf`, `${base}.o`]);
  execFileSync(objcopy, ['-O', 'binary', `${base}.elf`, `${base}.bin`]);
  const image = new Uint8Array(readFileSync(`${base}.bin`));
  return { elf: `${base}.elf`, image, bssEnd: 0x400000 + image.length + cases.length * REC + 0x10000 };
}

export function runQemu(elf: string): Uint8Array {
  const q = tool('qemu-aarch64-static');
  return new Uint8Array(execFileSync(q, [elf], { maxBuffer: 64 << 20 }));
}

/** Run the flat image on the emulator with a two-syscall Linux stand-in (write, exit). */
export function runEmulator(image: Uint8Array, bssEnd: number, blockMode = true): { out: Uint8Array; machine: Machine } {
  const chunks: number[] = [];
  let next = 0x4700_0000n;
  const alloc = (): bigint => { const p = next; next += 0x1000n; return p; };
  const m = new Machine({
    ramBytes: 128 << 20,
    kernel: {
      handleException(ex) {
        if (ex.kind !== 'svc') { m.halt(-1, `${ex.kind} at 0x${ex.pc.toString(16)}`); return; }
        const nr = m.cpu.getX(8);
        if (nr === 64n) {
          const data = m.readVirtual(m.cpu.getX(1), Number(m.cpu.getX(2)));
          if (!(data instanceof Uint8Array)) { m.halt(-1, 'bad write buffer'); return; }
          for (const b of data) chunks.push(b);
          m.cpu.setX(0, BigInt(data.length));
          m.cpu.pc = ex.pc + 4n;
        } else m.halt(Number(m.cpu.getX(0)));
      },
    },
  });
  const root = alloc();
  m.mem.zero(Number(root), 4096);
  const pages = Math.ceil((bssEnd - 0x400000) / 4096);
  for (let i = 0; i < pages; i++) {
    const r = mapPage(m.mem, root, 0x400000n + BigInt(i * 4096), 0x4010_0000n + BigInt(i * 4096), { read: true, write: true, exec: true }, alloc);
    if (!r.ok) throw new Error(r.error);
  }
  for (let i = 1; i <= 16; i++) mapPage(m.mem, root, 0x7fff_0000n - BigInt(i * 4096), 0x4600_0000n - BigInt(i * 4096), { read: true, write: true, exec: false }, alloc);
  m.mem.writeBytes(0x4010_0000, image);
  m.cpu.ttbr0 = root;
  m.cpu.asid = 1;
  m.cpu.pc = 0x400000n;
  m.cpu.sp = 0x7fff_0000n;
  for (let guard = 0; guard < 10_000_000 && !m.halted; guard++) {
    if (blockMode) m.run(1_000_000); else m.step();
  }
  if (m.halted?.exitCode !== 0) throw new Error(`emulator run failed: ${JSON.stringify(m.halted)}`);
  return { out: new Uint8Array(chunks), machine: m };
}

/** Compare emulator and qemu output; returns readable mismatches (empty when equal). */
export function compare(cases: Case[], emu: Uint8Array, ref: Uint8Array): string[] {
  const bad: string[] = [];
  if (emu.length !== ref.length) return [`output length ${emu.length} != qemu ${ref.length}`];
  const dv = (a: Uint8Array, off: number): bigint => new DataView(a.buffer, a.byteOffset).getBigUint64(off, true);
  const recBase = 0, scrBase = cases.length * REC;
  cases.forEach((c, i) => {
    for (let r = 0; r < 9; r++) {
      const off = recBase + i * REC + r * 8;
      const a = dv(emu, off), b = dv(ref, off);
      if (a !== b) bad.push(`case ${i} \`${c.asm.replace(/\n/g, '; ')}\` regs=${(c.regs ?? []).map(hex).join(',')} nzcv=${hex(BigInt(c.nzcv ?? 0))}: ${r === 8 ? 'nzcv' : `x${r}`} = ${hex(a)}, qemu ${hex(b)}`);
    }
    for (let o = 0; o < SCRATCH; o += 8) {
      const off = scrBase + i * SCRATCH + o;
      const a = dv(emu, off), b = dv(ref, off);
      if (a !== b) bad.push(`case ${i} \`${c.asm}\`: memory +${o} = ${hex(a)}, qemu ${hex(b)}`);
    }
  });
  return bad.slice(0, 30);
}

/** Full differential run of a case list. */
export function differential(cases: Case[], blockMode = true): string[] {
  const { elf, image, bssEnd } = build(cases);
  const ref = runQemu(elf);
  const { out } = runEmulator(image, bssEnd, blockMode);
  return compare(cases, out, ref);
}

// Test helper: the oracle side. Builds a C program with aarch64-linux-gnu-gcc
// against glibc (static) and runs it, or any ELF, under qemu-aarch64-static.
// A missing tool fails loudly with its name.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProcRun { stdout: string; stderr: string; status: number }

export function requireOracles(): void {
  for (const t of ['aarch64-linux-gnu-gcc', 'qemu-aarch64-static']) {
    const r = spawnSync(t, ['--version'], { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`missing oracle tool '${t}' (install gcc-aarch64-linux-gnu, qemu-user-static)`);
  }
}

const work = mkdtempSync(join(tmpdir(), 'caplab-sysroot-'));
let seq = 0;

/** gcc -O0 -static against glibc; returns the executable's path. */
export function gccGlibc(path: string, extra: string[] = []): string {
  const exe = join(work, `g${++seq}`);
  execFileSync('aarch64-linux-gnu-gcc', ['-static', '-O0', '-w', '-fno-builtin', ...extra, path, '-o', exe]);
  return exe;
}

export function qemuRun(exe: string, args: string[] = []): ProcRun {
  const r = spawnSync('qemu-aarch64-static', [exe, ...args], { encoding: 'latin1', timeout: 60_000 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? 128 + 15 };
}

/** Writes our ELF to a file and runs it under qemu (checks real encodings and ABI). */
export function qemuRunBytes(elf: Uint8Array, args: string[] = []): ProcRun {
  const exe = join(work, `o${++seq}`);
  writeFileSync(exe, elf, { mode: 0o755 });
  return qemuRun(exe, args);
}

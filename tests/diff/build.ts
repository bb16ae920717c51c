// Builds and runs test programs with the Debian oracles: GNU as + ld for the
// generated assembly, gcc for the C fixtures, qemu-aarch64-static to run them.
// Test helper. Build products go to a temporary directory, never the repo.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TOOLS, runTool } from './tools.ts';

export const FIXTURES_C = resolve(import.meta.dirname, '../fixtures/c');

export function tempDir(tag: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `caplab-${tag}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Assembles and links one GNU as source into a static executable; returns its path. */
export function buildAsm(dir: string, name: string, source: string): string {
  const s = join(dir, `${name}.s`);
  writeFileSync(s, source);
  runTool('as', ['-o', join(dir, `${name}.o`), s]);
  runTool('ld', ['-static', '-o', join(dir, name), join(dir, `${name}.o`)]);
  return join(dir, name);
}

export type COpt = 'O0' | 'O2';

/** The gcc flags for each optimisation level: static, freestanding, no FP/SIMD registers. */
export function cFlags(opt: COpt): string[] {
  return [`-${opt}`, '-mgeneral-regs-only', '-static', '-nostdlib', '-ffreestanding', '-fno-stack-protector',
    '-no-pie', '-fno-asynchronous-unwind-tables', '-Wall', '-Werror'];
}

/** Compiles a C fixture (a name relative to tests/fixtures/c, without .c) with
 *  the freestanding runtime; returns the executable's path. */
export function buildC(dir: string, fixture: string, opt: COpt): string {
  const out = join(dir, `${fixture.replace(/\//g, '_')}.${opt}`);
  runTool('gcc', [...cFlags(opt), '-o', out, join(FIXTURES_C, 'rt/start.S'), join(FIXTURES_C, 'rt/rt.c'), join(FIXTURES_C, `${fixture}.c`), '-lgcc']);
  return out;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number;
}

/** Runs a static AArch64 executable under qemu-aarch64-static. */
export function runQemu(path: string, args: string[] = []): RunResult {
  const r = spawnSync(TOOLS.qemu.cmd, [path, ...args], { encoding: 'latin1', maxBuffer: 256 << 20, timeout: 60_000 });
  if (r.error) throw new Error(`${TOOLS.qemu.cmd} ${path}: ${r.error.message}`);
  const status = r.status ?? (r.signal ? 128 + signalNumber(r.signal) : -1);
  return { stdout: r.stdout, stderr: r.stderr, status };
}

function signalNumber(sig: NodeJS.Signals): number {
  const table: Partial<Record<NodeJS.Signals, number>> = { SIGILL: 4, SIGTRAP: 5, SIGBUS: 7, SIGSEGV: 11, SIGSYS: 31, SIGKILL: 9 };
  return table[sig] ?? 0;
}

/** Runs under qemu-aarch64-static with stderr joined to stdout in write order (as one
 *  serial console shows both), optionally in a working directory. */
export function runQemuConsole(path: string, args: string[] = [], cwd?: string): { console: string; status: number } {
  const r = spawnSync('sh', ['-c', `exec ${TOOLS.qemu.cmd} "$@" 2>&1`, 'sh', path, ...args], { encoding: 'latin1', maxBuffer: 256 << 20, timeout: 60_000, cwd });
  if (r.error) throw new Error(`${TOOLS.qemu.cmd} ${path}: ${r.error.message}`);
  return { console: r.stdout, status: r.status ?? -1 };
}

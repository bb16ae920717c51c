// Test harness for the C compiler: compiles C with our compiler (or gcc), assembles and
// links with the Debian cross binutils against tests/cc/runtime, runs under
// qemu-aarch64-static. Missing tools fail loudly with the tool's name.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic } from '../../src/shared/diagnostic.ts';
import { compile } from '../../src/toolchain/cc/index.ts';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const RUNTIME = join(HERE, 'runtime');
const TOOLS = ['aarch64-linux-gnu-as', 'aarch64-linux-gnu-ld', 'aarch64-linux-gnu-gcc', 'qemu-aarch64-static'];

export function requireTools(): void {
  for (const t of TOOLS) {
    const r = spawnSync(t, ['--version'], { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`missing oracle tool '${t}' (install binutils-aarch64-linux-gnu, gcc-aarch64-linux-gnu, qemu-user-static)`);
  }
}

export const work = mkdtempSync(join(tmpdir(), 'caplab-cc-'));
let seq = 0;
const tmp = (ext: string): string => join(work, `f${++seq}${ext}`);

const readFile = (p: string): string | undefined => {
  try { return readFileSync(p, 'utf8'); } catch { return undefined; }
};

/** Compiles C text with our compiler to an object file; throws with the diagnostics on error. */
export function ourObject(name: string, text: string): string {
  const r = compile({ name, text }, { includeDirs: [RUNTIME], readFile });
  if (!r.asm) throw new Error(`compile failed:\n${r.diagnostics.map(formatDiagnostic).join('\n')}`);
  const s = tmp('.s');
  writeFileSync(s, r.asm);
  const o = tmp('.o');
  execFileSync('aarch64-linux-gnu-as', [s, '-o', o]);
  return o;
}

export function gccObject(path: string): string {
  const o = tmp('.o');
  execFileSync('aarch64-linux-gnu-gcc', ['-O0', '-ffreestanding', '-fno-builtin', '-fno-stack-protector', '-fno-pic', '-I', RUNTIME, '-c', path, '-o', o]);
  return o;
}

let runtimeOurs: string | undefined;
let runtimeGcc: string | undefined;
let startObj: string | undefined;

function start(): string {
  if (!startObj) { startObj = tmp('.o'); execFileSync('aarch64-linux-gnu-as', [join(RUNTIME, 'start.s'), '-o', startObj]); }
  return startObj;
}

export function runtime(which: 'ours' | 'gcc'): string {
  if (which === 'ours') return (runtimeOurs ??= ourObject(join(RUNTIME, 'rt.c'), readFileSync(join(RUNTIME, 'rt.c'), 'utf8')));
  return (runtimeGcc ??= gccObject(join(RUNTIME, 'rt.c')));
}

export function link(objs: string[]): string {
  const exe = tmp('');
  execFileSync('aarch64-linux-gnu-ld', ['-static', '-nostdlib', '-o', exe, start(), ...objs]);
  return exe;
}

export interface RunResult { status: number; stdout: string }

export function run(exe: string): RunResult {
  const r = spawnSync('qemu-aarch64-static', [exe], { encoding: 'utf8', timeout: 20_000 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout };
}

/** Retired instructions under qemu 7 (`-singlestep -d exec,nochain` logs one line per instruction). */
export async function countInstructions(exe: string): Promise<number> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const p = spawn('qemu-aarch64-static', ['-singlestep', '-d', 'exec,nochain', exe], { stdio: ['ignore', 'ignore', 'pipe'] });
    let n = 0;
    p.stderr.on('data', (b: Buffer) => { for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n++; });
    p.on('error', reject);
    p.on('close', () => resolve(n));
  });
}

// Test helper: run the GNU oracles (aarch64-linux-gnu-as / objdump) on a batch of
// lines and read back bytes and disassembly. Fails loudly when a tool is missing.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const AS = 'aarch64-linux-gnu-as';
const OBJDUMP = 'aarch64-linux-gnu-objdump';
const OBJCOPY = 'aarch64-linux-gnu-objcopy';

export function requireTool(tool: string): void {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`oracle '${tool}' is missing: install binutils-aarch64-linux-gnu (Debian) to run the ISA differential tests`);
  }
}

export interface ObjdumpLine { addr: number; word: number; mnemonic: string; operands: string; comment?: string; raw: string }

/** Parse the body lines of `objdump -d`. */
export function parseObjdump(text: string): ObjdumpLine[] {
  const out: ObjdumpLine[] = [];
  for (const raw of text.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t([0-9a-f]{8}) \t(.*)$/.exec(raw);
    if (!m) continue;
    let body = m[3];
    let comment: string | undefined;
    const c = body.search(/\s+\/\/ /);
    if (c >= 0) { comment = body.slice(c).replace(/^\s+\/\/ /, '').trim(); body = body.slice(0, c); }
    body = body.replace(/ ; undefined$/, '');
    const tab = body.indexOf('\t');
    const mnemonic = tab < 0 ? body.trim() : body.slice(0, tab);
    const operands = tab < 0 ? '' : body.slice(tab + 1).trim();
    out.push({ addr: parseInt(m[1], 16), word: parseInt(m[2], 16), mnemonic, operands, comment, raw });
  }
  return out;
}

function withTmp<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'caplab-isa-'));
  try { return fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

/** Assemble source text; returns the .text bytes, GNU as's stderr, and objdump of the object. */
export function gnuAssemble(source: string): { text: Uint8Array; stderr: string; objdump: ObjdumpLine[] } {
  requireTool(AS); requireTool(OBJDUMP); requireTool(OBJCOPY);
  return withTmp((dir) => {
    const s = join(dir, 't.s');
    const o = join(dir, 't.o');
    const bin = join(dir, 't.bin');
    writeFileSync(s, source);
    const r = spawnSync(AS, ['-march=armv8.2-a', '-o', o, s], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`GNU as failed:\n${r.stderr.slice(0, 4000)}`);
    execFileSync(OBJCOPY, ['-O', 'binary', '-j', '.text', o, bin]);
    const dump = execFileSync(OBJDUMP, ['-d', o], { encoding: 'utf8', maxBuffer: 256 << 20 });
    return { text: new Uint8Array(readFileSync(bin)), stderr: r.stderr, objdump: parseObjdump(dump) };
  });
}

/** objdump the given words (emitted with .inst at address 0, 4, 8, ...). */
export function gnuDisassemble(words: readonly number[]): ObjdumpLine[] {
  const src = words.map((w) => `.inst 0x${(w >>> 0).toString(16)}\n`).join('');
  return gnuAssemble(src).objdump;
}

/** Symbolizer matching objdump's output for a bare object: `.text` / `.text+0x..`. */
export const textSymbolizer = (a: bigint): string => (a === 0n ? '.text' : `.text+0x${a.toString(16)}`);

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0);
  };
}

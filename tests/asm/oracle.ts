// Helpers for differential tests against the GNU binutils / qemu oracles.
// A missing tool fails the test with a message naming it (never a silent skip).

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readObject } from '../../src/toolchain/elf/read.ts';
import { relocTypeName } from '../../src/toolchain/elf/reloc.ts';
import type { ObjectFile } from '../../src/toolchain/elf/object.ts';

export function requireTool(name: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout.trim()) {
    throw new Error(`oracle tool '${name}' is not installed (Debian: apt-get install binutils-aarch64-linux-gnu gcc-aarch64-linux-gnu qemu-user-static)`);
  }
  return r.stdout.trim();
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'caplab-asm-'));
}

/** Assemble `text` with GNU as; returns the .o bytes. */
export function gnuAs(text: string, dir = tempDir()): Uint8Array {
  const as = requireTool('aarch64-linux-gnu-as');
  const src = join(dir, 'in.s');
  const out = join(dir, 'gnu.o');
  writeFileSync(src, text);
  execFileSync(as, ['-o', out, src], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Uint8Array(readFileSync(out));
}

export interface SectionView {
  name: string;
  size: number;
  bytes: string;
  relocs: string[];
}

/** A comparable view of an object: content sections and relocations (symbol names resolved). */
export function viewObject(o: ObjectFile): SectionView[] {
  return o.sections
    .filter((s) => s.flags & 2 || s.size > 0)
    .filter((s) => !s.name.startsWith('.note') && s.name !== '.comment')
    .map((s) => ({
      name: s.name,
      size: s.size,
      bytes: Buffer.from(s.data).toString('hex'),
      relocs: s.relocs.map((r) => {
        const sym = o.symbols[r.sym];
        return `${r.offset.toString(16)} ${relocTypeName(r.type)} ${sym.name}${r.addend >= 0n ? '+' : '-'}0x${(r.addend < 0n ? -r.addend : r.addend).toString(16)}`;
      }),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function viewElfObject(bytes: Uint8Array, name: string): SectionView[] {
  const r = readObject(bytes, name);
  if (!r.ok) throw new Error(r.error);
  return viewObject(r.value);
}

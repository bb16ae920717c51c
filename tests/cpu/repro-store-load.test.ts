// Regression: tests/sysroot/repro/jit-store-load.c (printf through our sysroot) once
// read a stale stack slot after `str x16, [x29, #32]` in block mode while single-stepping
// was right. Blocks, budget slices and single steps must print the same and retire the
// same instructions.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOurs, runOnMachine } from '../sysroot/run.ts';

const SRC = resolve(import.meta.dirname, '../sysroot/repro/jit-store-load.c');

describe('store then load of the same stack slot (jit-store-load repro)', () => {
  it('prints the same in block mode as single-stepped', () => {
    const elf = buildOurs([{ name: 'jit-store-load.c', text: readFileSync(SRC, 'utf8') }]);
    const stepped = runOnMachine(elf, 'linux', ['prog'], 1_000_000, true);
    const blocks = runOnMachine(elf, 'linux', ['prog'], 1_000_000, false);
    expect(stepped.stdout).toBe('abcb77 2748\n');
    expect(blocks).toEqual(stepped);
  });
});

// The linux sysroot's libc against glibc: printf formatting, string/ctype/
// conversion functions and a malloc/free stress program are built twice, by
// gcc against glibc and by our toolchain against our sysroot; the outputs must
// be identical on qemu and on our machine (our binary also runs under qemu).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gccGlibc, qemuRun, qemuRunBytes, requireOracles } from './glibc.ts';
import { buildOurs, runOnMachine } from './run.ts';

const DIR = join(import.meta.dirname, 'programs');

describe('libc (linux target) vs glibc', () => {
  beforeAll(() => requireOracles());
  for (const name of ['printf.c', 'strings.c', 'malloc.c']) {
    it(name, () => {
      const path = join(DIR, name);
      const want = qemuRun(gccGlibc(path));
      const elf = buildOurs([{ name, text: readFileSync(path, 'utf8') }]);
      const mine = runOnMachine(elf, 'linux', [name]);
      expect(mine.report).toBeUndefined();
      expect(mine.stdout).toBe(want.stdout);
      expect(mine.stderr).toBe(want.stderr);
      expect(mine.status).toBe(want.status);
      const mineQemu = qemuRunBytes(elf);
      expect(mineQemu.stdout).toBe(want.stdout);
      expect(mineQemu.status).toBe(want.status);
      expect(want.stdout.length).toBeGreaterThan(40);
    });
  }
});

// Differential tests against gcc -O0: the same C programs (tests/cc/programs/*.c and
// randomly generated ones from gen.ts) compiled by us and by aarch64-linux-gnu-gcc,
// linked with the same runtime, must print the same output and exit the same way.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateInlineProgram, generateProgram } from './gen.ts';
import { gccObject, HERE, link, ourObject, requireTools, run, runtime, work } from './harness.ts';

const DIR = join(HERE, 'programs');
const programs = readdirSync(DIR).filter((f) => f.endsWith('.c')).sort();

function both(path: string, text: string): { ours: ReturnType<typeof run>; gcc: ReturnType<typeof run> } {
  const ours = run(link([ourObject(path, text), runtime('ours')]));
  const gcc = run(link([gccObject(path), runtime('gcc')]));
  return { ours, gcc };
}

describe('differential: caplab cc vs gcc -O0 under qemu', () => {
  beforeAll(() => requireTools());
  for (const f of programs) {
    it(f, () => {
      const path = join(DIR, f);
      const { ours, gcc } = both(path, readFileSync(path, 'utf8'));
      expect(gcc.stdout.length).toBeGreaterThan(0);
      expect(ours.stdout).toBe(gcc.stdout);
      expect(ours.status).toBe(gcc.status);
    });
  }
  const SEED = Number(process.env.CC_SEED ?? 20251121);
  for (let batch = 0; batch < 6; batch++) {
    it(`random programs batch ${batch} (50 functions x 3 inputs, seed ${SEED + batch})`, () => {
      const text = generateProgram(SEED + batch, 50);
      const path = join(work, `random${batch}.c`);
      writeFileSync(path, text);
      const { ours, gcc } = both(path, text);
      expect(gcc.stdout.split('\n').length).toBeGreaterThan(150);
      expect(ours.stdout).toBe(gcc.stdout);
    });
  }
  for (let batch = 0; batch < 2; batch++) {
    it(`random programs with static inline helpers, batch ${batch} (10 helpers, 10 functions x 2 inputs, seed ${SEED + 100 + batch})`, () => {
      const text = generateInlineProgram(SEED + 100 + batch, 10, 10);
      const path = join(work, `random_inline${batch}.c`);
      writeFileSync(path, text);
      const { ours, gcc } = both(path, text);
      expect(gcc.stdout.split('\n').length).toBeGreaterThan(20);
      expect(ours.stdout).toBe(gcc.stdout);
    });
  }
});

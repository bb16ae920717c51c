// Code quality: retired instruction count of programs compiled by us stays within 2x of
// gcc -O0 (each linked with its own build of the runtime), counted under qemu.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { countInstructions, gccObject, HERE, link, ourObject, requireTools, runtime } from './harness.ts';

describe('instruction count vs gcc -O0', () => {
  beforeAll(() => requireTools());
  it('icount/work.c runs within 2x of gcc -O0 retired instructions', async () => {
    const path = join(HERE, 'icount', 'work.c');
    const ours = await countInstructions(link([ourObject(path, readFileSync(path, 'utf8')), runtime('ours')]));
    const gcc = await countInstructions(link([gccObject(path), runtime('gcc')]));
    console.log(`icount: ours ${ours}, gcc -O0 ${gcc}, ratio ${(ours / gcc).toFixed(2)}`);
    expect(gcc).toBeGreaterThan(20_000);
    expect(ours / gcc).toBeLessThan(2);
  });
});

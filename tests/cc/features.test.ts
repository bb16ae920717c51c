// Feature tests: every tests/cc/features/*.c is compiled by our compiler, linked with
// the test runtime (and with its NAME.gcc.c companion compiled by gcc, if any) and run
// under qemu; the program's ASSERTs must all pass (exit status 0, "OK" line).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gccObject, HERE, link, ourObject, requireTools, run, runtime } from './harness.ts';

const DIR = join(HERE, 'features');
const files = readdirSync(DIR).filter((f) => f.endsWith('.c') && !f.endsWith('.gcc.c')).sort();

describe('C features compiled by caplab cc run under qemu', () => {
  beforeAll(() => requireTools());
  it('has feature files', () => expect(files.length).toBeGreaterThanOrEqual(12));
  for (const f of files) {
    it(f, () => {
      const path = join(DIR, f);
      const objs = [ourObject(path, readFileSync(path, 'utf8')), runtime('ours')];
      const companion = path.replace(/\.c$/, '.gcc.c');
      if (existsSync(companion)) objs.push(gccObject(companion));
      const r = run(link(objs));
      expect(r.stdout).toMatch(/^OK: \d+ checks, 0 failures$/m);
      expect(r.status).toBe(0);
    });
  }
});

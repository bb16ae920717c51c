// Root-task mode in the worker: the live check says what a build would say, link errors
// included, so a missing main or an undefined function stays in the problem list until
// the code is fixed (it used to vanish at the next check, which only compiled).
import { afterEach, describe, expect, it } from 'vitest';
import { LabDriver } from './labDriver.ts';
import { openMachineLab } from './machineLab.ts';

let lab: LabDriver;
afterEach(() => lab?.close());

describe('root-task mode: the live check', () => {
  it('keeps a link error (undefined function) until it is fixed, as the build reports it', async () => {
    lab = openMachineLab();
    const bad = [{ name: 'main.c', text: 'void helper(void);\nint main(void) { helper(); return 0; }\n' }];
    const b = await lab.request({ type: 'build', files: bad }, 'buildResult');
    const berr = b.diagnostics.filter((d) => d.severity === 'error');
    expect(berr.length).toBeGreaterThan(0);
    expect(berr.map((d) => d.message).join(' ')).toMatch(/helper/);
    const c = await lab.request({ type: 'check', id: 1, files: bad }, 'checkResult');
    expect(c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual(berr.map((d) => d.message));
    const good = [{ name: 'main.c', text: 'void helper(void) {}\nint main(void) { helper(); return 0; }\n' }];
    const ok = await lab.request({ type: 'check', id: 2, files: good }, 'checkResult');
    expect(ok.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

// `caplab cc` through the real CLI entry: compile, link, run on the machine and
// under qemu; gcc-format diagnostics and exit status 1 on errors.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caplab } from './capture.ts';

const dir = mkdtempSync(join(tmpdir(), 'caplab-cc-cli-'));

describe('caplab cc', () => {
  it('builds a Linux program that runs the same on caplab run --linux and qemu', async () => {
    const src = join(dir, 'sum.c');
    writeFileSync(src, '#include <stdio.h>\nint main(void) { long s = 0; for (int i = 1; i <= 100; i++) s += i * i; printf("sum %ld\\n", s); return (int)(s % 200); }\n');
    const out = join(dir, 'sum.elf');
    const cc = await caplab(['cc', '--target', 'linux', '-o', out, src]);
    expect(cc.stderr).toBe('');
    expect(cc.status).toBe(0);
    const run = await caplab(['run', '--linux', out]);
    expect(run.stdout).toBe('sum 338350\n');
    expect(run.status).toBe(338350 % 200);
    chmodSync(out, 0o755);
    let qemuOut = '';
    let qemuStatus = 0;
    try {
      qemuOut = execFileSync('qemu-aarch64-static', [out], { encoding: 'latin1' });
    } catch (e) {
      const x = e as { status: number; stdout: string };
      qemuStatus = x.status;
      qemuOut = x.stdout;
    }
    expect(qemuOut).toBe('sum 338350\n');
    expect(qemuStatus).toBe(338350 % 200);
  });

  it('prints gcc-format diagnostics and exits 1', async () => {
    const src = join(dir, 'bad.c');
    writeFileSync(src, 'int main(void) {\n  return y;\n}\n');
    const cc = await caplab(['cc', '-o', join(dir, 'bad.elf'), src]);
    expect(cc.status).toBe(1);
    expect(cc.stderr).toContain(`${src}:2:10: error: 'y' undeclared`);
  });

  it('is listed in caplab --help', async () => {
    const h = await caplab(['--help']);
    expect(h.stdout).toMatch(/\n {2}cc +compile C and assembly/);
  });
});

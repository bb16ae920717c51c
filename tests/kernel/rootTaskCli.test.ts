// `caplab run --root-task FILE`: C source or a sel4 ELF runs as the root task on
// the seL4 kernel model; serial output on stdout, the root task's exit status,
// the kernel's report on stderr when it stops the run.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caplab } from '../cli/capture.ts';
import { buildRootTask } from './rootTaskRun.ts';

const dir = mkdtempSync(join(tmpdir(), 'caplab-root-'));

describe('caplab run --root-task', () => {
  it('CLIROOT0001 a C root task prints over the serial line and exits with its status', async () => {
    const file = join(dir, 'hello.c');
    writeFileSync(file, '#include <sel4/sel4.h>\n#include <stdio.h>\nint main(void) { printf("cnode %lu\\n", seL4_GetBootInfo()->initThreadCNodeSizeBits); return 3; }\n');
    const r = await caplab(['run', '--root-task', file]);
    expect(r.stdout).toBe('cnode 12\n');
    expect(r.status).toBe(3);
  });

  it('CLIROOT0002 an ELF root task that faults with no handler: status 1 and the kernel report', async () => {
    const file = join(dir, 'fault.elf');
    writeFileSync(file, buildRootTask('int main(void) { return *(volatile int *)0x8; }'));
    const r = await caplab(['run', '--root-task', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/kernel stopped the run: no runnable thread left: rootserver: VMFault .* at 0x8 /);
  });

  it('CLIROOT0003 without --root-task, run keeps its stand-in behaviour; help names the flag', async () => {
    const h = await caplab(['help', 'run']);
    expect(h.stdout + h.stderr).toMatch(/--root-task/);
  });
});

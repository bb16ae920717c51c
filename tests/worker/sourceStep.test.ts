// The machine host with C: a C + assembly project built against the sel4 sysroot
// prints through printf; "check" compiles without touching a running machine; the
// source-level steps (Step line, Step over, Step out) stop on the lines a student
// expects; line breakpoints in C stop there; the sysroot's API list has signatures
// and doc lines.

import { afterEach, describe, expect, it } from 'vitest';
import { type SourceFile } from '../../src/shared/protocol.ts';
import { LabDriver } from './labDriver.ts';
import { openMachineLab } from './machineLab.ts';

const MAIN = `#include <stdio.h>

int square(int x) {
  int y = x * x;
  return y;
}

int add_one(int x);

int main(void) {
  int total = 0;
  for (int i = 0; i < 3; i++) {
    total += square(i);
    printf("i=%d\\n", i);
  }
  printf("total=%d\\n", add_one(total));
  return 0;
}
`;

const UTIL = `        .global add_one
        .text
add_one:
        add     w0, w0, #1
        ret
`;

const LOOP = `int main(void) {
  volatile unsigned long n = 0;
  for (;;) n++;
}
`;

const project: SourceFile[] = [{ name: 'main.c', text: MAIN }, { name: 'util.s', text: UTIL }];
let lab: LabDriver;

function open(): LabDriver {
  lab = openMachineLab();
  return lab;
}

async function stopAfter(req: Parameters<LabDriver['send']>[0]) {
  const s = await lab.request(req, 'stopped', undefined, 20_000);
  return { kind: s.reason.kind, file: s.source?.file, line: s.source?.line };
}

afterEach(() => lab?.close());

describe('C on the lab machine', () => {
  it('builds main.c + util.s for seL4 and prints through printf', async () => {
    open();
    const b = await lab.request({ type: 'build', files: project }, 'buildResult', undefined, 30_000);
    expect(b.diagnostics).toEqual([]);
    expect(b.ok).toBe(true);
    expect(b.lines.some((l) => l.file === 'main.c' && l.line === 14)).toBe(true);
    const end = await lab.request({ type: 'run' }, 'stopped', (e) => e.reason.kind === 'halted', 20_000);
    expect(lab.output).toBe('i=0\ni=1\ni=2\ntotal=6\n');
    expect(end.reason).toMatchObject({ kind: 'halted', exitCode: 0 });
  }, 40_000);

  it('checks C without linking and without disturbing a running machine', async () => {
    open();
    await lab.request({ type: 'build', files: [{ name: 'main.c', text: LOOP }] }, 'buildResult', undefined, 30_000);
    await lab.request({ type: 'run' }, 'state', (e) => e.state === 'running');
    const bad = MAIN.replace('int y = x * x;', 'int y = x * z;');
    const c = await lab.request({ type: 'check', id: 7, files: [{ name: 'main.c', text: bad }] }, 'checkResult');
    expect(c.id).toBe(7);
    expect(c.diagnostics).toHaveLength(1);
    expect(c.diagnostics[0]).toMatchObject({ file: 'main.c', line: 4, column: 15, severity: 'error' });
    expect(c.diagnostics[0].message).toMatch(/'z' undeclared/);
    // Still running: more progress arrives, and no state change came with the check.
    const from = lab.events.length;
    await lab.next('progress');
    expect(lab.events.slice(from).some((e) => e.type === 'state')).toBe(false);
    const ok = await lab.request({ type: 'check', id: 8, files: project }, 'checkResult');
    expect(ok).toMatchObject({ id: 8, diagnostics: [] });
    await lab.request({ type: 'pause' }, 'stopped');
  }, 40_000);

  it('steps by C line: into square, out of it, over printf and into the assembly', async () => {
    open();
    await lab.request({ type: 'build', files: project }, 'buildResult', undefined, 30_000);
    // From _start (crt0, not project code) the first line step reaches main.
    expect(await stopAfter({ type: 'stepLine' })).toEqual({ kind: 'step', file: 'main.c', line: 10 });
    expect(await stopAfter({ type: 'stepLine' })).toMatchObject({ line: 11 });
    expect(await stopAfter({ type: 'stepLine' })).toMatchObject({ line: 12 });
    expect(await stopAfter({ type: 'stepLine' })).toMatchObject({ line: 13 });
    expect(await stopAfter({ type: 'stepLine' })).toMatchObject({ file: 'main.c', line: 3 });
    expect(await stopAfter({ type: 'stepLine' })).toMatchObject({ line: 4 });
    expect(await stopAfter({ type: 'stepOut' })).toMatchObject({ kind: 'step', line: 13 });
    expect(await stopAfter({ type: 'stepLine', over: true })).toMatchObject({ line: 14 });
    expect(lab.output).toBe('');
    // Over printf: its output appears, and the step ends on the loop line.
    expect(await stopAfter({ type: 'stepLine', over: true })).toMatchObject({ line: 12 });
    expect(lab.output).toBe('i=0\n');
    // A breakpoint on line 16 stops Continue there; Step line enters the assembly file.
    await lab.request({ type: 'setBreakpoints', addresses: [], lines: [{ file: 'main.c', line: 16 }] }, 'breakpoints');
    expect(await stopAfter({ type: 'run' })).toEqual({ kind: 'breakpoint', file: 'main.c', line: 16 });
    expect(lab.output).toBe('i=0\ni=1\ni=2\n');
    expect(await stopAfter({ type: 'stepLine' })).toEqual({ kind: 'step', file: 'util.s', line: 4 });
    expect(await stopAfter({ type: 'stepLine' })).toMatchObject({ file: 'util.s', line: 5 });
    expect(await stopAfter({ type: 'stepLine' })).toMatchObject({ file: 'main.c', line: 16 });
    expect(await stopAfter({ type: 'stepLine', over: true })).toMatchObject({ line: 17 });
    expect(lab.output).toBe('i=0\ni=1\ni=2\ntotal=6\n');
  }, 60_000);

  it('keeps the last good program when a build fails, ready to run again', async () => {
    open();
    await lab.request({ type: 'build', files: project }, 'buildResult', undefined, 30_000);
    await lab.request({ type: 'run' }, 'stopped', (e) => e.reason.kind === 'halted', 20_000);
    const bad = await lab.request({ type: 'build', files: [{ name: 'main.c', text: 'int main(void) { return 0 }\n' }] }, 'buildResult');
    expect(bad.ok).toBe(false);
    await lab.request({ type: 'reset' }, 'stopped');
    lab.output = '';
    await lab.request({ type: 'run' }, 'stopped', (e) => e.reason.kind === 'halted', 20_000);
    expect(lab.output).toBe('i=0\ni=1\ni=2\ntotal=6\n');
  }, 40_000);

  it('pauses a line step that never reaches another line', async () => {
    open();
    await lab.request({ type: 'build', files: [{ name: 'main.c', text: LOOP }] }, 'buildResult', undefined, 30_000);
    await lab.request({ type: 'setBreakpoints', addresses: [], lines: [{ file: 'main.c', line: 3 }] }, 'breakpoints');
    expect(await stopAfter({ type: 'run' })).toMatchObject({ kind: 'breakpoint', line: 3 });
    await lab.request({ type: 'stepLine' }, 'state', (e) => e.state === 'running');
    await lab.next('progress');
    expect(await stopAfter({ type: 'pause' })).toMatchObject({ kind: 'paused', file: 'main.c', line: 3 });
  }, 40_000);

  it('lists the sysroot functions with signature, header and doc line', async () => {
    open();
    const d = await lab.request({ type: 'apiDocs' }, 'apiDocs');
    const by = new Map(d.entries.map((e) => [e.name, e]));
    expect(by.get('printf')).toEqual({
      name: 'printf', header: 'stdio.h', signature: 'int printf(const char *restrict fmt, ...)',
      doc: expect.stringMatching(/writes them to stdout/),
    });
    expect(by.get('seL4_DebugPutChar')).toMatchObject({ header: 'sel4/syscalls.h', signature: 'void seL4_DebugPutChar(char c)' });
    expect(by.get('seL4_CNode_Mint')?.signature).toMatch(/^seL4_Error seL4_CNode_Mint\(seL4_CNode _service, /);
    expect(by.get('exit')?.signature).toBe('_Noreturn void exit(int status)');
    expect(by.has('seL4_arm_sys')).toBe(false);
    // Every function the headers declare has its line (none is left blank).
    expect(d.entries.filter((e) => e.doc === '').map((e) => e.name)).toEqual([]);
  });
});

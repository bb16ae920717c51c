// `caplab grade`: a built-in graded with its starter (one step fails), with a
// solution folder (all pass), and a folder of submissions with a JUnit report;
// bad scenario names and folders exit 2 with a message.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBuiltin } from '../../src/scenarios/builtins.ts';
import { scenarioFileText } from '../../src/scenarios/loader.ts';
import { caplab } from './capture.ts';

const ADD_TWO = '        .global add_one\n        .text\nadd_one:\n        add     w0, w0, #2\n        ret\n';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'caplab-grade-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('caplab grade', () => {
  it('runs a Linux scenario under linux-compat in the --linux-mode asked for: the misrouted write in fault mode, the whole output with the window', async () => {
    const fault = await caplab(['grade', 'linux-compat']);
    expect(fault.stdout).toMatch(/PASS {2}the serial output contains "it never reached linux-compat"/);
    expect(fault.stdout).toMatch(/FAIL {2}the serial output contains "ambiguous: this write has x7 = -3"/);
    const window = await caplab(['grade', 'linux-compat', '--linux-mode', 'window']);
    expect(window.stdout).toMatch(/PASS {2}the serial output contains "ambiguous: this write has x7 = -3"/);
    expect(window.stdout).toMatch(/PASS {2}the serial output contains "reached linux-compat and wrote"/);
    const bad = await caplab(['grade', 'linux-compat', '--linux-mode', 'turbo']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--linux-mode takes one of fault, window, patch, vcpu');
  });

  it('grades the starter: the first step passes, the second fails with what it wants', async () => {
    const r = await caplab(['grade', 'hello-c']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('== starter: 1 passed, 1 failed');
    expect(r.stdout).toContain('PASS  the serial output contains "Hello from CapLab"');
    expect(r.stdout).toMatch(/FAIL {2}the serial output matches \/1 \\\+ 1 = 3\/: not in the output \(it ends: ".*3 \+ 1 = 4\\n"\)/);
    expect(r.stdout).toContain('grade: 0 of 1 submission passed every check');
  });

  it('passes a solution folder; files the scenario does not have are ignored by name', async () => {
    const dir = folder({ 'add.s': ADD_TWO, 'notes.txt': 'hi' });
    const r = await caplab(['grade', 'hello-c', '--solution', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2 passed, 0 failed');
    expect(r.stdout).toContain('(ignored: notes.txt)');
  });

  it('grades a folder of submissions and writes JUnit XML', async () => {
    const dir = folder({ 'alice/add.s': ADD_TWO, 'bob/main.c': 'int main(void) { return 0 }\n' });
    const junit = join(dir, 'report.xml');
    const r = await caplab(['grade', 'hello-c', '--submissions', dir, '--junit', junit]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('== alice: 2 passed, 0 failed');
    expect(r.stdout).toContain('== bob: 0 passed, 2 failed');
    expect(r.stdout).toMatch(/the program does not build: main\.c:1:\d+: error: /);
    const x = readFileSync(junit, 'utf8');
    expect(x).toContain('<testsuites name="hello-c" tests="4" failures="2">');
    expect(x).toContain('<testsuite name="bob" tests="2" failures="2">');
    expect((x.match(/<failure message=/g) ?? []).length).toBe(2);
    expect(r.stdout).toContain('grade: 1 of 2 submissions passed every check');
  });

  it('reads a scenario file, and says what is wrong with a bad one', async () => {
    const dir = folder({ 's.caplab.json': scenarioFileText(findBuiltin('hello-asm')!), 'bad.caplab.json': '{"id": 3}' });
    const ok = await caplab(['grade', join(dir, 's.caplab.json')]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('PASS  the program finishes within 1,000 instructions');
    const bad = await caplab(['grade', join(dir, 'bad.caplab.json')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.caplab\.json: .*id: must be a string/);
    const none = await caplab(['grade', 'no-such-scenario']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('neither a built-in scenario (hello-c, hello-asm');
    const empty = await caplab(['grade', 'hello-c', '--submissions', folder({ 'x.c': '' })]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('no submissions (it has no subfolders)');
  });
});

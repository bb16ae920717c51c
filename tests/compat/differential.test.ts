// Differential test of the Linux-compatibility component: the gcc-built C programs
// of the machine's differential suite (tests/fixtures/c) and the component's own
// fixtures (tests/fixtures/compat) must print the same console output (stdout and
// stderr in write order) and exit with the same status under qemu-aarch64-static
// and under the component, in each of the four modes. The x7 = -3 write is shown
// misrouted without the origin window and handled with it.
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FIXTURES_C, buildC, runQemu, runQemuConsole, tempDir } from '../diff/build.ts';
import { oraclesOptedOut, requireTools, runTool } from '../diff/tools.ts';
import { runCompat } from '../../src/kernel/compat/run.ts';
import { MODES } from '../../src/kernel/compat/layout.ts';

const FIXTURES = readdirSync(FIXTURES_C).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2)).sort();
const COMPAT = resolve(import.meta.dirname, '../fixtures/compat');
const GCC_FLAGS = ['-O2', '-mgeneral-regs-only', '-static', '-nostdlib', '-ffreestanding', '-fno-builtin', '-fno-stack-protector', '-no-pie', '-Wall'];

const run = (exe: string, mode: (typeof MODES)[number], argv: string[], files: Array<{ name: string; data: Uint8Array }> = []) => {
  const r = runCompat({ program: readFileSync(exe), mode, name: 'prog', argv, files });
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe.skipIf(oraclesOptedOut)('linux-compat vs qemu-aarch64', () => {
  const dir = tempDir('compat');
  afterAll(() => dir.remove());
  const built = new Map<string, string>();
  const gcc = (name: string, source: string) => {
    if (!built.has(name)) {
      requireTools('gcc', 'qemu');
      const out = join(dir.path, name);
      runTool('gcc', [...GCC_FLAGS, '-o', out, join(COMPAT, source)]);
      built.set(name, out);
    }
    return built.get(name)!;
  };

  it('has the machine suite\'s C programs to run', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(10);
  });

  for (const fixture of FIXTURES) {
    it(`${fixture}.c -O2: same console and status in every mode`, () => {
      requireTools('gcc', 'qemu');
      const exe = buildC(dir.path, fixture, 'O2');
      const q = runQemuConsole(exe, ['one', 'two']);
      expect(q.console.length, 'qemu printed nothing').toBeGreaterThan(0);
      for (const mode of MODES) {
        const r = run(exe, mode, [exe, 'one', 'two']);
        expect(r.console, `${mode}: ${r.report}`).toBe(q.console);
        expect(r.status, mode).toBe(q.status);
        expect(r.stats.misrouted, mode).toBe(0);
      }
    });
  }

  const FAULTS: Array<[string, number, RegExp]> = [
    ['faults/nullstore', 139, /SIGSEGV: memory fault at address 0x0 /],
    ['faults/trap', 133, /SIGTRAP: brk at 0x/],
  ];
  for (const [fixture, status, report] of FAULTS) {
    it(`${fixture}.c: the component kills the program as Linux does (status ${status}) in every mode`, () => {
      requireTools('gcc', 'qemu');
      const exe = buildC(dir.path, fixture, 'O2');
      const q = runQemu(exe);
      expect(q.status).toBe(status);
      for (const mode of MODES) {
        const r = run(exe, mode, [exe]);
        expect(r.status, mode).toBe(status);
        expect(r.console, mode).toBe(q.stdout);
        expect(r.report, mode).toMatch(report);
      }
    });
  }

  it('manysites.S: every register but x0 (x30 and NZCV too) survives 1,600 calls from 32 sites in every mode', () => {
    const exe = gcc('manysites', 'manysites.S');
    const q = runQemuConsole(exe);
    expect(q.console).toContain('every register kept');
    for (const mode of MODES) {
      const r = run(exe, mode, [exe]);
      expect(r.console, mode).toBe(q.console);
      expect(r.status, mode).toBe(0);
      expect(r.stats.linuxCalls, mode).toBe(1602);
    }
  });

  it('manysites.S in patch mode: each of the 34 sites traps once, later calls never enter the kernel', () => {
    const r = run(gcc('manysites', 'manysites.S'), 'patch', ['manysites']);
    expect(r.stats.patchedSites).toHaveLength(34);
    expect(r.stats.faults).toBe(34);
    expect(r.stats.by.handler).toBe(34);
    expect(r.stats.by.inProcess).toBe(1602 - 34);
  });

  it('manysites.S in vcpu mode: no fault and no kernel entry per call, one guest trap each', () => {
    const r = run(gcc('manysites', 'manysites.S'), 'vcpu', ['manysites']);
    expect(r.stats.faults).toBe(0);
    expect(r.stats.guestTraps).toBe(1602);
    expect(r.stats.kernelEntries).toBeLessThan(10);
  });

  it('files.c: the file system, brk, mmap, uname, clock and ENOSYS behave as Linux in every mode', () => {
    const exe = gcc('files', 'files.c');
    const input = readFileSync(join(COMPAT, 'input.txt'));
    const cwd = tempDir('compat-fs');
    try {
      writeFileSync(join(cwd.path, 'input.txt'), input);
      const q = runQemuConsole(exe, [], cwd.path);
      expect(q.status).toBe(0);
      for (const mode of MODES) {
        const r = run(exe, mode, ['files'], [{ name: 'input.txt', data: input }]);
        expect(r.console, mode).toBe(q.console);
        expect(r.stats.enosys, mode).toEqual([{ nr: 244, name: 'unassigned' }]);
      }
    } finally {
      cwd.remove();
    }
  });

  it('ambiguous.c: without the origin window the kernel runs the x7 = -3 write as seL4_Send; with it the write is handled', () => {
    const exe = gcc('ambiguous', 'ambiguous.c');
    const q = runQemuConsole(exe);
    expect(q.console).toContain('ambiguous: this write has x7 = -3');
    const wrong = run(exe, 'fault', ['ambiguous']);
    expect(wrong.console).not.toContain('ambiguous:');
    expect(wrong.console).toContain('the ambiguous write returned !');
    expect(wrong.stats.misrouted).toBe(1);
    for (const mode of ['window', 'patch', 'vcpu'] as const) {
      const right = run(exe, mode, ['ambiguous']);
      expect(right.console, mode).toBe(q.console);
      expect(right.stats.misrouted, mode).toBe(0);
    }
  });
});

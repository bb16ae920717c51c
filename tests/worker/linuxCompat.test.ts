// Linux programs through the in-process host on the real machine (issue 7 in the
// page): the linux-compat scenario's C program built with --target linux and run
// live in fault mode loses its ambiguous write (x7 = -3: one misrouted call, counted
// in compatStats) and prints it in window mode; kernel records flow as for any run;
// an uploaded gcc-built ELF loads (patch mode patches its sites), a file that is not
// an ELF is refused with the reason and the machine keeps its program; compare
// answers with one row per mode; a line breakpoint stops the program's thread at its
// source line (the program's line table is its thread's, not linux-compat's).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findBuiltin } from '../../src/scenarios/builtins.ts';
import { decodeKernelEvents, type CompatLiveStats, type LabEvent, type LinuxMode } from '../../src/shared/protocol.ts';
import { LabDriver } from './labDriver.ts';
import { openMachineLab } from './machineLab.ts';

const scenario = findBuiltin('linux-compat')!;
const files = scenario.files.map((f) => ({ name: f.name, text: f.text }));
let lab: LabDriver;

function open(): LabDriver {
  lab = openMachineLab();
  return lab;
}

afterEach(() => lab?.close());

/** Builds the scenario's program in `mode`, runs it to its end; the last stats and the output. */
async function runIn(mode: LinuxMode): Promise<{ stats: CompatLiveStats; output: string; events: LabEvent[] }> {
  const from = lab.events.length;
  const before = lab.output.length;
  const b = await lab.request({ type: 'build', files, linux: { mode } }, 'buildResult');
  expect(b.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(b.ok).toBe(true);
  expect(b.images?.map((i) => i.pds[0])).toEqual(['ambiguous', 'linux-compat']);
  const halted = lab.next('stopped', (e) => e.reason.kind === 'halted');
  lab.send({ type: 'run' });
  await halted;
  const stats = lab.events.slice(from).filter((e) => e.type === 'compatStats').at(-1);
  if (stats?.type !== 'compatStats' || stats.stats === null) throw new Error('no compatStats after the run');
  return { stats: stats.stats, output: lab.output.slice(before), events: lab.events.slice(from) };
}

describe('Linux programs in the worker', () => {
  it('runs the x7 = -3 program live: misrouted in fault mode, whole in window mode', async () => {
    open();
    const fault = await runIn('fault');
    expect(fault.output).toContain('before: an ordinary write');
    expect(fault.output).not.toContain('ambiguous: this write');
    expect(fault.output).toContain('it never reached linux-compat');
    expect(fault.stats).toMatchObject({ mode: 'fault', program: 'ambiguous', misrouted: 1 });
    expect(fault.stats.by.handler).toBe(fault.stats.linuxCalls);
    expect(fault.stats.faults).toBeGreaterThan(0);
    const records = fault.events.flatMap((e) => (e.type === 'kernelEvents' ? decodeKernelEvents(e) : []));
    expect(records.some((r) => r.event.kind === 'fault' && r.event.thread === 'ambiguous')).toBe(true);

    const window = await runIn('window');
    expect(window.output).toContain('ambiguous: this write has x7 = -3 (seL4_Send)');
    expect(window.output).toContain('reached linux-compat and wrote');
    expect(window.stats.misrouted).toBe(0);
    expect(window.stats.originChecks).toBeGreaterThan(0);
    expect(window.stats.linuxCalls).toBe(fault.stats.linuxCalls + 1);
  }, 60_000);

  it('loads an uploaded gcc binary, refuses a file that is not an ELF, and compares the four ways', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caplab-linux-'));
    const elf = join(dir, 'manysites');
    execFileSync('aarch64-linux-gnu-gcc', ['-static', '-nostdlib', '-o', elf, 'tests/fixtures/compat/manysites.S']);
    const bytes = new Uint8Array(readFileSync(elf));
    open();
    const loaded = await lab.request({ type: 'loadLinux', program: bytes.slice(), name: 'manysites', mode: 'patch' }, 'linuxLoaded');
    expect(loaded).toMatchObject({ ok: true, name: 'manysites', mode: 'patch' });
    const halted = lab.next('stopped', (e) => e.reason.kind === 'halted', 30_000);
    lab.send({ type: 'run' });
    await halted;
    const stats = lab.events.filter((e) => e.type === 'compatStats').at(-1);
    expect(stats?.type === 'compatStats' && stats.stats?.patchedSites.length).toBeGreaterThan(10);

    const refused = await lab.request({ type: 'loadLinux', program: new TextEncoder().encode('#!/bin/sh\necho hi\n'), name: 'script.sh', mode: 'fault' }, 'linuxLoaded');
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/ELF/i);
    // The machine still holds manysites: a reset boots it again.
    await lab.request({ type: 'reset' }, 'stopped', (e) => e.reason.kind === 'reset');

    const got = await lab.request({ type: 'compare', id: 7 }, 'compareResult', () => true, 60_000);
    expect(got.id).toBe(7);
    expect(got.comparison?.rows.map((r) => r.mode)).toEqual(['fault', 'window', 'patch', 'vcpu']);
    const [fault, , patch, vcpu] = got.comparison!.rows;
    expect(fault.perCall.faults).toBe(1);
    expect(patch.perCall.kernelEntries).toBeLessThan(fault.perCall.kernelEntries);
    expect(vcpu.perCall.guestTraps).toBe(1);
  }, 120_000);

  it('stops at a line breakpoint in the program\'s thread only, with its source line', async () => {
    open();
    const line = files[0].text.split('\n').findIndex((l) => l.includes('long r = write_with_x7')) + 1;
    await lab.request({ type: 'build', files, linux: { mode: 'patch' } }, 'buildResult', (e) => e.ok);
    const bps = await lab.request({ type: 'setBreakpoints', addresses: [], lines: [{ file: 'ambiguous.c', line }] }, 'breakpoints');
    expect(bps.unresolved).toEqual([]);
    const stop = await lab.request({ type: 'run' }, 'stopped', (e) => e.reason.kind !== 'reset');
    expect(stop.reason.kind).toBe('breakpoint');
    expect(stop.source).toEqual({ file: 'ambiguous.c', line });
    expect(stop.registers.thread).toBe('ambiguous');
    const end = await lab.request({ type: 'run' }, 'stopped', (e) => e.reason.kind === 'halted', 30_000);
    expect(end.reason.kind).toBe('halted');
    expect(lab.output).toContain('reached linux-compat and wrote');
  }, 60_000);

  it('names the unsupported calls a program made, answered with ENOSYS', async () => {
    open();
    const prog = [
      '#include <stdio.h>',
      'static long call0(long nr) {',
      '  register long x0 __asm__("x0") = 0;',
      '  register long x8 __asm__("x8") = nr;',
      '  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8) : "memory");',
      '  return x0;',
      '}',
      'int main(void) {',
      '  long r = call0(277);   /* seccomp */',
      '  printf("seccomp returned %ld\\n", r);',
      '  return 0;',
      '}',
      '',
    ].join('\n');
    await lab.request({ type: 'build', files: [{ name: 'nosys.c', text: prog }], linux: { mode: 'vcpu' } }, 'buildResult', (e) => e.ok);
    const halted = lab.next('stopped', (e) => e.reason.kind === 'halted');
    lab.send({ type: 'run' });
    await halted;
    expect(lab.output).toContain('seccomp returned -38');
    const stats = lab.events.filter((e) => e.type === 'compatStats').at(-1);
    expect(stats?.type === 'compatStats' && stats.stats?.enosys).toEqual([{ nr: 277, name: 'seccomp' }]);
    expect(stats?.type === 'compatStats' && stats.stats?.by.guestKernel).toBeGreaterThan(0);
  }, 60_000);

  it('says why there is nothing to compare before a Linux program is loaded', async () => {
    open();
    const got = await lab.request({ type: 'compare', id: 1 }, 'compareResult');
    expect(got.comparison).toBeNull();
    expect(got.error).toMatch(/no Linux program is loaded/);
  });
});

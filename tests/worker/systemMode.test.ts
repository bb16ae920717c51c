// System mode through the in-process host on the real machine: a build request with
// the microkit-hello .system description builds both protection domains and boots
// them with the monitor; Run prints both PDs' greetings and step 1's checks tick
// (holdsCap reads the snapshot taken at the stop); a bad description comes back as
// a diagnostic at its line; Reset boots the system again.

import { afterEach, describe, expect, it } from 'vitest';
import { findBuiltin } from '../../src/scenarios/builtins.ts';
import { SYSTEM_FILE_NAME } from '../../src/shared/protocol.ts';
import { LabDriver } from './labDriver.ts';
import { openMachineLab } from './machineLab.ts';

const scenario = findBuiltin('microkit-hello')!;
let lab: LabDriver;

function open(): LabDriver {
  lab = openMachineLab();
  return lab;
}

afterEach(() => lab?.close());

describe('system mode in the worker', () => {
  it('builds and boots the protection domains, runs them, and ticks the step checks', async () => {
    open();
    const files = scenario.files.map((f) => ({ name: f.name, text: f.text }));
    await lab.request({ type: 'setChecks', id: 1, checks: scenario.exercise.steps[0].checks }, 'checkResults');
    const b = await lab.request({ type: 'build', files, system: scenario.system! }, 'buildResult');
    expect(b.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(b.ok).toBe(true);
    expect(b.lines).toEqual([]);
    const ticked = lab.next('checkResults', (e) => e.results.every((r) => r.ok));
    lab.send({ type: 'run' });
    await ticked;
    expect(lab.output).toMatch(/server: ready\n(.*\n)*client: hello from the client\n/);

    // A reset boots the same system again: the greetings come a second time.
    await lab.request({ type: 'reset' }, 'stopped', (e) => e.reason.kind === 'reset');
    lab.output = '';
    await lab.request({ type: 'run' }, 'checkResults', (e) => e.results.every((r) => r.ok));
    expect(lab.output).toContain('client: hello from the client');
  });

  it('reports a bad description at its line and a missing program image at its PD', async () => {
    open();
    const files = scenario.files.map((f) => ({ name: f.name, text: f.text }));
    const bad = scenario.system!.replace('priority="200"', 'priority="900"');
    const line = bad.split('\n').findIndex((l) => l.includes('priority="900"')) + 1;
    const b = await lab.request({ type: 'build', files, system: bad }, 'buildResult');
    expect(b.ok).toBe(false);
    expect(b.diagnostics).toHaveLength(1);
    expect(b.diagnostics[0]).toMatchObject({ file: SYSTEM_FILE_NAME, line, severity: 'error' });
    expect(b.diagnostics[0].message).toMatch(/priority/);

    const noServer = await lab.request({ type: 'build', files: files.filter((f) => f.name !== 'server.c'), system: scenario.system! }, 'buildResult');
    expect(noServer.ok).toBe(false);
    const pdLine = scenario.system!.split('\n').findIndex((l) => l.includes('name="server"')) + 1;
    expect(noServer.diagnostics[0]).toMatchObject({ file: SYSTEM_FILE_NAME, line: pdLine });
    expect(noServer.diagnostics[0].message).toMatch(/server\.c/);

    // A PD that does not compile: the compiler's diagnostic, in its own file.
    const broken = files.map((f) => (f.name === 'client.c' ? { ...f, text: f.text.replace('void init(void) {', 'void init(void) { int = ;') } : f));
    const c = await lab.request({ type: 'build', files: broken, system: scenario.system! }, 'buildResult');
    expect(c.ok).toBe(false);
    expect(c.diagnostics.some((d) => d.file === 'client.c' && d.severity === 'error')).toBe(true);

    // The live check compiles the PDs for the microkit target (microkit.h is found).
    const chk = await lab.request({ type: 'check', id: 3, files, system: scenario.system! }, 'checkResult');
    expect(chk.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

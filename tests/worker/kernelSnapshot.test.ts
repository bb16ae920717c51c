// The kernelSnapshot request: the host answers with the kernel's plain-data picture
// (src/kernel/snapshot.ts) taken at the machine's time, after a build (the root task
// alone), after a run (the server thread, the badged mint), and null with nothing loaded.

import { afterEach, describe, expect, it } from 'vitest';
import { VIEWS_PROGRAM } from '../ui/kernelRun.ts';
import { PRELUDE } from '../kernel/rootTaskRun.ts';
import { LabDriver } from './labDriver.ts';
import { openMachineLab } from './machineLab.ts';

let lab: LabDriver;
afterEach(() => lab?.close());

describe('kernelSnapshot through the host', () => {
  it('answers null before a build, then the kernel as it is after boot and after the run', async () => {
    lab = openMachineLab();
    expect((await lab.request({ type: 'kernelSnapshot' }, 'kernelSnapshot')).snapshot).toBeNull();

    const b = await lab.request({ type: 'build', files: [{ name: 'main.c', text: PRELUDE + VIEWS_PROGRAM }] }, 'buildResult', undefined, 30_000);
    expect(b.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const booted = (await lab.request({ type: 'kernelSnapshot' }, 'kernelSnapshot')).snapshot!;
    expect(booted.threads.map((t) => t.name)).toEqual(['rootserver']);
    expect(booted.slots.some((s) => s.cap.badge === 42n)).toBe(false);

    await lab.request({ type: 'run' }, 'stopped', (e) => e.reason.kind === 'halted', 20_000);
    expect(lab.output).toContain('mint error 8 sum 76');
    const after = (await lab.request({ type: 'kernelSnapshot' }, 'kernelSnapshot')).snapshot!;
    expect(after.threads.map((t) => t.name).sort()).toEqual(['rootserver', 'server']);
    const minted = after.slots.find((s) => s.cap.badge === 42n)!;
    expect(minted.cap.type).toBe('endpoint');
    expect(after.slots.find((s) => s.id === minted.parent)!.cap.type).toBe('endpoint');
    expect(after.time).toBeGreaterThan(booted.time);
  }, 60_000);
});

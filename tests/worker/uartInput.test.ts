// Typed input on the real machine, through the in-process host: the target queues
// the bytes and feeds them to the PL011 as its receive FIFO has room, so a long
// pasted line reaches an echoing interrupt-driven driver (the interrupts tutorial's
// solution) without losing a byte; past the queue's cap the host says what it dropped.

import { afterEach, describe, expect, it } from 'vitest';
import { interrupts } from '../../src/scenarios/gallery/interrupts.ts';
import { LAB_H_FILE } from '../../src/scenarios/gallery/labh.ts';
import { MAX_PENDING_INPUT } from '../../src/worker/machineTarget.ts';
import { LabDriver } from './labDriver.ts';
import { openMachineLab } from './machineLab.ts';

let lab: LabDriver;
afterEach(() => lab?.close());

const files = [...interrupts.solution, { name: LAB_H_FILE.name, text: LAB_H_FILE.text }];

async function started(): Promise<void> {
  lab = openMachineLab();
  const b = await lab.request({ type: 'build', files }, 'buildResult');
  expect(b.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  lab.send({ type: 'run' });
  await until(() => lab.output.includes('press Enter\n'));
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await lab.next('progress');
}

describe('serial input', () => {
  it('delivers a long pasted line to an echoing driver, every byte in order', async () => {
    await started();
    const line = Array.from({ length: 1500 }, (_, i) => String.fromCharCode(97 + (i * 7) % 26)).join('');
    const end = lab.next('stopped', () => true, 60_000);
    lab.send({ type: 'input', bytes: new TextEncoder().encode(`${line}\r`) });
    const stop = await end;
    expect(stop.reason).toMatchObject({ kind: 'halted', exitCode: 0 });
    const echoed = lab.output.split('press Enter\n')[1].split('\ndriver: you typed')[0];
    expect(echoed).toBe(line);
    expect(lab.output).toContain(`you typed "${line.slice(0, 63)}"`);
  }, 90_000);

  it('refuses bytes past the queue cap with a message and keeps the rest', async () => {
    await started();
    lab.send({ type: 'pause' });
    await lab.next('stopped');
    const err = lab.request({ type: 'input', bytes: new Uint8Array(MAX_PENDING_INPUT + 10).fill(120) }, 'error');
    expect((await err).message).toMatch(/serial input queue is full .* 10 typed bytes were dropped/);
  });
});

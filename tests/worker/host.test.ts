// The machine host's protocol logic on a toy target: handshake, build results,
// batching per slice, pause while an endless loop runs, step, breakpoints by line
// and address, reset, memory reads.

import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type SourceFile } from '../../src/shared/protocol.ts';
import { createInProcessTransport } from '../../src/worker/inProcess.ts';
import { BASE, FakeTarget } from './fakeTarget.ts';
import { LabDriver } from './labDriver.ts';

const file = (text: string): SourceFile[] => [{ name: 'toy.s', text }];
let lab: LabDriver;

function open(spin = 0): LabDriver {
  lab = new LabDriver(createInProcessTransport(new FakeTarget(spin), { sliceMs: 5 }));
  return lab;
}

afterEach(() => lab?.close());

describe('machine host (toy target)', () => {
  it('answers hello with its version and refuses another', async () => {
    open();
    const ok = await lab.request({ type: 'hello', version: PROTOCOL_VERSION }, 'hello');
    expect(ok.ok).toBe(true);
    const bad = await lab.request({ type: 'hello', version: PROTOCOL_VERSION + 1 }, 'hello');
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/protocol/);
  });

  it('reports build errors as diagnostics and stays idle', async () => {
    open();
    const r = await lab.request({ type: 'build', files: file('nop\nerror\n') }, 'buildResult');
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual([expect.objectContaining({ line: 2, severity: 'error' })]);
    const e = await lab.request({ type: 'run' }, 'error');
    expect(e.message).toMatch(/build/);
  });

  it('builds, runs to the end and sends the output', async () => {
    open();
    const built = await lab.request({ type: 'build', files: file('out h\nout i\nhalt\n') }, 'buildResult');
    expect(built.ok).toBe(true);
    expect(built.elf).toBeInstanceOf(Uint8Array);
    const stopped = await lab.request({ type: 'run' }, 'stopped');
    expect(stopped.reason.kind).toBe('halted');
    expect(lab.output).toBe('hi');
    expect(stopped.source).toEqual({ file: 'toy.s', line: 3 });
    expect(lab.events.filter((e) => e.type === 'state').map((e) => e.type === 'state' && e.state)).toEqual(['ready', 'running', 'halted']);
  });

  it('pauses an endless loop within a slice and batches events per slice', async () => {
    open(200);
    await lab.request({ type: 'build', files: file('nop\njmp 1\n') }, 'buildResult');
    await lab.request({ type: 'run' }, 'progress', (e) => e.instret > 10_000);
    // The latency is a figure of `npm run bench -- pause`, not asserted here.
    const stopped = await lab.request({ type: 'pause' }, 'stopped');
    expect(stopped.reason.kind).toBe('paused');
    const progressBatches = lab.batches.filter((b) => b.events.some((e) => e.type === 'progress'));
    expect(progressBatches.every((b) => b.events.filter((e) => e.type === 'progress').length === 1)).toBe(true);
    const mips = progressBatches.at(-1)!.events.find((e) => e.type === 'progress');
    expect(mips && mips.type === 'progress' && mips.mips).toBeGreaterThan(0);
    const again = await lab.request({ type: 'run' }, 'state', (e) => e.state === 'running');
    expect(again.state).toBe('running');
  });

  it('steps one instruction and moves the pc', async () => {
    open();
    await lab.request({ type: 'build', files: file('nop\nnop\nhalt\n') }, 'buildResult');
    const s = await lab.request({ type: 'step' }, 'stopped');
    expect(s.reason).toEqual({ kind: 'step', pc: BASE + 4n });
    expect(s.registers.x[0]).toBe(1n);
    expect(s.disassembly.map((d) => d.text)).toEqual(['nop', 'nop', 'halt']);
    expect(s.disassembly[1].source).toEqual({ file: 'toy.s', line: 2 });
  });

  it('resolves line breakpoints (blank lines to the next code line) and continues past them', async () => {
    open();
    await lab.request({ type: 'build', files: file('nop\n\nout a\njmp 1\n') }, 'buildResult');
    const bp = await lab.request({ type: 'setBreakpoints', addresses: [], lines: [{ file: 'toy.s', line: 2 }, { file: 'toy.s', line: 9 }] }, 'breakpoints');
    expect(bp.addresses).toEqual([BASE + 4n]);
    expect(bp.unresolved).toEqual([{ file: 'toy.s', line: 9 }]);
    const first = await lab.request({ type: 'run' }, 'stopped');
    expect(first.reason).toEqual({ kind: 'breakpoint', pc: BASE + 4n });
    expect(first.source).toEqual({ file: 'toy.s', line: 3 });
    const second = await lab.request({ type: 'run' }, 'stopped');
    expect(second.reason).toEqual({ kind: 'breakpoint', pc: BASE + 4n });
    expect(lab.output).toBe('a');
    expect(second.instret - first.instret).toBe(3);
  });

  it('keeps breakpoints across rebuilds and arms address breakpoints', async () => {
    open();
    await lab.request({ type: 'setBreakpoints', addresses: [BASE + 8n], lines: [] }, 'breakpoints');
    await lab.request({ type: 'build', files: file('nop\nnop\nnop\nhalt\n') }, 'buildResult');
    const s = await lab.request({ type: 'run' }, 'stopped');
    expect(s.reason).toEqual({ kind: 'breakpoint', pc: BASE + 8n });
  });

  it('resets to the entry with a fresh instruction count', async () => {
    open();
    await lab.request({ type: 'build', files: file('out x\nhalt\n') }, 'buildResult');
    await lab.request({ type: 'run' }, 'stopped');
    const e = await lab.request({ type: 'run' }, 'error');
    expect(e.message).toMatch(/Reset/);
    const r = await lab.request({ type: 'reset' }, 'stopped');
    expect(r.reason).toEqual({ kind: 'reset', pc: BASE });
    expect(r.instret).toBe(0);
  });

  it('reads memory or says why not', async () => {
    open();
    await lab.request({ type: 'build', files: file('halt\n') }, 'buildResult');
    const m = await lab.request({ type: 'readMemory', address: BASE, length: 16 }, 'memory');
    expect(m.bytes.length).toBe(16);
    const bad = await lab.request({ type: 'readMemory', address: 0n, length: 4 }, 'memory');
    expect(bad.error).toMatch(/not mapped/);
  });

  it('answers disassembly requests around an address, with source lines', async () => {
    open();
    await lab.request({ type: 'build', files: file('nop\nout a\nnop\nhalt\n') }, 'buildResult');
    const d = await lab.request({ type: 'disassemble', address: BASE + 8n, before: 1, after: 1 }, 'disassembly');
    expect(d.lines.map((l) => [l.addr, l.text, l.source?.line])).toEqual([[BASE + 4n, 'out a', 2], [BASE + 8n, 'nop', 3], [BASE + 12n, 'halt', 4]]);
    expect((await lab.request({ type: 'disassemble', address: BASE, before: 0, after: 0 }, 'disassembly')).lines[0].symbol).toBe('_start');
  });

  it('passes terminal input to the machine and takes a new slice length', async () => {
    open();
    await lab.request({ type: 'build', files: file('nop\njmp 1\n') }, 'buildResult');
    // The toy machine echoes its UART input to its output.
    lab.send({ type: 'input', bytes: new TextEncoder().encode('ok') });
    lab.send({ type: 'setSpeed', sliceMs: 3 });
    await lab.request({ type: 'run' }, 'stdout');
    expect(lab.output).toBe('ok');
    await lab.request({ type: 'pause' }, 'stopped');
    expect(lab.events.some((e) => e.type === 'error')).toBe(false);
  });

  it('answers a build that crashes inside the toolchain with a diagnostic', async () => {
    const target = new FakeTarget();
    target.build = () => {
      throw new Error('boom');
    };
    lab = new LabDriver(createInProcessTransport(target));
    const r = await lab.request({ type: 'build', files: file('nop\n') }, 'buildResult');
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0].message).toMatch(/internal error while handling build: boom/);
  });

  it('reports a machine that throws while running and stops cleanly', async () => {
    const target = new FakeTarget();
    lab = new LabDriver(createInProcessTransport(target));
    await lab.request({ type: 'build', files: file('nop\njmp 1\n') }, 'buildResult');
    target.run = () => {
      throw new Error('decoder exploded');
    };
    const e = await lab.request({ type: 'run' }, 'error');
    expect(e.message).toMatch(/internal error while running: decoder exploded/);
    // The error, the state change and the stop travel in one batch.
    const batch = lab.batches.find((b) => b.events.some((x) => x.type === 'error'))!;
    expect(batch.events.map((x) => x.type)).toEqual(['error', 'state', 'stopped']);
    expect(lab.events.filter((x) => x.type === 'state').at(-1)).toEqual({ type: 'state', state: 'paused' });
  });
});

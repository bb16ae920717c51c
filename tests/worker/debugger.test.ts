// The debugger's per-thread registers and the slow speed, on the real machine
// through the in-process host: a stop in a two-thread program reads the other
// thread's saved registers from the kernel model (the CPU's for the thread on the
// CPU); a chosen rate runs slices of that many instructions per second, each with
// its registers, and Pause still stops at once. The host's clock and delay are
// the test's, so the slow run is exact and takes no real time.

import { afterEach, describe, expect, it } from 'vitest';
import { type LabEvent } from '../../src/shared/protocol.ts';
import { LAB_H_FILE } from '../../src/scenarios/gallery/labh.ts';
import type { HostOptions } from '../../src/worker/host.ts';
import { LabDriver } from './labDriver.ts';
import { openMachineLab } from './machineLab.ts';

export const TWO_THREADS = `#include "lab.h"
static volatile int ticks;
static void counter(seL4_Word a, seL4_Word b, seL4_Word c) { for (;;) ticks++; }
int main(void) {
    lab_init();
    lab_thread("counter", counter, 7, 8, 9, 100, 0);
    printf("started\\n");
    seL4_Wait(lab_park_ntfn, NULL);
    return 0;
}
`;

const files = [{ name: 'main.c', text: TWO_THREADS }, { name: LAB_H_FILE.name, text: LAB_H_FILE.text }];
let lab: LabDriver;
afterEach(() => lab?.close());

function open(options: HostOptions = { sliceMs: 8 }): LabDriver {
  lab = openMachineLab(options);
  return lab;
}

describe('per-thread registers', () => {
  it("reads the other thread's saved registers at a stop, and the live CPU for the one on it", async () => {
    open();
    const b = await lab.request({ type: 'build', files }, 'buildResult');
    expect(b.ok).toBe(true);
    const counterAddr = b.symbols.find((s) => s.name === 'counter')!.addr;
    await lab.request({ type: 'setBreakpoints', addresses: [], lines: [{ file: 'main.c', line: 7 }] }, 'breakpoints');
    const stop = await lab.request({ type: 'run' }, 'stopped');
    expect(stop.reason.kind).toBe('breakpoint');

    const cur = await lab.request({ type: 'threadRegisters' }, 'threadRegisters');
    expect(cur.thread).toBe('rootserver');
    expect(cur.threads[0]).toEqual({ name: 'rootserver', state: 'Running', onCpu: true });
    expect(cur.threads.map((t) => t.name)).toContain('counter');
    expect(cur.registers).toEqual({ ...stop.registers, thread: 'rootserver' });

    const other = await lab.request({ type: 'threadRegisters', thread: 'counter' }, 'threadRegisters');
    expect(other.thread).toBe('counter');
    expect(other.threads.find((t) => t.name === 'counter')!.onCpu).toBe(false);
    expect(other.registers!.pc).toBe(counterAddr);
    expect(other.registers!.x.slice(0, 3)).toEqual([7n, 8n, 9n]);
    expect(other.registers!.thread).toBe('counter');

    // Now the counter runs and main waits: the roles turn round.
    lab.send({ type: 'setBreakpoints', addresses: [], lines: [] });
    lab.send({ type: 'run' });
    await lab.next('progress', (e) => e.instret > stop.instret + 10_000);
    const paused = await lab.request({ type: 'pause' }, 'stopped');
    expect(paused.registers.thread).toBe('counter');
    const main = await lab.request({ type: 'threadRegisters', thread: 'rootserver' }, 'threadRegisters');
    expect(main.state).toBe('BlockedOnNotification');
    expect(main.threads[0]).toMatchObject({ name: 'counter', onCpu: true });
    expect(main.registers!.pc).not.toBe(paused.registers.pc);
    const live = await lab.request({ type: 'threadRegisters', thread: 'counter' }, 'threadRegisters');
    expect(live.registers).toEqual(paused.registers);
    // A name that is gone means the thread on the CPU.
    expect((await lab.request({ type: 'threadRegisters', thread: 'nobody' }, 'threadRegisters')).thread).toBe('counter');
  }, 30_000);
});

describe('speed control', () => {
  it('runs a chosen rate of instructions per second with live registers, and pauses at once', async () => {
    let clock = 0;
    const waits: number[] = [];
    open({
      sliceMs: 8,
      now: () => clock,
      delay: (cb, ms) => {
        waits.push(ms);
        const h = setImmediate(() => { clock += ms; cb(); });
        return () => clearImmediate(h);
      },
    });
    await lab.request({ type: 'build', files }, 'buildResult');
    lab.send({ type: 'setSpeed', rate: 100 });
    lab.send({ type: 'run' });
    const live: Extract<LabEvent, { type: 'progress' }>[] = [];
    while (live.length < 9) live.push(await lab.next('progress', (e) => !live.includes(e)));
    const steps = live.map((e, i) => e.instret - (i === 0 ? 0 : live[i - 1].instret));
    // 100 instr/s in 25 ms periods: one instruction at first, then 2.5 a slice.
    expect(steps).toEqual([1, 2, 3, 2, 3, 2, 3, 2, 3]);
    expect(waits.slice(1, 8).every((w) => w === 25)).toBe(true);
    for (const e of live) {
      expect(e.live!.registers.thread).toBe('rootserver');
      expect(e.live!.disassembly.some((l) => l.addr === e.live!.registers.pc)).toBe(true);
    }
    expect(new Set(live.map((e) => e.live!.registers.pc)).size).toBeGreaterThan(5);
    const p = await lab.request({ type: 'pause' }, 'stopped');
    expect(p.reason.kind).toBe('paused');
    expect(p.registers.pc).toBe(p.reason.pc);
    // Flat out again: no live frames, no waits.
    lab.send({ type: 'setSpeed', rate: 0 });
    const before = waits.length;
    lab.send({ type: 'run' });
    const fast = await lab.next('progress');
    expect(fast.live).toBeUndefined();
    await lab.request({ type: 'pause' }, 'stopped');
    expect(waits.length).toBe(before);
  }, 30_000);
});

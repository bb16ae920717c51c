// The machine host on the real machine (toolchain + emulator + seL4 kernel model,
// the program booted as the root task), through the in-process twin: the page's
// example prints its greeting, errors come back as diagnostics, an endless loop
// pauses quickly, steps, stops at breakpoints and resets, faults halt with the
// kernel's report.

import { afterEach, describe, expect, it } from 'vitest';
import { type LabEvent, type SourceFile } from '../../src/shared/protocol.ts';
import { EXAMPLE_FILE_NAME, EXAMPLE_PROGRAM } from '../../src/ui/editor/exampleProgram.ts';
import { LabDriver } from './labDriver.ts';
import { openMachineLab } from './machineLab.ts';

const LOOP = `        .global _start
        .text
_start:
        mov     x0, #0
loop:
        add     x0, x0, #1
        b       loop
`;

const src = (text: string, name = 'prog.s'): SourceFile[] => [{ name, text }];
let lab: LabDriver;

function open(): LabDriver {
  lab = openMachineLab();
  return lab;
}

afterEach(() => lab?.close());

describe('machine host (real machine)', () => {
  it('runs the page example and prints its greeting', async () => {
    open();
    const b = await lab.request({ type: 'build', files: src(EXAMPLE_PROGRAM, EXAMPLE_FILE_NAME) }, 'buildResult');
    expect(b.diagnostics).toEqual([]);
    expect(b.ok).toBe(true);
    expect(b.symbols.map((s) => s.name)).toContain('_start');
    const end = await lab.request({ type: 'run' }, 'stopped');
    expect(lab.output).toBe('Hello from CapLab\n');
    expect(end.reason).toMatchObject({ kind: 'halted', exitCode: 0 });
    expect(end.reason.kind === 'halted' && end.reason.message).toBeUndefined();
    // seL4_DebugHalt returns nowhere: pc is past the svc that called it (line 16).
    expect(b.lines.find((l) => l.addr === end.registers.pc - 4n)).toMatchObject({ file: EXAMPLE_FILE_NAME, line: 16 });
    expect(end.registers.thread).toBe('rootserver');
  });

  it('returns assembly errors with their line and column', async () => {
    open();
    const b = await lab.request({ type: 'build', files: src(LOOP.replace('b       loop', 'frobnicate x0, x1')) }, 'buildResult');
    expect(b.ok).toBe(false);
    const e = b.diagnostics.find((d) => d.severity === 'error');
    expect(e).toMatchObject({ file: 'prog.s', line: 7 });
    expect(e!.column).toBeGreaterThanOrEqual(1);
    expect(e!.column).toBeLessThanOrEqual(9);
  });

  it('pauses an endless loop, steps, breaks, continues and resets', async () => {
    open();
    const b = await lab.request({ type: 'build', files: src(LOOP) }, 'buildResult');
    expect(b.ok).toBe(true);
    // Five run/pause rounds. The pause latency is a figure of `npm run bench -- pause`
    // (speed is measured by the bench, never asserted by a timed test).
    let paused!: Extract<LabEvent, { type: 'stopped' }>;
    for (let round = 0; round < 5; round++) {
      const from = lab.events.length;
      await lab.request({ type: 'run' }, 'progress', (e) => e.instret > 2_000_000 * (round + 1) && lab.events.length > from);
      paused = await lab.request({ type: 'pause' }, 'stopped');
      expect(paused.reason.kind).toBe('paused');
    }
    expect(paused.registers.x[0]).toBeGreaterThan(0n);

    const s1 = await lab.request({ type: 'step' }, 'stopped');
    expect(s1.reason.kind).toBe('step');
    expect(s1.registers.pc).not.toBe(paused.registers.pc);
    expect(s1.instret).toBe(paused.instret + 1);

    const bps = await lab.request({ type: 'setBreakpoints', addresses: [], lines: [{ file: 'prog.s', line: 6 }] }, 'breakpoints');
    expect(bps.addresses).toHaveLength(1);
    const hit = await lab.request({ type: 'run' }, 'stopped');
    expect(hit.reason).toEqual({ kind: 'breakpoint', pc: bps.addresses[0] });
    expect(hit.source).toEqual({ file: 'prog.s', line: 6 });
    expect(hit.disassembly.find((d) => d.addr === hit.registers.pc)?.text).toMatch(/^add\s+x0, x0, #0x1$/);
    const again = await lab.request({ type: 'run' }, 'stopped');
    expect(again.reason.kind).toBe('breakpoint');
    expect(again.registers.x[0]).toBe(hit.registers.x[0] + 1n);

    const r = await lab.request({ type: 'reset' }, 'stopped');
    expect(r.reason.kind).toBe('reset');
    expect(r.instret).toBe(0);
    expect(r.registers.x[0]).toBe((b.entry! & ~0xfffn) + 0x2000n); // BootInfo: the page after the IPC buffer, which follows the one-page image
  });

  it('continues off a breakpoint it stepped onto', async () => {
    open();
    await lab.request({ type: 'build', files: src(LOOP) }, 'buildResult');
    await lab.request({ type: 'setBreakpoints', addresses: [], lines: [{ file: 'prog.s', line: 6 }] }, 'breakpoints');
    const first = await lab.request({ type: 'step' }, 'stopped');
    expect(first.source).toEqual({ file: 'prog.s', line: 6 });
    const next = await lab.request({ type: 'run' }, 'stopped');
    expect(next.reason.kind).toBe('breakpoint');
    expect(next.instret).toBe(first.instret + 2);
  });

  it('steps over calls, also recursive ones, in the frame it started in', async () => {
    open();
    const prog = `        .global _start
        .text
_start:
        adr     x1, stack_top       // seL4 starts the root task without a stack
        mov     sp, x1
        mov     x0, #3
        bl      rec
after:
        b       after
rec:
        cbz     x0, 1f
        stp     x29, x30, [sp, #-16]!
        sub     x0, x0, #1
        bl      rec
        ldp     x29, x30, [sp], #16
1:      ret
        .bss
        .p2align 4
        .zero   4096
stack_top:
`;
    await lab.request({ type: 'build', files: src(prog) }, 'buildResult');
    for (let i = 0; i < 3; i++) await lab.request({ type: 'step' }, 'stopped');
    const over = await lab.request({ type: 'step', over: true }, 'stopped');
    expect(over.reason.kind).toBe('step');
    expect(over.source?.line).toBe(9);
    expect(over.registers.x[0]).toBe(0n);

    // Inside rec at depth 1: step over the inner call, which recurses twice more and
    // passes the return address in deeper frames first.
    await lab.request({ type: 'reset' }, 'stopped');
    const bp = await lab.request({ type: 'setBreakpoints', addresses: [], lines: [{ file: 'prog.s', line: 14 }] }, 'breakpoints');
    const atCall = await lab.request({ type: 'run' }, 'stopped');
    expect(atCall.source?.line).toBe(14);
    expect(atCall.registers.x[0]).toBe(2n);
    await lab.request({ type: 'setBreakpoints', addresses: [], lines: [] }, 'breakpoints');
    const back = await lab.request({ type: 'step', over: true }, 'stopped');
    expect(back.reason.kind).toBe('step');
    expect(back.source?.line).toBe(15);
    expect(back.registers.sp).toBe(atCall.registers.sp);
    expect(back.registers.x[0]).toBe(0n);
    expect(bp.addresses).toHaveLength(1);
    // The step's own breakpoint is gone again: a run from the start passes that
    // address (at every depth) and only stops when paused.
    await lab.request({ type: 'reset' }, 'stopped');
    await lab.request({ type: 'run' }, 'progress', (e) => e.instret > 10_000);
    const paused = await lab.request({ type: 'pause' }, 'stopped');
    expect(paused.reason.kind).toBe('paused');
    expect(paused.source?.line).toBe(9);
  });

  it('halts with the kernel report on a fault', async () => {
    open();
    const prog = `        .global _start\n        .text\n_start:\n        mov     x1, #0\n        ldr     x0, [x1]\n`;
    await lab.request({ type: 'build', files: src(prog) }, 'buildResult');
    const s = await lab.request({ type: 'run' }, 'stopped');
    expect(s.reason.kind).toBe('halted');
    expect(s.reason.kind === 'halted' && s.reason.message).toMatch(/no runnable thread left: rootserver: VMFault at pc 0x[0-9a-f]+: data access at 0x0\b.*no valid fault handler/);
    expect(s.registers.thread).toBe('rootserver');
    expect(lab.events.some((e) => e.type === 'state' && e.state === 'halted')).toBe(true);
  });

  it('reads memory and transfers the ELF', async () => {
    open();
    const b = await lab.request({ type: 'build', files: src(LOOP) }, 'buildResult');
    expect(Array.from(b.elf!.subarray(0, 4))).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    const m = await lab.request({ type: 'readMemory', address: b.entry!, length: 8 }, 'memory');
    expect(m.error).toBeUndefined();
    expect(new DataView(m.bytes.buffer, m.bytes.byteOffset).getUint32(0, true)).toBe(0xd2800000); // mov x0, #0
    const bad = await lab.request({ type: 'readMemory', address: 0x10n, length: 4 }, 'memory');
    expect(bad.error).toMatch(/cannot read 0x10/);
  });
});

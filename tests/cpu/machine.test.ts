// Machine behaviour around the CPU: self-modifying code (stores into translated pages,
// from the guest and from EL1), breakpoints, exact budgets, pause, halting, the
// register view (CpuRegisters), TPIDRRO/CNTVCT reads and context switches by ASID.

import { describe, it, expect } from 'vitest';
import { assemble, machineWith, runAsm, X, CODE_VA, CODE_PA, DATA_VA, DATA_PA } from './harness.ts';
import { CNTFRQ_HZ } from '../../src/emulator/devices/timer.ts';

const rwx = { read: true, write: true, exec: true };

describe('self-modifying code', () => {
  it('a guest store over a translated instruction is seen the next time it runs', () => {
    // Patch "mov x0, #1" (at patch:) into "mov x0, #2" after it ran once, then run it again.
    const src = `
      mov x3, #0
    again:
    patch: mov x0, #1
      add x3, x3, x0
      cbnz x4, done
      mov x4, #1
      adr x1, patch
      ldr w2, =0xd2800040
      str w2, [x1]
      b again
    done: svc #0
      .ltorg`;
    const t = machineWith(assemble(src));
    t.map(CODE_VA, CODE_PA, rwx);
    t.m.mmu.invalidateAll();
    t.m.run(1000);
    expect(t.m.halted).toEqual({ exitCode: 2 });
    expect(X(t, 3)).toBe(3n);
  });

  it('a store into the running block ends the block so that later instructions are re-read', () => {
    // The str overwrites the very next instruction of the same block.
    const src = `
      adr x1, next
      ldr w2, =0xd2800540
      str w2, [x1]
    next: mov x0, #1
      svc #0
      .ltorg`;
    const t = machineWith(assemble(src));
    t.map(CODE_VA, CODE_PA, rwx);
    t.m.mmu.invalidateAll();
    t.m.run(1000);
    expect(t.m.halted).toEqual({ exitCode: 42 });
  });

  it('EL1 writes (writeVirtual, physical) drop stale translations too', () => {
    const v = machineWith(assemble('mov x0, #5\nmov x0, #6\nsvc #0'), (_ex, tm) => {
      if (tm.exceptions.length === 1) {
        expect(tm.m.cpu.getX(0)).toBe(6n);
        const patch = assemble('mov x0, #9');
        tm.m.writeVirtual(CODE_VA + 4n, new Uint8Array(patch.buffer), { privilege: 'debug' });
        tm.m.cpu.pc = CODE_VA;
      } else tm.m.halt(Number(tm.m.cpu.getX(0)));
    });
    v.m.run(100);
    expect(v.m.halted?.exitCode).toBe(9);
  });
});

describe('breakpoints, budgets and stepping', () => {
  const loop = 'mov x0, #0\n1: add x0, x0, #1\ncmp x0, #100\nb.ne 1b\nsvc #0';

  it('stops before the instruction at a breakpoint and executes it on continue', () => {
    const t = machineWith(assemble(loop));
    t.m.addBreakpoint(CODE_VA + 8n);
    expect(t.m.run(10_000)).toEqual({ kind: 'breakpoint', pc: CODE_VA + 8n });
    expect(X(t, 0)).toBe(1n);
    expect(t.m.run(10_000)).toEqual({ kind: 'breakpoint', pc: CODE_VA + 8n });
    expect(X(t, 0)).toBe(2n);
    t.m.removeBreakpoint(CODE_VA + 8n);
    t.m.run(10_000);
    expect(t.m.halted).toEqual({ exitCode: 100 });
  });

  it('step ignores a breakpoint at pc and executes exactly one instruction', () => {
    const t = machineWith(assemble(loop));
    t.m.addBreakpoint(CODE_VA);
    expect(t.m.run(10)).toEqual({ kind: 'breakpoint', pc: CODE_VA });
    expect(t.m.step()).toEqual({ kind: 'budget' });
    expect(t.m.cpu.pc).toBe(CODE_VA + 4n);
    expect(t.m.instret).toBe(1);
  });

  it('run(budget) ends exactly at the budget, also inside a hot loop region', () => {
    for (const budget of [1, 2, 3, 7, 50, 151, 299]) {
      const t = machineWith(assemble(loop));
      expect(t.m.run(budget)).toEqual({ kind: 'budget' });
      expect(t.m.instret).toBe(budget);
      const u = machineWith(assemble(loop));
      for (let i = 0; i < budget; i++) u.m.step();
      expect(u.m.cpu.pc).toBe(t.m.cpu.pc);
      expect(X(u, 0)).toBe(X(t, 0));
    }
  });

  it('a passed wall-clock deadline ends run early at a block boundary; slices give the same state', () => {
    // An svc every iteration forces a trip through the outer loop, where the deadline is read.
    const src = '1: add x0, x0, #1\nsvc #1\nb 1b';
    const hook = (ex: { pc: bigint }, tm: { m: { cpu: { pc: bigint } } }) => { tm.m.cpu.pc = ex.pc + 4n; };
    const cut = machineWith(assemble(src), hook);
    let slices = 0;
    while (cut.m.instret < 30_000) {
      expect(cut.m.run(30_000 - cut.m.instret, 0)).toEqual({ kind: 'budget' });
      slices++;
    }
    expect(slices).toBeGreaterThan(1);
    const whole = machineWith(assemble(src), hook);
    expect(whole.m.run(30_000)).toEqual({ kind: 'budget' });
    expect(cut.m.instret).toBe(30_000);
    expect(X(cut, 0)).toBe(X(whole, 0));
    expect(cut.m.cpu.pc).toBe(whole.m.cpu.pc);
  });

  it('requestPause from a kernel hook stops run with paused', () => {
    const t = machineWith(assemble('1: svc #1\nb 1b'), (ex, tm) => { tm.m.cpu.pc = ex.pc + 4n; tm.m.requestPause(); });
    expect(t.m.run(1000)).toEqual({ kind: 'paused' });
    expect(t.m.instret).toBe(1);
    expect(t.m.run(1000)).toEqual({ kind: 'paused' });
    expect(t.m.instret).toBe(3);
  });

  it('halted machines stay halted', () => {
    const t = runAsm('mov x0, #3\nsvc #0');
    expect(t.m.run(100)).toEqual({ kind: 'halted', exitCode: 3 });
    expect(t.m.step()).toEqual({ kind: 'halted', exitCode: 3 });
  });
});

describe('registers and system registers', () => {
  it('CpuRegisters view: X, XZR, SP, PC, NZCV, TPIDR, TPIDRRO', () => {
    const t = machineWith(assemble('mrs x0, tpidrro_el0\nmrs x1, tpidr_el0\nmrs x2, nzcv\nmsr tpidr_el0, x3\nsvc #0'));
    t.m.cpu.tpidrro = 0x1122_3344_5566_7788n;
    t.m.cpu.tpidr = 0xffff_0000_0000_0001n;
    t.m.cpu.nzcv = 0xa000_0000;
    t.m.cpu.setX(3, 0xabcdn);
    t.m.cpu.setX(31, 5n);
    expect(t.m.cpu.getX(31)).toBe(0n);
    t.m.run(100);
    expect([X(t, 0), X(t, 1), X(t, 2)]).toEqual([0x1122_3344_5566_7788n, 0xffff_0000_0000_0001n, 0xa000_0000n]);
    expect(t.m.cpu.tpidr).toBe(0xabcdn);
    expect(() => t.m.cpu.getX(32)).toThrow(/X32/);
  });

  it('CNTVCT is the retired-instruction count at the instruction; CNTFRQ is 100 MHz', () => {
    const t = runAsm('nop\nnop\nmrs x1, cntvct_el0\nnop\nmrs x2, cntvct_el0\nmrs x3, cntfrq_el0\nmov x0, #0\nsvc #0');
    expect([X(t, 1), X(t, 2), X(t, 3)]).toEqual([2n, 4n, BigInt(CNTFRQ_HZ)]);
  });
});

describe('a register array made live by use() (a kernel context switch without copies)', () => {
  it('translated blocks and the slow memory paths run on the new array; the old one is left as it was', () => {
    // A hot loop adds x1 to x0 and loads through x2 (a TLB-missing first load takes the
    // slow path); svc #1 asks the "kernel" to switch to another array, then the loop runs again.
    const src = `
      mov x3, #0
    1: add x0, x0, x1
      ldr x4, [x2]
      add x0, x0, x4
      add x3, x3, #1
      cmp x3, #100
      b.ne 1b
      svc #1
      mov x3, #0
    2: add x0, x0, x1
      ldr x4, [x2]
      add x0, x0, x4
      add x3, x3, #1
      cmp x3, #100
      b.ne 2b
      svc #0`;
    let before: Int32Array | null = null;
    const t = machineWith(assemble(src), (ex, tm) => {
      if (ex.kind === 'svc' && ex.imm === 1) {
        const other = tm.m.cpu.r.slice();
        other[0] = 0; other[1] = 0; // x0 = 0
        other[2] = 7; other[3] = 0; // x1 = 7
        other[64] = Number(ex.pc + 4n); // pc after the svc
        before = tm.m.cpu.use(other);
        return;
      }
      tm.m.halt(ex.kind === 'svc' ? 0 : -1, ex.kind);
    });
    t.m.mem.writeBytes(Number(DATA_PA), new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0]));
    t.m.cpu.setX(1, 1n);
    t.m.cpu.setX(2, DATA_VA);
    t.m.run(100_000);
    expect(t.m.halted?.exitCode).toBe(0);
    expect(X(t, 0)).toBe(100n * (7n + 2n));
    const old = before as Int32Array | null;
    expect(old).not.toBeNull();
    expect(old![0]).toBe(100 * (1 + 2));
    expect(old![64]).toBe(Number(CODE_VA) + 7 * 4);
  });
});

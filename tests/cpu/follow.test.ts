// Blocks that follow a call into another page (JIT_OPTIONS.crossPage): the followed
// page's translation is checked each time the block enters it, its code is tracked
// for writes, and exits inside it set the whole PC. Each case runs hot (so the
// followed blocks are the ones running) and is compared with single-stepping.
import { describe, expect, it } from 'vitest';
import { assemble, machineWith, CODE_VA, CODE_PA, X, type TestMachine } from './harness.ts';

/** `main` in the first code page calls `f` (second page + 8) 400 times and traps
 *  with svc #1 after the 200th call: the same loop block runs before and after the
 *  trap. The loop branches back indirectly (br), so it stays a plain block (a region,
 *  made for a direct loop, does not follow into other pages). */
const CALLER = `
  mov x20, #0
  mov x21, #0
  adr x22, loop
loop:
  bl f
  add x20, x20, x0
  add x21, x21, #1
  cmp x21, #200
  b.eq trap
  cmp x21, #400
  b.eq out
  br x22
trap:
  svc #1
  br x22
out:
  mov x0, x20
  svc #0
  .p2align 12
  nop
  nop
f:
  mov x0, #3
  ret`;

/** Runs to halt, single-stepping when `step`; returns the machine. */
function run(t: TestMachine, step: boolean): TestMachine {
  if (step) { for (let i = 0; i < 200_000 && !t.m.halted; i++) t.m.step(); }
  else t.m.run(1_000_000);
  return t;
}

/** The instruction word of `mov x0, #imm`. */
const movX0 = (imm: number): number => (0xd2800000 | (imm << 5)) >>> 0;

describe('blocks following calls into another page', () => {
  it('run the callee as translated when nothing changes, retiring what stepping retires', () => {
    const retired: number[] = [];
    for (const step of [false, true]) {
      const t = run(machineWith(assemble(CALLER), (ex, tm) => {
        if (ex.kind === 'svc' && ex.imm === 1) { tm.m.cpu.pc = ex.pc + 4n; return; }
        tm.m.halt(ex.kind === 'svc' ? Number(tm.m.cpu.getX(0) & 0xffffn) : -1);
      }), step);
      expect(t.m.halted).toEqual({ exitCode: 1200 });
      retired.push(t.m.instret);
    }
    expect(retired[0]).toBe(retired[1]);
  });

  it('see the callee page mapped to other memory (the translation check leaves the block)', () => {
    const results: number[] = [];
    for (const step of [false, true]) {
      const t = machineWith(assemble(CALLER), (ex, tm) => {
        if (ex.kind === 'svc' && ex.imm === 1) {
          // Page 2 of the code now maps a copy whose f returns 5.
          const page = new Uint8Array(4096);
          page.set(tm.m.mem.readBytes(Number(CODE_PA) + 0x1000, 4096) as Uint8Array);
          new DataView(page.buffer).setUint32(8, movX0(5), true);
          const other = CODE_PA + 0x10_0000n;
          tm.m.mem.writeBytes(Number(other), page);
          tm.map(CODE_VA + 0x1000n, other, { read: true, write: false, exec: true });
          tm.m.mmu.invalidateVa(CODE_VA + 0x1000n, 1);
          tm.m.cpu.pc = ex.pc + 4n;
          return;
        }
        tm.m.halt(ex.kind === 'svc' ? Number(tm.m.cpu.getX(0) & 0xffffn) : -1);
      });
      run(t, step);
      results.push(t.m.halted!.exitCode);
    }
    expect(results).toEqual([200 * 3 + 200 * 5, 200 * 3 + 200 * 5]);
  });

  it('drop the block when the callee page is written (EL1 write)', () => {
    const t = machineWith(assemble(CALLER), (ex, tm) => {
      if (ex.kind === 'svc' && ex.imm === 1) {
        const word = new Uint8Array(4);
        new DataView(word.buffer).setUint32(0, movX0(7), true);
        tm.m.writeVirtual(CODE_VA + 0x1008n, word, { privilege: 'debug' });
        tm.m.cpu.pc = ex.pc + 4n;
        return;
      }
      tm.m.halt(ex.kind === 'svc' ? Number(tm.m.cpu.getX(0) & 0xffffn) : -1);
    });
    run(t, false);
    expect(t.m.halted).toEqual({ exitCode: 200 * 3 + 200 * 7 });
  });

  it('report a fault inside the followed page at its own pc, with the same retired count as stepping', () => {
    const src = `
      mov x21, #0
      adr x22, loop
    loop:
      bl f
      add x21, x21, #1
      cmp x21, #100
      b.eq out
      br x22
    out:
      mov x10, #0
      bl f
      svc #0
      .p2align 12
      nop
    f:
      ldr x1, [x10]
      ret`;
    const faults: { pc: bigint; instret: number }[] = [];
    for (const step of [false, true]) {
      const t = machineWith(assemble(src), (ex, tm) => {
        if (ex.kind === 'dataAbort') { faults.push({ pc: ex.pc, instret: tm.m.instret }); tm.m.halt(9); return; }
        tm.m.halt(-1, ex.kind);
      });
      t.m.cpu.setX(10, 0x1000_0000n); // DATA_VA: mapped, so the hot calls do not fault
      run(t, step);
      expect(t.m.halted?.exitCode).toBe(9);
      expect(X(t, 21)).toBe(100n);
    }
    expect(faults[0]).toEqual(faults[1]);
    expect(faults[0].pc).toBe(CODE_VA + 0x1004n);
  });

  it('go straight on into the next page, checking its translation there', () => {
    // loop: three instructions at the end of page 2, the rest at the start of page 3.
    const src = `
      mov x20, #0
      mov x21, #0
      adr x22, loop
      b loop
    trap:
      svc #1
      br x22
    out:
      mov x0, x20
      svc #0
      .p2align 12
      .skip 4084
    loop:
      nop
      nop
      nop
      mov x0, #3
      add x20, x20, x0
      add x21, x21, #1
      cmp x21, #200
      b.eq trap
      cmp x21, #400
      b.eq out
      br x22`;
    const results: number[] = [];
    for (const step of [false, true]) {
      const t = machineWith(assemble(src), (ex, tm) => {
        if (ex.kind === 'svc' && ex.imm === 1) {
          // Page 3 now maps a copy whose first instruction is mov x0, #5.
          const page = new Uint8Array(4096);
          page.set(tm.m.mem.readBytes(Number(CODE_PA) + 0x2000, 4096) as Uint8Array);
          new DataView(page.buffer).setUint32(0, movX0(5), true);
          const other = CODE_PA + 0x10_0000n;
          tm.m.mem.writeBytes(Number(other), page);
          tm.map(CODE_VA + 0x2000n, other, { read: true, write: false, exec: true });
          tm.m.mmu.invalidateVa(CODE_VA + 0x2000n, 1);
          tm.m.cpu.pc = ex.pc + 4n;
          return;
        }
        tm.m.halt(ex.kind === 'svc' ? Number(tm.m.cpu.getX(0) & 0xffffn) : -1);
      });
      run(t, step);
      results.push(t.m.halted!.exitCode, t.m.instret);
    }
    expect(results[0]).toBe(200 * 3 + 200 * 5);
    expect(results).toEqual([results[0], results[1], results[0], results[1]]);
  });

  it('run a followed callee whose straight-line code comes back into the first page', () => {
    // loop (page 3) calls g at the end of page 2, whose last instructions are at the start of page 3.
    const src = `
      mov x20, #0
      mov x21, #0
      adr x22, loop
      b loop
    out:
      mov x0, x20
      svc #0
      .p2align 12
      .skip 4088
    g:
      nop
      nop
      mov x0, #3
      ret
    loop:
      bl g
      add x20, x20, x0
      add x21, x21, #1
      cmp x21, #80
      b.eq out
      br x22`;
    const results: number[] = [];
    for (const step of [false, true]) {
      const t = run(machineWith(assemble(src)), step);
      results.push(t.m.halted!.exitCode, t.m.instret);
    }
    expect(results[0]).toBe(240);
    expect(results).toEqual([240, results[1], 240, results[1]]);
  });
});

// Exceptions from EL0: the CpuException kinds, their ESR_EL1 values (EC, IL, ISS),
// fault addresses and levels, and exactness inside translated blocks (a fault in the
// 5th instruction leaves the state as after the 4th, PC on the faulting one).

import { describe, it, expect } from 'vitest';
import { assemble, machineWith, runAsm, X, CODE_VA, DATA_VA, type Policy } from './harness.ts';
import type { CpuException } from '../../src/emulator/types.ts';

const first = (t: { exceptions: CpuException[] }): CpuException => {
  expect(t.exceptions.length).toBeGreaterThan(0);
  return t.exceptions[0];
};

describe('exception syndromes', () => {
  it('svc: EC 0x15, IL, imm16; pc on the svc; the svc retires', () => {
    const t = runAsm('mov x0, #3\nsvc #0x1234');
    const ex = first(t);
    expect(ex).toMatchObject({ kind: 'svc', imm: 0x1234, pc: CODE_VA + 4n, esr: 0x5600_1234 });
    expect(t.m.instret).toBe(2);
  });

  it('brk: EC 0x3c with the immediate; not retired', () => {
    const t = runAsm('nop\nbrk #0x42');
    expect(first(t)).toMatchObject({ kind: 'brk', imm: 0x42, pc: CODE_VA + 4n, esr: 0xf200_0042 });
    expect(t.m.instret).toBe(1);
  });

  it.each([
    ['udf #7', 0x0000_0007],
    ['fadd d0, d1, d2', 0x1e62_2820],
    ['mrs x0, midr_el1', 0xd538_0000],
    ['msr tpidrro_el0, x1', 0xd51b_d061],
    ['mrs x0, cntv_ctl_el0', 0xd53b_e320],
  ])('%s is UNDEFINED at EL0: EC 0, the word is reported', (asm, word) => {
    const t = runAsm(`nop\n${asm}\nnop`);
    expect(first(t)).toMatchObject({ kind: 'undefined', word, pc: CODE_VA + 4n, esr: 0x0200_0000 });
    expect(t.m.instret).toBe(1);
  });

  it('every undecodable word raises undefined, never a JS error', () => {
    const words = new Uint32Array(64);
    for (let i = 0; i < words.length; i++) words[i] = (Math.imul(i + 1, 0x9e37_79b9) ^ 0x0400_0000) >>> 0;
    for (let i = 0; i < words.length; i++) {
      const t = machineWith(new Uint32Array([words[i]]));
      expect(() => t.m.run(10)).not.toThrow();
    }
  });

  it('data abort (translation, level 1, read) in the 5th instruction of a block', () => {
    const src = 'movz x1, #0x9000, lsl #16\nadd x2, x2, #1\nadd x3, x3, #2\nadds x4, x2, x3\nldr x0, [x1, #8]\nadd x5, x5, #1\nsvc #0';
    const t = runAsm(src);
    const ex = first(t);
    expect(ex).toMatchObject({ kind: 'dataAbort', pc: CODE_VA + 16n, address: 0x9000_0008n, write: false,
      fault: 'translation', level: 1, esr: 0x9200_0005 });
    expect(t.m.instret).toBe(4);
    expect([X(t, 2), X(t, 3), X(t, 4), X(t, 5)]).toEqual([1n, 2n, 3n, 0n]);
    expect(t.m.cpu.nzcv).toBe(0);
    expect(t.m.cpu.pc).toBe(CODE_VA + 16n);
  });

  it('store to a read-only page: permission fault level 3 with WnR', () => {
    const t = runAsm(`adr x1, .\nmov x2, #5\nstr x2, [x1]`);
    expect(first(t)).toMatchObject({ kind: 'dataAbort', address: CODE_VA, write: true, fault: 'permission', level: 3,
      esr: 0x9200_004f });
  });

  it('instruction abort on an unmapped target (level 2) and on a UXN page (permission)', () => {
    const t1 = runAsm('movz x1, #0x20, lsl #16\nbr x1');
    expect(first(t1)).toMatchObject({ kind: 'instructionAbort', pc: 0x20_0000n, address: 0x20_0000n, fault: 'translation',
      level: 2, esr: 0x8200_0006 });
    const t2 = runAsm(`ldr x1, =${DATA_VA}\nbr x1`);
    expect(first(t2)).toMatchObject({ kind: 'instructionAbort', pc: DATA_VA, fault: 'permission', level: 3, esr: 0x8200_000f });
  });

  it('PC alignment fault (EC 0x22) and SP alignment fault (EC 0x26)', () => {
    const t1 = runAsm('adr x1, .\nadd x1, x1, #6\nbr x1');
    expect(first(t1)).toMatchObject({ kind: 'pcAlignment', pc: CODE_VA + 6n, esr: 0x8a00_0000 });
    const t2 = runAsm('sub sp, sp, #8\nldr x0, [sp]');
    expect(first(t2)).toMatchObject({ kind: 'spAlignment', pc: CODE_VA + 4n, esr: 0x9a00_0000 });
    expect(t2.m.instret).toBe(1);
  });

  it('alignment faults: exclusives and acquire/release need alignment even in Normal memory', () => {
    const t = runAsm(`ldr x1, =${DATA_VA + 4n}\nldxr x0, [x1]`);
    expect(first(t)).toMatchObject({ kind: 'dataAbort', fault: 'alignment', address: DATA_VA + 4n, esr: 0x9200_0021 });
    const t2 = runAsm(`ldr x1, =${DATA_VA + 2n}\nstlr w0, [x1]`);
    expect(first(t2)).toMatchObject({ kind: 'dataAbort', fault: 'alignment', write: true, esr: 0x9200_0061 });
    const t3 = runAsm(`ldr x1, =${DATA_VA + 3n}\nldr x0, [x1]\nsvc #0`);
    expect(first(t3)).toMatchObject({ kind: 'svc' });
  });

  it('a kernel that maps the page on demand resumes the faulting instruction exactly once', () => {
    let mapped = false;
    const policy: Policy = (ex, t) => {
      if (ex.kind === 'dataAbort' && !mapped) {
        t.map(0x9000_0000n, 0x4050_0000n, { read: true, write: true, exec: false });
        t.m.mmu.invalidateVa(0x9000_0000n);
        t.m.mem.write64(0x4050_0008, 0x77n);
        mapped = true;
        return;
      }
      if (ex.kind === 'svc') t.m.halt(0);
      else t.m.halt(-1, ex.kind);
    };
    const t = machineWith(assemble('movz x1, #0x9000, lsl #16\nadd x2, x2, #1\nldr x0, [x1, #8]\nadd x2, x2, #1\nsvc #0'), policy);
    t.m.run(100);
    expect(t.m.halted).toEqual({ exitCode: 0 });
    expect(t.exceptions.map((e) => e.kind)).toEqual(['dataAbort', 'svc']);
    expect([X(t, 0), X(t, 2)]).toEqual([0x77n, 2n]);
    expect(t.m.instret).toBe(5);
  });

  it('without a kernel hook the machine halts with a readable reason', () => {
    const t = machineWith(assemble('nop\nbrk #1'));
    t.m.kernel = null;
    expect(t.m.run(10)).toMatchObject({ kind: 'halted', exitCode: -1, message: expect.stringContaining('brk #1') });
  });

  it('a kernel that never advances pc is stopped as an exception storm', () => {
    const t = machineWith(assemble('brk #0'), () => {});
    expect(t.m.run(10)).toMatchObject({ kind: 'halted', message: expect.stringContaining('exception storm') });
  });
});

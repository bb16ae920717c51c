// Robustness of the CPU on arbitrary input: any 32-bit words as code, with the
// registers pointing into mapped and unmapped memory, never throw out of the
// machine. Every exception is one of the architectural kinds, an unallocated word
// is an undefined-instruction exception with the word and its pc, and running the
// same words as blocks or one step at a time gives the same state (fast-check).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decode } from '../../src/emulator/cpu/decode.ts';
import { CODE_VA, DATA_VA, machineWith, type Policy, type TestMachine } from './harness.ts';

const KINDS = new Set(['svc', 'brk', 'undefined', 'dataAbort', 'instructionAbort', 'pcAlignment', 'spAlignment', 'irq']);

/** Skip each exception (pc += 4) so execution goes on through the random words;
 *  halt once execution leaves them or after `cap` exceptions. */
function skipWithin(count: number, cap: number): Policy {
  const end = CODE_VA + BigInt(4 * count);
  return (ex, t) => {
    if (ex.pc < CODE_VA || ex.pc >= end || t.exceptions.length >= cap) { t.m.halt(0, 'left the words'); return; }
    t.m.cpu.pc = ex.pc + (ex.kind === 'irq' ? 0n : 4n);
  };
}

function setup(words: number[], seedRegs: bigint[]): TestMachine {
  const t = machineWith(Uint32Array.from(words), skipWithin(words.length, words.length * 2));
  for (let i = 0; i < 31; i++) t.m.cpu.setX(i, seedRegs[i % seedRegs.length]);
  return t;
}

function state(t: TestMachine): string {
  const xs = Array.from({ length: 31 }, (_, i) => t.m.cpu.getX(i).toString(16));
  return `${xs.join(',')} sp=${t.m.cpu.sp.toString(16)} pc=${t.m.cpu.pc.toString(16)} nzcv=${t.m.cpu.nzcv} n=${t.m.instret}`;
}

const regValue = fc.oneof(
  fc.constant(DATA_VA + 0x100n),
  fc.constant(CODE_VA),
  fc.constant(0n),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
);

describe('CPU on arbitrary words', () => {
  it('never throws; exceptions are architectural; blocks and single steps agree', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 48 }),
      fc.array(regValue, { minLength: 1, maxLength: 6 }),
      (words, regs) => {
        const budget = words.length * 3;
        const a = setup(words, regs);
        a.m.run(budget);
        const b = setup(words, regs);
        while (!b.m.halted && b.m.instret < budget) b.m.step();
        for (const ex of a.exceptions) expect(KINDS.has(ex.kind), ex.kind).toBe(true);
        expect(b.exceptions.map((e) => e.kind)).toEqual(a.exceptions.map((e) => e.kind));
        expect(state(b)).toBe(state(a));
      },
    ), { numRuns: 300 });
  });

  it('an unallocated word raises undefined with the word, its pc and EC 0', () => {
    const words = [0x00000000, 0xffffffff, 0x0e205800];
    for (const w of words) expect(decode(w)).toBeNull();
    const t = setup(words, [0n]);
    t.m.run(3);
    expect(t.exceptions.map((e) => e.kind).slice(0, 3)).toEqual(['undefined', 'undefined', 'undefined']);
    t.exceptions.slice(0, 3).forEach((e, i) => {
      if (e.kind !== 'undefined') return;
      expect(e.word >>> 0).toBe(words[i]);
      expect(e.pc).toBe(CODE_VA + BigInt(4 * i));
      expect(e.esr >>> 26).toBe(0);
    });
  });
});

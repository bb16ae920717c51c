// Property test: random instruction sequences (ALU, flags, loads/stores incl. unaligned
// and page-crossing, pairs, forward branches, CNTVCT reads, faults the kernel skips,
// non-terminating svcs, calls/returns and computed branches) inside a hot loop give identical architectural state, memory,
// exception trace and instret whether run as translated blocks/regions, single-stepped,
// or run in random budget slices.

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { assemble, machineWith, DATA_VA, type Policy, type TestMachine } from './harness.ts';

const COND = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le'];
const r = fc.integer({ min: 0, max: 7 });

const insn: fc.Arbitrary<(i: number, n: number) => string> = fc.oneof(
  fc.tuple(fc.constantFrom('add', 'adds', 'sub', 'subs', 'eor', 'and', 'orr', 'bics', 'adc', 'sbcs'), r, r, r, fc.boolean())
    .map(([op, d, a, b, w]) => () => (w && !['adc', 'sbcs'].includes(op) ? `${op} w${d}, w${a}, w${b}, lsl #3` : `${op} x${d}, x${a}, x${b}`)),
  fc.tuple(fc.constantFrom('adds', 'subs', 'add', 'sub'), r, r, fc.integer({ min: 0, max: 4095 }), fc.boolean())
    .map(([op, d, a, imm, w]) => () => `${op} ${w ? 'w' : 'x'}${d}, ${w ? 'w' : 'x'}${a}, #${imm}`),
  fc.tuple(fc.constantFrom('lsl', 'lsr', 'asr', 'ror'), r, r, fc.integer({ min: 0, max: 63 }))
    .map(([op, d, a, s]) => () => `${op} x${d}, x${a}, #${s}`),
  fc.tuple(fc.constantFrom('madd', 'msub'), r, r, r, r).map(([op, d, a, b, c]) => () => `${op} x${d}, x${a}, x${b}, x${c}`),
  fc.tuple(fc.constantFrom('udiv', 'sdiv', 'umulh', 'smulh', 'lslv', 'asrv'), r, r, r).map(([op, d, a, b]) => () => `${op} x${d}, x${a}, x${b}`),
  fc.tuple(fc.constantFrom('csel', 'csinc', 'csneg'), r, r, r, fc.constantFrom(...COND)).map(([op, d, a, b, c]) => () => `${op} x${d}, x${a}, x${b}, ${c}`),
  fc.tuple(r, r, fc.integer({ min: 0, max: 15 }), fc.constantFrom(...COND)).map(([a, b, f, c]) => () => `ccmp x${a}, x${b}, #${f}, ${c}`),
  fc.tuple(r, fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 3 })).map(([d, v, hw]) => () => `movk x${d}, #${v}, lsl #${hw * 16}`),
  fc.tuple(fc.constantFrom('clz', 'rbit', 'rev', 'cls'), r, r).map(([op, d, a]) => () => `${op} x${d}, x${a}`),
  fc.tuple(fc.constantFrom('ubfx', 'sbfx'), r, r, fc.integer({ min: 0, max: 31 }), fc.integer({ min: 1, max: 32 }))
    .map(([op, d, a, l, w]) => () => `${op} x${d}, x${a}, #${l}, #${w}`),
  fc.tuple(fc.constantFrom('ldr', 'str'), r, fc.integer({ min: 0, max: 1023 })).map(([op, d, o]) => () => `${op} x${d}, [x8, #${o * 8}]`),
  fc.tuple(fc.constantFrom('ldrb', 'strb', 'ldrsh', 'strh', 'ldrsw'), r, fc.integer({ min: 0, max: 255 }))
    .map(([op, d, o]) => () => (op === 'ldrsh' || op === 'strh' ? `${op} ${op === 'strh' ? 'w' : 'x'}${d}, [x8, #${o * 2}]`
      : op === 'ldrsw' ? `ldrsw x${d}, [x8, #${o * 4}]` : `${op} w${d}, [x8, #${o}]`)),
  fc.tuple(fc.constantFrom('ldur', 'stur'), r, fc.integer({ min: -200, max: 255 })).map(([op, d, o]) => () => `${op} x${d}, [x9, #${o}]`),
  fc.tuple(fc.constantFrom('ldp', 'stp'), r, r, fc.integer({ min: 0, max: 62 })).filter(([, a, b]) => a !== b)
    .map(([op, a, b, o]) => () => `${op} x${a}, x${b}, [x8, #${o * 8}]`),
  fc.tuple(r, fc.integer({ min: 1, max: 3 }), fc.constantFrom(...COND)).map(([, j, c]) => (i: number, n: number) => `b.${c} L${Math.min(i + j, n)}`),
  fc.tuple(r, fc.integer({ min: 1, max: 3 })).map(([a, j]) => (i: number, n: number) => `cbz x${a}, L${Math.min(i + j, n)}`),
  r.map((d) => () => `mrs x${d}, cntvct_el0`),
  r.map((d) => () => `ldr x${d}, [x10]`),
  fc.constant(() => 'svc #1'),
  fc.constant(() => 'bl sub'),
  r.map((d) => () => `adr x13, 1f\nbr x13\nmov x${d}, #1\n1:`),
);

/** Kernel: svc #1 counts in x6 and continues; data aborts skip the instruction and mark x7. */
const policy: Policy = (ex, t) => {
  if (ex.kind === 'svc' && ex.imm === 1) { t.m.cpu.setX(6, t.m.cpu.getX(6) + 1n); t.m.cpu.pc = ex.pc + 4n; return; }
  if (ex.kind === 'dataAbort') { t.m.cpu.setX(7, 0xdeadn); t.m.cpu.pc = ex.pc + 4n; return; }
  if (ex.kind === 'svc') { t.m.halt(0); return; }
  t.m.halt(-1, ex.kind);
};

function program(body: Array<(i: number, n: number) => string>, seeds: bigint[]): string {
  const n = body.length;
  const lines = [`ldr x8, =${DATA_VA}`, `ldr x9, =${DATA_VA + 4093n}`, 'movz x10, #0x9000, lsl #16', 'mov x11, #40'];
  seeds.forEach((v, i) => lines.push(`ldr x${i}, =0x${v.toString(16)}`));
  lines.push('outer:');
  body.forEach((f, i) => lines.push(`L${i}: ${f(i, n)}`));
  lines.push(`L${n}: subs x11, x11, #1`, 'b.ne outer', 'svc #0', 'sub: add x12, x12, #3', 'ret', '.ltorg');
  return lines.join('\n');
}

function snapshot(t: TestMachine): unknown {
  const m = t.m;
  const regs = Array.from({ length: 31 }, (_, i) => m.cpu.getX(i).toString(16));
  const data = m.readVirtual(DATA_VA, 8192);
  return { regs, sp: m.cpu.sp, pc: m.cpu.pc, nzcv: m.cpu.nzcv, instret: m.instret, halted: m.halted,
    data: data instanceof Uint8Array ? Buffer.from(data).toString('hex') : data,
    exc: t.exceptions.map((e) => `${e.kind}@${e.pc.toString(16)}`).join(' ') };
}

describe('translated blocks == single steps == budget slices', () => {
  it('holds for random programs', () => {
    fc.assert(fc.property(
      fc.array(insn, { minLength: 1, maxLength: 24 }),
      fc.array(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), { minLength: 8, maxLength: 8 }),
      fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 8 }),
      (body, seeds, slices) => {
        const words = assemble(program(body, seeds));
        const a = machineWith(words, policy);
        a.m.run(1_000_000);
        const b = machineWith(words, policy);
        for (let i = 0; i < 100_000 && !b.m.halted; i++) b.m.step();
        const c = machineWith(words, policy);
        for (let i = 0; i < 100_000 && !c.m.halted; i++) c.m.run(slices[i % slices.length]);
        expect(a.m.halted).toEqual({ exitCode: 0 });
        const sa = snapshot(a);
        expect(snapshot(b)).toEqual(sa);
        expect(snapshot(c)).toEqual(sa);
      },
    ), { numRuns: Number(process.env.EQ_RUNS ?? 40), seed: Number(process.env.EQ_SEED ?? 20261121) });
  });
});

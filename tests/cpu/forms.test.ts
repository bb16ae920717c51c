// Per-form semantic tests against qemu-aarch64-static: every base form of the ISA table
// (except SVC/BRK, tested in exceptions.test.ts) appears in at least one case, with
// edge values (carry/overflow at 32 and 64 bits, shifts by 0/31/63, bitmask immediates,
// sign/zero extension, writeback, pairs, exclusives). Run as blocks and single-stepped.

import { describe, it, expect } from 'vitest';
import { build, runQemu, runEmulator, compare, type Case } from './oracle.ts';
import { decode } from '../../src/emulator/cpu/decode.ts';
import { FORMS } from '../../src/emulator/cpu/encodings.ts';
import { SEMANTICS } from '../../src/emulator/cpu/jit.ts';

const E: bigint[] = [0n, 1n, 2n, 0x7fn, 0x80n, 0xffn, 0x7fffn, 0x8000n, 0xffffn, 0x7fff_ffffn, 0x8000_0000n,
  0xffff_ffffn, 0x1_0000_0000n, 0x7fff_ffff_ffff_ffffn, 0x8000_0000_0000_0000n, 0xffff_ffff_ffff_ffffn,
  0x1234_5678_9abc_def0n, 0xfedc_ba98_7654_3210n, 31n, 32n, 63n, 64n, 0xffff_ffff_8000_0000n, 0x8000_0000_ffff_ffffn];
const FLAGS = [0, 0xf000_0000, 0x2000_0000, 0x6000_0000, 0x8000_0000, 0x9000_0000, 0x4000_0000, 0x1000_0000];

/** Deterministic PRNG (xorshift32) so the case list is stable. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
}

const ALU = [
  'add x0, x1, #0', 'add x0, x1, #4095', 'add w0, w1, #1, lsl #12', 'add x0, x1, #0xabc, lsl #12',
  'adds x0, x1, #1', 'adds w0, w1, #1', 'adds x0, x1, #0xfff, lsl #12', 'cmn w1, #5',
  'sub x0, x1, #1', 'sub w0, w1, #4095', 'subs x0, x1, #1', 'subs w0, w1, #0', 'cmp x1, #4095', 'cmp w1, #1, lsl #12',
  'mov x9, sp\nadd sp, x1, #16\nmov x0, sp\nmov sp, x9', 'mov x9, sp\nmov sp, x1\nsub x0, sp, #1\nmov sp, x9',
  'add x0, x1, x2', 'add x0, x1, x2, lsl #1', 'add x0, x1, x2, lsr #63', 'add x0, x1, x2, asr #32', 'add w0, w1, w2, lsl #31',
  'add w0, w1, w2, asr #7', 'add w0, w1, w2, lsr #0', 'adds x0, x1, x2', 'adds w0, w1, w2', 'adds x0, x1, x2, asr #63',
  'adds w0, w1, w2, lsl #31', 'cmn x1, x2', 'sub x0, x1, x2', 'sub w0, w1, w2, lsr #3', 'neg x0, x2', 'sub x0, x1, x2, lsl #33',
  'subs x0, x1, x2', 'subs w0, w1, w2', 'cmp x1, x2, lsl #4', 'negs w0, w2', 'subs x0, x1, x2, asr #31',
  'add x0, x1, w2, uxtb', 'add x0, x1, w2, sxth #2', 'add x0, x1, w2, sxtw #4', 'add x0, x1, x2, uxtx #3',
  'add w0, w1, w2, uxth #1', 'add x0, x1, w2, uxtw', 'add x0, x1, w2, sxtb #1', 'adds x0, x1, w2, sxtw', 'adds w0, w1, w2, uxtb #2',
  'cmn x1, w2, uxth', 'sub x0, x1, w2, sxtb', 'sub w0, w1, w2, uxth #4', 'subs x0, x1, w2, uxtw #2', 'cmp x1, w2, sxtw',
  'subs w0, w1, w2, sxth', 'mov x9, sp\nmov sp, x1\nadd x0, sp, w2, uxtw #2\nmov sp, x9',
  'mov x9, sp\nadd sp, x1, x2, sxtx\nmov x0, sp\nmov sp, x9',
  'adc x0, x1, x2', 'adc w0, w1, w2', 'adcs x0, x1, x2', 'adcs w0, w1, w2', 'sbc x0, x1, x2', 'sbc w0, w1, w2',
  'sbcs x0, x1, x2', 'sbcs w0, w1, w2', 'ngc x0, x2', 'ngcs w0, w2',
  'and x0, x1, #0xff', 'and w0, w1, #0x80000001', 'orr x0, x1, #0x5555555555555555', 'orr w0, w1, #0xf0f0f0f0',
  'eor x0, x1, #0xffff0000ffff0000', 'eor w0, w1, #1', 'ands x0, x1, #0x8000000000000000', 'ands w0, w1, #0xfffffffe',
  'tst x1, #7', 'mov x0, #0x00ff00ff00ff00ff', 'and x0, x1, #0x7ffffffffffffffe',
  'mov x9, sp\nand sp, x1, #0xfffffffffffffff0\nmov x0, sp\nmov sp, x9',
  'and x0, x1, x2', 'and w0, w1, w2, ror #5', 'bic x0, x1, x2, lsl #3', 'bic w0, w1, w2', 'orr x0, x1, x2, ror #63',
  'orn w0, w1, w2, asr #2', 'mvn x0, x2', 'eor x0, x1, x2, lsr #32', 'eon w0, w1, w2', 'eon x0, x1, x2, ror #1',
  'ands x0, x1, x2', 'ands w0, w1, w2, lsl #1', 'bics x0, x1, x2, ror #33', 'bics w0, w1, w2', 'tst w1, w2', 'mov x0, x2', 'mov w0, w2',
  'movz x0, #0xffff, lsl #48', 'movz w0, #0x1234, lsl #16', 'movn x0, #0', 'movn w0, #0x1234', 'movn x0, #0xabcd, lsl #32',
  'movk x0, #0xbeef, lsl #16', 'movk w0, #0xbeef', 'movk x0, #0x1, lsl #48',
  'sbfm x0, x1, #3, #10', 'sbfx w0, w1, #4, #8', 'sxtb x0, w1', 'sxth w0, w1', 'sxtw x0, w1', 'asr x0, x1, #63', 'asr w0, w1, #31',
  'asr x0, x1, #5', 'sbfiz x0, x1, #60, #4', 'sbfiz w0, w1, #3, #5', 'ubfx x0, x1, #63, #1', 'ubfx w0, w1, #0, #31',
  'ubfiz x0, x1, #32, #32', 'lsl x0, x1, #1', 'lsl x0, x1, #63', 'lsl w0, w1, #31', 'lsr x0, x1, #0', 'lsr w0, w1, #17',
  'lsr x0, x1, #32', 'uxtb w0, w1', 'uxth w0, w1', 'bfi x0, x1, #8, #16', 'bfi w0, w1, #31, #1', 'bfxil x0, x1, #60, #4',
  'bfxil w0, w1, #0, #32', 'bfm x0, x1, #40, #3', 'bfm w0, w1, #5, #2', 'sbfm x0, x1, #63, #62',
  'extr x0, x1, x2, #0', 'extr x0, x1, x2, #1', 'extr x0, x1, x2, #32', 'extr x0, x1, x2, #63', 'extr x0, x1, x2, #40',
  'extr w0, w1, w2, #31', 'extr w0, w1, w2, #0', 'ror x0, x1, #17', 'ror w0, w1, #9',
  'lsl x0, x1, x2', 'lsl w0, w1, w2', 'lsr x0, x1, x2', 'lsr w0, w1, w2', 'asr x0, x1, x2', 'asr w0, w1, w2', 'ror x0, x1, x2', 'ror w0, w1, w2',
  'csel x0, x1, x2, eq', 'csel w0, w1, w2, hi', 'csel x0, x1, x2, ge', 'csel x0, x1, x2, gt', 'csel x0, x1, x2, vs',
  'csinc w0, w1, w2, lt', 'csinc x0, x1, x2, cs', 'csinv x0, x1, x2, hi', 'csinv w0, w1, w2, ls', 'csneg w0, w1, w2, ge',
  'csneg x0, x1, x2, mi', 'cset x0, ne', 'csetm w0, cc', 'cneg x0, x1, le', 'cinc w0, w1, vs', 'csel x0, x1, x2, al',
  'csinc x0, x1, x2, nv', 'cinv x0, x1, pl', 'cset w0, vc',
  'ccmp x1, x2, #5, eq', 'ccmp w1, #31, #0, ne', 'ccmn x1, x2, #15, lt', 'ccmn w1, #1, #2, gt', 'ccmp x1, #0, #8, hi', 'ccmp w1, w2, #3, ls',
  'madd x0, x1, x2, x3', 'madd w0, w1, w2, w3', 'msub x0, x1, x2, x3', 'msub w0, w1, w2, w3', 'mul x0, x1, x2', 'mneg w0, w1, w2',
  'smaddl x0, w1, w2, x3', 'smsubl x0, w1, w2, x3', 'umaddl x0, w1, w2, x3', 'umsubl x0, w1, w2, x3', 'smull x0, w1, w2',
  'umull x0, w1, w2', 'smulh x0, x1, x2', 'umulh x0, x1, x2',
  'udiv x0, x1, x2', 'udiv w0, w1, w2', 'sdiv x0, x1, x2', 'sdiv w0, w1, w2',
  'clz x0, x1', 'clz w0, w1', 'cls x0, x1', 'cls w0, w1', 'rbit x0, x1', 'rbit w0, w1', 'rev16 x0, x1', 'rev16 w0, w1',
  'rev32 x0, x1', 'rev x0, x1', 'rev w0, w1',
  'adr x0, .', 'adr x0, .+1048572', 'adr x0, .-4', 'adrp x0, .', 'adrp x0, .+0x7ffff000',
  'cbz x1, 1f\nmov x0, #1\n1:', 'cbnz w1, 1f\nmov x0, #1\n1:', 'cbz w1, 1f\nmov x0, #1\n1:', 'cbnz x1, 1f\nmov x0, #1\n1:',
  'tbz x1, #63, 1f\nmov x0, #1\n1:', 'tbnz w1, #0, 1f\nmov x0, #1\n1:', 'tbz x1, #32, 1f\nmov x0, #1\n1:', 'tbnz x1, #31, 1f\nmov x0, #1\n1:',
  'b.lt 1f\nmov x0, #1\n1:', 'b.hi 1f\nmov x0, #1\n1:', 'b.vc 1f\nmov x0, #1\n1:', 'b.le 1f\nmov x0, #1\n1:', 'b 1f\nmov x0, #1\n1:',
  'bl 1f\n1: mov x0, x30', 'adr x1, 1f\nbr x1\nmov x0, #1\n1:', 'adr x1, 1f\nblr x1\n1: mov x0, x30', 'adr x30, 1f\nret\nmov x0, #5\n1:',
  'mov x5, x30\nadr x1, 1f\nmov x30, x1\nret x1\nmov x0, #7\n1: mov x30, x5',
  'mrs x0, nzcv', 'msr nzcv, x1\nmov x0, #0', 'msr tpidr_el0, x1\nmrs x0, tpidr_el0', 'nop', 'dmb ish', 'dsb sy', 'isb', 'yield', 'clrex',
];

/** Memory cases: x10 points at a fresh 64-byte pattern window; x1/x2 are small or given. */
const MEM: Array<[string, bigint[]?]> = [
  ['ldrb w0, [x10, #3]'], ['ldrsb x0, [x10, #7]'], ['ldrsb w0, [x10, #15]'], ['ldrh w0, [x10, #2]'], ['ldrsh x0, [x10, #6]'],
  ['ldrsh w0, [x10, #14]'], ['ldr w0, [x10, #4]'], ['ldrsw x0, [x10, #12]'], ['ldr x0, [x10, #8]'], ['ldur x0, [x10, #3]'],
  ['ldur w0, [x10, #1]'], ['ldurh w0, [x10, #5]'], ['ldursw x0, [x10, #2]'], ['ldursb w0, [x10, #-1]'], ['ldursh x0, [x10, #9]'],
  ['ldurb w0, [x10, #63]'], ['ldr x0, [x10, #16]!\nmov x7, x10'], ['ldr x0, [x10], #-8\nmov x7, x10'],
  ['ldrb w0, [x10, #5]!\nmov x7, x10'], ['ldrsh x0, [x10], #2\nmov x7, x10'], ['ldrsb w0, [x10, #-3]!\nmov x7, x10'],
  ['ldrsw x0, [x10, #4]!\nmov x7, x10'], ['ldrh w0, [x10, #6]!\nmov x7, x10'], ['ldrsw x0, [x10], #12\nmov x7, x10'], ['ldrh w0, [x10], #255\nmov x7, x10'], ['ldr w0, [x10, #-256]!\nmov x7, x10'],
  ['ldr x0, [x10, x1, lsl #3]', [0n, 3n]], ['ldr w0, [x10, w1, uxtw #2]', [0n, 5n]], ['ldrb w0, [x10, w1, sxtw]', [0n, 0xffff_fffen]],
  ['ldrsh x0, [x10, x1]', [0n, 7n]], ['ldrsb x0, [x10, x1, lsl #0]', [0n, 9n]], ['ldrh w0, [x10, w1, uxtw #1]', [0n, 3n]],
  ['ldrsw x0, [x10, x1, sxtx #2]', [0n, 2n]], ['ldr x0, [x10, w1, sxtw #3]', [0n, 0xffff_ffffn]],
  ['strb w1, [x10, #3]', [0n, 0x1234_5678_9abc_deffn]], ['strh w1, [x10, #6]', [0n, 0xfedcn]], ['str w1, [x10, #4]', [0n, 0x8765_4321n]],
  ['str x1, [x10, #8]', [0n, 0x1122_3344_5566_7788n]], ['stur x1, [x10, #1]', [0n, 0xa1a2_a3a4_a5a6_a7a8n]],
  ['sturh w1, [x10, #63]', [0n, 0xbeefn]], ['stur w1, [x10, #-2]', [0n, 0xcafe_f00dn]], ['sturb w1, [x10, #9]', [0n, 0x5an]],
  ['str x1, [x10, #16]!\nmov x7, x10', [0n, 0x55n]], ['strb w1, [x10], #7\nmov x7, x10', [0n, 0x66n]],
  ['strh w1, [x10, #-2]!\nmov x7, x10', [0n, 0x7777n]], ['str w1, [x10], #-4\nmov x7, x10', [0n, 0x8888_8888n]],
  ['str w1, [x10, x2, lsl #2]', [0n, 0x9999n, 3n]], ['strh w1, [x10, w2, sxtw #1]', [0n, 0xaaaan, 0xffff_fffdn]],
  ['str x1, [x10, x2]', [0n, 0xbbbbn, 5n]], ['strb w1, [x10, w2, uxtw]', [0n, 0xccn, 63n]],
  ['ldp x0, x1, [x10, #16]'], ['ldp w0, w1, [x10, #4]'], ['ldpsw x0, x1, [x10, #8]'], ['ldp x0, x1, [x10, #-16]!\nmov x7, x10'],
  ['ldp w2, w3, [x10], #8\nmov x7, x10'], ['ldpsw x2, x3, [x10, #-8]!\nmov x7, x10'], ['ldpsw x2, x3, [x10], #-64\nmov x7, x10'],
  ['add x9, x10, #4\nldp x0, x1, [x9]'], ['stp x1, x2, [x10, #8]', [0n, 0x1111n, 0x2222n]], ['stp w1, w2, [x10, #20]', [0n, 0x3333n, 0x4444_4444_4444n]],
  ['stp x1, x2, [x10, #32]!\nmov x7, x10', [0n, 5n, 6n]], ['stp w1, w2, [x10], #-8\nmov x7, x10', [0n, 7n, 8n]],
  ['add x9, x10, #3\nstp x1, x2, [x9]', [0n, 0xabn, 0xcdn]], ['ldnp x0, x1, [x10, #16]'], ['stnp x1, x2, [x10]', [0n, 9n, 10n]],
  ['ldnp w0, w1, [x10, #8]'], ['stnp w1, w2, [x10, #12]', [0n, 11n, 12n]],
  ['ldxr x0, [x10]\nadd x0, x0, #1\nstxr w3, x0, [x10]\nldr x1, [x10]'], ['ldaxr w0, [x10]\nstlxr w3, w1, [x10]\nldr w2, [x10]', [0n, 0x77n]],
  ['ldxrb w0, [x10]\nstxrb w3, w1, [x10]\nldrb w2, [x10]', [0n, 0x99n]], ['ldaxrh w0, [x10]\nstlxrh w3, w1, [x10]\nldrh w2, [x10]', [0n, 0x9876n]],
  ['ldxrh w0, [x10]\nstxrh w3, w1, [x10]', [0n, 0x1n]], ['ldaxrb w0, [x10]\nstlxrb w3, w1, [x10]', [0n, 0x2n]],
  ['ldxr w0, [x10]\nstxr w3, w1, [x10]', [0n, 0x3n]], ['ldaxr x0, [x10]\nstlxr w3, x1, [x10]', [0n, 0x4n]],
  ['mov w3, #7\nstxr w3, x1, [x10]\nldr x2, [x10]', [0n, 0x5n]], ['ldxr x0, [x10]\nclrex\nstxr w3, x1, [x10]\nldr x2, [x10]', [0n, 6n]],
  ['ldxp x0, x1, [x10]\nstxp w3, x1, x0, [x10]\nldp x4, x5, [x10]'], ['ldaxp w0, w1, [x10]\nstlxp w3, w1, w0, [x10]\nldp w4, w5, [x10]'],
  ['ldar x0, [x10]'], ['ldar w0, [x10, #0]'], ['stlr w1, [x10]', [0n, 0x12n]], ['stlr x1, [x10]', [0n, 0x1234_5678_9n]],
  ['ldarb w0, [x10]'], ['stlrh w1, [x10]', [0n, 0xffffn]], ['ldarh w0, [x10]'], ['stlrb w1, [x10]', [0n, 0xeen]],
  ['ldr x0, 1f\nb 2f\n.balign 8\n1: .quad 0x1122334455667788\n2:'], ['ldrsw x0, 1f\nb 2f\n1: .word 0x80000001\n2:'],
  ['ldr w0, 1f\nb 2f\n1: .word 0xfedcba98\n2:'], ['prfm pldl1keep, [x10]'], ['prfm pstl2strm, [x10, x1]'], ['prfum pldl1keep, [x10, #1]'],
  ['prfm pldl1keep, 1f\n1:'],
];

function cases(): Case[] {
  const next = rng(0xc0ffee);
  const pick = (): bigint => (next() % 4 === 0 ? (BigInt(next()) << 32n) | BigInt(next()) : E[next() % E.length]);
  const out: Case[] = [];
  for (const asm of ALU) {
    for (let v = 0; v < 14; v++) {
      out.push({ asm, regs: [pick(), pick(), pick(), pick(), 0n, 0n, 0n, 0n], nzcv: FLAGS[next() % FLAGS.length] });
    }
  }
  for (const [asm, regs] of MEM) {
    for (let v = 0; v < 2; v++) out.push({ asm, regs: regs ?? [0n, 0n, 0n, 0n], nzcv: FLAGS[v] });
  }
  return out;
}

describe('every base form against qemu-aarch64-static', () => {
  const list = cases();
  const built = build(list);
  const ref = runQemu(built.elf);

  it('has semantics for every base form of the ISA table', () => {
    const missing = FORMS.map((f) => f.id).filter((id) => !SEMANTICS[id]);
    expect(missing).toEqual([]);
  });

  it('covers every base form with at least one case (BRK: exceptions.test.ts)', () => {
    const seen = new Set<string>();
    const dv = new DataView(built.image.buffer, built.image.byteOffset);
    for (let o = 0; o + 4 <= built.image.length; o += 4) {
      const d = decode(dv.getUint32(o, true));
      if (d) seen.add(d.form.id);
    }
    const notCovered = FORMS.map((f) => f.id).filter((id) => !seen.has(id) && id !== 'BRK');
    expect(notCovered).toEqual([]);
  });

  it('matches qemu when run as translated blocks', () => {
    const { out } = runEmulator(built.image, built.bssEnd, true);
    expect(compare(list, out, ref)).toEqual([]);
  });

  it('matches qemu when single-stepped (one case of each form, all memory cases)', () => {
    const some = list.filter((c, i) => i % 14 === 0 || MEM.some(([asm]) => asm === c.asm));
    const b = build(some);
    const { out } = runEmulator(b.image, b.bssEnd, false);
    expect(compare(some, out, runQemu(b.elf))).toEqual([]);
  });
});

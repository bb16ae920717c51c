// Differential test: our instruction encoder against aarch64-linux-gnu-as. Assembly
// text comes from the table (random words of every form and alias, printed by our
// disassembler), plus hand-written GNU-as spellings where as picks the encoding.

import { describe, expect, it } from 'vitest';
import { encodeInstruction } from '../../src/toolchain/asm/encode.ts';
import { gnuAssemble, prng } from './oracle.ts';
import { applyFixups, asmText, tableSamples, testCtx } from './gen.ts';

const SEED = Number(process.env.ISA_SEED ?? 20261121);


/** Assemble all cases with GNU as (one line each, at 4-byte steps) and with ours; list mismatches. */
function compareWithGas(lines: string[]): { mismatches: string[]; compared: number } {
  const gas = gnuAssemble(lines.map((l) => `\t${l}\n`).join(''));
  expect(gas.text.length).toBe(lines.length * 4);
  const dv = new DataView(gas.text.buffer, gas.text.byteOffset, gas.text.byteLength);
  const mismatches: string[] = [];
  lines.forEach((line, i) => {
    const pc = BigInt(i * 4);
    const sp = line.indexOf(' ');
    const mn = sp < 0 ? line : line.slice(0, sp);
    const ops = sp < 0 ? '' : line.slice(sp + 1);
    const want = dv.getUint32(i * 4, true);
    const r = encodeInstruction(mn, ops, testCtx(pc));
    if (!r.ok) { mismatches.push(`${line}: error '${r.error.message}', as gives ${want.toString(16)}`); return; }
    const got = applyFixups(r.value, pc);
    const unresolved = got.unresolved.filter((k) => k !== 'ADR_PREL_PG_HI21');
    if (unresolved.length) mismatches.push(`${line}: unresolved ${unresolved.join(',')}`);
    if (got.word !== want) mismatches.push(`${line}: ours ${got.word.toString(16).padStart(8, '0')} as ${want.toString(16).padStart(8, '0')}`);
  });
  return { mismatches, compared: lines.length };
}

describe('encoder vs GNU as', () => {
  it('assembles the text of random words of every form and alias as GNU as does', () => {
    const samples = tableSamples(prng(SEED + 7), 24, 12);
    const lines: string[] = [];
    for (const [i, s] of samples.entries()) {
      const text = asmText(s.word, BigInt(i * 4));
      // ADRP's page-relative target cannot be written as `.+off` portably: its fixup kind is checked below.
      lines.push(s.formId === 'ADRP' ? 'nop' : text);
    }
    const { mismatches, compared } = compareWithGas(lines);
    console.log(`asm: ${compared} lines compared with GNU as`);
    expect(mismatches.slice(0, 40)).toEqual([]);
  });

  it('makes GNU as choices for aliases and immediates', () => {
    const lines = [
      'mov x0, #0', 'mov x0, #0x10000', 'mov x0, #-1', 'mov w0, #-2', 'mov w0, #0xffffffff', 'mov x0, #0xff00ff00ff00ff00',
      'mov x0, #0xffff0000ffff0000', 'mov w1, #0xffff0000', 'mov x0, x1', 'mov w0, w1', 'mov x0, sp', 'mov sp, x1', 'mov wsp, w2',
      'mov x0, xzr', 'mov x3, #65535', 'mov x3, #-65536', 'mov x9, #0x7fffffff',
      'add x0, x1, #-1', 'sub x0, x1, #-16', 'cmp x0, #-1', 'cmn w3, #-7', 'adds x0, x1, #4096', 'add x0, x1, #0x1000',
      'add x0, x1, #1, lsl #12', 'add sp, sp, #16', 'sub sp, sp, #0x20', 'add x0, sp, x1', 'add x0, x1, x2, lsl #3',
      'add x0, sp, w1, uxtw #2', 'add w0, w1, w2, uxtb', 'cmp x0, w1, sxtw', 'cmp sp, x1', 'cmp x1, x2, lsl #4',
      'neg x0, x1', 'negs w0, w1, asr #3', 'ngc x0, x1', 'mvn w0, w1', 'tst x0, #0xff', 'tst w1, w2, ror #3',
      'and x0, x1, #0xfffffffffffffff0', 'orr w0, w1, #0x80000000', 'eor x0, x0, #1', 'bic x0, x1, x2', 'orn x0, x1, x2, lsl #1',
      'lsl x0, x1, #3', 'lsl w0, w1, #31', 'lsr x0, x1, #63', 'asr w0, w1, #0', 'lsl x0, x1, x2', 'ror x0, x1, #7', 'ror w0, w1, w2',
      'ubfx x0, x1, #4, #8', 'sbfx w0, w1, #0, #1', 'ubfiz x0, x1, #3, #5', 'sbfiz x0, x1, #63, #1', 'bfi w0, w1, #8, #8',
      'bfxil x0, x1, #60, #4', 'bfc x0, #3, #4', 'sxtb x0, w1', 'sxth w0, w1', 'sxtw x0, w1', 'uxtb w0, w1', 'uxth w0, w2',
      'cset w0, eq', 'csetm x0, lo', 'cinc x0, x1, hs', 'cinv w0, w1, gt', 'cneg x0, x1, mi', 'csel x0, x1, x2, ne',
      'ccmp x0, #3, #4, ne', 'ccmn w1, w2, #0, al', 'mul x0, x1, x2', 'mneg w0, w1, w2', 'smull x0, w1, w2', 'umull x0, w1, w2',
      'smulh x0, x1, x2', 'umaddl x0, w1, w2, x3', 'sdiv w0, w1, w2', 'udiv x0, x1, x2', 'clz x0, x1', 'rev w0, w1', 'rev x0, x1',
      'rev16 x0, x1', 'rev32 x0, x1', 'rbit w0, w1', 'cls x0, x1', 'extr x0, x1, x2, #5',
      'ldr x0, [x1]', 'ldr x0, [x1, #8]', 'ldr x0, [x1, #-8]', 'ldr x0, [x1, #3]', 'ldr w0, [x1, #2]', 'ldrb w0, [x1, #-1]',
      'ldrh w0, [x1, #4094]', 'ldrsw x0, [x1, #-4]', 'str x0, [sp, #-16]!', 'ldr x0, [sp], #16', 'ldr x0, [x1, x2, lsl #3]',
      'ldr x0, [x1, x2]', 'ldr w0, [x1, w2, sxtw #2]', 'ldr w0, [x1, w2, uxtw]', 'ldrb w0, [x1, x2, lsl #0]', 'ldrb w0, [x1, w2, sxtw]',
      'ldrsb x0, [x1]', 'ldrsh w0, [x1, #2]', 'strb w0, [x1], #1', 'strh w0, [x1, #2]!', 'prfm pldl1keep, [x0]', 'prfm pstl2strm, [x0, #-8]',
      'stp x29, x30, [sp, #-32]!', 'ldp x29, x30, [sp], #32', 'ldp w0, w1, [x2, #8]', 'ldpsw x0, x1, [x2, #-8]', 'stnp x0, x1, [x2]',
      'ldxr x0, [x1]', 'stxr w2, x0, [x1]', 'ldaxr w0, [x1]', 'stlxr w3, w0, [x1]', 'ldxrb w0, [x1]', 'stlxrh w5, w0, [sp]',
      'ldar x0, [x1]', 'stlr w0, [x1]', 'ldarb w0, [x1]', 'stlrh w0, [x1]', 'ldxp x0, x1, [x2]', 'stlxp w4, x0, x1, [x2]', 'ldaxp w0, w1, [x2, #0]',
      'ret', 'ret x1', 'br x16', 'blr x8', 'svc #0', 'svc 0x10', 'brk #1000', 'hint #34', 'nop', 'yield', 'wfi', 'bti c', 'paciasp', 'autiasp',
      'dmb ish', 'dmb ishld', 'dsb sy', 'dsb #0', 'isb', 'isb #3', 'clrex', 'mrs x0, tpidr_el0', 'msr tpidr_el0, x1', 'mrs x1, nzcv',
      'msr nzcv, x2', 'mrs x3, cntvct_el0', 'mrs x3, cntfrq_el0', 'mrs x4, tpidrro_el0', 'mrs x5, s3_3_c13_c0_2', 'udf #12',
      'b .+8', 'bl .-4', 'b.eq .+16', 'beq .+16', 'b.hs .-8', 'bcc .', 'cbz x0, .+12', 'cbnz w1, .-12', 'tbz w0, #3, .+8',
      'tbnz x0, #63, .-32', 'tbz x1, #2, .', 'adr x0, .+100', 'ldr x0, .+64', 'ldr w1, .-64', 'ldrsw x2, .+8', 'prfm pldl1keep, .+4',
      'ADD X0, X1, #1', 'Mov FP, SP', 'stp fp, lr, [sp, #-16]!', 'add x0, x1, 16', 'movk x0, #0x1234, lsl #48', 'movz w0, #1, lsl #16',
      'movn x0, #3', 'mov x0, #(1 << 20)', 'uxtw x0, w1', 'uxtb x0, w1', 'uxth x2, w3', 'sxtb x0, w1', 'sxth x3, w4',
    ];
    const { mismatches } = compareWithGas(lines);
    expect(mismatches).toEqual([]);
  });
});

describe('encoder errors and fixups', () => {
  const enc = (m: string, o: string) => encodeInstruction(m, o, testCtx(0n));
  it('reports clear errors with columns', () => {
    const cases: [string, string, RegExp][] = [
      ['add', 'x0, x1, #0x1001000', /immediate out of range/],
      ['add', 'x0, w1, x2', /mismatch|must be/],
      ['mov', 'x0, #0x1234567', /cannot be moved by a single instruction/],
      ['and', 'x0, x1, #0', /not a bitmask immediate/],
      ['ldr', 'x0, [x1, #100000]', /offset/],
      ['lsl', 'w0, w1, #32', /out of range/],
      ['frob', 'x0', /unknown mnemonic/],
      ['add', 'x0, x1', /missing operand/],
      ['ret', 'x0, x1', /too many operands/],
      ['tbz', 'w0, #40, .', /out of range/],
      ['csel', 'x0, x1, x2, xx', /condition/],
    ];
    for (const [m, o, re] of cases) {
      const r = enc(m, o);
      expect(r.ok, `${m} ${o}`).toBe(false);
      if (!r.ok) expect(r.error.message, `${m} ${o}`).toMatch(re);
    }
    const r = enc('add', 'x0, x1, #0x1001000');
    expect(!r.ok && r.error.start).toBe(8);
  });

  it('returns relocation fixups for symbolic operands', () => {
    const kinds = (m: string, o: string): string[] => {
      const r = enc(m, o);
      if (!r.ok) throw new Error(r.error.message);
      return r.value.fixups.map((f) => f.kind);
    };
    expect(kinds('b', 'foo')).toEqual(['JUMP26']);
    expect(kinds('bl', 'printf')).toEqual(['CALL26']);
    expect(kinds('b.ne', 'loop')).toEqual(['CONDBR19']);
    expect(kinds('cbz', 'x0, out')).toEqual(['CONDBR19']);
    expect(kinds('tbnz', 'w0, #1, out')).toEqual(['TSTBR14']);
    expect(kinds('adrp', 'x0, buf')).toEqual(['ADR_PREL_PG_HI21']);
    expect(kinds('adr', 'x0, buf')).toEqual(['ADR_PREL_LO21']);
    expect(kinds('add', 'x0, x0, :lo12:buf')).toEqual(['ADD_ABS_LO12_NC']);
    expect(kinds('ldr', 'x0, [x0, #:lo12:buf]')).toEqual(['LDST64_ABS_LO12_NC']);
    expect(kinds('ldrb', 'w0, [x0, :lo12:buf]')).toEqual(['LDST8_ABS_LO12_NC']);
    expect(kinds('str', 'w0, [x0, :lo12:buf]')).toEqual(['LDST32_ABS_LO12_NC']);
    expect(kinds('ldr', 'x0, buf')).toEqual(['LD_PREL_LO19']);
    expect(kinds('movz', 'x0, #:abs_g1:sym')).toEqual(['MOVW_UABS_G1']);
    expect(kinds('movk', 'x0, #:abs_g0_nc:sym')).toEqual(['MOVW_UABS_G0_NC']);
    const r = enc('movk', 'x0, #:abs_g2_nc:sym');
    expect(r.ok && r.value.words[0]).toBe(0xf2c00000);
  });
});

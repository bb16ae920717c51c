// Differential test: our disassembler against aarch64-linux-gnu-objdump -d, on random
// words of every table form and alias (seeded) and on uniformly random words.

import { describe, expect, it } from 'vitest';
import { ALIASES, FORMS, SYSREGS } from '../../src/emulator/cpu/encodings.ts';
import { decode } from '../../src/emulator/cpu/decode.ts';
import { disassemble, disassembleRange } from '../../src/toolchain/disasm/disasm.ts';
import { gnuDisassemble, prng, textSymbolizer, type ObjdumpLine } from './oracle.ts';
import { classify, tableSamples } from './gen.ts';

const SEED = Number(process.env.ISA_SEED ?? 20261121);

/** Named system registers objdump knows and our table does not (out of scope): skip those lines. */
const KNOWN_SYSREG = new RegExp(`(^|, )(s[23]_\\d_c\\d+_c\\d+_\\d|${SYSREGS.map((r) => r.name).join('|')})(,|$)`);
const unknownSysreg = (o: ObjdumpLine): boolean => (o.mnemonic === 'mrs' || o.mnemonic === 'msr') && !KNOWN_SYSREG.test(o.operands);

function compare(words: number[]): { compared: number; mismatches: string[] } {
  const od = gnuDisassemble(words);
  expect(od.length).toBe(words.length);
  const mismatches: string[] = [];
  let compared = 0;
  words.forEach((w, i) => {
    const o = od[i];
    if (unknownSysreg(o)) return;
    const ours = disassemble(w, BigInt(i * 4), { symbolize: textSymbolizer });
    compared++;
    const a = `${ours.mnemonic} ${ours.operands}`;
    const b = `${o.mnemonic} ${o.operands}`;
    if (a !== b || (ours.comment ?? '') !== (o.comment ?? '')) {
      mismatches.push(`${w.toString(16).padStart(8, '0')} ${classify(w)?.formId ?? '-'}: ours '${a}' // ${ours.comment ?? ''} | objdump '${b}' // ${o.comment ?? ''}`);
    }
  });
  return { compared, mismatches };
}

describe('disassembler vs objdump', () => {
  it('agrees on random words of every form and alias', () => {
    const samples = tableSamples(prng(SEED), 30, 12);
    const { compared, mismatches } = compare(samples.map((s) => s.word));
    const forms = new Set(samples.map((s) => s.formId)).size;
    const aliases = new Set(samples.map((s) => s.aliasId).filter(Boolean)).size;
    console.log(`disasm: ${compared} words compared, ${forms} forms, ${aliases} aliases`);
    expect(mismatches.slice(0, 40)).toEqual([]);
    expect(forms).toBe(FORMS.length + 1);
    expect(aliases).toBe(ALIASES.filter((a) => !a.asmOnly).length);
  });

  it('agrees on uniformly random words where either side decodes an in-scope instruction', () => {
    const rnd = prng(SEED + 1);
    const words = Array.from({ length: Number(process.env.ISA_WORDS ?? 30000) }, () => rnd());
    const od = gnuDisassemble(words);
    const mnemonics = new Set([...FORMS.map((f) => f.mnemonic), ...ALIASES.map((a) => a.mnemonic), 'udf']);
    const fpSimd = /(^|[\s,[{])([bhsdqvz][0-9]+|p[0-9]+)\b/;
    const bad: string[] = [];
    let inScope = 0;
    words.forEach((w, i) => {
      const o = od[i];
      const ours = classify(w);
      const theirs = (mnemonics.has(o.mnemonic) || o.mnemonic.startsWith('b.')) && !fpSimd.test(o.operands);
      if (!ours && !theirs) return;
      if (unknownSysreg(o)) return;
      inScope++;
      const d = disassemble(w, BigInt(i * 4), { symbolize: textSymbolizer });
      if (`${d.mnemonic} ${d.operands}` !== `${o.mnemonic} ${o.operands}`) {
        bad.push(`${w.toString(16).padStart(8, '0')} ${ours?.formId ?? 'null'}: ours '${d.mnemonic} ${d.operands}' | objdump '${o.mnemonic} ${o.operands}'`);
      }
    });
    console.log(`disasm: ${inScope} of ${words.length} random words in scope`);
    expect(bad.slice(0, 40)).toEqual([]);
    expect(inScope).toBeGreaterThan(1000);
  });

  it('disassembleRange prints objdump -d body lines', () => {
    const samples = tableSamples(prng(SEED + 3), 4, 2).map((s) => s.word);
    const od = gnuDisassemble(samples);
    const bytes = new Uint8Array(samples.length * 4);
    samples.forEach((w, i) => new DataView(bytes.buffer).setUint32(i * 4, w, true));
    const ours = disassembleRange(bytes, 0n, { symbolize: textSymbolizer });
    const after = (l: string): string => l.slice(l.indexOf(':'));
    const bad = ours.map((l, i) => [after(l.line), after(od[i].raw)]).filter(([a, b]) => a !== b);
    expect(bad.slice(0, 20)).toEqual([]);
    expect(ours.length).toBe(samples.length);
  });

  it('decode() returns base forms only and null for undefined words', () => {
    expect(decode(0x8b020020)?.form.id).toBe('ADD_shift');
    expect(decode(0xd65f03c0)?.form.id).toBe('RET');
    expect(decode(0x00000000)).toBeNull(); // udf #0 is not executable
    expect(decode(0x0b00fc00)).toBeNull(); // 32-bit ADD with imm6 = 63
    expect(decode(0x12400000 | (1 << 22))).toBeNull(); // sf=0 N=1 bitmask
    expect(decode(0xf9400020)?.f).toEqual({ size: 3, imm12: 0, Rn: 1, Rt: 0 });
  });
});

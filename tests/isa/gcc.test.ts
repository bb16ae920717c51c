// What gcc emits for integer C (-O0, -O2, -Os, -mgeneral-regs-only): the fixture
// programs' assembly must assemble byte-identically with our encoder (through the
// assembler driver) and GNU as, and our disassembly of GNU's code must match objdump.

import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/toolchain/asm/assemble.ts';
import { disassemble } from '../../src/toolchain/disasm/disasm.ts';
import { gnuAssemble, requireTool } from './oracle.ts';

const FIXTURES = join(__dirname, '..', 'fixtures', 'c');
const GCC = 'aarch64-linux-gnu-gcc';

describe('gcc output for integer C', () => {
  it('assembles and disassembles exactly as GNU as / objdump do', () => {
    requireTool(GCC);
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.c'));
    expect(files.length).toBeGreaterThan(3);
    const problems: string[] = [];
    let words = 0;
    for (const f of files) {
      for (const O of ['-O0', '-O2', '-Os']) {
        const src = execFileSync(GCC, ['-S', O, '-mgeneral-regs-only', '-fno-asynchronous-unwind-tables', '-ffreestanding',
          '-o', '-', join(FIXTURES, f)], { encoding: 'utf8' });
        const gas = gnuAssemble(src);
        const ours = assemble(f, src);
        for (const d of ours.diagnostics.filter((x) => x.severity === 'error')) problems.push(`${f} ${O}:${d.line}: ${d.message}`);
        const text = ours.object.sections.find((s) => s.name === '.text');
        if (!text || text.data.length !== gas.text.length) { problems.push(`${f} ${O}: .text size differs`); continue; }
        const a = new DataView(text.data.buffer, text.data.byteOffset);
        const b = new DataView(gas.text.buffer, gas.text.byteOffset);
        for (let i = 0; i < gas.text.length / 4; i++) {
          words++;
          const x = a.getUint32(i * 4, true);
          const y = b.getUint32(i * 4, true);
          if (x !== y) problems.push(`${f} ${O} +${i * 4}: ours ${x.toString(16)} as ${y.toString(16)} (${gas.objdump[i]?.raw.trim()})`);
        }
        for (const o of gas.objdump) {
          const d = disassemble(o.word, BigInt(o.addr));
          // In an object file objdump shows relocated targets as the symbol's value; the
          // exact targets are checked by disasm.test.ts, so compare without them here.
          const target = / [0-9a-f]+ <[^>]*>$/;
          const hasTarget = target.test(o.operands) || target.test(` ${o.operands}`);
          const theirs = hasTarget ? `${o.mnemonic} ${o.operands}`.replace(/[0-9a-f]+ <[^>]*>$/, '<t>') : `${o.mnemonic} ${o.operands}`;
          const ours = hasTarget ? `${d.mnemonic} ${d.operands}`.replace(/[0-9a-f]+$/, '<t>') : `${d.mnemonic} ${d.operands}`;
          if (ours !== theirs) problems.push(`${f} ${O}: ours '${d.text}' objdump '${o.raw.trim()}'`);
        }
      }
    }
    console.log(`gcc: ${words} words of gcc output compared`);
    expect(problems.slice(0, 30)).toEqual([]);
    expect(words).toBeGreaterThan(2000);
  });
});

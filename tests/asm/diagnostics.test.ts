// Diagnostics of the assembler and the build facade: exact file:line:col,
// end column and message for the common mistakes, and a fast-check fuzz of the
// front end (random and mutated lines must never throw and must give sane positions).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from '../../src/toolchain/build.ts';
import { assemble } from '../../src/toolchain/asm/assemble.ts';
import { formatDiagnostic, type Diagnostic } from '../../src/shared/diagnostic.ts';

function errorsOf(name: string, text: string): string[] {
  const r = buildProgram([{ name, text }]);
  expect(r.ok).toBe(false);
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${formatDiagnostic(d)} [${d.endColumn ?? '-'}]`);
}

describe('assembler diagnostics', () => {
  it('bad mnemonic', () => {
    expect(errorsOf('m.s', '  .text\n_start:\n    frobnicate x0, x1\n')).toEqual([
      "m.s:3:5: error: unknown mnemonic `frobnicate' [14]",
    ]);
  });

  it('bad operand: immediate out of range', () => {
    expect(errorsOf('o.s', '_start:\n    add x0, x1, #99999999\n')).toEqual(['o.s:2:17: error: immediate out of range [25]']);
  });

  it('undefined symbol (reported by the linker at the reference)', () => {
    expect(errorsOf('u.s', '.global _start\n_start:\n    bl missing_fn\n    adrp x0, missing_data\n')).toEqual([
      "u.s:3:8: error: undefined reference to `missing_fn' [17]",
      "u.s:4:14: error: undefined reference to `missing_data' [25]",
    ]);
  });

  it('out-of-range branch inside one section (assembler)', () => {
    expect(errorsOf('r.s', '_start:\n    b.eq far\n    .space 0x200000\nfar: ret\n')).toEqual([
      "r.s:2:10: error: relocation R_AARCH64_CONDBR19 out of range: value 0x200004 not in [-0x100000, 0xfffff] (target `far') [12]",
    ]);
    expect(errorsOf('t.s', '_start:\n    tbz x0, #1, far\n    .space 0x9000\nfar: ret\n')).toEqual([
      "t.s:2:17: error: relocation R_AARCH64_TSTBR14 out of range: value 0x9004 not in [-0x8000, 0x7fff] (target `far') [19]",
    ]);
  });

  it('out-of-range call across sections (linker)', () => {
    const text = '.global _start\n_start: bl far\n .section .text.far,"ax"\n .space 0x8000000\nfar: ret\n';
    expect(errorsOf('b.s', text)).toEqual([
      "b.s:2:12: error: relocation R_AARCH64_CALL26 out of range: value 0x8000004 not in [-0x8000000, 0x7ffffff] against symbol `far' at b.s:(.text+0x0) [14]",
    ]);
  });

  it('duplicate label', () => {
    expect(errorsOf('d.s', '_start:\nfoo: nop\n  foo:  ret\n')).toEqual(["d.s:3:3: error: symbol `foo' is already defined [5]"]);
  });

  it('unterminated string', () => {
    expect(errorsOf('s.s', '_start: ret\n  .data\n  .ascii "abc\n  .byte 1\n')).toEqual(['s.s:3:10: error: unterminated string [13]']);
  });

  it('expression and directive errors', () => {
    expect(errorsOf('e.s', '_start: ret\n .byte 1 +\n .word )\n .quad 1 2\n .foo 3\n .word 1f\n .word 5 / 0\n')).toEqual([
      'e.s:2:11: error: expected an expression [-]',
      "e.s:3:8: error: unexpected character ')' in expression [-]",
      "e.s:4:10: error: junk at end of expression: '2' [10]",
      "e.s:5:2: error: unknown pseudo-op: `.foo' [5]",
      "e.s:6:8: error: undefined local label `1f' [9]",
      'e.s:7:12: error: division by zero [12]',
    ]);
  });

  it('warns about truncated values like GNU as', () => {
    const r = assemble('w.s', ' .byte 256, -129\n');
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'w.s:1:8: warning: value 0x100 truncated to 0x0',
      'w.s:1:13: warning: value 0xffffffffffffff7f truncated to 0x7f',
    ]);
  });

  it('missing _start is a warning, like GNU ld', () => {
    const r = buildProgram([{ name: 'n.s', text: 'main: ret\n' }]);
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['cannot find entry symbol _start; defaulting to 0x400078']);
  });
});

// --- fuzz -------------------------------------------------------------------

const corpusDir = join(__dirname, 'corpus');
const corpusLines = readdirSync(corpusDir).flatMap((f) => readFileSync(join(corpusDir, f), 'utf8').split('\n'));
const alphabet = ' \t,;:#[]()!{}"\'\\/*+-=<>&|^~%.0123456789abcfxwlqnrsptLB_\n';

const mutated = fc.tuple(fc.constantFrom(...corpusLines), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...alphabet.split('')), fc.boolean()), { maxLength: 6 }))
  .map(([line, edits]) => {
    let s = line;
    for (const [pos, ch, del] of edits) {
      const p = s.length ? pos % s.length : 0;
      s = del ? s.slice(0, p) + s.slice(p + 1) : s.slice(0, p) + ch + s.slice(p);
    }
    return s;
  });
const randomLine = fc.array(fc.constantFrom(...alphabet.split('')), { maxLength: 40 }).map((a) => a.join(''));
const directiveLine = fc.tuple(
  fc.constantFrom('.byte', '.word', '.quad', '.ascii', '.asciz', '.align', '.balign', '.p2align', '.space', '.fill', '.set', '.equ', '.section', '.global', '.type', '.size', '.ltorg', '.loc', '.file', '.comm', '.inst', 'ldr x0, =', 'b', 'adrp x0,', 'mov x1,'),
  randomLine,
).map(([d, rest]) => `${d} ${rest}`);

function sane(ds: Diagnostic[], lines: number): void {
  for (const d of ds) {
    expect(d.line).toBeGreaterThanOrEqual(0);
    expect(d.line).toBeLessThanOrEqual(lines + 1);
    expect(Number.isInteger(d.column)).toBe(true);
    expect(d.message).not.toMatch(/internal/);
  }
}

describe('front-end fuzz', () => {
  it('never throws on random and mutated sources', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(mutated, randomLine, directiveLine), { minLength: 1, maxLength: 12 }), (lines) => {
        const text = lines.join('\n');
        const r = buildProgram([{ name: 'fuzz.s', text }]);
        sane(r.diagnostics, text.split('\n').length);
        if (r.ok) expect(r.elf!.length).toBeGreaterThan(64);
      }),
      { numRuns: 400, seed: 1234 },
    );
  });
});

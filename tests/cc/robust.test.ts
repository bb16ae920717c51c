// Robustness: property-based and mutation fuzzing with fast-check. On any input the
// compiler returns (never throws, never hangs) and every diagnostic points at a real
// line and column of the file it names.

import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/shared/diagnostic.ts';
import { compile } from '../../src/toolchain/cc/index.ts';
import { HERE, RUNTIME } from './harness.ts';

const sources = new Map<string, string>();
for (const dir of ['features', 'programs']) {
  for (const f of readdirSync(join(HERE, dir))) if (f.endsWith('.c') || f.endsWith('.h')) sources.set(join(HERE, dir, f), readFileSync(join(HERE, dir, f), 'utf8'));
}
const rtH = readFileSync(join(RUNTIME, 'rt.h'), 'utf8');
const sysroot = { 'rt.h': rtH, 'pp_helper.h': sources.get(join(HERE, 'features', 'pp_helper.h')) ?? '' };
const corpus = [...sources.entries()].filter(([n]) => n.endsWith('.c'));

function checkLocations(name: string, text: string, ds: Diagnostic[]): void {
  const files = new Map<string, string>([[name, text], ...Object.entries(sysroot)]);
  for (const d of ds) {
    const body = files.get(d.file) ?? files.get(d.file.replace(/^<builtin>\//, ''));
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    if (body === undefined) continue; // built-in headers
    const lines = body.split('\n');
    expect(d.line, `${d.file}:${d.line}: ${d.message}`).toBeLessThanOrEqual(lines.length + 1);
    expect(d.column, `${d.file}:${d.line}:${d.column}: ${d.message}`).toBeLessThanOrEqual((lines[d.line - 1]?.length ?? 0) + 2);
  }
}

function compileChecked(name: string, text: string): void {
  const t0 = Date.now();
  const r = compile({ name, text }, { sysroot });
  expect(Date.now() - t0).toBeLessThan(5000);
  checkLocations(name, text, r.diagnostics);
  for (const d of r.diagnostics) expect(d.message).not.toMatch(/internal (compiler )?error/);
  if (!r.asm) expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
}

const TOKENS = ['int', 'char', 'long', 'unsigned', 'struct', 'union', 'enum', 'typedef', 'static', 'const', 'void',
  'if', 'else', 'for', 'while', 'do', 'switch', 'case', 'default', 'break', 'continue', 'return', 'goto', 'sizeof',
  'x', 'y', 'f', 'main', 'S', '0', '1', '42', '0x10', "'a'", '"s"', '(', ')', '{', '}', '[', ']', ';', ',', '=', '+',
  '-', '*', '/', '%', '&', '|', '^', '!', '~', '<', '>', '<<', '>>', '==', '&&', '||', '?', ':', '.', '->', '++', '--',
  '...', '#', '##', '#define', '#include', '#if', '#endif', '\n', '__asm__', 'float', '_Static_assert', 'va_arg', '"'];

describe('compiler robustness (fast-check)', () => {
  it('random token streams never crash the compiler', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }), (toks) => {
      compileChecked('fuzz.c', toks.join(' '));
    }), { numRuns: 400 });
  });

  it('random bytes never crash the compiler', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => { compileChecked('bytes.c', s); }), { numRuns: 300 });
  });

  it('truncated real programs never crash and report located errors', () => {
    fc.assert(fc.property(fc.constantFrom(...corpus), fc.double({ min: 0, max: 1, noNaN: true }), ([name, text], frac) => {
      compileChecked(name, text.slice(0, Math.floor(text.length * frac)));
    }), { numRuns: 150 });
  });

  it('mutated real programs (deleted, duplicated, swapped tokens) never crash', () => {
    const mutate = fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      len: fc.integer({ min: 1, max: 40 }),
      kind: fc.constantFrom('delete', 'duplicate', 'insert'),
      ins: fc.constantFrom(...TOKENS),
    });
    fc.assert(fc.property(fc.constantFrom(...corpus), fc.array(mutate, { minLength: 1, maxLength: 4 }), ([name, text], ms) => {
      let t = text;
      for (const m of ms) {
        const i = Math.floor(t.length * m.at);
        if (m.kind === 'delete') t = t.slice(0, i) + t.slice(i + m.len);
        else if (m.kind === 'duplicate') t = t.slice(0, i) + t.slice(i, i + m.len) + t.slice(i);
        else t = `${t.slice(0, i)} ${m.ins} ${t.slice(i)}`;
      }
      compileChecked(name, t);
    }), { numRuns: 150 });
  });

  it('pathological inputs terminate with a diagnostic', () => {
    const cases = [
      '('.repeat(5000),
      `int x = ${'1+'.repeat(20000)}1;`,
      `int f(void) { return ${'-'.repeat(3000)}1; }`,
      '#define A B\n#define B A\nint x = A;',
      '#define F(x) F(x) F(x)\nint y = F(F(F(1)));',
      '#include "loop.h"',
      `int main(void) { ${'{'.repeat(3000)} }`,
      'int main(void) { float f; double d = 1.5; }',
      '#if 1\n',
      '"unterminated',
      "int c = 'ab",
      '/* never closed',
      `struct S { ${'struct { '.repeat(500)} int x; }`,
    ];
    for (const c of cases) {
      const r = compile({ name: 'p.c', text: c }, { sysroot: { 'loop.h': '#include "loop.h"\n' } });
      checkLocations('p.c', c, r.diagnostics);
    }
    const fl = compile({ name: 'fl.c', text: 'int main(void) { double d = 1.5; return 0; }' });
    expect(fl.diagnostics.map((d) => d.message)).toContain('floating point is not supported');
  });
});

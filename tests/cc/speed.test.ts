// A large program: a generated 3,000-line C program (half dense random functions from
// gen.ts, half ordinary code: structs, loops, calls, switch) compiles without an error.
// Its compile time is a figure of `npm run bench -- toolchain`, not asserted here
// (speed targets are checked by benchmarks, never by timed tests).

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/toolchain/cc/index.ts';
import { generateProgram } from './gen.ts';

function ordinary(n: number): string {
  const out: string[] = ['struct item { int id; long value; char name[16]; struct item *next; };'];
  for (let i = 0; i < n; i++) {
    out.push(
      `static long walk${i}(struct item *it, int limit) {`,
      '  long total = 0;',
      '  int count = 0;',
      '  while (it && count < limit) {',
      `    switch (it->id % 4) {`,
      `    case 0: total += it->value * ${i + 1}; break;`,
      '    case 1: total -= it->value; break;',
      '    case 2: total ^= (long)it->name[count & 15]; break;',
      '    default: total += count; break;',
      '    }',
      '    it = it->next;',
      '    count++;',
      '  }',
      '  for (int k = 0; k < 4; k++) total = total * 3 + k;',
      '  return total;',
      '}',
    );
  }
  return out.join('\n');
}

describe('a large program', () => {
  it('compiles a generated 3,000-line program to assembly without an error', () => {
    const text = `${generateProgram(7, 12)}\n${ordinary(95)}\n`;
    const lines = text.split('\n').length;
    expect(lines).toBeGreaterThanOrEqual(3000);
    const sysroot = { 'rt.h': 'int printf(const char *fmt, ...);\n' };
    const r = compile({ name: 'big.c', text }, { sysroot });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.asm).toBeDefined();
  });
});

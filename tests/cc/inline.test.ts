// Inline expansion (src/toolchain/cc/cginline.ts) seen in the emitted assembly: direct
// calls to small static inline functions become the callee's code at the call site
// (no `bl`, no out-of-line copy unless something else needs one, no `.loc` of the
// callee); functions that are not eligible stay calls. Behaviour against gcc is in
// programs/inline.c and features/inline.c.

import { describe, expect, it } from 'vitest';
import { compileCToAsm } from '../../src/toolchain/ccdriver.ts';
import { compile } from '../../src/toolchain/cc/index.ts';

function asmOf(text: string): string {
  const r = compile({ name: 't.c', text });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.asm!;
}

/** The lines of one emitted function. */
function body(asm: string, fn: string): string[] {
  const lines = asm.split('\n');
  const start = lines.indexOf(`${fn}:`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf(`\t.size ${fn}, .-${fn}`, start);
  return lines.slice(start, end);
}

const calls = (asm: string, fn: string): number => asm.split('\n').filter((l) => l === `\tbl ${fn}`).length;
const emitted = (asm: string, fn: string): boolean => asm.split('\n').includes(`${fn}:`);

describe('inline expansion', () => {
  it('expands a small static inline function: no bl, no out-of-line copy', () => {
    const asm = asmOf('static inline int sq(int x) { x = x * x; return x; }\nint f(int a) { return sq(a) + sq(a + 1); }\n');
    expect(calls(asm, 'sq')).toBe(0);
    expect(emitted(asm, 'sq')).toBe(false);
    expect(body(asm, 'f').some((l) => /\tmul w\d+, w\d+, w\d+/.test(l))).toBe(true);
  });

  it('keeps an out-of-line copy when the address is taken, and still expands direct calls', () => {
    const asm = asmOf('static inline int sq(int x) { return x * x; }\nint (*p)(int) = sq;\nint f(int a) { return sq(a); }\n');
    expect(calls(asm, 'sq')).toBe(0);
    expect(emitted(asm, 'sq')).toBe(true);
  });

  it('leaves calls to functions that are not eligible as calls', () => {
    const cases: Array<[string, string]> = [
      ['early return', 'static inline int g(int x) { if (x < 0) return -x; return x; }'],
      ['switch', 'static inline int g(int x) { switch (x) { case 1: x = 5; break; } return x; }'],
      ['label and goto', 'static inline int g(int x) { again: if (x > 9) { x -= 9; goto again; } return x; }'],
      ['recursion', 'static inline int g(int x) { return x <= 1 ? 1 : x * g(x - 1); }'],
      ['variadic', 'static inline int g(int x, ...) { return x; }'],
      ['not inline', 'static int g(int x) { return x + 1; }'],
      ['not static', 'inline int g(int x) { return x + 1; }'],
      ['too big', `static inline int g(int x) { ${'x = x * 3 + 1; '.repeat(20)}return x; }`],
      ['named asm label', 'static inline int g(int x) { __asm__ volatile("here: nop"); return x; }'],
    ];
    for (const [what, def] of cases) {
      const asm = asmOf(`${def}\nint f(int a) { return g(a); }\n`);
      expect(body(asm, 'f').filter((l) => l === '\tbl g'), what).toHaveLength(1);
      expect(emitted(asm, 'g'), what).toBe(true);
    }
  });

  it('expands through other inline functions, at most four deep', () => {
    const defs = [1, 2, 3, 4, 5].map((i) => `static inline int f${i}(int x) { return f${i + 1}(x) + ${i}; }`).join('\n');
    const asm = asmOf(`static inline int f6(int x) { return x; }\n${defs.split('\n').reverse().join('\n')}\nint main(void) { return f1(0); }\n`);
    expect(body(asm, 'main').filter((l) => l.startsWith('\tbl ')).map((l) => l.slice(4))).toEqual(['f5']);
    expect(emitted(asm, 'f5')).toBe(true);
    expect(calls(asm, 'f6')).toBe(0);
    expect(emitted(asm, 'f6')).toBe(false);
  });

  it('bounds the code one call can expand to, and one function', () => {
    // g5 calls g4 three times, ... : fully nested, one call would expand 3^4 bodies.
    const defs = ['static inline long g0(long x) { return x * 7 + 1; }'];
    for (let i = 1; i <= 5; i++) defs.push(`static inline long g${i}(long x) { return g${i - 1}(x) + g${i - 1}(x + 1) * 3 + g${i - 1}(x ^ 5); }`);
    const one = body(asmOf(`${defs.join('\n')}\nlong f(long a) { return g5(a); }\n`), 'f');
    expect(one.filter((l) => l.startsWith('\tbl g')).length).toBeGreaterThan(0);
    expect(one.length).toBeLessThan(500);
    const many = body(asmOf(`${defs.join('\n')}\nlong f(long a) { return ${Array.from({ length: 40 }, (_, i) => `g5(a + ${i})`).join(' + ')}; }\n`), 'f');
    expect(many.filter((l) => l === '\tbl g5').length).toBeGreaterThan(20);
    expect(many.length).toBeLessThan(20000);
  });

  it('gives the expanded code the call site line only', () => {
    const text = [
      'static inline int twice(int x) {', // 1
      '  int y = x;', // 2
      '  for (int i = 0; i < 1; i++) y += x;', // 3
      '  return ({ int t = y; t; });', // 4
      '}', // 5
      'int f(int a) {', // 6
      '  int b = twice(a);', // 7
      '  return twice(b) + 1;', // 8
      '}', // 9
    ].join('\n');
    const asm = asmOf(text);
    const locs = body(asm, 'f').filter((l) => l.startsWith('\t.loc')).map((l) => Number(l.split(' ')[2]));
    expect(locs).toEqual([6, 7, 8]);
    expect(emitted(asm, 'twice')).toBe(false);
  });

  it('gives each expansion its own loop labels and frame slots', () => {
    const asm = asmOf('static inline int sum(int n) { int s = 0; while (n > 0) { s += n; n--; } return s; }\nint f(void) { return sum(3) * sum(4); }\n');
    const labels = asm.split('\n').filter((l) => /^\.L.*:$/.test(l));
    expect(new Set(labels).size).toBe(labels.length);
    const slots = new Set(body(asm, 'f').flatMap((l) => [...l.matchAll(/\[x29, #(\d+)\]/g)].map((m) => m[1])));
    expect(slots.size).toBeGreaterThanOrEqual(4);
  });

  it('falls back to a call where an asm clobber would hit a live expression register', () => {
    const def = 'static inline long g(long v) { __asm__ volatile("mov x19, #7" : : : "x19"); return v + 1; }\n';
    expect(calls(asmOf(`${def}long f(long a) { return g(a); }\n`), 'g')).toBe(0);
    expect(calls(asmOf(`${def}long f(long a) { return a + (a * (a - g(a))); }\n`), 'g')).toBe(1);
  });

  it('expands the libsel4 helpers of the IPC path: no bl to them, inline asm kept', () => {
    const text = [
      '#include <sel4/sel4.h>',
      'seL4_Word f(seL4_CPtr ep, seL4_Word v) {',
      '  seL4_SetMR(0, v);',
      '  seL4_MessageInfo_t r = seL4_Call(ep, seL4_MessageInfo_new(7, 0, 0, 1));',
      '  seL4_SetCap(0, ep);',
      '  return seL4_MessageInfo_get_label(r) + seL4_MessageInfo_get_length(r) + seL4_GetMR(0);',
      '}',
      'void g(seL4_CPtr n) { seL4_Signal(n); seL4_Yield(); }',
    ].join('\n');
    const r = compileCToAsm({ name: 's.c', text }, { target: 'sel4' });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const asm = r.asm!;
    const bls = asm.split('\n').filter((l) => l.startsWith('\tbl ')).map((l) => l.slice(4));
    expect(bls).toEqual(['seL4_Call']);
    expect(asm.split('\n').filter((l) => l.startsWith('\tmrs ')).length).toBe(3); // SetMR, SetCap, GetMR
    expect(asm).toMatch(/\tsvc #0/);
    expect(asm).not.toMatch(/^seL4_/m);
  });
});

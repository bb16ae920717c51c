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

/** Instructions that put the constant k into an expression register. */
const movesOf = (lines: string[], k: number): string[] => lines.filter((l) => new RegExp(`^\\tmov [wx]\\d+, #${k}$`).test(l));
/** Stores to frame slots. */
const slotStores = (lines: string[]): string[] => lines.filter((l) => /^\tstu?r[bh]? [wx](\d+|zr), \[x29, #\d+\]$/.test(l));

describe('inline expansion: constant arguments', () => {
  const buf = 'struct buf { long tag; long msg[8]; };\n';

  it('uses a constant argument where the body reads the parameter: no slot, the index folded into the offset', () => {
    const asm = asmOf(`${buf}static inline void setm(struct buf *b, int i, long v) { b->msg[i] = v; }\nvoid f(struct buf *b, long v) { setm(b, 3, v); setm(b, 0, 5); }\n`);
    const f = body(asm, 'f');
    expect(movesOf(f, 3)).toEqual([]);
    expect(f.some((l) => /sxtw #3/.test(l))).toBe(false);
    expect(f.some((l) => /^\tstr x\d+, \[x\d+, #32\]$/.test(l))).toBe(true); // msg at 8, + 3 * 8
    expect(f.some((l) => /^\tstr x\d+, \[x\d+, #8\]$/.test(l))).toBe(true);
    expect(movesOf(f, 5)).toHaveLength(1); // v = 5 read once, from a register
  });

  it('converts the constant to the parameter type and folds what the body computes from it', () => {
    const asm = asmOf('static inline int g(char c, _Bool b, unsigned u) { return c + b * 100 + (int)(u >> 28) * 1000; }\nint f(void) { return g(300, 7, -1); }\n');
    const f = body(asm, 'f');
    expect(f.filter((l) => /^\t(add|mul|lsl|lsr|sxtb|cmp|cset)\b/.test(l))).toEqual([]);
    expect(movesOf(f, 44 + 100 + 15000)).toHaveLength(1);
  });

  it('keeps the slot when the parameter is assigned, incremented or addressed, or the argument is not constant', () => {
    const cases: Array<[string, string]> = [
      ['assigned', 'static inline int g(int i) { i = i * 2; return i; }'],
      ['compound assigned', 'static inline int g(int i) { i += 1; return i; }'],
      ['incremented', 'static inline int g(int i) { i++; return i; }'],
      ['address taken', 'static inline int g(int i) { int *p = &i; return *p; }'],
      ['asm output', 'static inline int g(int i) { __asm__("add %w0, %w0, #1" : "+r"(i)); return i; }'],
    ];
    for (const [what, def] of cases) {
      const f = body(asmOf(`${def}\nint f(void) { return g(1234); }\n`), 'f');
      expect(movesOf(f, 1234), what).toHaveLength(1);
      expect(slotStores(f).length, what).toBeGreaterThan(0);
    }
    const nc = body(asmOf('static int t[4];\nstatic inline int g(int i) { return t[i]; }\nint f(int a) { return g(a + 1); }\n'), 'f');
    expect(nc.some((l) => /sxtw #2/.test(l))).toBe(true); // the index is computed at run time
  });

  it('passes the constant on to nested expansions and leaves the other parameters alone', () => {
    const defs = 'static inline long get(const long *p, int i) { return p[i]; }\nstatic inline long pick(const long *p, int i, long d) { d += get(p, i + 1); return d; }\n';
    const f = body(asmOf(`${defs}long f(const long *p) { return pick(p, 2, 10); }\n`), 'f');
    expect(f.some((l) => /^\tldr x\d+, \[x\d+, #24\]$/.test(l))).toBe(true);
    expect(movesOf(f, 10)).toHaveLength(1);
    expect(slotStores(f).length).toBeGreaterThan(0); // d is assigned: it keeps its slot
  });

  it('emits nothing for the operations a constant argument turns into identities', () => {
    const def = 'static inline unsigned long mk(unsigned long label, unsigned long caps, unsigned long len) { return (label << 12) | (caps << 7) | (len & 0x7f) ^ (caps * 3); }\n';
    const f = body(asmOf(`${def}unsigned long f(unsigned long l) { return mk(l, 0, 4); }\n`), 'f');
    const ops = f.filter((l) => /^\t(orr|eor|and|lsl|lsr|mul|add|sub|mov [wx](19|2\d), #)/.test(l)).map((l) => l.replace(/\b[wx]\d+\b/g, 'r'));
    expect(ops).toEqual(['\tlsl r, r, #12', '\torr r, r, #0x4']);
    const g = body(asmOf('int g(int a, long b) { return (a | 0) ^ 0 & -1; }\nlong h(long b) { return (b << 0) * 1 >> 0; }\n'), 'g');
    expect(g.filter((l) => /^\t(orr|eor|and)\b/.test(l))).toEqual([]);
  });

  it('expands the IPC path of libsel4 with constant message register numbers as immediate offsets', () => {
    const text = '#include <sel4/sel4.h>\nvoid f(seL4_Word x) { seL4_SetMR(0, x); seL4_SetMR(1, 1); seL4_SetMR(3, 3); }\nseL4_Word g(void) { return seL4_GetMR(2); }\n';
    const r = compileCToAsm({ name: 's.c', text }, { target: 'sel4' });
    const f = body(r.asm!, 'f');
    expect(f.some((l) => /sxtw/.test(l))).toBe(false);
    for (const off of [8, 16, 32]) expect(f.some((l) => new RegExp(`^\\tstr x\\d+, \\[x\\d+, #${off}\\]$`).test(l)), `msg at ${off}`).toBe(true);
    expect(body(r.asm!, 'g').some((l) => /^\tldr x\d+, \[x\d+, #24\]$/.test(l))).toBe(true);
  });
});

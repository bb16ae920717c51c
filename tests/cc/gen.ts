// Random C program generator for differential testing against gcc: expressions over
// mixed integer types without undefined behaviour (arithmetic that could overflow is
// done in unsigned types, divisors are forced odd, shift counts masked), control flow,
// structs with bit-fields, arrays and pointers. Deterministic for a given seed.
// generateInlineProgram adds small pure `static inline` helpers (which our compiler
// expands at the call site) called from those expressions, nested in each other.

export class Rng {
  constructor(private s: number) {}
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number { return Math.floor(this.next() * n); }
  pick<T>(a: readonly T[]): T { return a[this.int(a.length)]; }
}

const TYPES = ['signed char', 'unsigned char', 'short', 'unsigned short', 'int', 'unsigned', 'long', 'unsigned long', '_Bool'];
/** Compound assignment only on types of rank >= int, with an unsigned long right side. */
const UNSIGNED = new Set(['unsigned', 'unsigned long']);

interface Var { name: string; ty: string }

/** A `static inline` helper: its name and the number of its parameters. */
interface Helper { name: string; arity: number }

class FnGen {
  vars: Var[] = [];
  private lines: string[] = [];
  private depth = 0;
  /** Helpers the expressions may call (none: the original generator, same sequence). */
  helpers: Helper[] = [];
  /** Leaves are only variables and literals (a helper's body has no s, arr or p). */
  simple = false;
  constructor(private r: Rng, private id: number) {}

  private literal(): string {
    const r = this.r;
    switch (r.int(5)) {
      case 0: return String(r.int(10));
      case 1: return String(r.int(100000) - 50000);
      case 2: return `${r.int(0x7fffffff)}u`;
      case 3: return `0x${(r.int(0xffffffff) >>> 0).toString(16)}${r.int(0xffff).toString(16).padStart(4, '0')}UL`;
      default: return `'${String.fromCharCode(97 + r.int(26))}'`;
    }
  }

  private leaf(): string {
    const r = this.r;
    const k = r.int(10);
    if (this.simple) return k < 6 ? r.pick(this.vars).name : this.literal();
    if (k < 5) return r.pick(this.vars).name;
    if (k < 7) return this.literal();
    if (k === 7) return `s.${r.pick(['x', 'y', 'z', 'bf1', 'bf2'])}`;
    if (k === 8) return `arr[${r.pick(this.vars).name} & 7]`;
    return `(*p)`;
  }

  expr(d = 0): string {
    const r = this.r;
    if (d > 3 || r.int(10) < 3) return this.leaf();
    const a = (): string => this.expr(d + 1);
    if (this.helpers.length > 0 && r.int(this.simple ? 2 : 4) === 0) return this.helperCall(a);
    const U = r.pick(['unsigned', 'unsigned long']);
    switch (r.int(9)) {
      case 0: return `((${U})(${a()}) ${r.pick(['+', '-', '*', '&', '|', '^'])} (${U})(${a()}))`;
      case 1: return `((${U})(${a()}) ${r.pick(['/', '%'])} ((${U})(${a()}) | 1u))`;
      case 2: return `((${U})(${a()}) ${r.pick(['<<', '>>'])} ((${a()}) & ${U === 'unsigned' ? 31 : 63}))`;
      case 3: return `(${a()} ${r.pick(['<', '<=', '>', '>=', '==', '!='])} ${a()})`;
      case 4: return `(${a()} ? ${a()} : ${a()})`;
      case 5: return `((${r.pick(TYPES)})(${a()}))`;
      case 6: return `(${a()} ${r.pick(['&&', '||'])} ${a()})`;
      case 7: return `(${r.pick(['!', '~(unsigned long)', '-(unsigned)'])}(${a()}))`;
      default: return `((${a()}) & (${a()}))`;
    }
  }

  private helperCall(a: () => string): string {
    const r = this.r;
    const k = r.int(10);
    if (k === 0) return `sumS(mkS(${a()}, ${a()}), ${a()})`;
    if (k === 1) return `sumB(mkB(${a()}))`;
    if (k === 2 && !this.simple) return `sumS(s, ${a()})`;
    const h = r.pick(this.helpers);
    return `${h.name}(${Array.from({ length: h.arity }, a).join(', ')})`;
  }

  /** A small pure helper over its parameters, calling earlier helpers. */
  helper(name: string, earlier: Helper[]): { text: string; helper: Helper } {
    const r = this.r;
    const arity = 1 + r.int(3);
    this.vars = Array.from({ length: arity }, (_, i) => ({ name: `q${i}`, ty: r.pick(TYPES) }));
    this.simple = true;
    this.helpers = earlier;
    const body: string[] = [];
    for (let i = r.int(3); i > 0; i--) {
      const v = r.pick(this.vars);
      switch (r.int(3)) {
        case 0: body.push(`  ${v.name} = (${v.ty})(${this.expr(1)});`); break;
        case 1: body.push(`  for (int i = 0; i < ${1 + r.int(3)}; i++) ${v.name} = (${v.ty})((unsigned long)(${this.expr(2)}) + (unsigned long)i);`); break;
        default: body.push(`  { unsigned long t = ${this.expr(2)}; ${v.name} = (${v.ty})(t ^ (unsigned long)(${this.expr(2)})); }`);
      }
    }
    const ret = r.pick(TYPES);
    const text = [`static inline ${ret} ${name}(${this.vars.map((v) => `${v.ty} ${v.name}`).join(', ')}) {`, ...body, `  return (${ret})(${this.expr(1)});`, '}'].join('\n');
    return { text, helper: { name, arity } };
  }

  private stmt(): void {
    const r = this.r;
    const ind = '  '.repeat(this.depth + 1);
    const k = this.depth > 2 ? r.int(4) : r.int(8);
    const v = r.pick(this.vars);
    switch (k) {
      case 0: case 1: this.lines.push(`${ind}${v.name} = ${this.expr()};`); return;
      case 2:
        if (UNSIGNED.has(v.ty)) this.lines.push(`${ind}${v.name} ${r.pick(['+=', '-=', '*=', '^=', '|=', '&='])} (unsigned long)(${this.expr()});`);
        else this.lines.push(`${ind}s.${r.pick(['x', 'y', 'z', 'bf1', 'bf2'])} = ${this.expr()};`);
        return;
      case 3: this.lines.push(`${ind}arr[${this.expr()} & 7] = ${this.expr()};`); return;
      case 4: {
        this.lines.push(`${ind}if (${this.expr()}) {`);
        this.block();
        this.lines.push(`${ind}} else {`);
        this.block();
        this.lines.push(`${ind}}`);
        return;
      }
      case 5: {
        const i = `i${this.depth}`;
        this.lines.push(`${ind}for (int ${i} = 0; ${i} < ${1 + r.int(5)}; ${i}++) {`);
        this.block();
        this.lines.push(`${ind}}`);
        return;
      }
      case 6: {
        this.lines.push(`${ind}switch (${this.expr()} & 3) {`);
        for (let c = 0; c < 3; c++) {
          this.lines.push(`${ind}case ${c}:`);
          this.block();
          if (r.int(2)) this.lines.push(`${ind}  break;`);
        }
        this.lines.push(`${ind}default: break;`);
        this.lines.push(`${ind}}`);
        return;
      }
      default: this.lines.push(`${ind}p = &${r.pick(this.vars.filter((x) => x.ty === 'long')).name}; *p = ${this.expr()};`);
    }
  }

  private block(): void {
    this.depth++;
    const n = 1 + this.r.int(3);
    for (let i = 0; i < n; i++) this.stmt();
    this.depth--;
  }

  generate(): string {
    const r = this.r;
    this.vars = [{ name: 'a', ty: 'long' }, { name: 'b', ty: 'unsigned' }, { name: 'c', ty: 'int' }, { name: 'd', ty: 'short' }, { name: 'e', ty: 'unsigned char' }];
    const locals: string[] = [];
    for (let i = 0; i < 5; i++) {
      const ty = r.pick(TYPES);
      const name = `v${i}`;
      locals.push(`  ${ty} ${name} = (${ty})(${this.expr()});`);
      this.vars.push({ name, ty });
    }
    this.vars.push({ name: 'w', ty: 'long' });
    for (let i = 0; i < 6 + r.int(6); i++) this.stmt();
    const hash = this.vars.map((v) => `(unsigned long)${v.name}`).join(' * 31u + ');
    return [
      `unsigned long f${this.id}(long a, unsigned b, int c, short d, unsigned char e) {`,
      '  struct S s = {(int)c, (unsigned char)e, a, 5, -3};',
      '  long arr[8] = {1, 2, 3, 4, 5, 6, 7, 8};',
      '  long w = a;',
      '  long *p = &w;',
      ...locals,
      ...this.lines,
      `  return ${hash} + (unsigned long)s.x + s.y + (unsigned long)s.z + (unsigned long)s.bf1 + s.bf2 + (unsigned long)arr[3] + (unsigned long)arr[6];`,
      '}',
    ].join('\n');
  }
}

/** A translation unit with `count` random functions and a main printing their results. */
export function generateProgram(seed: number, count: number): string {
  const r = new Rng(seed);
  const fns: string[] = [];
  for (let i = 0; i < count; i++) fns.push(new FnGen(r, i).generate());
  const calls: string[] = [];
  for (let i = 0; i < count; i++) {
    for (const args of ['1, 2u, 3, 4, 5', '-100000, 4000000000u, -7, -300, 250', `${r.int(1 << 30)}L, ${r.int(1 << 30)}u, ${r.int(1000) - 500}, ${r.int(600) - 300}, ${r.int(256)}`]) {
      calls.push(`  printf("f${i} %lx\\n", f${i}(${args}));`);
    }
  }
  return [
    '#include "rt.h"',
    'struct S { int x; unsigned char y; long z; int bf1 : 5; unsigned bf2 : 11; };',
    ...fns,
    'int main(void) {',
    ...calls,
    '  return 0;',
    '}',
    '',
  ].join('\n');
}

/** Helpers on structs of 24 and (with bit-fields) 24 bytes, by value both ways. */
const STRUCT_HELPERS = [
  'struct B { long v[3]; };',
  'static inline struct S mkS(long x, long z) { struct S t = {(int)x, (unsigned char)z, z, 3, 5}; t.bf1 = (int)(x & 15); return t; }',
  'static inline unsigned long sumS(struct S t, unsigned long k) { t.z ^= (long)(k & 0xffff); return (unsigned long)t.x + t.y + (unsigned long)t.z + (unsigned long)t.bf1 + t.bf2; }',
  'static inline struct B mkB(long a) { struct B b; for (int i = 0; i < 3; i++) b.v[i] = a ^ (long)i; return b; }',
  'static inline unsigned long sumB(struct B b) { b.v[0] = 1; return (unsigned long)b.v[0] + (unsigned long)b.v[1] * 3u + (unsigned long)b.v[2]; }',
];

/** Like generateProgram, with `helperCount` small static inline helpers the functions call. */
export function generateInlineProgram(seed: number, count: number, helperCount: number): string {
  const r = new Rng(seed);
  const helpers: Helper[] = [];
  const texts: string[] = [];
  for (let i = 0; i < helperCount; i++) {
    const h = new FnGen(r, i).helper(`h${i}`, [...helpers]);
    texts.push(h.text);
    helpers.push(h.helper);
  }
  const fns: string[] = [];
  for (let i = 0; i < count; i++) {
    const g = new FnGen(r, i);
    g.helpers = helpers;
    fns.push(g.generate());
  }
  const calls: string[] = [];
  for (let i = 0; i < count; i++) {
    for (const args of ['1, 2u, 3, 4, 5', `${r.int(1 << 30)}L, ${r.int(1 << 30)}u, ${r.int(1000) - 500}, ${r.int(600) - 300}, ${r.int(256)}`]) {
      calls.push(`  printf("f${i} %lx\\n", f${i}(${args}));`);
    }
  }
  return ['#include "rt.h"', 'struct S { int x; unsigned char y; long z; int bf1 : 5; unsigned bf2 : 11; };', ...STRUCT_HELPERS, ...texts, ...fns,
    'int main(void) {', ...calls, '  return 0;', '}', ''].join('\n');
}

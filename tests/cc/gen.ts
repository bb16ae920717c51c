// Random C program generator for differential testing against gcc: expressions over
// mixed integer types without undefined behaviour (arithmetic that could overflow is
// done in unsigned types, divisors are forced odd, shift counts masked), control flow,
// structs with bit-fields, arrays and pointers. Deterministic for a given seed.

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

class FnGen {
  private vars: Var[] = [];
  private lines: string[] = [];
  private depth = 0;
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

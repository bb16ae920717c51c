// The program generator itself: deterministic per seed, and the corpus the
// differential test runs really contains every form it promises (so a change to
// the generator cannot silently drop coverage). No oracle needed.
import { describe, expect, it } from 'vitest';
import { generateProgram, LINES_PER_CASE, type Profile } from './asmgen/program.ts';
import { explainMismatch } from './asmgen/compare.ts';

const PROFILES: Profile[] = ['flags', 'memory', 'mixed', 'branches'];
const BASE_SEED = 20240601;

/** The same corpus asm.test.ts runs (first 4 programs per profile are enough to check coverage). */
function corpus(): string {
  return PROFILES.flatMap((p, pi) => Array.from({ length: 4 }, (_, k) =>
    generateProgram({ seed: BASE_SEED + pi * 1000 + k, cases: 32, items: 16, profile: p }).caseBodies.join('\n'))).join('\n');
}

const REQUIRED: Array<[string, RegExp]> = [
  ['adds immediate', /^adds [xw]\w+, [xw]\d+, #\d+/m],
  ['adds immediate lsl 12', /^(adds|subs) [xw]\w+, [xw]\d+, #\d+, lsl #12/m],
  ['adds shifted', /^adds [xw]\w+, [xw]\w+, [xw]\w+, (lsl|lsr|asr) #\d+/m],
  ['subs extended', /^subs [xw]\w+, [xw]\d+, [xw]\w+, [us]xt[bhwx]/m],
  ['cmp extended', /^cmp [xw]\d+, [xw]\w+, [us]xt[bhwx]/m],
  ['adcs', /^adcs /m], ['sbcs', /^sbcs /m], ['ngcs', /^ngcs /m],
  ['ands immediate', /^ands [xw]\w+, [xw]\d+, #0x/m],
  ['ands shifted ror', /^ands .*, ror #\d+/m],
  ['bics', /^bics /m], ['tst', /^tst /m],
  ['ccmp register', /^ccmp [xw]\w+, [xw]\w+, #\d+, \w+/m],
  ['ccmn immediate', /^ccmn [xw]\w+, #\d+, #\d+, \w+/m],
  ['mrs nzcv', /^mrs x\d+, nzcv/m], ['cset', /^cset /m], ['csel', /^csel /m], ['csneg', /^csneg /m],
  ['ldrb', /^ldrb w/m], ['ldrsb x', /^ldrsb x/m], ['ldrsh w', /^ldrsh w/m], ['ldrsw', /^ldrsw x/m],
  ['strh', /^strh /m], ['ldur', /^ldur /m], ['stur', /^stur /m],
  ['pre-index', /\]!$/m], ['post-index', /^\w+ [xw]\w+, \[x27\], #-?\d+$/m],
  ['register offset lsl', /\[x28, x26, lsl #\d\]/m], ['register offset sxtw', /\[x28, w26, sxtw/m],
  ['register offset uxtw', /\[x28, w26, uxtw/m],
  ['literal', /^ldr [xw]\d+, \.L/m], ['literal ldrsw', /^ldrsw x\d+, \.L/m],
  ['ldp', /^ldp /m], ['stp', /^stp /m], ['ldpsw', /^ldpsw /m], ['ldnp', /^ldnp /m],
  ['ldxr/stxr', /^stxr w\d+/m], ['ldxp/stxp', /^stxp /m], ['ldar', /^ldar /m], ['stlr', /^stlr /m],
  ['udiv', /^udiv /m], ['sdiv', /^sdiv /m], ['umulh', /^umulh /m], ['smaddl', /^smaddl /m],
  ['ubfx', /^ubfx /m], ['extr', /^extr /m], ['rev', /^rev /m], ['clz', /^clz /m],
  ['b.cond', /^b\.\w+ \.L/m], ['cbz', /^cbz /m], ['tbnz', /^tbnz /m],
  ['loop', /^cbnz x24, \.L|^b\.ne \.L/m], ['bl', /^bl \.L/m], ['blr', /^blr x26/m],
  ['msr tpidr_el0', /^msr tpidr_el0/m], ['adrp', /^adrp /m],
];

describe('differential program generator', () => {
  it('is deterministic for a seed', () => {
    const a = generateProgram({ seed: 7, cases: 4, items: 16, profile: 'mixed' });
    const b = generateProgram({ seed: 7, cases: 4, items: 16, profile: 'mixed' });
    const c = generateProgram({ seed: 8, cases: 4, items: 16, profile: 'mixed' });
    expect(a.source).toBe(b.source);
    expect(a.source).not.toBe(c.source);
  });

  const text = corpus();
  for (const [what, re] of REQUIRED) {
    it(`covers ${what}`, () => expect(text).toMatch(re));
  }
});

describe('dump comparison', () => {
  const dump = (cases: number, tweak?: (lines: string[]) => void) => {
    const lines = Array.from({ length: cases * LINES_PER_CASE }, (_, i) => i.toString(16).padStart(16, '0'));
    tweak?.(lines);
    return lines.join('\n') + '\n';
  };

  it('names the first differing case, register and buffer word, with the source', () => {
    const q = dump(3);
    const o = dump(3, (l) => { l[LINES_PER_CASE + 1 + 5] = 'ffffffffffffffff'; l[LINES_PER_CASE + 32] = '0'; l[LINES_PER_CASE + 33 + 2] = '1'; });
    const text = explainMismatch(q, o, ['body 0', 'adds x5, x1, x2', 'body 2']);
    expect(text).toMatch(/^case 1 differs:/);
    expect(text).toMatch(/x5 +qemu 0+[0-9a-f]+ +ours ffffffffffffffff/);
    expect(text).toMatch(/nzcv +qemu/);
    expect(text).toMatch(/buf\+16 +qemu/);
    expect(text).toContain('--- case 1 body ---\nadds x5, x1, x2');
  });

  it('reports a truncated dump', () => {
    const q = dump(2);
    const o = q.split('\n').slice(0, LINES_PER_CASE + 10).join('\n');
    expect(explainMismatch(q, o, ['a', 'b'])).toMatch(/case 1 differs:[\s\S]*\(missing\)/);
  });
});

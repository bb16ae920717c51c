// The peephole pass of the code generator (src/toolchain/cc/codegen.ts): a store of a
// register to a frame slot followed (only `.loc` lines between) by a plain load of the
// same slot and width becomes a move, or nothing; every other pair is left alone.
// Checked on instruction lists, then on compiled functions. Behaviour against gcc is
// in programs/inline_const.c and the random differential batches.

import { describe, expect, it } from 'vitest';
import { peephole } from '../../src/toolchain/cc/codegen.ts';
import { compile } from '../../src/toolchain/cc/index.ts';

const t = (...lines: string[]): string[] => lines.map((l) => (l.endsWith(':') ? l : `\t${l}`));

describe('peephole: store-to-load forwarding', () => {
  it('drops a reload of the register just stored', () => {
    expect(peephole(t('str x19, [x29, #40]', 'ldr x19, [x29, #40]', 'add x19, x19, #1')))
      .toEqual(t('str x19, [x29, #40]', 'add x19, x19, #1'));
    expect(peephole(t('str w20, [x29, #16]', 'ldr w20, [x29, #16]'))).toEqual(t('str w20, [x29, #16]'));
  });

  it('turns a load into another register into a move, W or X as the load was', () => {
    expect(peephole(t('str x19, [x29, #40]', 'ldr x20, [x29, #40]'))).toEqual(t('str x19, [x29, #40]', 'mov x20, x19'));
    expect(peephole(t('str w19, [x29, #36]', 'ldr w16, [x29, #36]'))).toEqual(t('str w19, [x29, #36]', 'mov w16, w19'));
    expect(peephole(t('stur x21, [x29, #-8]', 'ldur x19, [x29, #-8]'))).toEqual(t('stur x21, [x29, #-8]', 'mov x19, x21'));
  });

  it('forwards the zero register as a move from it', () => {
    expect(peephole(t('str xzr, [x29, #24]', 'ldr x19, [x29, #24]'))).toEqual(t('str xzr, [x29, #24]', 'mov x19, xzr'));
    expect(peephole(t('str wzr, [x29, #28]', 'ldr w19, [x29, #28]'))).toEqual(t('str wzr, [x29, #28]', 'mov w19, wzr'));
  });

  it('looks through .loc lines and keeps them in place', () => {
    expect(peephole(t('str w19, [x29, #32]', '.loc 1 4 3', '.loc 1 5 3', 'ldr w20, [x29, #32]')))
      .toEqual(t('str w19, [x29, #32]', '.loc 1 4 3', '.loc 1 5 3', 'mov w20, w19'));
  });

  it('leaves the load alone across a label, a branch or any other instruction', () => {
    const cases = [
      t('str x19, [x29, #40]', '.L.body.f.1:', 'ldr x19, [x29, #40]'),
      t('str x19, [x29, #40]', 'b.ne .L.x.f.2', 'ldr x19, [x29, #40]'),
      t('str x19, [x29, #40]', 'cbz x20, .L.x.f.2', 'ldr x19, [x29, #40]'),
      t('str x19, [x29, #40]', 'bl g', 'ldr x19, [x29, #40]'),
      t('str x19, [x29, #40]', 'mov x20, #1', 'ldr x19, [x29, #40]'),
      t('str x19, [x29, #40]', 'str x20, [x29, #48]', 'ldr x19, [x29, #40]'),
    ];
    for (const c of cases) expect(peephole(c)).toEqual(c);
  });

  it('leaves loads of another width, extension, slot or base alone', () => {
    const cases = [
      t('str w19, [x29, #40]', 'ldr x19, [x29, #40]'),
      t('str x19, [x29, #40]', 'ldr w19, [x29, #40]'),
      t('str w19, [x29, #40]', 'ldrsw x19, [x29, #40]'),
      t('strb w19, [x29, #40]', 'ldrb w19, [x29, #40]'),
      t('strh w19, [x29, #40]', 'ldrsh w19, [x29, #40]'),
      t('str w19, [x29, #40]', 'ldrb w19, [x29, #40]'),
      t('str x19, [x29, #40]', 'ldr x19, [x29, #48]'),
      t('str x19, [x20, #40]', 'ldr x19, [x20, #40]'),
      t('str x19, [sp, #16]', 'ldr x19, [sp, #16]'),
      t('str x19, [x29, #40]', 'ldr x19, [x29, #40] // volatile'),
      t('str x19, [x29, #40]', 'ldp x19, x20, [x29, #40]'),
    ];
    for (const c of cases) expect(peephole(c)).toEqual(c);
  });

  it('still drops a branch to the label right after it', () => {
    expect(peephole(t('b .L.end.f.3', '.L.end.f.3:', 'ret'))).toEqual(t('.L.end.f.3:', 'ret'));
  });
});

function fnBody(text: string, fn: string): string[] {
  const r = compile({ name: 't.c', text });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const lines = r.asm!.split('\n');
  const start = lines.indexOf(`${fn}:`);
  return lines.slice(start, lines.indexOf(`\t.size ${fn}, .-${fn}`, start));
}

/** Loads of a frame slot right after a store to it (only .loc lines between). */
function reloads(lines: string[]): string[] {
  const out: string[] = [];
  let stored: string | undefined;
  for (const l of lines) {
    if (l.startsWith('\t.loc')) continue;
    const m = /^\tldu?r [wx]\d+, (\[x29, #-?\d+\])$/.exec(l);
    if (m && m[1] === stored) out.push(l);
    stored = /^\tstu?r [wx](?:\d+|zr), (\[x29, #-?\d+\])$/.exec(l)?.[1];
  }
  return out;
}

describe('peephole in compiled functions', () => {
  it('reads a local just written from the register, with the statement lines kept', () => {
    const lines = fnBody('int f(int a) {\n  int b = a * 3;\n  long c = b;\n  return c + b;\n}\n', 'f');
    // The pass runs on the body: the prologue's parameter stores are not forwarded.
    const body = lines.slice(lines.findIndex((l) => l.startsWith('\t.loc 1 2 ')));
    expect(reloads(body)).toEqual([]);
    expect(body.filter((l) => l.startsWith('\tmov w'))).not.toEqual([]);
    expect(lines.filter((l) => l.startsWith('\t.loc')).map((l) => Number(l.split(' ')[2]))).toEqual([1, 2, 3, 4]);
  });

  it('keeps the reload of a volatile local and of a union member of another width', () => {
    const vol = fnBody('int f(int a) {\n  volatile int v = a;\n  return v;\n}\n', 'f');
    expect(vol.some((l) => /^\tldr w\d+, \[x29, #\d+\] \/\/ volatile$/.test(l))).toBe(true);
    const vs = fnBody('struct s { int x; int y[2]; };\nint f(int a) {\n  volatile struct s v;\n  v.x = a; v.y[1] = a;\n  return v.x + v.y[1];\n}\n', 'f');
    expect(vs.filter((l) => l.endsWith('// volatile'))).toHaveLength(2);
    const un = fnBody('long f(int a) {\n  union { int i; long l; } u;\n  u.l = 0; u.i = a;\n  return u.l;\n}\n', 'f');
    expect(un.some((l) => /^\tldr x\d+, \[x29, #\d+\]$/.test(l))).toBe(true);
  });

  it('reloads after a loop label', () => {
    const lines = fnBody('int f(int a) {\n  int b = a;\n  do { b = b + 1; } while (b < 10);\n  return b;\n}\n', 'f');
    const i = lines.findIndex((l) => /^\.L\.body\./.test(l));
    expect(lines[i - 1]).toMatch(/^\t\.loc 1 3 /);
    expect(lines[i - 2]).toMatch(/^\tstr w\d+, \[x29, #\d+\]$/);
    expect(lines[i + 1]).toMatch(/^\t\.loc 1 3 /);
    expect(lines[i + 2]).toMatch(/^\tldr w\d+, \[x29, #\d+\]$/);
  });
});

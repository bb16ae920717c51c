// caplab cc (runCc): gcc-format diagnostics and exit status, -E/-S/-c/link
// outputs, -I/-D, .o inputs; C line tables through buildProgram; the embedded
// sysroot is fresh; small assembler/compiler fixes made for the C toolchain.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCc, type CcIo } from '../../src/toolchain/ccdriver.ts';
import { buildProgram, selectMembers } from '../../src/toolchain/build.ts';
import { lineAt } from '../../src/toolchain/elf/lines.ts';
import { assemble } from '../../src/toolchain/asm/assemble.ts';
import { compile } from '../../src/toolchain/cc/index.ts';
import { generatedText, GENERATED } from '../../src/toolchain/sysroot/embed.ts';
import { runOnMachine } from './run.ts';

function memIo(files: Record<string, string | Uint8Array>) {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, Uint8Array | string> = {};
  const io: CcIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: (p) => {
      const f = written[p] ?? files[p];
      if (f === undefined) throw new Error(`ENOENT ${p}`);
      return typeof f === 'string' ? new TextEncoder().encode(f) : f;
    },
    writeFile: (p, b) => { written[p] = b; },
  };
  return { io, out, err, written };
}

describe('caplab cc', () => {
  it('reports errors as file:line:col: error: message and exits 1', async () => {
    const m = memIo({ 'bad.c': 'int main(void) {\n  int x = 1;\n  return y;\n}\n' });
    expect(await runCc(['-o', 'bad', 'bad.c'], m.io)).toBe(1);
    expect(m.err.join('')).toMatch(/^bad\.c:3:10: error: '?y'? undeclared/m);
    expect(m.written.bad).toBeUndefined();
  });
  it('reports syntax errors in included headers at their own file', async () => {
    const m = memIo({ 'inc/h.h': 'int f(void)\n', 'a.c': '#include "h.h"\nint main(void) { return 0; }\n' });
    expect(await runCc(['-I', 'inc', '-c', 'a.c'], m.io)).toBe(1);
    expect(m.err.join('')).toMatch(/^(a\.c|inc\/h\.h):\d+:\d+: error: /m);
  });
  it('reports undefined references from the linker with the C line', async () => {
    const m = memIo({ 'u.c': 'int missing(int);\nint main(void) {\n  return missing(3);\n}\n' });
    expect(await runCc(['u.c'], m.io)).toBe(1);
    expect(m.err.join('')).toMatch(/^u\.c:3:\d+: error: undefined reference to .missing./m);
  });
  it('usage errors', async () => {
    const m = memIo({});
    expect(await runCc([], m.io)).toBe(1);
    expect(m.err.join('')).toBe('caplab cc: error: no input files\n');
    const m2 = memIo({});
    expect(await runCc(['--target', 'vax', 'a.c'], m2.io)).toBe(1);
    expect(m2.err.join('')).toMatch(/unknown target 'vax'/);
    const m3 = memIo({});
    expect(await runCc(['nothere.c'], m3.io)).toBe(1);
    expect(m3.err.join('')).toMatch(/nothere\.c: No such file or directory/);
  });
  it('-D, -I, -E, -S, -c and linking objects', async () => {
    const files = {
      'inc/v.h': '#define BASE 40\n',
      'main.c': '#include <stdio.h>\n#include "v.h"\nint add(int);\nint main(void) { printf("%d\\n", add(BASE + EXTRA)); return 0; }\n',
      'lib.c': 'int add(int x) { return x + 1; }\n',
    };
    const m = memIo(files);
    expect(await runCc(['-E', '-I', 'inc', '-DEXTRA=1', 'main.c'], m.io)).toBe(0);
    expect(m.out.join('')).toContain('add(40 + 1)');
    expect(await runCc(['-S', 'lib.c', '-o', 'lib.s'], m.io)).toBe(0);
    expect(String(m.written['lib.s'])).toMatch(/^add:/m);
    expect(await runCc(['-c', 'lib.s', '-o', 'lib.o'], m.io)).toBe(0);
    expect(await runCc(['-c', '-Iinc', '-D', 'EXTRA=1', 'main.c'], m.io)).toBe(0);
    expect(m.written['main.o']).toBeInstanceOf(Uint8Array);
    expect(await runCc(['-o', 'prog', 'main.o', 'lib.o'], m.io)).toBe(0);
    const r = runOnMachine(m.written.prog as Uint8Array);
    expect(r.stdout).toBe('42\n');
    expect(m.err.join('')).toBe('');
  });
  it('--target sel4 builds a root task', async () => {
    const m = memIo({ 'r.c': '#include <sel4/sel4.h>\nint main(void) { seL4_DebugPutChar(\'!\'); return 0; }\n' });
    expect(await runCc(['--target', 'sel4', '-o', 'r', 'r.c'], m.io)).toBe(0);
    expect(runOnMachine(m.written.r as Uint8Array, 'sel4').stdout).toBe('!');
  });
});

describe('C line table', () => {
  it('maps addresses of C statements back to their lines', () => {
    const text = 'int g;\nint twice(int x) {\n  g = x;\n  return x * 2;\n}\nint main(void) {\n  return twice(3) - 6;\n}\n';
    const r = buildProgram([{ name: 'lines.c', text }]);
    expect(r.ok).toBe(true);
    const twice = r.symbols.find((s) => s.name === 'twice')!;
    const main = r.symbols.find((s) => s.name === 'main')!;
    expect(lineAt(r.lines, twice.addr)).toMatchObject({ file: 'lines.c', line: 2 });
    expect(lineAt(r.lines, main.addr)).toMatchObject({ file: 'lines.c', line: 6 });
    const rows = r.lines.filter((l) => l.file === 'lines.c' && l.addr >= twice.addr && l.addr < twice.addr + twice.size);
    expect(rows.map((l) => l.line)).toEqual(expect.arrayContaining([3, 4]));
    const store = rows.find((l) => l.line === 3)!;
    expect(store.column).toBe(3);
    // Library code keeps its own file names.
    expect(r.lines.some((l) => l.file.startsWith('<sysroot>/'))).toBe(true);
  });
});

describe('archive semantics and weak libc', () => {
  it('links only the library members a program needs, and a program may replace libc functions', () => {
    const small = buildProgram([{ name: 's.c', text: 'int main(void) { return 0; }' }]);
    expect(small.symbols.some((s) => s.name === 'printf')).toBe(false);
    expect(small.symbols.some((s) => s.name === 'malloc')).toBe(false);
    const own = buildProgram([{ name: 'o.c', text: '#include <string.h>\nsize_t strlen(const char *s) { return 7; }\nint main(void) { char b[8]; strcpy(b, "abc"); return (int)strlen(b); }' }]);
    expect(own.ok).toBe(true);
    expect(runOnMachine(own.elf!).status).toBe(7);
  });
  it('selectMembers pulls members transitively', () => {
    const obj = (name: string, text: string) => assemble(name, text).object!;
    const main = obj('m.s', '.globl _start\n_start: bl a\n');
    const a = obj('a.s', '.globl a\na: bl b\n');
    const b = obj('b.s', '.globl b\nb: ret\n');
    const unused = obj('c.s', '.globl c\nc: ret\n');
    expect(selectMembers([main], [[unused, b, a]]).map((o) => o.name)).toEqual(['a.s', 'b.s']);
  });
});

describe('sysroot embedding', () => {
  it('files.gen.ts matches files/ (run npx tsx src/toolchain/sysroot/embed.ts)', () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(generatedText());
  });
});

describe('toolchain fixes made for C', () => {
  it('asm: a 4 MiB .zero in .bss assembles to a 4 MiB section; non-zero fill there is still an error', () => {
    const a = assemble('z.s', '.bss\nbuf: .zero 4194304\n.space 16\n');
    expect(a.diagnostics).toEqual([]);
    expect(a.object!.sections.find((s) => s.name === '.bss')!.size).toBe(4194320);
    const bad = assemble('z.s', '.bss\n.space 4, 1\n');
    expect(bad.diagnostics[0]).toMatchObject({ line: 2, message: "attempt to store non-zero value in section `.bss'" });
    const data = assemble('d.s', '.data\n.space 3, 0x41\n');
    expect([...data.object!.sections.find((s) => s.name === '.data')!.data.slice(0, 3)]).toEqual([0x41, 0x41, 0x41]);
  });
  it('cc: register variables of typedef types stay in their register as asm operands', () => {
    const r = compile({ name: 'r.c', text: 'typedef unsigned long W;\nvoid f(void) { register W n __asm__("x7") = 9; __asm__ volatile("svc #0" : : "r"(n)); }\n' });
    expect(r.asm).toMatch(/mov x7, x\d+\n\tsvc #0/);
  });
  it('cc: static inline functions are emitted only while something still refers to them', () => {
    // a cannot be expanded (switch), so b calls it; b's address is taken; c is unused; d's only call is expanded.
    const r = compile({ name: 'i.c', text: 'static inline int a(void) { switch (0) { default: return 1; } }\nstatic inline int b(void) { return a() + 1; }\nstatic inline int c(void) { return 3; }\nstatic inline int d(void) { return 4; }\nint main(void) { int (*p)(void) = b; return p() + d(); }\n' });
    expect(r.asm).toMatch(/^b:/m);
    expect(r.asm).toMatch(/^a:/m);
    expect(r.asm).not.toMatch(/^c:/m);
    expect(r.asm).not.toMatch(/^d:/m);
  });
});

describe('driver file', () => {
  it('is the documented entry', () => {
    expect(readFileSync(join(import.meta.dirname, '../../src/toolchain/ccdriver.ts'), 'utf8')).toMatch(/export async function runCc/);
  });
});

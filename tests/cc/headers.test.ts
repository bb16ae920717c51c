// The project's own headers: `.h` files travel with the sources, are read by
// #include "..." (in the page and the CLI alike) and are never linked on their own.
import { describe, expect, it } from 'vitest';
import { buildProgram, checkProject } from '../../src/toolchain/build.ts';
import '../../src/toolchain/ccdriver.ts';
import { runOnMachine } from '../sysroot/run.ts';

const header = { name: 'point.h', text: '#pragma once\nstruct point { int x, y; };\nint manhattan(struct point p);\n#define ORIGIN ((struct point){0, 0})\n' };
const lib = { name: 'point.c', text: '#include "point.h"\nint manhattan(struct point p) { return (p.x < 0 ? -p.x : p.x) + (p.y < 0 ? -p.y : p.y); }\n' };
const main = {
  name: 'main.c',
  text: '#include <stdio.h>\n#include "point.h"\n#include "./point.h"\nint main(void) { struct point p = { -3, 4 }; printf("%d %d\\n", manhattan(p), manhattan(ORIGIN)); return 0; }\n',
};

describe('project headers', () => {
  it('are included by name and not compiled into the program', () => {
    const r = buildProgram([header, lib, main], { cc: { target: 'linux' } });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.ok).toBe(true);
    const run = runOnMachine(r.elf!);
    expect(run.stdout).toBe('7 0\n');
  });

  it('report a missing header at the #include line', () => {
    const r = buildProgram([main], { cc: { target: 'linux' } });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ file: 'main.c', line: 2, severity: 'error' });
    expect(r.diagnostics[0].message).toContain('point.h: No such file or directory');
  });

  it('are checked on their own as C, with errors at their own lines', () => {
    const bad = { name: 'bad.h', text: 'struct s { int a };\nint f(void)\n' };
    const d = checkProject([bad, main, header], { cc: { target: 'linux' } });
    expect(d.some((x) => x.file === 'bad.h' && x.line === 1 && x.severity === 'error')).toBe(true);
    expect(d.filter((x) => x.file !== 'bad.h')).toEqual([]);
  });
});

// Diagnostics: gcc-like messages at the right line and column, recovery that reports
// several errors in one run, warnings that still produce code.

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/toolchain/cc/index.ts';

function diags(text: string): string[] {
  return compile({ name: 't.c', text }).diagnostics.map((d) => `${d.line}:${d.column}: ${d.severity}: ${d.message}`);
}

describe('C compiler diagnostics', () => {
  it('undeclared identifier', () => {
    expect(diags('int main(void) {\n  return x;\n}\n')).toContain("2:10: error: 'x' undeclared (first use in this function)");
  });
  it('missing semicolon before }', () => {
    expect(diags('int main(void) {\n  int a = 1\n}\n')).toContain("3:1: error: expected ';', ',' or '=' before '}' token");
    expect(diags('int main(void) {\n  return 1\n}\n')).toContain("3:1: error: expected ';' before '}' token");
  });
  it('argument count', () => {
    const d = diags('int f(int a, int b);\nint main(void) { return f(1) + f(1, 2, 3); }\n');
    expect(d).toContain("2:26: error: too few arguments to function 'f'");
    expect(d).toContain("2:33: error: too many arguments to function 'f'");
  });
  it('incompatible pointer types and int/pointer conversions are warnings', () => {
    const r = compile({ name: 't.c', text: 'int main(void) {\n  char c;\n  int *p = &c;\n  int i = p;\n  p = 5;\n  return 0;\n}\n' });
    const m = r.diagnostics.map((d) => `${d.line}: ${d.severity}: ${d.message}`);
    expect(m).toContain("3: warning: initialization of 'int *' from incompatible pointer type 'char *'");
    expect(m).toContain("4: warning: initialization of 'int' from 'int *' makes integer from pointer without a cast");
    expect(m).toContain("5: warning: assignment to 'int *' from 'int' makes pointer from integer without a cast");
    expect(r.asm).toBeDefined();
  });
  it('implicit declaration warning', () => {
    const r = compile({ name: 't.c', text: 'int main(void) { return g(2); }\n' });
    expect(r.diagnostics.map((d) => d.message)).toContain("implicit declaration of function 'g'");
    expect(r.asm).toContain('bl g');
  });
  it('floating point is rejected clearly', () => {
    expect(diags('float f;\n')).toContain('1:1: error: floating point is not supported');
    expect(diags('int x = 1.5;\n')).toContain('1:9: error: floating point is not supported');
  });
  it('recovers and reports several errors', () => {
    const d = diags('int main(void) {\n  a = 1;\n  b = 2;\n  int c = ;\n  return d;\n}\nint g(void) { return e; }\n');
    expect(d.filter((x) => x.includes('error')).length).toBeGreaterThanOrEqual(5);
  });
  it('caps the number of errors', () => {
    const text = `int main(void) {\n${'  zz = 1;\n'.repeat(200)}}\n`;
    const d = compile({ name: 't.c', text }).diagnostics;
    expect(d.filter((x) => x.severity === 'error').length).toBe(50);
    expect(d[d.length - 1].message).toMatch(/too many errors/);
  });
  it('preprocessor errors', () => {
    expect(diags('#include "nope.h"\n')).toContain('1:2: error: nope.h: No such file or directory');
    expect(diags('#if 1\nint x;\n')).toContain('1:2: error: unterminated conditional directive');
    expect(diags('#error stop here\n')).toContain('1:2: error: #error stop here');
    expect(diags('#define F(a,b) a\nint x = F(1);\n')).toContain('2:9: error: macro "F" requires 2 arguments, but only 1 given');
  });
  it('type errors', () => {
    expect(diags('struct S { int a; };\nint main(void) { struct S s; return s.b; }\n')).toContain("2:39: error: 'struct S' has no member named 'b'");
    expect(diags('int main(void) { const int k = 1; k = 2; return k; }\n')).toContain("1:37: error: assignment of read-only variable 'k'");
    expect(diags('int main(void) { 3 = 4; return 0; }\n')).toContain('1:20: error: lvalue required as left operand of assignment');
    expect(diags('int main(void) { break; }\n')).toContain('1:18: error: break statement not within loop or switch');
    expect(diags('int main(void) { goto out; }\n')).toContain("1:23: error: label 'out' used but not defined");
    expect(diags('int main(void) { int a[n]; }\n')).toContain("1:24: error: 'n' undeclared (first use in this function)");
    expect(diags('int x; int x = 1; int x = 2;\n')).toContain("1:23: error: redefinition of 'x'");
    expect(diags('int main(void) { switch (1) { case 1: case 1: ; } }\n')).toContain('1:39: error: duplicate case value');
  });
});

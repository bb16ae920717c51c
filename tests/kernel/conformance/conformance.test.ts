// Kernel conformance programs (docs/conformance.md): every program builds and
// links with the lab's toolchain; the programs that pass on the CapLab seL4
// kernel model today run here (add a program to PASSING once it passes fully).
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/shared/diagnostic.ts';
import { buildConformance, CONFORMANCE_PROGRAMS } from './programs.ts';
import { runConformance, runConformanceSource } from './harness.ts';

/** Programs whose every test passes on the kernel model (with their test counts). */
const PASSING: Record<string, number> = { cnode: 13, syscall: 18, notification: 10, sched: 10, fault: 12, untyped: 8, irq: 3, ipc: 17, tcb: 14, vspace: 11 };

describe('conformance programs build with the lab toolchain (--target sel4)', () => {
  for (const name of CONFORMANCE_PROGRAMS) {
    it(`${name}.c compiles and links`, () => {
      const r = buildConformance(name);
      expect(r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.elf?.length ?? 0).toBeGreaterThan(0);
    });
  }
});

describe('the framework (framework.h) reports what it checks', () => {
  it('counts passing and failing tests, prints failed checks with values, exits with the failure count', () => {
    const r = runConformanceSource([
      '#include "framework.h"',
      'static void GOOD(void) { CHECK_EQ(2 + 2, 4); CHECK(conf_slot() != 0); }',
      'static void BAD(void) { CHECK_EQ(seL4_CNode_Delete(seL4_CapInitThreadCNode, 1, 0), seL4_NoError); CHECK(0); }',
      'static void REQ(void) { REQUIRE_EQ(1, 2); CHECK(1); }',
      'static const conf_test_t tests[] = { CONF_TEST(GOOD), CONF_TEST(BAD), CONF_TEST(REQ) };',
      'CONF_MAIN(tests)',
    ].join('\n'));
    expect(r.tests).toEqual([{ id: 'GOOD', pass: true }, { id: 'BAD', pass: false }, { id: 'REQ', pass: false }]);
    expect(r.stdout).toMatch(/inline\.c:3: check failed: seL4_CNode_Delete\(.*\) == seL4_NoError \(got 0x4, want 0x0\)/);
    expect(r.stdout).toMatch(/inline\.c:3: check failed: 0\n/);
    expect(r.stdout).toContain('conformance: 1 passed, 2 failed (5 checks)');
    expect(r.status).toBe(2);
  });
});

describe('conformance programs on the seL4 kernel model', () => {
  for (const [name, tests] of Object.entries(PASSING)) {
    it(`${name}.c: all ${tests} tests pass`, () => {
      const r = runConformance(name);
      expect(r.report, r.stdout).toBeNull();
      expect(r.stdout).not.toMatch(/^FAIL /m);
      expect(r.failed, r.stdout).toBe(0);
      expect(r.passed, r.stdout).toBe(tests);
      expect(r.status).toBe(0);
    });
  }
});

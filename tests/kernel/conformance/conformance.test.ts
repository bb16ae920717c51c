// Kernel conformance programs (docs/conformance.md): every program builds and
// links with the lab's toolchain; the programs that pass on the CapLab seL4
// kernel model today run here (add a program to PASSING once it passes fully).
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/shared/diagnostic.ts';
import { buildConformance, CONFORMANCE_PROGRAMS } from './programs.ts';
import { runConformance } from './harness.ts';

/** Programs whose every test passes on the kernel model (with their test counts). */
const PASSING: Record<string, number> = { cnode: 12 };

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

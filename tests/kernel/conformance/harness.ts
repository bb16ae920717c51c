// Harness for the kernel conformance programs: builds tests/kernel/conformance/NAME.c
// (with conf_asm.s and framework.h) using the lab's toolchain for --target sel4,
// boots it as the root task on the CapLab seL4 kernel model and runs it to the end.
// Test tooling; the programs and their status are listed in docs/conformance.md.
// Usage: npx tsx tests/kernel/conformance/harness.ts NAME...  (prints output + status)
import { fileURLToPath } from 'node:url';
import { bootRootTask } from '../../../src/kernel/boot.ts';
import { formatDiagnostic } from '../../../src/shared/diagnostic.ts';
import type { BuildResult } from '../../../src/toolchain/build.ts';
import { buildConformance, buildConformanceSource, CONFORMANCE_PROGRAMS } from './programs.ts';

export interface ConformanceRun {
  /** Everything the root task printed (PASS/FAIL lines, failed checks, summary). */
  stdout: string;
  /** The root task's exit status (= number of failed tests), or null if it never halted. */
  status: number | null;
  /** The kernel's report when it stopped the run itself (no runnable thread, unmodelled call). */
  report: string | null;
  /** Parsed "conformance: N passed, M failed" line, if printed. */
  passed: number | null;
  failed: number | null;
  /** Per-test verdicts from the "PASS ID" / "FAIL ID" lines, in run order. */
  tests: Array<{ id: string; pass: boolean }>;
}

export { CONFORMANCE_PROGRAMS };

/** Default instruction budget: the largest program (ipc.c) needs far less. */
export const CONFORMANCE_BUDGET = 400_000_000;

export function runConformance(name: string, budget = CONFORMANCE_BUDGET): ConformanceRun {
  return runBuilt(`${name}.c`, buildConformance(name), budget);
}

/** The same for C text that includes "framework.h" (used to test the framework itself). */
export function runConformanceSource(text: string, budget = CONFORMANCE_BUDGET): ConformanceRun {
  return runBuilt('inline.c', buildConformanceSource('inline.c', text), budget);
}

function runBuilt(name: string, built: BuildResult, budget: number): ConformanceRun {
  if (!built.ok || !built.elf) throw new Error(`${name} does not build:\n${built.diagnostics.map(formatDiagnostic).join('\n')}`);
  const out: number[] = [];
  const booted = bootRootTask({ elf: built.elf, output: (c) => out.push(c) });
  if (!booted.ok) throw new Error(`${name}: boot failed: ${booted.error}`);
  const { machine, kernel } = booted.value;
  const slice = 10_000_000;
  for (let used = 0; !machine.halted && used < budget; used += slice) {
    if (machine.run(slice).kind !== 'budget') break;
  }
  const stdout = Buffer.from(out).toString('utf8');
  const o = kernel.outcome;
  const m = /conformance: (\d+) passed, (\d+) failed/.exec(stdout);
  return {
    stdout,
    status: machine.halted?.exitCode ?? null,
    report: o.kind === 'stopped' ? o.report : null,
    passed: m ? Number(m[1]) : null,
    failed: m ? Number(m[2]) : null,
    tests: [...stdout.matchAll(/^(PASS|FAIL) (\S+)$/gm)].map((x) => ({ id: x[2], pass: x[1] === 'PASS' })),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.length > 2 ? process.argv.slice(2) : [...CONFORMANCE_PROGRAMS];
  for (const n of names) {
    const t0 = performance.now();
    const r = runConformance(n);
    process.stdout.write(r.stdout);
    console.log(`== ${n}: status ${r.status}${r.report ? `, kernel: ${r.report}` : ''} (${Math.round(performance.now() - t0)} ms)\n`);
  }
}

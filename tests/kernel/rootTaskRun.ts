// Test helper: builds a C root task with our toolchain (--target sel4), boots it
// on the machine under the CapLab seL4 kernel and runs it to the end.
import { bootRootTask, type BootedRootTask } from '../../src/kernel/boot.ts';
import { buildC } from '../../src/toolchain/ccdriver.ts';

export interface RootTaskRun {
  stdout: string;
  status: number | null;
  booted: BootedRootTask;
  /** Lines "ok NAME" / "FAIL NAME ..." printed by the C CHECK macro. */
  lines: string[];
}

/** Self-checking C: CHECK(name, cond) prints "ok name" or "FAIL name". */
export const PRELUDE = [
  '#include <sel4/sel4.h>',
  '#include <stdio.h>',
  '#define CHECK(name, cond) do { if (cond) printf("ok %s\\n", name); else printf("FAIL %s (line %d)\\n", name, __LINE__); } while (0)',
  '',
].join('\n');

export function buildRootTask(text: string): Uint8Array {
  const r = buildC([{ name: 'root.c', text: PRELUDE + text }], { target: 'sel4' });
  if (!r.ok || !r.elf) throw new Error(`root task does not build:\n${r.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`).join('\n')}`);
  return r.elf;
}

/** `input`: bytes waiting in the UART's receive FIFO before the root task starts. */
export function runRootTask(text: string, budget = 200_000_000, input: readonly number[] = []): RootTaskRun {
  const out: number[] = [];
  const b = bootRootTask({ elf: buildRootTask(text), output: (c) => out.push(c), checkInvariants: true });
  if (!b.ok) throw new Error(b.error);
  const m = b.value.machine;
  for (const c of input) m.uart.receive(c);
  let used = 0;
  while (!m.halted && used < budget) {
    const stop = m.run(10_000_000);
    used += 10_000_000;
    if (stop.kind !== 'budget') break;
  }
  const stdout = Buffer.from(out).toString('utf8');
  return { stdout, status: m.halted?.exitCode ?? null, booted: b.value, lines: stdout.split('\n') };
}

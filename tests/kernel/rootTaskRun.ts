// Test helper: builds a C root task with our toolchain (--target sel4), boots it
// on the machine under the CapLab seL4 kernel and runs it to the end.
import { bootRootTask, type BootedRootTask } from '../../src/kernel/boot.ts';
import { buildC } from '../../src/toolchain/ccdriver.ts';
import type { Stamped } from '../../src/kernel/events.ts';

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

/** C helpers for root tasks that build a small world (no includes: put them after <sel4/sel4.h>):
 *  test_untyped(bits) is the first RAM untyped of at least 2^bits bytes; test_thread() retypes a
 *  TCB into `slot`, shares the root task's CSpace, VSpace and IPC buffer page (at `bufOffset`),
 *  names it, sets its priority and starts it at `fn` on `stackTop`. */
export const TEST_HELPERS = `
static seL4_Word test_untyped(int bits) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  for (seL4_Word i = bi->untyped.start; i < bi->untyped.end; i++)
    if (!bi->untypedList[i - bi->untyped.start].isDevice && bi->untypedList[i - bi->untyped.start].sizeBits >= bits) return i;
  return 0;
}
static void test_thread(seL4_Word ut, seL4_Word slot, const char *name, int prio, void (*fn)(void), char *stackTop, seL4_Word bufOffset) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  seL4_Untyped_Retype(ut, seL4_TCBObject, 0, seL4_CapInitThreadCNode, 0, 0, slot, 1);
  seL4_TCB_Configure(slot, 0, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)bi->ipcBuffer + bufOffset, seL4_CapInitThreadIPCBuffer);
  seL4_TCB_SetPriority(slot, seL4_CapInitThreadTCB, prio);
  seL4_DebugNameThread(slot, name);
  seL4_UserContext ctx = {0};
  ctx.pc = (seL4_Word)fn; ctx.sp = (seL4_Word)stackTop;
  seL4_TCB_WriteRegisters(slot, 1, 0, 2, &ctx);
}
`;

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

/** Runs a booted root task to its end (or `budget` ticks) in slices of a million,
 *  draining the kernel's event ring after each; the records, all of them (none may
 *  have been dropped: a test that compares streams needs every record). */
export function runCollectingEvents(booted: BootedRootTask, budget: number): Stamped[] {
  const { machine, kernel } = booted;
  const events: Stamped[] = [];
  for (let used = 0; !machine.halted && used < budget; used += 1_000_000) {
    const stop = machine.run(1_000_000);
    events.push(...kernel.state.events.drain());
    if (stop.kind !== 'budget') break;
  }
  if (kernel.state.events.dropped !== 0) throw new Error(`the event ring dropped ${kernel.state.events.dropped} records`);
  return events;
}

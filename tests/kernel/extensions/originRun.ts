// Test helper for the lab's kernel extensions (not seL4): builds a C root task with
// the lab's toolchain (tests/kernel/rootTaskRun.ts), boots it with kernel config
// switches and runs it to the end, draining every kernel event as it goes so that
// none is lost to the ring's bound. Also the C helpers the origin tests share.
import { bootRootTask, type BootedRootTask } from '../../../src/kernel/boot.ts';
import type { Stamped } from '../../../src/kernel/events.ts';
import type { KernelConfig } from '../../../src/kernel/state.ts';
import type { Tcb } from '../../../src/kernel/object/tcb.ts';
import { buildRootTask, runCollectingEvents } from '../rootTaskRun.ts';

export interface ExtensionRun {
  stdout: string;
  status: number | null;
  booted: BootedRootTask;
  lines: string[];
  events: Stamped[];
}

export function runWithConfig(text: string, config: Partial<KernelConfig>, budget = 300_000_000): ExtensionRun {
  const out: number[] = [];
  const b = bootRootTask({ elf: buildRootTask(text), output: (c) => out.push(c), checkInvariants: true, config });
  if (!b.ok) throw new Error(b.error);
  const { machine } = b.value;
  const events = runCollectingEvents(b.value, budget);
  const stdout = Buffer.from(out).toString('utf8');
  return { stdout, status: machine.halted?.exitCode ?? null, booted: b.value, lines: stdout.split('\n'), events };
}

/** The thread the root task named `name` with seL4_DebugNameThread. */
export function thread(r: ExtensionRun, name: string): Tcb {
  const t = [...r.booted.kernel.state.tcbs.values()].find((x) => x.name === name);
  if (!t) throw new Error(`no thread named ${name}`);
  return t;
}

/** A value the root task printed as "NAME=0x..." (hex, as %lx prints it). */
export function printed(r: ExtensionRun, name: string): bigint {
  const m = r.stdout.match(new RegExp(`^${name}=0x([0-9a-f]+)$`, 'm'));
  if (!m) throw new Error(`the root task did not print ${name}`);
  return BigInt(`0x${m[1]}`);
}

/** The names of the C CHECKs in a program, in order. */
export const checkNames = (program: string): string[] => [...program.matchAll(/CHECK\("([^"]+)"/g)].map((m) => m[1]);

/** C helpers (after the PRELUDE): a slot allocator over the first 1 MiB untyped, retype,
 *  mint, and thread(): a TCB in the root's CSpace and VSpace with a fault endpoint cap
 *  (a CPtr in that CSpace), an IPC buffer at `bufOffset` in the root's buffer page (0: none),
 *  named, at priority `prio`, resumed at `fn` on its own stack. */
export const WORLD = `
#define R seL4_CapInitThreadCNode
#define D seL4_WordBits
static seL4_Word freeSlot, ut;
static char stacks[8][4096] __attribute__((aligned(16)));
static seL4_Word slot(void) { return freeSlot++; }
static void world(void) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  freeSlot = bi->empty.start;
  for (seL4_Word i = bi->untyped.start; i < bi->untyped.end; i++)
    if (!bi->untypedList[i - bi->untyped.start].isDevice && bi->untypedList[i - bi->untyped.start].sizeBits >= 20) { ut = i; break; }
}
static seL4_Word retype(int type) { seL4_Word s = slot(); seL4_Untyped_Retype(ut, type, 0, R, 0, 0, s, 1); return s; }
static seL4_Word mint(seL4_Word ep, seL4_Word badge) { seL4_Word s = slot(); seL4_CNode_Mint(R, s, D, R, ep, D, seL4_AllRights, badge); return s; }
static seL4_Word newThread(const char *name, int prio, seL4_Word faultEp, seL4_Word bufOffset) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  seL4_Word t = retype(seL4_TCBObject);
  seL4_TCB_Configure(t, faultEp, R, 0, seL4_CapInitThreadVSpace, 0, bufOffset ? (seL4_Word)bi->ipcBuffer + bufOffset : 0, bufOffset ? seL4_CapInitThreadIPCBuffer : 0);
  seL4_TCB_SetPriority(t, seL4_CapInitThreadTCB, prio);
  seL4_DebugNameThread(t, name);
  return t;
}
static int startThread(seL4_Word t, int n, void (*fn)(void)) {
  seL4_UserContext ctx = {0};
  ctx.pc = (seL4_Word)fn; ctx.sp = (seL4_Word)(stacks[n] + 4096);
  return seL4_TCB_WriteRegisters(t, 1, 0, 2, &ctx);
}
`;

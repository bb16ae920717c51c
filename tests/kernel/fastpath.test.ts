// The Call/ReplyRecv fastpath (src/kernel/api/fastpath.ts) against the slowpath:
// the same programs run with the fastpath on and off must print the same, end in
// the same kernel state (every thread's state, registers, FaultIP, blocking record
// and caps, the CPU, the endpoint queues) and record the same event stream, record
// for record. Each program also says how often the fastpath must have been taken.
import { describe, expect, it } from 'vitest';
import { ipcProgram } from '../../bench/sections/ipc.ts';
import { bootRootTask } from '../../src/kernel/boot.ts';
import { describeCap } from '../../src/kernel/core/cap.ts';
import type { Stamped } from '../../src/kernel/events.ts';
import type { Sel4Kernel } from '../../src/kernel/kernel.ts';
import { buildC } from '../../src/toolchain/ccdriver.ts';
import { formatDiagnostic } from '../../src/shared/diagnostic.ts';
import { buildConformance } from './conformance/programs.ts';
import { PRELUDE, runCollectingEvents } from './rootTaskRun.ts';

interface Outcome {
  stdout: string;
  status: number | null;
  events: Stamped[];
  state: unknown;
  fastpathTaken: number;
  entries: number;
}

/** Runs an ELF to the end (with the invariant checker after every kernel entry, if
 *  asked), draining every event. */
function run(elf: Uint8Array, fastpath: boolean, checkInvariants: boolean, budget = 400_000_000): Outcome {
  const out: number[] = [];
  const b = bootRootTask({ elf, output: (c) => out.push(c), checkInvariants });
  if (!b.ok) throw new Error(b.error);
  const { machine, kernel } = b.value;
  kernel.fastpath = fastpath;
  const events = runCollectingEvents(b.value, budget);
  return {
    stdout: Buffer.from(out).toString('utf8'),
    status: machine.halted?.exitCode ?? null,
    events,
    state: snapshot(kernel),
    fastpathTaken: kernel.fastpathTaken,
    entries: kernel.entries,
  };
}

/** Everything the kernel knows about threads and endpoints, plus the CPU. */
function snapshot(kernel: Sel4Kernel): unknown {
  const k = kernel.state, cpu = kernel.cpu;
  const threads = [...k.tcbs.values()].map((t) => ({
    name: t.name, state: t.state, priority: t.priority, faultIp: t.faultIp, current: t === k.current,
    regs: t === k.current ? null : t.regs && Array.from(t.regs),
    blocking: t.blocking, fault: t.fault, slots: t.slots.map((s) => describeCap(s.cap)), queued: k.scheduler.queued(t),
  }));
  const endpoints = [...k.endpoints.values()].map((e) => ({ paddr: e.paddr, queue: e.queue.map((t) => t.name) }));
  return { threads, endpoints, cpu: Array.from(cpu.r), ttbr0: cpu.ttbr0, asid: cpu.asid, outcome: kernel.outcome };
}

function build(text: string): Uint8Array {
  const r = buildC([{ name: 'root.c', text }], { target: 'sel4' });
  if (!r.ok || !r.elf) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.elf;
}

/** Runs both ways, checks they agree; returns the fastpath run. */
function compare(elf: Uint8Array, checkInvariants = true): Outcome {
  const fast = run(elf, true, checkInvariants);
  const slow = run(elf, false, checkInvariants);
  expect(slow.fastpathTaken).toBe(0);
  expect(fast.stdout).toBe(slow.stdout);
  expect(fast.status).toBe(slow.status);
  expect(fast.entries).toBe(slow.entries);
  expect(fast.events.length).toBe(slow.events.length);
  for (let i = 0; i < slow.events.length; i++) expect(fast.events[i], `event ${i}`).toEqual(slow.events[i]);
  expect(fast.state).toEqual(slow.state);
  return fast;
}

/** Threads at several priorities, badges, long messages, caps, a bound notification
 *  signalled before a reply, a queued peer at the server's priority, a fault handler
 *  replying with ReplyRecv: each a case where the fastpath must hand over to the slowpath. */
const MIXED = PRELUDE + `
#define R seL4_CapInitThreadCNode
#define D seL4_WordBits
static seL4_Word freeSlot, ut;
static seL4_Word slot(void) { return freeSlot++; }
static char stacks[6][4096] __attribute__((aligned(16)));
static seL4_Word EP, EP2, EP4, FEP, RECV, NTFN, FAULTER;
static volatile seL4_Word spins, sig, faulterDone, faults;

static seL4_Word retype(int type) { seL4_Word s = slot(); seL4_Untyped_Retype(ut, type, 0, R, 0, 0, s, 1); return s; }
static seL4_Word thread(void (*fn)(void), int n, int prio, seL4_Word bufOffset, seL4_Word faultEp) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  seL4_Word t = retype(seL4_TCBObject);
  seL4_TCB_Configure(t, faultEp, R, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)bi->ipcBuffer + bufOffset, seL4_CapInitThreadIPCBuffer);
  seL4_TCB_SetPriority(t, seL4_CapInitThreadTCB, prio);
  seL4_UserContext ctx = {0};
  ctx.pc = (seL4_Word)fn; ctx.sp = ((seL4_Word)(stacks[n] + 4096)) & ~(seL4_Word)15;
  seL4_TCB_WriteRegisters(t, 1, 0, 2, &ctx);
  return t;
}

/* Replies with MR0 = weighted sum + badge, MR1 = 10 * caps + unwrapped, length 2 + label % 5. */
static void server(void) {
  seL4_Word badge;
  seL4_SetCapReceivePath(R, RECV, D);
  seL4_MessageInfo_t info = seL4_Recv(EP, &badge);
  for (;;) {
    seL4_Word n = seL4_MessageInfo_get_length(info), sum = badge, caps = seL4_MessageInfo_get_extraCaps(info);
    for (seL4_Word i = 0; i < n; i++) sum += seL4_GetMR((int)i) * (i + 1);
    seL4_Word label = seL4_MessageInfo_get_label(info);
    if (caps && !seL4_MessageInfo_get_capsUnwrapped(info)) seL4_CNode_Delete(R, RECV, D);
    for (int i = 0; i < 6; i++) seL4_SetMR(i, sum + (seL4_Word)i);
    seL4_SetMR(1, 10 * caps + seL4_MessageInfo_get_capsUnwrapped(info));
    seL4_SetCapReceivePath(R, RECV, D);
    info = seL4_ReplyRecv(EP, seL4_MessageInfo_new(label + 1, 0, 0, 2 + label % 5), &badge);
  }
}
/* A higher-priority server on EP2; it signals its own bound notification once, before replying to label 5. */
static volatile int signalled;
static void server2(void) {
  seL4_Word badge;
  seL4_MessageInfo_t info = seL4_Recv(EP2, &badge);
  for (;;) {
    seL4_Word label = seL4_MessageInfo_get_label(info);
    if (label == 5 && !signalled) { signalled = 1; seL4_Signal(NTFN); }
    sig += badge;
    seL4_SetMR(0, label * 3);
    info = seL4_ReplyRecv(EP2, seL4_MessageInfo_new(label, 0, 0, 1), &badge);
  }
}
static void spinner(void) {
  for (int i = 0; i < 6; i++) { spins++; seL4_Yield(); }
  seL4_Word b;
  for (;;) seL4_Recv(EP4, &b);
}
/* Calls a CPtr whose guard does not match: a CapFault; the handler writes EP into the
   faulter's x0 and replies, so the restarted Call goes to the server. */
static void faulter(void) {
  seL4_SetMR(0, 40);
  seL4_MessageInfo_t r = seL4_Call(0xdead0000000000ul, seL4_MessageInfo_new(2, 0, 0, 1));
  faulterDone = seL4_GetMR(0) + 1000 * seL4_MessageInfo_get_label(r);
  seL4_Word b;
  for (;;) seL4_Recv(EP4, &b);
}
static void handler(void) {
  seL4_Word badge;
  seL4_MessageInfo_t info = seL4_Recv(FEP, &badge);
  for (;;) {
    faults++;
    seL4_UserContext ctx;
    seL4_TCB_ReadRegisters(FAULTER, 0, 0, 4, &ctx);
    ctx.x0 = EP;
    seL4_TCB_WriteRegisters(FAULTER, 0, 0, 4, &ctx);
    info = seL4_ReplyRecv(FEP, seL4_MessageInfo_new(0, 0, 0, 0), &badge);
  }
}

int main(void) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  freeSlot = bi->empty.start;
  for (seL4_Word i = bi->untyped.start; i < bi->untyped.end; i++)
    if (!bi->untypedList[i - bi->untyped.start].isDevice && bi->untypedList[i - bi->untyped.start].sizeBits >= 20) { ut = i; break; }
  seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100);
  EP = retype(seL4_EndpointObject); EP2 = retype(seL4_EndpointObject); EP4 = retype(seL4_EndpointObject);
  FEP = retype(seL4_EndpointObject); NTFN = retype(seL4_NotificationObject);
  RECV = slot();
  thread(server, 0, 100, 1024, 0);
  seL4_Word t2 = thread(server2, 1, 150, 2048, 0);
  seL4_TCB_BindNotification(t2, NTFN);

  seL4_Word total = 0;
  for (seL4_Word i = 0; i < 12; i++) {
    for (seL4_Word j = 0; j < 6; j++) seL4_SetMR((int)j, i + j);
    seL4_MessageInfo_t r = seL4_Call(EP, seL4_MessageInfo_new(i, 0, 0, i % 7));
    total += seL4_GetMR(0) + seL4_MessageInfo_get_length(r) + seL4_MessageInfo_get_label(r);
  }
  printf("same priority: %lu\\n", (unsigned long)total);
  seL4_Word badged = slot(), grantReply = slot();
  seL4_CNode_Mint(R, badged, D, R, EP, D, seL4_AllRights, 9);
  seL4_CNode_Mint(R, grantReply, D, R, EP, D, seL4_CapRights_new(1, 0, 1, 1), 0);
  seL4_SetMR(0, 5);
  seL4_MessageInfo_t r = seL4_Call(badged, seL4_MessageInfo_new(3, 0, 0, 1));
  printf("badged: %lu %lu\\n", (unsigned long)seL4_GetMR(0), (unsigned long)seL4_MessageInfo_get_label(r));
  r = seL4_Call(grantReply, seL4_MessageInfo_new(4, 0, 0, 1));
  printf("grant-reply only: %lu\\n", (unsigned long)seL4_GetMR(0));
  seL4_SetCap(0, EP2);
  r = seL4_Call(EP, seL4_MessageInfo_new(1, 0, 1, 0));
  printf("cap sent: %lu\\n", (unsigned long)seL4_GetMR(1));
  seL4_SetCap(0, badged);
  r = seL4_Call(EP, seL4_MessageInfo_new(1, 0, 1, 0));
  printf("cap unwrapped: %lu\\n", (unsigned long)seL4_GetMR(1));

  for (seL4_Word i = 1; i < 7; i++) {
    r = seL4_Call(EP2, seL4_MessageInfo_new(i, 0, 0, 0));
    total += seL4_GetMR(0);
  }
  printf("higher priority, bound notification: %lu %lu\\n", (unsigned long)total, (unsigned long)sig);

  thread(spinner, 2, 100, 3072, 0);
  for (seL4_Word i = 0; i < 6; i++) { r = seL4_Call(EP, seL4_MessageInfo_new(2, 0, 0, 2)); total += seL4_GetMR(0); }
  printf("with a peer at the same priority: %lu spins %lu\\n", (unsigned long)total, (unsigned long)spins);

  seL4_Word fep = slot();
  seL4_CNode_Copy(R, fep, D, R, FEP, D, seL4_AllRights);
  /* The IPC buffer frame has four 1 KiB buffers: the spinner is blocked for good, so the
     handler takes its buffer; the faulter borrows the root's (which only yields meanwhile). */
  thread(handler, 3, 120, 3072, 0);
  FAULTER = thread(faulter, 4, 100, 0, fep);
  while (!faulterDone) seL4_Yield();
  printf("fault handled: %lu faults %lu\\n", (unsigned long)faulterDone, (unsigned long)faults);
  return 0;
}
`;

describe('fastpath and slowpath agree', () => {
  it('the IPC benchmark program (0 and 4 MRs) takes the fastpath for every round trip', () => {
    for (const mrs of [0, 4]) {
      const fast = compare(build(ipcProgram(mrs, 200)));
      expect(fast.stdout).toContain('done 200 200 0');
      expect(fast.status).toBe(0);
      expect(fast.fastpathTaken).toBeGreaterThanOrEqual(2 * 200 - 1);
      const sent = fast.events.map((s) => s.event).filter((e) => e.kind === 'ipc');
      expect(sent.length).toBeGreaterThan(0);
      for (const m of sent) expect(m.mrs).toHaveLength(mrs);
    }
  });

  it('priorities, badges, long messages, caps, bound notifications, faults: fast where allowed, slow elsewhere', () => {
    const fast = compare(build(MIXED));
    expect(fast.stdout).toContain('fault handled: 3040 faults 1');
    expect(fast.status).toBe(0);
    expect(fast.fastpathTaken).toBeGreaterThan(10);
    // The compared streams hold every kind of block record and ipc records with their endpoint and words.
    const evs = fast.events.map((s) => s.event);
    const blocks = evs.filter((e) => e.kind === 'block');
    expect([...new Set(blocks.map((e) => e.state))].sort()).toEqual(['BlockedOnReceive', 'BlockedOnReply', 'BlockedOnSend']);
    for (const b of blocks) {
      expect(b.on).toMatch(b.state === 'BlockedOnReply' ? /^reply$/ : b.state === 'BlockedOnNotification' ? /^notification@0x[0-9a-f]+$/ : /^endpoint@0x[0-9a-f]+$/);
    }
    const ipcs = evs.filter((e) => e.kind === 'ipc');
    for (const m of ipcs) {
      expect(m.mrs).toHaveLength(Math.min(m.length, 4));
      if (m.ep !== null) expect(m.ep).toMatch(/^endpoint@0x[0-9a-f]+$/);
    }
    expect(ipcs.some((m) => m.ep === null)).toBe(true);
    expect(ipcs.some((m) => m.fault && m.ep !== null && m.mrs.length > 0)).toBe(true);
  });

  /** The conformance programs and how many fastpath entries each makes at least (in
   *  fault.c and sched.c every Call/ReplyRecv misses a condition: a fault, a peer, a priority). */
  const conformance: Record<string, number> = { ipc: 10, notification: 1, fault: 0, sched: 0 };
  for (const [name, atLeast] of Object.entries(conformance)) {
    it(`conformance ${name}.c (fastpath taken at least ${atLeast} times)`, () => {
      const built = buildConformance(name);
      if (!built.ok || !built.elf) throw new Error(built.diagnostics.map(formatDiagnostic).join('\n'));
      // Without the invariant checker (too slow for these long programs); they compare all the same.
      const fast = compare(built.elf, false);
      expect(fast.stdout).toMatch(/conformance: \d+ passed, 0 failed/);
      expect(fast.fastpathTaken).toBeGreaterThanOrEqual(atLeast);
      if (name === 'notification') {
        const waits = fast.events.map((s) => s.event).filter((e) => e.kind === 'block' && e.state === 'BlockedOnNotification');
        expect(waits.length).toBeGreaterThan(0);
        for (const w of waits) expect(w).toMatchObject({ on: expect.stringMatching(/^notification@0x[0-9a-f]+$/) });
      }
    });
  }
});

// The kernel's event records on their way to the page: a root task that creates an
// endpoint and a second thread and talks to it produces entry, invocation, ipc,
// schedule and error records, which leave the in-process host as kernelEvents
// (packed, one per batch at most) and decode back to the kernel's own records; the
// records lost when the kernel's ring or the host's queue overflow are counted.

import { afterEach, describe, expect, it } from 'vitest';
import { decodeKernelEvents, PROTOCOL_VERSION, type KernelEvent, type KernelRecord, type LabEvent } from '../../src/shared/protocol.ts';
import { createInProcessTransport } from '../../src/worker/inProcess.ts';
import { MAX_QUEUED_RECORDS } from '../../src/worker/kernelEvents.ts';
import { createMachineTarget } from '../../src/worker/machineTarget.ts';
import { LabDriver } from './labDriver.ts';

const IPC_PROGRAM = `#include <sel4/sel4.h>
#include <stdio.h>
#define R seL4_CapInitThreadCNode
static seL4_Word EP;
static char stack[4096] __attribute__((aligned(16)));

static void server(void) {
  seL4_Word badge;
  seL4_MessageInfo_t info = seL4_Recv(EP, &badge);
  seL4_SetMR(0, seL4_GetMR(0) + 1);
  seL4_Reply(seL4_MessageInfo_new(seL4_MessageInfo_get_label(info) + 1, 0, 0, 1));
  for (;;) seL4_Recv(EP, &badge);
}

int main(void) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  seL4_Word slot = bi->empty.start, ut = 0;
  for (seL4_Word i = bi->untyped.start; i < bi->untyped.end; i++) {
    seL4_UntypedDesc *u = &bi->untypedList[i - bi->untyped.start];
    if (!u->isDevice && u->sizeBits >= 16) { ut = i; break; }
  }
  EP = slot++;
  seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, R, 0, 0, EP, 1);
  seL4_Word tcb = slot++;
  seL4_Untyped_Retype(ut, seL4_TCBObject, 0, R, 0, 0, tcb, 1);
  seL4_TCB_Configure(tcb, 0, R, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)bi->ipcBuffer + 1024, seL4_CapInitThreadIPCBuffer);
  seL4_DebugNameThread(tcb, "server");
  seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100);
  seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 150);
  seL4_UserContext ctx = {0};
  ctx.pc = (seL4_Word)server;
  ctx.sp = (seL4_Word)(stack + sizeof stack) & ~(seL4_Word)15;
  seL4_TCB_WriteRegisters(tcb, 1, 0, 2, &ctx);
  seL4_SetMR(0, 41);
  seL4_MessageInfo_t r = seL4_Call(EP, seL4_MessageInfo_new(7, 0, 0, 1));
  printf("reply %d %d\\n", (int)seL4_MessageInfo_get_label(r), (int)seL4_GetMR(0));
  seL4_Error e = seL4_CNode_Copy(R, slot, seL4_WordBits, R, slot + 1, seL4_WordBits, seL4_AllRights);
  printf("copy %d\\n", (int)e);
  return 0;
}
`;

/** Yield forever: one kernel entry every three instructions, no output. */
const YIELD_LOOP = `        .global _start
        .text
_start:
        mov     x7, #-7             // seL4_Yield
loop:
        svc     #0
        b       loop
`;

let lab: LabDriver;
afterEach(() => lab?.close());

/** `checkInvariants`: the kernel checks its invariants after every entry (slow). */
function open(checkInvariants = true): LabDriver {
  lab = new LabDriver(createInProcessTransport(createMachineTarget({ checkInvariants }), { sliceMs: 8 }));
  lab.send({ type: 'hello', version: PROTOCOL_VERSION });
  return lab;
}

type Packed = Extract<LabEvent, { type: 'kernelEvents' }>;
const packedOf = (d: LabDriver): Packed[] => d.events.filter((e): e is Packed => e.type === 'kernelEvents');
const recordsOf = (d: LabDriver): KernelRecord[] => packedOf(d).flatMap(decodeKernelEvents);
const kinds = <K extends KernelEvent['kind']>(rs: KernelRecord[], kind: K) =>
  rs.map((r) => r.event).filter((e): e is Extract<KernelEvent, { kind: K }> => e.kind === kind);

describe('kernel events through the host', () => {
  it('carries entry, invocation, ipc, schedule and error records of an IPC round trip', async () => {
    open();
    const b = await lab.request({ type: 'build', files: [{ name: 'main.c', text: IPC_PROGRAM }] }, 'buildResult', undefined, 30_000);
    expect(b.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const end = await lab.request({ type: 'run' }, 'stopped', (e) => e.reason.kind === 'halted', 20_000);
    expect(lab.output).toBe('reply 8 42\ncopy 6\n');
    expect(end.reason).toMatchObject({ kind: 'halted', exitCode: 0 });

    for (const batch of lab.batches) expect(batch.events.filter((e) => e.type === 'kernelEvents').length).toBeLessThanOrEqual(1);
    const rs = recordsOf(lab);
    expect(packedOf(lab).reduce((n, p) => n + p.dropped, 0)).toBe(0);
    expect(rs.map((r) => r.seq)).toEqual(rs.map((_, i) => i));
    for (let i = 1; i < rs.length; i++) expect(rs[i].time).toBeGreaterThanOrEqual(rs[i - 1].time);

    const entries = kinds(rs, 'entry');
    expect(entries[0]).toMatchObject({ syscall: 'Call', thread: 'rootserver' });
    expect(typeof entries[0].pc).toBe('bigint');
    expect(entries.filter((e) => e.thread === 'server').map((e) => e.syscall)).toEqual(['Recv', 'Reply', 'Recv']);
    expect(entries.filter((e) => e.syscall === 'DebugPutChar')).toHaveLength('reply 8 42\ncopy 6\n'.length);
    expect(entries.at(-1)).toMatchObject({ syscall: 'DebugHalt', thread: 'rootserver' });

    const retypes = kinds(rs, 'invocation').filter((e) => e.label === 'UntypedRetype');
    expect(retypes).toHaveLength(2);
    expect(retypes[0].thread).toBe('rootserver');
    expect(Object.keys(retypes[0].args).length).toBeGreaterThan(0);
    expect(kinds(rs, 'invocation').map((e) => e.label)).toEqual(expect.arrayContaining(['TCBConfigure', 'TCBSetPriority', 'TCBWriteRegisters']));

    expect(kinds(rs, 'ipc')).toEqual([
      { kind: 'ipc', from: 'rootserver', to: 'server', ep: expect.stringMatching(/^endpoint@0x[0-9a-f]+$/), label: 7n, length: 1, caps: 0, badge: 0n, fault: false, mrs: [41n] },
      { kind: 'ipc', from: 'server', to: 'rootserver', ep: null, label: 8n, length: 1, caps: 0, badge: 0n, fault: false, mrs: [42n] },
    ]);
    expect(kinds(rs, 'schedule').map((e) => e.thread)).toEqual(expect.arrayContaining(['server', 'rootserver']));
    const errors = kinds(rs, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ thread: 'rootserver', label: 'CNodeCopy', error: 'FailedLookup' });
    expect(errors[0].reason.length).toBeGreaterThan(0);
    expect(errors[0].mrs.every((m) => typeof m === 'bigint')).toBe(true);
  }, 60_000);

  it('names the thread on the CPU in registers and memory reads', async () => {
    open();
    await lab.request({ type: 'build', files: [{ name: 'main.c', text: IPC_PROGRAM }] }, 'buildResult', undefined, 30_000);
    const b = lab.events.find((e) => e.type === 'buildResult')!;
    const server = b.type === 'buildResult' ? b.symbols.find((s) => s.name === 'server')!.addr : 0n;
    const bp = await lab.request({ type: 'setBreakpoints', addresses: [server], lines: [] }, 'breakpoints');
    expect(bp.addresses).toEqual([server]);
    const hit = await lab.request({ type: 'run' }, 'stopped', undefined, 20_000);
    expect(hit.reason).toEqual({ kind: 'breakpoint', pc: server });
    expect(hit.registers.thread).toBe('server');
    const m = await lab.request({ type: 'readMemory', address: server, length: 4 }, 'memory');
    expect(m.thread).toBe('server');
    expect(m.error).toBeUndefined();
    expect(hit.disassembly.find((d) => d.addr === server)?.symbol).toBe('server');
  }, 60_000);

  it('counts the records the host drops when one step request produces too many', async () => {
    open(false);
    await lab.request({ type: 'build', files: [{ name: 'yield.s', text: YIELD_LOOP }] }, 'buildResult');
    const steps = 3 * MAX_QUEUED_RECORDS + 1000;
    const s = await lab.request({ type: 'step', count: steps }, 'stopped');
    expect(s.instret).toBe(steps);
    const [p] = packedOf(lab);
    expect(packedOf(lab)).toHaveLength(1);
    const rs = decodeKernelEvents(p);
    const produced = Math.ceil((steps - 1) / 2); // mov, then svc/b pairs: one entry per svc
    expect(p.count).toBe(MAX_QUEUED_RECORDS);
    expect(p.dropped + p.count).toBe(produced);
    // The newest records are kept: sequence numbers run on from the dropped ones.
    expect(rs[0].seq).toBe(p.dropped);
    expect(rs.at(-1)!.seq).toBe(produced - 1);
    expect(rs.every((r) => r.event.kind === 'entry' && r.event.syscall === 'Yield')).toBe(true);
  });
});

describe('kernel events from the target', () => {
  it('counts the records the kernel ring drops between two takes', () => {
    const t = createMachineTarget();
    expect(t.build([{ name: 'yield.s', text: YIELD_LOOP }]).ok).toBe(true);
    expect(t.takeKernelEvents()).toBeNull();
    expect(t.run(30_001).kind).toBe('budget');
    const got = t.takeKernelEvents()!;
    const produced = 15_000;
    expect(got.records).toHaveLength(4096); // the kernel's ring
    expect(got.dropped).toBe(produced - 4096);
    expect(got.records[0].seq).toBe(got.dropped);
    expect(t.takeKernelEvents()).toBeNull();
    t.run(2);
    expect(t.takeKernelEvents()).toMatchObject({ dropped: 0, records: [{ seq: produced }] });
  });
});

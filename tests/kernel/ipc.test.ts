// IPC on the CapLab seL4 kernel: endpoints (Call/ReplyRecv, badges, long
// messages, cap transfer and unwrapping, FIFO order, SaveCaller), notifications
// (Signal/Wait/Poll, bound notifications) and faults delivered to a fault
// endpoint with seL4's message layouts (reference/sel4.md 2.11, 2.12; sel4test IPC*, FAULT*).
import { describe, expect, it } from 'vitest';
import { runRootTask } from './rootTaskRun.ts';

const program = `
#define R seL4_CapInitThreadCNode
#define D seL4_WordBits
static seL4_Word freeSlot, ut;
static seL4_Word slot(void) { return freeSlot++; }
static seL4_Word EP, EP2, EP3, FEP, RECV;
static volatile seL4_Word tcbC1, tcbC2, flagF, c3reply;
static char stacks[8][4096] __attribute__((aligned(16)));

static seL4_Word retype(int type) { seL4_Word s = slot(); seL4_Untyped_Retype(ut, type, 0, R, 0, 0, s, 1); return s; }
static seL4_Word thread(void (*fn)(void), int n, int prio, seL4_Word bufOffset, seL4_Word faultEp) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  seL4_Word t = retype(seL4_TCBObject);
  seL4_TCB_Configure(t, faultEp, R, 0, seL4_CapInitThreadVSpace, 0, bufOffset ? (seL4_Word)bi->ipcBuffer + bufOffset : 0, bufOffset ? seL4_CapInitThreadIPCBuffer : 0);
  seL4_TCB_SetPriority(t, seL4_CapInitThreadTCB, prio);
  seL4_UserContext ctx = {0};
  ctx.pc = (seL4_Word)fn; ctx.sp = ((seL4_Word)(stacks[n] + 4096)) & ~(seL4_Word)15;
  seL4_TCB_WriteRegisters(t, 1, 0, 2, &ctx);
  return t;
}

static void server(void) {
  seL4_Word badge;
  seL4_SetCapReceivePath(R, RECV, D);
  seL4_MessageInfo_t info = seL4_Recv(EP, &badge);
  for (;;) {
    seL4_Word n = seL4_MessageInfo_get_length(info), sum = 0;
    for (seL4_Word i = 0; i < n; i++) sum += seL4_GetMR((int)i);
    seL4_Word label = seL4_MessageInfo_get_label(info);
    seL4_Word caps = seL4_MessageInfo_get_extraCaps(info), unwrapped = seL4_MessageInfo_get_capsUnwrapped(info);
    seL4_Word b0 = seL4_GetBadge(0);
    seL4_SetMR(0, sum); seL4_SetMR(1, badge); seL4_SetMR(2, n); seL4_SetMR(3, caps); seL4_SetMR(4, unwrapped); seL4_SetMR(5, b0);
    seL4_SetCapReceivePath(R, RECV, D);
    info = seL4_ReplyRecv(EP, seL4_MessageInfo_new(label + 1, 0, 0, 6), &badge);
  }
}
static void client1(void) { seL4_SetMR(0, 11); seL4_Send(EP3, seL4_MessageInfo_new(1, 0, 0, 1)); seL4_TCB_Suspend(tcbC1); }
static void client2(void) { seL4_SetMR(0, 22); seL4_Send(EP3, seL4_MessageInfo_new(2, 0, 0, 1)); seL4_TCB_Suspend(tcbC2); }
static void client3(void) {
  seL4_SetMR(0, 5);
  seL4_MessageInfo_t r = seL4_Call(EP3, seL4_MessageInfo_new(3, 0, 0, 1));
  c3reply = seL4_GetMR(0) + 100 * seL4_MessageInfo_get_label(r);
  seL4_Word b;
  for (;;) seL4_Recv(EP2, &b);
}
/* Block for good without an IPC buffer: a raw seL4_Recv on an endpoint nobody sends to. */
static void blockForever(void) {
  for (;;) {
    register seL4_Word x0 __asm__("x0") = EP2;
    register seL4_Word x7 __asm__("x7") = (seL4_Word)seL4_SysRecv;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x7) : "x1", "x2", "x3", "x4", "x5", "memory");
  }
}
static volatile seL4_Word sendsDone, cancelCap;
static void badgedSender(void) { seL4_SetMR(0, 77); seL4_Send(cancelCap, seL4_MessageInfo_new(5, 0, 0, 1)); sendsDone++; seL4_Word b; for (;;) seL4_Recv(EP2, &b); }
static void unknownSyscaller(void) {
  register seL4_Word x0 __asm__("x0") = 0x1234;
  register seL4_Word x7 __asm__("x7") = (seL4_Word)-99;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x7) : "memory");
  flagF = x0;
  blockForever();
}
static void badReader(void) { volatile seL4_Word *p = (seL4_Word *)0x10; flagF = *p; blockForever(); }
static void badCaller(void) {
  register seL4_Word x0 __asm__("x0") = 0xdead0000000000ul;
  register seL4_Word x1 __asm__("x1") = 0;
  register seL4_Word x7 __asm__("x7") = (seL4_Word)seL4_SysCall;
  __asm__ volatile("svc #0" : "+r"(x0), "+r"(x1) : "r"(x7) : "memory");
  blockForever();
}

int main(void) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  freeSlot = bi->empty.start;
  for (seL4_Word i = bi->untyped.start; i < bi->untyped.end; i++)
    if (!bi->untypedList[i - bi->untyped.start].isDevice && bi->untypedList[i - bi->untyped.start].sizeBits >= 20) { ut = i; break; }
  seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100);
  EP = retype(seL4_EndpointObject); EP2 = retype(seL4_EndpointObject); EP3 = retype(seL4_EndpointObject);
  RECV = slot();
  thread(server, 0, 150, 1024, 0);

  seL4_SetMR(0, 3); seL4_SetMR(1, 4);
  seL4_MessageInfo_t r = seL4_Call(EP, seL4_MessageInfo_new(20, 0, 0, 2));
  CHECK("IPC0001 Call gets the server's reply: label, MRs, badge 0 of an unbadged cap",
        seL4_MessageInfo_get_label(r) == 21 && seL4_MessageInfo_get_length(r) == 6 && seL4_GetMR(0) == 7 && seL4_GetMR(1) == 0 && seL4_GetMR(2) == 2);
  for (int i = 0; i < 120; i++) seL4_SetMR(i, i + 1);
  r = seL4_Call(EP, seL4_MessageInfo_new(1, 0, 0, 10));
  CHECK("IPC0002 MRs beyond the four registers travel in the IPC buffers", seL4_GetMR(0) == 55 && seL4_GetMR(2) == 10);
  for (int i = 0; i < 120; i++) seL4_SetMR(i, i + 1);
  r = seL4_Call(EP, seL4_MessageInfo_new(1, 0, 0, 125));
  CHECK("IPC0003 a length above 120 is clamped to 120", seL4_GetMR(0) == 7260 && seL4_GetMR(2) == 120);
  seL4_Word badged = slot();
  seL4_CNode_Mint(R, badged, D, R, EP, D, seL4_AllRights, 7);
  r = seL4_Call(badged, seL4_MessageInfo_new(1, 0, 0, 0));
  CHECK("IPC0004 the receiver sees the badge of the sender's cap", seL4_GetMR(1) == 7 && seL4_GetMR(2) == 0);

  seL4_Word toSend = slot();
  seL4_CNode_Copy(R, toSend, D, R, EP2, D, seL4_AllRights);
  seL4_SetCap(0, toSend);
  r = seL4_Call(EP, seL4_MessageInfo_new(1, 0, 1, 0));
  CHECK("IPC0005 a cap sent with Grant lands in the receiver's receive slot",
        seL4_GetMR(3) == 1 && seL4_GetMR(4) == 0 && seL4_CNode_Copy(R, slot(), D, R, RECV, D, seL4_AllRights) == seL4_NoError);
  seL4_CNode_Delete(R, RECV, D);
  seL4_SetCap(0, badged);
  r = seL4_Call(EP, seL4_MessageInfo_new(1, 0, 1, 0));
  CHECK("IPC0006 a cap to the same endpoint is unwrapped to its badge", seL4_GetMR(3) == 1 && seL4_GetMR(4) == 1 && seL4_GetMR(5) == 7);
  seL4_Word noGrant = slot();
  seL4_CNode_Mint(R, noGrant, D, R, EP, D, seL4_CapRights_new(1, 0, 0, 1), 0);
  seL4_SetCap(0, toSend);
  seL4_SetMR(0, 9);
  r = seL4_Call(noGrant, seL4_MessageInfo_new(1, 0, 1, 1));
  CHECK("IPC0007 without Grant the caps are dropped but the data arrives (GrantReply suffices for Call)",
        seL4_GetMR(0) == 9 && seL4_GetMR(3) == 0 && seL4_CNode_Copy(R, slot(), D, R, RECV, D, seL4_AllRights) == seL4_FailedLookup);
  seL4_Word readOnly = slot();
  seL4_CNode_Copy(R, readOnly, D, R, EP, D, seL4_CanRead);
  r = seL4_Call(readOnly, seL4_MessageInfo_new(1, 0, 0, 0));
  CHECK("IPC0008 Call on an endpoint cap without Write is InvalidCapability", seL4_MessageInfo_get_label(r) == seL4_InvalidCapability);

  seL4_Word badge = 55;
  seL4_NBSend(EP2, seL4_MessageInfo_new(1, 0, 0, 0));
  seL4_NBRecv(EP2, &badge);
  CHECK("IPC0009 NBSend with no receiver is dropped; NBRecv with no sender returns badge 0", badge == 0);

  tcbC1 = thread(client1, 1, 150, 2048, 0);
  tcbC2 = thread(client2, 2, 150, 3072, 0);
  seL4_Word c1 = slot(), c2 = slot();
  r = seL4_Recv(EP3, &badge);
  seL4_Word first = seL4_GetMR(0), l1 = seL4_MessageInfo_get_label(r);
  r = seL4_Recv(EP3, &badge);
  CHECK("IPC0010 endpoint queues are FIFO: the first blocked sender is received first",
        first == 11 && l1 == 1 && seL4_GetMR(0) == 22 && seL4_MessageInfo_get_label(r) == 2);
  (void)c1; (void)c2;
  thread(client3, 3, 150, 2048, 0);
  r = seL4_Recv(EP3, &badge);
  seL4_Word got = seL4_GetMR(0);
  seL4_Word saved = slot();
  int e = seL4_CNode_SaveCaller(R, saved, D);
  seL4_SetMR(0, got + 1);
  seL4_Send(saved, seL4_MessageInfo_new(4, 0, 0, 1));
  seL4_Yield();
  CHECK("IPC0011 SaveCaller keeps the reply cap; Send on it replies", e == seL4_NoError && c3reply == 406);
  CHECK("IPC0012 the reply cap is used up", seL4_CNode_Copy(R, slot(), D, R, saved, D, seL4_AllRights) == seL4_FailedLookup);

  seL4_Word N = retype(seL4_NotificationObject), n1 = slot(), n2 = slot();
  seL4_CNode_Mint(R, n1, D, R, N, D, seL4_AllRights, 1);
  seL4_CNode_Mint(R, n2, D, R, N, D, seL4_AllRights, 2);
  seL4_Signal(n1); seL4_Signal(n2);
  seL4_Wait(N, &badge);
  CHECK("NTFN0001 signals accumulate: Wait returns the OR of the badges", badge == 3);
  seL4_Poll(N, &badge);
  CHECK("NTFN0002 Poll with nothing pending returns badge 0", badge == 0);
  seL4_TCB_BindNotification(seL4_CapInitThreadTCB, N);
  seL4_Signal(n2);
  seL4_Recv(EP2, &badge);
  CHECK("NTFN0003 a pending signal of the bound notification ends Recv on an endpoint", badge == 2);
  seL4_TCB_UnbindNotification(seL4_CapInitThreadTCB);

  FEP = retype(seL4_EndpointObject);
  seL4_Word fepBadged = slot();
  seL4_CNode_Mint(R, fepBadged, D, R, FEP, D, seL4_AllRights, 99);
  thread(unknownSyscaller, 4, 50, 0, fepBadged);
  r = seL4_Recv(FEP, &badge);
  CHECK("FAULT0010 UnknownSyscall arrives on the fault endpoint: label 2, 13 MRs, badge, x0 and the number",
        seL4_MessageInfo_get_label(r) == seL4_Fault_UnknownSyscall && seL4_MessageInfo_get_length(r) == 13 && badge == 99
        && seL4_GetMR(0) == 0x1234 && seL4_GetMR(12) == (seL4_Word)-99 && seL4_GetMR(10) == seL4_GetMR(8) + 4);
  seL4_Word words[12];
  for (int i = 0; i < 12; i++) words[i] = seL4_GetMR(i);
  for (int i = 0; i < 12; i++) seL4_SetMR(i, words[i]);
  seL4_SetMR(0, 0x4242);
  seL4_SetMR(8, words[8] + 4);
  seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 12));
  seL4_Yield();
  seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 40);
  seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100);
  CHECK("FAULT0011 a reply with label 0 writes the registers back and restarts at the new pc", flagF == 0x4242);

  thread(badReader, 5, 50, 0, fepBadged);
  r = seL4_Recv(FEP, &badge);
  CHECK("FAULT0012 a data abort arrives as VMFault: label 5, 4 MRs, address, not a prefetch",
        seL4_MessageInfo_get_label(r) == seL4_Fault_VMFault && seL4_MessageInfo_get_length(r) == 4 && seL4_GetMR(1) == 0x10 && seL4_GetMR(2) == 0);
  thread(badCaller, 6, 50, 0, fepBadged);
  r = seL4_Recv(FEP, &badge);
  CHECK("FAULT0013 a Call on an invalid CPtr arrives as CapFault with the lookup failure",
        seL4_MessageInfo_get_label(r) == seL4_Fault_CapFault && seL4_GetMR(1) == 0xdead0000000000ul && seL4_GetMR(2) == 0
        && seL4_GetMR(3) == seL4_GuardMismatch && seL4_GetMR(4) == 64);
  seL4_Word bs = slot();
  seL4_CNode_Mint(R, bs, D, R, EP3, D, seL4_AllRights, 0x33);
  cancelCap = bs;
  thread(badgedSender, 7, 150, 3072, 0);
  e = seL4_CNode_CancelBadgedSends(R, bs, D);
  seL4_Word before = sendsDone;
  r = seL4_Recv(EP3, &badge);
  CHECK("IPC0014 CancelBadgedSends restarts the blocked Send: it is sent again, not skipped",
        e == seL4_NoError && before == 0 && badge == 0x33 && seL4_GetMR(0) == 77);
  printf("ipc done\\n");
  return 0;
}
`;

describe('IPC, notifications and fault delivery (C root task)', () => {
  const r = runRootTask(program);
  const names = [...program.matchAll(/CHECK\("([^"]+)"/g)].map((m) => m[1]);

  it.each(names)('%s', (name) => {
    expect(r.lines).toContain(`ok ${name}`);
  });

  it('IPC0013 the run ends normally with every check printed', () => {
    expect(r.stdout).toContain('ipc done\n');
    expect(r.status).toBe(0);
  });

  it('IPC0015 IPC transfers are recorded as ipc events with label, length, caps and badge', () => {
    const ipc = r.booted.kernel.state.events.peek().map((e) => e.event).filter((e) => e.kind === 'ipc');
    expect(ipc).toContainEqual(expect.objectContaining({ kind: 'ipc', label: 5n, length: 1, caps: 0, badge: 0x33n, fault: false, to: 'rootserver' }));
  });
});

// Conformance tests of the lab's syscall origin extension (not seL4; issue 7 part 1):
// seL4_TCB_SetSyscallRange (an svc from outside [start, end) raises UnknownSyscall
// whatever x7 holds) and seL4_TCB_PinSyscall (OpenBSD pinsyscalls style: one site per
// seL4 syscall, a mismatch kills), behind KernelState.config.syscallOrigin. C root tasks
// built by the lab's toolchain, plus a fast-check property of checkOrigin.
// Facts: reference/syscall-origin.md 1, 2, "Anchors" 1-2; src/kernel/api/origin.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhysMem } from '../../../src/emulator/memory/physmem.ts';
import { checkOrigin } from '../../../src/kernel/api/origin.ts';
import { newTcb, PIN_ANY_SITE } from '../../../src/kernel/object/tcb.ts';
import { KernelState } from '../../../src/kernel/state.ts';
import { SYS } from '../../../src/shared/abi/index.ts';
import type { KernelEventRecord } from '../../../src/shared/kernelView.ts';
import { checkNames, printed, runWithConfig, thread, WORLD, type ExtensionRun } from './originRun.ts';

const hex = (v: bigint) => `0x${v.toString(16)}`;
type OriginEvent = Extract<KernelEventRecord, { kind: 'origin' }>;
type ErrorEvent = Extract<KernelEventRecord, { kind: 'error' }>;
const originEvents = (r: ExtensionRun, name?: string): OriginEvent[] =>
  r.events.map((e) => e.event).filter((e): e is OriginEvent => e.kind === 'origin' && (name === undefined || e.thread === name));
const errorEvents = (r: ExtensionRun): ErrorEvent[] =>
  r.events.map((e) => e.event).filter((e): e is ErrorEvent => e.kind === 'error');

function expectChecks(r: ExtensionRun, program: string): void {
  const names = checkNames(program);
  expect(names.length).toBeGreaterThan(0);
  for (const n of names) expect(r.lines, `CHECK "${n}"\n${r.stdout}`).toContain(`ok ${n}`);
  expect(r.status).toBe(0);
}

// ---------------------------------------------------------------------------------------
// 1. The switch is off by default: both invocations are refused.

const configOff = `${WORLD}
int main(void) {
  world();
  seL4_Word t = newThread("idle", 100, 0, 0);
  int e = seL4_TCB_SetSyscallRange(t, 0x1000, 0x2000);
  CHECK("off-range SetSyscallRange is IllegalOperation with no MRs", e == seL4_IllegalOperation);
  e = seL4_TCB_PinSyscall(t, (seL4_Word)seL4_SysSend, (seL4_Word)-1);
  CHECK("off-pin PinSyscall is IllegalOperation", e == seL4_IllegalOperation);
  return 0;
}
`;

describe('config off (the default): the extension does not exist for programs', () => {
  const r = runWithConfig(configOff, {});

  it('refuses SetSyscallRange and PinSyscall with IllegalOperation', () => {
    expect(r.booted.kernel.state.config.syscallOrigin).toBe(false);
    expectChecks(r, configOff);
  });

  it('gives the reason: a lab extension switched off in the kernel config; nothing is set', () => {
    const errs = errorEvents(r).filter((e) => e.label === 'TCBSetSyscallRange' || e.label === 'TCBPinSyscall');
    expect(errs.map((e) => [e.label, e.error, e.mrs.length])).toEqual([
      ['TCBSetSyscallRange', 'IllegalOperation', 0], ['TCBPinSyscall', 'IllegalOperation', 0],
    ]);
    for (const e of errs) expect(e.reason).toMatch(/lab extension .*switched off in this kernel's config/);
    const t = thread(r, 'idle');
    expect(t.syscallWindow).toBeNull();
    expect(t.syscallPins).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------
// 2. Decode errors, with seL4's error codes and MRs.

const decodeErrors = `${WORLD}
int main(void) {
  world();
  seL4_Word t = newThread("target", 100, 0, 0);
  int e = seL4_TCB_SetSyscallRange(t, 0x1000, 0x2000);
  CHECK("range-ok SetSyscallRange(0x1000, 0x2000) succeeds", e == seL4_NoError);
  seL4_SetMR(0, 0x1000);
  seL4_MessageInfo_t r = seL4_Call(t, seL4_MessageInfo_new(TCBSetSyscallRange, 0, 0, 1));
  CHECK("range-truncated one message word is TruncatedMessage with no MRs",
        seL4_MessageInfo_get_label(r) == seL4_TruncatedMessage && seL4_MessageInfo_get_length(r) == 0);
  e = seL4_TCB_SetSyscallRange(t, 0x3000, 0x2ffc);
  CHECK("range-inverted start above end is InvalidArgument 1", e == seL4_InvalidArgument && seL4_GetMR(0) == 1);
  seL4_SetMR(0, (seL4_Word)seL4_SysSend);
  r = seL4_Call(t, seL4_MessageInfo_new(TCBPinSyscall, 0, 0, 1));
  CHECK("pin-truncated one message word is TruncatedMessage with no MRs",
        seL4_MessageInfo_get_label(r) == seL4_TruncatedMessage && seL4_MessageInfo_get_length(r) == 0);
  e = seL4_TCB_PinSyscall(t, 5, 0x1000);
  CHECK("pin-number-5 a positive number is InvalidArgument 0", e == seL4_InvalidArgument && seL4_GetMR(0) == 0);
  e = seL4_TCB_PinSyscall(t, (seL4_Word)-15, 0x1000);
  CHECK("pin-number--15 one past the last debug call is InvalidArgument 0", e == seL4_InvalidArgument && seL4_GetMR(0) == 0);
  e = seL4_TCB_PinSyscall(t, 0, 0x1000);
  CHECK("pin-number-0 zero is InvalidArgument 0", e == seL4_InvalidArgument && seL4_GetMR(0) == 0);
  e = seL4_TCB_PinSyscall(t, (seL4_Word)seL4_SysSend, 0x1002);
  CHECK("pin-site-unaligned a site not a multiple of 4 is InvalidArgument 1", e == seL4_InvalidArgument && seL4_GetMR(0) == 1);
  e = seL4_TCB_PinSyscall(t, (seL4_Word)seL4_SysSend, 0x1004);
  CHECK("pin-ok Send pinned to 0x1004", e == seL4_NoError);
  e = seL4_TCB_PinSyscall(t, (seL4_Word)seL4_SysSend, 0x1008);
  CHECK("pin-twice pinning Send again is IllegalOperation", e == seL4_IllegalOperation);
  e = seL4_TCB_PinSyscall(t, (seL4_Word)seL4_SysYield, (seL4_Word)-1);
  CHECK("pin-any Yield pinned to any site (~0)", e == seL4_NoError);
  e = seL4_TCB_PinSyscall(t, (seL4_Word)seL4_SysDebugPutChar, 0x2000);
  CHECK("pin-debug a debug call (-9) is an seL4 syscall number too", e == seL4_NoError);
  return 0;
}
`;

describe('decode errors of SetSyscallRange and PinSyscall (config on)', () => {
  const r = runWithConfig(decodeErrors, { syscallOrigin: true });

  it('return seL4 error codes with their MRs, and success where the arguments are good', () => {
    expectChecks(r, decodeErrors);
  });

  it('record each refusal with its error, MRs and reason', () => {
    const errs = errorEvents(r).filter((e) => e.label.startsWith('TCBSetSyscallRange') || e.label.startsWith('TCBPinSyscall'));
    expect(errs.map((e) => [e.label, e.error, e.mrs])).toEqual([
      ['TCBSetSyscallRange', 'TruncatedMessage', []],
      ['TCBSetSyscallRange', 'InvalidArgument', [1n]],
      ['TCBPinSyscall', 'TruncatedMessage', []],
      ['TCBPinSyscall', 'InvalidArgument', [0n]],
      ['TCBPinSyscall', 'InvalidArgument', [0n]],
      ['TCBPinSyscall', 'InvalidArgument', [0n]],
      ['TCBPinSyscall', 'InvalidArgument', [1n]],
      ['TCBPinSyscall', 'IllegalOperation', []],
    ]);
    expect(errs[1].reason).toContain('below start');
    expect(errs[3].reason).toContain('not an seL4 syscall number');
    expect(errs[6].reason).toContain('multiple of 4');
    expect(errs[7].reason).toContain('already pinned');
  });

  it('a refused invocation changes nothing: the window and the first pin stay', () => {
    const t = thread(r, 'target');
    expect(t.syscallWindow).toEqual({ start: 0x1000n, end: 0x2000n });
    expect(t.syscallPins).toEqual(new Map([[SYS.Send, 0x1004n], [SYS.Yield, PIN_ANY_SITE], [SYS.DebugPutChar, 0x2000n]]));
  });
});

// ---------------------------------------------------------------------------------------
// 3. The window: a Linux write (x8 = 64) whose x7 happens to hold -3 (seL4_Send).

const windowProgram = `${WORLD}
extern char site_foreign[], site_end[];
static volatile seL4_Word sendCap, afterX0;
static seL4_Word mrs[13];
/* A Linux write(fd, buf, 5) as a foreign program makes it: number 64 in x8. x7 holds -3,
   seL4_Send's number, by accident; x0 (the "fd") is a cap to the endpoint and x1 (the
   "buf") reads as a MessageInfo with label 0x77, so a dispatched Send is visible. The
   second svc (site_end, x7 = -99) marks that the thread went on. */
static void foreign(void) {
  register seL4_Word x0 __asm__("x0") = sendCap;
  register seL4_Word x1 __asm__("x1") = (seL4_Word)0x77 << 12;
  register seL4_Word x2 __asm__("x2") = 5;
  register seL4_Word x7 __asm__("x7") = (seL4_Word)seL4_SysSend;
  register seL4_Word x8 __asm__("x8") = 64;
  __asm__ volatile(".globl site_foreign\\nsite_foreign:\\n\\tsvc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x7), "r"(x8) : "memory");
  afterX0 = x0;
  register seL4_Word y7 __asm__("x7") = (seL4_Word)-99;
  __asm__ volatile(".globl site_end\\nsite_end:\\n\\tsvc #0" : : "r"(y7) : "memory");
  for (;;) { }
}
static seL4_MessageInfo_t receive(seL4_Word ep, seL4_Word *badge) {
  seL4_MessageInfo_t m = seL4_Recv(ep, badge);
  for (int i = 0; i < 13; i++) mrs[i] = seL4_GetMR(i);
  return m;
}
#define LABEL(m) seL4_MessageInfo_get_label(m)
#define LENGTH(m) seL4_MessageInfo_get_length(m)
int main(void) {
  world();
  seL4_Word ep = retype(seL4_EndpointObject), fep = mint(ep, 0xf), badge;
  sendCap = mint(ep, 0xa);
  seL4_Word site = (seL4_Word)site_foreign, end = (seL4_Word)site_end;
  printf("site_foreign=0x%lx\\nsite_end=0x%lx\\n", site, end);

  seL4_Word tOut = newThread("outside", 100, fep, 0);
  int e = seL4_TCB_SetSyscallRange(tOut, site + 4, site + 8);
  CHECK("out-set a window [svc+4, svc+8) that excludes the svc", e == seL4_NoError);
  startThread(tOut, 0, foreign);
  seL4_MessageInfo_t m = receive(ep, &badge);
  CHECK("out-fault the svc reaches the fault endpoint as UnknownSyscall with 13 MRs",
        badge == 0xf && LABEL(m) == seL4_Fault_UnknownSyscall && LENGTH(m) == 13);
  CHECK("out-mr8 MR8 (FaultIP) is the svc address", mrs[8] == site);
  CHECK("out-mr12 MR12 is x7 = -3 (seL4_Send), and MR7 too", mrs[12] == (seL4_Word)-3 && mrs[7] == (seL4_Word)-3);
  CHECK("out-mr0 MR0-MR2 are x0-x2, the write's arguments", mrs[0] == sendCap && mrs[1] == (seL4_Word)0x77 << 12 && mrs[2] == 5);
  CHECK("out-mr9 MR9 is SP on the thread's stack, MR10 is NextIP (svc + 4)",
        mrs[9] > (seL4_Word)stacks[0] && mrs[9] <= (seL4_Word)(stacks[0] + 4096) && mrs[10] == site + 4);
  seL4_UserContext regs;
  e = seL4_TCB_ReadRegisters(tOut, 0, 0, 12, &regs);
  CHECK("out-x8 TCB_ReadRegisters gives x8 = 64 (the Linux number the message lacks), pc = the svc, SPSR = MR11",
        e == seL4_NoError && regs.x8 == 64 && regs.pc == site && regs.spsr == mrs[11] && regs.x7 == (seL4_Word)-3);
  for (int i = 0; i < 13; i++) seL4_SetMR(i, mrs[i]);
  seL4_SetMR(0, 0x600d);
  seL4_SetMR(8, mrs[8] + 4);
  seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 12));
  m = receive(ep, &badge);
  CHECK("out-resume the reply (MR8 = FaultIP + 4, MR0 = result) resumes after the svc with x0 = result",
        afterX0 == 0x600d && badge == 0xf && LABEL(m) == seL4_Fault_UnknownSyscall && mrs[8] == end && mrs[12] == (seL4_Word)-99);

  afterX0 = 0;
  seL4_Word tIn = newThread("inside", 100, fep, 0);
  e = seL4_TCB_SetSyscallRange(tIn, site, site + 4);
  CHECK("in-set a window [svc, svc+4) that holds the svc", e == seL4_NoError);
  startThread(tIn, 1, foreign);
  m = receive(ep, &badge);
  CHECK("in-send the same svc inside the window is dispatched as seL4_Send: label 0x77 arrives with the send cap's badge",
        badge == 0xa && LABEL(m) == 0x77 && LENGTH(m) == 0);
  m = receive(ep, &badge);
  CHECK("in-next the handler's first fault from it is the svc after (site_end): the write never reached the handler",
        badge == 0xf && LABEL(m) == seL4_Fault_UnknownSyscall && mrs[8] == end && mrs[12] == (seL4_Word)-99 && afterX0 == sendCap);

  seL4_Word tGone = newThread("removed", 100, fep, 0);
  e = seL4_TCB_SetSyscallRange(tGone, site + 4, site + 8);
  int e2 = seL4_TCB_SetSyscallRange(tGone, 0, 0);
  CHECK("gone-set SetSyscallRange(0, 0) after a window succeeds", e == seL4_NoError && e2 == seL4_NoError);
  startThread(tGone, 2, foreign);
  m = receive(ep, &badge);
  CHECK("gone-send with the window removed the svc is dispatched as seL4_Send again", badge == 0xa && LABEL(m) == 0x77);
  m = receive(ep, &badge);
  CHECK("gone-end x7 = -99 is seL4's own UnknownSyscall at site_end", badge == 0xf && LABEL(m) == seL4_Fault_UnknownSyscall && mrs[8] == end && mrs[12] == (seL4_Word)-99);
  return 0;
}
`;

describe('the syscall origin window (SetSyscallRange)', () => {
  const r = runWithConfig(windowProgram, { syscallOrigin: true });
  const site = printed(r, 'site_foreign'), end = printed(r, 'site_end');

  it('an svc outside the window with x7 = -3 and x8 = 64 reaches the fault endpoint as UnknownSyscall; the reply resumes it after the svc with x0 = result', () => {
    expectChecks(r, windowProgram);
    const out = originEvents(r, 'outside');
    expect(out.map((e) => [e.pc, e.syscall, e.decision])).toEqual([[site, 'Send', 'outside'], [end, 'syscall -99', 'outside']]);
    expect(out[0].detail).toContain(`svc at ${hex(site)} is outside the window ${hex(site + 4n)}-${hex(site + 8n)}`);
  });

  it('the same svc inside the window is dispatched as seL4_Send and does not reach the handler', () => {
    expect(originEvents(r, 'inside').map((e) => [e.pc, e.decision])).toEqual([[end, 'outside']]);
    const sends = r.events.map((e) => e.event).filter((e) => e.kind === 'ipc' && e.from === 'inside' && !e.fault);
    expect(sends).toHaveLength(1);
  });

  it('SetSyscallRange(0, 0) removes the window: no origin decision is made for that thread', () => {
    expect(thread(r, 'removed').syscallWindow).toBeNull();
    expect(originEvents(r, 'removed')).toEqual([]);
    expect(thread(r, 'outside').syscallWindow).toEqual({ start: site + 4n, end: site + 8n });
  });

  it('counts the checks made and the svcs refused', () => {
    expect(r.booted.kernel.state.counters).toMatchObject({ originChecks: 4, originFaults: 3, pinKills: 0 });
  });
});

// ---------------------------------------------------------------------------------------
// 4. IPC through a window that covers the IPC library: correct, and never the fastpath.

const ipcProgram = (window: boolean) => `#define WINDOW ${window ? 1 : 0}
${WORLD}
static seL4_Word ep, clientCap, done;
static volatile seL4_Word total, good;
static void server(void) {
  seL4_Word badge;
  seL4_MessageInfo_t m = seL4_Recv(ep, &badge);
  for (;;) {
    seL4_SetMR(0, seL4_GetMR(0) * 2 + 1);
    seL4_SetMR(1, badge);
    m = seL4_ReplyRecv(ep, seL4_MessageInfo_new(seL4_MessageInfo_get_label(m) + 1, 0, 0, 2), &badge);
  }
}
static void client(void) {
  seL4_Word sum = 0, ok = 0;
  for (seL4_Word i = 0; i < 40; i++) {
    seL4_SetMR(0, i);
    seL4_MessageInfo_t r = seL4_Call(clientCap, seL4_MessageInfo_new(i, 0, 0, 1));
    if (seL4_MessageInfo_get_label(r) == i + 1 && seL4_GetMR(0) == 2 * i + 1 && seL4_GetMR(1) == 7) ok++;
    sum += seL4_GetMR(0);
  }
  total = sum; good = ok;
  seL4_Send(done, seL4_MessageInfo_new(0, 0, 0, 0));
  for (;;) seL4_Yield();
}
static seL4_Word lo = ~(seL4_Word)0, hi;
static void cover(void *f) { seL4_Word a = (seL4_Word)f; if (a < lo) lo = a; if (a > hi) hi = a; }
int main(void) {
  world();
  ep = retype(seL4_EndpointObject); clientCap = mint(ep, 7); done = retype(seL4_EndpointObject);
  seL4_Word s = newThread("server", 100, 0, 1024), c = newThread("client", 100, 0, 2048);
  cover(seL4_Send); cover(seL4_NBSend); cover(seL4_Call); cover(seL4_Recv); cover(seL4_NBRecv); cover(seL4_Reply); cover(seL4_ReplyRecv);
  hi += 64;
  printf("lo=0x%lx\\nhi=0x%lx\\n", lo, hi);
  int e1 = WINDOW ? seL4_TCB_SetSyscallRange(s, lo, hi) : 0, e2 = WINDOW ? seL4_TCB_SetSyscallRange(c, lo, hi) : 0;
  CHECK("ipc-set windows over the IPC library for server and client (when WINDOW)", e1 == seL4_NoError && e2 == seL4_NoError);
  startThread(s, 0, server);
  startThread(c, 1, client);
  seL4_Word b;
  seL4_Recv(done, &b);
  CHECK("ipc-right 40 Calls answered by ReplyRecv, each reply right", good == 40 && total == 1600);
  return 0;
}
`;

describe('IPC through a window that covers the IPC library', () => {
  const withWindow = runWithConfig(ipcProgram(true), { syscallOrigin: true });
  const without = runWithConfig(ipcProgram(false), { syscallOrigin: true });

  it('Call/ReplyRecv still work for threads with a window', () => {
    expectChecks(withWindow, ipcProgram(true));
    expect(originEvents(withWindow)).toEqual([]);
    const k = withWindow.booted.kernel.state;
    expect(thread(withWindow, 'client').syscallWindow).toEqual({ start: printed(withWindow, 'lo'), end: printed(withWindow, 'hi') });
    expect(k.counters.originChecks).toBeGreaterThanOrEqual(81);
    expect(k.counters.originFaults).toBe(0);
  });

  it('the fastpath is not taken for threads with a window (it is without one)', () => {
    expectChecks(without, ipcProgram(false));
    expect(thread(without, 'client').syscallWindow).toBeNull();
    expect(without.booted.kernel.fastpathTaken).toBeGreaterThanOrEqual(40);
    expect(withWindow.booted.kernel.fastpathTaken).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------
// 5. Pins: one site per seL4 syscall; a wrong site or an unpinned number kills.

const pinProgram = `${WORLD}
extern char site_pin_a[], site_pin_b[];
static volatile seL4_Word sendCap, afterB, yields;
/* The same seL4_Send (length 0, label in x1) from two svc sites. */
static void sendFromA(seL4_Word label) {
  register seL4_Word x0 __asm__("x0") = sendCap;
  register seL4_Word x1 __asm__("x1") = label << 12;
  register seL4_Word x7 __asm__("x7") = (seL4_Word)seL4_SysSend;
  __asm__ volatile(".globl site_pin_a\\nsite_pin_a:\\n\\tsvc #0" : "+r"(x0), "+r"(x1) : "r"(x7) : "memory");
}
static void sendFromB(seL4_Word label) {
  register seL4_Word x0 __asm__("x0") = sendCap;
  register seL4_Word x1 __asm__("x1") = label << 12;
  register seL4_Word x7 __asm__("x7") = (seL4_Word)seL4_SysSend;
  __asm__ volatile(".globl site_pin_b\\nsite_pin_b:\\n\\tsvc #0" : "+r"(x0), "+r"(x1) : "r"(x7) : "memory");
}
static void pinnedChild(void) {
  sendFromA(0x51);
  seL4_Yield();
  yields++;
  sendFromB(0x52);
  afterB = 1;
  for (;;) { }
}
static void unpinnedChild(void) {
  seL4_Yield();
  afterB = 2;
  for (;;) { }
}
/* Lower the root below the child until the child stops (it is killed or blocks). */
static void letRun(void) {
  seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 50);
  seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
}
int main(void) {
  world();
  seL4_Word ep = retype(seL4_EndpointObject), badge;
  sendCap = mint(ep, 0xa);
  seL4_Word a = (seL4_Word)site_pin_a, b = (seL4_Word)site_pin_b;
  printf("site_pin_a=0x%lx\\nsite_pin_b=0x%lx\\n", a, b);

  seL4_Word tP = newThread("pinned", 100, 0, 0);
  int e1 = seL4_TCB_PinSyscall(tP, (seL4_Word)seL4_SysSend, a);
  int e2 = seL4_TCB_PinSyscall(tP, (seL4_Word)seL4_SysYield, (seL4_Word)-1);
  CHECK("pin-set Send pinned to site A, Yield to any site", e1 == seL4_NoError && e2 == seL4_NoError);
  int e3 = seL4_TCB_PinSyscall(tP, (seL4_Word)seL4_SysSend, b);
  CHECK("pin-twice pinning Send again (to B) is IllegalOperation", e3 == seL4_IllegalOperation);
  startThread(tP, 0, pinnedChild);
  seL4_MessageInfo_t m = seL4_Recv(ep, &badge);
  CHECK("pin-a a Send from its pinned site is dispatched", badge == 0xa && seL4_MessageInfo_get_label(m) == 0x51);
  letRun();
  CHECK("pin-any a Yield pinned to any site runs", yields == 1);
  CHECK("pin-b the Send from site B does not return", afterB == 0);
  badge = 77;
  seL4_NBRecv(ep, &badge);
  CHECK("pin-nosend ... and is not dispatched: no message waits", badge == 0);
  seL4_UserContext regs;
  int e = seL4_TCB_ReadRegisters(tP, 0, 0, 1, &regs);
  CHECK("pin-pc the killed thread stopped at the svc of site B", e == seL4_NoError && regs.pc == b);

  seL4_Word tU = newThread("unpinned", 100, 0, 0);
  e = seL4_TCB_PinSyscall(tU, (seL4_Word)seL4_SysSend, a);
  startThread(tU, 1, unpinnedChild);
  letRun();
  CHECK("unpinned-kill a thread with pins that makes an unpinned call (Yield) does not go on", e == seL4_NoError && afterB == 0);
  return 0;
}
`;

describe('pinned syscalls (PinSyscall)', () => {
  const r = runWithConfig(pinProgram, { syscallOrigin: true });
  const a = printed(r, 'site_pin_a'), b = printed(r, 'site_pin_b');

  it('a thread pinned to one site runs the pinned call, then is killed calling from another site', () => {
    expectChecks(r, pinProgram);
    const t = thread(r, 'pinned');
    expect(t.state).toBe('Inactive');
    expect(t.syscallPins).toEqual(new Map([[SYS.Send, a], [SYS.Yield, PIN_ANY_SITE]]));
  });

  it('the kill report names the thread, the syscall and its number, the pc and the pinned site', () => {
    const report = thread(r, 'pinned').stoppedBy ?? '';
    expect(report).toContain('"pinned"');
    expect(report).toContain('Send (-3)');
    expect(report).toContain(`from ${hex(b)}`);
    expect(report).toContain(`the pinned site for that number is ${hex(a)}`);
    const ev = originEvents(r, 'pinned');
    expect(ev.map((e) => [e.pc, e.syscall, e.decision])).toEqual([[b, 'Send', 'pin']]);
    expect(ev[0].detail).toBe(report);
  });

  it('an unpinned number kills a thread that has pins', () => {
    const t = thread(r, 'unpinned');
    expect(t.state).toBe('Inactive');
    expect(t.stoppedBy).toContain('Yield (-7)');
    expect(t.stoppedBy).toContain('no site is pinned for that number');
    expect(originEvents(r, 'unpinned').map((e) => [e.syscall, e.decision])).toEqual([['Yield', 'pin']]);
    expect(r.booted.kernel.state.counters.pinKills).toBe(2);
  });

  it('pinning a number twice fails and keeps the first pin', () => {
    const err = errorEvents(r).find((e) => e.label === 'TCBPinSyscall');
    expect(err?.error).toBe('IllegalOperation');
    expect(thread(r, 'pinned').syscallPins?.get(SYS.Send)).toBe(a);
  });
});

// ---------------------------------------------------------------------------------------
// 6. Property: the window decision is pc >= start && pc < end (checkOrigin directly).

const WORD_MAX = (1n << 64n) - 1n;
const word = fc.bigInt({ min: 0n, max: WORD_MAX });
const wrap = (v: bigint) => BigInt.asUintN(64, v);
/** A window [start, end) with start <= end, and an svc address: random, or next to an edge. */
const windowAndPc = fc.tuple(word, word).chain(([x, y]) => {
  const start = x <= y ? x : y, end = x <= y ? y : x;
  const edges = [start, end, wrap(start - 4n), wrap(end - 4n), wrap(start + 4n), wrap(end + 4n), wrap(start - 1n), wrap(end - 1n)];
  return fc.record({ start: fc.constant(start), end: fc.constant(end), pc: fc.oneof(word, fc.constantFrom(...edges)) });
});

describe('checkOrigin (property)', () => {
  it('random windows and svc addresses: dispatched exactly when pc >= start && pc < end', () => {
    fc.assert(fc.property(windowAndPc, fc.constantFrom(...Object.values(SYS)), ({ start, end, pc }, nr) => {
      const k = new KernelState(new PhysMem(1 << 16));
      const t = Object.assign(newTcb(0x1000n), { name: 'p', state: 'Running' as const, syscallWindow: { start, end } });
      const inside = pc >= start && pc < end;
      expect(checkOrigin(k, t, pc, nr)).toBe(inside ? 'dispatch' : 'outside');
      expect(k.counters).toMatchObject({ originChecks: 1, originFaults: inside ? 0 : 1, pinKills: 0 });
      const ev = k.events.drain().map((e) => e.event);
      expect(ev).toEqual(inside ? [] : [expect.objectContaining({ kind: 'origin', pc, decision: 'outside' })]);
      expect(t.state).toBe('Running');
    }), { numRuns: 500 });
  });

  it('with pins: dispatched inside the window only at the pinned site (or any site for ~0); else killed', () => {
    const nrs = Object.values(SYS);
    const site = fc.oneof(fc.constant(PIN_ANY_SITE), word.map((v) => v & ~3n));
    const pins = fc.dictionary(fc.constantFrom(...nrs.map(String)), site, { maxKeys: nrs.length });
    fc.assert(fc.property(windowAndPc, pins, fc.constantFrom(...nrs), fc.boolean(), ({ start, end, pc }, table, nr, pcAtPin) => {
      const k = new KernelState(new PhysMem(1 << 16));
      const map = new Map(Object.entries(table).map(([n, s]) => [Number(n), s]));
      const pinned = map.get(nr);
      const at = pcAtPin && pinned !== undefined && pinned !== PIN_ANY_SITE ? pinned : pc;
      const t = Object.assign(newTcb(0x1000n), { name: 'p', state: 'Running' as const, syscallWindow: { start, end }, syscallPins: map });
      const inside = at >= start && at < end;
      const allowed = pinned === PIN_ANY_SITE || pinned === at;
      const expected = !inside ? 'outside' : allowed ? 'dispatch' : 'killed';
      expect(checkOrigin(k, t, at, nr)).toBe(expected);
      expect(t.state).toBe(expected === 'killed' ? 'Inactive' : 'Running');
      expect(k.counters.pinKills).toBe(expected === 'killed' ? 1 : 0);
      if (expected === 'killed') expect(t.stoppedBy).toContain(`from ${hex(at)}`);
    }), { numRuns: 500 });
  });
});

// TCB invocations and the scheduler on the CapLab seL4 kernel, as a C root task
// that creates threads (reference/sel4.md 2.10, 6 item 6; sel4test THREADS*, SCHED*).
import { describe, expect, it } from 'vitest';
import { runRootTask } from './rootTaskRun.ts';

const program = `
#define R seL4_CapInitThreadCNode
#define D seL4_WordBits
static seL4_Word freeSlot;
static seL4_Word slot(void) { return freeSlot++; }
static seL4_Word ut;
static volatile int flag, counter, spins;
static char stackA[4096] __attribute__((aligned(16)));
static char stackB[4096] __attribute__((aligned(16)));
static seL4_Word tcbA, tcbB;

static void say(const char *s) { while (*s) seL4_DebugPutChar(*s++); }
static void childA(void) { say("child A runs\\n"); flag = 1; seL4_TCB_Suspend(tcbA); say("A must not get here\\n"); }
static void yielder(void) { for (;;) { counter++; seL4_Yield(); } }
static void spinner(void) { for (;;) spins++; }

static seL4_Word newTcb(void) {
  seL4_Word s = slot();
  seL4_Untyped_Retype(ut, seL4_TCBObject, 0, R, 0, 0, s, 1);
  return s;
}
static int start(seL4_Word tcb, void (*fn)(void), char *stack, int prio, seL4_Word bufOffset) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  int e = seL4_TCB_Configure(tcb, 0, R, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)bi->ipcBuffer + bufOffset, seL4_CapInitThreadIPCBuffer);
  if (e) return e;
  e = seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, prio);
  if (e) return e;
  seL4_UserContext ctx = {0};
  ctx.pc = (seL4_Word)fn;
  ctx.sp = (seL4_Word)(stack + 4096);
  return seL4_TCB_WriteRegisters(tcb, 1, 0, 2, &ctx);
}
int main(void) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  freeSlot = bi->empty.start;
  for (seL4_Word i = bi->untyped.start; i < bi->untyped.end; i++)
    if (!bi->untypedList[i - bi->untyped.start].isDevice && bi->untypedList[i - bi->untyped.start].sizeBits >= 20) { ut = i; break; }
  int e;
  tcbA = newTcb();
  e = seL4_TCB_SetPriority(tcbA, seL4_CapInitThreadTCB, 256);
  CHECK("THREAD0001 a priority above the authority's MCP is RangeError [0, 255]", e == seL4_RangeError && seL4_GetMR(0) == 0 && seL4_GetMR(1) == 255);
  e = seL4_TCB_SetPriority(tcbA, tcbA, 1);
  CHECK("THREAD0002 a new TCB has MCP 0: as authority it allows only priority 0", e == seL4_RangeError && seL4_GetMR(1) == 0);
  e = seL4_TCB_SetPriority(tcbA, R, 1);
  CHECK("THREAD0003 an authority that is not a TCB is InvalidCapability 1", e == seL4_InvalidCapability && seL4_GetMR(0) == 1);
  e = seL4_TCB_Configure(tcbA, 0, R, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)bi->ipcBuffer + 8, seL4_CapInitThreadIPCBuffer);
  CHECK("THREAD0004 an IPC buffer not 1 KiB aligned is AlignmentError", e == seL4_AlignmentError);
  e = seL4_TCB_Configure(tcbA, 0, seL4_CapInitThreadTCB, 0, seL4_CapInitThreadVSpace, 0, 0, 0);
  CHECK("THREAD0005 a CSpace root that is not a CNode is IllegalOperation", e == seL4_IllegalOperation);
  e = seL4_TCB_Configure(tcbA, 0, R, 0, R, 0, 0, 0);
  CHECK("THREAD0006 a VSpace root that is not a VSpace is IllegalOperation", e == seL4_IllegalOperation);
  e = seL4_TCB_SetIPCBuffer(tcbA, (seL4_Word)bi->ipcBuffer + 1024, R);
  CHECK("THREAD0007 an IPC buffer cap that is not a frame is IllegalOperation", e == seL4_IllegalOperation);

  seL4_UserContext regs;
  e = seL4_TCB_ReadRegisters(seL4_CapInitThreadTCB, 0, 0, 2, &regs);
  CHECK("THREAD0008 ReadRegisters on the calling thread is IllegalOperation", e == seL4_IllegalOperation);
  e = seL4_TCB_ReadRegisters(tcbA, 0, 0, 0, &regs);
  CHECK("THREAD0009 ReadRegisters of 0 registers is RangeError [1, 36]", e == seL4_RangeError && seL4_GetMR(0) == 1 && seL4_GetMR(1) == 36);
  e = seL4_TCB_ReadRegisters(tcbA, 0, 0, 37, &regs);
  CHECK("THREAD0010 ReadRegisters of 37 registers is RangeError [1, 36]", e == seL4_RangeError);

  e = start(tcbA, childA, stackA, 254, 1024);
  CHECK("THREAD0011 configure, set priority and write registers of a new thread", e == seL4_NoError);
  e = seL4_TCB_ReadRegisters(tcbA, 0, 0, 2, &regs);
  CHECK("THREAD0012 ReadRegisters returns the pc and sp written", e == seL4_NoError && regs.pc == (seL4_Word)childA && regs.sp == (seL4_Word)(stackA + 4096));
  CHECK("THREAD0013 a resumed thread of lower priority does not run yet", flag == 0);
  e = seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 200);
  CHECK("THREAD0014 lowering the root's priority lets the higher thread run first", e == seL4_NoError && flag == 1);
  e = seL4_TCB_Resume(seL4_CapInitThreadTCB);
  CHECK("THREAD0015 Resume of a running thread is a no-op success", e == seL4_NoError);

  e = seL4_TCB_SetTLSBase(tcbA, 0x1234);
  seL4_TCB_ReadRegisters(tcbA, 0, 0, 36, &regs);
  CHECK("THREAD0016 SetTLSBase sets TPIDR_EL0 and the IPC buffer is in TPIDRRO_EL0",
        e == seL4_NoError && regs.tpidr_el0 == 0x1234 && regs.tpidrro_el0 == (seL4_Word)bi->ipcBuffer + 1024);

  tcbB = newTcb();
  e = start(tcbB, yielder, stackB, 200, 2048);
  int before = counter;
  seL4_Yield();
  CHECK("THREAD0017 Yield runs the next thread of the same priority", e == seL4_NoError && counter == before + 1);
  seL4_Yield();
  CHECK("THREAD0018 round robin: each Yield gives the other thread one turn", counter == before + 2);
  seL4_TCB_Suspend(tcbB);
  seL4_Yield();
  CHECK("THREAD0019 a suspended thread does not run", counter == before + 2);

  seL4_UserContext spin = {0};
  spin.pc = (seL4_Word)spinner; spin.sp = (seL4_Word)(stackB + 4096);
  e = seL4_TCB_WriteRegisters(tcbB, 1, 0, 2, &spin);
  CHECK("THREAD0020 WriteRegisters with resume_target restarts a suspended thread", e == seL4_NoError);
  while (spins == 0) { }
  CHECK("THREAD0021 the timer tick preempts a thread that never yields (round robin at equal priority)", spins > 0);
  e = seL4_TCB_ReadRegisters(tcbB, 1, 0, 1, &regs);
  int frozen = spins;
  for (volatile int i = 0; i < 3000000; i++) { }
  CHECK("THREAD0022 ReadRegisters with suspend_source stops the thread", e == seL4_NoError && spins == frozen);

  seL4_Word nt = slot();
  seL4_Untyped_Retype(ut, seL4_NotificationObject, 0, R, 0, 0, nt, 1);
  e = seL4_TCB_BindNotification(tcbA, nt);
  CHECK("THREAD0023 BindNotification binds", e == seL4_NoError);
  e = seL4_TCB_BindNotification(tcbA, nt);
  CHECK("THREAD0024 binding twice is IllegalOperation", e == seL4_IllegalOperation);
  e = seL4_TCB_BindNotification(tcbB, nt);
  CHECK("THREAD0025 a notification bound elsewhere is IllegalOperation", e == seL4_IllegalOperation);
  e = seL4_TCB_UnbindNotification(tcbA);
  CHECK("THREAD0026 UnbindNotification unbinds", e == seL4_NoError);
  e = seL4_TCB_UnbindNotification(tcbA);
  CHECK("THREAD0027 unbinding an unbound TCB is IllegalOperation", e == seL4_IllegalOperation);

  seL4_UserContext bRegs;
  seL4_TCB_ReadRegisters(tcbB, 0, 0, 36, &bRegs);
  e = seL4_TCB_CopyRegisters(tcbA, tcbB, 0, 0, 1, 0, 0);
  seL4_TCB_ReadRegisters(tcbA, 0, 0, 36, &regs);
  CHECK("THREAD0028 CopyRegisters with transfer_frame copies the frame registers only",
        e == seL4_NoError && regs.pc == bRegs.pc && regs.pc >= spin.pc && regs.tpidr_el0 == 0x1234);
  e = seL4_TCB_CopyRegisters(tcbA, R, 0, 0, 1, 0, 0);
  CHECK("THREAD0029 CopyRegisters from a non-TCB is InvalidCapability 1", e == seL4_InvalidCapability && seL4_GetMR(0) == 1);
  e = seL4_TCB_SetMCPriority(tcbA, seL4_CapInitThreadTCB, 100);
  seL4_Word e2 = seL4_TCB_SetPriority(tcbB, tcbA, 101);
  CHECK("THREAD0030 SetMCPriority gives a TCB authority up to its MCP", e == seL4_NoError && e2 == seL4_RangeError && seL4_GetMR(1) == 100);
  e = seL4_TCB_SetSchedParams(tcbB, tcbA, 50, 60);
  CHECK("THREAD0031 SetSchedParams checks both values against the authority", e == seL4_NoError);
  e = seL4_DomainSet_Set(seL4_CapDomain, 1, tcbA);
  CHECK("THREAD0033 DomainSet_Set with a domain past the last is InvalidArgument 0", e == seL4_InvalidArgument && seL4_GetMR(0) == 0);
  e = seL4_DomainSet_Set(seL4_CapDomain, 0, R);
  CHECK("THREAD0034 DomainSet_Set of a non-TCB is InvalidArgument 1", e == seL4_InvalidArgument && seL4_GetMR(0) == 1);
  e = seL4_DomainSet_Set(seL4_CapDomain, 0, tcbA);
  CHECK("THREAD0035 DomainSet_Set to domain 0 succeeds", e == seL4_NoError);
  say("root done\\n");
  return 0;
}
`;

describe('TCB invocations and scheduling (C root task)', () => {
  const r = runRootTask(program);
  const names = [...program.matchAll(/CHECK\("([^"]+)"/g)].map((m) => m[1]);

  it.each(names)('%s', (name) => {
    expect(r.lines).toContain(`ok ${name}`);
  });

  it('THREAD0032 the child printed before the root went on, and a suspended self-suspending thread never continued', () => {
    expect(r.stdout).toContain('child A runs\n');
    expect(r.stdout).not.toContain('A must not get here');
    expect(r.stdout.indexOf('child A runs')).toBeLessThan(r.stdout.indexOf('THREAD0014'));
    expect(r.status).toBe(0);
  });
});

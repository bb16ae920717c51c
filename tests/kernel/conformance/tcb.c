/* TCB invocations: Configure/SetSpace validation, Read/Write/CopyRegisters,
   priorities and MCPs, IPC buffer rules, TLS base, flags.
   Mirrors sel4test THREADS0004/0005, REGRESSIONS0001, FRAMEDIPC0001/0002,
   FPU0003, DOMAINS0001-0003 (reference 4.2, 4.5, 4.6); rules from reference 2.2 (register
   order), 2.3 (IPC buffer) and 2.10. */
#include "framework.h"

#define ROOT seL4_CapInitThreadCNode
#define D seL4_WordBits

void conf_regdump_entry(void);
extern seL4_CPtr conf_regdump_tcb;

static void THREADS0004(void) { /* Configure with a null CSpace root fails */
  seL4_CPtr tcb = conf_alloc(seL4_TCBObject, 0);
  REQUIRE(tcb != 0);
  CHECK_EQ(seL4_TCB_Configure(tcb, 0, seL4_CapNull, 0, seL4_CapInitThreadVSpace, 0, 0, 0), seL4_IllegalOperation);
  /* a VSpace root that is not a VSpace cap fails too */
  CHECK_EQ(seL4_TCB_Configure(tcb, 0, ROOT, 0, seL4_CapInitThreadTCB, 0, 0, 0), seL4_IllegalOperation);
  CHECK_EQ(seL4_TCB_Configure(tcb, 0, ROOT, 0, seL4_CapInitThreadVSpace, 0, 0, 0), seL4_NoError);
}

static void THREADS0005(void) { /* SetSpace with a null CSpace root fails */
  seL4_CPtr tcb = conf_alloc(seL4_TCBObject, 0);
  REQUIRE(tcb != 0);
  CHECK_EQ(seL4_TCB_SetSpace(tcb, 0, seL4_CapNull, 0, seL4_CapInitThreadVSpace, 0), seL4_IllegalOperation);
  CHECK_EQ(seL4_TCB_SetSpace(tcb, 0, ROOT, 0, seL4_CapInitThreadVSpace, 0), seL4_NoError);
}

static _Alignas(16) seL4_Word regarea[32];

static seL4_Word val(int n) { return 0x0101010101010101UL * (seL4_Word)(n + 1) + (seL4_Word)n; }

static void REGRESSIONS0001(void) { /* WriteRegisters sets every user register exactly */
  conf_thread_t t;
  REQUIRE(conf_thread_create(&t, 200, 0));
  conf_regdump_tcb = t.tcb;
  seL4_UserContext c;
  seL4_Word *w = (seL4_Word *)&c;
  for (int i = 0; i < 36; i++) w[i] = val(i);
  c.pc = (seL4_Word)conf_regdump_entry;
  c.sp = (seL4_Word)regarea;
  c.spsr = 0;
  REQUIRE_EQ(seL4_TCB_WriteRegisters(t.tcb, 0, 0, 35, &c), seL4_NoError); /* up to tpidr_el0 */
  seL4_UserContext r;
  memset(&r, 0, sizeof(r));
  CHECK_EQ(seL4_TCB_ReadRegisters(t.tcb, 0, 0, 35, &r), seL4_NoError);
  seL4_Word *rw = (seL4_Word *)&r;
  int bad = 0;
  for (int i = 0; i < 35; i++) if (i != 2 && rw[i] != w[i]) { bad++; printf("  reg word %d: 0x%lx != 0x%lx\n", i, rw[i], w[i]); }
  CHECK_EQ(bad, 0);
  /* run it: below the helper's priority we get the CPU back once it suspended itself */
  REQUIRE_EQ(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100), seL4_NoError);
  CHECK_EQ(seL4_TCB_Resume(t.tcb), seL4_NoError);
  REQUIRE_EQ(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, seL4_MaxPrio), seL4_NoError);
  CHECK_EQ(regarea[0], c.x0);
  /* the thread saw x0..x30 as written (order of seL4_UserContext: 2.2) */
  CHECK_EQ(regarea[1], c.x1); CHECK_EQ(regarea[2], c.x2); CHECK_EQ(regarea[3], c.x3);
  CHECK_EQ(regarea[4], c.x4); CHECK_EQ(regarea[5], c.x5); CHECK_EQ(regarea[6], c.x6);
  CHECK_EQ(regarea[7], c.x7); CHECK_EQ(regarea[8], c.x8); CHECK_EQ(regarea[9], c.x9);
  CHECK_EQ(regarea[10], c.x10); CHECK_EQ(regarea[11], c.x11); CHECK_EQ(regarea[12], c.x12);
  CHECK_EQ(regarea[13], c.x13); CHECK_EQ(regarea[14], c.x14); CHECK_EQ(regarea[15], c.x15);
  CHECK_EQ(regarea[16], c.x16); CHECK_EQ(regarea[17], c.x17); CHECK_EQ(regarea[18], c.x18);
  CHECK_EQ(regarea[19], c.x19); CHECK_EQ(regarea[20], c.x20); CHECK_EQ(regarea[21], c.x21);
  CHECK_EQ(regarea[22], c.x22); CHECK_EQ(regarea[23], c.x23); CHECK_EQ(regarea[24], c.x24);
  CHECK_EQ(regarea[25], c.x25); CHECK_EQ(regarea[26], c.x26); CHECK_EQ(regarea[27], c.x27);
  CHECK_EQ(regarea[28], c.x28); CHECK_EQ(regarea[29], c.x29); CHECK_EQ(regarea[30], c.x30);
  conf_thread_stop(&t);
}

static void REGISTERS_ERRORS(void) { /* 2.10: self, count range, truncated message */
  seL4_UserContext r;
  CHECK_EQ(seL4_TCB_ReadRegisters(seL4_CapInitThreadTCB, 0, 0, 1, &r), seL4_IllegalOperation);
  CHECK_EQ(seL4_TCB_WriteRegisters(seL4_CapInitThreadTCB, 0, 0, 1, &r), seL4_IllegalOperation);
  seL4_CPtr tcb = conf_alloc(seL4_TCBObject, 0);
  REQUIRE(tcb != 0);
  CHECK_EQ(seL4_TCB_ReadRegisters(tcb, 0, 0, 0, &r), seL4_RangeError);
  CHECK_EQ(seL4_TCB_ReadRegisters(tcb, 0, 0, 37, &r), seL4_RangeError);
  CHECK_EQ(seL4_TCB_ReadRegisters(tcb, 0, 0, 36, &r), seL4_NoError);
  /* WriteRegisters: count 5 but only the two header words -> TruncatedMessage */
  seL4_SetMR(0, 0); seL4_SetMR(1, 5);
  CHECK_EQ(conf_label(seL4_Call(tcb, seL4_MessageInfo_new(TCBWriteRegisters, 0, 0, 2))), seL4_TruncatedMessage);
  /* a TCB given an invalid label */
  CHECK_EQ(conf_label(seL4_Call(tcb, seL4_MessageInfo_new(CNodeCopy, 0, 0, 0))), seL4_IllegalOperation);
}

static void COPY_REGISTERS(void) { /* CopyRegisters transfers the frame registers (pc, sp, ...) */
  seL4_CPtr a = conf_alloc(seL4_TCBObject, 0), b = conf_alloc(seL4_TCBObject, 0);
  REQUIRE(a != 0 && b != 0);
  seL4_UserContext c;
  memset(&c, 0, sizeof(c));
  c.pc = 0x401000; c.sp = 0x7fff0000; c.x0 = 11; c.x19 = 19;
  REQUIRE_EQ(seL4_TCB_WriteRegisters(a, 0, 0, 36, &c), seL4_NoError);
  CHECK_EQ(seL4_TCB_CopyRegisters(b, a, 0, 0, 1, 1, 0), seL4_NoError);
  seL4_UserContext r;
  memset(&r, 0, sizeof(r));
  REQUIRE_EQ(seL4_TCB_ReadRegisters(b, 0, 0, 36, &r), seL4_NoError);
  CHECK_EQ(r.pc, c.pc);
  CHECK_EQ(r.sp, c.sp);
  CHECK_EQ(r.x0, 11);
  CHECK_EQ(r.x19, 19);
}

static void PRIORITIES(void) { /* 2.10: new priority / MCP must be <= the authority's MCP */
  seL4_CPtr a = conf_alloc(seL4_TCBObject, 0), b = conf_alloc(seL4_TCBObject, 0);
  REQUIRE(a != 0 && b != 0);
  CHECK_EQ(seL4_TCB_SetPriority(b, a, 1), seL4_RangeError);       /* new TCBs have MCP 0 */
  CHECK_EQ(seL4_GetMR(0), 0);
  CHECK_EQ(seL4_GetMR(1), 0);
  CHECK_EQ(seL4_TCB_SetPriority(b, a, 0), seL4_NoError);
  CHECK_EQ(seL4_TCB_SetMCPriority(a, seL4_CapInitThreadTCB, 100), seL4_NoError);
  CHECK_EQ(seL4_TCB_SetPriority(b, a, 100), seL4_NoError);
  CHECK_EQ(seL4_TCB_SetPriority(b, a, 101), seL4_RangeError);
  CHECK_EQ(seL4_GetMR(1), 100);
  CHECK_EQ(seL4_TCB_SetSchedParams(b, a, 50, 60), seL4_NoError);
  CHECK_EQ(seL4_TCB_SetSchedParams(b, a, 101, 60), seL4_RangeError);
  CHECK_EQ(seL4_TCB_SetPriority(b, ROOT, 1), seL4_InvalidCapability); /* authority not a TCB */
  CHECK_EQ(seL4_TCB_SetPriority(b, seL4_CapInitThreadTCB, seL4_MaxPrio), seL4_NoError); /* root MCP 255 (2.6) */
}

/* A page of our own image and its frame cap (framework.h conf_image_frame). */
static _Alignas(4096) char buf_page[4096];

static void IPC_BUFFER(void) { /* 2.3: IPC buffer must be 1 KiB aligned, a frame, not a device frame */
  seL4_CPtr tcb = conf_alloc(seL4_TCBObject, 0);
  seL4_CPtr frame = conf_image_frame((seL4_Word)buf_page);
  REQUIRE(tcb != 0 && frame != 0);
  CHECK_EQ(seL4_TCB_SetIPCBuffer(tcb, (seL4_Word)buf_page + 8, frame), seL4_AlignmentError);
  CHECK_EQ(seL4_TCB_SetIPCBuffer(tcb, (seL4_Word)buf_page + 1024, frame), seL4_NoError);
  CHECK_EQ(seL4_TCB_SetIPCBuffer(tcb, (seL4_Word)buf_page, seL4_CapInitThreadTCB), seL4_IllegalOperation); /* not a frame */
}

/* One device frame for both FRAMEDIPC tests (a platform may have few device untypeds).
   The checks look at the cap only, so it need not be mapped. */
static seL4_CPtr device_frame(void) {
  static seL4_CPtr dev;
  if (!dev) dev = conf_alloc_from(seL4_ARM_SmallPageObject, 0, 1);
  return dev;
}

static void FRAMEDIPC0001(void) { /* device frame rejected as IPC buffer by Configure */
  seL4_CPtr tcb = conf_alloc(seL4_TCBObject, 0), dev = device_frame();
  REQUIRE(tcb != 0 && dev != 0);
  CHECK_EQ(seL4_TCB_Configure(tcb, 0, ROOT, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)buf_page, dev), seL4_IllegalOperation);
}

static void FRAMEDIPC0002(void) { /* device frame rejected by SetIPCBuffer */
  seL4_CPtr tcb = conf_alloc(seL4_TCBObject, 0), dev = device_frame();
  REQUIRE(tcb != 0 && dev != 0);
  CHECK_EQ(seL4_TCB_SetIPCBuffer(tcb, (seL4_Word)buf_page, dev), seL4_IllegalOperation);
}

static void TLS_BASE(void) { /* SetTLSBase writes TPIDR_EL0 (2.2: TLS base = TPIDR_EL0) */
  seL4_CPtr tcb = conf_alloc(seL4_TCBObject, 0);
  REQUIRE(tcb != 0);
  CHECK_EQ(seL4_TCB_SetTLSBase(tcb, 0x12345000), seL4_NoError);
  seL4_UserContext r;
  memset(&r, 0, sizeof(r));
  REQUIRE_EQ(seL4_TCB_ReadRegisters(tcb, 0, 0, 36, &r), seL4_NoError);
  CHECK_EQ(r.tpidr_el0, 0x12345000);
}

static void FPU0003(void) { /* TCB_SetFlags returns the new flags (fpuDisabled = 1, 2.10) */
  seL4_CPtr tcb = conf_alloc(seL4_TCBObject, 0);
  REQUIRE(tcb != 0);
  seL4_TCB_SetFlags_t f = seL4_TCB_SetFlags(tcb, 0, 1);
  CHECK_EQ(f.error, seL4_NoError);
  CHECK_EQ(f.flags, 1);
  f = seL4_TCB_SetFlags(tcb, 1, 0);
  CHECK_EQ(f.error, seL4_NoError);
  CHECK_EQ(f.flags, 0);
}

/* DOMAINS0001-0003 (reference 4.5; single-domain config, CONFIG_NUM_DOMAINS = 1). */
static void DOMAINS0001(void) { /* DomainSet_Set to domain 0 works */
  seL4_CPtr tcb = conf_alloc(seL4_TCBObject, 0);
  REQUIRE(tcb != 0);
  CHECK_EQ(seL4_DomainSet_Set(seL4_CapDomain, 0, tcb), seL4_NoError);
}

static void DOMAINS0002(void) { /* domain >= number of domains -> InvalidArgument */
  seL4_CPtr tcb = conf_alloc(seL4_TCBObject, 0);
  REQUIRE(tcb != 0);
  CHECK_EQ(seL4_DomainSet_Set(seL4_CapDomain, 1, tcb), seL4_InvalidArgument);
}

static void DOMAINS0003(void) { /* the DomainSet label on a TCB cap -> IllegalOperation */
  seL4_CPtr tcb = conf_alloc(seL4_TCBObject, 0);
  REQUIRE(tcb != 0);
  CHECK_EQ(seL4_DomainSet_Set(tcb, 0, tcb), seL4_IllegalOperation);
}

static const conf_test_t tests[] = {
  CONF_TEST(THREADS0004), CONF_TEST(THREADS0005), CONF_TEST(REGRESSIONS0001), CONF_TEST(REGISTERS_ERRORS),
  CONF_TEST(COPY_REGISTERS), CONF_TEST(PRIORITIES), CONF_TEST(IPC_BUFFER), CONF_TEST(FRAMEDIPC0001),
  CONF_TEST(FRAMEDIPC0002), CONF_TEST(TLS_BASE), CONF_TEST(FPU0003), CONF_TEST(DOMAINS0001),
  CONF_TEST(DOMAINS0002), CONF_TEST(DOMAINS0003),
};
CONF_MAIN(tests)

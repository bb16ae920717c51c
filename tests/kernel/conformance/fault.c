/* Fault delivery: VM faults (read, write, execute), unknown syscalls,
   undefined instructions, cap faults; message layouts, badges of the fault
   endpoint, replies that restart (or not) the faulter, invalid handlers.
   Mirrors sel4test PAGEFAULT0001-0005, PAGEFAULT1001, IPCRIGHTS0002 and the fault-handlers
   tutorial (reference 4.4, 1.2); layouts and labels from reference 2.12,
   FaultIP from 2.2, lookup failures from 2.12/2.13. */
#include "framework.h"

#define ROOT seL4_CapInitThreadCNode
#define D seL4_WordBits
#define FAULT_BADGE 0xbeef

/* conf_asm.s routines with known fault PCs */
seL4_Word conf_fault_read(seL4_Word addr);
void conf_fault_write(seL4_Word addr, seL4_Word v);
seL4_Word conf_fault_undef(seL4_Word v);
seL4_Word conf_fault_syscall(seL4_Word x0, seL4_Word number);
void conf_raw_send(seL4_CPtr cap, seL4_Word info, seL4_Word sys);
extern char conf_fault_syscall_svc[], conf_raw_send_svc[];

static seL4_CPtr g_ep, g_fault_ep, g_done;
static volatile seL4_Word g_flag, g_val;

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_WNR(esr) (((esr) >> 6) & 1)
#define EC_DABT_LOW 0x24
#define EC_IABT_LOW 0x20

/* A handler endpoint and its badged fault-EP cap (Write + Grant, 2.12). */
static int setup(void) {
  g_ep = conf_alloc_ep();
  g_done = conf_alloc_ntfn();
  g_fault_ep = g_ep ? conf_mint(g_ep, seL4_AllRights, FAULT_BADGE) : 0;
  g_flag = g_val = 0;
  return g_ep && g_done && g_fault_ep;
}

static void do_read(seL4_Word addr) { g_val = conf_fault_read(addr); g_flag = 1; seL4_Signal(g_done); }
static void do_write(seL4_Word addr) { conf_fault_write(addr, 0x5eed); g_flag = 1; seL4_Signal(g_done); }
static void do_undef(seL4_Word v) { g_val = conf_fault_undef(v); g_flag = 1; seL4_Signal(g_done); }
static void do_syscall(seL4_Word v) { g_val = conf_fault_syscall(v, 42); g_flag = 1; seL4_Signal(g_done); }
static void do_recv(seL4_Word cap) { seL4_Word b = 0; seL4_Recv(cap, &b); g_val = b; g_flag = 1; seL4_Signal(g_done); }
static void do_badsend(seL4_Word cap) { conf_raw_send(cap, 0, (seL4_Word)seL4_SysSend); g_flag = 1; }

static void PAGEFAULT0001(void) { /* read fault */
  conf_thread_t t;
  seL4_Word bad = 0x7000000000UL;
  REQUIRE(setup());
  REQUIRE(conf_spawn(&t, 254, g_fault_ep, do_read, bad));
  seL4_Word badge = 0;
  seL4_MessageInfo_t m = seL4_Recv(g_ep, &badge);
  CHECK_EQ(conf_label(m), seL4_Fault_VMFault);
  CHECK_EQ(conf_length(m), 4);
  CHECK_EQ(badge, FAULT_BADGE);                   /* badge of the fault EP cap */
  CHECK_EQ(seL4_GetMR(0), (seL4_Word)conf_fault_read); /* IP */
  CHECK_EQ(seL4_GetMR(1), bad);                   /* Addr (FAR) */
  CHECK_EQ(seL4_GetMR(2), 0);                     /* not a prefetch fault */
  CHECK_EQ(ESR_EC(seL4_GetMR(3)), EC_DABT_LOW);   /* FSR = ESR: data abort */
  CHECK_EQ(ESR_WNR(seL4_GetMR(3)), 0);            /* read */
  /* any reply restarts the faulting load: nothing changed, so the same fault comes again */
  seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
  m = seL4_Recv(g_ep, &badge);
  CHECK_EQ(conf_label(m), seL4_Fault_VMFault);
  CHECK_EQ(seL4_GetMR(0), (seL4_Word)conf_fault_read);
  CHECK_EQ(seL4_GetMR(1), bad);
  CHECK_EQ(g_flag, 0);
  conf_thread_stop(&t);
}

static void PAGEFAULT0002(void) { /* write fault; mapping the page and replying restarts */
  conf_thread_t t;
  seL4_Word bad = conf_va_pages(1);
  REQUIRE(setup());
  REQUIRE(conf_spawn(&t, 254, g_fault_ep, do_write, bad));
  seL4_MessageInfo_t m = seL4_Recv(g_ep, 0);
  CHECK_EQ(conf_label(m), seL4_Fault_VMFault);
  CHECK_EQ(seL4_GetMR(0), (seL4_Word)conf_fault_write);
  CHECK_EQ(seL4_GetMR(1), bad);
  CHECK_EQ(seL4_GetMR(2), 0);
  CHECK_EQ(ESR_EC(seL4_GetMR(3)), EC_DABT_LOW);
  CHECK_EQ(ESR_WNR(seL4_GetMR(3)), 1);            /* write */
  seL4_CPtr f = conf_alloc(seL4_ARM_SmallPageObject, 0);
  REQUIRE(f != 0);
  REQUIRE_EQ(conf_map(f, bad, seL4_ReadWrite, seL4_ARM_Default_VMAttributes), seL4_NoError);
  seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));   /* any reply restarts a VM fault */
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_flag, 1);
  CHECK_EQ(*(volatile seL4_Word *)bad, 0x5eed);   /* the store was re-executed */
  conf_thread_stop(&t);
}

static void PAGEFAULT0003(void) { /* execute fault: the thread starts at an unmapped PC */
  conf_thread_t t;
  seL4_Word bad = 0x7100000000UL;
  REQUIRE(setup());
  REQUIRE(conf_thread_create(&t, 254, g_fault_ep));
  REQUIRE_EQ(conf_thread_start_at(&t, bad, 0, 0, 0, 1), seL4_NoError);
  seL4_MessageInfo_t m = seL4_Recv(g_ep, 0);
  CHECK_EQ(conf_label(m), seL4_Fault_VMFault);
  CHECK_EQ(seL4_GetMR(0), bad);                   /* IP */
  CHECK_EQ(seL4_GetMR(1), bad);                   /* Addr = PC for prefetch faults */
  CHECK_EQ(seL4_GetMR(2), 1);                     /* PrefetchFault */
  CHECK_EQ(ESR_EC(seL4_GetMR(3)), EC_IABT_LOW);
  conf_thread_stop(&t);
}

static void PAGEFAULT0004(void) { /* unknown syscall: 13 MRs; label-0 reply writes registers back */
  conf_thread_t t;
  REQUIRE(setup());
  REQUIRE(conf_spawn(&t, 254, g_fault_ep, do_syscall, 0x1234abcd));
  seL4_MessageInfo_t m = seL4_Recv(g_ep, 0);
  CHECK_EQ(conf_label(m), seL4_Fault_UnknownSyscall);
  CHECK_EQ(conf_length(m), 13);
  CHECK_EQ(seL4_GetMR(0), 0x1234abcd);             /* X0 */
  CHECK_EQ(seL4_GetMR(1), 42);                     /* X1 (the number argument) */
  CHECK_EQ(seL4_GetMR(7), 42);                     /* X7 */
  CHECK_EQ(seL4_GetMR(8), (seL4_Word)conf_fault_syscall_svc); /* FaultIP = the svc (2.2) */
  CHECK(seL4_GetMR(9) > t.stack_top - CONF_STACK_WORDS * 8 && seL4_GetMR(9) <= t.stack_top); /* SP */
  CHECK_EQ(seL4_GetMR(12), 42);                    /* Syscall number */
  seL4_SetMR(0, 0x600d);                           /* new X0 */
  seL4_SetMR(8, seL4_GetMR(8) + 4);                /* skip the svc */
  seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 13));
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_flag, 1);
  CHECK_EQ(g_val, 0x600d);
  conf_thread_stop(&t);
  /* a reply with label != 0 leaves the thread stopped (2.12: label 0 restarts) */
  conf_thread_t t2;
  REQUIRE(setup());
  REQUIRE(conf_spawn(&t2, 255, g_fault_ep, do_syscall, 1));
  seL4_Yield();                                    /* it faults; the fault IPC waits on g_ep */
  m = seL4_Recv(g_ep, 0);
  CHECK_EQ(conf_label(m), seL4_Fault_UnknownSyscall);
  seL4_SetMR(8, seL4_GetMR(8) + 4);
  seL4_Reply(seL4_MessageInfo_new(1, 0, 0, 13));
  seL4_Yield();
  seL4_Yield();
  CHECK_EQ(g_flag, 0);
  conf_thread_stop(&t2);
}

static void PAGEFAULT0005(void) { /* undefined instruction: UserException */
  conf_thread_t t;
  REQUIRE(setup());
  REQUIRE(conf_spawn(&t, 254, g_fault_ep, do_undef, 0x77));
  seL4_MessageInfo_t m = seL4_Recv(g_ep, 0);
  CHECK_EQ(conf_label(m), seL4_Fault_UserException);
  CHECK_EQ(conf_length(m), 5);
  CHECK_EQ(seL4_GetMR(0), (seL4_Word)conf_fault_undef); /* FaultIP */
  CHECK(seL4_GetMR(1) > t.stack_top - CONF_STACK_WORDS * 8 && seL4_GetMR(1) <= t.stack_top); /* SP */
  CHECK_EQ(seL4_GetMR(3), 0x02000000);                 /* ESR: EC 0, IL 1 */
  CHECK_EQ(seL4_GetMR(4), 0);                          /* Code */
  /* reply label 0 with a new PC (past the udf): restart */
  seL4_SetMR(0, seL4_GetMR(0) + 4);
  seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 3));
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_flag, 1);
  CHECK_EQ(g_val, 0x77);
  conf_thread_stop(&t);
  /* reply label != 0: the faulter stays stopped (a helper at 255 would run on Yield) */
  conf_thread_t t2;
  REQUIRE(setup());
  REQUIRE(conf_spawn(&t2, 255, g_fault_ep, do_undef, 0x78));
  seL4_Yield();                                        /* it faults: the fault IPC waits on g_ep */
  m = seL4_Recv(g_ep, 0);
  CHECK_EQ(conf_label(m), seL4_Fault_UserException);
  seL4_SetMR(0, seL4_GetMR(0) + 4);
  seL4_Reply(seL4_MessageInfo_new(1, 0, 0, 3));
  seL4_Yield();
  seL4_Yield();
  CHECK_EQ(g_flag, 0);
  conf_thread_stop(&t2);
}

static void IPCRIGHTS0002(void) { /* Recv through a cap without Read: cap fault, in receive phase */
  conf_thread_t t;
  REQUIRE(setup());
  seL4_CPtr wo = conf_mint(g_ep, seL4_CanWrite, 0);
  REQUIRE(wo != 0);
  REQUIRE(conf_spawn(&t, 254, g_fault_ep, do_recv, wo));
  seL4_Word badge = 0;
  seL4_MessageInfo_t m = seL4_Recv(g_ep, &badge);
  CHECK_EQ(conf_label(m), seL4_Fault_CapFault);
  CHECK_EQ(badge, FAULT_BADGE);
  CHECK_EQ(seL4_GetMR(1), wo);                     /* Addr = the CPtr */
  CHECK_EQ(seL4_GetMR(2), 1);                      /* InRecvPhase */
  CHECK_EQ(seL4_GetMR(3), seL4_MissingCapability);
  conf_thread_stop(&t);
}

static void CAPFAULT_RESTART(void) { /* fault-handlers tutorial: fill the slot, reply, the Recv is retried */
  conf_thread_t t;
  REQUIRE(setup());
  seL4_CPtr empty = conf_slot(), target = conf_alloc_ep();
  REQUIRE(target != 0);
  REQUIRE(conf_spawn(&t, 254, g_fault_ep, do_recv, empty));
  seL4_MessageInfo_t m = seL4_Recv(g_ep, 0);
  CHECK_EQ(conf_label(m), seL4_Fault_CapFault);
  CHECK_EQ(seL4_GetMR(1), empty);
  CHECK_EQ(seL4_GetMR(2), 1);
  CHECK_EQ(seL4_GetMR(3), seL4_MissingCapability);
  CHECK_EQ(seL4_GetMR(4), 0);                      /* bits left */
  REQUIRE_EQ(seL4_CNode_Copy(ROOT, empty, D, ROOT, target, D, seL4_AllRights), seL4_NoError);
  seL4_CPtr t77 = conf_mint(target, seL4_AllRights, 77);
  REQUIRE(t77 != 0);
  seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
  seL4_Yield();
  seL4_Send(t77, seL4_MessageInfo_new(0, 0, 0, 0)); /* the faulter now waits on `target` */
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_flag, 1);
  CHECK_EQ(g_val, 77);
  conf_thread_stop(&t);
}

static void CAPFAULT_SEND(void) { /* Send on an invalid CPtr: cap fault in the send phase */
  conf_thread_t t;
  REQUIRE(setup());
  seL4_CPtr bad = 0xffff000000000001UL;           /* guard bits set: guard mismatch at the root */
  REQUIRE(conf_spawn(&t, 254, g_fault_ep, do_badsend, bad));
  seL4_MessageInfo_t m = seL4_Recv(g_ep, 0);
  CHECK_EQ(conf_label(m), seL4_Fault_CapFault);
  CHECK_EQ(seL4_GetMR(0), (seL4_Word)conf_raw_send_svc); /* restart PC = the svc */
  CHECK_EQ(seL4_GetMR(1), bad);
  CHECK_EQ(seL4_GetMR(2), 0);                     /* send phase */
  CHECK_EQ(seL4_GetMR(3), seL4_GuardMismatch);
  CHECK_EQ(seL4_GetMR(4), 64);                    /* bits left */
  CHECK_EQ(seL4_GetMR(6), 64 - CONFIG_ROOT_CNODE_SIZE_BITS); /* guard size of the root CNode cap (2.6) */
  conf_thread_stop(&t);
}

static void do_bad_extracap(seL4_Word bad) {
  seL4_SetCap(0, bad);
  seL4_Send(g_ep, seL4_MessageInfo_new(1, 0, 1, 0)); /* via the unbadged EP cap in g_ep */
  g_flag = 1;
}

/* A blocking send whose extra cap cannot be looked up raises a cap fault
   (send phase) instead of sending (2.11: send-phase lookup failure aborts). */
static void CAPFAULT_EXTRACAP(void) {
  conf_thread_t t;
  REQUIRE(setup());
  seL4_CPtr other = conf_alloc_ep();           /* the message goes to `other`, the fault to g_ep */
  REQUIRE(other != 0);
  seL4_CPtr bad = 0xffff000000000002UL;
  seL4_CPtr keep = g_ep;
  g_ep = other;
  REQUIRE(conf_spawn(&t, 254, g_fault_ep, do_bad_extracap, bad));
  seL4_Word badge = 0;
  seL4_MessageInfo_t m = seL4_Recv(keep, &badge);
  CHECK_EQ(conf_label(m), seL4_Fault_CapFault);
  CHECK_EQ(badge, FAULT_BADGE);
  CHECK_EQ(seL4_GetMR(1), bad);
  CHECK_EQ(seL4_GetMR(2), 0);
  seL4_Word b2 = 1;
  seL4_NBRecv(other, &b2);
  CHECK_EQ(b2, 0);                                /* nothing was sent */
  conf_thread_stop(&t);
}

/* 2.12 (non-MCS): the fault EP CPtr is looked up in the faulter's CSpace when the
   fault happens, so replacing the cap in that slot after Configure redirects it. */
static void FAULT_EP_LOOKUP_TIME(void) {
  conf_thread_t t;
  REQUIRE(setup());
  seL4_CPtr slot = conf_mint(g_ep, seL4_AllRights, 0x111);
  REQUIRE(slot != 0);
  REQUIRE(conf_thread_create(&t, 254, slot));
  REQUIRE_EQ(seL4_CNode_Delete(ROOT, slot, D), seL4_NoError);
  REQUIRE_EQ(seL4_CNode_Mint(ROOT, slot, D, ROOT, g_ep, D, seL4_AllRights, 0x222), seL4_NoError);
  REQUIRE(conf_thread_start(&t, do_read, 0x7300000000UL));
  seL4_Word badge = 0;
  seL4_MessageInfo_t m = seL4_Recv(g_ep, &badge);
  CHECK_EQ(conf_label(m), seL4_Fault_VMFault);
  CHECK_EQ(badge, 0x222);
  conf_thread_stop(&t);
}

/* PAGEFAULT1001 (read fault variant): the faulter runs in its own CSpace and
   VSpace; non-MCS looks its fault-EP CPtr up in *its* CSpace (2.12), where slot 1
   holds a badged copy of our endpoint. */
static void PAGEFAULT1001(void) {
  REQUIRE(setup());
  seL4_CPtr vs = conf_alloc(seL4_ARM_VSpaceObject, 0), cn = conf_alloc(seL4_CapTableObject, 4);
  seL4_CPtr tcb = conf_alloc(seL4_TCBObject, 0);
  REQUIRE(vs && cn && tcb);
  REQUIRE_EQ(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vs), seL4_NoError);
  REQUIRE_EQ(seL4_CNode_Mint(cn, 1, 4, ROOT, g_ep, D, seL4_AllRights, 0x1001), seL4_NoError);
  seL4_CPtr croot = conf_slot();
  REQUIRE_EQ(seL4_CNode_Mint(ROOT, croot, D, ROOT, cn, D, seL4_AllRights, seL4_CNode_CapData_new(0, 60)), seL4_NoError);
  seL4_Word code = (seL4_Word)conf_fault_read & ~(CONF_PAGE - 1);
  seL4_CPtr mine = conf_image_frame(code), copy = conf_slot();
  REQUIRE(mine != 0);
  REQUIRE_EQ(seL4_CNode_Copy(ROOT, copy, D, ROOT, mine, D, seL4_AllRights), seL4_NoError);
  REQUIRE_EQ(conf_map_in(vs, copy, code, seL4_CanRead, seL4_ARM_Default_VMAttributes), seL4_NoError);
  REQUIRE_EQ(seL4_TCB_Configure(tcb, 1, croot, 0, vs, 0, 0, 0), seL4_NoError);  /* fault EP = its slot 1 */
  REQUIRE_EQ(seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 254), seL4_NoError);
  seL4_UserContext c;
  memset(&c, 0, sizeof(c));
  c.pc = (seL4_Word)conf_fault_read;
  c.x0 = (seL4_Word)&g_flag;                     /* mapped in our VSpace, not in its own */
  REQUIRE_EQ(seL4_TCB_WriteRegisters(tcb, 1, 0, 12, &c), seL4_NoError);
  seL4_Word badge = 0;
  seL4_MessageInfo_t m = seL4_Recv(g_ep, &badge);
  CHECK_EQ(conf_label(m), seL4_Fault_VMFault);
  CHECK_EQ(badge, 0x1001);
  CHECK_EQ(seL4_GetMR(0), (seL4_Word)conf_fault_read);
  CHECK_EQ(seL4_GetMR(1), (seL4_Word)&g_flag);
  CHECK_EQ(seL4_GetMR(2), 0);
  CHECK_EQ(seL4_TCB_Suspend(tcb), seL4_NoError);
}

static void FAULT_NO_GRANT_POLL(void) { /* same, observed without blocking */
  conf_thread_t t;
  REQUIRE(setup());
  seL4_CPtr weak = conf_mint(g_ep, seL4_ReadWrite, 0x33);
  REQUIRE(weak != 0);
  REQUIRE(conf_spawn(&t, 255, weak, do_read, 0x7200000000UL));
  seL4_Yield();
  seL4_Yield();
  seL4_Word b = 1;
  seL4_NBRecv(g_ep, &b);
  CHECK_EQ(b, 0);                                 /* no fault message was sent */
  CHECK_EQ(g_flag, 0);
  conf_thread_stop(&t);
}

static const conf_test_t tests[] = {
  CONF_TEST(PAGEFAULT0001), CONF_TEST(PAGEFAULT0002), CONF_TEST(PAGEFAULT0003), CONF_TEST(PAGEFAULT0004),
  CONF_TEST(PAGEFAULT0005), CONF_TEST(IPCRIGHTS0002), CONF_TEST(CAPFAULT_RESTART), CONF_TEST(CAPFAULT_SEND),
  CONF_TEST(CAPFAULT_EXTRACAP), CONF_TEST(FAULT_EP_LOOKUP_TIME), CONF_TEST(FAULT_NO_GRANT_POLL),
  CONF_TEST(PAGEFAULT1001),
};
CONF_MAIN(tests)

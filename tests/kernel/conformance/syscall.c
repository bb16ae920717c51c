/* Syscall smoke tests: each wraps one system call in a register dump and
   checks the kernel preserved every register outside the syscall's outputs.
   Mirrors sel4test apps/sel4test-driver/src/tests/syscall.c (reference 4.1,
   TEST_REGISTERS); ABI from reference 2.2, decode results from 2.1/2.8. */
#include "framework.h"

/* Most tests invoke the root CNode cap with label 0 (an illegal CNode
   operation, reference 4.1 / 2.8 "bad label -> IllegalOperation"). */
#define CNODE seL4_CapInitThreadCNode

static seL4_Word io[6];
static seL4_Word dump[31];

static void raw(seL4_Word sys, seL4_Word x0, seL4_Word x1, seL4_Word mr0, seL4_Word mr1, seL4_Word mr2, seL4_Word mr3) {
  io[0] = x0; io[1] = x1; io[2] = mr0; io[3] = mr1; io[4] = mr2; io[5] = mr3;
  conf_svc_dump(sys, io, dump);
}

/* A notification signalled once so that Recv/Wait on it does not block
   (sel4test signals it first; an unbadged Signal on an idle notification
   makes it active with badge 0 and the Wait returns at once). */
static seL4_CPtr signalled_ntfn(void) {
  static seL4_CPtr n;
  if (!n) n = conf_alloc_ntfn();
  seL4_Signal(n);
  return n;
}

static void SYSCALL0000(void) { /* seL4_Yield */
  raw(seL4_SysYield, 1, 2, 3, 4, 5, 6);
  CHECK_PRESERVED(dump, seL4_SysYield);
}

static void SYSCALL0001(void) { /* seL4_Send(cnode, empty tag): error dropped */
  raw(seL4_SysSend, CNODE, 0, 0, 0, 0, 0);
  CHECK_PRESERVED(dump, seL4_SysSend);
}

static void SYSCALL0002(void) { /* seL4_NBSend(cnode, empty tag) */
  raw(seL4_SysNBSend, CNODE, 0, 0, 0, 0, 0);
  CHECK_PRESERVED(dump, seL4_SysNBSend);
}

static void SYSCALL0003(void) { /* seL4_Reply with no pending caller: silent no-op (2.1) */
  raw(seL4_SysReply, 0, 0, 0, 0, 0, 0);
  CHECK_PRESERVED(dump, seL4_SysReply);
}

static void SYSCALL0004(void) { /* seL4_Signal(cnode) = Send with an empty message */
  raw(seL4_SysSend, CNODE, 0, 0, 0, 0, 0);
  CHECK_PRESERVED(dump, seL4_SysSend);
}

static void SYSCALL0005(void) { /* seL4_Call(cnode, label 0) -> reply label IllegalOperation (2.8) */
  raw(seL4_SysCall, CNODE, 0, 0, 0, 0, 0);
  CHECK_PRESERVED(dump, seL4_SysCall);
  seL4_MessageInfo_t r; r.words[0] = io[1];
  CHECK_EQ(conf_label(r), seL4_IllegalOperation);
  CHECK_EQ(io[0], 0); /* replyFromKernel_error clears the badge register */
}

static void SYSCALL0006(void) { /* seL4_DebugPutChar(' ') x10 */
  for (int i = 0; i < 10; i++) {
    raw(seL4_SysDebugPutChar, ' ', 0, 0, 0, 0, 0);
    CHECK_PRESERVED(dump, seL4_SysDebugPutChar);
  }
  printf("\n");
}

static void SYSCALL0010(void) { /* Recv (seL4_Wait) on a pre-signalled notification x10 */
  for (int i = 0; i < 10; i++) {
    seL4_CPtr n = signalled_ntfn();
    raw(seL4_SysRecv, n, 0, 0, 0, 0, 0);
    CHECK_PRESERVED(dump, seL4_SysRecv);
    CHECK_EQ(io[0], 0); /* badge of an unbadged signal */
  }
}

static void SYSCALL0011(void) { /* ReplyRecv on a pre-signalled notification */
  seL4_CPtr n = signalled_ntfn();
  raw(seL4_SysReplyRecv, n, 0, 0, 0, 0, 0);
  CHECK_PRESERVED(dump, seL4_SysReplyRecv);
}

static void SYSCALL0012(void) { /* NBRecv on a notification (nothing pending: badge 0) */
  static seL4_CPtr idle;
  if (!idle) idle = conf_alloc_ntfn();
  REQUIRE(idle != 0);
  raw(seL4_SysNBRecv, idle, 0, 0, 0, 0, 0);
  CHECK_PRESERVED(dump, seL4_SysNBRecv);
  CHECK_EQ(io[0], 0);
}

static void SYSCALL0013(void) { /* seL4_Wait (non-MCS: Recv) */
  seL4_CPtr n = signalled_ntfn();
  raw(seL4_SysRecv, n, 0, 0, 0, 0, 0);
  CHECK_PRESERVED(dump, seL4_SysRecv);
}

/* SYSCALL0014-0017: the *WithMRs variants pass MR0-MR3 in x2-x5 (libsel4
   seL4_SendWithMRs etc.; not in the lab's libsel4, so the raw trap here). */
static void SYSCALL0014(void) { /* SendWithMRs(cnode, length 4) */
  raw(seL4_SysSend, CNODE, seL4_MessageInfo_new(0, 0, 0, 4).words[0], 11, 12, 13, 14);
  CHECK_PRESERVED(dump, seL4_SysSend);
}

static void SYSCALL0015(void) { /* NBSendWithMRs */
  raw(seL4_SysNBSend, CNODE, seL4_MessageInfo_new(0, 0, 0, 4).words[0], 11, 12, 13, 14);
  CHECK_PRESERVED(dump, seL4_SysNBSend);
}

static void SYSCALL0016(void) { /* ReplyWithMRs, no caller */
  raw(seL4_SysReply, 0, seL4_MessageInfo_new(0, 0, 0, 4).words[0], 11, 12, 13, 14);
  CHECK_PRESERVED(dump, seL4_SysReply);
}

static void SYSCALL0017(void) { /* CallWithMRs(cnode, label 0) */
  raw(seL4_SysCall, CNODE, seL4_MessageInfo_new(0, 0, 0, 4).words[0], 11, 12, 13, 14);
  CHECK_PRESERVED(dump, seL4_SysCall);
  seL4_MessageInfo_t r; r.words[0] = io[1];
  CHECK_EQ(conf_label(r), seL4_IllegalOperation);
}

/* Call on a CPtr naming an empty slot: not a lookup failure; decoding the
   null cap gives InvalidCapability (reference 2.1, last bullet). */
static void SYSCALL_NULLCAP(void) {
  seL4_CPtr empty = conf_slot();
  raw(seL4_SysCall, empty, 0, 0, 0, 0, 0);
  seL4_MessageInfo_t r; r.words[0] = io[1];
  CHECK_EQ(conf_label(r), seL4_InvalidCapability);
  CHECK_PRESERVED(dump, seL4_SysCall);
}

/* CNode invocation with a valid label but length < 2 -> TruncatedMessage (2.8). */
static void SYSCALL_TRUNCATED(void) {
  raw(seL4_SysCall, CNODE, seL4_MessageInfo_new(CNodeDelete, 0, 0, 1).words[0], 1, 0, 0, 0);
  seL4_MessageInfo_t r; r.words[0] = io[1];
  CHECK_EQ(conf_label(r), seL4_TruncatedMessage);
}

/* A blocking Recv that another thread completes: the root is switched out while
   it waits, and all registers outside x0-x5 must come back unchanged. */
static seL4_CPtr sw_ep;
static void sw_sender(seL4_Word arg) {
  (void)arg;
  seL4_SetMR(0, 0x77);
  seL4_Send(sw_ep, seL4_MessageInfo_new(5, 0, 0, 1));
}

static void SYSCALL_SWITCH(void) {
  conf_thread_t t;
  sw_ep = conf_alloc_ep();
  REQUIRE(sw_ep != 0);
  REQUIRE(conf_spawn(&t, 254, 0, sw_sender, 0));  /* runs only once we block */
  raw(seL4_SysRecv, sw_ep, 0, 0, 0, 0, 0);
  CHECK_PRESERVED(dump, seL4_SysRecv);
  seL4_MessageInfo_t r; r.words[0] = io[1];
  CHECK_EQ(conf_label(r), 5);
  CHECK_EQ(io[2], 0x77);                           /* MR0 arrives in x2 */
  conf_thread_stop(&t);
}

/* Calls the kernel model serves without IPC first, then Reply/Recv-based ones. */
static const conf_test_t tests[] = {
  CONF_TEST(SYSCALL0000), CONF_TEST(SYSCALL0001), CONF_TEST(SYSCALL0002), CONF_TEST(SYSCALL0004),
  CONF_TEST(SYSCALL0005), CONF_TEST(SYSCALL0006), CONF_TEST(SYSCALL0014), CONF_TEST(SYSCALL0015),
  CONF_TEST(SYSCALL0017), CONF_TEST(SYSCALL_NULLCAP), CONF_TEST(SYSCALL_TRUNCATED),
  CONF_TEST(SYSCALL0003), CONF_TEST(SYSCALL0016), CONF_TEST(SYSCALL0010), CONF_TEST(SYSCALL0011),
  CONF_TEST(SYSCALL0012), CONF_TEST(SYSCALL0013), CONF_TEST(SYSCALL_SWITCH),
};
CONF_MAIN(tests)

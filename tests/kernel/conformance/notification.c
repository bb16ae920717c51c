/* Notifications: Signal/Wait/Poll, badge ORing, rights, binding to TCBs.
   Mirrors sel4test NBWAIT0001, BIND0001/0002 (reference 4.3); semantics from
   reference 2.1 (libsel4 wrappers), 2.4 (rights, badges), 2.10
   (BindNotification errors) and 2.11 (notification word). */
#include "framework.h"

#define ROOT seL4_CapInitThreadCNode
#define D seL4_WordBits

static seL4_CPtr g_ntfn, g_ep, g_done;
static volatile seL4_Word g_badges[4], g_n, g_mr0;

static int setup(void) {
  g_ntfn = conf_alloc_ntfn();
  g_ep = conf_alloc_ep();
  g_done = conf_alloc_ntfn();
  g_n = 0; g_mr0 = 0;
  for (int i = 0; i < 4; i++) g_badges[i] = 0;
  return g_ntfn && g_ep && g_done;
}

static void send_deadbeef(seL4_Word cap) {
  seL4_SetMR(0, 0xdeadbeef);
  seL4_Send(cap, seL4_MessageInfo_new(0, 0, 0, 1));
}

static void NBWAIT0001(void) {
  REQUIRE(setup());
  seL4_CPtr b2 = conf_mint(g_ntfn, seL4_AllRights, 2);
  REQUIRE(b2 != 0);
  seL4_Word badge = 9;
  seL4_Poll(g_ntfn, &badge);
  CHECK_EQ(badge, 0);                 /* idle: badge 0 */
  seL4_Signal(b2);
  seL4_Poll(g_ntfn, &badge);
  CHECK_EQ(badge, 2);
  seL4_Poll(g_ntfn, &badge);
  CHECK_EQ(badge, 0);                 /* Poll cleared the word */
  /* a bound thread's NBRecv on an endpoint returns a pending signal first */
  REQUIRE_EQ(seL4_TCB_BindNotification(seL4_CapInitThreadTCB, g_ntfn), seL4_NoError);
  seL4_Signal(b2);
  seL4_CPtr e1 = conf_mint(g_ep, seL4_AllRights, 1);
  REQUIRE(e1 != 0);
  conf_thread_t t;
  REQUIRE(conf_spawn(&t, 255, 0, send_deadbeef, e1));
  seL4_Yield();                       /* helper queued in Send on the endpoint */
  seL4_NBRecv(g_ep, &badge);
  CHECK_EQ(badge, 2);                 /* the pending signal comes first */
  seL4_MessageInfo_t m = seL4_NBRecv(g_ep, &badge);
  CHECK_EQ(badge, 1);                 /* then the queued message */
  CHECK_EQ(conf_length(m), 1);
  CHECK_EQ(seL4_GetMR(0), 0xdeadbeef);
  CHECK_EQ(seL4_TCB_UnbindNotification(seL4_CapInitThreadTCB), seL4_NoError);
  conf_thread_stop(&t);
}

static void OR_BADGES(void) { /* 2.11: Signal ORs the badge into the word, Wait returns and clears it */
  REQUIRE(setup());
  seL4_CPtr b1 = conf_mint(g_ntfn, seL4_AllRights, 1), b2 = conf_mint(g_ntfn, seL4_AllRights, 2);
  REQUIRE(b1 != 0 && b2 != 0);
  seL4_Signal(b1);
  seL4_Signal(b2);
  seL4_Signal(b1);
  seL4_Word badge = 0;
  seL4_Wait(g_ntfn, &badge);
  CHECK_EQ(badge, 3);
  seL4_Poll(g_ntfn, &badge);
  CHECK_EQ(badge, 0);
}

static void waiter(seL4_Word cap) {
  seL4_Word badge = 0;
  seL4_Wait(cap, &badge);
  g_badges[g_n++] = badge;
  seL4_Signal(g_done);
}

static void WAIT_BLOCKS(void) { /* Wait blocks until a Signal arrives */
  conf_thread_t t;
  REQUIRE(setup());
  seL4_CPtr b8 = conf_mint(g_ntfn, seL4_AllRights, 8);
  REQUIRE(b8 != 0);
  REQUIRE(conf_spawn(&t, 255, 0, waiter, g_ntfn));
  seL4_Yield();
  seL4_Yield();
  CHECK_EQ(g_n, 0);
  seL4_Signal(b8);
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_n, 1);
  CHECK_EQ(g_badges[0], 8);
  conf_thread_stop(&t);
}

static void first_waiter(seL4_Word id) {
  seL4_Wait(g_ntfn, 0);
  g_badges[g_n++] = id;
  seL4_Signal(g_done);
}

static void NTFN_FIFO(void) { /* 2.11: the first waiter in the queue receives a signal */
  conf_thread_t a, b;
  REQUIRE(setup());
  REQUIRE(conf_spawn(&a, 255, 0, first_waiter, 1));
  seL4_Yield();                                 /* a waits */
  REQUIRE(conf_spawn(&b, 255, 0, first_waiter, 2));
  seL4_Yield();                                 /* b waits behind a */
  seL4_Signal(g_ntfn);
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_n, 1);
  CHECK_EQ(g_badges[0], 1);
  seL4_Signal(g_ntfn);
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_n, 2);
  CHECK_EQ(g_badges[1], 2);
  conf_thread_stop(&a);
  conf_thread_stop(&b);
}

static void SIGNAL_RIGHTS(void) { /* 2.4: Signal needs Write; without it nothing happens */
  REQUIRE(setup());
  seL4_CPtr b4 = conf_mint(g_ntfn, seL4_CanRead, 4);
  REQUIRE(b4 != 0);
  seL4_Signal(b4);
  seL4_Word badge = 1;
  seL4_Poll(g_ntfn, &badge);
  CHECK_EQ(badge, 0);
  /* Call on a notification cap lacking Write reports InvalidCapability (2.1) */
  CHECK_EQ(conf_label(seL4_Call(b4, seL4_MessageInfo_new(0, 0, 0, 0))), seL4_InvalidCapability);
}

/* Invoking a notification cap with Call signals it and gets an empty
   success reply (handleInvocation: replyFromKernel_success_empty). */
static void CALL_SIGNALS(void) {
  REQUIRE(setup());
  seL4_CPtr b16 = conf_mint(g_ntfn, seL4_AllRights, 16);
  REQUIRE(b16 != 0);
  seL4_MessageInfo_t r = seL4_Call(b16, seL4_MessageInfo_new(0, 0, 0, 0));
  CHECK_EQ(conf_label(r), seL4_NoError);
  CHECK_EQ(conf_length(r), 0);
  seL4_Word badge = 0;
  seL4_Poll(g_ntfn, &badge);
  CHECK_EQ(badge, 16);
}

static void bound_receiver(seL4_Word arg) {
  (void)arg;
  for (int i = 0; i < 2; i++) {
    seL4_Word badge = 0;
    seL4_MessageInfo_t m = seL4_Recv(g_ep, &badge);
    if (conf_length(m)) g_mr0 = seL4_GetMR(0);
    g_badges[g_n++] = badge;
  }
  seL4_Signal(g_done);
}

static void BIND0001(void) { /* bound TCB in Recv on an EP gets IPCs and signals */
  conf_thread_t t;
  REQUIRE(setup());
  seL4_CPtr n10 = conf_mint(g_ntfn, seL4_AllRights, 0x10), e20 = conf_mint(g_ep, seL4_AllRights, 0x20);
  REQUIRE(n10 != 0 && e20 != 0);
  REQUIRE(conf_thread_create(&t, 255, 0));
  REQUIRE_EQ(seL4_TCB_BindNotification(t.tcb, g_ntfn), seL4_NoError);
  REQUIRE(conf_thread_start(&t, bound_receiver, 0));
  seL4_Yield();                          /* helper blocks in Recv(ep) */
  seL4_Signal(n10);
  seL4_Yield();
  seL4_SetMR(0, 0xabc);
  seL4_Send(e20, seL4_MessageInfo_new(1, 0, 0, 1));
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_n, 2);
  CHECK_EQ(g_badges[0], 0x10);
  CHECK_EQ(g_badges[1], 0x20);
  CHECK_EQ(g_mr0, 0xabc);
  conf_thread_stop(&t);
}

static void BIND0002(void) { /* bound TCB waiting on its notification gets signals */
  conf_thread_t t;
  REQUIRE(setup());
  seL4_CPtr n40 = conf_mint(g_ntfn, seL4_AllRights, 0x40);
  REQUIRE(n40 != 0);
  REQUIRE(conf_thread_create(&t, 255, 0));
  REQUIRE_EQ(seL4_TCB_BindNotification(t.tcb, g_ntfn), seL4_NoError);
  REQUIRE(conf_thread_start(&t, waiter, g_ntfn));
  seL4_Yield();
  seL4_Signal(n40);
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_badges[0], 0x40);
  conf_thread_stop(&t);
}

static volatile seL4_Word g_call_label, g_after;

static void bound_caller(seL4_Word arg) {
  (void)arg;
  seL4_MessageInfo_t r = seL4_Call(g_ep, seL4_MessageInfo_new(3, 0, 0, 0));
  g_call_label = conf_label(r) + 1;
  seL4_Word badge = 0;
  seL4_Poll(g_ntfn, &badge);               /* the signal waited in the word */
  g_after = badge;
  seL4_Signal(g_done);
}

/* A bound thread blocked on a reply (mid-Call) is not woken by its notification:
   the signal stays in the word (seL4 sendSignal, BlockedOnReply case). */
static void BIND_DURING_CALL(void) {
  conf_thread_t t;
  REQUIRE(setup());
  seL4_CPtr n5 = conf_mint(g_ntfn, seL4_AllRights, 5);
  REQUIRE(n5 != 0);
  g_call_label = g_after = 0;
  REQUIRE(conf_thread_create(&t, 254, 0));
  REQUIRE_EQ(seL4_TCB_BindNotification(t.tcb, g_ntfn), seL4_NoError);
  REQUIRE(conf_thread_start(&t, bound_caller, 0));
  seL4_MessageInfo_t m = seL4_Recv(g_ep, 0);  /* the helper is now waiting for the reply */
  CHECK_EQ(conf_label(m), 3);
  seL4_Signal(n5);
  seL4_Word b = 1;
  seL4_NBRecv(g_done, &b);                     /* the helper did not run on: nothing yet */
  CHECK_EQ(g_call_label, 0);
  seL4_Reply(seL4_MessageInfo_new(7, 0, 0, 0));
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_call_label, 8);                   /* its Call returned with our reply */
  CHECK_EQ(g_after, 5);
  conf_thread_stop(&t);
}

static void BIND_ERRORS(void) { /* 2.10 BindNotification / UnbindNotification errors */
  conf_thread_t t;
  REQUIRE(setup());
  REQUIRE(conf_thread_create(&t, 0, 0));
  seL4_CPtr other = conf_alloc_ntfn(), ro = conf_mint(other, seL4_CanWrite, 0);
  REQUIRE(other != 0 && ro != 0);
  CHECK_EQ(seL4_TCB_UnbindNotification(t.tcb), seL4_IllegalOperation);   /* nothing bound */
  CHECK_EQ(seL4_TCB_BindNotification(t.tcb, g_ep), seL4_IllegalOperation); /* not a notification */
  CHECK_EQ(seL4_TCB_BindNotification(t.tcb, ro), seL4_IllegalOperation);   /* lacks Read */
  CHECK_EQ(seL4_TCB_BindNotification(t.tcb, g_ntfn), seL4_NoError);
  CHECK_EQ(seL4_TCB_BindNotification(t.tcb, other), seL4_IllegalOperation); /* TCB already bound */
  CHECK_EQ(seL4_TCB_BindNotification(seL4_CapInitThreadTCB, g_ntfn), seL4_IllegalOperation); /* ntfn already bound */
  CHECK_EQ(seL4_TCB_UnbindNotification(t.tcb), seL4_NoError);
  CHECK_EQ(seL4_TCB_BindNotification(seL4_CapInitThreadTCB, g_ntfn), seL4_NoError);
  CHECK_EQ(seL4_TCB_UnbindNotification(seL4_CapInitThreadTCB), seL4_NoError);
}

/* BIND_ERRORS needs only TCB invocations: first. */
static const conf_test_t tests[] = {
  CONF_TEST(BIND_ERRORS), CONF_TEST(NBWAIT0001), CONF_TEST(OR_BADGES), CONF_TEST(WAIT_BLOCKS), CONF_TEST(NTFN_FIFO), CONF_TEST(SIGNAL_RIGHTS), CONF_TEST(CALL_SIGNALS),
  CONF_TEST(BIND0001), CONF_TEST(BIND0002), CONF_TEST(BIND_DURING_CALL),
};
CONF_MAIN(tests)

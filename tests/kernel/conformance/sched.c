/* Scheduling: strict priorities, priority changes, FIFO endpoint queues
   (non-MCS), preemption on a priority raise, Yield round robin, suspend and
   resume, timeslice preemption, the exclusive monitor. Mirrors sel4test
   SCHED0002-0006, SCHED0020, SCHED0021, REGRESSIONS0002 (reference 4.5); rules from reference 2.6 (root priority/MCP 255)
   and 2.10 (scheduling, Resume on a running thread). */
#include "framework.h"

#define ROOT seL4_CapInitThreadCNode
#define D seL4_WordBits
#define SELF seL4_CapInitThreadTCB

static seL4_CPtr g_done, g_ep;
static volatile seL4_Word g_log[32], g_n, g_count;

static int setup(void) {
  g_done = conf_alloc_ntfn();
  g_ep = conf_alloc_ep();
  g_n = 0; g_count = 0;
  return g_done && g_ep;
}

static void SCHED0002(void) { /* Resume on the running thread itself: no-op success */
  CHECK_EQ(seL4_TCB_Resume(SELF), seL4_NoError);
}

static void log_prio(seL4_Word prio) { g_log[g_n++] = prio; }

/* Lets every helper above priority 5 run to completion: the root drops below
   them and comes back once they have all suspended themselves (2.10). */
static void run_helpers(void) {
  seL4_TCB_SetPriority(SELF, SELF, 5);
  seL4_TCB_SetPriority(SELF, SELF, seL4_MaxPrio); /* MCP 255 allows it (2.6) */
}

static void SCHED0004(void) { /* one thread per priority level runs in strict priority order */
  conf_thread_t t[10];
  REQUIRE(setup());
  for (int i = 0; i < 10; i++) REQUIRE(conf_spawn(&t[i], 10 + ((seL4_Word)i * 7) % 10, 0, log_prio, 10 + ((seL4_Word)i * 7) % 10));
  CHECK_EQ(g_n, 0);                      /* none ran while the root (255) was runnable */
  run_helpers();
  CHECK_EQ(g_n, 10);
  for (int i = 0; i < 10; i++) CHECK_EQ(g_log[i], 19 - (seL4_Word)i);
  for (int i = 0; i < 10; i++) conf_thread_stop(&t[i]);
}

static void log_id(seL4_Word id) { g_log[g_n++] = id; }

static void SCHED0005(void) { /* changing the priority of a runnable thread takes effect */
  conf_thread_t a, b;
  REQUIRE(setup());
  REQUIRE(conf_spawn(&a, 50, 0, log_id, 1));
  REQUIRE(conf_spawn(&b, 60, 0, log_id, 2));
  CHECK_EQ(seL4_TCB_SetPriority(a.tcb, SELF, 70), seL4_NoError);
  run_helpers();
  CHECK_EQ(g_n, 2);
  CHECK_EQ(g_log[0], 1);
  CHECK_EQ(g_log[1], 2);
  conf_thread_stop(&a);
  conf_thread_stop(&b);
}

static void send_label(seL4_Word label) { seL4_Send(g_ep, seL4_MessageInfo_new(label, 0, 0, 0)); }

static void SCHED0006(void) { /* non-MCS endpoint queues are FIFO, not priority ordered */
  conf_thread_t t[3];
  seL4_Word prios[3] = { 100, 120, 110 };
  REQUIRE(setup());
  REQUIRE_EQ(seL4_TCB_SetPriority(SELF, SELF, 90), seL4_NoError); /* each sender runs and queues at once */
  for (int i = 0; i < 3; i++) REQUIRE(conf_spawn(&t[i], prios[i], 0, send_label, prios[i]));
  REQUIRE_EQ(seL4_TCB_SetPriority(SELF, SELF, seL4_MaxPrio), seL4_NoError); /* MCP 255 allows it */
  for (int i = 0; i < 3; i++) CHECK_EQ(conf_label(seL4_Recv(g_ep, 0)), prios[i]);
  for (int i = 0; i < 3; i++) conf_thread_stop(&t[i]);
}

static void set_flag(seL4_Word v) { g_count = v; }

static void SCHED0020(void) { /* raising another thread above self preempts immediately */
  conf_thread_t t;
  REQUIRE(setup());
  REQUIRE_EQ(seL4_TCB_SetPriority(SELF, SELF, 100), seL4_NoError);
  REQUIRE(conf_spawn(&t, 50, 0, set_flag, 7));
  CHECK_EQ(g_count, 0);
  CHECK_EQ(seL4_TCB_SetPriority(t.tcb, SELF, 150), seL4_NoError);
  CHECK_EQ(g_count, 7);                  /* it ran before SetPriority returned to us */
  REQUIRE_EQ(seL4_TCB_SetPriority(SELF, SELF, seL4_MaxPrio), seL4_NoError);
  conf_thread_stop(&t);
}

static void yielder(seL4_Word id) {
  for (int i = 0; i < 3; i++) { g_log[g_n++] = id; seL4_Yield(); }
}

static void YIELD_RR(void) { /* SCHED0021 (Yield part): equal priorities take turns in FIFO order */
  conf_thread_t a, b;
  REQUIRE(setup());
  REQUIRE(conf_spawn(&a, 255, 0, yielder, 1));
  REQUIRE(conf_spawn(&b, 255, 0, yielder, 2));
  for (int i = 0; i < 8 && g_n < 6; i++) seL4_Yield();
  CHECK_EQ(g_n, 6);
  for (int i = 0; i < 6; i++) CHECK_EQ(g_log[i], (seL4_Word)(1 + (i & 1)));
  conf_thread_stop(&a);
  conf_thread_stop(&b);
}

static void counter(seL4_Word arg) { (void)arg; for (;;) { g_count++; seL4_Yield(); } }

static void SCHED0003(void) { /* suspend/resume of a helper */
  conf_thread_t t;
  REQUIRE(setup());
  REQUIRE(conf_spawn(&t, 255, 0, counter, 0));
  seL4_Yield();
  seL4_Word c1 = g_count;
  CHECK(c1 > 0);
  CHECK_EQ(seL4_TCB_Suspend(t.tcb), seL4_NoError);
  seL4_Yield();
  seL4_Yield();
  CHECK_EQ(g_count, c1);                 /* suspended: does not run */
  CHECK_EQ(seL4_TCB_Suspend(t.tcb), seL4_NoError); /* suspending twice is fine */
  CHECK_EQ(seL4_TCB_Resume(t.tcb), seL4_NoError);
  seL4_Yield();
  CHECK(g_count > c1);
  conf_thread_stop(&t);
}

static void SCHED_NEW_INACTIVE(void) { /* 2.10: a new TCB is inactive until resumed */
  conf_thread_t t;
  REQUIRE(setup());
  REQUIRE(conf_thread_create(&t, 255, 0));
  REQUIRE_EQ(conf_thread_start_at(&t, (seL4_Word)conf_thread_trampoline, (seL4_Word)set_flag, 9, t.tcb, 0), seL4_NoError);
  seL4_Yield();
  CHECK_EQ(g_count, 0);
  CHECK_EQ(seL4_TCB_Resume(t.tcb), seL4_NoError);
  seL4_Yield();
  CHECK_EQ(g_count, 9);
}

seL4_Word conf_excl_yield(seL4_Word *addr);
static seL4_Word g_excl_word;

static void excl(seL4_Word arg) { (void)arg; g_count = conf_excl_yield(&g_excl_word) + 10; }

/* REGRESSIONS0002: an exclusive load, a switch to another thread (the root at the
   same priority, via Yield), then the store-exclusive must fail (status 1). */
static void REGRESSIONS0002(void) {
  conf_thread_t t;
  REQUIRE(setup());
  g_excl_word = 5;
  REQUIRE(conf_spawn(&t, 255, 0, excl, 0));
  seL4_Yield();                          /* helper: ldxr, Yield -> back to us */
  seL4_Word probe = g_excl_word;         /* a plain access on this side */
  CHECK_EQ(probe, 5);
  seL4_Yield();                          /* helper: stxr */
  CHECK_EQ(g_count, 11);                 /* stxr status 1: failed */
  CHECK_EQ(g_excl_word, 5);              /* nothing was stored */
  conf_thread_stop(&t);
}

/* SCHED0021 (timer part): equal-priority threads that never yield are preempted
   when their timeslice ends (non-MCS: 5 ticks of 2 ms, reference 2.6), so both
   spinners make progress and a third thread at the same priority gets to run. */
static volatile seL4_Word spin[2];
static seL4_CPtr spin_tcb[2];

static void spinner(seL4_Word which) { for (;;) spin[which]++; }

static void monitor(seL4_Word arg) {
  (void)arg;
  while (spin[0] == 0 || spin[1] == 0) { }
  seL4_TCB_Suspend(spin_tcb[0]);
  seL4_TCB_Suspend(spin_tcb[1]);
}

static void SCHED0021(void) {
  conf_thread_t a, b, c;
  REQUIRE(setup());
  spin[0] = spin[1] = 0;
  REQUIRE(conf_spawn(&a, 200, 0, spinner, 0));
  REQUIRE(conf_spawn(&b, 200, 0, spinner, 1));
  spin_tcb[0] = a.tcb; spin_tcb[1] = b.tcb;
  REQUIRE(conf_spawn(&c, 200, 0, monitor, 0));
  run_helpers();                         /* returns once all three stopped */
  CHECK(spin[0] > 0);
  CHECK(spin[1] > 0);
  seL4_Word s0 = spin[0];
  seL4_Yield();
  CHECK_EQ(spin[0], s0);                 /* suspended by the monitor */
}

static const conf_test_t tests[] = {
  CONF_TEST(SCHED0002), CONF_TEST(SCHED0003), CONF_TEST(SCHED0004), CONF_TEST(SCHED0005),
  CONF_TEST(SCHED0020), CONF_TEST(YIELD_RR), CONF_TEST(SCHED_NEW_INACTIVE), CONF_TEST(REGRESSIONS0002),
  CONF_TEST(SCHED0006), CONF_TEST(SCHED0021),
};
CONF_MAIN(tests)

/* Endpoint IPC: Send/Recv, Call/ReplyRecv, NBSend, badges, rights, cap
   transfer and unwrapping, blocking Call, reply caps, suspend mid-Call.
   Mirrors sel4test IPC0001-0004, IPC0010, IPC1001/1002 (reduced), IPCRIGHTS0001-0005,
   CANCEL_BADGED_SENDS_0001 (reference 4.2, 4.3);
   semantics from reference 2.1, 2.4 and 2.11. The root task runs at priority
   255; helpers at 254 run when the root blocks, helpers at 255 run on Yield. */
#include "framework.h"

#define ROOT seL4_CapInitThreadCNode
#define D seL4_WordBits

static seL4_CPtr g_ep;      /* endpoint used by the helper */
static seL4_CPtr g_done;    /* notification the helper signals when it is done */
static volatile seL4_Word g_flag, g_bad, g_badge, g_word;

static seL4_Word pattern(seL4_Word len, seL4_Word i) { return (len << 16) ^ (i * 0x9e3779b97f4a7c15UL); }

static int setup(void) {
  g_ep = conf_alloc_ep();
  g_done = conf_alloc_ntfn();
  g_flag = g_bad = g_badge = g_word = 0;
  return g_ep && g_done;
}

/* ---- IPC0001: Send + Recv, every length 0..120 -------------------------- */
static void sender(seL4_Word arg) {
  (void)arg;
  for (seL4_Word len = 0; len <= seL4_MsgMaxLength; len++) {
    for (seL4_Word i = 0; i < len; i++) seL4_SetMR(i, pattern(len, i));
    seL4_Send(g_ep, seL4_MessageInfo_new(0x100 + len, 0, 0, len));
  }
  seL4_Signal(g_done);
}

static void recv_all(void) {
  seL4_Word bad = 0;
  for (seL4_Word len = 0; len <= seL4_MsgMaxLength; len++) {
    seL4_Word badge = 1;
    seL4_MessageInfo_t m = seL4_Recv(g_ep, &badge);
    if (conf_length(m) != len || conf_label(m) != 0x100 + len || badge != 0) { bad++; continue; }
    for (seL4_Word i = 0; i < len; i++) if (seL4_GetMR(i) != pattern(len, i)) bad++;
  }
  CHECK_EQ(bad, 0);
  seL4_Wait(g_done, 0);
}

static void IPC0001(void) {
  conf_thread_t t;
  /* receiver first: the helper (254) runs once the root blocks in Recv */
  REQUIRE(setup());
  REQUIRE(conf_spawn(&t, 254, 0, sender, 0));
  recv_all();
  conf_thread_stop(&t);
  /* sender first: a helper at 255 runs on Yield and blocks in Send (2.11) */
  REQUIRE(setup());
  REQUIRE(conf_spawn(&t, 255, 0, sender, 0));
  seL4_Yield();
  recv_all();
  conf_thread_stop(&t);
}

/* ---- IPC0002: Call + ReplyRecv, lengths 0..120 both ways ---------------- */
static void caller(seL4_Word arg) {
  (void)arg;
  seL4_Word bad = 0;
  for (seL4_Word len = 0; len <= seL4_MsgMaxLength; len++) {
    for (seL4_Word i = 0; i < len; i++) seL4_SetMR(i, pattern(len, i));
    seL4_MessageInfo_t r = seL4_Call(g_ep, seL4_MessageInfo_new(len, 0, 0, len));
    seL4_Word rlen = seL4_MsgMaxLength - len;
    if (conf_length(r) != rlen || conf_label(r) != 0x200 + len) { bad++; continue; }
    for (seL4_Word i = 0; i < rlen; i++) if (seL4_GetMR(i) != ~pattern(len, i)) bad++;
  }
  g_bad = bad;
  seL4_Signal(g_done);
}

static void IPC0002(void) {
  conf_thread_t t;
  REQUIRE(setup());
  REQUIRE(conf_spawn(&t, 254, 0, caller, 0));
  seL4_Word bad = 0;
  seL4_MessageInfo_t m = seL4_Recv(g_ep, 0);
  for (seL4_Word len = 0; len <= seL4_MsgMaxLength; len++) {
    if (conf_length(m) != len || conf_label(m) != len) bad++;
    else for (seL4_Word i = 0; i < len; i++) if (seL4_GetMR(i) != pattern(len, i)) bad++;
    seL4_Word rlen = seL4_MsgMaxLength - len;
    for (seL4_Word i = 0; i < rlen; i++) seL4_SetMR(i, ~pattern(len, i));
    seL4_MessageInfo_t reply = seL4_MessageInfo_new(0x200 + len, 0, 0, rlen);
    if (len < seL4_MsgMaxLength) m = seL4_ReplyRecv(g_ep, reply, 0);
    else seL4_Reply(reply);
  }
  seL4_Wait(g_done, 0);
  CHECK_EQ(bad, 0);
  CHECK_EQ(g_bad, 0);
  conf_thread_stop(&t);
}

/* ---- IPC0003: Send + Reply + Recv (Reply without a caller is a no-op) --- */
static void IPC0003(void) {
  conf_thread_t t;
  REQUIRE(setup());
  REQUIRE(conf_spawn(&t, 254, 0, sender, 0));
  seL4_Word bad = 0;
  for (seL4_Word len = 0; len <= seL4_MsgMaxLength; len++) {
    seL4_MessageInfo_t m = seL4_Recv(g_ep, 0);
    if (conf_length(m) != len || conf_label(m) != 0x100 + len) bad++;
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0)); /* sender used Send: no reply cap */
  }
  CHECK_EQ(bad, 0);
  seL4_Wait(g_done, 0);
  conf_thread_stop(&t);
}

/* ---- IPC0004: NBSend drops the message when no receiver waits ----------- */
static void receiver(seL4_Word arg) {
  (void)arg;
  seL4_Word badge = 0;
  seL4_MessageInfo_t m = seL4_Recv(g_ep, &badge);
  g_badge = badge;
  g_word = conf_length(m) ? seL4_GetMR(0) : 0;
  g_flag = conf_label(m);
  seL4_Signal(g_done);
}

static void IPC0004(void) {
  conf_thread_t t;
  REQUIRE(setup());
  seL4_SetMR(0, 0xbad);
  seL4_NBSend(g_ep, seL4_MessageInfo_new(1, 0, 0, 1)); /* nobody waiting: dropped */
  seL4_Word badge = 7;
  seL4_NBRecv(g_ep, &badge);                              /* nothing queued */
  CHECK_EQ(badge, 0);
  REQUIRE(conf_spawn(&t, 255, 0, receiver, 0));
  seL4_Yield();                                           /* helper blocks in Recv */
  seL4_SetMR(0, 0xfeed);
  seL4_NBSend(g_ep, seL4_MessageInfo_new(2, 0, 0, 1));
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_flag, 2);
  CHECK_EQ(g_word, 0xfeed);
  conf_thread_stop(&t);
}

/* ---- 2.3: a length above 120 is clamped to seL4_MsgMaxLength ----------- */
static void send_long(seL4_Word arg) {
  (void)arg;
  for (seL4_Word i = 0; i < seL4_MsgMaxLength; i++) seL4_SetMR(i, i + 1);
  seL4_Send(g_ep, seL4_MessageInfo_new(0x55, 0, 0, 127));
  seL4_Signal(g_done);
}

static void IPC_CLAMP(void) {
  conf_thread_t t;
  REQUIRE(setup());
  REQUIRE(conf_spawn(&t, 254, 0, send_long, 0));
  seL4_MessageInfo_t m = seL4_Recv(g_ep, 0);
  CHECK_EQ(conf_label(m), 0x55);
  CHECK_EQ(conf_length(m), seL4_MsgMaxLength);
  CHECK_EQ(seL4_GetMR(seL4_MsgMaxLength - 1), seL4_MsgMaxLength);
  seL4_Wait(g_done, 0);
  conf_thread_stop(&t);
}

/* ---- 2.3: a sender without an IPC buffer transfers at most 4 MRs ---------- */
static seL4_Word nb_io[6], nb_dump[31];

static void send_no_buffer(seL4_Word arg) {
  (void)arg;
  nb_io[0] = g_ep; nb_io[1] = seL4_MessageInfo_new(0x77, 0, 0, 10).words[0];
  nb_io[2] = 1; nb_io[3] = 2; nb_io[4] = 3; nb_io[5] = 4;
  conf_svc_dump(seL4_SysSend, nb_io, nb_dump); /* registers only: no IPC buffer is touched */
}

static void IPC_NO_BUFFER(void) {
  conf_thread_t t;
  REQUIRE(setup());
  REQUIRE(conf_thread_create(&t, 254, 0));
  REQUIRE_EQ(seL4_TCB_SetIPCBuffer(t.tcb, 0, 0), seL4_NoError); /* buffer 0: no IPC buffer */
  REQUIRE(conf_thread_start(&t, send_no_buffer, 0));
  seL4_MessageInfo_t m = seL4_Recv(g_ep, 0);
  CHECK_EQ(conf_label(m), 0x77);
  CHECK_EQ(conf_length(m), 4);                  /* truncated to the 4 register MRs */
  CHECK_EQ(seL4_GetMR(0), 1);
  CHECK_EQ(seL4_GetMR(3), 4);
  conf_thread_stop(&t);
}

/* ---- Badges: Mint sets the badge, Recv returns it, Copy keeps it (2.4) --- */
static void IPC_BADGE(void) {
  conf_thread_t t;
  REQUIRE(setup());
  seL4_CPtr badged = conf_mint(g_ep, seL4_AllRights, 0x1234);
  seL4_CPtr copy = conf_slot();
  REQUIRE(badged != 0);
  REQUIRE_EQ(seL4_CNode_Copy(ROOT, copy, D, ROOT, badged, D, seL4_AllRights), seL4_NoError);
  REQUIRE(conf_spawn(&t, 255, 0, receiver, 0));
  seL4_Yield();
  seL4_SetMR(0, 1);
  seL4_Send(badged, seL4_MessageInfo_new(3, 0, 0, 1));
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_badge, 0x1234);
  conf_thread_stop(&t);
  REQUIRE(conf_spawn(&t, 255, 0, receiver, 0));
  seL4_Yield();
  seL4_Send(copy, seL4_MessageInfo_new(4, 0, 0, 1));
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_badge, 0x1234);
  CHECK_EQ(g_flag, 4);
  conf_thread_stop(&t);
}

/* ---- IPCRIGHTS0001: Send through a cap without Write is dropped --------- */
static void IPCRIGHTS0001(void) {
  conf_thread_t t;
  REQUIRE(setup());
  REQUIRE(conf_spawn(&t, 255, 0, receiver, 0));
  seL4_Yield();
  seL4_CPtr none = conf_mint(g_ep, seL4_NoRights, 0), ro = conf_mint(g_ep, seL4_CanRead, 0);
  REQUIRE(none != 0 && ro != 0);
  seL4_Send(none, seL4_MessageInfo_new(5, 0, 0, 0));
  seL4_Send(ro, seL4_MessageInfo_new(6, 0, 0, 0));
  seL4_Yield();
  CHECK_EQ(g_flag, 0); /* nothing delivered */
  /* with Call the decode error comes back: InvalidCapability (2.1) */
  CHECK_EQ(conf_label(seL4_Call(ro, seL4_MessageInfo_new(7, 0, 0, 0))), seL4_InvalidCapability);
  /* 2.4: asking for more rights than the source has is silently reduced */
  seL4_CPtr up = conf_mint(ro, seL4_AllRights, 0);
  REQUIRE(up != 0);
  CHECK_EQ(conf_label(seL4_Call(up, seL4_MessageInfo_new(7, 0, 0, 0))), seL4_InvalidCapability);
  seL4_CPtr wo = conf_mint(g_ep, seL4_CanWrite, 0);
  REQUIRE(wo != 0);
  seL4_Send(wo, seL4_MessageInfo_new(8, 0, 0, 0));
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_flag, 8);
  conf_thread_stop(&t);
}

/* ---- Call blocks until a receiver takes it and replies (2.1) ------------ */
static void call_once(seL4_Word cap) {
  seL4_SetMR(0, 0x5a);
  seL4_MessageInfo_t r = seL4_Call(cap, seL4_MessageInfo_new(9, 0, 0, 1));
  g_word = conf_length(r) ? seL4_GetMR(0) : 0;
  g_flag = 1;
  seL4_Signal(g_done);
}

static void IPC_CALL_BLOCKS(void) {
  conf_thread_t t;
  REQUIRE(setup());
  REQUIRE(conf_spawn(&t, 255, 0, call_once, g_ep));
  seL4_Yield();
  seL4_Yield();
  CHECK_EQ(g_flag, 0);                      /* no receiver: the caller is blocked */
  seL4_Word badge = 1;
  seL4_MessageInfo_t m = seL4_Recv(g_ep, &badge);
  CHECK_EQ(conf_label(m), 9);
  CHECK_EQ(seL4_GetMR(0), 0x5a);
  CHECK_EQ(g_flag, 0);                      /* still waiting for the reply */
  seL4_SetMR(0, 0x77);
  seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_flag, 1);
  CHECK_EQ(g_word, 0x77);
  conf_thread_stop(&t);
}

/* ---- IPCRIGHTS0004: Call needs Grant or GrantReply; reply caps ---------- */
static void IPCRIGHTS0004(void) {
  conf_thread_t t;
  REQUIRE(setup());
  seL4_CPtr rw = conf_mint(g_ep, seL4_ReadWrite, 0);
  REQUIRE(rw != 0);
  REQUIRE(conf_spawn(&t, 255, 0, call_once, rw));
  seL4_Yield();
  seL4_MessageInfo_t m = seL4_Recv(g_ep, 0);
  CHECK_EQ(conf_label(m), 9);                /* the send phase happened */
  seL4_CPtr s = conf_slot();
  CHECK_EQ(seL4_CNode_SaveCaller(ROOT, s, D), seL4_NoError); /* no reply cap was made */
  CHECK_EQ(seL4_CNode_Copy(ROOT, s, D, ROOT, seL4_CapInitThreadTCB, D, seL4_AllRights), seL4_NoError); /* slot was empty */
  seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0)); /* no reply cap: no effect */
  seL4_Yield();
  seL4_Yield();
  CHECK_EQ(g_flag, 0);                       /* caller was suspended, never resumed */
  conf_thread_stop(&t);
  /* with GrantReply the reply cap exists; SaveCaller moves it; Send on it replies (2.1) */
  REQUIRE(setup());
  seL4_CPtr gr = conf_mint(g_ep, seL4_CapRights_new(1, 0, 1, 1), 0);
  REQUIRE(gr != 0);
  REQUIRE(conf_spawn(&t, 255, 0, call_once, gr));
  seL4_Yield();
  seL4_Recv(g_ep, 0);
  seL4_CPtr rs = conf_slot();
  CHECK_EQ(seL4_CNode_SaveCaller(ROOT, rs, D), seL4_NoError);
  CHECK_EQ(seL4_CNode_Copy(ROOT, rs, D, ROOT, seL4_CapInitThreadTCB, D, seL4_AllRights), seL4_DeleteFirst); /* filled */
  seL4_SetMR(0, 0x99);
  seL4_Send(rs, seL4_MessageInfo_new(0, 0, 0, 1));
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_flag, 1);
  CHECK_EQ(g_word, 0x99);
  conf_thread_stop(&t);
}

/* ---- IPCRIGHTS0003: caps move only through caps with Grant; unwrapping --- */
static void send_cap(seL4_Word cap) {
  seL4_SetCap(0, g_word);
  seL4_SetMR(0, 0xc0);
  seL4_Send(cap, seL4_MessageInfo_new(10, 0, 1, 1));
  seL4_Signal(g_done);
}

static void IPCRIGHTS0003(void) {
  conf_thread_t t;
  REQUIRE(setup());
  seL4_CPtr ntfn = conf_alloc_ntfn();
  REQUIRE(ntfn != 0);
  seL4_CPtr slot = conf_slot();
  seL4_SetCapReceivePath(ROOT, slot, D);
  /* with Grant (all rights): the cap is copied into the receive slot */
  g_word = ntfn;
  REQUIRE(conf_spawn(&t, 254, 0, send_cap, g_ep));
  seL4_MessageInfo_t m = seL4_Recv(g_ep, 0);
  CHECK_EQ(seL4_MessageInfo_get_extraCaps(m), 1);
  CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(m), 0);
  CHECK_EQ(seL4_GetMR(0), 0xc0);
  CHECK_EQ(seL4_CNode_Copy(ROOT, slot, D, ROOT, seL4_CapInitThreadTCB, D, seL4_AllRights), seL4_DeleteFirst);
  seL4_Wait(g_done, 0);
  conf_thread_stop(&t);
  /* without Grant: data delivered, cap silently dropped */
  seL4_CPtr slot2 = conf_slot();
  seL4_SetCapReceivePath(ROOT, slot2, D);
  seL4_CPtr nogrant = conf_mint(g_ep, seL4_ReadWrite, 0);
  REQUIRE(nogrant != 0);
  g_word = ntfn;
  REQUIRE(conf_spawn(&t, 254, 0, send_cap, nogrant));
  m = seL4_Recv(g_ep, 0);
  CHECK_EQ(seL4_MessageInfo_get_extraCaps(m), 0);
  CHECK_EQ(seL4_GetMR(0), 0xc0);
  CHECK_EQ(seL4_CNode_Copy(ROOT, slot2, D, ROOT, seL4_CapInitThreadTCB, D, seL4_AllRights), seL4_NoError); /* was empty */
  seL4_Wait(g_done, 0);
  conf_thread_stop(&t);
  /* receive slot occupied: the transfer stops early, extraCaps 0, data delivered (2.11) */
  seL4_SetCapReceivePath(ROOT, slot, D);        /* still holds the cap received above */
  g_word = ntfn;
  REQUIRE(conf_spawn(&t, 254, 0, send_cap, g_ep));
  m = seL4_Recv(g_ep, 0);
  CHECK_EQ(seL4_MessageInfo_get_extraCaps(m), 0);
  CHECK_EQ(seL4_GetMR(0), 0xc0);
  seL4_Wait(g_done, 0);
  conf_thread_stop(&t);
  /* a badged cap to the same endpoint is unwrapped: badge in caps_or_badges[0] (2.11) */
  seL4_CPtr self = conf_mint(g_ep, seL4_AllRights, 0x4242);
  REQUIRE(self != 0);
  g_word = self;
  REQUIRE(conf_spawn(&t, 254, 0, send_cap, g_ep));
  m = seL4_Recv(g_ep, 0);
  CHECK_EQ(seL4_MessageInfo_get_extraCaps(m), 1);
  CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(m), 1);
  CHECK_EQ(seL4_GetBadge(0), 0x4242);
  seL4_Wait(g_done, 0);
  conf_thread_stop(&t);
}

/* ---- IPCRIGHTS0005: caps in a reply need Grant on the *receiver's* EP cap -- */
static volatile seL4_Word g_rslot, g_rcaps;

static void call_for_cap(seL4_Word arg) {
  (void)arg;
  seL4_SetCapReceivePath(ROOT, g_rslot, D);
  seL4_MessageInfo_t r = seL4_Call(g_ep, seL4_MessageInfo_new(11, 0, 0, 0));
  g_rcaps = seL4_MessageInfo_get_extraCaps(r) + 1;
  seL4_Signal(g_done);
}

static void reply_with_cap(seL4_CPtr recv_cap, seL4_CPtr give, seL4_CPtr slot, seL4_Word want_caps) {
  conf_thread_t t;
  g_rslot = slot; g_rcaps = 0;
  REQUIRE(conf_spawn(&t, 254, 0, call_for_cap, 0));
  seL4_MessageInfo_t m = seL4_Recv(recv_cap, 0);
  CHECK_EQ(conf_label(m), 11);
  seL4_SetCap(0, give);
  seL4_Reply(seL4_MessageInfo_new(0, 0, 1, 0));
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_rcaps, want_caps + 1);
  conf_thread_stop(&t);
}

static void IPCRIGHTS0005(void) {
  REQUIRE(setup());
  seL4_CPtr ntfn = conf_alloc_ntfn();
  seL4_CPtr rg = conf_mint(g_ep, seL4_CapRights_new(0, 1, 1, 0), 0); /* Read + Grant */
  seL4_CPtr r = conf_mint(g_ep, seL4_CanRead, 0);                    /* Read only */
  REQUIRE(ntfn && rg && r);
  reply_with_cap(rg, ntfn, conf_slot(), 1);   /* the reply carries the cap */
  reply_with_cap(r, ntfn, conf_slot(), 0);    /* dropped: the receiver's cap had no Grant */
}

/* ---- Receivers queue FIFO too: one Send wakes the first receiver (2.11) ---- */
static volatile seL4_Word g_order[2], g_norder;

static void recv_id(seL4_Word id) {
  seL4_Recv(g_ep, 0);
  g_order[g_norder++] = id;
  seL4_Signal(g_done);
}

static void IPC_RECV_FIFO(void) {
  conf_thread_t a, b;
  REQUIRE(setup());
  g_norder = 0;
  REQUIRE(conf_spawn(&a, 255, 0, recv_id, 1));
  seL4_Yield();
  REQUIRE(conf_spawn(&b, 255, 0, recv_id, 2));
  seL4_Yield();
  seL4_Send(g_ep, seL4_MessageInfo_new(0, 0, 0, 0));
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_norder, 1);
  CHECK_EQ(g_order[0], 1);
  seL4_Send(g_ep, seL4_MessageInfo_new(0, 0, 0, 0));
  seL4_Wait(g_done, 0);
  CHECK_EQ(g_order[1], 2);
  conf_thread_stop(&a);
  conf_thread_stop(&b);
}

/* ---- IPC1001 (reduced): the sender lives in another CSpace and VSpace; its
   MR4.. come from its own IPC buffer, mapped only in its VSpace (2.3, 2.11) --- */
void conf_child_send_long(void);

static void IPC1001(void) {
  seL4_CPtr vs = conf_alloc(seL4_ARM_VSpaceObject, 0), cn = conf_alloc(seL4_CapTableObject, 4);
  seL4_CPtr tcb = conf_alloc(seL4_TCBObject, 0), buf = conf_alloc(seL4_ARM_SmallPageObject, 0);
  REQUIRE(setup());
  REQUIRE(vs && cn && tcb && buf);
  REQUIRE_EQ(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vs), seL4_NoError);
  REQUIRE_EQ(seL4_CNode_Mint(cn, 1, 4, ROOT, g_ep, D, seL4_AllRights, 0x1001), seL4_NoError);
  seL4_CPtr croot = conf_slot();
  REQUIRE_EQ(seL4_CNode_Mint(ROOT, croot, D, ROOT, cn, D, seL4_AllRights, seL4_CNode_CapData_new(0, 60)), seL4_NoError);
  seL4_Word code = (seL4_Word)conf_child_send_long & ~(CONF_PAGE - 1);
  seL4_CPtr mine = conf_image_frame(code), copy = conf_slot();
  REQUIRE(mine != 0);
  REQUIRE_EQ(seL4_CNode_Copy(ROOT, copy, D, ROOT, mine, D, seL4_AllRights), seL4_NoError);
  REQUIRE_EQ(conf_map_in(vs, copy, code, seL4_CanRead, seL4_ARM_Default_VMAttributes), seL4_NoError);
  seL4_Word bufva = 0x20000000UL;               /* not mapped in our own VSpace */
  REQUIRE_EQ(conf_map_in(vs, buf, bufva, seL4_ReadWrite, seL4_ARM_Default_VMAttributes), seL4_NoError);
  REQUIRE_EQ(seL4_TCB_Configure(tcb, 0, croot, 0, vs, 0, bufva, buf), seL4_NoError);
  REQUIRE_EQ(seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 254), seL4_NoError);
  seL4_UserContext c;
  memset(&c, 0, sizeof(c));
  c.pc = (seL4_Word)conf_child_send_long;
  c.x0 = 1;
  c.x1 = 0x700;
  REQUIRE_EQ(seL4_TCB_WriteRegisters(tcb, 1, 0, 12, &c), seL4_NoError);
  seL4_Word badge = 0;
  seL4_MessageInfo_t m = seL4_Recv(g_ep, &badge);
  CHECK_EQ(badge, 0x1001);
  CHECK_EQ(conf_label(m), 0x43);
  CHECK_EQ(conf_length(m), 10);
  seL4_Word bad = 0;
  for (int i = 0; i < 10; i++) if (seL4_GetMR(i) != 0x700 + (seL4_Word)i) bad++;
  CHECK_EQ(bad, 0);
  CHECK_EQ(seL4_TCB_Suspend(tcb), seL4_NoError);
}

/* ---- IPC1002 (reduced): Call + Reply with the client in another CSpace and
   VSpace; the reply reaches it through the one-shot reply cap (2.1, 2.11) ------ */
void conf_child_call(void);

static void IPC1002(void) {
  seL4_CPtr vs = conf_alloc(seL4_ARM_VSpaceObject, 0), cn = conf_alloc(seL4_CapTableObject, 4);
  seL4_CPtr tcb = conf_alloc(seL4_TCBObject, 0);
  REQUIRE(setup());
  REQUIRE(vs && cn && tcb);
  REQUIRE_EQ(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vs), seL4_NoError);
  REQUIRE_EQ(seL4_CNode_Mint(cn, 1, 4, ROOT, g_ep, D, seL4_AllRights, 0x1002), seL4_NoError);
  seL4_CPtr croot = conf_slot();
  REQUIRE_EQ(seL4_CNode_Mint(ROOT, croot, D, ROOT, cn, D, seL4_AllRights, seL4_CNode_CapData_new(0, 60)), seL4_NoError);
  seL4_Word code = (seL4_Word)conf_child_call & ~(CONF_PAGE - 1);
  seL4_CPtr mine = conf_image_frame(code), copy = conf_slot();
  REQUIRE(mine != 0);
  REQUIRE_EQ(seL4_CNode_Copy(ROOT, copy, D, ROOT, mine, D, seL4_AllRights), seL4_NoError);
  REQUIRE_EQ(conf_map_in(vs, copy, code, seL4_CanRead, seL4_ARM_Default_VMAttributes), seL4_NoError);
  REQUIRE_EQ(seL4_TCB_Configure(tcb, 0, croot, 0, vs, 0, 0, 0), seL4_NoError);
  REQUIRE_EQ(seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 254), seL4_NoError);
  seL4_UserContext c;
  memset(&c, 0, sizeof(c));
  c.pc = (seL4_Word)conf_child_call;
  c.x0 = 1;
  c.x1 = 21;
  REQUIRE_EQ(seL4_TCB_WriteRegisters(tcb, 1, 0, 12, &c), seL4_NoError);
  seL4_Word badge = 0;
  seL4_MessageInfo_t m = seL4_Recv(g_ep, &badge);
  CHECK_EQ(badge, 0x1002);
  CHECK_EQ(conf_label(m), 0x44);
  CHECK_EQ(seL4_GetMR(0), 21);
  seL4_SetMR(0, 42);
  seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
  m = seL4_Recv(g_ep, &badge);
  CHECK_EQ(conf_label(m), 0x45);
  CHECK_EQ(seL4_GetMR(0), 43);                  /* it got our reply MR0 = 42 */
  CHECK_EQ(seL4_TCB_Suspend(tcb), seL4_NoError);
}

/* ---- IPC0010: suspend a thread blocked mid-Call, resume, suspend, delete -- */
static void IPC0010(void) {
  conf_thread_t t;
  REQUIRE(setup());
  REQUIRE(conf_spawn(&t, 255, 0, call_once, g_ep));
  seL4_Yield();                                  /* blocked in Call (send phase) */
  CHECK_EQ(seL4_TCB_Suspend(t.tcb), seL4_NoError);
  seL4_Word badge = 1;
  seL4_NBRecv(g_ep, &badge);                     /* the queued send was cancelled */
  CHECK_EQ(badge, 0);
  CHECK_EQ(seL4_TCB_Resume(t.tcb), seL4_NoError);
  seL4_Yield();                                  /* Restart: the Call is executed again (2.2) */
  CHECK_EQ(g_flag, 0);                           /* ...so it has not returned */
  seL4_Word b2 = 1;
  seL4_MessageInfo_t m = seL4_NBRecv(g_ep, &b2); /* the re-executed Call is queued (NBRecv: no hang if not) */
  if (!CHECK_EQ(conf_label(m), 9)) { conf_thread_stop(&t); return; }
  CHECK_EQ(seL4_TCB_Suspend(t.tcb), seL4_NoError); /* now blocked on reply */
  seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));     /* reply cap vanished with the suspend */
  seL4_Yield();
  CHECK_EQ(g_flag, 0);
  CHECK_EQ(seL4_CNode_Delete(ROOT, t.tcb, D), seL4_NoError);
}

/* ---- CANCEL_BADGED_SENDS_0001: only senders with that badge are aborted --- */
static volatile seL4_Word g_labels[2];

static void call_label(seL4_Word i) {
  seL4_MessageInfo_t r = seL4_Call(i == 0 ? g_word : g_badge, seL4_MessageInfo_new(20 + i, 0, 0, 0));
  g_labels[i] = conf_label(r) + 1;
  seL4_Signal(g_done);
}

static void CANCEL_BADGED_SENDS_0001(void) {
  conf_thread_t a, b;
  REQUIRE(setup());
  seL4_CPtr b1 = conf_mint(g_ep, seL4_AllRights, 1), b2 = conf_mint(g_ep, seL4_AllRights, 2);
  REQUIRE(b1 != 0 && b2 != 0);
  g_word = b1; g_badge = b2; g_labels[0] = g_labels[1] = 0;
  REQUIRE(conf_spawn(&a, 255, 0, call_label, 0));
  REQUIRE(conf_spawn(&b, 255, 0, call_label, 1));
  seL4_Yield();                                    /* both queued on the endpoint */
  CHECK_EQ(seL4_CNode_CancelBadgedSends(ROOT, b1, D), seL4_NoError);
  CHECK_EQ(seL4_CNode_Delete(ROOT, b1, D), seL4_NoError);
  seL4_Yield();                                    /* A restarts its Call (2.2): the slot is now empty */
  CHECK_EQ(g_labels[0], seL4_InvalidCapability + 1);
  seL4_Word badge = 0;
  seL4_MessageInfo_t m = seL4_NBRecv(g_ep, &badge); /* B's message is still queued */
  CHECK_EQ(badge, 2);
  CHECK_EQ(conf_label(m), 21);
  seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
  seL4_Yield();
  CHECK_EQ(g_labels[1], 1);                        /* B got the (label 0) reply */
  conf_thread_stop(&a);
  conf_thread_stop(&b);
}

static const conf_test_t tests[] = {
  CONF_TEST(IPC0001), CONF_TEST(IPC0002), CONF_TEST(IPC0003), CONF_TEST(IPC0004), CONF_TEST(IPC_CLAMP), CONF_TEST(IPC_NO_BUFFER), CONF_TEST(IPC_BADGE),
  CONF_TEST(IPCRIGHTS0001), CONF_TEST(IPC_CALL_BLOCKS), CONF_TEST(IPCRIGHTS0003), CONF_TEST(IPCRIGHTS0004),
  CONF_TEST(IPCRIGHTS0005), CONF_TEST(IPC_RECV_FIFO), CONF_TEST(IPC1001), CONF_TEST(IPC1002), CONF_TEST(IPC0010), CONF_TEST(CANCEL_BADGED_SENDS_0001),
};
CONF_MAIN(tests)

/* CNode invocations and CSpace addressing: Copy, Delete, Mint, Move, Mutate,
   CancelBadgedSends, Revoke, Rotate, SaveCaller, lookup depth and guards.
   Mirrors sel4test CNODEOP0001-0009 and a reduced CSPACE0001 (reference 4.2);
   decode order and error payloads from reference 2.4, 2.8 and 2.13. */
#include "framework.h"

#define ROOT seL4_CapInitThreadCNode
#define D seL4_WordBits

static seL4_Error copy(seL4_CPtr dest, seL4_CPtr src) { return seL4_CNode_Copy(ROOT, dest, D, ROOT, src, D, seL4_AllRights); }

/* A slot is filled iff copying the root TCB cap into it gives DeleteFirst
   (2.8: dest occupied -> DeleteFirst); an empty probe is undone by Delete. */
static int filled(seL4_CPtr s) {
  seL4_Error e = copy(s, seL4_CapInitThreadTCB);
  if (e == seL4_NoError) { seL4_CNode_Delete(ROOT, s, D); return 0; }
  return e == seL4_DeleteFirst;
}

static void CNODEOP0001(void) { /* Copy */
  seL4_CPtr ep = conf_alloc_ep(), dest = conf_slot(), empty = conf_slot();
  REQUIRE(ep != 0);
  CHECK_EQ(copy(dest, ep), seL4_NoError);
  CHECK(filled(dest));
  CHECK_EQ(copy(dest, ep), seL4_DeleteFirst);            /* dest occupied */
  CHECK_EQ(copy(conf_slot(), empty), seL4_FailedLookup);  /* empty source */
  CHECK_EQ(seL4_GetMR(0), 1);                             /* 2.13: MR0 = 1, source lookup failed */
  CHECK_EQ(seL4_GetMR(1), seL4_MissingCapability);        /* lookup failure type */
  CHECK_EQ(copy(dest, empty), seL4_DeleteFirst);          /* dest check precedes source check */
}

static void CNODEOP0002(void) { /* Delete */
  seL4_CPtr ep = conf_alloc_ep(), c = conf_slot();
  REQUIRE(ep != 0);
  REQUIRE_EQ(copy(c, ep), seL4_NoError);
  CHECK_EQ(seL4_CNode_Delete(ROOT, c, D), seL4_NoError);
  CHECK(!filled(c));
  CHECK_EQ(seL4_CNode_Delete(ROOT, c, D), seL4_NoError); /* deleting an empty slot is success */
}

static void CNODEOP0003(void) { /* Mint */
  seL4_CPtr ep = conf_alloc_ep(), dest = conf_slot(), empty = conf_slot();
  REQUIRE(ep != 0);
  CHECK_EQ(seL4_CNode_Mint(ROOT, dest, D, ROOT, ep, D, seL4_AllRights, 42), seL4_NoError);
  CHECK_EQ(seL4_CNode_Mint(ROOT, dest, D, ROOT, ep, D, seL4_AllRights, 43), seL4_DeleteFirst);
  CHECK_EQ(seL4_CNode_Mint(ROOT, conf_slot(), D, ROOT, empty, D, seL4_AllRights, 1), seL4_FailedLookup);
  /* 2.4: a badged EP cap cannot be rebadged, not even with badge 0 */
  CHECK_EQ(seL4_CNode_Mint(ROOT, conf_slot(), D, ROOT, dest, D, seL4_AllRights, 7), seL4_IllegalOperation);
  CHECK_EQ(seL4_CNode_Mint(ROOT, conf_slot(), D, ROOT, dest, D, seL4_AllRights, 0), seL4_IllegalOperation);
  /* 2.4: plain Copy of a badged cap keeps it working (badge kept) */
  CHECK_EQ(copy(conf_slot(), dest), seL4_NoError);
}

static void CNODEOP0004(void) { /* Move */
  seL4_CPtr ep = conf_alloc_ep(), src = conf_slot(), dest = conf_slot(), other = conf_slot();
  REQUIRE(ep != 0);
  REQUIRE_EQ(copy(src, ep), seL4_NoError);
  CHECK_EQ(seL4_CNode_Move(ROOT, dest, D, ROOT, src, D), seL4_NoError);
  CHECK(!filled(src));
  CHECK(filled(dest));
  CHECK_EQ(seL4_CNode_Move(ROOT, conf_slot(), D, ROOT, src, D), seL4_FailedLookup); /* empty src */
  REQUIRE_EQ(copy(other, ep), seL4_NoError);
  CHECK_EQ(seL4_CNode_Move(ROOT, dest, D, ROOT, other, D), seL4_DeleteFirst);       /* occupied dest */
  CHECK(filled(dest));
  CHECK(filled(other));                                                              /* both unchanged */
  CHECK_EQ(seL4_CNode_Move(ROOT, dest, D, ROOT, dest, D), seL4_DeleteFirst);         /* move to itself */
}

static void CNODEOP0005(void) { /* Mutate */
  seL4_CPtr tcb = conf_slot(), dest = conf_slot(), other = conf_slot();
  /* a TCB cap: updateCapData leaves non-EP/ntfn/CNode caps unchanged (2.8) */
  REQUIRE_EQ(copy(tcb, seL4_CapInitThreadTCB), seL4_NoError);
  CHECK_EQ(seL4_CNode_Mutate(ROOT, dest, D, ROOT, tcb, D, 0), seL4_NoError);
  CHECK(!filled(tcb));
  CHECK(filled(dest));
  CHECK_EQ(seL4_CNode_Mutate(ROOT, conf_slot(), D, ROOT, tcb, D, 0), seL4_FailedLookup);
  REQUIRE_EQ(copy(other, seL4_CapInitThreadTCB), seL4_NoError);
  CHECK_EQ(seL4_CNode_Mutate(ROOT, dest, D, ROOT, other, D, 0), seL4_DeleteFirst);
  CHECK(filled(other));
  /* 2.8: Mutate of an endpoint cap yields a null cap -> IllegalOperation */
  seL4_CPtr ep = conf_alloc_ep();
  REQUIRE(ep != 0);
  CHECK_EQ(seL4_CNode_Mutate(ROOT, conf_slot(), D, ROOT, ep, D, 5), seL4_IllegalOperation);
  CHECK(filled(ep));
}

static void CNODEOP0006(void) { /* CancelBadgedSends */
  seL4_CPtr ep = conf_alloc_ep();
  REQUIRE(ep != 0);
  CHECK_EQ(seL4_CNode_CancelBadgedSends(ROOT, ep, D), seL4_NoError);
  CHECK_EQ(seL4_CNode_CancelBadgedSends(ROOT, conf_slot(), D), seL4_IllegalOperation); /* empty slot */
  seL4_CPtr rw = conf_mint(ep, seL4_ReadWrite, 0);
  REQUIRE(rw != 0);
  CHECK_EQ(seL4_CNode_CancelBadgedSends(ROOT, rw, D), seL4_IllegalOperation);          /* not all rights */
}

static void CNODEOP0007(void) { /* Revoke */
  seL4_CPtr ep = conf_alloc_ep(), child = conf_slot();
  REQUIRE(ep != 0);
  REQUIRE_EQ(copy(child, ep), seL4_NoError);
  CHECK_EQ(seL4_CNode_Revoke(ROOT, ep, D), seL4_NoError);
  CHECK(filled(ep));       /* the revoked cap stays */
  CHECK(!filled(child));   /* its CDT child is gone */
  CHECK_EQ(seL4_CNode_Revoke(ROOT, ep, D), seL4_NoError);          /* no children: success */
  CHECK_EQ(seL4_CNode_Revoke(ROOT, conf_slot(), D), seL4_NoError); /* empty slot: success */
}

static seL4_Error rotate(seL4_CPtr dest, seL4_CPtr pivot, seL4_CPtr src) {
  return seL4_CNode_Rotate(ROOT, dest, D, 0, ROOT, pivot, D, 0, ROOT, src, D);
}

static void CNODEOP0008(void) { /* Rotate (TCB caps: EP/ntfn caps cannot be rotated, 2.8) */
  seL4_CPtr dest = conf_slot(), pivot = conf_slot(), src = conf_slot();
  REQUIRE_EQ(copy(pivot, seL4_CapInitThreadTCB), seL4_NoError);
  REQUIRE_EQ(copy(src, seL4_CapInitThreadCNode), seL4_NoError);
  CHECK_EQ(rotate(dest, pivot, src), seL4_NoError);  /* src -> pivot -> dest */
  CHECK(!filled(src));
  CHECK(filled(pivot));
  CHECK(filled(dest));
  seL4_CPtr s2 = conf_slot();
  REQUIRE_EQ(copy(s2, seL4_CapInitThreadTCB), seL4_NoError);
  CHECK_EQ(rotate(dest, pivot, s2), seL4_DeleteFirst);      /* occupied dest != src */
  CHECK_EQ(rotate(dest, pivot, dest), seL4_NoError);        /* dest == src: swap */
  CHECK(filled(dest));
  CHECK(filled(pivot));
  CHECK_EQ(rotate(conf_slot(), s2, s2), seL4_IllegalOperation); /* pivot == src */
  seL4_CPtr e1 = conf_slot(), e2 = conf_slot(), e3 = conf_slot();
  CHECK_EQ(rotate(e1, e2, e3), seL4_FailedLookup);           /* all empty */
}

static void CNODEOP0009(void) { /* SaveCaller (non-MCS) */
  seL4_CPtr s = conf_slot();
  CHECK_EQ(seL4_CNode_SaveCaller(ROOT, s, D), seL4_NoError); /* no caller: slot stays empty */
  CHECK(!filled(s));
  REQUIRE_EQ(copy(s, seL4_CapInitThreadTCB), seL4_NoError);
  CHECK_EQ(seL4_CNode_SaveCaller(ROOT, s, D), seL4_DeleteFirst);
}

/* 2.8: Copy masks rights: a Read-only copy of an EP cannot send (Call -> InvalidCapability, 2.1). */
static void CNODE_COPY_RIGHTS(void) {
  seL4_CPtr ep = conf_alloc_ep(), ro = conf_slot();
  REQUIRE(ep != 0);
  REQUIRE_EQ(seL4_CNode_Copy(ROOT, ro, D, ROOT, ep, D, seL4_CanRead), seL4_NoError);
  CHECK_EQ(conf_label(seL4_Call(ro, seL4_MessageInfo_new(0, 0, 0, 0))), seL4_InvalidCapability);
  /* and a copy of that copy cannot get Write back */
  seL4_CPtr up = conf_slot();
  REQUIRE_EQ(seL4_CNode_Copy(ROOT, up, D, ROOT, ro, D, seL4_AllRights), seL4_NoError);
  CHECK_EQ(conf_label(seL4_Call(up, seL4_MessageInfo_new(0, 0, 0, 0))), seL4_InvalidCapability);
}

/* 2.8: underivable caps (IRQControl) cannot be copied. */
static void CNODE_UNDERIVABLE(void) {
  CHECK_EQ(copy(conf_slot(), seL4_CapIRQControl), seL4_IllegalOperation);
}

/* 2.8 general: an invalid CNode label -> IllegalOperation; depth 0 -> RangeError [1, 64]. */
static void CNODE_DECODE(void) {
  seL4_SetMR(0, conf_slot()); seL4_SetMR(1, D);
  seL4_MessageInfo_t r = seL4_Call(ROOT, seL4_MessageInfo_new(UntypedRetype, 0, 0, 2));
  CHECK_EQ(conf_label(r), seL4_IllegalOperation);
  CHECK_EQ(seL4_CNode_Delete(ROOT, 1, 0), seL4_RangeError);
  CHECK_EQ(seL4_GetMR(0), 1);
  CHECK_EQ(seL4_GetMR(1), seL4_WordBits);
}

/* Reduced CSPACE0001: a second-level CNode (radix 4) addressed by depth and
   through a minted cap whose guard makes radix + guard = 64 (2.4). */
static void CSPACE0001(void) {
  seL4_CPtr cn = conf_alloc(seL4_CapTableObject, 4);
  REQUIRE(cn != 0);
  CHECK_EQ(seL4_CNode_Copy(cn, 3, 4, ROOT, seL4_CapInitThreadTCB, D, seL4_AllRights), seL4_NoError);
  CHECK_EQ(seL4_CNode_Copy(cn, 3, 4, ROOT, seL4_CapInitThreadTCB, D, seL4_AllRights), seL4_DeleteFirst);
  /* depth 2 < radix 4: depth mismatch (MR0 0 = dest, MR1 type, MR2 bits left, MR3 bits found) */
  CHECK_EQ(seL4_CNode_Copy(cn, 3, 2, ROOT, seL4_CapInitThreadTCB, D, seL4_AllRights), seL4_FailedLookup);
  CHECK_EQ(seL4_GetMR(0), 0);
  CHECK_EQ(seL4_GetMR(1), seL4_DepthMismatch);
  CHECK_EQ(seL4_GetMR(2), 2);
  CHECK_EQ(seL4_GetMR(3), 4);
  seL4_CPtr g = conf_slot();
  REQUIRE_EQ(seL4_CNode_Mint(ROOT, g, D, ROOT, cn, D, seL4_AllRights, seL4_CNode_CapData_new(0, 60)), seL4_NoError);
  /* slot 3 through the guarded cap at full depth is the same slot */
  CHECK_EQ(seL4_CNode_Copy(g, 3, D, ROOT, seL4_CapInitThreadTCB, D, seL4_AllRights), seL4_DeleteFirst);
  CHECK_EQ(seL4_CNode_Copy(g, 5, D, ROOT, seL4_CapInitThreadTCB, D, seL4_AllRights), seL4_NoError);
  CHECK_EQ(seL4_CNode_Copy(cn, 5, 4, ROOT, seL4_CapInitThreadTCB, D, seL4_AllRights), seL4_DeleteFirst);
  /* a CPtr with a non-zero guard bit: guard mismatch */
  CHECK_EQ(seL4_CNode_Copy(g, (1UL << 10) | 6, D, ROOT, seL4_CapInitThreadTCB, D, seL4_AllRights), seL4_FailedLookup);
  CHECK_EQ(seL4_GetMR(1), seL4_GuardMismatch);
  /* 2.4: guardSize + radix > 64 gives a null cap -> IllegalOperation */
  CHECK_EQ(seL4_CNode_Mint(ROOT, conf_slot(), D, ROOT, cn, D, seL4_AllRights, seL4_CNode_CapData_new(0, 61)), seL4_IllegalOperation);
}

static const conf_test_t tests[] = {
  CONF_TEST(CNODEOP0001), CONF_TEST(CNODEOP0002), CONF_TEST(CNODEOP0003), CONF_TEST(CNODEOP0004),
  CONF_TEST(CNODEOP0005), CONF_TEST(CNODEOP0006), CONF_TEST(CNODEOP0007), CONF_TEST(CNODEOP0008),
  CONF_TEST(CNODEOP0009), CONF_TEST(CNODE_COPY_RIGHTS), CONF_TEST(CNODE_UNDERIVABLE), CONF_TEST(CNODE_DECODE), CONF_TEST(CSPACE0001),
};
CONF_MAIN(tests)

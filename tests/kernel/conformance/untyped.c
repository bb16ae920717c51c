/* seL4_Untyped_Retype: decode order and error payloads, fan-out and window
   limits, memory exhaustion, reset after revoke, watermark alignment, device
   untypeds. Mirrors sel4test RETYPE0000-0002 (reference 4.2) and the decode
   order of reference 2.9 with payloads from 2.13. */
#include "framework.h"

#define ROOT seL4_CapInitThreadCNode
#define D seL4_WordBits

/* Retype into root-CNode slot `slot` (node_depth 0: the root cap itself, 2.9 step 5). */
static seL4_Error retype(seL4_CPtr ut, seL4_Word type, seL4_Word bits, seL4_CPtr slot, seL4_Word n) {
  return seL4_Untyped_Retype(ut, type, bits, ROOT, 0, 0, slot, n);
}

/* `n` consecutive fresh root slots; returns the first. */
static seL4_CPtr slots(int n) { seL4_CPtr first = conf_slot(); for (int i = 1; i < n; i++) conf_slot(); return first; }

static void RETYPE0000(void) { /* 8 TCBs worth of untyped, a 4-slot CNode */
  seL4_CPtr ut = conf_alloc(seL4_UntypedObject, seL4_TCBBits + 3);
  seL4_CPtr cn = conf_alloc(seL4_CapTableObject, 2);
  REQUIRE(ut != 0 && cn != 0);
  /* num_objects 0 -> RangeError [1, fan-out limit] (2.9 step 6) */
  CHECK_EQ(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, cn, 0, 0, 0, 0), seL4_RangeError);
  CHECK_EQ(seL4_GetMR(0), 1);
  CHECK_EQ(seL4_GetMR(1), CONFIG_RETYPE_FAN_OUT_LIMIT);
  /* window overrun: 5 objects into 4 slots -> RangeError [1, slots - offset] */
  CHECK_EQ(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, cn, 0, 0, 0, 5), seL4_RangeError);
  CHECK_EQ(seL4_GetMR(0), 1);
  CHECK_EQ(seL4_GetMR(1), 4);
  CHECK_EQ(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, cn, 0, 0, 1, 4), seL4_RangeError);
  CHECK_EQ(seL4_GetMR(1), 3);
  /* offset past the end -> RangeError [0, slots - 1] */
  CHECK_EQ(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, cn, 0, 0, 4, 1), seL4_RangeError);
  CHECK_EQ(seL4_GetMR(0), 0);
  CHECK_EQ(seL4_GetMR(1), 3);
  for (int i = 0; i < 4; i++) CHECK_EQ(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, cn, 0, 0, i, 1), seL4_NoError);
  CHECK_EQ(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, cn, 0, 0, 2, 1), seL4_DeleteFirst); /* step 7 */
  for (int i = 0; i < 4; i++) CHECK_EQ(seL4_CNode_Delete(cn, i, 2), seL4_NoError);
  CHECK_EQ(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, cn, 0, 0, 0, 1UL << 31), seL4_RangeError);
  CHECK_EQ(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, cn, 0, 0, 0, 5), seL4_RangeError);
  CHECK_EQ(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, cn, 0, 0, 0, 3), seL4_NoError);
  CHECK_EQ(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, cn, 0, 0, 3, 1), seL4_NoError);
}

static void RETYPE0001(void) { /* CNode too large keeps failing; exact fit succeeds */
  seL4_CPtr ut = conf_alloc(seL4_UntypedObject, 12);
  REQUIRE(ut != 0);
  for (int i = 0; i < 40; i++) CHECK_EQ(retype(ut, seL4_CapTableObject, 8, conf_slot(), 1), seL4_NotEnoughMemory);
  CHECK_EQ(retype(ut, seL4_CapTableObject, 7, conf_slot(), 1), seL4_NoError); /* 2^7 slots x 32 B = 4 KiB */
}

static void RETYPE0002(void) { /* 64 KiB untyped: 16 frames, then NotEnoughMemory */
  seL4_CPtr ut = conf_alloc(seL4_UntypedObject, 16);
  REQUIRE(ut != 0);
  seL4_CPtr first = slots(17);
  CHECK_EQ(retype(ut, seL4_ARM_SmallPageObject, 0, first, 1UL << 20), seL4_RangeError);
  for (int i = 0; i < 16; i++) CHECK_EQ(retype(ut, seL4_ARM_SmallPageObject, 0, first + i, 1), seL4_NoError);
  CHECK_EQ(retype(ut, seL4_ARM_SmallPageObject, 0, first, 1), seL4_DeleteFirst);
  CHECK_EQ(retype(ut, seL4_ARM_SmallPageObject, 0, first + 16, 1), seL4_NotEnoughMemory);
  CHECK_EQ(seL4_GetMR(0), 0); /* 2.13: MR0 = bytes available */
  /* 2.8: an untyped with children cannot be copied -> RevokeFirst */
  CHECK_EQ(seL4_CNode_Copy(ROOT, conf_slot(), D, ROOT, ut, D, seL4_AllRights), seL4_RevokeFirst);
  /* 2.9 step 8 / "Reuse": revoke deletes every child, the next retype starts at offset 0 */
  CHECK_EQ(seL4_CNode_Revoke(ROOT, ut, D), seL4_NoError);
  CHECK_EQ(retype(ut, seL4_ARM_SmallPageObject, 0, first, 16), seL4_NoError);
}

/* 2.9 steps 1-5: decode order and payloads. */
static void RETYPE_DECODE(void) {
  seL4_CPtr ut = conf_alloc(seL4_UntypedObject, 12);
  REQUIRE(ut != 0);
  seL4_CPtr s = conf_slot();
  CHECK_EQ(retype(ut, seL4_ObjectTypeCount, 0, s, 1), seL4_InvalidArgument);
  CHECK_EQ(seL4_GetMR(0), 0);
  CHECK_EQ(retype(ut, seL4_UntypedObject, 48, s, 1), seL4_RangeError);
  CHECK_EQ(seL4_GetMR(0), 0);
  CHECK_EQ(seL4_GetMR(1), seL4_MaxUntypedBits);
  CHECK_EQ(retype(ut, seL4_TCBObject, 64, s, 1), seL4_RangeError);
  CHECK_EQ(retype(ut, seL4_CapTableObject, 0, s, 1), seL4_InvalidArgument);
  CHECK_EQ(seL4_GetMR(0), 1);
  CHECK_EQ(retype(ut, seL4_UntypedObject, 3, s, 1), seL4_InvalidArgument);
  CHECK_EQ(seL4_GetMR(0), 1);
  /* type is checked before the destination: bad type with a bad offset -> InvalidArgument */
  CHECK_EQ(retype(ut, 99, 0, 1UL << 40, 1), seL4_InvalidArgument);
  /* destination must be a CNode: node_index names the TCB cap at depth 64 */
  CHECK_EQ(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, seL4_CapInitThreadTCB, D, 0, 1), seL4_FailedLookup);
  /* length < 6 -> TruncatedMessage (step 1) */
  seL4_SetCap(0, ROOT);
  seL4_MessageInfo_t r = seL4_Call(ut, seL4_MessageInfo_new(UntypedRetype, 0, 1, 5));
  CHECK_EQ(conf_label(r), seL4_TruncatedMessage);
  /* wrong label on an untyped -> IllegalOperation */
  r = seL4_Call(ut, seL4_MessageInfo_new(CNodeCopy, 0, 1, 6));
  CHECK_EQ(conf_label(r), seL4_IllegalOperation);
  /* size_bits is ignored for fixed-size types */
  CHECK_EQ(retype(ut, seL4_EndpointObject, 40, s, 1), seL4_NoError);
}

/* 2.9 step 5: node_depth != 0 looks the destination CNode up from root. */
static void RETYPE_NODE_LOOKUP(void) {
  seL4_CPtr ut = conf_alloc(seL4_UntypedObject, 12), cn = conf_alloc(seL4_CapTableObject, 3);
  REQUIRE(ut != 0 && cn != 0);
  CHECK_EQ(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, cn, D, 5, 2), seL4_NoError);
  CHECK_EQ(seL4_CNode_Copy(cn, 5, 3, ROOT, seL4_CapInitThreadTCB, D, seL4_AllRights), seL4_DeleteFirst);
  CHECK_EQ(seL4_CNode_Copy(cn, 6, 3, ROOT, seL4_CapInitThreadTCB, D, seL4_AllRights), seL4_DeleteFirst);
  CHECK_EQ(seL4_CNode_Copy(cn, 7, 3, ROOT, seL4_CapInitThreadTCB, D, seL4_AllRights), seL4_NoError);
  /* offset past the 8-slot window -> RangeError [0, 7] */
  CHECK_EQ(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, cn, D, 8, 1), seL4_RangeError);
  CHECK_EQ(seL4_GetMR(1), 7);
  /* an empty slot as destination: FailedLookup */
  CHECK_EQ(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, conf_slot(), D, 0, 1), seL4_FailedLookup);
}

/* 2.9 step 11: objects start at the watermark aligned up to their size. */
static void RETYPE_ALIGN(void) {
  seL4_CPtr ut = conf_alloc(seL4_UntypedObject, 16);
  REQUIRE(ut != 0);
  seL4_CPtr a = conf_slot(), ep = conf_slot(), b = conf_slot();
  REQUIRE_EQ(retype(ut, seL4_ARM_SmallPageObject, 0, a, 1), seL4_NoError);
  REQUIRE_EQ(retype(ut, seL4_EndpointObject, 0, ep, 1), seL4_NoError);
  REQUIRE_EQ(retype(ut, seL4_ARM_SmallPageObject, 0, b, 1), seL4_NoError);
  seL4_ARM_Page_GetAddress_t pa = seL4_ARM_Page_GetAddress(a), pb = seL4_ARM_Page_GetAddress(b);
  CHECK_EQ(pa.error, seL4_NoError);
  CHECK_EQ(pb.error, seL4_NoError);
  CHECK_EQ(pb.paddr, pa.paddr + 2 * 4096);
  CHECK_EQ(pa.paddr & 0xffff, 0); /* first object at the untyped's (64 KiB aligned) start */
}

/* 2.9 step 10: device untypeds give only frames and untypeds. */
static void RETYPE_DEVICE(void) {
  seL4_BootInfo *bi = conf_bi();
  seL4_CPtr dev = 0;
  for (seL4_Word u = bi->untyped.start; u < bi->untyped.end && !dev; u++)
    if (bi->untypedList[u - bi->untyped.start].isDevice && bi->untypedList[u - bi->untyped.start].sizeBits >= seL4_PageBits) dev = u;
  REQUIRE(dev != 0); /* QEMU virt boots with device untypeds */
  CHECK_EQ(retype(dev, seL4_TCBObject, 0, conf_slot(), 1), seL4_InvalidArgument);
  CHECK_EQ(seL4_GetMR(0), 1);
  CHECK_EQ(retype(dev, seL4_ARM_SmallPageObject, 0, conf_slot(), 1), seL4_NoError);
}

/* BootInfo sanity (TRIVIAL0001/0002: the allocator works twice). */
static void TRIVIAL0001(void) {
  seL4_BootInfo *bi = conf_bi();
  CHECK(bi != 0);
  CHECK(bi->empty.start < bi->empty.end);
  CHECK(bi->untyped.start < bi->untyped.end);
  CHECK_EQ(bi->initThreadCNodeSizeBits, CONFIG_ROOT_CNODE_SIZE_BITS);
  CHECK(conf_alloc_ep() != 0);
  CHECK(conf_alloc_ep() != 0);
}

static const conf_test_t tests[] = {
  CONF_TEST(TRIVIAL0001), CONF_TEST(RETYPE0000), CONF_TEST(RETYPE0001), CONF_TEST(RETYPE0002),
  CONF_TEST(RETYPE_DECODE), CONF_TEST(RETYPE_NODE_LOOKUP), CONF_TEST(RETYPE_DEVICE), CONF_TEST(RETYPE_ALIGN),
};
CONF_MAIN(tests)

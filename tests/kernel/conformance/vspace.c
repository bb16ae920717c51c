/* Virtual memory: page-table chains and missing-level reports, frame
   mapping rules (alignment, one mapping per cap, user top, remap), page-table
   mapping errors, data surviving remaps, TLB freshness, ASID pools.
   Mirrors sel4test PT0001 (AArch64 variant), PT0002, FRAMEEXPORTS0001,
   VSPACE0000-0002, FRAMEDIPC0003 (reference 4.6); rules from reference 2.13 (FailedLookup MR2)
   and 2.14. */
#include "framework.h"

#define ROOT seL4_CapInitThreadCNode
#define D seL4_WordBits
#define VS seL4_CapInitThreadVSpace
#define RW seL4_ReadWrite
#define ATTR seL4_ARM_Default_VMAttributes

/* 1 TiB: no page tables exist there in a fresh root task (level-0 index 2). */
#define REGION 0x10000000000UL

static seL4_CPtr page(void) { return conf_alloc(seL4_ARM_SmallPageObject, 0); }
static seL4_CPtr table(void) { return conf_alloc(seL4_ARM_PageTableObject, 0); }

static void PT0001(void) {
  seL4_Word va = REGION;
  seL4_CPtr f = page(), pud = table(), pd = table(), pt = table();
  REQUIRE(f && pud && pd && pt);
  /* each missing level is reported with the bits left (2.13: 39/30/21) */
  CHECK_EQ(seL4_ARM_Page_Map(f, VS, va, RW, ATTR), seL4_FailedLookup);
  CHECK_EQ(seL4_GetMR(0), 0);
  CHECK_EQ(seL4_GetMR(1), seL4_MissingCapability);
  CHECK_EQ(seL4_GetMR(2), 39);
  CHECK_EQ(seL4_ARM_PageTable_Map(pud, VS, va, ATTR), seL4_NoError);
  CHECK_EQ(seL4_ARM_Page_Map(f, VS, va, RW, ATTR), seL4_FailedLookup);
  CHECK_EQ(seL4_GetMR(2), 30);
  /* PageTable_Map ignores the low bits of the address (PT0001) */
  CHECK_EQ(seL4_ARM_PageTable_Map(pd, VS, va + 0x1234, ATTR), seL4_NoError);
  CHECK_EQ(seL4_ARM_Page_Map(f, VS, va, RW, ATTR), seL4_FailedLookup);
  CHECK_EQ(seL4_GetMR(2), 21);
  CHECK_EQ(seL4_ARM_PageTable_Map(pt, VS, va, ATTR), seL4_NoError);
  CHECK_EQ(seL4_ARM_Page_Map(f, VS, va + 0x800, RW, ATTR), seL4_AlignmentError); /* 2.14: no silent masking */
  REQUIRE_EQ(seL4_ARM_Page_Map(f, VS, va, RW, ATTR), seL4_NoError); /* memory is touched below */
  volatile seL4_Word *p = (volatile seL4_Word *)va;
  p[0] = 0x1111; p[511] = 0x2222;
  CHECK_EQ(p[0], 0x1111);
  /* one mapping per frame cap: another address -> InvalidArgument; same address updates */
  CHECK_EQ(seL4_ARM_Page_Map(f, VS, va + 0x1000, RW, ATTR), seL4_InvalidArgument);
  CHECK_EQ(seL4_ARM_Page_Map(f, VS, va, seL4_CanRead, ATTR), seL4_NoError);
  CHECK_EQ(p[511], 0x2222);
  /* remap elsewhere after Unmap: data survives */
  CHECK_EQ(seL4_ARM_Page_Unmap(f), seL4_NoError);
  REQUIRE_EQ(seL4_ARM_Page_Map(f, VS, va + 0x3000, RW, ATTR), seL4_NoError);
  CHECK_EQ(((volatile seL4_Word *)(va + 0x3000))[0], 0x1111);
  CHECK_EQ(seL4_ARM_Page_Unmap(f), seL4_NoError);
  CHECK_EQ(seL4_ARM_Page_Unmap(f), seL4_NoError); /* unmapping an unmapped frame is fine */
}

static void PT_ERRORS(void) { /* 2.14 PageTable_Map / Page_Map errors */
  seL4_Word va = REGION + (1UL << 30) * 3;
  seL4_CPtr pt = table(), pt2 = table(), f = page();
  REQUIRE(pt && pt2 && f);
  REQUIRE_EQ(conf_map(f, va, RW, ATTR), seL4_NoError);           /* builds the chain for va */
  CHECK_EQ(seL4_ARM_PageTable_Map(pt, VS, va, ATTR), seL4_DeleteFirst); /* level already present */
  REQUIRE_EQ(seL4_ARM_PageTable_Map(pt, VS, REGION + (1UL << 39), ATTR), seL4_NoError);
  CHECK_EQ(seL4_ARM_PageTable_Map(pt, VS, REGION + (2UL << 39), ATTR), seL4_InvalidCapability); /* already mapped cap */
  CHECK_EQ(seL4_ARM_PageTable_Map(pt2, VS, 0x0000800000000000UL, ATTR), seL4_InvalidArgument); /* above the user top */
  seL4_CPtr g = page();
  REQUIRE(g != 0);
  CHECK_EQ(seL4_ARM_Page_Map(g, VS, 0x0000800000000000UL, RW, ATTR), seL4_InvalidArgument);
  CHECK_EQ(seL4_ARM_Page_Map(g, seL4_CapInitThreadTCB, va + 0x1000, RW, ATTR), seL4_InvalidCapability); /* not a VSpace */
  /* after PageTable_Unmap that level is missing again */
  CHECK_EQ(seL4_ARM_PageTable_Unmap(pt), seL4_NoError);
  CHECK_EQ(seL4_ARM_Page_Map(g, VS, REGION + (1UL << 39), RW, ATTR), seL4_FailedLookup);
}

static void PT0001_LARGE(void) { /* 2 MiB page at a 1 MiB-misaligned address -> AlignmentError */
  seL4_Word va = REGION + (5UL << 30);
  seL4_CPtr big = conf_alloc(seL4_ARM_LargePageObject, 0);
  REQUIRE(big != 0);
  CHECK_EQ(seL4_ARM_Page_Map(big, VS, va + (1UL << 20), RW, ATTR), seL4_AlignmentError);
  REQUIRE_EQ(conf_map(big, va, RW, ATTR), seL4_NoError);
  volatile seL4_Word *p = (volatile seL4_Word *)va;
  p[0] = 5; p[(1UL << 21) / 8 - 1] = 6;                      /* FRAMEEXPORTS0001: touch both ends */
  CHECK_EQ(p[0], 5);
  CHECK_EQ(p[(1UL << 21) / 8 - 1], 6);
  CHECK_EQ(seL4_ARM_Page_Unmap(big), seL4_NoError);
}

static void PT0002(void) { /* reusing an address after unmap/remap shows the new frame (no stale TLB) */
  seL4_Word va = REGION + (7UL << 30);
  seL4_CPtr a = page(), b = page();
  REQUIRE(a && b);
  REQUIRE_EQ(conf_map(a, va, RW, ATTR), seL4_NoError);
  *(volatile seL4_Word *)va = 0xaaaa;
  REQUIRE_EQ(seL4_ARM_Page_Unmap(a), seL4_NoError);
  REQUIRE_EQ(seL4_ARM_Page_Map(b, VS, va, RW, ATTR), seL4_NoError);
  CHECK_EQ(*(volatile seL4_Word *)va, 0);                    /* a fresh frame is zeroed (2.9 step 8) */
  *(volatile seL4_Word *)va = 0xbbbb;
  REQUIRE_EQ(seL4_ARM_Page_Unmap(b), seL4_NoError);
  REQUIRE_EQ(seL4_ARM_Page_Map(a, VS, va, RW, ATTR), seL4_NoError);
  CHECK_EQ(*(volatile seL4_Word *)va, 0xaaaa);
}

static void FRAME_RIGHTS(void) { /* 2.14: rights are downgraded to the cap's rights */
  seL4_Word va = REGION + (9UL << 30);
  seL4_CPtr f = page();
  REQUIRE(f != 0);
  seL4_CPtr ro = conf_mint(f, seL4_CanRead, 0);
  REQUIRE(ro != 0);
  REQUIRE_EQ(conf_map(ro, va, RW, ATTR), seL4_NoError);      /* asking for more is not an error */
  CHECK_EQ(*(volatile seL4_Word *)va, 0);
  seL4_ARM_Page_GetAddress_t a = seL4_ARM_Page_GetAddress(ro), b = seL4_ARM_Page_GetAddress(f);
  CHECK_EQ(a.error, seL4_NoError);
  CHECK_EQ(a.paddr, b.paddr);                                /* both caps name one frame */
  CHECK_EQ(a.paddr & 0xfff, 0);
}

static void VSPACE0002(void) { /* MakePool; Assign an assigned VSpace -> InvalidCapability; fresh -> NoError */
  seL4_CPtr ut = conf_alloc(seL4_UntypedObject, seL4_ASIDPoolBits), pool = conf_slot();
  REQUIRE(ut != 0);
  CHECK_EQ(seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, ut, ROOT, pool, D), seL4_NoError);
  CHECK_EQ(seL4_ARM_ASIDPool_Assign(pool, VS), seL4_InvalidCapability);
  seL4_CPtr vs = conf_alloc(seL4_ARM_VSpaceObject, 0);
  REQUIRE(vs != 0);
  CHECK_EQ(seL4_ARM_ASIDPool_Assign(pool, vs), seL4_NoError);
  CHECK_EQ(seL4_ARM_ASIDPool_Assign(pool, vs), seL4_InvalidCapability);
  CHECK_EQ(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, conf_alloc(seL4_ARM_VSpaceObject, 0)), seL4_NoError);
}

static void VSPACE_UNASSIGNED(void) { /* 2.14: a VSpace without an ASID cannot take mappings */
  seL4_CPtr vs = conf_alloc(seL4_ARM_VSpaceObject, 0), pt = table();
  REQUIRE(vs && pt);
  /* isValidNativeRoot needs a VSpace cap that is mapped (has an ASID) -> InvalidCapability */
  CHECK_EQ(seL4_ARM_PageTable_Map(pt, vs, REGION, ATTR), seL4_InvalidCapability);
}

/* VSPACE0001: build the PUD/PD/PT chain, map a frame, delete the top table's cap;
   unmapping the frame afterwards still succeeds. */
static void VSPACE0001(void) {
  seL4_Word va = REGION + (11UL << 39);         /* a fresh level-0 entry */
  seL4_CPtr pud = table(), pd = table(), pt = table(), f = page();
  REQUIRE(pud && pd && pt && f);
  REQUIRE_EQ(seL4_ARM_PageTable_Map(pud, VS, va, ATTR), seL4_NoError);
  REQUIRE_EQ(seL4_ARM_PageTable_Map(pd, VS, va, ATTR), seL4_NoError);
  REQUIRE_EQ(seL4_ARM_PageTable_Map(pt, VS, va, ATTR), seL4_NoError);
  REQUIRE_EQ(seL4_ARM_Page_Map(f, VS, va, RW, ATTR), seL4_NoError);
  *(volatile seL4_Word *)va = 1;
  CHECK_EQ(seL4_CNode_Delete(ROOT, pud, D), seL4_NoError);
  CHECK_EQ(seL4_ARM_Page_Unmap(f), seL4_NoError);
  /* the level-1 table is gone with its cap: the address needs a new one */
  CHECK_EQ(seL4_ARM_Page_Map(f, VS, va, RW, ATTR), seL4_FailedLookup);
  CHECK_EQ(seL4_GetMR(2), 39);
}

/* 2.8/2.14: a mapped page-table cap can be copied; Unmap needs the final cap
   (RevokeFirst otherwise); an unmapped page-table cap cannot be copied. */
static void PT_CAP_RULES(void) {
  seL4_Word va = REGION + (12UL << 39);
  seL4_CPtr pt = table(), loose = table(), copy = conf_slot();
  REQUIRE(pt && loose);
  REQUIRE_EQ(seL4_ARM_PageTable_Map(pt, VS, va, ATTR), seL4_NoError);
  CHECK_EQ(seL4_CNode_Copy(ROOT, copy, D, ROOT, pt, D, seL4_AllRights), seL4_NoError);
  CHECK_EQ(seL4_ARM_PageTable_Unmap(pt), seL4_RevokeFirst);
  CHECK_EQ(seL4_CNode_Delete(ROOT, copy, D), seL4_NoError);
  CHECK_EQ(seL4_ARM_PageTable_Unmap(pt), seL4_NoError);
  CHECK_EQ(seL4_CNode_Copy(ROOT, conf_slot(), D, ROOT, loose, D, seL4_AllRights), seL4_IllegalOperation);
}

/* FRAMEDIPC0003: deleting a frame cap unmaps the frame (a helper's access then faults). */
seL4_Word conf_fault_read(seL4_Word addr);
static seL4_CPtr g_fep_ep;
static void reader(seL4_Word addr) { conf_fault_read(addr); }

static void FRAMEDIPC0003(void) {
  seL4_Word va = REGION + (13UL << 39);
  seL4_CPtr f = page();
  g_fep_ep = conf_alloc_ep();
  seL4_CPtr fep = g_fep_ep ? conf_mint(g_fep_ep, seL4_AllRights, 9) : 0;
  REQUIRE(f && fep);
  REQUIRE_EQ(conf_map(f, va, RW, ATTR), seL4_NoError);
  *(volatile seL4_Word *)va = 3;
  CHECK_EQ(seL4_CNode_Delete(ROOT, f, D), seL4_NoError);
  conf_thread_t t;
  REQUIRE(conf_spawn(&t, 254, fep, reader, va));
  seL4_Word badge = 0;
  seL4_MessageInfo_t m = seL4_Recv(g_fep_ep, &badge);
  CHECK_EQ(conf_label(m), seL4_Fault_VMFault);
  CHECK_EQ(badge, 9);
  CHECK_EQ(seL4_GetMR(1), va);
  conf_thread_stop(&t);
}

/* VSPACE0000: a thread in its own CSpace (a 16-slot CNode) and VSpace (a new
   VSpace given an ASID) runs code mapped there and reports a value over an
   endpoint (2.6, 2.10, 2.14). */
void conf_child_entry(void);

static void VSPACE0000(void) {
  seL4_CPtr vs = conf_alloc(seL4_ARM_VSpaceObject, 0), cn = conf_alloc(seL4_CapTableObject, 4);
  seL4_CPtr ep = conf_alloc_ep(), tcb = conf_alloc(seL4_TCBObject, 0);
  REQUIRE(vs && cn && ep && tcb);
  REQUIRE_EQ(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vs), seL4_NoError);
  /* the child's CSpace: slot 1 = a badged EP cap; its root cap gets a 60-bit guard */
  REQUIRE_EQ(seL4_CNode_Mint(cn, 1, 4, ROOT, ep, D, seL4_AllRights, 7), seL4_NoError);
  seL4_CPtr croot = conf_slot();
  REQUIRE_EQ(seL4_CNode_Mint(ROOT, croot, D, ROOT, cn, D, seL4_AllRights, seL4_CNode_CapData_new(0, 60)), seL4_NoError);
  /* its code page: a copy of our own frame cap for that page, mapped read-only (executable) */
  seL4_Word code = (seL4_Word)conf_child_entry & ~(CONF_PAGE - 1);
  seL4_CPtr mine = conf_image_frame(code), copy = conf_slot();
  REQUIRE(mine != 0);
  REQUIRE_EQ(seL4_CNode_Copy(ROOT, copy, D, ROOT, mine, D, seL4_AllRights), seL4_NoError);
  REQUIRE_EQ(conf_map_in(vs, copy, code, seL4_CanRead, ATTR), seL4_NoError);
  REQUIRE_EQ(seL4_TCB_Configure(tcb, 0, croot, 0, vs, 0, 0, 0), seL4_NoError);
  REQUIRE_EQ(seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 254), seL4_NoError);
  seL4_UserContext c;
  memset(&c, 0, sizeof(c));
  c.pc = (seL4_Word)conf_child_entry;
  c.x0 = 1;                                     /* the EP cap in its CSpace */
  c.x1 = 0x5a5a;
  REQUIRE_EQ(seL4_TCB_WriteRegisters(tcb, 1, 0, 12, &c), seL4_NoError);
  seL4_Word badge = 0;
  seL4_MessageInfo_t m = seL4_Recv(ep, &badge);
  CHECK_EQ(badge, 7);
  CHECK_EQ(conf_label(m), 0x42);
  CHECK_EQ(conf_length(m), 1);
  CHECK_EQ(seL4_GetMR(0), 0x5a5a);
  CHECK_EQ(seL4_TCB_Suspend(tcb), seL4_NoError);
}

static const conf_test_t tests[] = {
  CONF_TEST(PT0001), CONF_TEST(PT_ERRORS), CONF_TEST(PT0001_LARGE), CONF_TEST(PT0002),
  CONF_TEST(FRAME_RIGHTS), CONF_TEST(VSPACE0002), CONF_TEST(VSPACE_UNASSIGNED), CONF_TEST(VSPACE0001),
  CONF_TEST(PT_CAP_RULES), CONF_TEST(FRAMEDIPC0003), CONF_TEST(VSPACE0000),
};
CONF_MAIN(tests)

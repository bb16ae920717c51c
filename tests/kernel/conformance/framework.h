/* CapLab kernel conformance framework: a tiny self-contained test runner for
   root-task programs (tests/kernel/conformance/*.c) plus helpers that build
   objects and threads from BootInfo untypeds with plain libsel4 calls.
   Layer: test programs (C, --target sel4). Expectations mirror sel4test IDs
   (../shared/reference/sel4.md section 4) and seL4 semantics (section 2).
   Output: one "PASS|FAIL <ID>" line per test, failing checks as
   file:line: expr (got X, want Y), then "conformance: N passed, M failed";
   main returns M (lab convention: x0 at seL4_DebugHalt). */
#ifndef CONF_FRAMEWORK_H
#define CONF_FRAMEWORK_H

#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>

typedef struct { const char *name; void (*fn)(void); } conf_test_t;
#define CONF_TEST(id) { #id, id }

static int conf_cur_failed;
static int conf_checks;

static void conf_fail(const char *file, int line, const char *what) {
  printf("  %s:%d: check failed: %s\n", file, line, what);
  conf_cur_failed++;
}

static int conf_check(int ok, const char *expr, const char *file, int line) {
  conf_checks++;
  if (!ok) conf_fail(file, line, expr);
  return ok;
}

static int conf_check_eq(seL4_Word a, seL4_Word b, const char *ea, const char *eb, const char *file, int line) {
  conf_checks++;
  if (a != b) {
    printf("  %s:%d: check failed: %s == %s (got 0x%lx, want 0x%lx)\n", file, line, ea, eb, a, b);
    conf_cur_failed++;
  }
  return a == b;
}

#define CHECK(c) conf_check((c) != 0, #c, __FILE__, __LINE__)
#define CHECK_EQ(a, b) conf_check_eq((seL4_Word)(a), (seL4_Word)(b), #a, #b, __FILE__, __LINE__)
/* A precondition: record the failure and leave the test function. */
#define REQUIRE_EQ(a, b) do { if (!CHECK_EQ(a, b)) return; } while (0)
#define REQUIRE(c) do { if (!CHECK(c)) return; } while (0)

static int conf_run(const conf_test_t *tests, int n) {
  int passed = 0, failed = 0;
  for (int i = 0; i < n; i++) {
    conf_cur_failed = 0;
    tests[i].fn();
    if (conf_cur_failed) { failed++; printf("FAIL %s\n", tests[i].name); }
    else { passed++; printf("PASS %s\n", tests[i].name); }
  }
  printf("conformance: %d passed, %d failed (%d checks)\n", passed, failed, conf_checks);
  return failed;
}

#define CONF_MAIN(table) \
  int main(void) { return conf_run(table, (int)(sizeof(table) / sizeof(table[0]))); }

/* ---- Message helpers ---------------------------------------------------- */

static seL4_Word conf_label(seL4_MessageInfo_t m) { return seL4_MessageInfo_get_label(m); }
static seL4_Word conf_length(seL4_MessageInfo_t m) { return seL4_MessageInfo_get_length(m); }

/* ---- Raw syscalls (conf_asm.s) ------------------------------------------ */

/* svc #0 with x7 = sys and x0..x5 = io[0..5]; x6, x8..x30 hold
   0xdeadbeefdead00NN (NN = register number) across the trap. Afterwards
   io[0..5] = x0..x5 and dump[0..30] = x0..x30 as the kernel left them. */
void conf_svc_dump(seL4_Word sys, seL4_Word *io, seL4_Word *dump);
#define CONF_MAGIC(n) (0xdeadbeefdead0000UL + (n))

/* TEST_REGISTERS (sel4test 4.1): every register outside the syscall's
   outputs (x0..x5) must be preserved by the kernel; x7 keeps the number. */
static void conf_check_preserved(const seL4_Word *dump, seL4_Word sys, const char *file, int line) {
  for (int r = 6; r <= 30; r++) {
    seL4_Word want = r == 7 ? sys : CONF_MAGIC(r);
    conf_checks++;
    if (dump[r] != want) {
      printf("  %s:%d: register x%d clobbered by syscall %ld (got 0x%lx, want 0x%lx)\n", file, line, r, (long)sys, dump[r], want);
      conf_cur_failed++;
    }
  }
}
#define CHECK_PRESERVED(dump, sys) conf_check_preserved(dump, (seL4_Word)(sys), __FILE__, __LINE__)

/* ---- Allocation from BootInfo ------------------------------------------ */

static seL4_BootInfo *conf_bi(void) { return seL4_GetBootInfo(); }

static seL4_Word conf_next_slot;

/* The next empty slot of the root CNode (bi->empty, [start, end)). */
static seL4_CPtr conf_slot(void) {
  seL4_BootInfo *bi = conf_bi();
  if (conf_next_slot == 0) conf_next_slot = bi->empty.start;
  if (conf_next_slot >= bi->empty.end) { printf("conformance: out of empty slots\n"); return 0; }
  return conf_next_slot++;
}

/* Size in bits of one object (section 2.5, non-MCS AArch64). */
static seL4_Word conf_obj_bits(seL4_Word type, seL4_Word size_bits) {
  switch (type) {
  case seL4_UntypedObject: return size_bits;
  case seL4_TCBObject: return seL4_TCBBits;
  case seL4_EndpointObject: return seL4_EndpointBits;
  case seL4_NotificationObject: return seL4_NotificationBits;
  case seL4_CapTableObject: return size_bits + seL4_SlotBits;
  case seL4_ARM_HugePageObject: return seL4_HugePageBits;
  case seL4_ARM_VSpaceObject: return seL4_VSpaceBits;
  case seL4_ARM_SmallPageObject: return seL4_PageBits;
  case seL4_ARM_LargePageObject: return seL4_LargePageBits;
  case seL4_ARM_PageTableObject: return seL4_PageTableBits;
  default: return 64;
  }
}

/* Retypes one object into the next empty slot, trying each non-device
   boot untyped (device ones when `device`) big enough for it in turn.
   Returns the slot, or 0 (and prints why) when none had room. */
static seL4_CPtr conf_alloc_from(seL4_Word type, seL4_Word size_bits, int device) {
  seL4_BootInfo *bi = conf_bi();
  seL4_Word bits = conf_obj_bits(type, size_bits);
  seL4_CPtr slot = conf_slot();
  if (!slot) return 0;
  seL4_Error last = seL4_NotEnoughMemory;
  for (seL4_Word u = bi->untyped.start; u < bi->untyped.end; u++) {
    seL4_UntypedDesc *d = &bi->untypedList[u - bi->untyped.start];
    if ((d->isDevice != 0) != (device != 0) || d->sizeBits < bits) continue;
    last = seL4_Untyped_Retype(u, type, size_bits, seL4_CapInitThreadCNode, 0, 0, slot, 1);
    if (last == seL4_NoError) return slot;
  }
  printf("conformance: cannot allocate type %lu size %lu (last error %d)\n", type, size_bits, (int)last);
  return 0;
}
static seL4_CPtr conf_alloc(seL4_Word type, seL4_Word size_bits) { return conf_alloc_from(type, size_bits, 0); }

static seL4_CPtr conf_alloc_ep(void) { return conf_alloc(seL4_EndpointObject, 0); }
static seL4_CPtr conf_alloc_ntfn(void) { return conf_alloc(seL4_NotificationObject, 0); }

/* A copy of `src` (root CNode) with `rights` and `badge` in a new slot. */
static seL4_CPtr conf_mint(seL4_CPtr src, seL4_CapRights_t rights, seL4_Word badge) {
  seL4_CPtr slot = conf_slot();
  seL4_Error e = seL4_CNode_Mint(seL4_CapInitThreadCNode, slot, seL4_WordBits, seL4_CapInitThreadCNode, src, seL4_WordBits, rights, badge);
  if (e != seL4_NoError) { printf("conformance: mint failed (%d)\n", (int)e); return 0; }
  return slot;
}

/* ---- Mapping frames into the root task's VSpace ------------------------- */

/* Maps `frame` at `vaddr` in `vspace`; on FailedLookup (missing table, MR2 =
   bits left: 39/30/21, section 2.13) creates and maps a page table and retries. */
static seL4_Error conf_map_in(seL4_CPtr vspace, seL4_CPtr frame, seL4_Word vaddr, seL4_CapRights_t rights, seL4_Word attr) {
  for (int tries = 0; tries < 4; tries++) {
    seL4_Error e = seL4_ARM_Page_Map(frame, vspace, vaddr, rights, attr);
    if (e != seL4_FailedLookup) return e;
    seL4_CPtr pt = conf_alloc(seL4_ARM_PageTableObject, 0);
    if (!pt) return seL4_NotEnoughMemory;
    e = seL4_ARM_PageTable_Map(pt, vspace, vaddr, seL4_ARM_Default_VMAttributes);
    if (e != seL4_NoError) return e;
  }
  return seL4_FailedLookup;
}

/* The same in the root task's own VSpace. */
static seL4_Error conf_map(seL4_CPtr frame, seL4_Word vaddr, seL4_CapRights_t rights, seL4_Word attr) {
  return conf_map_in(seL4_CapInitThreadVSpace, frame, vaddr, rights, attr);
}

/* Fresh virtual addresses for helper mappings (the image sits at 0x400000). */
static seL4_Word conf_next_va = 0x10000000UL;
static seL4_Word conf_va_pages(seL4_Word pages) { seL4_Word v = conf_next_va; conf_next_va += (pages + 1) << seL4_PageBits; return v; }

/* A new 4 KiB frame mapped read-write; returns its address (0 on failure). */
static void *conf_new_page(seL4_CPtr *frame_out) {
  seL4_CPtr f = conf_alloc(seL4_ARM_SmallPageObject, 0);
  if (!f) return 0;
  seL4_Word va = conf_va_pages(1);
  seL4_Error e = conf_map(f, va, seL4_ReadWrite, seL4_ARM_Default_VMAttributes);
  if (e != seL4_NoError) { printf("conformance: page map failed (%d)\n", (int)e); return 0; }
  if (frame_out) *frame_out = f;
  return (void *)va;
}

/* ---- Helper threads ---------------------------------------------------- */

#define CONF_STACK_WORDS 1024
#define CONF_MAX_THREADS 24
#define CONF_PAGE 4096UL
static _Alignas(16) seL4_Word conf_stacks[CONF_MAX_THREADS][CONF_STACK_WORDS];
/* Helper IPC buffers: whole pages of the root task's own image (.bss). */
static _Alignas(4096) char conf_ipc_pages[CONF_MAX_THREADS][4096];
static int conf_nstacks;

typedef struct {
  seL4_CPtr tcb;
  seL4_CPtr ipc_frame;
  seL4_Word ipc_va;
  seL4_Word stack_top;
} conf_thread_t;

/* The root task's own frame cap for a page of its image. seL4 lists the image
   frames in address order in bi->userImageFrames and maps the boot IPC buffer on
   the page right after the image (boot.c: ipcbuf_vptr = ui_v_reg.end), so the
   frame of page `va` is counted back from the end. Helper IPC buffers then need
   no new mappings (only TCB invocations). Returns 0 if `va` is not an image page. */
static seL4_CPtr conf_image_frame(seL4_Word va) {
  seL4_BootInfo *bi = conf_bi();
  seL4_Word last = (seL4_Word)bi->ipcBuffer - CONF_PAGE;
  if ((va & (CONF_PAGE - 1)) != 0 || va > last) return 0;
  seL4_Word back = (last - va) / CONF_PAGE;
  if (back >= bi->userImageFrames.end - bi->userImageFrames.start) return 0;
  return bi->userImageFrames.end - 1 - back;
}

/* Entry trampoline (conf_asm.s): x0 = fn, x1 = arg, x2 = own TCB cap; calls
   fn(arg) then suspends itself with seL4_TCB_Suspend. */
void conf_thread_trampoline(void);

/* Creates an inactive thread sharing the root task's CSpace and VSpace with
   its own stack and IPC buffer (both in the root task's .bss); `fault_ep` is a
   CPtr in that CSpace (0 = none). Priority `prio` (authority: the root TCB,
   MCP 255, section 2.6). */
static int conf_thread_create(conf_thread_t *t, seL4_Word prio, seL4_CPtr fault_ep) {
  memset(t, 0, sizeof(*t));
  if (conf_nstacks >= CONF_MAX_THREADS) { printf("conformance: out of stacks\n"); return 0; }
  int i = conf_nstacks++;
  t->stack_top = (seL4_Word)&conf_stacks[i][CONF_STACK_WORDS];
  t->ipc_va = (seL4_Word)conf_ipc_pages[i];
  t->ipc_frame = conf_image_frame(t->ipc_va);
  if (!t->ipc_frame) { printf("conformance: no image frame for the IPC buffer at 0x%lx\n", t->ipc_va); return 0; }
  t->tcb = conf_alloc(seL4_TCBObject, 0);
  if (!t->tcb) return 0;
  seL4_Error e = seL4_TCB_Configure(t->tcb, fault_ep, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, t->ipc_va, t->ipc_frame);
  if (e != seL4_NoError) { printf("conformance: TCB_Configure failed (%d)\n", (int)e); return 0; }
  e = seL4_TCB_SetPriority(t->tcb, seL4_CapInitThreadTCB, prio);
  if (e != seL4_NoError) { printf("conformance: TCB_SetPriority failed (%d)\n", (int)e); return 0; }
  return 1;
}

/* Sets pc/sp/x0..x2 of a created thread (WriteRegisters count 12 covers
   pc, sp, spsr, x0..x8) and optionally resumes it. */
static seL4_Error conf_thread_start_at(conf_thread_t *t, seL4_Word pc, seL4_Word a0, seL4_Word a1, seL4_Word a2, int resume) {
  seL4_UserContext regs;
  memset(&regs, 0, sizeof(regs));
  regs.pc = pc;
  regs.sp = t->stack_top;
  regs.x0 = a0; regs.x1 = a1; regs.x2 = a2;
  return seL4_TCB_WriteRegisters(t->tcb, resume, 0, 12, &regs);
}

/* Starts fn(arg) in the thread through the trampoline. */
static int conf_thread_start(conf_thread_t *t, void (*fn)(seL4_Word), seL4_Word arg) {
  seL4_Error e = conf_thread_start_at(t, (seL4_Word)conf_thread_trampoline, (seL4_Word)fn, arg, t->tcb, 1);
  if (e != seL4_NoError) { printf("conformance: WriteRegisters failed (%d)\n", (int)e); return 0; }
  return 1;
}

/* create + start in one go; returns 0 on any setup failure. */
static int conf_spawn(conf_thread_t *t, seL4_Word prio, seL4_CPtr fault_ep, void (*fn)(seL4_Word), seL4_Word arg) {
  return conf_thread_create(t, prio, fault_ep) && conf_thread_start(t, fn, arg);
}

static void conf_thread_stop(conf_thread_t *t) { if (t->tcb) seL4_TCB_Suspend(t->tcb); }

#endif

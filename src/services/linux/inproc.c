/* The in-process half of the Linux-compatibility component (modes c and d): runs
   in the Linux program's own address space, entered from a patched site's gate
   (lx_gate_common) or the vCPU model's guest vector (lx_vectors), both in gate.s.
   It emulates calls itself over the shared state page and the mapped UART; the
   two that need the component (a console read that may block, and exit) are
   forwarded to it with seL4_Call on the program's LX_CHILD_SLOT_FORWARD cap. */
#include "liblinux.h"

#define LX_FORWARD_LABEL 0x4c58UL

static struct lx_ctx ctx = { 0, (struct lx_state *)LX_STATE_VA, (volatile lx_u32 *)LX_UART_VA, LX_BY_INPROC };

/* seL4_Call with four register MRs (x2-x5), x7 = seL4_SysCall; returns MR0. */
static lx_s64 forward(lx_s64 nr, lx_u64 a0, lx_u64 a1, lx_u64 a2) {
  register lx_u64 x0 __asm__("x0") = LX_CHILD_SLOT_FORWARD;
  register lx_u64 x1 __asm__("x1") = (LX_FORWARD_LABEL << 12) | 4;
  register lx_u64 x2 __asm__("x2") = (lx_u64)nr;
  register lx_u64 x3 __asm__("x3") = a0;
  register lx_u64 x4 __asm__("x4") = a1;
  register lx_u64 x5 __asm__("x5") = a2;
  register lx_s64 x7 __asm__("x7") = -1;
  __asm__ volatile("svc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5) : "r"(x7) : "memory");
  return (lx_s64)x2;
}

lx_s64 lx_side_read_console(struct lx_ctx *c, lx_u64 va, lx_u64 n) {
  c->st->calls_by[c->by]--;
  c->st->calls--;
  return forward(LX_NR_read, 0, va, n);
}

lx_s64 lx_side_exit(struct lx_ctx *c, int status) {
  c->st->calls_by[c->by]--;
  c->st->calls--;
  return forward(LX_NR_exit_group, (lx_u64)status, 0, 0);
}

/* regs[0..8] are the program's x0-x8 at the trap; x0 gets the result. */
void lx_inproc(lx_u64 *regs, lx_u64 by) {
  ctx.by = (int)by;
  regs[0] = (lx_u64)lx_dispatch(&ctx, (lx_s64)regs[8], regs);
}

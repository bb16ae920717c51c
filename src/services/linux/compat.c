/* The Linux-compatibility component: a user-level fault handler on the seL4
   kernel model that runs a Linux AArch64 program as its child thread. The
   program's `svc #0` (Linux: number in x8) reaches it as an UnknownSyscall fault
   (seL4's message has x0-x7 and FaultIP but not x8, so x8 is read with
   seL4_TCB_ReadRegisters); it emulates the call (liblinux.c) and replies with
   x0 = result and FaultIP + 4. In mode c it first rewrites the trapping `svc`
   into a `b` to a per-site gate into the in-process library, mapping the code
   frame writable only while it writes. It also serves the in-process library's
   forwarded calls and turns the program's other faults into Linux-style deaths.
   The loader (src/kernel/compat/loader.ts) builds both threads and patches the
   lx_* variables below. Design: docs/linux-compat.md. */
#include <sel4/sel4.h>
#include <stdlib.h>
#include "liblinux.h"

/* Fault message words (AArch64; reference/sel4.md 2.12, seL4_UnknownSyscall_* etc.). */
#define UNKNOWN_SYSCALL_FAULT_IP 8
#define UNKNOWN_SYSCALL_LENGTH_REPLY 9
#define VMFAULT_IP 0
#define VMFAULT_ADDR 1
#define VMFAULT_FSR 3
#define USER_EXCEPTION_FAULT_IP 0
#define USER_EXCEPTION_NUMBER 3
#define CAP_FAULT_IP 0
#define CAP_FAULT_ADDR 1
#define LX_FORWARD_LABEL 0x4c58
#define SVC0 0xd4000001u
#define UART_IMSC 14 /* 0x38 / 4 */
#define UART_LCR_H 11 /* 0x2c / 4 */
#define LCR_H_FEN (1u << 4)
#define UART_FR 6
#define UART_DR 0
#define UART_RXIM (1u << 4)
#define UART_RTIM (1u << 6)
#define FR_RXFE (1u << 4)
#define MAX_CODE_PAGES 256

/* Written by the loader before the component starts. */
lx_u64 lx_mode = 0xffff;
lx_u64 lx_code_count = 0;
lx_u64 lx_code_pages[MAX_CODE_PAGES] = { 1 };
lx_u64 lx_brk_base = 1, lx_img_lo = 1, lx_img_hi = 1;
lx_u64 lx_lib_lo = 1, lx_lib_hi = 1, lx_gate_entry = 1;
lx_u64 lx_files_used = 0;
lx_u64 lx_file_offs[LX_MAX_FILES] = { 1 };
lx_u64 lx_file_sizes[LX_MAX_FILES] = { 1 };
char lx_file_names[LX_MAX_FILES * LX_NAME_MAX] = { 1 };
/* Why the program died, for the host's report (a NUL-terminated line). */
char lx_death[160];

static struct lx_ctx ctx;

static int death_len;

static void death_text(const char *s) {
  for (int i = 0; s[i] && death_len < (int)sizeof lx_death - 1; i++) lx_death[death_len++] = s[i];
  lx_death[death_len] = 0;
}

static void death_hex(lx_u64 v) {
  static const char hexd[] = "0123456789abcdef";
  char buf[19];
  int n = 0, started = 0;
  buf[n++] = '0'; buf[n++] = 'x';
  for (int s = 60; s >= 0; s -= 4) {
    int d = (int)((v >> s) & 15);
    if (d || started || s == 0) { buf[n++] = hexd[d]; started = 1; }
  }
  buf[n] = 0;
  death_text(buf);
}

/* "<what> <a><middle><b><end>": why the program died, for the host's report. */
static void note_death(const char *what, lx_u64 a, const char *middle, lx_u64 b, const char *end) {
  death_len = 0;
  death_text(what); death_text(" "); death_hex(a); death_text(middle); death_hex(b); death_text(end);
}

lx_s64 lx_side_exit(struct lx_ctx *c, int status) {
  c->st->exited = 1 + (lx_u64)(status & 0xff);
  seL4_TCB_Suspend(LX_SLOT_CHILD_TCB);
  exit(status & 0xff);
  return 0;
}

/* A console read: what the UART holds now (up to a newline), else wait for its interrupt. */
lx_s64 lx_side_read_console(struct lx_ctx *c, lx_u64 va, lx_u64 n) {
  volatile lx_u32 *u = c->uart;
  char *dst = (char *)(c->win + va);
  for (;;) {
    lx_u64 got = 0;
    while (got < n && !(u[UART_FR] & FR_RXFE)) {
      char ch = (char)(u[UART_DR] & 0xff);
      dst[got++] = ch;
      if (ch == '\n') break;
    }
    if (got) return (lx_s64)got;
    u[UART_IMSC] = u[UART_IMSC] | UART_RXIM | UART_RTIM;
    seL4_Wait(LX_SLOT_UART_NTFN, NULL);
    seL4_IRQHandler_Ack(LX_SLOT_UART_IRQ);
  }
}

static void init_state(void) {
  /* The loader gives the state page zeroed. */
  struct lx_state *st = (struct lx_state *)(LX_WINDOW + LX_STATE_VA);
  st->magic = LX_STATE_MAGIC;
  st->pid = 100;
  st->brk_base = st->brk_cur = lx_brk_base;
  st->img_lo = lx_img_lo;
  st->img_hi = lx_img_hi;
  st->files_used = lx_files_used;
  for (int i = 0; i < LX_MAX_FILES; i++) {
    const char *name = &lx_file_names[i * LX_NAME_MAX];
    if (!name[0]) continue;
    struct lx_file *f = &st->files[i];
    lx_bytes_copy(f->name, name, LX_NAME_MAX);
    f->off = lx_file_offs[i];
    f->size = lx_file_sizes[i];
    f->cap = lx_file_sizes[i] + 0x1000;
    f->used = 1;
  }
  for (int fd = 0; fd < 3; fd++) { st->fds[fd].used = 1; st->fds[fd].kind = LX_FD_CONSOLE; st->fds[fd].flags = 2; }
  ctx.win = LX_WINDOW;
  ctx.st = st;
  ctx.uart = (volatile lx_u32 *)LX_UART_VA;
  ctx.by = LX_BY_HANDLER;
  ctx.uart[UART_LCR_H] = ctx.uart[UART_LCR_H] | LCR_H_FEN; /* 16-byte FIFOs: fewer interrupts per line typed */
}

/* Maps code frame `index` writable at LX_PATCH_VA, stores `word` at `va`, makes the
   instruction visible to the CPU and unmaps the frame again. */
static int poke_code(lx_u64 index, lx_u64 va, lx_u32 word) {
  seL4_CPtr frame = LX_SLOT_CODE0 + index;
  if (seL4_ARM_Page_Map(frame, LX_SLOT_SELF_VSPACE, LX_PATCH_VA, seL4_ReadWrite, seL4_ARM_Default_VMAttributes)) return 0;
  lx_u64 off = va & 0xfff;
  *(volatile lx_u32 *)(LX_PATCH_VA + off) = word;
  seL4_ARM_Page_Unify_Instruction(frame, off, off + 4);
  seL4_ARM_Page_Unmap(frame);
  return 1;
}

static lx_s64 code_index(lx_u64 va) {
  for (lx_u64 i = 0; i < lx_code_count; i++) if (lx_code_pages[i] == (va & ~0xfffUL)) return (lx_s64)i;
  return -1;
}

static lx_u32 branch_to(lx_u64 from, lx_u64 to) {
  return 0x14000000u | (lx_u32)(((lx_s64)(to - from) >> 2) & 0x3ffffff);
}

static lx_u32 bl_to(lx_u64 from, lx_u64 to) {
  return 0x94000000u | (lx_u32)(((lx_s64)(to - from) >> 2) & 0x3ffffff);
}

static int in_branch_range(lx_u64 from, lx_u64 to) {
  lx_s64 d = (lx_s64)(to - from);
  return d >= -(1L << 27) && d < (1L << 27);
}

/* Rewrites the `svc #0` at pc into `b gate`, gate = stp; bl lx_gate_common; ldp; b pc+4. */
static void patch_site(lx_u64 pc) {
  struct lx_state *st = ctx.st;
  if (st->nsites >= LX_MAX_SITES) return;
  lx_s64 site_page = code_index(pc);
  if (site_page < 0 || *(volatile lx_u32 *)(LX_WINDOW + pc) != SVC0) return;
  lx_u64 gate = LX_GATES_VA + st->nsites * 16;
  lx_s64 gate_page = code_index(gate);
  if (gate_page < 0 || !in_branch_range(pc, gate) || !in_branch_range(gate + 4, lx_gate_entry)) return;
  lx_u32 words[4] = { 0xa9bf7bfdu, bl_to(gate + 4, lx_gate_entry), 0xa8c17bfdu, branch_to(gate + 12, pc + 4) };
  for (int i = 0; i < 4; i++) if (!poke_code((lx_u64)gate_page, gate + 4 * (lx_u64)i, words[i])) return;
  if (!poke_code((lx_u64)site_page, pc, branch_to(pc, gate))) return;
  st->sites[st->nsites++] = pc;
}

/* The program's x8 (Linux's syscall number), which the fault message lacks. */
static lx_s64 read_x8(void) {
  seL4_UserContext regs;
  if (seL4_TCB_ReadRegisters(LX_SLOT_CHILD_TCB, 0, 0, 12, &regs)) return -1;
  return (lx_s64)regs.x8;
}

static seL4_MessageInfo_t unknown_syscall(void) {
  lx_u64 a[8];
  for (int i = 0; i < 8; i++) a[i] = seL4_GetMR(i);
  lx_u64 pc = seL4_GetMR(UNKNOWN_SYSCALL_FAULT_IP);
  lx_s64 nr = read_x8();
  if (lx_mode == LX_MODE_PATCH) patch_site(pc);
  lx_s64 r = lx_dispatch(&ctx, nr, a);
  seL4_SetMR(0, (lx_u64)r);
  for (int i = 1; i < 8; i++) seL4_SetMR(i, a[i]);
  seL4_SetMR(UNKNOWN_SYSCALL_FAULT_IP, pc + 4);
  return seL4_MessageInfo_new(0, 0, 0, UNKNOWN_SYSCALL_LENGTH_REPLY);
}

/* Any other fault kills the program as Linux would (128 + signal), with the reason kept. */
static void fatal_fault(seL4_Word label) {
  int status;
  if (label == seL4_Fault_VMFault) {
    note_death("SIGSEGV: memory fault at address", seL4_GetMR(VMFAULT_ADDR), " (pc ", seL4_GetMR(VMFAULT_IP), ")");
    status = 128 + 11;
  } else if (label == seL4_Fault_UserException) {
    lx_u64 ec = (seL4_GetMR(USER_EXCEPTION_NUMBER) >> 26) & 0x3f;
    note_death(ec == 0x3c ? "SIGTRAP: brk at" : "SIGILL: undefined instruction at", seL4_GetMR(USER_EXCEPTION_FAULT_IP), " (exception class ", ec, ")");
    status = ec == 0x3c ? 128 + 5 : 128 + 4;
  } else if (label == seL4_Fault_CapFault) {
    note_death("SIGSYS: the kernel ran a Linux call as an seL4 call: a cap fault at pc", seL4_GetMR(CAP_FAULT_IP), " on cptr ", seL4_GetMR(CAP_FAULT_ADDR), "");
    status = 128 + 31;
  } else {
    note_death("SIGKILL: a fault the component does not know, label", label, " (MR0 ", seL4_GetMR(0), ")");
    status = 128 + 9;
  }
  lx_side_exit(&ctx, status);
}

static seL4_MessageInfo_t forwarded(void) {
  lx_u64 a[6] = { seL4_GetMR(1), seL4_GetMR(2), seL4_GetMR(3), 0, 0, 0 };
  ctx.by = LX_BY_FORWARD;
  lx_s64 r = lx_dispatch(&ctx, (lx_s64)seL4_GetMR(0), a);
  ctx.by = LX_BY_HANDLER;
  seL4_SetMR(0, (lx_u64)r);
  return seL4_MessageInfo_new(0, 0, 0, 1);
}

/* Handles one message; returns 1 with *reply set when the sender waits for a reply. */
static int handle(seL4_MessageInfo_t info, seL4_Word badge, seL4_MessageInfo_t *reply) {
  seL4_Word label = seL4_MessageInfo_get_label(info);
  seL4_Word length = seL4_MessageInfo_get_length(info);
  if (badge == LX_BADGE_FAULT && label == seL4_Fault_UnknownSyscall && length == 13) {
    *reply = unknown_syscall();
    return 1;
  }
  if (badge == LX_BADGE_FORWARD && label == LX_FORWARD_LABEL && length == 4) {
    *reply = forwarded();
    return 1;
  }
  if (badge == LX_BADGE_FAULT && label >= seL4_Fault_CapFault && label <= seL4_Fault_VMFault && label != seL4_Fault_UnknownSyscall) {
    fatal_fault(label);
    return 0;
  }
  /* Neither a fault nor a forwarded call: a Linux svc whose x7 held an seL4 number
     (seL4_Send/NBSend on one of the program's caps) was run by the kernel as that call. */
  ctx.st->misrouted++;
  return 0;
}

int main(void) {
  init_state();
  if (lx_mode == LX_MODE_WINDOW || lx_mode == LX_MODE_PATCH)
    seL4_TCB_SetSyscallRange(LX_SLOT_CHILD_TCB, lx_lib_lo, lx_lib_hi);
  seL4_Word badge = 0;
  seL4_MessageInfo_t info = seL4_Recv(LX_SLOT_EP, &badge);
  for (;;) {
    seL4_MessageInfo_t reply;
    if (handle(info, badge, &reply)) info = seL4_ReplyRecv(LX_SLOT_EP, reply, &badge);
    else info = seL4_Recv(LX_SLOT_EP, &badge);
  }
}

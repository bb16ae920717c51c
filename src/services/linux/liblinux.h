/* The Linux system-call emulation both halves of the component link: the fault
   handler (compat.c, which sees the program's memory through its window) and the
   in-process library (inproc.c, which runs in the program's own address space).
   Freestanding: no libc, so the same code builds for either side. */
#ifndef LIBLINUX_H
#define LIBLINUX_H
#include "lx_layout.h"

struct lx_ctx {
  lx_u64 win;              /* add to a program VA to reach it from this side (0 in-process) */
  struct lx_state *st;     /* the shared state page, as this side sees it */
  volatile lx_u32 *uart;   /* the PL011's registers */
  int by;                  /* LX_BY_* for the statistics */
};

/* Emulates Linux call nr with arguments a[0..5]; returns the result or -errno. */
lx_s64 lx_dispatch(struct lx_ctx *c, lx_s64 nr, const lx_u64 *a);

/* Each side provides these: reading the console (which may block) and ending the program. */
lx_s64 lx_side_read_console(struct lx_ctx *c, lx_u64 va, lx_u64 n);
lx_s64 lx_side_exit(struct lx_ctx *c, int status);

/* Linux AArch64 numbers (asm-generic/unistd.h) the library implements. */
#define LX_NR_ioctl 29
#define LX_NR_openat 56
#define LX_NR_close 57
#define LX_NR_lseek 62
#define LX_NR_read 63
#define LX_NR_write 64
#define LX_NR_readv 65
#define LX_NR_writev 66
#define LX_NR_newfstatat 79
#define LX_NR_fstat 80
#define LX_NR_exit 93
#define LX_NR_exit_group 94
#define LX_NR_set_tid_address 96
#define LX_NR_clock_gettime 113
#define LX_NR_uname 160
#define LX_NR_getpid 172
#define LX_NR_getppid 173
#define LX_NR_gettid 178
#define LX_NR_brk 214
#define LX_NR_munmap 215
#define LX_NR_mmap 222

#define LX_ENOENT 2
#define LX_EBADF 9
#define LX_ENOMEM 12
#define LX_EFAULT 14
#define LX_EINVAL 22
#define LX_EMFILE 24
#define LX_ENOTTY 25
#define LX_ENOSPC 28
#define LX_ESPIPE 29
#define LX_ENOSYS 38
#define LX_ENODEV 19
#define LX_EACCES 13
#define LX_EISDIR 21

void lx_bytes_copy(void *dst, const void *src, lx_u64 n);
void lx_bytes_zero(void *dst, lx_u64 n);
void lx_console_putc(struct lx_ctx *c, char ch);

#endif

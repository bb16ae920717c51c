/* System layer of the CapLab libc for --target linux: the Linux AArch64 syscall
   ABI (svc #0, number in x8, arguments in x0-x5, result or -errno in x0). */
#include <stddef.h>
#include <errno.h>

#define SYS_read 63
#define SYS_write 64
#define SYS_exit_group 94

static long syscall3(long nr, long a, long b, long c) {
  register long x8 __asm__("x8") = nr;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
}

static long result(long r) {
  if (r < 0 && r > -4096) { errno = (int)-r; return -1; }
  return r;
}

long write(int fd, const void *buf, size_t n) { return result(syscall3(SYS_write, fd, (long)buf, (long)n)); }
long read(int fd, void *buf, size_t n) { return result(syscall3(SYS_read, fd, (long)buf, (long)n)); }

_Noreturn void __caplab_sys_exit(int status) {
  for (;;) syscall3(SYS_exit_group, status, 0, 0);
}

_Noreturn void _exit(int status) { __caplab_sys_exit(status); }

/* System layer of the CapLab libc for --target sel4 (a root task): stdout and
   stderr go to the seL4 debug console (seL4_DebugPutChar: svc #0, x7 = -9, the
   character in x0); there is no input. Lab exit convention: exit(status) puts
   the status in x0 and calls seL4_DebugHalt (x7 = -11); should that return (a
   kernel without the debug API faults the thread instead), the thread yields forever. */
#include <stddef.h>
#include <errno.h>
#include <sel4/sel4.h>

long write(int fd, const void *buf, size_t n) {
  if (fd != 1 && fd != 2) { errno = EBADF; return -1; }
  const char *p = buf;
  for (size_t i = 0; i < n; i++) seL4_DebugPutChar(p[i]);
  return (long)n;
}

long read(int fd, void *buf, size_t n) {
  (void)fd; (void)buf; (void)n;
  errno = ENOSYS;
  return -1;
}

_Noreturn void __caplab_sys_exit(int status) {
  register seL4_Word x0 __asm__("x0") = (seL4_Word)status;
  register seL4_Word x7 __asm__("x7") = (seL4_Word)seL4_SysDebugHalt;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x7) : "memory");
  for (;;) seL4_Yield();
}

_Noreturn void _exit(int status) { __caplab_sys_exit(status); }

_Noreturn void __caplab_start(int argc, char **argv, char **envp);

/* Called by crt0 with x0 as the kernel left it: the BootInfo frame's address. */
_Noreturn void __caplab_sel4_start(seL4_BootInfo *bootinfo) {
  static char *argv[] = { "rootserver", NULL };
  static char *envp[] = { NULL };
  seL4_InitBootInfo(bootinfo);
  __caplab_start(1, argv, envp);
}

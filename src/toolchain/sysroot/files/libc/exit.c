/* Program start and end (CapLab libc, C11 7.22.4): __caplab_start runs main
   between crt0 and exit; exit runs atexit handlers, flushes stdio, then ends
   through the target's __caplab_sys_exit. */
#include <stdlib.h>

#define MAX_ATEXIT 32
void (*__caplab_stdio_exit)(void);
char **environ;
const char *__caplab_progname = "";
static void (*handlers[MAX_ATEXIT])(void);
static int nhandlers;

_Noreturn void __caplab_sys_exit(int status);
int main(int argc, char **argv, char **envp);

int atexit(void (*fn)(void)) {
  if (nhandlers == MAX_ATEXIT) return -1;
  handlers[nhandlers++] = fn;
  return 0;
}

_Noreturn void exit(int status) {
  while (nhandlers) handlers[--nhandlers]();
  if (__caplab_stdio_exit) __caplab_stdio_exit();
  __caplab_sys_exit(status);
}

_Noreturn void _Exit(int status) { __caplab_sys_exit(status); }

/* Linux reports a SIGABRT death as status 134 (128 + 6); the lab ends with that status. */
_Noreturn void abort(void) {
  if (__caplab_stdio_exit) __caplab_stdio_exit();
  __caplab_sys_exit(134);
}

_Noreturn void __caplab_start(int argc, char **argv, char **envp) {
  environ = envp;
  if (argc > 0 && argv[0]) __caplab_progname = argv[0];
  exit(main(argc, argv, envp));
}

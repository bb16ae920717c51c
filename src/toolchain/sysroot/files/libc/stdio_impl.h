/* Internal: the FILE structure shared by stdio.c and printf.c (CapLab libc). */
#ifndef _CAPLAB_STDIO_IMPL_H
#define _CAPLAB_STDIO_IMPL_H
#include <stdio.h>

enum { __CAPLAB_UNBUF, __CAPLAB_LINEBUF, __CAPLAB_FULLBUF };

struct __caplab_file {
  int fd;
  int mode;
  int error;
  int sawNewline;
  size_t len;
  char buf[BUFSIZ];
};

/* Appends n bytes to f's buffer, writing it out when full. */
void __caplab_fappend(FILE *f, const char *p, size_t n);
/* Ends one stdio call: unbuffered streams flush, line-buffered ones at a newline. */
void __caplab_fdone(FILE *f);
/* Set by stdio when a stream is first used; exit() calls it to flush. */
extern void (*__caplab_stdio_exit)(void);
#endif

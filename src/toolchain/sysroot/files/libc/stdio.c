/* Streams (CapLab libc, C11 7.21): stdout is line buffered, stderr unbuffered
   (each call writes once), stdin reads straight through read(2). Output goes to
   write(2), which the target's system layer provides. */
#include <string.h>
#include <unistd.h>
#include "stdio_impl.h"

static struct __caplab_file in_ = { 0, __CAPLAB_UNBUF, 0, 0, 0, { 0 } };
static struct __caplab_file out_ = { 1, __CAPLAB_LINEBUF, 0, 0, 0, { 0 } };
static struct __caplab_file err_ = { 2, __CAPLAB_UNBUF, 0, 0, 0, { 0 } };
FILE *const stdin = &in_;
FILE *const stdout = &out_;
FILE *const stderr = &err_;

static void flush_all(void) {
  fflush(stdout);
  fflush(stderr);
}

int fflush(FILE *f) {
  if (!f) { flush_all(); return 0; }
  size_t done = 0;
  while (done < f->len) {
    ssize_t n = write(f->fd, f->buf + done, f->len - done);
    if (n <= 0) { f->error = 1; f->len = 0; return EOF; }
    done += (size_t)n;
  }
  f->len = 0;
  f->sawNewline = 0;
  return 0;
}

void __caplab_fappend(FILE *f, const char *p, size_t n) {
  __caplab_stdio_exit = flush_all;
  while (n) {
    size_t room = sizeof f->buf - f->len;
    size_t k = n < room ? n : room;
    memcpy(f->buf + f->len, p, k);
    if (f->mode == __CAPLAB_LINEBUF && memchr(p, '\n', k)) f->sawNewline = 1;
    f->len += k;
    p += k;
    n -= k;
    if (f->len == sizeof f->buf) fflush(f);
  }
}

void __caplab_fdone(FILE *f) {
  if (f->mode == __CAPLAB_UNBUF || (f->mode == __CAPLAB_LINEBUF && f->sawNewline)) fflush(f);
}

int fputc(int c, FILE *f) {
  char ch = (char)c;
  __caplab_fappend(f, &ch, 1);
  __caplab_fdone(f);
  return f->error ? EOF : (unsigned char)ch;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

int fputs(const char *restrict s, FILE *restrict f) {
  __caplab_fappend(f, s, strlen(s));
  __caplab_fdone(f);
  return f->error ? EOF : 0;
}

int puts(const char *s) {
  __caplab_fappend(stdout, s, strlen(s));
  __caplab_fappend(stdout, "\n", 1);
  __caplab_fdone(stdout);
  return stdout->error ? EOF : 0;
}

size_t fwrite(const void *restrict p, size_t size, size_t n, FILE *restrict f) {
  if (!size || !n) return 0;
  __caplab_fappend(f, p, size * n);
  __caplab_fdone(f);
  return f->error ? 0 : n;
}

int fgetc(FILE *f) {
  unsigned char c;
  fflush(stdout);
  return read(f->fd, &c, 1) == 1 ? c : EOF;
}

int getchar(void) { return fgetc(stdin); }

void perror(const char *s) {
  extern int errno;
  if (s && *s) { fputs(s, stderr); fputs(": ", stderr); }
  fputs(strerror(errno), stderr);
  fputs("\n", stderr);
}

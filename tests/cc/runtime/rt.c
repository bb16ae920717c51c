/* Runtime for the C compiler tests, compiled by our compiler (and by gcc for the
   differential runs). Syscalls: write = 64, exit_group = 94. */
#include "rt.h"

static long sys3(long n, long a, long b, long c) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
}

long rt_write(int fd, const void *buf, unsigned long n) { return sys3(64, fd, (long)buf, (long)n); }

void rt_exit(int status) {
  for (;;) sys3(94, status, 0, 0);
}

unsigned long strlen(const char *s) {
  unsigned long n = 0;
  while (s[n]) n++;
  return n;
}

int strcmp(const char *a, const char *b) {
  while (*a && *a == *b) { a++; b++; }
  return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, unsigned long n) {
  for (; n; n--, a++, b++) {
    if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
    if (!*a) return 0;
  }
  return 0;
}

void *memcpy(void *d, const void *s, unsigned long n) {
  char *dp = d;
  const char *sp = s;
  while (n--) *dp++ = *sp++;
  return d;
}

void *memset(void *d, int c, unsigned long n) {
  unsigned char *p = d;
  while (n--) *p++ = (unsigned char)c;
  return d;
}

int memcmp(const void *a, const void *b, unsigned long n) {
  const unsigned char *x = a, *y = b;
  for (unsigned long i = 0; i < n; i++)
    if (x[i] != y[i]) return x[i] - y[i];
  return 0;
}

struct out { char *buf; int len; int fd; char tmp[128]; int used; };

static void emit(struct out *o, char c) {
  if (o->buf) { o->buf[o->len++] = c; return; }
  o->tmp[o->used++] = c;
  o->len++;
  if (o->used == sizeof o->tmp) { rt_write(o->fd, o->tmp, o->used); o->used = 0; }
}

static void emit_num(struct out *o, unsigned long v, int base, int neg, int width, char pad) {
  char digits[24];
  int n = 0;
  do { digits[n++] = "0123456789abcdef"[v % base]; v /= base; } while (v);
  if (neg) digits[n++] = '-';
  while (width-- > n) emit(o, pad);
  while (n) emit(o, digits[--n]);
}

static int format(struct out *o, const char *f, va_list ap) {
  for (; *f; f++) {
    if (*f != '%') { emit(o, *f); continue; }
    f++;
    char pad = ' ';
    int width = 0, longs = 0;
    if (*f == '0') { pad = '0'; f++; }
    while (*f >= '0' && *f <= '9') width = width * 10 + (*f++ - '0');
    while (*f == 'l' || *f == 'z') { longs++; f++; }
    switch (*f) {
      case 'd': case 'i': {
        long v = longs ? va_arg(ap, long) : va_arg(ap, int);
        emit_num(o, v < 0 ? -(unsigned long)v : (unsigned long)v, 10, v < 0, width, pad);
        break;
      }
      case 'u': emit_num(o, longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int), 10, 0, width, pad); break;
      case 'x': emit_num(o, longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int), 16, 0, width, pad); break;
      case 'p': emit(o, '0'); emit(o, 'x'); emit_num(o, (unsigned long)va_arg(ap, void *), 16, 0, width, pad); break;
      case 'c': emit(o, (char)va_arg(ap, int)); break;
      case 's': {
        const char *s = va_arg(ap, const char *);
        if (!s) s = "(null)";
        int len = (int)strlen(s);
        while (width-- > len) emit(o, ' ');
        while (*s) emit(o, *s++);
        break;
      }
      case '%': emit(o, '%'); break;
      default: emit(o, '%'); emit(o, *f); break;
    }
  }
  return o->len;
}

int vprintf(const char *fmt, va_list ap) {
  struct out o = {0, 0, 1};
  int n = format(&o, fmt, ap);
  if (o.used) rt_write(1, o.tmp, o.used);
  return n;
}

int printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vprintf(fmt, ap);
  va_end(ap);
  return n;
}

int sprintf(char *buf, const char *fmt, ...) {
  struct out o = {buf, 0, 1};
  va_list ap;
  va_start(ap, fmt);
  int n = format(&o, fmt, ap);
  va_end(ap);
  buf[n] = 0;
  return n;
}

int putchar(int c) { char ch = (char)c; rt_write(1, &ch, 1); return c; }

int puts(const char *s) { rt_write(1, s, strlen(s)); rt_write(1, "\n", 1); return 0; }

static int failures, checks;

void rt_assert(long expected, long actual, const char *code, int line) {
  checks++;
  if (expected == actual) return;
  failures++;
  printf("FAIL line %d: %s => %ld, expected %ld\n", line, code, actual, expected);
}

int rt_done(void) {
  printf("%s: %d checks, %d failures\n", failures ? "FAILED" : "OK", checks, failures);
  return failures != 0;
}

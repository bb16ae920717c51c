/* printf family (CapLab libc, C11 7.21.6): one formatter writing to a string or
   a FILE. Conversions d i u x X o c s p n %, flags - + space # 0, width and
   precision (also *), lengths hh h l ll z j t. Output matches glibc's for these;
   floating-point conversions are not supported and are copied out as written. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "stdio_impl.h"

struct sink {
  char *buf;     /* string output (NULL for a FILE) */
  size_t cap;    /* bytes of buf that may be written, including the final NUL */
  size_t len;    /* bytes produced so far (also past cap) */
  FILE *f;
};

static void out(struct sink *s, const char *p, size_t n) {
  if (s->f) __caplab_fappend(s->f, p, n);
  else if (s->len + 1 < s->cap) {
    size_t room = s->cap - 1 - s->len;
    memcpy(s->buf + s->len, p, n < room ? n : room);
  }
  s->len += n;
}

static void pad(struct sink *s, char c, int n) {
  char chunk[16];
  if (n <= 0) return;
  memset(chunk, c, sizeof chunk);
  for (; n > 16; n -= 16) out(s, chunk, 16);
  out(s, chunk, (size_t)n);
}

struct spec {
  int left, plus, space, alt, zero;
  int width;
  int prec;      /* -1: none */
  int length;    /* 0 int, 1 char, 2 short, 3 long (64-bit) */
  char conv;
};

/* Text with padding to the width (strings, characters, "(nil)"). */
static void field(struct sink *s, const struct spec *sp, const char *p, size_t n) {
  int padn = sp->width > (int)n ? sp->width - (int)n : 0;
  if (!sp->left) pad(s, ' ', padn);
  out(s, p, n);
  if (sp->left) pad(s, ' ', padn);
}

static void integer(struct sink *s, const struct spec *sp, uint64_t v, int neg) {
  char digits[24];
  int n = 0;
  unsigned base = sp->conv == 'o' ? 8 : (sp->conv == 'x' || sp->conv == 'X' || sp->conv == 'p') ? 16 : 10;
  const char *set = sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  while (v) { digits[n++] = set[v % base]; v /= base; }
  int zeros = sp->prec > n ? sp->prec - n : 0;
  if (sp->prec < 0 && n == 0) zeros = 1;
  if (sp->conv == 'o' && sp->alt && zeros == 0 && (n == 0 || digits[n - 1] != '0')) zeros = 1;
  char prefix[3];
  int plen = 0;
  if (neg) prefix[plen++] = '-';
  else if ((sp->conv == 'd' || sp->conv == 'i') && sp->plus) prefix[plen++] = '+';
  else if ((sp->conv == 'd' || sp->conv == 'i') && sp->space) prefix[plen++] = ' ';
  if ((sp->alt && n > 0 && (sp->conv == 'x' || sp->conv == 'X')) || sp->conv == 'p') {
    prefix[plen++] = '0';
    prefix[plen++] = sp->conv == 'X' ? 'X' : 'x';
  }
  int total = plen + zeros + n;
  int padn = sp->width > total ? sp->width - total : 0;
  if (sp->zero && !sp->left && sp->prec < 0) { zeros += padn; padn = 0; }
  if (!sp->left) pad(s, ' ', padn);
  out(s, prefix, (size_t)plen);
  pad(s, '0', zeros);
  while (n) { n--; out(s, &digits[n], 1); }
  if (sp->left) pad(s, ' ', padn);
}

static const char *parse_flags(const char *f, struct spec *sp) {
  for (;; f++) {
    if (*f == '-') sp->left = 1;
    else if (*f == '+') sp->plus = 1;
    else if (*f == ' ') sp->space = 1;
    else if (*f == '#') sp->alt = 1;
    else if (*f == '0') sp->zero = 1;
    else return f;
  }
}

static const char *parse_length(const char *f, struct spec *sp) {
  if (f[0] == 'h' && f[1] == 'h') { sp->length = 1; return f + 2; }
  if (f[0] == 'h') { sp->length = 2; return f + 1; }
  if (f[0] == 'l' && f[1] == 'l') { sp->length = 3; return f + 2; }
  if (*f == 'l' || *f == 'z' || *f == 'j' || *f == 't' || *f == 'L' || *f == 'q') { sp->length = 3; return f + 1; }
  return f;
}

static int64_t narrow_signed(int64_t v, int length) {
  if (length == 1) return (signed char)v;
  if (length == 2) return (short)v;
  if (length == 0) return (int)v;
  return v;
}

static uint64_t narrow_unsigned(uint64_t v, int length) {
  if (length == 1) return (unsigned char)v;
  if (length == 2) return (unsigned short)v;
  if (length == 0) return (unsigned int)v;
  return v;
}

static int format(struct sink *s, const char *f, va_list ap) {
  while (*f) {
    if (*f != '%') {
      const char *start = f;
      while (*f && *f != '%') f++;
      out(s, start, (size_t)(f - start));
      continue;
    }
    const char *start = f++;
    struct spec sp = { 0, 0, 0, 0, 0, 0, -1, 0, 0 };
    f = parse_flags(f, &sp);
    if (*f == '*') {
      sp.width = va_arg(ap, int);
      if (sp.width < 0) { sp.left = 1; sp.width = -sp.width; }
      f++;
    } else {
      while (*f >= '0' && *f <= '9') sp.width = sp.width * 10 + (*f++ - '0');
    }
    if (*f == '.') {
      f++;
      sp.prec = 0;
      if (*f == '*') { sp.prec = va_arg(ap, int); if (sp.prec < 0) sp.prec = -1; f++; }
      else while (*f >= '0' && *f <= '9') sp.prec = sp.prec * 10 + (*f++ - '0');
    }
    f = parse_length(f, &sp);
    sp.conv = *f;
    if (*f) f++;
    switch (sp.conv) {
    case 'd': case 'i': {
      int64_t v = sp.length == 3 ? va_arg(ap, long) : (int64_t)va_arg(ap, int);
      v = narrow_signed(v, sp.length);
      integer(s, &sp, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, v < 0);
      break;
    }
    case 'u': case 'x': case 'X': case 'o': {
      uint64_t v = sp.length == 3 ? va_arg(ap, unsigned long) : (uint64_t)va_arg(ap, unsigned int);
      integer(s, &sp, narrow_unsigned(v, sp.length), 0);
      break;
    }
    case 'p': {
      void *p = va_arg(ap, void *);
      if (!p) { field(s, &sp, "(nil)", 5); break; }
      integer(s, &sp, (uint64_t)(uintptr_t)p, 0);
      break;
    }
    case 'c': {
      char c = (char)va_arg(ap, int);
      field(s, &sp, &c, 1);
      break;
    }
    case 's': {
      const char *str = va_arg(ap, const char *);
      if (!str) str = sp.prec < 0 || sp.prec >= 6 ? "(null)" : "";
      size_t n = sp.prec < 0 ? strlen(str) : strnlen(str, (size_t)sp.prec);
      field(s, &sp, str, n);
      break;
    }
    case 'n': {
      int *p = va_arg(ap, int *);
      *p = (int)s->len;
      break;
    }
    case '%':
      out(s, "%", 1);
      break;
    default:
      out(s, start, (size_t)(f - start));
      break;
    }
  }
  return (int)s->len;
}

int vsnprintf(char *restrict buf, size_t n, const char *restrict fmt, va_list ap) {
  struct sink s = { buf, n, 0, NULL };
  int r = format(&s, fmt, ap);
  if (n) buf[s.len < n ? s.len : n - 1] = 0;
  return r;
}

int snprintf(char *restrict buf, size_t n, const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(buf, n, fmt, ap);
  va_end(ap);
  return r;
}

int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap) {
  return vsnprintf(buf, (size_t)-1 >> 1, fmt, ap);
}

int sprintf(char *restrict buf, const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vsprintf(buf, fmt, ap);
  va_end(ap);
  return r;
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap) {
  struct sink s = { NULL, 0, 0, f };
  int r = format(&s, fmt, ap);
  __caplab_fdone(f);
  return f->error ? -1 : r;
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vfprintf(f, fmt, ap);
  va_end(ap);
  return r;
}

int vprintf(const char *restrict fmt, va_list ap) {
  return vfprintf(stdout, fmt, ap);
}

int printf(const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vfprintf(stdout, fmt, ap);
  va_end(ap);
  return r;
}

int dprintf(int fd, const char *restrict fmt, ...) {
  struct __caplab_file tmp;
  tmp.fd = fd;
  tmp.mode = __CAPLAB_FULLBUF;
  tmp.error = 0;
  tmp.sawNewline = 0;
  tmp.len = 0;
  va_list ap;
  va_start(ap, fmt);
  int r = vfprintf(&tmp, fmt, ap);
  va_end(ap);
  fflush(&tmp);
  return r;
}

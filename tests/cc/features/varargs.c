/* Variadic functions under AAPCS64: our va_list, va_arg for ints, longs, pointers
   and structs, va_copy, more than eight arguments, and interoperation with gcc
   code in both directions (varargs.gcc.c is compiled by gcc). */
#include "rt.h"

struct Pair { long a, b; };
struct Big { long v[3]; };
struct Small { char c; short s; };

long gcc_sum(int n, ...);                       /* gcc-compiled */
long gcc_calls_ours(void);                      /* gcc code calling our ours_sum */
long gcc_mixed(int n, ...);                     /* gcc: reads int, long, struct Pair, char* */

long ours_sum(int n, ...) {
  va_list ap;
  va_start(ap, n);
  long s = 0;
  for (int i = 0; i < n; i++) s += va_arg(ap, long);
  va_end(ap);
  return s;
}

static long mixed(int n, ...) {
  va_list ap;
  va_start(ap, n);
  long s = va_arg(ap, int);
  s += va_arg(ap, long);
  struct Pair p = va_arg(ap, struct Pair);
  s += p.a * 100 + p.b;
  const char *str = va_arg(ap, const char *);
  s += str[0];
  struct Big b = va_arg(ap, struct Big);
  s += b.v[2];
  struct Small sm = va_arg(ap, struct Small);
  s += sm.c + sm.s;
  va_end(ap);
  return s + n;
}

static int count_copy(int n, ...) {
  va_list ap, aq;
  va_start(ap, n);
  va_copy(aq, ap);
  int a = 0, b = 0;
  for (int i = 0; i < n; i++) a += va_arg(ap, int);
  for (int i = 0; i < n; i++) b += va_arg(aq, int) * 2;
  va_end(ap);
  va_end(aq);
  return a + b;
}

static long many(long a, long b, long c, long d, long e, long f, long g, ...) {
  va_list ap;
  va_start(ap, g);
  long s = a + b + c + d + e + f + g;
  for (int i = 0; i < 4; i++) s += va_arg(ap, long) * 1000;
  va_end(ap);
  return s;
}

static int vsum(int n, va_list ap) {
  int s = 0;
  while (n--) s += va_arg(ap, int);
  return s;
}

static int wrap(int n, ...) {
  va_list ap;
  va_start(ap, n);
  int r = vsum(n, ap);
  va_end(ap);
  return r;
}

int main(void) {
  ASSERT(32, sizeof(va_list));
  ASSERT(55, ours_sum(10, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L));
  ASSERT(0, ours_sum(0));
  struct Pair p = {3, 4};
  struct Big b = {{7, 8, 9}};
  struct Small sm = {1, 2};
  ASSERT(1 + 2 + 304 + 'x' + 9 + 3 + 5, mixed(5, 1, 2L, p, "x", b, sm));
  ASSERT(18, count_copy(3, 1, 2, 3));
  ASSERT(28 + 10000, many(1, 2, 3, 4, 5, 6, 7, 1L, 2L, 3L, 4L));
  ASSERT(15, wrap(5, 1, 2, 3, 4, 5));
  ASSERT(45, gcc_sum(9, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L));
  ASSERT(78, gcc_calls_ours());
  ASSERT(1 + 2 + 304 + 'y' + 4, gcc_mixed(4, 1, 2L, p, "y"));
  char buf[64];
  sprintf(buf, "%d-%s-%x-%ld-%c", -12, "ab", 255, 1L << 40, 'q');
  ASSERT(0, strcmp(buf, "-12-ab-ff-1099511627776-q"));
  return rt_done();
}

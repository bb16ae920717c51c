/* Compiled by gcc: variadic callee and caller for the interoperation checks. */
#include <stdarg.h>

struct Pair { long a, b; };
long ours_sum(int n, ...);

long gcc_sum(int n, ...) {
  va_list ap;
  va_start(ap, n);
  long s = 0;
  for (int i = 0; i < n; i++) s += va_arg(ap, long);
  va_end(ap);
  return s;
}

long gcc_calls_ours(void) { return ours_sum(12, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L); }

long gcc_mixed(int n, ...) {
  va_list ap;
  va_start(ap, n);
  long s = va_arg(ap, int);
  s += va_arg(ap, long);
  struct Pair p = va_arg(ap, struct Pair);
  s += p.a * 100 + p.b;
  const char *str = va_arg(ap, const char *);
  s += str[0];
  va_end(ap);
  return s + n;
}

/* Preprocessor: object- and function-like macros, # and ##, __VA_ARGS__,
   conditionals with defined and full constant expressions, includes, __LINE__. */
#include "rt.h"
#include "pp_helper.h"
#include "pp_helper.h" /* include guard */
#include <stdint.h>
#include <limits.h>
#include <stdbool.h>

#define SQ(x) ((x) * (x))
#define CAT(a, b) a##b
#define STR(x) #x
#define XSTR(x) STR(x)
#define FIRST(a, ...) a
#define COUNT(...) count_args(0, ##__VA_ARGS__)
#define TEN 10
#define EMPTY
#define LPAREN (
#define F(x) x + 1
#define G F
#define self_ref self_ref
#define ADD_ALL(...) add_all(__VA_ARGS__, -1)

static int count_args(int zero, ...) { return zero; }
static int add_all(int a, ...) {
  va_list ap; va_start(ap, a);
  int s = 0;
  for (int v = a; v != -1; v = va_arg(ap, int)) s += v;
  va_end(ap);
  return s;
}

#if TEN > 5 && defined(TEN) && !defined(NOPE)
int cond1 = 1;
#else
int cond1 = 0;
#endif

#if (1 ? 2 : 3) == 2 && (0x10 >> 2) == 4 && -1 < 0 && 3 % 2
int cond2 = 1;
#elif 1
int cond2 = 2;
#endif

#ifdef NOPE
#error should not happen
#elif defined HELPER_VALUE
int cond3 = HELPER_VALUE;
#endif

#ifndef TEN
int cond4 = 0;
#else
int cond4 = 4;
#endif

#if 0
this text ' is " skipped
#if 1
nested
#endif
#endif

#undef TEN
#ifdef TEN
int cond5 = 0;
#else
int cond5 = 5;
#endif

#if -1 > 0u
int cond6 = 6;   /* -1 converts to UINTMAX_MAX */
#endif

#define LINE_HERE __LINE__

int main(void) {
  ASSERT(49, SQ(3 + 4));
  int xy = 7;
  ASSERT(7, CAT(x, y));
  ASSERT(0, strcmp(STR(a + b), "a + b"));
  ASSERT(0, strcmp(XSTR(SQ(2)), "((2) * (2))"));
  ASSERT(0, strcmp(STR("q"), "\"q\""));
  ASSERT(1, FIRST(1, 2, 3));
  ASSERT(0, COUNT());
  ASSERT(10, ADD_ALL(1, 2, 3, 4));
  ASSERT(3, G(2));
  int self_ref = 3;
  ASSERT(3, self_ref);
  ASSERT(1, cond1);
  ASSERT(1, cond2);
  ASSERT(42, cond3);
  ASSERT(4, cond4);
  ASSERT(5, cond5);
  ASSERT(6, cond6);
  ASSERT(96, __LINE__);
  ASSERT(97, LINE_HERE);
  ASSERT(1, __STDC__);
  ASSERT(201112, __STDC_VERSION__);
  ASSERT(1, __aarch64__);
  ASSERT(1, __LP64__);
  ASSERT(1, __CHAR_UNSIGNED__);
  ASSERT(8, __SIZEOF_POINTER__);
  ASSERT(2147483647, __INT_MAX__);
  ASSERT(2147483647, INT_MAX);
  ASSERT(255, UINT8_MAX);
  ASSERT(8, sizeof(int64_t));
  ASSERT(1, true);
  ASSERT(9, HELPER_SQ(3));
  ASSERT('p', __FILE__[sizeof(__FILE__) - 15]);
  EMPTY ASSERT(3, 3 EMPTY);
  int arr[] = {F(1), G(2)};
  ASSERT(3, arr[1]);
  return rt_done();
}

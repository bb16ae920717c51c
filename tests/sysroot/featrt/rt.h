/* The compiler tests' runtime interface (tests/cc/runtime/rt.h) over a real libc:
   with -I tests/sysroot/featrt the feature and differential programs build
   against our sysroot (or glibc) instead of the freestanding test runtime. */
#ifndef RT_H
#define RT_H
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

void rt_assert(long expected, long actual, const char *code, int line);
int rt_done(void);

#define ASSERT(expected, expr) rt_assert((long)(expected), (long)(expr), #expr, __LINE__)
#endif

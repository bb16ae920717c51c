/* Function pointers: calls through pointers, tables, callbacks, returning them. */
#include "rt.h"

static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
typedef int (*binop)(int, int);
static binop table[] = {add, sub, mul};
static int apply(binop f, int a, int b) { return f(a, b); }
static binop pick(int i) { return table[i]; }
static int (*pick2(int i))(int, int) { return i ? sub : add; }
struct ops { int (*f)(int, int); const char *name; };

static void sort(int *a, int n, int (*cmp)(int, int)) {
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      if (cmp(a[i], a[j]) > 0) { int t = a[i]; a[i] = a[j]; a[j] = t; }
}
static int desc(int a, int b) { return b - a; }

int main(void) {
  int (*fp)(int, int) = add;
  ASSERT(5, fp(2, 3));
  ASSERT(5, (*fp)(2, 3));
  fp = &sub;
  ASSERT(-1, fp(2, 3));
  ASSERT(6, table[2](2, 3));
  ASSERT(7, apply(add, 3, 4));
  ASSERT(12, pick(2)(3, 4));
  ASSERT(-1, pick2(1)(3, 4));
  struct ops o = {mul, "mul"};
  ASSERT(20, o.f(4, 5));
  int a[5] = {3, 1, 4, 1, 5};
  sort(a, 5, desc);
  ASSERT(5, a[0]);
  ASSERT(1, a[4]);
  ASSERT(1, fp == sub);
  ASSERT(0, fp == add);
  binop arr2[2];
  arr2[0] = mul;
  ASSERT(9, arr2[0](3, 3));
  return rt_done();
}

/* typedef, enums, qualifiers, sizeof/_Alignof/_Alignas, _Static_assert, _Generic,
   casts between integer and pointer types. */
#include "rt.h"

typedef int myint;
typedef struct { myint a; } wrap;
typedef wrap *wrapp;
typedef int arr3[3];
enum color { RED, GREEN = 5, BLUE, NEG = -2 };
enum big { BIG = 0x100000000L };
enum { ANON_A = 3, ANON_B = ANON_A * 2 };
_Static_assert(sizeof(int) == 4, "int is 32-bit");
_Static_assert(BLUE == 6, "enum counting");

#define TYPE_NAME(x) _Generic((x), int: "int", long: "long", char *: "char*", default: "other")

static _Alignas(16) char aligned_buf[3];

int main(void) {
  myint i = 4;
  ASSERT(4, i);
  wrap w = {7};
  wrapp wp = &w;
  ASSERT(7, wp->a);
  arr3 a = {1, 2, 3};
  ASSERT(12, sizeof(arr3));
  ASSERT(3, a[2]);
  ASSERT(0, RED);
  ASSERT(5, GREEN);
  ASSERT(6, BLUE);
  ASSERT(-2, NEG);
  ASSERT(4, sizeof(enum color));
  ASSERT(8, sizeof(enum big));
  ASSERT(6, ANON_B);
  enum color c = BLUE;
  ASSERT(6, c);
  const int k = 3;
  ASSERT(3, k);
  volatile int vv = 5;
  vv++;
  ASSERT(6, vv);
  ASSERT(8, _Alignof(long));
  ASSERT(1, _Alignof(char));
  ASSERT(0, (long)aligned_buf % 16);
  _Alignas(8) char local[4];
  ASSERT(0, (long)local % 8);
  ASSERT('i', TYPE_NAME(1)[0]);
  ASSERT('l', TYPE_NAME(1L)[0]);
  ASSERT('c', TYPE_NAME("s")[0]);
  ASSERT('o', TYPE_NAME((short)1)[0]);
  unsigned long addr = (unsigned long)&i;
  ASSERT(4, *(int *)addr);
  ASSERT(1, sizeof(_Bool));
  typedef char (*fp_t)(int);
  ASSERT(8, sizeof(fp_t));
  __typeof__(i) j = 9;
  ASSERT(9, j);
  ASSERT(4, sizeof(j));
  long long ll = 5;
  ASSERT(8, sizeof ll);
  unsigned short us = 65535;
  ASSERT(65535, us);
  signed s = -1;
  ASSERT(-1, s);
  return rt_done();
}

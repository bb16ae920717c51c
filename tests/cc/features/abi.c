/* AAPCS64 interoperation with gcc-compiled code (abi.gcc.c): scalars of every width,
   more than eight arguments, small/large/odd-sized structs by value and as results,
   and gcc calling back into our functions through pointers. */
#include "rt.h"

struct S8 { int a, b; };
struct S12 { int a, b, c; };
struct S16 { long a, b; };
struct S3 { char a, b, c; };
struct S40 { long v[5]; };

long g_scalars(char c, signed char sc, short s, unsigned short us, int i, unsigned u, long l, unsigned char uc);
long g_many(long a, long b, long c, long d, long e, long f, long g, long h, long i, int j, char k);
long g_structs(struct S8 a, struct S12 b, struct S16 c, struct S3 d, struct S40 e);
struct S12 g_ret12(int x);
struct S40 g_ret40(long x);
struct S3 g_ret3(char x);
char g_retchar(int x);
short g_retshort(int x);
_Bool g_retbool(int x);
long g_callback(long (*f)(long, struct S16, struct S40), long x);
long g_after_regs(long a, long b, long c, long d, long e, long f, long g, struct S16 s, struct S8 t);

long ours_cb(long x, struct S16 s, struct S40 big) { return x + s.a * 10 + s.b + big.v[4] * 1000; }
struct S12 ours_ret12(int x) { struct S12 r = {x, x + 1, x + 2}; return r; }

int main(void) {
  ASSERT(1 + (-2) + (-3) + 4 + 5 + 6 + 7 + 200, g_scalars(1, -2, -3, 4, 5, 6, 7, 200));
  ASSERT(1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11, g_many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11));
  struct S8 a = {1, 2};
  struct S12 b = {3, 4, 5};
  struct S16 c = {6, 7};
  struct S3 d = {8, 9, 10};
  struct S40 e = {{11, 12, 13, 14, 15}};
  ASSERT(1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15, g_structs(a, b, c, d, e));
  struct S12 r = g_ret12(20);
  ASSERT(22, r.c);
  struct S40 r40 = g_ret40(100);
  ASSERT(104, r40.v[4]);
  struct S3 r3 = g_ret3(5);
  ASSERT(7, r3.c);
  ASSERT(200, g_retchar(200));
  ASSERT(-2, g_retshort(-2));
  ASSERT(1, g_retbool(7));
  ASSERT(5 + 10 + 2 + 3000, g_callback(ours_cb, 5));
  ASSERT(1 + 2 + 3 + 4 + 5 + 6 + 7 + 80 + 9 + 10 + 11, g_after_regs(1, 2, 3, 4, 5, 6, 7, (struct S16){8, 9}, (struct S8){10, 11}));
  return rt_done();
}

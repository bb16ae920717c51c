/* Bit-fields: gcc's AArch64 layout (units never straddled, zero-width fields) and
   signed/unsigned extraction, assignment and compound assignment. */
#include "rt.h"

struct S1 { unsigned a : 3; unsigned b : 5; unsigned c : 24; };
struct S2 { int a : 4; int b : 4; char c; };
struct S3 { char a : 3; char b : 6; };
struct S4 { int a : 1; int : 0; int b : 1; };
struct S5 { long a : 40; long b : 30; };
struct S6 { unsigned char x; unsigned short y : 9; unsigned z : 20; };
struct S7 { short a : 7, b : 7, c : 7; };

int main(void) {
  ASSERT(4, sizeof(struct S1));
  ASSERT(4, sizeof(struct S2));
  ASSERT(1, offsetof(struct S2, c));
  ASSERT(2, sizeof(struct S3));
  ASSERT(8, sizeof(struct S4));
  ASSERT(16, sizeof(struct S5));
  ASSERT(8, sizeof(struct S6));
  ASSERT(4, sizeof(struct S7));

  struct S1 s = {5, 17, 123456};
  ASSERT(5, s.a);
  ASSERT(17, s.b);
  ASSERT(123456, s.c);
  s.b = 40; /* truncated to 5 bits */
  ASSERT(8, s.b);
  ASSERT(5, s.a);
  ASSERT(123456, s.c);
  s.c += 1;
  ASSERT(123457, s.c);
  s.a++;
  ASSERT(6, s.a);

  struct S2 t = {-3, 7, 'z'};
  ASSERT(-3, t.a);
  ASSERT(7, t.b);
  t.b = 8; /* wraps to -8 in a signed 4-bit field */
  ASSERT(-8, t.b);
  ASSERT('z', t.c);

  struct S5 l;
  l.a = -1;
  l.b = 0x12345678;
  ASSERT(-1, l.a);
  ASSERT(0x12345678, l.b);
  l.a = 0x7fffffffffL;
  ASSERT(0x7fffffffffL, l.a);

  struct S6 six = {1, 300, 1000000};
  ASSERT(300, six.y);
  ASSERT(1000000, six.z);
  struct S7 sv = {-1, 63, -64};
  ASSERT(-1, sv.a);
  ASSERT(63, sv.b);
  ASSERT(-64, sv.c);
  unsigned char raw[4];
  struct S1 r = {7, 0, 0};
  memcpy(raw, &r, 4);
  ASSERT(7, raw[0]);
  return rt_done();
}

/* Arithmetic, integer promotions and the usual arithmetic conversions. */
#include "rt.h"

int main(void) {
  ASSERT(7, 3 + 4);
  ASSERT(-1, 3 - 4);
  ASSERT(12, 3 * 4);
  ASSERT(2, 9 / 4);
  ASSERT(-2, -9 / 4);
  ASSERT(1, 9 % 4);
  ASSERT(-1, -9 % 4);
  ASSERT(8, 1 << 3);
  ASSERT(-4, -16 >> 2);
  ASSERT(0x3fffffff, 0xffffffffu >> 2);
  ASSERT(1, -1 < 1);
  ASSERT(0, -1 < 1u);            /* -1 converts to UINT_MAX */
  ASSERT(1, -1L < 1u);           /* long holds every unsigned int */
  ASSERT(0, -1L < 1UL);
  ASSERT(4294967295L, (unsigned)-1);
  ASSERT(-1, (int)4294967295u);
  ASSERT(255, (unsigned char)-1);
  ASSERT(-1, (signed char)255);
  ASSERT(255, (char)255);        /* char is unsigned on AArch64 */
  ASSERT(-32768, (short)32768);
  ASSERT(65535, (unsigned short)-1);
  ASSERT(1, (_Bool)5);
  ASSERT(0, (_Bool)0);
  ASSERT(1, (_Bool)0x100000000L);
  ASSERT(4, sizeof(int));
  ASSERT(8, sizeof(long));
  ASSERT(8, sizeof(long long));
  ASSERT(2, sizeof(short));
  ASSERT(4, sizeof('a'));
  ASSERT(4, sizeof((char)1 + (char)2)); /* promoted to int */
  ASSERT(8, sizeof(1 + 1L));
  ASSERT(8, sizeof(1u + 1L));
  unsigned char a = 200, b = 100;
  ASSERT(300, a + b);
  ASSERT(44, (unsigned char)(a + b));
  int i = 0x7fffffff;
  ASSERT(-2147483648L, (int)((unsigned)i + 1));
  long l = 1L << 40;
  ASSERT(1099511627776L, l);
  ASSERT(0, (int)l);
  unsigned u = 3;
  ASSERT(1, u / 2);
  ASSERT(2147483647, 0xffffffffu / 2);
  ASSERT(-3, ~2);
  ASSERT(0, !5);
  ASSERT(1, !0);
  ASSERT(-5, -(5));
  ASSERT(6, 5 ^ 3);
  ASSERT(7, 5 | 3);
  ASSERT(1, 5 & 3);
  int x = 10;
  x += 3; ASSERT(13, x);
  x -= 1; ASSERT(12, x);
  x *= 2; ASSERT(24, x);
  x /= 5; ASSERT(4, x);
  x %= 3; ASSERT(1, x);
  x <<= 4; ASSERT(16, x);
  x >>= 1; ASSERT(8, x);
  x |= 3; ASSERT(11, x);
  x &= 6; ASSERT(2, x);
  x ^= 7; ASSERT(5, x);
  ASSERT(5, x++); ASSERT(6, x);
  ASSERT(7, ++x);
  ASSERT(7, x--); ASSERT(5, --x);
  char c = 250;
  c += 10;
  ASSERT(4, c);
  unsigned char uc = 0; uc--; ASSERT(255, uc);
  signed char sc = 127; sc++; ASSERT(-128, sc);
  short s = -5; ASSERT(-5, s); s *= 1000; ASSERT(-5000, s);
  long long big = 0x123456789abcdefLL;
  ASSERT(0x123456789abcdefLL, big);
  ASSERT(0xcdef, big & 0xffff);
  ASSERT(-1, -1LL);
  unsigned long ul = -1;
  ASSERT(-1, (long)ul);
  ASSERT(1, ul == 0xffffffffffffffffUL);
  ASSERT(1, (ul >> 63) == 1);
  int sh = 31;
  ASSERT(-2147483648L, (int)(1u << sh));
  long neg = -100;
  ASSERT(-7, neg / 14);
  ASSERT(-2, neg % 14);
  unsigned long un = 100;
  ASSERT(7, un / 14);
  ASSERT(1, 1 ? 1 : 2);
  ASSERT(4294967295L, 0 ? 1u : -1); /* result type is unsigned int */
  ASSERT(4294967295L, (long)(0 ? 1u : -1));
  _Bool bb = 0; bb++; ASSERT(1, bb); bb++; ASSERT(1, bb);
  ASSERT(3, (1, 2, 3));
  int big1 = 100000, big2 = 300000;
  ASSERT(30000000000L, (long)big1 * big2);
  ASSERT(123456789, 123456789);
  ASSERT(-123456789, -123456789);
  ASSERT(0x7fffffffffffffffL, 0x7fffffffffffffff);
  return rt_done();
}

/* Constant arguments to static inline functions, which our compiler substitutes for
   parameters the body only reads (src/toolchain/cc/cginline.ts, folded by cgfold.ts)
   and gcc -O0 passes as usual; parameters that are assigned, incremented or
   addressed keep their slot. Conversions of the constant to the parameter type
   (narrowing, sign change, bool), constant array indexes, folded arithmetic and
   comparisons, and straight-line stores and loads of frame slots (the peephole's
   store-to-load forwarding), volatile locals included. No undefined behaviour. */
#include "rt.h"

struct ipcbuf { long tag; long msg[8]; int small[4]; };
struct ipcbuf gbuf;
static struct ipcbuf *buf(void) { return &gbuf; }

static inline struct ipcbuf *getbuf(void) { struct ipcbuf *b = buf(); return b; }
static inline void setmr(int i, long v) { getbuf()->msg[i] = v; }
static inline long getmr(int i) { return getbuf()->msg[i]; }
static inline void setsmall(unsigned i, int v) { getbuf()->small[i] = v; }

static inline int as_char(char c) { return c; }
static inline int as_schar(signed char c) { return c * 2; }
static inline unsigned as_uint(unsigned u) { return u / 3; }
static inline long as_long(long v) { return v >> 4; }
static inline unsigned long as_ulong(unsigned long v) { return v >> 60; }
static inline int as_bool(_Bool b) { return b ? 10 : 20; }
static inline int as_short(short s) { return s + 1; }
static inline int is_null(int *p) { return p == 0 ? 1 : *p; }
static inline int cmp(int a, unsigned b) { return (a < 0) + 2 * (b > 5u) + 4 * ((unsigned)a > b); }
static inline int arith(int a, int b) { return (a + b) * (a - b) / (b | 1) % 7 + a * 8 + (a ^ b) + (~a & 0xff) + !a + -b; }
static inline int divide(int a, int b) { return b ? a / b + a % b : -1; }
static inline int shifts(unsigned s, int k) { return (int)((s >> k) + (s << (k & 15))); }
static inline int logic(int a, int b) { return (a && b) + 2 * (a || b) + 4 * !b; }

static inline int changed(int i) { i += 5; return i; }
static inline int incr(int i) { i++; ++i; return i * 10; }
static inline int addressed(int i) { int *p = &i; *p *= 3; return i; }
static inline int assigned_late(int i, int j) { int r = i + j; i = 100; return r + i; }
static inline int loop_to(int n) { int s = 0; for (int k = 0; k < n; k++) s += k; return s; }
static inline int deeper(int i) { return changed(i) + incr(i) + loop_to(i); }
static inline long asm_in(long v) { long r; __asm__("add %0, %1, #1" : "=r"(r) : "r"(v)); return r; }
static inline long asm_out(long v) { __asm__("add %0, %0, #2" : "+r"(v)); return v; }

static int side;
static inline int with_side(int a, int b) { return a * 100 + b; }
static int bump(void) { return ++side; }

int main(void) {
  for (int k = 0; k < 8; k++) setmr(k, 0);
  setmr(0, 11); setmr(1, -1); setmr(2, 0x123456789aL); setmr(7, 77);
  setsmall(3, -5); setsmall(0u, 9);
  printf("mr %ld %ld %ld %ld %ld sum %ld small %d %d\n", getmr(0), getmr(1), getmr(2), getmr(3), getmr(7),
         getmr(0) + getmr(1) + getmr(7), gbuf.small[3], gbuf.small[0]);
  int idx = 2;
  setmr(idx + 1, 33);
  printf("mixed %ld %ld\n", getmr(3), getmr(idx + 1));

  printf("char %d %d %d schar %d\n", as_char(300), as_char(-1), as_char('A'), as_schar(200));
  printf("uint %u %u long %ld %ld ulong %lu\n", as_uint(-1), as_uint(10), as_long(-100), as_long(1L << 40), as_ulong(-1L));
  printf("bool %d %d %d short %d %d\n", as_bool(0), as_bool(256), as_bool(-7), as_short(70000), as_short(-32768));
  int z = 42;
  printf("null %d %d\n", is_null(0), is_null(&z));
  printf("cmp %d %d %d %d\n", cmp(-1, 6), cmp(3, 2), cmp(7, 7), cmp(-2147483647 - 1, 0));
  printf("arith %d %d %d\n", arith(9, 4), arith(-9, 4), arith(0, -3));
  printf("divide %d %d %d %d\n", divide(17, 5), divide(-17, 5), divide(17, 0), divide(-2147483647 - 1, -1 + 2));
  printf("shifts %d %d %d\n", shifts(0x80000000u, 31), shifts(12345, 4), shifts(1, 20));
  printf("logic %d %d %d %d\n", logic(0, 0), logic(3, 0), logic(0, -1), logic(2, 2));

  printf("changed %d incr %d addressed %d late %d\n", changed(1), incr(4), addressed(7), assigned_late(3, 4));
  printf("loop %d %d deeper %d\n", loop_to(5), loop_to(0), deeper(3));
  printf("asm %ld %ld\n", asm_in(41), asm_out(40));
  side = 0;
  printf("side %d %d\n", with_side(bump(), 7), with_side(3, bump()));

  /* Straight-line stores and reloads of locals, of every width. */
  char c = 'x';
  short s = (short)c * 300;
  int i = s + 1;
  long l = i * 1000L;
  unsigned u = (unsigned)l;
  unsigned char uc = (unsigned char)u;
  printf("widths %d %d %d %ld %u %u\n", c, s, i, l, u, uc);
  union { int i; long l; unsigned char b[8]; } un;
  un.l = -1;
  un.i = 5;
  printf("union %lx %d %d\n", un.l, un.i, un.b[4]);
  volatile int vol = 3;
  vol = vol + 4;
  int after = vol;
  printf("volatile %d %d\n", after, vol);
  long zero = 0;
  int wzero = 0;
  printf("zero %ld %d\n", zero, wzero);
  return 0;
}

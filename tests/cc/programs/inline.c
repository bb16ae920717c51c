/* static inline functions, which our compiler expands at the call site when they are
   small (src/toolchain/cc/cginline.ts) and gcc -O0 calls: parameters modified and
   addressed inside, nesting, recursion, struct parameters and results of 8, 16 and
   more bytes, narrow and bool results, arguments with side effects, void functions in
   expressions, address-taken inline functions, static locals, loops, inline asm.
   Nothing here depends on the (unspecified) order of argument evaluation. */
#include "rt.h"

struct s8 { int a, b; };
struct s16 { long x; long y; };
struct s24 { long x, y, z; };
struct s40 { char tag; long v[4]; };
struct odd { char c[3]; };

static int calls;
static int counter(void) { return ++calls; }

static inline int sq(int x) { x = x * x; return x; }
static inline int add3(int a, int b, int c) { a += b; a += c; return a; }
static inline void bump(int *p) { *p += 1; }
static inline void bump2(int *p, int by) { *p += by; by = 0; }
static inline int via_addr(int x) { int *p = &x; *p += 10; bump(p); return x; }
static inline int twice(int x) { return add3(x, x, 0); }
static inline int quad(int x) { return twice(twice(x)); }
static inline int deep(int x) { return quad(sq(x)) + sq(quad(x)); }

static inline long fact(long n) { return n <= 1 ? 1 : n * fact(n - 1); }
static inline int is_odd(unsigned n);
static inline int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static inline int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

static inline struct s8 mk8(int a, int b) { struct s8 r; r.a = a; r.b = b; return r; }
static inline struct s8 swap8(struct s8 s) { int t = s.a; s.a = s.b; s.b = t; return s; }
static inline long sum8(struct s8 s) { long r = s.a + s.b; s.a = 0; return r; }
static inline struct s16 mk16(long x, long y) { return (struct s16){ x, y }; }
static inline struct s16 add16(struct s16 p, struct s16 q) { p.x += q.x; p.y += q.y; return p; }
static inline struct s24 mk24(long x) { struct s24 r = { x, x * 2, x * 3 }; return r; }
static inline struct s24 scale24(struct s24 s, int k) { s.x *= k; s.y *= k; s.z *= k; return s; }
static inline long sum24(struct s24 s) { return s.x + s.y + s.z; }
static inline struct s40 mk40(char tag, long base) {
  struct s40 r;
  r.tag = tag;
  for (int i = 0; i < 4; i++) r.v[i] = base + i;
  return r;
}
static inline struct s24 get24(const struct s24 *p) { return *p; }
static inline struct odd mkodd(char a) { struct odd o = { { a, (char)(a + 1), (char)(a + 2) } }; return o; }

static inline _Bool truthy(int x) { return x; }
static inline char low_byte(int x) { return x; }
static inline signed char sbyte(int x) { return x; }
static inline short narrow(long x) { return x; }
static inline unsigned short unarrow(long x) { return x; }
static inline int from_bool(_Bool b) { return b + 1; }
static inline int from_char(signed char c) { return c; }
static inline unsigned long widen(int x) { return x; }

static inline int tick(void) { static int n; n += 1; return n; }
static inline const char *name(void) { return __func__; }

static inline int sum_to(int n) {
  int s = 0;
  for (int i = 1; i <= n; i++) {
    if (i == 5) continue;
    if (i > 8) break;
    s += i;
  }
  return s;
}
static inline int digits(unsigned long v) { int n = 0; do { n++; v /= 10; } while (v); return n; }
static inline int sx(int v) { return ({ int t = v * 3; t + 1; }); }
static inline int early(int x) { if (x < 0) return -x; return x; }
static inline int classify(int x) {
  switch (x) { case 0: return 10; default: return 20; }
}

static inline long asm_const(void) {
  long r;
  __asm__ volatile("mov %0, #42" : "=r"(r));
  return r;
}
static inline long asm_add(long a, long b) {
  long r;
  __asm__("add %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
  return r;
}
static inline long asm_pinned(long v) {
  register long x8 __asm__("x8") = v;
  __asm__ volatile("add x8, x8, #1" : "+r"(x8));
  return x8;
}
/* Seven register operands, as libsel4's seL4_arm_sys: at a deep expression depth the
   expansion does not fit the register stack and stays a call. */
static inline void six(long *a, long *b, long *c, long *d, long *e, long *f, long k) {
  register long r0 __asm__("x0") = *a;
  register long r1 __asm__("x1") = *b;
  register long r2 __asm__("x2") = *c;
  register long r3 __asm__("x3") = *d;
  register long r4 __asm__("x4") = *e;
  register long r5 __asm__("x5") = *f;
  register long r7 __asm__("x7") = k;
  __asm__ volatile("add x0, x0, x7\n\tadd x1, x1, x7\n\tadd x2, x2, x7\n\tadd x3, x3, x7\n\tadd x4, x4, x7\n\tadd x5, x5, x7"
                   : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5) : "r"(r7) : "memory");
  *a = r0; *b = r1; *c = r2; *d = r3; *e = r4; *f = r5;
}
static inline long six_sum(long k) {
  long a = 1, b = 2, c = 3, d = 4, e = 5, f = 6;
  six(&a, &b, &c, &d, &e, &f, k);
  return a + b + c + d + e + f;
}
/* Clobbers a callee-saved register of the expression stack. */
static inline long clobber19(long v) {
  __asm__ volatile("mov x19, #7" : : : "x19");
  return v + 1;
}

static int g_val = 5;
static inline int *gptr(void) { return &g_val; }

int main(void) {
  int x = 3;
  printf("sq %d %d x %d\n", sq(x), sq(sq(2)), x);
  printf("add3 %d\n", add3(1, 2, 3));
  bump(&x);
  bump2(&x, 5);
  printf("bump %d via_addr %d\n", x, via_addr(x));
  printf("nested %d %d %d\n", twice(4), quad(3), deep(2));
  printf("fact %ld even %d %d odd %d\n", fact(10), is_even(10), is_even(7), is_odd(7));

  calls = 0;
  int r = sq(counter());
  r += add3(counter(), 0, 0);
  printf("once: calls %d r %d\n", calls, r);
  int i = 4;
  int v = sq(i++);
  printf("post %d %d\n", v, i);

  struct s8 a = mk8(1, 2);
  struct s8 b = swap8(a);
  printf("s8 %d %d %d %d sum %ld %d\n", a.a, a.b, b.a, b.b, sum8(b), b.a);
  printf("s8 chain %d %ld\n", swap8(swap8(mk8(7, 9))).a, sum8(swap8(mk8(30, 12))));
  struct s16 p = add16(mk16(1, 2), mk16(10, 20));
  printf("s16 %ld %ld %ld\n", p.x, p.y, add16(p, p).y);
  struct s24 t = mk24(5);
  struct s24 u = scale24(t, 3);
  printf("s24 %ld %ld %ld / %ld %ld %ld sum %ld %ld\n", t.x, t.y, t.z, u.x, u.y, u.z, sum24(u), sum24(scale24(mk24(1), 2)));
  struct s40 w = mk40('q', 100);
  printf("s40 %c %ld %ld %ld\n", w.tag, w.v[0], w.v[3], mk40('z', 7).v[2]);
  struct s24 src = mk24(2);
  struct s24 copy = get24(&src);
  src.x = 99;
  printf("get24 %ld %ld\n", copy.x, get24(&src).x);
  struct odd o = mkodd('a');
  printf("odd %c%c%c\n", o.c[0], o.c[1], o.c[2]);

  printf("bool %d %d %d\n", truthy(0), truthy(256), truthy(-3));
  printf("char %d %d short %d %d ushort %d\n", low_byte(0x1ff), sbyte(0xff), narrow(0x18000), narrow(-2), unarrow(-1));
  printf("params %d %d %d widen %lu\n", from_bool(2), from_bool(0), from_char(200), widen(-1));
  unsigned char uc = low_byte(300);
  short sh = narrow(70000);
  printf("stored %d %d\n", uc, sh);

  int q = 0;
  int k = (bump(&q), bump(&q), q);
  printf("void comma %d %d\n", k, q);
  k > 1 ? bump(&q) : bump2(&q, 100);
  for (int j = 0; j < 3; bump(&j)) q += 10;
  printf("void cond/for %d\n", q);

  int (*fp)(int) = sq;
  int (*ep)(unsigned) = is_even;
  printf("fnptr %d %d %d %d\n", fp(6), sq(6), ep(4), fp == sq);

  int t1 = tick();
  int t2 = tick();
  int t3 = tick() + tick();
  printf("static %d %d %d %s\n", t1, t2, t3, name());

  printf("loops %d %d %d %d %lu\n", sum_to(3), sum_to(20), digits(0), digits(123456), (unsigned long)digits(12) + sum_to(6));
  printf("stmtexpr %d %d early %d %d switch %d %d\n", sx(2), sx(sx(1)), early(-4), early(4), classify(0), classify(3));

  printf("asm %ld %ld %ld %ld\n", asm_const(), asm_add(40, 2), asm_pinned(41), asm_add(asm_pinned(1), asm_const()));
  long e1 = six_sum(10);
  long e2 = 1 + (2 + (3 + (4 + (5 + (6 + six_sum(1))))));
  printf("six %ld %ld\n", e1, e2);
  long c1 = clobber19(1);
  long c2 = 100 + (200 + (300 + clobber19(5)));
  printf("clobber %ld %ld\n", c1, c2);

  *gptr() += 1;
  printf("gptr %d\n", *gptr());
  int acc = 0;
  for (int j = 0; j < 5; j++) acc += twice(j) + sq(j);
  while (early(acc) > 100) acc -= 7;
  if (truthy(acc) && is_even(4)) acc += sq(2);
  printf("acc %d\n", acc);
  return 0;
}

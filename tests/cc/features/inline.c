/* Inline expansion keeps a call's semantics: each static inline function called
   directly (expanded by our compiler) gives what the same function gives when called
   through a volatile function pointer (always a real call), including the order in
   which the arguments are evaluated and struct results that are copies. */
#include "rt.h"

struct s24 { long x, y, z; };
struct s12 { int a[3]; };

static long seq;
static long next(void) { seq = seq * 10 + 1; return seq; }

static inline long order2(long a, long b) { return a * 1000 + b; }
static inline long order3(long a, struct s12 s, long b) { return a * 1000000 + s.a[0] * 1000 + b; }
static inline struct s12 mk12(int v) { struct s12 s = { { v, v + 1, v + 2 } }; return s; }
static inline struct s24 get(const struct s24 *p) { return *p; }
static struct s24 *clobber(struct s24 *p, struct s24 *out) { p->x = 77; return out; }
static inline long pmod(long v) { long *p = &v; *p += 5; v *= 2; return v; }
static inline unsigned char uc(int v) { return v + 1; }
static inline short ss(long v) { return v * 3; }
static inline _Bool bb(long v) { return v & 0x100; }
static inline struct s24 big(long v) { struct s24 r = { v, -v, v * v }; return r; }

int main(void) {
  long (*volatile p_order2)(long, long) = order2;
  long (*volatile p_order3)(long, struct s12, long) = order3;
  struct s24 (*volatile p_get)(const struct s24 *) = get;
  long (*volatile p_pmod)(long) = pmod;
  unsigned char (*volatile p_uc)(int) = uc;
  short (*volatile p_ss)(long) = ss;
  _Bool (*volatile p_bb)(long) = bb;
  struct s24 (*volatile p_big)(long) = big;

  /* Arguments with calls (and structs) first, then the others, as for a call. */
  seq = 1;
  long a = order2(seq++, next());
  seq = 1;
  long b = p_order2(seq++, next());
  ASSERT(b, a);
  ASSERT(1, seq == 12 || seq == 22);
  seq = 3;
  a = order3(seq++, mk12((int)next()), seq * 2);
  long seqa = seq;
  seq = 3;
  b = p_order3(seq++, mk12((int)next()), seq * 2);
  ASSERT(b, a);
  ASSERT(seq, seqa);

  /* The struct result is a copy made at the return, not the object it came from. */
  struct s24 g = { 1, 2, 3 }, d1, d2;
  *clobber(&g, &d1) = get(&g);
  g.x = 1;
  *clobber(&g, &d2) = p_get(&g);
  ASSERT(d2.x, d1.x);
  ASSERT(1, d1.x);
  ASSERT(77, g.x);

  /* Parameters are copies; narrow and bool results are converted. */
  long v = 10;
  ASSERT(p_pmod(v), pmod(v));
  ASSERT(10, v);
  for (int i = 250; i < 260; i++) ASSERT(p_uc(i), uc(i));
  for (long i = 10000; i < 12000; i += 333) ASSERT(p_ss(i), ss(i));
  for (long i = 0xf0; i < 0x210; i += 0x20) ASSERT(p_bb(i), bb(i));
  ASSERT(p_big(7).z, big(7).z);
  ASSERT(p_big(-3).y, big(-3).y);
  return rt_done();
}

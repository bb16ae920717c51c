/* Structs and unions: layout identical to gcc on AArch64 (sizes and offsets below
   are gcc's), nested and anonymous members, assignment, passing and returning. */
#include "rt.h"

struct A { char c; int i; };
struct B { char c; long l; short s; };
struct C { char a, b, c; };
struct D { struct A a; char c; struct C cc; };
struct E { int x; union { int i; char bytes[8]; }; struct { short lo, hi; }; };
struct F { char c; long long arr[0]; };
struct Flex { int n; int data[]; };
union U { char c; int i; long l; char s[13]; };
struct Node { int v; struct Node *next; };

static struct A make(int i) { struct A a; a.c = 'x'; a.i = i; return a; }
static int take(struct B b) { return b.c + b.l + b.s; }
struct Big { long v[4]; };
static struct Big twice(struct Big b) { for (int i = 0; i < 4; i++) b.v[i] *= 2; return b; }

int main(void) {
  ASSERT(8, sizeof(struct A));
  ASSERT(4, offsetof(struct A, i));
  ASSERT(24, sizeof(struct B));
  ASSERT(8, offsetof(struct B, l));
  ASSERT(16, offsetof(struct B, s));
  ASSERT(3, sizeof(struct C));
  ASSERT(1, _Alignof(struct C));
  ASSERT(12, sizeof(struct D));
  ASSERT(8, offsetof(struct D, c));
  ASSERT(9, offsetof(struct D, cc));
  ASSERT(16, sizeof(struct E));
  ASSERT(4, offsetof(struct E, i));
  ASSERT(4, offsetof(struct E, bytes));
  ASSERT(12, offsetof(struct E, lo));
  ASSERT(14, offsetof(struct E, hi));
  ASSERT(8, sizeof(struct F));
  ASSERT(4, sizeof(struct Flex));
  ASSERT(16, sizeof(union U));
  ASSERT(8, _Alignof(union U));

  struct A a = {1, 2};
  ASSERT(1, a.c);
  ASSERT(2, a.i);
  struct A b = a;
  b.i = 5;
  ASSERT(2, a.i);
  ASSERT(5, b.i);
  a = b;
  ASSERT(5, a.i);
  struct A *pa = &a;
  pa->i = 9;
  ASSERT(9, a.i);
  ASSERT(9, (*pa).i);
  struct A m = make(77);
  ASSERT(77, m.i);
  ASSERT('x', m.c);
  ASSERT(77, make(77).i);
  struct B bb = {1, 2, 3};
  ASSERT(6, take(bb));
  struct Big big = {{1, 2, 3, 4}};
  struct Big big2 = twice(big);
  ASSERT(8, big2.v[3]);
  ASSERT(4, big.v[3]);

  struct E e;
  e.i = 0x01020304;
  ASSERT(4, e.bytes[0]);
  e.lo = 7; e.hi = 8;
  ASSERT(8, e.hi);
  union U u;
  u.l = 0x1122334455667788L;
  ASSERT(0x88, u.c);
  ASSERT(0x55667788, u.i);

  struct Node n3 = {3, 0}, n2 = {2, &n3}, n1 = {1, &n2};
  int s = 0;
  for (struct Node *p = &n1; p; p = p->next) s += p->v;
  ASSERT(6, s);
  ASSERT(3, n1.next->next->v);

  struct D d = {{1, 2}, 3, {4, 5, 6}};
  ASSERT(6, d.cc.c);
  ASSERT(2, d.a.i);
  struct { int x, y; } anon = {10, 20};
  ASSERT(30, anon.x + anon.y);
  return rt_done();
}

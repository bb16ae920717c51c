/* Compound literals, in functions (automatic) and at file scope (static). */
#include "rt.h"

struct P { int x, y; };
static int sum(const int *a, int n) { int s = 0; while (n--) s += *a++; return s; }
static int px(struct P p) { return p.x * 10 + p.y; }
int *gptr = (int[]){7, 8, 9};
struct P *gp = &(struct P){1, 2};

int main(void) {
  ASSERT(6, sum((int[]){1, 2, 3}, 3));
  ASSERT(12, px((struct P){1, 2}));
  struct P *p = &(struct P){.y = 5};
  ASSERT(0, p->x);
  ASSERT(5, p->y);
  p->x = 3;
  ASSERT(3, p->x);
  ASSERT(8, gptr[1]);
  ASSERT(2, gp->y);
  int v = (int){41} + 1;
  ASSERT(42, v);
  ASSERT(3, ((struct P){3, 4}).x);
  char *s = (char[]){"abc"};
  ASSERT('b', s[1]);
  return rt_done();
}

/* Pointers: arithmetic, comparison, void pointers, pointers to pointers. */
#include "rt.h"

static void set(int *p, int v) { *p = v; }
static int *second(int *a) { return a + 1; }

int main(void) {
  int x = 3;
  int *p = &x;
  ASSERT(3, *p);
  *p = 5;
  ASSERT(5, x);
  int **pp = &p;
  **pp = 9;
  ASSERT(9, x);
  set(&x, 11);
  ASSERT(11, x);
  int a[4] = {1, 2, 3, 4};
  int *q = a;
  ASSERT(2, *(q + 1));
  ASSERT(4, q[3]);
  ASSERT(3, *(a + 2));
  ASSERT(2, *second(a));
  ASSERT(3, &a[3] - &a[0]);
  ASSERT(-3, &a[0] - &a[3]);
  ASSERT(1, &a[1] > &a[0]);
  ASSERT(1, q + 2 == &a[2]);
  q++;
  ASSERT(2, *q);
  q += 2;
  ASSERT(4, *q);
  q--;
  ASSERT(3, *q);
  ASSERT(3, *q--);
  ASSERT(2, *q);
  void *v = a;
  int *back = v;
  ASSERT(1, *back);
  char *cp = (char *)a;
  ASSERT(4, (int *)(cp + 4) - a + 3);
  ASSERT(2, *(int *)(cp + 4));
  long l = (long)&x;
  ASSERT(11, *(int *)l);
  int *null = 0;
  ASSERT(1, null == 0);
  ASSERT(1, !null);
  ASSERT(0, p == 0);
  const char *s = "abc";
  ASSERT('b', *++s);
  ASSERT('b', *s++);
  ASSERT('c', *s);
  long la[3] = {10, 20, 30};
  long *lp = la + 2;
  ASSERT(30, *lp);
  ASSERT(10, lp[-2]);
  ASSERT(8, sizeof(lp));
  ASSERT(24, sizeof(la));
  int m[2][3] = {{1, 2, 3}, {4, 5, 6}};
  int (*row)[3] = m;
  ASSERT(5, row[1][1]);
  ASSERT(12, sizeof(*row));
  row++;
  ASSERT(4, (*row)[0]);
  return rt_done();
}

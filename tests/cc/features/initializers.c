/* Initializers: nested, designated, brace elision, strings, static data with
   addresses, partial initialization zero-fills. */
#include "rt.h"

struct P { int x, y; };
struct R { struct P a, b; char name[8]; };
int gi = 3 * 4 + 1;
int garr[] = {1, 2, 3, [7] = 8};
struct R gr = {{1, 2}, .b.y = 5, "rect"};
struct P gps[] = {1, 2, 3, 4, [3].y = 9};
int *gp = &garr[2];
char *gs = "static";
char gbuf[10] = "hi";
long gl = (long)&gi;
struct { int a; char *s; } gtab[] = {{1, "one"}, {2, "two"}};
const int gci[3] = {[2] = 3};
unsigned char gbytes[] = {255, 256 - 1, -1};
short gsh = -2;

int main(void) {
  ASSERT(13, gi);
  ASSERT(8, sizeof garr / sizeof garr[0]);
  ASSERT(8, garr[7]);
  ASSERT(0, garr[5]);
  ASSERT(2, gr.a.y);
  ASSERT(0, gr.b.x);
  ASSERT(5, gr.b.y);
  ASSERT('e', gr.name[1]);
  ASSERT(4, sizeof gps / sizeof gps[0]);
  ASSERT(3, gps[1].x);
  ASSERT(9, gps[3].y);
  ASSERT(3, *gp);
  ASSERT('t', gs[1]);
  ASSERT('i', gbuf[1]);
  ASSERT(0, gbuf[9]);
  ASSERT(13, *(int *)gl);
  ASSERT('w', gtab[1].s[1]);
  ASSERT(3, gci[2]);
  ASSERT(255, gbytes[2]);
  ASSERT(-2, gsh);

  int a[5] = {1, 2, 3};
  ASSERT(3, a[2]);
  ASSERT(0, a[4]);
  int b[] = {[3] = 4, [1] = 2};
  ASSERT(4, sizeof b / sizeof b[0]);
  ASSERT(2, b[1]);
  ASSERT(0, b[0]);
  struct P p = {.y = 7};
  ASSERT(0, p.x);
  ASSERT(7, p.y);
  struct R r = {{1, 2}, {3, 4}, "abc"};
  ASSERT(4, r.b.y);
  ASSERT('c', r.name[2]);
  ASSERT(0, r.name[5]);
  struct P ps[3] = {1, 2, 3};
  ASSERT(3, ps[1].x);
  ASSERT(0, ps[1].y);
  ASSERT(0, ps[2].x);
  char s[] = "hello";
  ASSERT(6, sizeof s);
  ASSERT('o', s[4]);
  char t[8] = "hi";
  ASSERT(0, t[7]);
  int m[2][3] = {1, 2, 3, 4, 5};
  ASSERT(5, m[1][1]);
  ASSERT(0, m[1][2]);
  int m2[2][2] = {{1}, {3, 4}};
  ASSERT(0, m2[0][1]);
  ASSERT(3, m2[1][0]);
  int sc = {5};
  ASSERT(5, sc);
  struct P q = p;
  ASSERT(7, q.y);
  static int st = 10;
  st++;
  ASSERT(11, st);
  int x = 2, y = x * 3;
  ASSERT(6, y);
  union { int i; char c[4]; } u = {0x41424344};
  ASSERT(0x44, u.c[0]);
  union { char c; int i; } u2 = {.i = 0x01020304};
  ASSERT(0x01020304, u2.i);
  return rt_done();
}

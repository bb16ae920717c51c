/* Arrays: one and more dimensions, sizeof, decay, strings in arrays. */
#include "rt.h"

int g[5];
int g2[2][3] = {{1, 2, 3}, {4, 5, 6}};
char name[] = "caplab";

static int sum(int *a, int n) {
  int s = 0;
  for (int i = 0; i < n; i++) s += a[i];
  return s;
}

static int sum2(int m[][3], int rows) {
  int s = 0;
  for (int i = 0; i < rows; i++)
    for (int j = 0; j < 3; j++) s += m[i][j];
  return s;
}

int main(void) {
  int a[10];
  for (int i = 0; i < 10; i++) a[i] = i * i;
  ASSERT(81, a[9]);
  ASSERT(285, sum(a, 10));
  ASSERT(40, sizeof a);
  ASSERT(10, sizeof a / sizeof a[0]);
  ASSERT(21, sum2(g2, 2));
  ASSERT(24, sizeof g2);
  ASSERT(12, sizeof g2[0]);
  ASSERT(6, g2[1][2]);
  ASSERT(0, g[4]);
  g[4] = 7;
  ASSERT(7, g[4]);
  ASSERT(7, sizeof name);
  ASSERT('l', name[3]);
  ASSERT(0, name[6]);
  char b[3][4][5];
  ASSERT(60, sizeof b);
  ASSERT(20, sizeof b[0]);
  ASSERT(5, sizeof b[0][0]);
  b[2][3][4] = 42;
  ASSERT(42, ((char *)b)[59]);
  int idx = 2;
  ASSERT(4, idx[a]);
  long big[300];
  for (int i = 0; i < 300; i++) big[i] = i;
  long t = 0;
  for (int i = 0; i < 300; i++) t += big[i];
  ASSERT(44850, t);
  int z[5] = {1, 2};
  ASSERT(2, z[1]);
  ASSERT(0, z[4]);
  return rt_done();
}

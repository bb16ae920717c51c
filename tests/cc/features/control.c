/* Control flow: if/else, loops, break/continue, switch with fallthrough and
   ranges, goto and labels, short-circuit evaluation. */
#include "rt.h"

static int calls;
static int touch(int v) { calls++; return v; }

static const char *kind(int c) {
  switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return "vowel";
    case '0' ... '9': return "digit";
    default: return "other";
  }
}

static int classify(long v) {
  switch (v) {
    case -1: return 1;
    case 0x100000000L: return 2;
    case 100000: return 3;
  }
  return 0;
}

int main(void) {
  int s = 0;
  for (int i = 0; i < 10; i++) {
    if (i % 2) continue;
    if (i == 8) break;
    s += i;
  }
  ASSERT(12, s);
  int n = 0;
  while (n < 100) n += 7;
  ASSERT(105, n);
  int k = 0;
  do k++; while (k < 5);
  ASSERT(5, k);
  do { k = 42; } while (0);
  ASSERT(42, k);
  int f = 0;
  switch (3) {
    case 1: f += 1;
    case 3: f += 3;
    case 4: f += 4; break;
    case 5: f += 5;
  }
  ASSERT(7, f);
  ASSERT('v', kind('e')[0]);
  ASSERT('d', kind('7')[0]);
  ASSERT('o', kind('z')[0]);
  ASSERT(1, classify(-1));
  ASSERT(2, classify(0x100000000L));
  ASSERT(3, classify(100000));
  ASSERT(0, classify(5));
  int g = 0;
  goto skip;
  g = 1;
skip:
  ASSERT(0, g);
  int cnt = 0;
again:
  cnt++;
  if (cnt < 3) goto again;
  ASSERT(3, cnt);
  calls = 0;
  ASSERT(0, touch(0) && touch(1));
  ASSERT(1, calls);
  ASSERT(1, touch(1) || touch(1));
  ASSERT(2, calls);
  ASSERT(1, touch(1) && touch(2));
  ASSERT(4, calls);
  int nested = 0;
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      if (j == 2) break;
      nested += i * 10 + j;
    }
  ASSERT(63, nested);
  int w = 0;
  for (;;) { if (++w == 4) break; }
  ASSERT(4, w);
  int x = 5;
  if (x > 3) if (x > 10) x = 1; else x = 2;
  ASSERT(2, x);
  int sw = 0;
  for (int i = 0; i < 5; i++) {
    switch (i) {
      case 2: continue;
      default: sw += i;
    }
  }
  ASSERT(8, sw);
  return rt_done();
}

/* malloc/free/calloc/realloc stress: random sizes and lifetimes, every block
   filled with its own pattern and checked before it is freed. Prints only
   values that do not depend on addresses, so gcc+glibc prints the same. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#define SLOTS 256
static unsigned char *blk[SLOTS];
static size_t len[SLOTS];
static unsigned seed = 12345;
static unsigned rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 8; }

static int check(int i) {
  for (size_t k = 0; k < len[i]; k++)
    if (blk[i][k] != (unsigned char)(i * 31 + k)) return 0;
  return 1;
}

static void fill(int i) {
  for (size_t k = 0; k < len[i]; k++) blk[i][k] = (unsigned char)(i * 31 + k);
}

int main(void) {
  long bad = 0, allocs = 0, frees = 0, reallocs = 0, aligned = 0;
  for (int round = 0; round < 6000; round++) {
    int i = rnd() % SLOTS;
    unsigned op = rnd() % 8;
    if (blk[i] && op < 3) {
      bad += !check(i);
      free(blk[i]);
      blk[i] = NULL;
      frees++;
    } else if (blk[i] && op == 3) {
      bad += !check(i);
      size_t old = len[i];
      size_t n = rnd() % (rnd() % 4 == 0 ? 5000 : 300);
      unsigned char *p = realloc(blk[i], n + 1);
      if (!p) { printf("realloc failed\n"); return 1; }
      blk[i] = p;
      len[i] = n + 1;
      for (size_t k = 0; k < old && k < len[i]; k++) bad += p[k] != (unsigned char)(i * 31 + k);
      fill(i);
      reallocs++;
    } else if (!blk[i]) {
      size_t n = rnd() % (rnd() % 8 == 0 ? 8000 : 200);
      int zero = op == 7;
      blk[i] = zero ? calloc(n + 1, 1) : malloc(n + 1);
      if (!blk[i]) { printf("malloc failed\n"); return 1; }
      if (zero) for (size_t k = 0; k <= n; k++) bad += blk[i][k] != 0;
      aligned += ((uintptr_t)blk[i] & 15) == 0;
      len[i] = n + 1;
      fill(i);
      allocs++;
    }
  }
  for (int i = 0; i < SLOTS; i++) if (blk[i]) { bad += !check(i); free(blk[i]); frees++; }
  /* After freeing everything, one large block must fit again (coalescing works). */
  void *big = malloc(3 * 1024 * 1024);
  printf("allocs=%ld frees=%ld reallocs=%ld aligned=%d bad=%ld big=%d\n", allocs, frees, reallocs, aligned == allocs, bad, big != NULL);
  free(big);
  free(NULL);
  printf("calloc overflow=%d\n", calloc((size_t)1 << 62, 8) == NULL);
  return bad != 0;
}

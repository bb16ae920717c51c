/* Workload for the instruction-count comparison (algorithms.c with a smaller fib). */
#include "rt.h"

static void qsort_int(int *a, int lo, int hi) {
  if (lo >= hi) return;
  int p = a[(lo + hi) / 2], i = lo, j = hi;
  while (i <= j) {
    while (a[i] < p) i++;
    while (a[j] > p) j--;
    if (i <= j) { int t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
  }
  qsort_int(a, lo, j);
  qsort_int(a, i, hi);
}

static unsigned fnv(const char *s) {
  unsigned h = 2166136261u;
  while (*s) { h ^= (unsigned char)*s++; h *= 16777619u; }
  return h;
}

static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

struct point { int x, y; };
static struct point add(struct point a, struct point b) { return (struct point){a.x + b.x, a.y + b.y}; }

static void reverse(char *s) {
  for (int i = 0, j = (int)strlen(s) - 1; i < j; i++, j--) { char t = s[i]; s[i] = s[j]; s[j] = t; }
}

int main(void) {
  int a[20];
  unsigned seed = 12345;
  for (int i = 0; i < 20; i++) { seed = seed * 1103515245u + 12345u; a[i] = (int)(seed >> 16) % 1000 - 500; }
  qsort_int(a, 0, 19);
  for (int i = 0; i < 20; i++) printf("%d ", a[i]);
  printf("\n");
  char sieve[200] = {0};
  int count = 0;
  for (int i = 2; i < 200; i++) {
    if (sieve[i]) continue;
    count++;
    for (int j = i * i; j < 200; j += i) sieve[j] = 1;
  }
  printf("primes below 200: %d\n", count);
  printf("fnv: %x %x\n", fnv("caplab"), fnv(""));
  printf("fib(15) = %ld\n", fib(15));
  struct point p = add((struct point){1, 2}, (struct point){30, 40});
  printf("point %d %d\n", p.x, p.y);
  char s[] = "differential";
  reverse(s);
  printf("%s\n", s);
  long acc = 0;
  for (long i = -50; i < 50; i += 3) acc += i * i * (i % 7);
  printf("acc %ld\n", acc);
  unsigned long bits = 0;
  for (int i = 0; i < 64; i += 5) bits |= 1UL << i;
  int pop = 0;
  for (unsigned long b = bits; b; b &= b - 1) pop++;
  printf("bits %lx pop %d\n", bits, pop);
  short sh = -12345;
  unsigned short ush = (unsigned short)sh;
  signed char sc = (signed char)200;
  printf("%d %u %d %d\n", sh >> 3, ush >> 3, sc, (unsigned char)sc);
  return (int)(acc & 0x7f);
}

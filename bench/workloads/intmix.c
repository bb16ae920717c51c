/* CPU-bound integer workload for `npm run bench`: rounds of a sieve, pointer
 * chasing through a shuffled linked list, quicksort, recursive calls, FNV
 * hashing and division-heavy GCDs. argv[1] = rounds (default 40). Prints one
 * checksum so the run under qemu and under CapLab can be compared. Built with
 * gcc -O2 -mgeneral-regs-only -static -nostdlib against tests/fixtures/c/rt. */
#include "../../tests/fixtures/c/rt/rt.h"

#define N 4096
static uint8_t composite[N * 4];
static int arr[N];
struct node { struct node *next; uint64_t v; };
static struct node nodes[N];
static uint32_t seed = 2463534242u;

static uint32_t rnd(void) { seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5; return seed; }

static uint64_t sieve(void) {
  uint64_t count = 0;
  for (int i = 0; i < N * 4; i++) composite[i] = 0;
  for (int i = 2; i < N * 4; i++) {
    if (composite[i]) continue;
    count += (uint64_t)i;
    for (int j = i * 2; j < N * 4; j += i) composite[j] = 1;
  }
  return count;
}

static uint64_t chase(void) {
  static int perm[N];
  for (int i = 0; i < N; i++) perm[i] = i;
  for (int i = N - 1; i > 0; i--) { int j = (int)(rnd() % (uint32_t)(i + 1)); int t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
  for (int i = 0; i < N; i++) { nodes[perm[i]].next = &nodes[perm[(i + 1) % N]]; nodes[perm[i]].v = (uint64_t)i * 2654435761u; }
  uint64_t s = 0;
  struct node *p = &nodes[perm[0]];
  for (int k = 0; k < 4 * N; k++) { s += p->v ^ (s >> 7); p = p->next; }
  return s;
}

static void quick(int *a, int lo, int hi) {
  while (lo < hi) {
    int p = a[(lo + hi) >> 1], i = lo, j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) { int t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (j - lo < hi - i) { quick(a, lo, j); lo = i; } else { quick(a, i, hi); hi = j; }
  }
}

static uint64_t sorting(void) {
  for (int i = 0; i < N; i++) arr[i] = (int)(rnd() & 0xfffff) - 0x80000;
  quick(arr, 0, N - 1);
  uint64_t s = 0;
  for (int i = 0; i < N; i += 17) s = s * 31 + (uint64_t)(int64_t)arr[i];
  return s;
}

static uint64_t fib(int n) { return n < 2 ? (uint64_t)n : fib(n - 1) + fib(n - 2); }

static uint64_t hashing(void) {
  uint64_t h = 1469598103934665603ull;
  for (int i = 0; i < N * 4; i++) { h ^= composite[i] + (uint64_t)i; h *= 1099511628211ull; }
  return h;
}

static uint64_t gcd(uint64_t a, uint64_t b) { while (b) { uint64_t t = a % b; a = b; b = t; } return a; }

static uint64_t division(void) {
  uint64_t s = 0;
  for (uint32_t i = 1; i < 3000; i++) {
    uint64_t a = rnd() | 1u, b = (uint64_t)rnd() * i + 1;
    s += gcd(a * 977, b) + (b / a) + (uint64_t)((int64_t)b / -(int64_t)i) + b % 1009;
  }
  return s;
}

int main(int argc, char **argv) {
  int rounds = 40;
  if (argc > 1) { rounds = 0; for (const char *p = argv[1]; *p; p++) rounds = rounds * 10 + (*p - '0'); }
  uint64_t sum = 0;
  for (int r = 0; r < rounds; r++) {
    sum = sum * 3 + sieve();
    sum = sum * 3 + chase();
    sum = sum * 3 + sorting();
    sum = sum * 3 + fib(20 + (r & 3));
    sum = sum * 3 + hashing();
    sum = sum * 3 + division();
  }
  put_str("rounds="); put_dec(rounds); put_str(" checksum="); put_hex(sum); put_char('\n');
  return 0;
}

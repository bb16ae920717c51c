/* Conversions, arithmetic, sorting and searching (CapLab libc, C11 7.22). */
#include <stdlib.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <string.h>

int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }
div_t div(int a, int b) { div_t r = { a / b, a % b }; return r; }
ldiv_t ldiv(long a, long b) { ldiv_t r = { a / b, a % b }; return r; }
lldiv_t lldiv(long long a, long long b) { lldiv_t r = { a / b, a % b }; return r; }

static int digit_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

/* Parses sign, prefix and digits; *overflow when the magnitude passes `limit`. */
static unsigned long long parse(const char *s, char **end, int base, int *neg, int *overflow, unsigned long long limit) {
  const char *p = s;
  while (isspace((unsigned char)*p)) p++;
  *neg = 0;
  *overflow = 0;
  if (*p == '+' || *p == '-') *neg = *p++ == '-';
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && digit_value((unsigned char)p[2]) < 16) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = *p == '0' ? 8 : 10;
  }
  const char *digits = p;
  unsigned long long v = 0;
  for (;; p++) {
    int d = digit_value((unsigned char)*p);
    if (d >= base) break;
    if (v > (limit - (unsigned long long)d) / (unsigned long long)base) *overflow = 1;
    else v = v * (unsigned long long)base + (unsigned long long)d;
  }
  if (end) *end = (char *)(p == digits ? s : p);
  return v;
}

long long strtoll(const char *restrict s, char **restrict end, int base) {
  int neg, of;
  unsigned long long v = parse(s, end, base, &neg, &of, ULLONG_MAX);
  unsigned long long lim = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
  if (of || v > lim) { errno = ERANGE; return neg ? LLONG_MIN : LLONG_MAX; }
  return neg ? (long long)(0 - v) : (long long)v;
}

long strtol(const char *restrict s, char **restrict end, int base) {
  return strtoll(s, end, base);
}

unsigned long long strtoull(const char *restrict s, char **restrict end, int base) {
  int neg, of;
  unsigned long long v = parse(s, end, base, &neg, &of, ULLONG_MAX);
  if (of) { errno = ERANGE; return ULLONG_MAX; }
  return neg ? 0 - v : v;
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base) {
  return strtoull(s, end, base);
}

int atoi(const char *s) { return (int)strtol(s, NULL, 10); }
long atol(const char *s) { return strtol(s, NULL, 10); }
long long atoll(const char *s) { return strtoll(s, NULL, 10); }

static void swap(unsigned char *a, unsigned char *b, size_t n) {
  while (n--) { unsigned char t = *a; *a++ = *b; *b++ = t; }
}

/* Heapsort: O(n log n) in the worst case, no recursion, no extra memory. */
static void sift(unsigned char *base, size_t root, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  for (;;) {
    size_t child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0) child++;
    if (cmp(base + root * size, base + child * size) >= 0) return;
    swap(base + root * size, base + child * size, size);
    root = child;
  }
}

void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  unsigned char *b = base;
  if (n < 2 || size == 0) return;
  for (size_t i = n / 2; i-- > 0;) sift(b, i, n, size, cmp);
  for (size_t end = n - 1; end > 0; end--) {
    swap(b, b + end * size, size);
    sift(b, 0, end, size, cmp);
  }
}

void *bsearch(const void *key, const void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  const unsigned char *b = base;
  while (n) {
    const unsigned char *mid = b + (n / 2) * size;
    int c = cmp(key, mid);
    if (c == 0) return (void *)mid;
    if (c > 0) { b = mid + size; n -= n / 2 + 1; } else n /= 2;
  }
  return NULL;
}

static unsigned long long seed = 1;
void srand(unsigned int s) { seed = s; }
int rand(void) {
  seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
  return (int)(seed >> 33);
}

extern char **environ;
char *getenv(const char *name) {
  size_t n = strlen(name);
  for (char **e = environ; e && *e; e++)
    if (strncmp(*e, name, n) == 0 && (*e)[n] == '=') return *e + n + 1;
  return NULL;
}

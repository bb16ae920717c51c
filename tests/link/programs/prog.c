static const char digits[] = "0123456789";
char buf[64];
int counter = 3;
long common_thing;
static long sys3(long n, long a, long b, long c) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
}
static int fmt(unsigned long v, char *out) {
  char tmp[24]; int n = 0;
  do { tmp[n++] = digits[v % 10]; v /= 10; } while (v);
  for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
  return n;
}
static unsigned long fib(int n) { unsigned long a = 0, b = 1; while (n--) { unsigned long t = a + b; a = b; b = t; } return a; }
struct op { const char *name; unsigned long (*fn)(unsigned long); };
static unsigned long sq(unsigned long x) { return x * x; }
static unsigned long dbl(unsigned long x) { return x + x; }
static const struct op ops[] = { { "sq", sq }, { "dbl", dbl } };
int cmain(void) {
  int p = 0;
  for (int i = 0; i < 2; i++) {
    const char *s = ops[i].name;
    while (*s) buf[p++] = *s++;
    buf[p++] = '=';
    p += fmt(ops[i].fn(fib(20 + i) + counter + common_thing), buf + p);
    buf[p++] = '\n';
  }
  sys3(64, 1, (long)buf, p);
  return p;
}

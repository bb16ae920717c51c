/* Compiled by gcc for the ABI interoperation test (abi.c). */
struct S8 { int a, b; };
struct S12 { int a, b, c; };
struct S16 { long a, b; };
struct S3 { char a, b, c; };
struct S40 { long v[5]; };

long g_scalars(char c, signed char sc, short s, unsigned short us, int i, unsigned u, long l, unsigned char uc) {
  return c + sc + s + us + i + u + l + uc;
}
long g_many(long a, long b, long c, long d, long e, long f, long g, long h, long i, int j, char k) {
  return a + b + c + d + e + f + g + h + i + j + k;
}
long g_structs(struct S8 a, struct S12 b, struct S16 c, struct S3 d, struct S40 e) {
  return a.a + a.b + b.a + b.b + b.c + c.a + c.b + d.a + d.b + d.c + e.v[0] + e.v[1] + e.v[2] + e.v[3] + e.v[4];
}
struct S12 g_ret12(int x) { struct S12 r = {x, x + 1, x + 2}; return r; }
struct S40 g_ret40(long x) { struct S40 r; for (int i = 0; i < 5; i++) r.v[i] = x + i; return r; }
struct S3 g_ret3(char x) { struct S3 r = {x, x + 1, x + 2}; return r; }
char g_retchar(int x) { return x; }
short g_retshort(int x) { return x; }
_Bool g_retbool(int x) { return x; }
long g_callback(long (*f)(long, struct S16, struct S40), long x) {
  struct S16 s = {1, 2};
  struct S40 big = {{0, 0, 0, 0, 3}};
  return f(x, s, big);
}
long g_after_regs(long a, long b, long c, long d, long e, long f, long g, struct S16 s, struct S8 t) {
  return a + b + c + d + e + f + g + s.a * 10 + s.b + t.a + t.b;
}

/* Prints sizes, alignments and member offsets of many struct/union/bit-field layouts
   so the differential test compares them with gcc's. */
#include "rt.h"

struct a { char c; short s; int i; long l; };
struct b { char c[3]; struct a in; char tail; };
struct c { unsigned x : 1, y : 2, z : 30; char after; };
struct d { long l : 3; char c : 4; short s : 12; int i : 20; };
struct e { char c; union { short s; long l; } u; char d; };
struct f { short s; char arr[5]; long long ll; };
struct g { int a : 3; int : 0; char b; unsigned long c : 63; unsigned long d : 2; };
union h { char c[9]; int i; };
struct i { char c; struct { char d; int e : 7; }; };

#define SHOW(T) printf(#T " size %d align %d\n", (int)sizeof(T), (int)_Alignof(T))
#define OFF(T, m) printf("  " #m " at %d\n", (int)offsetof(T, m))

int main(void) {
  SHOW(struct a); OFF(struct a, s); OFF(struct a, i); OFF(struct a, l);
  SHOW(struct b); OFF(struct b, in); OFF(struct b, tail);
  SHOW(struct c); OFF(struct c, after);
  SHOW(struct d);
  SHOW(struct e); OFF(struct e, u); OFF(struct e, d);
  SHOW(struct f); OFF(struct f, arr); OFF(struct f, ll);
  SHOW(struct g); OFF(struct g, b);
  SHOW(union h);
  SHOW(struct i); OFF(struct i, d);
  struct d v = {-2, 5, -1000, 300000};
  printf("%d %d %d %d\n", (int)v.l, v.c, v.s, v.i);
  struct g w = {-1, 7, 0x7fffffffffffffffUL, 3};
  printf("%d %d %lx %lu\n", w.a, w.b, (unsigned long)w.c, (unsigned long)w.d);
  unsigned char raw[sizeof w];
  memcpy(raw, &w, sizeof w);
  for (unsigned k = 0; k < sizeof w; k++) printf("%x ", raw[k]);
  printf("\n");
  return 0;
}

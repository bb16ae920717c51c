/* Inline asm: extended asm with register operands, local register variables,
   %w/%x modifiers, named operands, memory operands and immediates. */
#include "rt.h"

static long add_asm(long a, long b) {
  long r;
  __asm__("add %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
  return r;
}

static int add32(int a, int b) {
  int r;
  __asm__ volatile("add %w0, %w1, %w2" : "=r"(r) : "r"(a), "r"(b));
  return r;
}

static long getpid_raw(void) {
  register long x8 __asm__("x8") = 172;
  register long x0 __asm__("x0");
  __asm__ volatile("svc #0" : "=r"(x0) : "r"(x8) : "memory");
  return x0;
}

int main(void) {
  ASSERT(7, add_asm(3, 4));
  ASSERT(-1, add32(2, -3));
  long v = 5;
  __asm__("add %[out], %[out], #10" : [out] "+r"(v));
  ASSERT(15, v);
  long m = 0;
  __asm__ volatile("str %1, %0" : "=m"(m) : "r"(99L));
  ASSERT(99, m);
  long imm;
  __asm__("mov %0, #%1" : "=r"(imm) : "i"(33));
  ASSERT(33, imm);
  ASSERT(1, getpid_raw() > 0);
  __asm__ volatile("nop");
  long keep = 11;
  __asm__ volatile("mov x19, #0" ::: "x19");
  ASSERT(11, keep);
  return rt_done();
}

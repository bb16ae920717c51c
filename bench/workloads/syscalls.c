/* Linux-call workload for `npm run bench -- compat`: argv[1] rounds of getpid from
 * eight call sites (inline svc #0, x8 = 172), then one line. Run at two sizes, the
 * difference gives the cost of one call in each mode of the Linux-compatibility
 * component. Built with gcc -O2 -mgeneral-regs-only -static -nostdlib against tests/fixtures/c/rt. */
#include "../../tests/fixtures/c/rt/rt.h"

#define GETPID() ({ register long x0 __asm__("x0"); register long x8 __asm__("x8") = 172; \
  __asm__ volatile("svc #0" : "=r"(x0) : "r"(x8) : "memory"); x0; })

int main(int argc, char **argv) {
  long rounds = 0;
  if (argc > 1) for (const char *p = argv[1]; *p; p++) rounds = rounds * 10 + (*p - '0');
  long sum = 0;
  for (long i = 0; i < rounds; i++) {
    sum += GETPID(); sum += GETPID(); sum += GETPID(); sum += GETPID();
    sum += GETPID(); sum += GETPID(); sum += GETPID(); sum += GETPID();
  }
  put_str("calls "); put_dec(rounds * 8); put_str(" sum "); put_dec(sum); put_char('\n');
  flush();
  return 0;
}

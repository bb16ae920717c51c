/* ASSERT bookkeeping for the feature tests, over the libc's printf. */
#include "rt.h"

static int failures, checks;

void rt_assert(long expected, long actual, const char *code, int line) {
  checks++;
  if (expected == actual) return;
  failures++;
  printf("FAIL line %d: %s => %ld, expected %ld\n", line, code, actual, expected);
}

int rt_done(void) {
  printf("%s: %d checks, %d failures\n", failures ? "FAILED" : "OK", checks, failures);
  return failures != 0;
}

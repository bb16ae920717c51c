/* assert() failure (CapLab libc, C11 7.2.1.1): glibc's message, then abort(). */
#include <stdio.h>
#include <stdlib.h>

extern const char *__caplab_progname;

void __assert_fail(const char *expr, const char *file, unsigned int line, const char *func) {
  fflush(stdout);
  fprintf(stderr, "%s%s%s:%u: %s%sAssertion `%s' failed.\n", __caplab_progname, *__caplab_progname ? ": " : "",
          file, line, func ? func : "", func ? ": " : "", expr);
  abort();
}

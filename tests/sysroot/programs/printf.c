/* printf formatting: every line is compared with glibc's output (gcc + glibc under qemu). */
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <stdint.h>
#include <stddef.h>

int main(void) {
  static const char *ifmt[] = {
    "%d", "%i", "%5d", "%-5d|", "%05d", "%+d", "% d", "%+5d", "%-+6d|", "%.3d", "%8.3d", "%-8.3d|", "%08.3d",
    "%.0d", "%+.0d", "%5.0d|", "%x", "%X", "%#x", "%#X", "%#o", "%o", "%#10x", "%-#10x|", "%#010x", "%u", "%10u",
    "%.10u", "%c", "%5c|", "%-5c|", "%hhd", "%hd", "%hhu", "%hu", "%hhx", "%#.5x", "%#.0o", "% 05d", "%+05d", "%-05d|",
  };
  static const int ivals[] = { 0, 1, -1, 42, -42, 255, 65, 1000000, INT_MAX, INT_MIN, 0x7f, -129, 70000 };
  for (size_t f = 0; f < sizeof ifmt / sizeof *ifmt; f++) {
    printf("[%s]", ifmt[f]);
    for (size_t v = 0; v < sizeof ivals / sizeof *ivals; v++) { putchar(' '); printf(ifmt[f], ivals[v]); }
    putchar('\n');
  }
  static const char *lfmt[] = { "%ld", "%lu", "%lx", "%lX", "%#lx", "%lo", "%lld", "%llu", "%llx", "%zu", "%zd", "%jd", "%td", "%20ld|", "%-20lu|", "%+ld", "%.15lx" };
  static const long lvals[] = { 0, 1, -1, LONG_MAX, LONG_MIN, 0x123456789abcdefL, -1000000000000L };
  for (size_t f = 0; f < sizeof lfmt / sizeof *lfmt; f++) {
    printf("[%s]", lfmt[f]);
    for (size_t v = 0; v < sizeof lvals / sizeof *lvals; v++) { putchar(' '); printf(lfmt[f], lvals[v]); }
    putchar('\n');
  }
  static const char *sfmt[] = { "%s", "%10s|", "%-10s|", "%.2s|", "%10.3s|", "%-10.0s|", "%.*s|" };
  static const char *svals[] = { "", "a", "hello", "hello, world" };
  for (size_t f = 0; f < sizeof sfmt / sizeof *sfmt; f++) {
    printf("[%s]", sfmt[f]);
    for (size_t v = 0; v < sizeof svals / sizeof *svals; v++) {
      putchar(' ');
      if (strcmp(sfmt[f], "%.*s|") == 0) printf(sfmt[f], 4, svals[v]); else printf(sfmt[f], svals[v]);
    }
    putchar('\n');
  }
  printf("null: %s|%10s|%.3s|%.6s|\n", (char *)NULL, (char *)NULL, (char *)NULL, (char *)NULL);
  printf("pointers: %p %p %20p| %-20p| %p\n", (void *)0x1234, (void *)0xffffffffffff, (void *)0xabc, (void *)0xabc, (void *)NULL);
  printf("star: %*d|%-*d|%*d|%.*d|%*.*d|\n", 6, 42, 6, 42, -6, 42, 4, 7, 8, 3, -5);
  printf("percent: 100%% %5%|%-5%|\n");
  int n1 = 0, n2 = 0;
  printf("count%n: %d%n\n", &n1, 12345, &n2);
  printf("n: %d %d\n", n1, n2);
  printf("mix: %s=%d (%#x) at %c%c%c\n", "answer", 42, 42, 'a', 'b', 'c');
  printf("int64: %" "ld %" "lu %" "lx\n", (int64_t)INT64_MIN, (uint64_t)UINT64_MAX, (uint64_t)UINT64_MAX);
  char buf[32];
  int r = snprintf(buf, sizeof buf, "%s-%d-%x", "abc", -17, 0xbeef);
  printf("snprintf: %d [%s]\n", r, buf);
  r = snprintf(buf, 8, "%s", "truncated output here");
  printf("truncated: %d [%s]\n", r, buf);
  r = snprintf(NULL, 0, "%d %s", 123456, "xyz");
  printf("measure: %d\n", r);
  r = snprintf(buf, 1, "abc");
  printf("one: %d [%s]\n", r, buf);
  r = sprintf(buf, "%08.3x|%-3c|", 0xab, 'z');
  printf("sprintf: %d [%s]\n", r, buf);
  fprintf(stdout, "fprintf to stdout %d\n", 7);
  fputs("fputs line\n", stdout);
  puts("puts line");
  fprintf(stderr, "to stderr %s %d\n", "ok", -3);
  return 0;
}

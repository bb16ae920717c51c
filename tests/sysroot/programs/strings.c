/* String, ctype and conversion functions: output compared with glibc's. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>

static int sign(int x) { return x < 0 ? -1 : x > 0; }
static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
  static const char *w[] = { "", "a", "ab", "abc", "abd", "b", "hello", "hello world", "Hello", "\xff", "a\xff" };
  int n = sizeof w / sizeof *w;
  for (int i = 0; i < n; i++) {
    printf("strlen(%d)=%zu", i, strlen(w[i]));
    for (int j = 0; j < n; j++) printf(" %d/%d/%d", sign(strcmp(w[i], w[j])), sign(strncmp(w[i], w[j], 2)), sign(memcmp(w[i], w[j], strlen(w[i]) < strlen(w[j]) ? strlen(w[i]) : strlen(w[j]))));
    printf(" case:%d/%d\n", sign(strcasecmp(w[i], "HELLO")), sign(strncasecmp(w[i], "HELLO", 3)));
  }
  const char *hay = "the quick brown fox jumps over the lazy dog";
  static const char *needles[] = { "the", "fox", "dog", "", "cat", "lazy dog", "g", "the quick brown fox jumps over the lazy dog!" };
  for (int i = 0; i < 8; i++) {
    const char *p = strstr(hay, needles[i]);
    printf("strstr(%s)=%ld\n", needles[i], p ? (long)(p - hay) : -1L);
  }
  for (int c = 0; c < 128; c += 1) {
    const char *p = strchr(hay, c), *q = strrchr(hay, c);
    const void *m = memchr(hay, c, 20);
    if (p || q || m) printf("chr %d: %ld %ld %ld\n", c, p ? (long)(p - hay) : -1L, q ? (long)(q - hay) : -1L, m ? (long)((const char *)m - hay) : -1L);
  }
  printf("strspn=%zu strcspn=%zu strpbrk=%s\n", strspn(hay, "the q"), strcspn(hay, "xyz"), strpbrk(hay, "zyx"));
  char buf[64], tmp[64];
  strcpy(buf, "abc");
  strcat(buf, "def");
  strncat(buf, "ghijkl", 3);
  printf("cat=%s len=%zu\n", buf, strlen(buf));
  memset(tmp, 'x', sizeof tmp);
  strncpy(tmp, "hi", 6);
  printf("strncpy: %d %d %d %d %c\n", tmp[0], tmp[2], tmp[5], tmp[6] == 'x', tmp[1]);
  strncpy(tmp, "abcdefgh", 4);
  printf("strncpy2: %.6s\n", tmp);
  for (int i = 0; i < 64; i++) buf[i] = (char)i;
  memmove(buf + 3, buf, 20);
  printf("memmove up:");
  for (int i = 0; i < 24; i++) printf(" %d", buf[i]);
  memmove(buf, buf + 5, 20);
  printf("\nmemmove down:");
  for (int i = 0; i < 24; i++) printf(" %d", buf[i]);
  memset(buf + 1, 0xab, 13);
  memcpy(tmp, buf, 40);
  printf("\nmemset/memcpy:");
  for (int i = 0; i < 16; i++) printf(" %d", (unsigned char)tmp[i]);
  printf("\n");
  char toks[] = "  alpha, beta,,gamma ;delta  ";
  for (char *t = strtok(toks, " ,;"); t; t = strtok(NULL, " ,;")) printf("tok[%s]", t);
  printf("\n");
  char *d = strdup("duplicate");
  char *d2 = strndup("duplicate", 3);
  printf("strdup=%s strndup=%s\n", d, d2);
  free(d);
  free(d2);
  for (int c = -1; c < 128; c++)
    printf("%d:%d%d%d%d%d%d%d%d%d%d%d%d%c%c ", c, !!isalnum(c), !!isalpha(c), !!isblank(c), !!iscntrl(c), !!isdigit(c), !!isgraph(c),
           !!islower(c), !!isprint(c), !!ispunct(c), !!isspace(c), !!isupper(c), !!isxdigit(c), c >= 32 && c < 127 ? tolower(c) : '.', c >= 32 && c < 127 ? toupper(c) : '.');
  printf("\n");
  static const char *nums[] = { "0", "42", "-42", "  +17xyz", "0x1F", "0X1f", "077", "0x", "-0", "9223372036854775807", "9223372036854775808",
    "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616", "zz", "  -  5", "1e5", "+", "0b101" };
  for (int i = 0; i < 20; i++) {
    char *end;
    errno = 0;
    long v = strtol(nums[i], &end, 0);
    int e1 = errno;
    errno = 0;
    unsigned long u = strtoul(nums[i], NULL, 16);
    int e2 = errno;
    long b36 = strtol(nums[i], NULL, 36);
    printf("strtol(%s)=%ld end=%ld e=%d strtoul16=%lu e=%d b36=%ld atoi=%d\n", nums[i], v, (long)(end - nums[i]), e1 != 0, u, e2 != 0, b36, atoi(nums[i]));
  }
  printf("abs %d %ld %lld div %d %d ldiv %ld %ld\n", abs(-5), labs(-7L), llabs(-9LL), div(-7, 2).quot, div(-7, 2).rem, ldiv(100L, -7L).quot, ldiv(100L, -7L).rem);
  int arr[50];
  for (int i = 0; i < 50; i++) arr[i] = (i * 7919) % 101 - 50;
  qsort(arr, 50, sizeof *arr, cmp_int);
  for (int i = 0; i < 50; i++) printf("%d ", arr[i]);
  printf("\n");
  const char *names[] = { "pear", "apple", "fig", "banana", "cherry", "apple", "date" };
  qsort(names, 7, sizeof *names, cmp_str);
  for (int i = 0; i < 7; i++) printf("%s ", names[i]);
  int key = 17;
  int *hit = bsearch(&key, arr, 50, sizeof *arr, cmp_int);
  printf("\nbsearch %d %d\n", hit != NULL, hit ? *hit : 0);
  return 0;
}

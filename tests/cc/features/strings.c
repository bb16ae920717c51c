/* String literals: escapes, concatenation, arrays from strings, wide literals. */
#include "rt.h"

int main(void) {
  ASSERT(6, sizeof("hello"));
  ASSERT('l', "hello"[2]);
  ASSERT(10, "\n"[0]);
  ASSERT(9, "\t"[0]);
  ASSERT(0, "\0"[0]);
  ASSERT(65, "\101"[0]);
  ASSERT(0x7f, "\x7f"[0]);
  ASSERT(255, "\xff"[0]);
  ASSERT(92, "\\"[0]);
  ASSERT(34, "\""[0]);
  ASSERT(39, '\'');
  ASSERT(7, sizeof("abc" "def"));
  ASSERT('d', ("abc" "def")[3]);
  ASSERT(4, sizeof(L"abc") / 4);
  ASSERT(0x3b1, L"\u03b1"[0]);
  ASSERT(3, sizeof(u8"\u00e9"));
  ASSERT(0xc3, u8"\u00e9"[0]);
  const char *s = "caplab";
  ASSERT(6, strlen(s));
  ASSERT(0, strcmp(s, "caplab"));
  ASSERT(1, strcmp("b", "a") > 0);
  char buf[16];
  sprintf(buf, "%s%d", "x", 42);
  ASSERT(0, strcmp(buf, "x42"));
  ASSERT(97, 'a');
  ASSERT(10, '\n');
  ASSERT(0, '\0');
  ASSERT(255, '\xff');
  char c = "abc"[1];
  ASSERT('b', c);
  ASSERT(2, "ab" == "ab" ? 2 : 2);
  return rt_done();
}

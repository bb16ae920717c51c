/* Tiny freestanding runtime for the C compiler tests: Linux AArch64 syscalls through
   inline asm, a printf-like formatter and the ASSERT helper. */
#ifndef RT_H
#define RT_H
#include <stdarg.h>
#include <stddef.h>

long rt_write(int fd, const void *buf, unsigned long n);
void rt_exit(int status);
int printf(const char *fmt, ...);
int vprintf(const char *fmt, va_list ap);
int sprintf(char *buf, const char *fmt, ...);
int puts(const char *s);
int putchar(int c);
unsigned long strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);
void *memset(void *d, int c, unsigned long n);
int memcmp(const void *a, const void *b, unsigned long n);

void rt_assert(long expected, long actual, const char *code, int line);
int rt_done(void);

#define ASSERT(expected, expr) rt_assert((long)(expected), (long)(expr), #expr, __LINE__)
#endif

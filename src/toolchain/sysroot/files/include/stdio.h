/* <stdio.h> (CapLab libc, C11 7.21): formatted output to stdout/stderr and strings.
   No files, no input streams, no floating-point conversions. */
#ifndef _STDIO_H
#define _STDIO_H
#include <stddef.h>
#include <stdarg.h>
#define EOF (-1)
#define BUFSIZ 1024
typedef struct __caplab_file FILE;
extern FILE *const stdin;
extern FILE *const stdout;
extern FILE *const stderr;
int printf(const char *restrict fmt, ...);
int fprintf(FILE *restrict f, const char *restrict fmt, ...);
int sprintf(char *restrict buf, const char *restrict fmt, ...);
int snprintf(char *restrict buf, size_t n, const char *restrict fmt, ...);
int vprintf(const char *restrict fmt, va_list ap);
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap);
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap);
int vsnprintf(char *restrict buf, size_t n, const char *restrict fmt, va_list ap);
int dprintf(int fd, const char *restrict fmt, ...);
int putchar(int c);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int puts(const char *s);
int fputs(const char *restrict s, FILE *restrict f);
size_t fwrite(const void *restrict p, size_t size, size_t n, FILE *restrict f);
int fflush(FILE *f);
int getchar(void);
int fgetc(FILE *f);
void perror(const char *s);
#endif

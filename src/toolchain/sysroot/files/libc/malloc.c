/* malloc/free/calloc/realloc (CapLab libc, C11 7.22.3) over a static heap in
   .bss: boundary-tag blocks (size in a header and a footer word), an explicit
   doubly linked free list searched first-fit, splitting of large free blocks and
   coalescing with free neighbours on free. No brk/mmap: the heap never grows. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>

#ifndef CAPLAB_HEAP_SIZE
#define CAPLAB_HEAP_SIZE (4 * 1024 * 1024)
#endif
#define ALIGN 16
#define USED 1UL
#define MIN_BLOCK 48 /* header + two links + footer, rounded to ALIGN */

/* A block: [size|USED] payload... [size]; free blocks keep links in the payload. */
struct freeblk { size_t head; struct freeblk *next, *prev; };

static _Alignas(16) unsigned char heap[CAPLAB_HEAP_SIZE];
static struct freeblk *freelist;
static int ready;

static size_t bsize(void *b) { return *(size_t *)b & ~USED; }
static void set_tags(void *b, size_t size, size_t used) {
  *(size_t *)b = size | used;
  *(size_t *)((unsigned char *)b + size - 8) = size | used;
}

static void unlink_free(struct freeblk *b) {
  if (b->prev) b->prev->next = b->next; else freelist = b->next;
  if (b->next) b->next->prev = b->prev;
}

static void push_free(struct freeblk *b) {
  b->prev = NULL;
  b->next = freelist;
  if (freelist) freelist->prev = b;
  freelist = b;
}

/* The heap starts 8 bytes in so payloads (block + 8) are 16-aligned; a used
   sentinel word sits at each end so coalescing never walks off the heap. */
static void init(void) {
  size_t size = (CAPLAB_HEAP_SIZE - 16) & ~(size_t)(ALIGN - 1);
  *(size_t *)heap = USED;
  struct freeblk *b = (struct freeblk *)(heap + 8);
  set_tags(b, size, 0);
  *(size_t *)(heap + 8 + size) = USED;
  push_free(b);
  ready = 1;
}

void *malloc(size_t n) {
  if (!ready) init();
  if (n > CAPLAB_HEAP_SIZE) { errno = ENOMEM; return NULL; }
  size_t need = (n + 16 + ALIGN - 1) & ~(size_t)(ALIGN - 1);
  if (need < MIN_BLOCK) need = MIN_BLOCK;
  for (struct freeblk *b = freelist; b; b = b->next) {
    size_t size = bsize(b);
    if (size < need) continue;
    unlink_free(b);
    if (size - need >= MIN_BLOCK) {
      struct freeblk *rest = (struct freeblk *)((unsigned char *)b + need);
      set_tags(rest, size - need, 0);
      push_free(rest);
      size = need;
    }
    set_tags(b, size, USED);
    return (unsigned char *)b + 8;
  }
  errno = ENOMEM;
  return NULL;
}

void free(void *p) {
  if (!p) return;
  unsigned char *b = (unsigned char *)p - 8;
  size_t size = bsize(b);
  size_t after = *(size_t *)(b + size);
  if (!(after & USED)) {
    unlink_free((struct freeblk *)(b + size));
    size += after;
  }
  size_t before = *(size_t *)(b - 8);
  if (!(before & USED)) {
    b -= before;
    unlink_free((struct freeblk *)b);
    size += before;
  }
  set_tags(b, size, 0);
  push_free((struct freeblk *)b);
}

void *calloc(size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) { errno = ENOMEM; return NULL; }
  void *p = malloc(count * size);
  return p ? memset(p, 0, count * size) : NULL;
}

void *realloc(void *p, size_t n) {
  if (!p) return malloc(n);
  if (n == 0) { free(p); return NULL; }
  size_t have = bsize((unsigned char *)p - 8) - 16;
  if (n <= have) return p;
  void *q = malloc(n);
  if (!q) return NULL;
  memcpy(q, p, have);
  free(p);
  return q;
}

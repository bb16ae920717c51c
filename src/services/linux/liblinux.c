/* Linux system-call emulation for the Linux-compatibility component (see
   liblinux.h): console I/O on the PL011, a small in-memory file system, brk and
   anonymous mmap in arenas the loader mapped, identity calls, uname and virtual
   time. Every pointer from the program is checked against the program's mapped
   ranges first (a bad one gives -EFAULT, never a fault in the component).
   Facts: reference/syscall-origin.md 6 (numbers, -errno results). */
#include "liblinux.h"

#define PAGE 0x1000UL
#define UART_DR 0
#define UART_FR 6   /* 0x18 / 4 */
#define FR_TXFF (1u << 5)
#define AT_FDCWD (-100)
#define O_ACCMODE 3
#define O_WRONLY 1
#define O_RDWR 2
#define O_CREAT 0100
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_DIRECTORY 0200000
#define AT_EMPTY_PATH 0x1000
#define NEW_FILE_CAP 0x4000UL
#define S_IFCHR 0020000
#define S_IFREG 0100000
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20

void lx_bytes_copy(void *dst, const void *src, lx_u64 n) {
  char *d = dst;
  const char *s = src;
  for (lx_u64 i = 0; i < n; i++) d[i] = s[i];
}

void lx_bytes_zero(void *dst, lx_u64 n) {
  char *d = dst;
  for (lx_u64 i = 0; i < n; i++) d[i] = 0;
}

void lx_console_putc(struct lx_ctx *c, char ch) {
  while (c->uart[UART_FR] & FR_TXFF) {}
  c->uart[UART_DR] = (lx_u8)ch;
}

static int in_range(lx_u64 va, lx_u64 n, lx_u64 lo, lx_u64 hi) {
  return va >= lo && va <= hi && n <= hi - va;
}

/* Whether [va, va+n) lies in memory the program has: image, brk heap, stack, mmap arena. */
static int user_ok(struct lx_ctx *c, lx_u64 va, lx_u64 n) {
  struct lx_state *st = c->st;
  if (va + n < va) return 0;
  if (in_range(va, n, st->img_lo, st->brk_cur)) return 1;
  if (in_range(va, n, LX_STACK_TOP - LX_STACK_SIZE, LX_STACK_TOP)) return 1;
  if (!in_range(va, n, LX_MMAP_VA, LX_MMAP_VA + LX_MMAP_SIZE)) return 0;
  for (lx_u64 p = (va - LX_MMAP_VA) / PAGE; p * PAGE < va - LX_MMAP_VA + n; p++)
    if (!st->mmap_used[p]) return 0;
  return 1;
}

static void *user(struct lx_ctx *c, lx_u64 va) { return (void *)(c->win + va); }

static int name_eq(const char *a, const char *b) {
  lx_u64 i = 0;
  for (; a[i] && a[i] == b[i]; i++) {}
  return a[i] == b[i];
}

/* A path from the program, copied with its length checked; 0 on success, else -errno. */
static lx_s64 user_path(struct lx_ctx *c, lx_u64 va, char *out) {
  for (lx_u64 i = 0; i < LX_NAME_MAX; i++) {
    if (!user_ok(c, va + i, 1)) return -LX_EFAULT;
    out[i] = ((char *)user(c, va))[i];
    if (!out[i]) return 0;
  }
  return -LX_ENOENT;
}

static const char *strip_dot(const char *p) {
  while (p[0] == '.' && p[1] == '/') p += 2;
  while (p[0] == '/') p++;
  return p;
}

static struct lx_fd *fd_of(struct lx_ctx *c, lx_u64 fd) {
  if (fd >= LX_MAX_FDS || !c->st->fds[fd].used) return 0;
  return &c->st->fds[fd];
}

static char *file_data(struct lx_ctx *c, struct lx_file *f) {
  return (char *)(c->win + LX_FILES_VA + f->off);
}

static lx_s64 do_write(struct lx_ctx *c, lx_u64 fd, lx_u64 buf, lx_u64 n) {
  struct lx_fd *d = fd_of(c, fd);
  if (!d) return -LX_EBADF;
  if ((d->flags & O_ACCMODE) == 0 && d->kind == LX_FD_FILE) return -LX_EBADF;
  if (!user_ok(c, buf, n)) return -LX_EFAULT;
  const char *p = user(c, buf);
  if (d->kind == LX_FD_CONSOLE) {
    for (lx_u64 i = 0; i < n; i++) lx_console_putc(c, p[i]);
    return (lx_s64)n;
  }
  struct lx_file *f = &c->st->files[d->file];
  if (d->flags & O_APPEND) d->pos = f->size;
  if (d->pos >= f->cap) return n ? -LX_ENOSPC : 0;
  lx_u64 room = f->cap - d->pos, k = n < room ? n : room;
  if (d->pos > f->size) lx_bytes_zero(file_data(c, f) + f->size, d->pos - f->size);
  lx_bytes_copy(file_data(c, f) + d->pos, p, k);
  d->pos += k;
  if (d->pos > f->size) f->size = d->pos;
  return (lx_s64)k;
}

static lx_s64 do_read(struct lx_ctx *c, lx_u64 fd, lx_u64 buf, lx_u64 n) {
  struct lx_fd *d = fd_of(c, fd);
  if (!d) return -LX_EBADF;
  if ((d->flags & O_ACCMODE) == O_WRONLY) return -LX_EBADF;
  if (!user_ok(c, buf, n)) return -LX_EFAULT;
  if (d->kind == LX_FD_CONSOLE) return n ? lx_side_read_console(c, buf, n) : 0;
  struct lx_file *f = &c->st->files[d->file];
  if (d->pos >= f->size) return 0;
  lx_u64 left = f->size - d->pos, k = n < left ? n : left;
  lx_bytes_copy(user(c, buf), file_data(c, f) + d->pos, k);
  d->pos += k;
  return (lx_s64)k;
}

/* readv/writev: struct iovec { void *base; size_t len; } each, stopping at a short transfer. */
static lx_s64 do_vector(struct lx_ctx *c, lx_u64 fd, lx_u64 iov, lx_u64 cnt, int writing) {
  if (cnt > 1024) return -LX_EINVAL;
  if (!user_ok(c, iov, cnt * 16)) return -LX_EFAULT;
  const lx_u64 *v = user(c, iov);
  lx_s64 total = 0;
  for (lx_u64 i = 0; i < cnt; i++) {
    lx_s64 r = writing ? do_write(c, fd, v[2 * i], v[2 * i + 1]) : do_read(c, fd, v[2 * i], v[2 * i + 1]);
    if (r < 0) return total ? total : r;
    total += r;
    if ((lx_u64)r < v[2 * i + 1]) break;
  }
  return total;
}

static lx_s64 new_fd(struct lx_ctx *c, lx_u32 kind, lx_u32 file, lx_u32 flags) {
  for (lx_u64 i = 0; i < LX_MAX_FDS; i++) {
    struct lx_fd *d = &c->st->fds[i];
    if (d->used) continue;
    d->used = 1; d->kind = kind; d->file = file; d->flags = flags; d->pos = 0;
    return (lx_s64)i;
  }
  return -LX_EMFILE;
}

static lx_s64 find_file(struct lx_ctx *c, const char *name) {
  for (lx_u64 i = 0; i < LX_MAX_FILES; i++)
    if (c->st->files[i].used && name_eq(c->st->files[i].name, name)) return (lx_s64)i;
  return -1;
}

static lx_s64 create_file(struct lx_ctx *c, const char *name) {
  struct lx_state *st = c->st;
  if (st->files_used + NEW_FILE_CAP > LX_FILES_SIZE) return -LX_ENOSPC;
  for (lx_u64 i = 0; i < LX_MAX_FILES; i++) {
    struct lx_file *f = &st->files[i];
    if (f->used) continue;
    lx_bytes_zero(f, sizeof *f);
    for (lx_u64 j = 0; j + 1 < LX_NAME_MAX && name[j]; j++) f->name[j] = name[j];
    f->off = st->files_used; f->cap = NEW_FILE_CAP; f->used = 1;
    st->files_used += NEW_FILE_CAP;
    return (lx_s64)i;
  }
  return -LX_ENOSPC;
}

static lx_s64 do_openat(struct lx_ctx *c, lx_s64 dirfd, lx_u64 path, lx_u64 flags) {
  char name[LX_NAME_MAX];
  lx_s64 r = user_path(c, path, name);
  if (r < 0) return r;
  if (dirfd != AT_FDCWD && name[0] != '/' && !fd_of(c, (lx_u64)dirfd)) return -LX_EBADF;
  const char *n = strip_dot(name);
  if (!n[0]) return (flags & O_ACCMODE) ? -LX_EISDIR : -LX_EACCES;
  if (name_eq(name, "/dev/tty") || name_eq(name, "/dev/console")) return new_fd(c, LX_FD_CONSOLE, 0, (lx_u32)flags);
  lx_s64 f = find_file(c, n);
  if (f < 0 && !(flags & O_CREAT)) return -LX_ENOENT;
  if (f < 0) f = create_file(c, n);
  if (f < 0) return f;
  if (flags & O_DIRECTORY) return -20; /* ENOTDIR */
  if ((flags & O_TRUNC) && (flags & O_ACCMODE)) c->st->files[f].size = 0;
  return new_fd(c, LX_FD_FILE, (lx_u32)f, (lx_u32)flags);
}

static lx_s64 do_lseek(struct lx_ctx *c, lx_u64 fd, lx_s64 off, lx_u64 whence) {
  struct lx_fd *d = fd_of(c, fd);
  if (!d) return -LX_EBADF;
  if (d->kind == LX_FD_CONSOLE) return -LX_ESPIPE;
  lx_s64 base = whence == 0 ? 0 : whence == 1 ? (lx_s64)d->pos : whence == 2 ? (lx_s64)c->st->files[d->file].size : -1;
  if (whence > 2 || base + off < 0) return -LX_EINVAL;
  d->pos = (lx_u64)(base + off);
  return (lx_s64)d->pos;
}

/* struct stat of asm-generic (AArch64): 128 bytes. */
static lx_s64 fill_stat(struct lx_ctx *c, lx_u64 buf, lx_u32 kind, lx_u64 file) {
  if (!user_ok(c, buf, 128)) return -LX_EFAULT;
  lx_u8 *s = user(c, buf);
  lx_bytes_zero(s, 128);
  lx_u64 *w = (lx_u64 *)s;
  lx_u32 *h = (lx_u32 *)s;
  w[0] = 1;                              /* st_dev */
  w[1] = kind == LX_FD_FILE ? file + 2 : 1; /* st_ino */
  h[4] = kind == LX_FD_FILE ? (S_IFREG | 0644) : (S_IFCHR | 0620); /* st_mode */
  h[5] = 1;                              /* st_nlink */
  if (kind == LX_FD_CONSOLE) w[4] = 0x8800; /* st_rdev: a tty */
  w[6] = kind == LX_FD_FILE ? c->st->files[file].size : 0; /* st_size */
  h[14] = kind == LX_FD_FILE ? 4096 : 1024; /* st_blksize */
  w[8] = (w[6] + 511) / 512;             /* st_blocks */
  return 0;
}

static lx_s64 do_fstat(struct lx_ctx *c, lx_u64 fd, lx_u64 buf) {
  struct lx_fd *d = fd_of(c, fd);
  if (!d) return -LX_EBADF;
  return fill_stat(c, buf, d->kind, d->file);
}

static lx_s64 do_newfstatat(struct lx_ctx *c, lx_s64 dirfd, lx_u64 path, lx_u64 buf, lx_u64 flags) {
  char name[LX_NAME_MAX];
  lx_s64 r = user_path(c, path, name);
  if (r < 0) return r;
  if (!name[0] && (flags & AT_EMPTY_PATH)) return do_fstat(c, (lx_u64)dirfd, buf);
  lx_s64 f = find_file(c, strip_dot(name));
  return f < 0 ? -LX_ENOENT : fill_stat(c, buf, LX_FD_FILE, (lx_u64)f);
}

static lx_s64 do_brk(struct lx_ctx *c, lx_u64 want) {
  struct lx_state *st = c->st;
  if (want >= st->brk_base && want <= st->brk_base + LX_BRK_SIZE) {
    if (want > st->brk_cur) lx_bytes_zero(user(c, st->brk_cur), want - st->brk_cur);
    st->brk_cur = want;
  }
  return (lx_s64)st->brk_cur;
}

static lx_s64 do_mmap(struct lx_ctx *c, lx_u64 addr, lx_u64 len, lx_u64 flags, lx_s64 fd) {
  if (!len) return -LX_EINVAL;
  if (!(flags & MAP_ANONYMOUS) || fd != -1) return -LX_ENODEV;
  if (flags & MAP_FIXED) return -LX_ENOMEM;
  (void)addr;
  lx_u64 pages = (len + PAGE - 1) / PAGE;
  if (pages > LX_MMAP_PAGES) return -LX_ENOMEM;
  for (lx_u64 start = 0; start + pages <= LX_MMAP_PAGES; start++) {
    lx_u64 run = 0;
    while (run < pages && !c->st->mmap_used[start + run]) run++;
    if (run < pages) { start += run; continue; }
    for (lx_u64 i = 0; i < pages; i++) c->st->mmap_used[start + i] = 1;
    lx_u64 va = LX_MMAP_VA + start * PAGE;
    lx_bytes_zero(user(c, va), pages * PAGE);
    return (lx_s64)va;
  }
  return -LX_ENOMEM;
}

static lx_s64 do_munmap(struct lx_ctx *c, lx_u64 addr, lx_u64 len) {
  if ((addr & (PAGE - 1)) || !len) return -LX_EINVAL;
  if (!in_range(addr, len, LX_MMAP_VA, LX_MMAP_VA + LX_MMAP_SIZE)) return 0;
  for (lx_u64 p = (addr - LX_MMAP_VA) / PAGE; p * PAGE < addr - LX_MMAP_VA + len; p++) c->st->mmap_used[p] = 0;
  return 0;
}

static void put_field(char *dst, const char *s) {
  for (lx_u64 i = 0; s[i] && i < 64; i++) dst[i] = s[i];
}

static lx_s64 do_uname(struct lx_ctx *c, lx_u64 buf) {
  if (!user_ok(c, buf, 6 * 65)) return -LX_EFAULT;
  char *u = user(c, buf);
  lx_bytes_zero(u, 6 * 65);
  put_field(u, "Linux");
  put_field(u + 65, "caplab");
  put_field(u + 130, "6.1.0-caplab");
  put_field(u + 195, "#1 CapLab linux-compat");
  put_field(u + 260, "aarch64");
  put_field(u + 325, "(none)");
  return 0;
}

static lx_u64 virtual_ticks(void) {
  lx_u64 t;
  __asm__ volatile("mrs %0, cntvct_el0" : "=r"(t));
  return t;
}

/* Virtual time: the generic timer's count at 100 MHz (CNTFRQ), for every clock. */
static lx_s64 do_clock_gettime(struct lx_ctx *c, lx_u64 clk, lx_u64 ts) {
  if (clk > 11) return -LX_EINVAL;
  if (!user_ok(c, ts, 16)) return -LX_EFAULT;
  lx_u64 t = virtual_ticks();
  lx_u64 *out = user(c, ts);
  out[0] = t / 100000000UL;
  out[1] = (t % 100000000UL) * 10;
  return 0;
}

static void note_enosys(struct lx_state *st, lx_s64 nr) {
  for (lx_u64 i = 0; i < st->nenosys && i < LX_MAX_ENOSYS; i++) if (st->enosys[i] == (lx_u64)nr) return;
  if (st->nenosys < LX_MAX_ENOSYS) st->enosys[st->nenosys] = (lx_u64)nr;
  st->nenosys++;
}

lx_s64 lx_dispatch(struct lx_ctx *c, lx_s64 nr, const lx_u64 *a) {
  struct lx_state *st = c->st;
  st->calls++;
  st->calls_by[c->by]++;
  switch (nr) {
    case LX_NR_read: return do_read(c, a[0], a[1], a[2]);
    case LX_NR_write: return do_write(c, a[0], a[1], a[2]);
    case LX_NR_readv: return do_vector(c, a[0], a[1], a[2], 0);
    case LX_NR_writev: return do_vector(c, a[0], a[1], a[2], 1);
    case LX_NR_openat: return do_openat(c, (lx_s64)a[0], a[1], a[2]);
    case LX_NR_close: {
      struct lx_fd *d = fd_of(c, a[0]);
      if (!d) return -LX_EBADF;
      d->used = 0;
      return 0;
    }
    case LX_NR_lseek: return do_lseek(c, a[0], (lx_s64)a[1], a[2]);
    case LX_NR_fstat: return do_fstat(c, a[0], a[1]);
    case LX_NR_newfstatat: return do_newfstatat(c, (lx_s64)a[0], a[1], a[2], a[3]);
    case LX_NR_ioctl: return fd_of(c, a[0]) ? -LX_ENOTTY : -LX_EBADF;
    case LX_NR_exit: case LX_NR_exit_group: return lx_side_exit(c, (int)a[0]);
    case LX_NR_brk: return do_brk(c, a[0]);
    case LX_NR_mmap: return do_mmap(c, a[0], a[1], a[3], (lx_s64)a[4]);
    case LX_NR_munmap: return do_munmap(c, a[0], a[1]);
    case LX_NR_getpid: case LX_NR_gettid: case LX_NR_set_tid_address: return (lx_s64)st->pid;
    case LX_NR_getppid: return 1;
    case LX_NR_uname: return do_uname(c, a[0]);
    case LX_NR_clock_gettime: return do_clock_gettime(c, a[0], a[1]);
    default:
      note_enosys(st, nr);
      return -LX_ENOSYS;
  }
}

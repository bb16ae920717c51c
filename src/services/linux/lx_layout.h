/* Linux-compatibility component: the address layout and slots both halves share
   (the fault-handler component compat.c and the in-process library of modes c/d),
   and the state page they both read and write. Mirrored for the loader in
   src/kernel/compat/layout.ts (tests/compat/layout.test.ts keeps them equal).
   Design: docs/linux-compat.md. */
#ifndef LX_LAYOUT_H
#define LX_LAYOUT_H

typedef unsigned long lx_u64;
typedef long lx_s64;
typedef unsigned int lx_u32;
typedef unsigned char lx_u8;

/* The Linux program's address space (child VAs). */
#define LX_GATES_VA   0x02000000UL  /* per-site gates written by the patcher (mode c) */
#define LX_GATES_SIZE 0x4000UL      /* 4 pages: 1024 gates of 16 bytes */
#define LX_LIB_VA     0x03000000UL  /* the in-process library image (modes c, d) */
#define LX_STATE_VA   0x04000000UL  /* struct lx_state, shared with the component */
#define LX_STATE_SIZE 0x10000UL
#define LX_FILES_VA   0x05000000UL  /* file data of the in-memory file system */
#define LX_FILES_SIZE 0x100000UL
#define LX_VCPU_VA    0x06000000UL  /* vCPU model: modelled EL1 registers (one page) */
#define LX_GUEST_STACK_TOP 0x06009000UL /* vCPU model: the guest kernel's stack (SP_EL1) */
#define LX_UART_VA    0x07000000UL  /* the PL011, mapped in both address spaces */
#define LX_MMAP_VA    0x10000000UL  /* anonymous mmap arena */
#define LX_MMAP_SIZE  0x400000UL
#define LX_BRK_SIZE   0x100000UL    /* brk arena after the program's last segment */
#define LX_STACK_TOP  0x80000000UL
#define LX_STACK_SIZE 0x40000UL

/* The component sees child VA x at LX_WINDOW + x (mapped by the loader; code pages read-only). */
#define LX_WINDOW     0x1000000000UL
/* The component's own page where it maps a child code frame writable while patching. */
#define LX_PATCH_VA   0x08000000UL

/* The component's CSpace. */
#define LX_SLOT_EP          1  /* its endpoint: the program's faults (badge 1) and forwarded calls (badge 2) */
#define LX_SLOT_CHILD_TCB   2
#define LX_SLOT_SELF_VSPACE 3
#define LX_SLOT_UART_IRQ    4  /* IRQHandler for the UART's interrupt */
#define LX_SLOT_UART_NTFN   5  /* the notification that IRQ signals */
#define LX_SLOT_CODE0       16 /* unmapped caps to the program's code and gate frames, in lx_code_pages order */

/* The program's CSpace (modes c, d: the in-process library's forwarded calls). */
#define LX_CHILD_SLOT_FAULT   1 /* its fault endpoint: badge LX_BADGE_FAULT */
#define LX_CHILD_SLOT_FORWARD 2 /* badge LX_BADGE_FORWARD */
#define LX_BADGE_FAULT   1
#define LX_BADGE_FORWARD 2

/* Modes (docs/linux-compat.md "Four ways"). */
#define LX_MODE_FAULT  0 /* (a) every call traps to the fault handler */
#define LX_MODE_WINDOW 1 /* (b) the same, with the origin window on */
#define LX_MODE_PATCH  2 /* (c) trap-and-patch: svc becomes b to a per-site gate */
#define LX_MODE_VCPU   3 /* (d) the vCPU model: the guest kernel takes the traps */

/* Who handled a call (the index into lx_state.calls_by). */
#define LX_BY_HANDLER 0
#define LX_BY_FORWARD 1
#define LX_BY_INPROC  2
#define LX_BY_GUEST   3

#define LX_MAX_FILES 16
#define LX_MAX_FDS   32
#define LX_MAX_SITES 1024
#define LX_MAX_ENOSYS 32
#define LX_NAME_MAX  48
#define LX_MMAP_PAGES (LX_MMAP_SIZE / 0x1000UL)
#define LX_STATE_MAGIC 0x4c696e7578436f6dUL /* "LinuxCom" */

struct lx_file { char name[LX_NAME_MAX]; lx_u64 off; lx_u64 size; lx_u64 cap; lx_u64 used; };
struct lx_fd { lx_u32 used; lx_u32 kind; lx_u32 file; lx_u32 flags; lx_u64 pos; };
#define LX_FD_CONSOLE 1
#define LX_FD_FILE    2

/* The stats come first, at fixed offsets the host reads (layout.ts STATE_OFF). */
struct lx_state {
  lx_u64 magic;                 /* 0 */
  lx_u64 calls;                 /* 8: Linux calls handled */
  lx_u64 calls_by[4];           /* 16: by LX_BY_* */
  lx_u64 misrouted;             /* 48: messages that were Linux calls the kernel ran as seL4 calls */
  lx_u64 nsites;                /* 56: patched sites */
  lx_u64 nenosys;               /* 64: distinct unsupported numbers seen (first LX_MAX_ENOSYS kept) */
  lx_u64 exited;                /* 72: 1 + status once the program exited */
  lx_u64 enosys[LX_MAX_ENOSYS]; /* 80 */
  lx_u64 sites[LX_MAX_SITES];   /* 336: patched svc addresses, in patch order */
  lx_u64 brk_base, brk_cur;
  lx_u64 img_lo, img_hi;        /* the program image's pages */
  lx_u64 files_used;            /* bytes of LX_FILES given out */
  lx_u64 pid;
  struct lx_file files[LX_MAX_FILES];
  struct lx_fd fds[LX_MAX_FDS];
  lx_u8 mmap_used[LX_MMAP_PAGES];
};

#endif

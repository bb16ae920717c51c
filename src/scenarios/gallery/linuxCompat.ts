// Built-in "linux-compat": a Linux program (C, --target linux) run under the
// Linux-compatibility component, showing the ABI collision of seL4 issue #477 (a
// Linux write whose x7 holds -3, seL4_Send's number) and the four ways the lab
// compares: fault handler, origin window (a lab kernel extension), trap-and-patch
// and a modelled virtual CPU. Mode "linux": the page opens its Linux panel.
// Scenarios layer; issue 7; docs/user-guide.md "The Linux panel".
import type { Scenario } from '../format.ts';

const PROGRAM = `// ambiguous.c: a Linux program (built with --target linux) that runs under
// linux-compat, a user-level component that emulates Linux system calls on seL4.
//
// Linux on AArch64 traps with svc #0 and the call number in x8; seL4 traps with
// svc #0 and its number in x7. The kernel cannot tell the two apart: a Linux
// call whose x7 happens to hold an seL4 number (-1..-14) runs as an seL4 call.
#include <stdio.h>
#include <string.h>

#define SYS_write 64   /* Linux AArch64 write(2) */

/* write(2) exactly as Linux makes it, except that the caller chooses x7
   (Linux never reads x7: to Linux this is an ordinary write). Afterwards x7 is
   cleared: libc's own calls never set x7, and a -3 left there would hit them too. */
static long write_with_x7(int fd, const char *buf, long n, long x7value) {
    register long x0 __asm__("x0") = fd;
    register long x1 __asm__("x1") = (long)buf;
    register long x2 __asm__("x2") = n;
    register long x7 __asm__("x7") = x7value;
    register long x8 __asm__("x8") = SYS_write;
    __asm__ volatile("svc #0\\n\\tmov x7, #0" : "+r"(x0), "+r"(x7) : "r"(x1), "r"(x2), "r"(x8) : "memory");
    return x0;
}

int main(void) {
    printf("before: an ordinary write\\n");

    const char *msg = "ambiguous: this write has x7 = -3 (seL4_Send)\\n";
    long n = (long)strlen(msg);
    long r = write_with_x7(1, msg, n, -3);

    printf("after: an ordinary write\\n");
    if (r == n)
        printf("the ambiguous write reached linux-compat and wrote %ld bytes\\n", r);
    else
        printf("the ambiguous write returned %ld: it never reached linux-compat\\n", r);
    return 0;
}
`;

const INSTRUCTIONS = [
  '# Linux programs on seL4: four ways',
  '',
  'This program is a **Linux** program: it is built with `--target linux` and makes Linux system calls (`svc #0`, number in `x8`). It runs as a thread on the seL4 kernel model; a user-level component, **linux-compat**, answers its calls. The **Linux** panel chooses how the calls reach it:',
  '',
  '1. **Fault handler**: the kernel does not know a Linux call, so it raises an *UnknownSyscall* fault and sends it to linux-compat, the thread\'s fault handler, which emulates the call and replies. Every call costs a fault, an IPC round trip and two context switches.',
  '2. **Origin window** (a *lab kernel extension, not seL4*): the program\'s thread gets a syscall origin window; an `svc` from outside it is a fault whatever `x7` holds. One compare per syscall.',
  '3. **Trap and patch**: after the first fault at a call site, linux-compat rewrites that `svc` into a branch to a gate that calls the emulation library in the program\'s own address space; later calls there never enter the kernel.',
  '4. **Virtual CPU** (*a model*): the program runs as a guest whose `svc` goes to a guest kernel vector in its own space, with no seL4 entry at all.',
  '',
  'The catch is `x7`. seL4 reads its call number from `x7`; Linux ignores `x7`. When a Linux call happens to leave `-3` (`seL4_Send`) in `x7`, the kernel runs an **seL4 Send** instead, and the Linux call is lost (the problem reported as seL4 issue #477). `write_with_x7` makes that happen on purpose.',
].join('\n');

export const linuxCompat: Scenario = {
  id: 'linux-compat',
  version: 1,
  title: 'Linux programs on seL4',
  summary: 'A Linux program under a user-level compatibility component: the x7 ambiguity of seL4 issue #477, and four ways to run Linux calls compared by their cost.',
  mode: 'linux',
  files: [{ name: 'ambiguous.c', text: PROGRAM }],
  exercise: {
    instructions: INSTRUCTIONS,
    steps: [
      {
        title: 'See the call go missing',
        instructions: 'In the **Linux** panel choose **Fault handler** and press **Run**. The line starting `ambiguous:` never appears: the kernel ran that write as an seL4 Send. The panel counts it as a *misrouted* call. Look for it in the **Syscalls** tab.',
        hints: ['The Syscalls tab lists every kernel entry; the misrouted one is an seL4 Send from the program, not a fault.'],
        checks: [{ kind: 'serialContains', text: 'it never reached linux-compat' }],
      },
      {
        title: 'Close the gap with the origin window',
        instructions: 'Choose **Origin window** and run again. Every `svc` of the program now faults, whatever `x7` holds, so linux-compat sees the write and all four lines appear.',
        hints: ['The window is a lab kernel extension (seL4_TCB_SetSyscallRange), not part of seL4.'],
        checks: [{ kind: 'serialContains', text: 'ambiguous: this write has x7 = -3' }, { kind: 'serialContains', text: 'reached linux-compat and wrote' }],
      },
      {
        title: 'Compare the cost',
        instructions: 'Try **Trap and patch** and **Virtual CPU**, then press **Compare the four ways**: the table and the plot show kernel entries, faults, IPC messages and modelled cycles per Linux call in each mode.',
        hints: ['Trap and patch pays one fault per call site, then none; the virtual CPU never enters the seL4 kernel for a Linux call.'],
        checks: [],
      },
    ],
  },
};

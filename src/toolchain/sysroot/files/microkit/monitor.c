/* The Microkit monitor for CapLab system mode: the highest-priority thread of
   every system. Each protection domain's fault endpoint (slot 5) is a cap to
   the monitor's endpoint badged with the PD's number; the monitor receives the
   kernel's fault message and prints, as Microkit's monitor does, which PD
   faulted and how. It does not reply: the PD stays stopped (BlockedOnReply).
   Built by the system loader with --target sel4 (not part of libmicrokit).
   Facts: reference/sel4.md 2.12 (fault layouts), 3 (monitor). */
#include <sel4/sel4.h>
#include <stdio.h>

#define MONITOR_INPUT 1
#define MAX_PDS 63

/* Written by the loader: the names of the PDs, by badge - 1. */
char pd_names[MAX_PDS][64];
seL4_Word pd_count;

static const char *pd_name(seL4_Word badge) {
  return badge >= 1 && badge <= pd_count ? pd_names[badge - 1] : "(unknown)";
}

static void report(seL4_Word badge, seL4_MessageInfo_t tag) {
  seL4_Word label = seL4_MessageInfo_get_label(tag);
  printf("MON|ERROR: received message 0x%08lx  badge: 0x%016lx\n", label, badge);
  printf("MON|ERROR: faulting PD: %s\n", pd_name(badge));
  switch (label) {
  case seL4_Fault_VMFault: {
    seL4_Word fsr = seL4_GetMR(3);
    printf("MON|ERROR: VMFault: ip=0x%016lx  fault_addr=0x%016lx  fsr=0x%016lx  (%s)\n",
           seL4_GetMR(0), seL4_GetMR(1), fsr, seL4_GetMR(2) ? "instruction fault" : "data fault");
    break;
  }
  case seL4_Fault_CapFault:
    printf("MON|ERROR: CapFault: ip=0x%016lx  fault_addr=0x%016lx  in_recv_phase=%lu  lookup_failure_type=%lu\n",
           seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2), seL4_GetMR(3));
    break;
  case seL4_Fault_UnknownSyscall:
    printf("MON|ERROR: UnknownSyscall: ip=0x%016lx  syscall=%ld\n", seL4_GetMR(8), (long)seL4_GetMR(12));
    break;
  case seL4_Fault_UserException:
    printf("MON|ERROR: UserException: ip=0x%016lx  sp=0x%016lx  number=0x%lx  code=0x%lx\n",
           seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(3), seL4_GetMR(4));
    break;
  default:
    printf("MON|ERROR: unknown fault label %lu\n", label);
  }
  fflush(stdout);
}

int main(void) {
  for (;;) {
    seL4_Word badge = 0;
    seL4_MessageInfo_t tag = seL4_Recv(MONITOR_INPUT, &badge);
    report(badge, tag);
  }
}

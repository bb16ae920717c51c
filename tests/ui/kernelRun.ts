// Test fixture for the live views: a C root task that makes a server thread,
// mints a badged endpoint cap for it, Calls it twice (the server replies), makes
// one invocation fail (a Mint into an occupied slot: seL4_DeleteFirst) and exits.
// Its kernel events and snapshots feed the view-model tests in tests/ui/.
import { snapshotKernel } from '../../src/kernel/snapshot.ts';
import type { KernelSnapshot as KSnap } from '../../src/kernel/snapshot.ts';
import type { Stamped } from '../../src/kernel/events.ts';
import { runRootTask, TEST_HELPERS, type RootTaskRun } from '../kernel/rootTaskRun.ts';

export const VIEWS_PROGRAM = `${TEST_HELPERS}
#define R seL4_CapInitThreadCNode
#define D seL4_WordBits
static char stack[4096] __attribute__((aligned(16)));
static seL4_Word EP, BADGED;
static void server(void) {
  seL4_Word badge;
  seL4_MessageInfo_t info = seL4_Recv(EP, &badge);
  for (;;) {
    seL4_SetMR(0, seL4_GetMR(0) * 2);
    info = seL4_ReplyRecv(EP, seL4_MessageInfo_new(seL4_MessageInfo_get_label(info) + 1, 0, 0, 1), &badge);
  }
}
int main(void) {
  seL4_Word s = seL4_GetBootInfo()->empty.start, ut = test_untyped(20);
  EP = s; BADGED = s + 1;
  seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, R, 0, 0, EP, 1);
  seL4_CNode_Mint(R, BADGED, D, R, EP, D, seL4_AllRights, 42);
  seL4_Word err = seL4_CNode_Mint(R, BADGED, D, R, EP, D, seL4_AllRights, 43);
  test_thread(ut, s + 2, "server", 200, server, stack + 4096, 1024);
  seL4_Word sum = 0;
  for (int i = 1; i <= 2; i++) {
    seL4_SetMR(0, 10 * i);
    seL4_MessageInfo_t r = seL4_Call(BADGED, seL4_MessageInfo_new(7, 0, 0, 1));
    sum += seL4_GetMR(0) + seL4_MessageInfo_get_label(r);
  }
  printf("mint error %lu sum %lu\\n", (unsigned long)err, (unsigned long)sum);
  return 0;
}
`;

export interface ViewsRun {
  run: RootTaskRun;
  events: Stamped[];
  snapshot: KSnap;
}

/** Builds and runs the program; every event the kernel kept, and a final snapshot. */
export function runViewsProgram(): ViewsRun {
  const run = runRootTask(VIEWS_PROGRAM);
  const k = run.booted.kernel.state;
  return { run, events: k.events.drain(), snapshot: snapshotKernel(k, run.booted.machine.time) };
}

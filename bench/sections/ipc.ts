// Figure group "ipc": seL4 IPC round trips per second on the CapLab kernel model.
// A C root task (built by the lab's own compiler, --target sel4) makes a server
// thread at its own priority with its own stack and IPC buffer; the client does
// N seL4_Call and the server loops on seL4_ReplyRecv, with 0 and with 4 message
// registers. User code is included. The clock runs from the client's "go" line to
// its "done" line (timestamped as the bytes leave the UART), so boot and thread
// set-up are outside it; the program checks every reply and prints the count.
import { bootRootTask } from '../../src/kernel/boot.ts';
import { buildC } from '../../src/toolchain/ccdriver.ts';

/** Round trips per measured run: a few seconds at the target speed. */
const ROUND_TRIPS = 2_000_000;
/** A short unmeasured run first, so V8 has compiled the kernel paths. */
const WARM_UP_ROUND_TRIPS = 200_000;

/** The benchmark program for `mrs` message registers (0..4) and `n` round trips. */
export function ipcProgram(mrs: number, n: number): string {
  return `#include <sel4/sel4.h>
#include <stdio.h>
#define R seL4_CapInitThreadCNode
#define N ${n}ul
#define MRS ${mrs}
static char serverStack[4096] __attribute__((aligned(16)));
static seL4_Word EP;
static volatile seL4_Word served;

static void server(void) {
  seL4_Word badge;
  seL4_MessageInfo_t info = seL4_Recv(EP, &badge);
  for (;;) {
    served++;
    if (MRS > 0) seL4_SetMR(0, seL4_GetMR(0) + 1);
    info = seL4_ReplyRecv(EP, seL4_MessageInfo_new(seL4_MessageInfo_get_label(info) + 1, 0, 0, MRS), &badge);
  }
}

int main(void) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  seL4_Word freeSlot = bi->empty.start, ut = 0;
  for (seL4_Word i = bi->untyped.start; i < bi->untyped.end; i++)
    if (!bi->untypedList[i - bi->untyped.start].isDevice && bi->untypedList[i - bi->untyped.start].sizeBits >= 16) { ut = i; break; }
  EP = freeSlot++;
  seL4_Word tcb = freeSlot++;
  if (seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, R, 0, 0, EP, 1) != seL4_NoError) return 2;
  if (seL4_Untyped_Retype(ut, seL4_TCBObject, 0, R, 0, 0, tcb, 1) != seL4_NoError) return 3;
  seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100);
  seL4_TCB_Configure(tcb, 0, R, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)bi->ipcBuffer + 2048, seL4_CapInitThreadIPCBuffer);
  seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 100);
  seL4_UserContext ctx = {0};
  ctx.pc = (seL4_Word)server;
  ctx.sp = (seL4_Word)(serverStack + sizeof serverStack);
  seL4_TCB_WriteRegisters(tcb, 1, 0, 2, &ctx);
  seL4_Yield();
  printf("go\\n");
  seL4_Word bad = 0;
  for (seL4_Word i = 0; i < N; i++) {
    if (MRS > 0) { seL4_SetMR(0, i); seL4_SetMR(1, 1); seL4_SetMR(2, 2); seL4_SetMR(3, 3); }
    seL4_MessageInfo_t r = seL4_Call(EP, seL4_MessageInfo_new(7, 0, 0, MRS));
    if (seL4_MessageInfo_get_label(r) != 8 || seL4_MessageInfo_get_length(r) != MRS) bad++;
    else if (MRS > 0 && seL4_GetMR(0) != i + 1) bad++;
  }
  printf("done %lu %lu %lu\\n", (unsigned long)N, (unsigned long)served, (unsigned long)bad);
  return bad == 0 && served == N ? 0 : 1;
}
`;
}

export interface IpcRun {
  roundTrips: number;
  seconds: number;
  /** Process CPU time (user + system, all threads) over the same span: less sensitive to other load. */
  cpuSeconds: number;
  instructions: number;
  kernelEntries: number;
  /** Kernel entries the fastpath took. */
  fastpathEntries: number;
  /** JIT translations while measuring (0 once warm: nothing retranslated per round trip). */
  blocksCompiled: number;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Builds and runs the program; throws unless it reports N good round trips. */
export function runIpc(mrs: number, n: number, options: { fastpath?: boolean } = {}): IpcRun {
  const built = buildC([{ name: 'ipcbench.c', text: ipcProgram(mrs, n) }], { target: 'sel4' });
  if (!built.ok || !built.elf) throw new Error(`ipc bench does not build: ${built.diagnostics.map((d) => d.message).join('; ')}`);
  let line = '';
  const marks: { t: number; cpu: number; instret: number; entries: number; fast: number; compiled: number }[] = [];
  let out = '';
  const b = bootRootTask({
    elf: built.elf,
    output: (c) => {
      const ch = String.fromCharCode(c);
      out += ch;
      if (ch !== '\n') { line += ch; return; }
      if (line === 'go' || line.startsWith('done ')) {
        marks.push({ t: performance.now(), cpu: cpuSeconds(), instret: machine.instret, entries: kernel.entries, fast: kernel.fastpathTaken, compiled: machine.blocksCompiled });
      }
      line = '';
    },
  });
  if (!b.ok) throw new Error(b.error);
  const { machine, kernel } = b.value;
  if (options.fastpath !== undefined) kernel.fastpath = options.fastpath;
  while (!machine.halted) {
    const stop = machine.run(50_000_000);
    if (stop.kind !== 'budget') break;
  }
  const done = /done (\d+) (\d+) (\d+)/.exec(out);
  if (!done || machine.halted?.exitCode !== 0 || marks.length !== 2) {
    throw new Error(`ipc bench failed: exit ${machine.halted?.exitCode} ${machine.halted?.message ?? ''} output ${JSON.stringify(out)}`);
  }
  if (Number(done[1]) !== n || Number(done[2]) !== n || Number(done[3]) !== 0) throw new Error(`ipc bench: bad counts ${done[0]}`);
  return {
    roundTrips: n,
    seconds: (marks[1].t - marks[0].t) / 1000,
    cpuSeconds: marks[1].cpu - marks[0].cpu,
    instructions: marks[1].instret - marks[0].instret,
    kernelEntries: marks[1].entries - marks[0].entries,
    fastpathEntries: marks[1].fast - marks[0].fast,
    blocksCompiled: marks[1].compiled - marks[0].compiled,
  };
}

/** The slowpath (fastpath off) is measured on fewer round trips: it is several times slower. */
function figures(mrs: number, fastpath: boolean): Record<string, number> {
  runIpc(mrs, WARM_UP_ROUND_TRIPS, { fastpath });
  const r = runIpc(mrs, fastpath ? ROUND_TRIPS : ROUND_TRIPS / 4, { fastpath });
  return {
    roundTripsPerSecond: Math.round(r.roundTrips / r.seconds),
    roundTripsPerCpuSecond: Math.round(r.roundTrips / r.cpuSeconds),
    seconds: Math.round(r.seconds * 100) / 100,
    instructionsPerRoundTrip: Math.round((r.instructions / r.roundTrips) * 10) / 10,
    kernelEntriesPerRoundTrip: Math.round((r.kernelEntries / r.roundTrips) * 100) / 100,
    fastpathShareOfEntries: Math.round((r.fastpathEntries / r.kernelEntries) * 1000) / 1000,
    blocksTranslatedWhileMeasuring: r.blocksCompiled,
  };
}

/** Round trips replayed for the split (kernel alone, guest code and dispatcher alone). */
const SPLIT_ROUND_TRIPS = 1_000_000;

/** Where the time of a round trip goes (bench/sections/ipcSplit.ts), in CPU nanoseconds. */
async function split(): Promise<Record<string, unknown>> {
  const { kernelOnly, userOnly } = await import('./ipcSplit.ts');
  return {
    method: 'kernel alone: Call and ReplyRecv replayed from their registers at the svc; guest code and dispatcher alone: a stand-in EL1 that only moves the registers',
    kernelNsPerRoundTrip: { mrs0: kernelOnly(0, SPLIT_ROUND_TRIPS), mrs4: kernelOnly(4, SPLIT_ROUND_TRIPS) },
    userAndDispatchNsPerRoundTrip: { mrs0: userOnly(0, SPLIT_ROUND_TRIPS), mrs4: userOnly(4, SPLIT_ROUND_TRIPS) },
  };
}

export async function ipcRoundTrips(): Promise<Record<string, unknown>> {
  return {
    method: 'C root task (cc --target sel4): client seL4_Call, server seL4_ReplyRecv at the same priority; wall time from the "go" to the "done" line; every reply checked by the program',
    roundTrips: { fastpath: ROUND_TRIPS, slowpath: ROUND_TRIPS / 4 },
    target: 1_000_000,
    // Process CPU time counts every thread (GC helpers too); on a busy machine it is the steadier figure.
    mrs0: figures(0, true),
    mrs4: figures(4, true),
    slowpathMrs0: figures(0, false),
    slowpathMrs4: figures(4, false),
    split: await split(),
  };
}

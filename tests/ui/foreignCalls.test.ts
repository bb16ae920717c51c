// The Syscalls view's foreign-call marks, lab-extension rows and patched sites, and
// the Disassembly view's patched-site notes, from real runs: a Linux program built by
// the lab's compiler (--target linux) under linux-compat in each of its four modes
// (bootCompat, every kernel record drained), and a C root task whose thread is killed
// by a pin; plus the snapshot's lab-extension fields for the same threads, and
// properties over random streams of such records.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootCompat, type BootedCompat } from '../../src/kernel/compat/loader.ts';
import { LIMITS, STATE_OFF, type CompatMode } from '../../src/kernel/compat/layout.ts';
import type { Stamped } from '../../src/kernel/events.ts';
import { snapshotKernel } from '../../src/kernel/snapshot.ts';
import { SYS } from '../../src/shared/abi/index.ts';
import type { KernelEventRecord, StampedEvent } from '../../src/shared/kernelView.ts';
import { buildC } from '../../src/toolchain/ccdriver.ts';
import { patchedSites } from '../../src/ui/viz/model/foreignCalls.ts';
import { patchNotes } from '../../src/ui/viz/model/patchedCode.ts';
import { buildSyscallRows, describeRecord, filterRows, rowSummary, type SyscallRow } from '../../src/ui/viz/model/syscallRows.ts';
import { labExtensionFields, labExtensionLines } from '../../src/ui/viz/model/threadLab.ts';
import { runWithConfig, WORLD } from '../kernel/extensions/originRun.ts';

// Three writes from one svc site (x7 = 0), one through libc's write (another site), one
// with x7 = -3 (seL4_Send's number: the ambiguity), one more write, then exit_group.
const PROGRAM = `#include <unistd.h>
static long lwrite(long fd, const char *b, long n, long x7v) {
  register long x0 __asm__("x0") = fd;
  register long x1 __asm__("x1") = (long)b;
  register long x2 __asm__("x2") = n;
  register long x7 __asm__("x7") = x7v;
  register long x8 __asm__("x8") = 64;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x7), "r"(x8) : "memory");
  return x0;
}
int main(void) {
  for (int i = 0; i < 3; i++) lwrite(1, "a\\n", 2, 0);
  write(1, "c\\n", 2);
  lwrite(1, "b\\n", 2, -3);
  lwrite(1, "d\\n", 2, 0);
  return 0;
}
`;

const built = buildC([{ name: 'prog.c', text: PROGRAM }], { target: 'linux' });
if (!built.ok || !built.elf) throw new Error('the test program does not build');
const ELF = built.elf;

interface CompatRun { booted: BootedCompat; events: Stamped[]; rows: SyscallRow[]; console: string }

function runMode(mode: CompatMode): CompatRun {
  let text = '';
  const r = bootCompat({ program: ELF, mode, name: 'prog', output: (b) => { text += String.fromCharCode(b); } });
  if (!r.ok) throw new Error(r.error);
  const { machine, kernel } = r.value;
  const events: Stamped[] = [];
  for (let i = 0; i < 400 && kernel.outcome.kind === 'running'; i++) {
    machine.run(50_000);
    events.push(...kernel.state.events.drain());
  }
  expect(kernel.state.events.dropped).toBe(0);
  expect(kernel.outcome.kind).toBe('exited');
  return { booted: r.value, events, rows: buildSyscallRows(events), console: text };
}

const prog = (rows: SyscallRow[]) => rows.filter((r) => r.thread === 'prog');
const linuxNames = (rows: SyscallRow[]) => rows.map((r) => r.marks.linux?.name ?? null);

describe('fault mode: every Linux call traps to the handler', () => {
  const run = runMode('fault');
  const rows = prog(run.rows);

  it('marks each Linux call foreign, with the call x8 names and its delivered UnknownSyscall', () => {
    expect(run.console).toBe('a\na\na\nc\nd\n');
    const foreign = rows.filter((r) => r.marks.foreign);
    expect(foreign.map((r) => r.what)).toEqual(Array(6).fill('syscall 0'));
    expect(linuxNames(foreign)).toEqual(['write', 'write', 'write', 'write', 'write', 'exit_group']);
    for (const r of foreign) {
      expect(r.faults).toEqual([{ fault: 'UnknownSyscall', detail: expect.stringContaining('UnknownSyscall 0'), delivered: true }]);
      expect(r.records.some((x) => x.event.kind === 'ipc' && x.event.fault && x.event.to === 'linux-compat')).toBe(true);
      expect(rowSummary(r)).toMatch(/foreign linux write|foreign linux exit_group/);
    }
  });

  it('marks the x7 = -3 write, which the kernel ran as seL4 Send, as possibly misrouted', () => {
    const suspect = rows.filter((r) => r.marks.suspect);
    expect(suspect.map((r) => r.what)).toEqual(['Send']);
    expect(suspect[0].marks.foreign).toBe(false);
    expect(suspect[0].marks.suspect).toMatch(/ran this svc as seL4 Send/);
    // Its entry has no x8: x7 held an seL4 number and prog has no window.
    expect(suspect[0].records[0].event).not.toHaveProperty('x8', expect.anything());
  });

  it('has no lab-extension rows and no patched sites; the component\'s own calls are not foreign', () => {
    expect(run.rows.filter((r) => r.marks.origin || r.marks.guest)).toEqual([]);
    expect(patchedSites(run.rows)).toEqual([]);
    expect(run.rows.filter((r) => r.thread === 'linux-compat' && (r.marks.foreign || r.marks.suspect))).toEqual([]);
  });

  it('the Foreign calls filter keeps the foreign and the suspect rows, and only them', () => {
    const kept = filterRows(run.rows, { kind: 'foreign' });
    expect(kept.length).toBe(7);
    expect(kept.every((r) => r.thread === 'prog')).toBe(true);
    expect(filterRows(run.rows, { text: 'misrouted?' })).toHaveLength(1);
  });
});

describe('window mode: the origin window refuses every svc outside the library', () => {
  const run = runMode('window');
  const rows = prog(run.rows);

  it('gives each refused svc an origin row after its entry, with the Linux call and the kernel\'s words', () => {
    expect(run.console).toBe('a\na\na\nc\nb\nd\n');
    const origin = rows.filter((r) => r.marks.origin);
    expect(origin).toHaveLength(7);
    expect(linuxNames(origin)).toEqual(['write', 'write', 'write', 'write', 'write', 'write', 'exit_group']);
    for (const o of origin) {
      const i = run.rows.indexOf(o), entry = run.rows[i - 1];
      expect(o.what).toBe('origin window: refused');
      expect(o.marks.origin!.decision).toBe('outside');
      expect(o.marks.origin!.detail).toMatch(/is outside the window 0x[0-9a-f]+-0x[0-9a-f]+: raised as UnknownSyscall/);
      expect(o.faults.map((f) => f.fault)).toEqual(['UnknownSyscall']);
      expect(entry.records[0].event.kind).toBe('entry');
      expect(entry.pc).toBe(o.pc);
      expect(entry.marks.foreign).toBe(true);
    }
  });

  it('the x7 = -3 write is refused too (named by x8, kept because prog has a window): nothing is misrouted', () => {
    const send = rows.find((r) => r.what === 'Send')!;
    expect(send.marks).toMatchObject({ foreign: true, linux: { nr: 64, name: 'write' }, suspect: null });
    expect(run.rows[run.rows.indexOf(send) + 1].marks.origin?.decision).toBe('outside');
    expect(run.rows.filter((r) => r.marks.suspect)).toEqual([]);
    expect(describeRecord(send.records[0].event)).toMatch(/Send at pc 0x[0-9a-f]+ \(x8 = 64\)/);
  });
});

describe('patch mode: the first fault at a site patches it', () => {
  const run = runMode('patch');
  const rows = prog(run.rows);
  const { booted } = run;
  const mem = booted.kernel.state.mem, state = Number(booted.statePaddr);
  const word64 = (off: number) => mem.read64(state + off) as bigint;
  const componentSites = Array.from({ length: Math.min(Number(word64(STATE_OFF.nsites)), LIMITS.SITES) }, (_, i) => word64(STATE_OFF.sites + 8 * i));

  it('finds the sites the component patched, in its order, from the records alone', () => {
    expect(run.console).toBe('a\na\na\nc\nb\nd\n');
    expect(componentSites.length).toBe(2);
    const sites = patchedSites(run.rows);
    expect(sites.map((s) => s.site)).toEqual(componentSites);
    expect(sites.map((s) => s.linux?.name)).toEqual(['write', 'write']);
    for (const s of sites) expect(run.rows.find((r) => r.seq === s.seq)!.marks.patchedSite).toBe(s.site);
  });

  it('has one refused trap per site: calls through a patched site enter no kernel and have no row', () => {
    const origin = rows.filter((r) => r.marks.origin);
    expect(origin.map((r) => r.pc)).toEqual(componentSites);
    expect(rows.filter((r) => r.records[0].event.kind === 'entry' && r.marks.foreign).map((r) => r.pc)).toEqual(componentSites);
  });

  it('notes the site and its gate in a listing read from memory, linked both ways', () => {
    const words = (from: bigint, n: number) => Array.from({ length: n }, (_, i) => {
      const va = from + BigInt(4 * i), page = va & ~0xfffn;
      const w = mem.read32(Number(booted.programFrames.get(page)! + (va - page)));
      return { addr: va, word: typeof w === 'number' ? w >>> 0 : null };
    });
    const site = componentSites[0];
    const sites = new Set(patchedSites(run.rows).map((s) => s.site));
    const atSite = patchNotes(words(site - 8n, 5), sites);
    const note = atSite.get(site);
    expect(note).toEqual({ kind: 'site', gate: 0x2000000n });
    expect([...atSite.keys()]).toEqual([site]);
    const atGate = patchNotes(words(0x2000000n, 8), new Set());
    expect([...atGate.entries()]).toEqual([
      [0x2000000n, { kind: 'gate', site: componentSites[0], last: false }], [0x2000004n, { kind: 'gate', site: componentSites[0], last: false }],
      [0x2000008n, { kind: 'gate', site: componentSites[0], last: false }], [0x200000cn, { kind: 'gate', site: componentSites[0], last: true }],
      [0x2000010n, { kind: 'gate', site: componentSites[1], last: false }], [0x2000014n, { kind: 'gate', site: componentSites[1], last: false }],
      [0x2000018n, { kind: 'gate', site: componentSites[1], last: false }], [0x200001cn, { kind: 'gate', site: componentSites[1], last: true }],
    ]);
  });

  it('the snapshot shows the program thread\'s origin window (set by the component), the component has none', () => {
    const snap = snapshotKernel(booted.kernel.state);
    const p = snap.threads.find((t) => t.name === 'prog')!, c = snap.threads.find((t) => t.name === 'linux-compat')!;
    expect(p.syscallWindow).toEqual(booted.program.syscallWindow);
    expect(p.syscallWindow).toEqual({ start: booted.library.lo, end: booted.library.hi });
    expect(p.vcpu).toBeNull();
    expect(c).toMatchObject({ syscallWindow: null, syscallPins: null, vcpu: null });
    expect(labExtensionFields(c)).toEqual([]);
    expect(labExtensionLines(p)).toEqual([`lab extension, syscall window: 0x${booted.library.lo.toString(16)}–0x${booted.library.hi.toString(16)}: an svc outside it raises UnknownSyscall, whatever x7 holds`]);
    expect(structuredClone(snap)).toEqual(snap);
  });
});

describe('vcpu mode: the guest kernel takes the traps', () => {
  const run = runMode('vcpu');
  const rows = prog(run.rows);

  it('shows each Linux call as a guest trap row with its eret, and no kernel entry for it', () => {
    expect(run.console).toBe('a\na\na\nc\nb\nd\n');
    const guest = rows.filter((r) => r.marks.guest);
    expect(guest.length).toBe(run.booted.kernel.state.counters.guestTraps);
    expect(guest.length).toBe(7);
    for (const g of guest) {
      expect(g.what).toBe('guest trap');
      expect(g.marks.foreign).toBe(true);
      expect(rowSummary(g)).toContain('guest trap, no seL4 entry');
    }
    // The last (exit_group) never returns; the others' erets are in the guest kernel's code.
    for (const g of guest.slice(0, -1)) {
      expect(g.marks.guest!.eret! >= run.booted.library.lo && g.marks.guest!.eret! < run.booted.library.hi).toBe(true);
      expect(g.records.map((x) => x.event.kind)).toEqual(['guest', 'guest']);
    }
    expect(rows.filter((r) => r.records[0].event.kind === 'entry' && r.marks.foreign)).toEqual([]);
    expect(rows.filter((r) => r.marks.suspect)).toEqual([]);
    expect(guest.map((g) => g.marks.linux?.name)).toEqual(['write', 'write', 'write', 'write', 'write', 'write', 'exit_group']);
  });

  it('the snapshot has the program thread\'s vCPU model', () => {
    const snap = snapshotKernel(run.booted.kernel.state);
    const p = snap.threads.find((t) => t.name === 'prog')!;
    const { lo, hi, vectors } = run.booted.library;
    expect(p.vcpu).toEqual({ codeStart: lo, codeEnd: hi, vbar: vectors });
    expect(labExtensionFields(p).map(([k]) => k)).toEqual(['vCPU model']);
  });
});

// A thread whose Yield is allowed from any site and whose Send is pinned elsewhere: its
// Send is killed. Another thread only gets a window (never started).
const PIN_PROGRAM = `${WORLD}
static volatile seL4_Word sendCap, after;
static void child(void) {
  seL4_Yield();
  seL4_Send(sendCap, seL4_MessageInfo_new(1, 0, 0, 0));
  after = 1;
  for (;;) { }
}
int main(void) {
  world();
  seL4_Word ep = retype(seL4_EndpointObject);
  sendCap = mint(ep, 5);
  seL4_Word t = newThread("pinned", 100, 0, 1024), w = newThread("windowed", 100, 0, 0);
  seL4_TCB_PinSyscall(t, (seL4_Word)seL4_SysYield, (seL4_Word)-1);
  seL4_TCB_PinSyscall(t, (seL4_Word)seL4_SysSend, 0x1234);
  seL4_TCB_SetSyscallRange(w, 0x400000, 0x401000);
  startThread(t, 0, child);
  seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 50);
  seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
  printf("after=%lu\\n", (unsigned long)after);
  return 0;
}
`;

describe('pins: a thread killed for calling from a non-pinned site', () => {
  const r = runWithConfig(PIN_PROGRAM, { syscallOrigin: true });
  const rows = buildSyscallRows(r.events);

  it('shows the kill as its own row after the entry, with the kernel\'s report, in the Foreign calls filter', () => {
    expect(r.stdout).toContain('after=0');
    const pin = rows.filter((x) => x.marks.origin);
    expect(pin).toHaveLength(1);
    expect(pin[0]).toMatchObject({ thread: 'pinned', what: 'pinned site: killed', marks: { foreign: false, origin: { decision: 'pin' } } });
    expect(pin[0].marks.origin!.detail).toMatch(/pinsyscalls: thread "pinned" made Send \(-3\) from 0x[0-9a-f]+; the pinned site for that number is 0x1234\. The kernel killed the thread\./);
    const entry = rows[rows.indexOf(pin[0]) - 1];
    expect(entry).toMatchObject({ thread: 'pinned', what: 'Send', pc: pin[0].pc });
    expect(entry.marks.foreign).toBe(false);
    expect(filterRows(rows, { kind: 'foreign' })).toEqual(pin);
    expect(describeRecord(pin[0].records[0].event)).toMatch(/^pinned syscall sites \(lab extension\): pinsyscalls:/);
  });

  it('the snapshot lists the pins in number order (any site as null) and the other thread\'s window', () => {
    const snap = snapshotKernel(r.booted.kernel.state);
    const t = snap.threads.find((x) => x.name === 'pinned')!, w = snap.threads.find((x) => x.name === 'windowed')!;
    expect(t.syscallPins).toEqual([{ nr: SYS.Yield, syscall: 'Yield', site: null }, { nr: SYS.Send, syscall: 'Send', site: 0x1234n }]);
    expect(t.syscallWindow).toBeNull();
    expect(t.stoppedBy).toMatch(/pinsyscalls/);
    expect(w.syscallWindow).toEqual({ start: 0x400000n, end: 0x401000n });
    expect(w.syscallPins).toBeNull();
    expect(labExtensionLines(t)).toEqual(['lab extension, pinned syscalls: Yield (-7) from any site; Send (-3) only from 0x1234; any other seL4 call kills the thread']);
    expect(snap.threads.find((x) => x.name === 'rootserver')).toMatchObject({ syscallWindow: null, syscallPins: null, vcpu: null });
  });
});

// ---- properties over random record streams with foreign calls and lab-extension records ----

const who = ['prog', 'comp'];
const recordArb: fc.Arbitrary<KernelEventRecord> = fc.oneof(
  fc.record({ kind: fc.constant('entry' as const), syscall: fc.constantFrom('Call', 'Send', 'ReplyRecv', 'syscall 0', 'syscall 64'), thread: fc.constantFrom(...who), pc: fc.bigInt({ min: 0x400000n, max: 0x400100n }), lr: fc.constant(0n), x8: fc.option(fc.bigInt({ min: 0n, max: 500n }), { nil: undefined }) }),
  fc.record({ kind: fc.constant('origin' as const), thread: fc.constantFrom(...who), pc: fc.bigInt({ min: 0x400000n, max: 0x400100n }), syscall: fc.constant('Send'), decision: fc.constantFrom('outside' as const, 'pin' as const), detail: fc.constant('d') }),
  fc.record({ kind: fc.constant('guest' as const), thread: fc.constantFrom(...who), pc: fc.bigInt({ min: 0x400000n, max: 0x3000100n }), what: fc.constantFrom('trap' as const, 'eret' as const) }),
  fc.record({ kind: fc.constant('fault' as const), thread: fc.constantFrom(...who), fault: fc.constantFrom('UnknownSyscall', 'VMFault'), detail: fc.constant('x'), delivered: fc.boolean() }),
  fc.record({ kind: fc.constant('ipc' as const), from: fc.constantFrom(...who), to: fc.constantFrom(...who), label: fc.constant(0n), length: fc.nat(4), caps: fc.constant(0), badge: fc.constant(1n), fault: fc.boolean(), ep: fc.constant('endpoint@0x1000'), mrs: fc.constant([] as bigint[]) }),
  fc.record({ kind: fc.constant('invocation' as const), thread: fc.constantFrom(...who), label: fc.constantFrom('ARMPageUnify_Instruction', 'ARMPageMap'), cap: fc.constant('frame'), args: fc.record({ start: fc.constantFrom('0x0', '0x10', '0x40'), end: fc.constantFrom('0x4', '0x14', '0x44') }) }),
  fc.record({ kind: fc.constant('schedule' as const), thread: fc.constantFrom(...who) }),
);
const streamArb = fc.array(fc.tuple(recordArb, fc.nat(3)), { maxLength: 80 }).map((xs) => {
  let time = 0;
  return xs.map(([event, dt], seq): StampedEvent => { time += dt; return { seq, time, event }; });
});

describe('foreign marks: properties', () => {
  it('rows still partition the records; each mark has the record it stands on', () => {
    fc.assert(fc.property(streamArb, (recs) => {
      const rows = buildSyscallRows(recs);
      expect(rows.flatMap((r) => r.records)).toEqual(recs);
      for (const r of rows) {
        const first = r.records[0].event;
        expect(r.marks.origin !== null).toBe(first.kind === 'origin');
        expect(r.marks.guest !== null).toBe(first.kind === 'guest' && first.what === 'trap');
        // A guest row holds its trap and at most its eret, both of its thread.
        if (r.marks.guest) {
          expect(r.records.every((x) => x.event.kind === 'guest' && x.event.thread === r.thread)).toBe(true);
          expect(r.records.length).toBeLessThanOrEqual(2);
          expect(r.marks.guest.eret !== null).toBe(r.records.length === 2);
        }
        if (r.marks.patchedSite !== null) {
          expect(r.faults.some((f) => f.fault === 'UnknownSyscall' && f.delivered)).toBe(true);
          expect(r.marks.patchedSite).toBe(r.pc);
        }
        if (r.marks.suspect) expect(r.marks.foreign).toBe(false);
        if (first.kind === 'entry' && !['Call', 'Send', 'ReplyRecv'].includes(first.syscall)) expect(r.marks.foreign).toBe(true);
      }
      const foreign = filterRows(rows, { kind: 'foreign' });
      expect(foreign.every((r) => r.marks.foreign || r.marks.origin || r.marks.guest || r.marks.suspect)).toBe(true);
      expect(rows.filter((r) => r.marks.foreign).every((r) => foreign.includes(r))).toBe(true);
      expect(patchedSites(rows).length).toBe(new Set(rows.flatMap((r) => (r.marks.patchedSite === null ? [] : [r.marks.patchedSite]))).size);
    }), { numRuns: 300 });
  });
});

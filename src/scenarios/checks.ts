// Exercise checks, evaluated: what a run did (serial output, the kernel's event
// records folded into counters, the last kernel snapshot, instructions, how it
// ended) against each check of a scenario step, with a plain-words sentence of
// what the check wants and what happened. The same code ticks the page's
// checklist live and grades headless. Scenarios layer (no DOM). docs/scenarios.md.
import type { KernelSnapshotView, SlotView, StampedEvent, ThreadView } from '../shared/kernelView.ts';
import type { Check } from './format.ts';

/** Categories a `count` check can count, and what their `:name` part names. */
export const COUNT_CATEGORIES = {
  syscall: 'a syscall name (Call, Send, Recv, Yield, DebugPutChar, ...)',
  invocation: 'an invocation label (CNodeMint, UntypedRetype, TCBResume, ...)',
  error: 'an seL4 error (seL4_FailedLookup, seL4_InvalidArgument, ...)',
  fault: 'a fault kind (CapFault, VMFault, UnknownSyscall, UserException)',
  ipc: 'nothing (IPC transfers, fault messages included)',
  irq: 'an interrupt line number',
  capChange: 'an operation (insert, move, delete, retype, transfer)',
} as const;

export type CountCategory = keyof typeof COUNT_CATEGORIES;

/** "fault:VMFault" -> { category: 'fault', name: 'VMFault' }; an error message for bad text. */
export function parseCountWhat(what: string): { category: CountCategory; name: string | null } | string {
  const m = /^([A-Za-z]+)(?::(.+))?$/.exec(what);
  if (!m || !Object.hasOwn(COUNT_CATEGORIES, m[1])) return `must be one of ${Object.keys(COUNT_CATEGORIES).join(', ')}, optionally followed by ":name"`;
  const category = m[1] as CountCategory;
  if (category === 'ipc' && m[2] !== undefined) return 'ipc counts every transfer and takes no ":name"';
  return { category, name: m[2] ?? null };
}

export const THREAD_STATES = ['Inactive', 'Running', 'Restart', 'BlockedOnReceive', 'BlockedOnSend', 'BlockedOnReply', 'BlockedOnNotification', 'Idle'] as const;

export type RunEnd = { kind: 'exited'; status: number } | { kind: 'stopped'; report: string };

/** Serial output kept for checks (the tail beyond it is dropped and said so). */
const MAX_SERIAL = 1 << 20;

/** What a run did so far, folded as it streams in (memory stays bounded). */
export class RunFacts {
  serial = '';
  serialDropped = 0;
  instructions = 0;
  snapshot: KernelSnapshotView | null = null;
  end: RunEnd | null = null;
  /** Event records lost before they reached the facts (sequence gaps). */
  eventsLost = 0;
  private readonly counts = new Map<string, number>();
  private nextSeq = 0;

  addSerial(text: string): void {
    const room = MAX_SERIAL - this.serial.length;
    this.serial += text.slice(0, Math.max(0, room));
    if (text.length > room) this.serialDropped += text.length - Math.max(0, room);
  }

  observe(events: readonly StampedEvent[]): void {
    for (const s of events) {
      if (s.seq > this.nextSeq) this.eventsLost += s.seq - this.nextSeq;
      this.nextSeq = s.seq + 1;
      for (const key of countKeys(s)) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
  }

  /** Events seen under `category` or `category:name` (seL4's prefixes are optional: seL4_FailedLookup = FailedLookup). */
  count(key: string): number {
    return this.counts.get(key.replace(/^error:seL4_/, 'error:').replace(/^fault:seL4_Fault_/, 'fault:')) ?? 0;
  }
}

function countKeys(s: StampedEvent): string[] {
  const e = s.event;
  switch (e.kind) {
    case 'entry': return ['syscall', `syscall:${e.syscall}`];
    case 'invocation': return ['invocation', `invocation:${e.label}`];
    case 'error': return ['error', `error:${e.error}`];
    case 'fault': return ['fault', `fault:${e.fault}`];
    case 'ipc': return ['ipc', `ipc\u0000${e.from}\u0000${e.to}`];
    case 'irq': return ['irq', `irq:${e.irq}`];
    case 'capChange': return ['capChange', `capChange:${e.op}`];
    default: return [];
  }
}

export interface CheckResult {
  ok: boolean;
  /** What the check wants, in plain words ("the serial output contains \"hello\""). */
  wants: string;
  /** What happened, when it fails (or a detail when it passes). */
  detail: string;
}

const quote = (s: string) => JSON.stringify(s);

/** The check as a sentence a student reads. */
export function describeCheck(c: Check): string {
  switch (c.kind) {
    case 'serialContains': return `the serial output contains ${quote(c.text)}`;
    case 'serialMatches': return `the serial output matches /${c.pattern}/${c.flags ?? ''}`;
    case 'holdsCap': return `${c.thread} ${c.absent ? 'holds no' : 'holds a'} ${c.capType} cap${capDetails(c)}${c.slot !== undefined ? ` in slot ${c.slot}` : ''}`;
    case 'threadState': return `thread ${c.thread} is ${c.state}`;
    case 'count': return `${c.what} happens ${range(c.min, c.max)}`;
    case 'ipcBetween': return `${c.from} sends ${c.to} ${c.min ?? 1} or more IPC messages`;
    case 'instructionBudget': return `the program finishes within ${c.max.toLocaleString('en-US')} instructions`;
  }
}

function capDetails(c: Extract<Check, { kind: 'holdsCap' }>): string {
  const parts = [c.rights !== undefined ? `rights ${c.rights}` : '', c.badge !== undefined ? `badge ${c.badge}` : ''].filter(Boolean);
  return parts.length ? ` with ${parts.join(' and ')}` : '';
}

function range(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${min} times` : `between ${min} and ${max} times`;
  if (max !== undefined) return `at most ${max} times`;
  return `at least ${min ?? 1} times`;
}

export function evaluateCheck(c: Check, f: RunFacts): CheckResult {
  const wants = describeCheck(c);
  const r = evaluate(c, f);
  return { ok: r.ok, wants, detail: r.detail };
}

type Verdict = { ok: boolean; detail: string };

function evaluate(c: Check, f: RunFacts): Verdict {
  switch (c.kind) {
    case 'serialContains': return serialVerdict(f, f.serial.includes(c.text));
    case 'serialMatches': return serialVerdict(f, new RegExp(c.pattern, c.flags ?? '').test(f.serial));
    case 'holdsCap': return holdsCap(c, f);
    case 'threadState': return threadState(c, f);
    case 'count': return countVerdict(c, f);
    case 'ipcBetween': {
      const n = f.count(`ipc\u0000${c.from}\u0000${c.to}`);
      return { ok: n >= (c.min ?? 1), detail: `${n} message${n === 1 ? '' : 's'} from ${c.from} to ${c.to} so far` };
    }
    case 'instructionBudget': return budget(c.max, f);
  }
}

function serialVerdict(f: RunFacts, ok: boolean): Verdict {
  if (ok) return { ok, detail: 'found in the output' };
  const tail = f.serial.slice(-120).replace(/\n/g, '\\n');
  return { ok, detail: f.serial === '' ? 'nothing was printed yet' : `not in the output (it ends: "${tail}")` };
}

function countVerdict(c: Extract<Check, { kind: 'count' }>, f: RunFacts): Verdict {
  const n = f.count(c.what);
  const ok = n >= (c.min ?? (c.max === undefined ? 1 : 0)) && (c.max === undefined || n <= c.max);
  const lost = f.eventsLost ? ` (${f.eventsLost} event records were lost, so this may undercount)` : '';
  return { ok, detail: `${c.what} happened ${n} time${n === 1 ? '' : 's'}${lost}` };
}

function budget(max: number, f: RunFacts): Verdict {
  const used = `${f.instructions.toLocaleString('en-US')} instructions`;
  if (f.end?.kind === 'exited') return { ok: f.instructions <= max, detail: `finished after ${used}` };
  if (f.end?.kind === 'stopped') return { ok: false, detail: `the kernel stopped the run after ${used}: ${f.end.report}` };
  return { ok: false, detail: `still running after ${used}` };
}

function findThread(f: RunFacts, name: string): ThreadView | string {
  if (!f.snapshot) return 'no kernel state yet (run the program first)';
  const t = f.snapshot.threads.find((x) => x.name === name);
  if (t) return t;
  return `there is no thread called ${quote(name)} (threads: ${f.snapshot.threads.map((x) => x.name).join(', ') || 'none'})`;
}

function threadState(c: Extract<Check, { kind: 'threadState' }>, f: RunFacts): Verdict {
  const t = findThread(f, c.thread);
  if (typeof t === 'string') return { ok: false, detail: t };
  return { ok: t.state === c.state, detail: `${c.thread} is ${t.state}${t.stoppedBy ? ` (${t.stoppedBy})` : ''}` };
}

/** Every slot reachable from the thread's CSpace root (nested CNodes too), with its index in the root CNode where it is there. */
function cspaceSlots(snap: KernelSnapshotView, root: bigint): { slot: SlotView; rootIndex: number | null }[] {
  const out: { slot: SlotView; rootIndex: number | null }[] = [];
  const seen = new Set<bigint>();
  const visit = (cnode: bigint) => {
    if (seen.has(cnode)) return;
    seen.add(cnode);
    for (const s of snap.slots) {
      if (s.inTcb || s.container !== cnode) continue;
      out.push({ slot: s, rootIndex: cnode === root ? s.index : null });
      const m = s.cap.type === 'cnode' && s.cap.object ? /0x([0-9a-f]+)$/.exec(s.cap.object) : null;
      if (m) visit(BigInt(`0x${m[1]}`));
    }
  };
  visit(root);
  return out;
}

function capMatches(s: SlotView, c: Extract<Check, { kind: 'holdsCap' }>): boolean {
  if (s.cap.type !== c.capType) return false;
  if (c.rights !== undefined && s.cap.rights !== c.rights) return false;
  return c.badge === undefined || s.cap.badge === BigInt(c.badge);
}

function holdsCap(c: Extract<Check, { kind: 'holdsCap' }>, f: RunFacts): Verdict {
  const t = findThread(f, c.thread);
  if (typeof t === 'string') return { ok: false, detail: t };
  if (!t.cspace) return { ok: Boolean(c.absent), detail: `${c.thread} has no CSpace` };
  const slots = cspaceSlots(f.snapshot!, t.cspace.cnode).filter((x) => c.slot === undefined || x.rootIndex === c.slot);
  const hit = slots.find((x) => capMatches(x.slot, c));
  if (c.absent) return { ok: !hit, detail: hit ? `found ${hit.slot.cap.text} in ${hit.slot.id}` : 'none found' };
  if (hit) return { ok: true, detail: `${hit.slot.cap.text} in ${hit.slot.id}` };
  const near = c.slot !== undefined ? slots[0]?.slot.cap.text ?? 'an empty slot' : `${slots.filter((x) => x.slot.cap.type === c.capType).length} ${c.capType} caps, none matching`;
  return { ok: false, detail: c.slot !== undefined ? `slot ${c.slot} holds ${near}` : near };
}

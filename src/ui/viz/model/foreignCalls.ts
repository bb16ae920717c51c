// Foreign calls in the Syscalls view's rows: which kernel entries were not seL4
// system calls (x7 held no seL4 number, or the origin window refused the svc) and
// the Linux call x8 names; rows of the lab extensions (origin-window refusals, pin
// kills, the vCPU model's guest traps); an seL4-numbered call from a thread whose
// Linux calls trap to a handler (possibly a misrouted Linux call); and the svc sites
// a compatibility component patched right after their fault (its ARMPageMap,
// ARMPageUnify_Instruction and ARMPageUnmap of the site's page, the last Unify at the
// site's offset). Pure (no DOM). UI layer, viz/model. Design: docs/linux-compat.md.
import { SYSCALLS } from '../../../shared/abi/index.ts';
import type { KernelEventRecord } from '../../../shared/kernelView.ts';
import { linuxSyscallName } from '../../../shared/linuxSyscalls.ts';
import type { SyscallRow } from './syscallRows.ts';

const SEL4_NAMES: ReadonlySet<string> = new Set(SYSCALLS.map(([name]) => name));

/** The Linux call a foreign row's x8 names (nr as the program set it). */
export interface LinuxCall { nr: number; name: string }

/** A row's marks; every field null/false on an ordinary seL4 row. */
export interface ForeignMarks {
  /** Not an seL4 system call: an unknown x7, a refused svc, a guest trap, or an UnknownSyscall. */
  foreign: boolean;
  /** The Linux call x8 named (recorded only for foreign entries and threads with an origin window). */
  linux: LinuxCall | null;
  /** Lab extension: the origin window refused the svc ("outside") or a pin killed the thread ("pin"). */
  origin: { decision: 'outside' | 'pin'; detail: string } | null;
  /** The vCPU model: the svc went to the guest kernel; `eret`: where the guest kernel returned from. */
  guest: { eret: bigint | null } | null;
  /** The handler patched this svc site right after the fault: later calls there enter no kernel. */
  patchedSite: bigint | null;
  /** An seL4-numbered call from a thread whose earlier foreign calls a handler served (no
   *  origin window, no guest kernel): possibly a Linux call with x7 holding an seL4 number. */
  suspect: string | null;
}

export const noMarks = (): ForeignMarks => ({ foreign: false, linux: null, origin: null, guest: null, patchedSite: null, suspect: null });

/** Is this an seL4 system call's name (as entry records name them)? */
export const isSel4Syscall = (name: string): boolean => SEL4_NAMES.has(name);

/** The Linux call numbered x8, when x8 is a plausible syscall number. */
export function linuxCallOf(x8: bigint | undefined): LinuxCall | null {
  if (x8 === undefined || x8 < 0n || x8 >= 4096n) return null;
  const nr = Number(x8);
  return { nr, name: linuxSyscallName(nr) ?? `unassigned ${nr}` };
}

type Entry = Extract<KernelEventRecord, { kind: 'entry' }>;

/** The row's entry record, if it starts with one. */
function entryOf(row: SyscallRow): Entry | null {
  const e = row.records[0]?.event;
  return e?.kind === 'entry' ? e : null;
}

/** A delivered UnknownSyscall in the row: the handler it went to (the fault message's receiver), if it got there. */
function unknownSyscallHandler(row: SyscallRow): string | null | undefined {
  if (!row.faults.some((f) => f.fault === 'UnknownSyscall' && f.delivered)) return undefined;
  for (const r of row.records) if (r.event.kind === 'ipc' && r.event.fault) return r.event.to;
  return null;
}

/** An origin row takes its entry's Linux call; a refusal makes that entry foreign. */
function joinOrigin(rows: readonly SyscallRow[], i: number): void {
  const row = rows[i], prev = rows[i - 1], pe = prev ? entryOf(prev) : null;
  if (!row.marks.origin || !pe || prev.thread !== row.thread || prev.time !== row.time) return;
  if (row.marks.origin.decision === 'outside') Object.assign(prev.marks, { foreign: true, linux: linuxCallOf(pe.x8), suspect: null });
  row.marks.linux = prev.marks.linux;
}

const suspectText = (thread: string, syscall: string) =>
  `${thread} makes Linux calls that trap to a handler, yet x7 held seL4 ${syscall}'s number: the kernel ran this svc as seL4 ${syscall}; if it was a Linux call, the handler never saw it (an origin window would have refused it)`;

/** Marks each row (in place); rows are in record order. */
export function markForeignRows(rows: readonly SyscallRow[]): void {
  // Threads whose foreign calls a handler served; with an origin window; with a guest kernel.
  const served = new Set<string>(), windowed = new Set<string>(), guests = new Set<string>();
  rows.forEach((row, i) => {
    const e = entryOf(row), handler = unknownSyscallHandler(row);
    if (row.marks.origin) windowed.add(row.thread);
    if (row.marks.guest) guests.add(row.thread);
    joinOrigin(rows, i);
    if ((e && !isSel4Syscall(e.syscall)) || handler !== undefined) row.marks.foreign = true;
    if (e && row.marks.foreign) row.marks.linux = linuxCallOf(e.x8);
    if (e && !row.marks.foreign && served.has(row.thread) && !windowed.has(row.thread) && !guests.has(row.thread)) row.marks.suspect = suspectText(row.thread, e.syscall);
    if (row.marks.foreign && handler) served.add(row.thread);
    row.marks.patchedSite = patchedAfter(rows, i);
  });
}

/** How far after a fault the handler's patch is looked for (its rows until it replies). */
const PATCH_LOOKAHEAD = 64;
const UNIFY = 'ARMPageUnify_Instruction';

/** The svc site of row i when its handler, before replying, made the site's page coherent last
 *  (the patcher writes the gate first, then the site's branch). */
function patchedAfter(rows: readonly SyscallRow[], i: number): bigint | null {
  const row = rows[i];
  const handler = unknownSyscallHandler(row);
  if (!handler || row.pc === null) return null;
  let last: Record<string, string> | null = null;
  for (let j = i + 1; j < rows.length && j <= i + PATCH_LOOKAHEAD; j++) {
    const r = rows[j];
    if (r.thread === row.thread) break;
    if (r.thread !== handler) continue;
    if (r.invocation?.label === UNIFY) last = r.invocation.args;
    if (r.what === 'ReplyRecv' || r.what === 'Reply' || r.what === 'Recv') break;
  }
  if (!last) return null;
  const start = parseArg(last.start), end = parseArg(last.end);
  return start === (row.pc & 0xfffn) && end === start + 4n ? row.pc : null;
}

function parseArg(text: string | undefined): bigint | null {
  if (text === undefined || !/^(0x[0-9a-f]+|\d+)$/i.test(text)) return null;
  return BigInt(text);
}

/** A patched site in the log: where, the call that led to the patch, and its row. */
export interface PatchedSite { site: bigint; thread: string; seq: number; linux: LinuxCall | null }

/** Every site patched in these rows, in patch order (each once). */
export function patchedSites(rows: readonly SyscallRow[]): PatchedSite[] {
  const out = new Map<bigint, PatchedSite>();
  for (const r of rows) {
    const site = r.marks.patchedSite;
    if (site !== null && !out.has(site)) out.set(site, { site, thread: r.thread, seq: r.seq, linux: r.marks.linux });
  }
  return [...out.values()];
}

/** The marks as short words for the row's summary and its search ("foreign write"). */
export function marksText(m: ForeignMarks): string[] {
  const out: string[] = [];
  if (m.foreign) out.push('foreign');
  if (m.linux) out.push(`linux ${m.linux.name}`);
  if (m.origin) out.push(m.origin.decision === 'outside' ? 'origin window refused' : 'pin killed', m.origin.detail);
  if (m.guest) out.push('guest trap, no seL4 entry');
  if (m.patchedSite !== null) out.push('site patched');
  if (m.suspect) out.push('misrouted?');
  return out;
}

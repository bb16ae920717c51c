// Syscalls view: one row per kernel entry (thread, PC and its source line, the
// syscall, the decoded invocation with named arguments, the result or seL4 error
// with the kernel's reason, faults), with thread/kind filters and a text search.
// Redrawn at most once per animation frame; the newest rows are shown. Each row shows
// the instruction at its pc (asked of the worker once per pc, pcInstructions.ts).
// Click a row (or Enter on it) for every record of the entry; the editor jumps to the
// pc's source line when it is in a project file. Foreign calls (not seL4 system calls)
// are marked with the Linux call x8 names, the lab extensions' rows (origin window,
// pins, vCPU-model guest traps) with what they did, and the svc sites a compatibility
// component patched are listed above the table (foreignCalls.ts). UI layer; a tab of the inspector.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { LineEntry, SourceLine } from '../../shared/protocol.ts';
import { isProjectFile, revealSource } from '../editor/reveal.ts';
import { useLab, type LabStore } from '../state/store.ts';
import { buildSyscallRows, describeRecord, filterRows, rowThreads, type RowKind, type SyscallRow } from '../viz/model/syscallRows.ts';
import { patchedSites, type PatchedSite } from '../viz/model/foreignCalls.ts';
import { MarkChips, markDetail, rowMarkClass } from './syscallMarks.tsx';
import { DetailPane, DroppedNote, WindowNote, type Detail } from './DetailPane.tsx';
import { rememberLast, useKernelRecords } from './hooks.ts';
import { instructionAt, useInstructions } from './pcInstructions.ts';
import './views.css';

/** Rows drawn: the newest matching ones (while the program runs about a screenful:
 *  a bigger table costs its layout at every redraw). */
const SHOWN = 400, SHOWN_RUNNING = 30;
const KINDS: { id: RowKind; label: string }[] = [
  { id: 'all', label: 'All entries' }, { id: 'invocations', label: 'Invocations' }, { id: 'errors', label: 'Errors' },
  { id: 'faults', label: 'Faults' }, { id: 'ipc', label: 'With IPC' }, { id: 'foreign', label: 'Foreign calls' },
];

const selectLines = (s: LabStore) => s.lines;
/** The rows of the last records read (built once per read of the log). */
const rowsOf = rememberLast(buildSyscallRows);
const sitesOf = rememberLast(patchedSites);
const hex = (v: bigint) => `0x${v.toString(16)}`;

/** A row's pc is where its thread trapped: an svc (or, patched since, the b to its gate). Any
 *  other text was read in another thread's VSpace (the worker reads the CPU's): not shown. */
const svcSite = (text: string) => /^(svc|b)\s/.test(text) || text === '?';
const insnAt = (pc: bigint | null): string => {
  const t = instructionAt(pc);
  return t !== undefined && svcSite(t) ? t : '';
};

type LineIndex = Map<bigint, SourceLine>;

/** The line table by address (built once per build, not per row). */
function indexLines(lines: readonly LineEntry[]): LineIndex {
  const m: LineIndex = new Map();
  for (const l of lines) if (!m.has(l.addr)) m.set(l.addr, { file: l.file, line: l.line });
  return m;
}

const lineAt = (lines: LineIndex, pc: bigint | null): SourceLine | undefined => (pc === null ? undefined : lines.get(pc));
function sourceOf(lines: LineIndex, pc: bigint | null): string {
  const src = lineAt(lines, pc);
  return src ? `${src.file}:${src.line}` : '';
}

/** Where the editor went for a row, or why it did not. A trap inside a library stub
 *  (libsel4's IPC calls) jumps to its caller: the line of the instruction before lr. */
function jumpTo(lines: LineIndex, pc: bigint | null, lr: bigint | null): string {
  const src = lineAt(lines, pc);
  if (!src) return pc === null ? 'no pc' : 'the line table has no line for this pc';
  if (revealSource(src.file, src.line)) return `shown in the editor: ${src.file}:${src.line}`;
  const caller = lr !== null && lr >= 4n ? lineAt(lines, lr - 4n) : undefined;
  if (caller && revealSource(caller.file, caller.line)) return `shown in the editor: ${caller.file}:${caller.line}, the call of the library function at ${src.file}:${src.line}`;
  return isProjectFile(src.file) ? `${src.file}:${src.line}` : `${src.file}:${src.line} (a library file, not one of the project's, and no project line calls it directly)`;
}

function resultText(r: SyscallRow): string {
  if (r.marks.origin) return r.marks.origin.decision === 'outside' ? 'UnknownSyscall' : 'thread killed';
  if (r.marks.guest) return r.marks.guest.eret === null ? 'in guest kernel' : 'guest eret';
  if (r.result.kind === 'error') return `seL4_${r.result.error}`;
  if (r.faults.length) return r.faults.map((f) => f.fault).join(', ');
  return r.result.kind === 'ok' ? 'ok' : '';
}

function invocationText(r: SyscallRow): string {
  if (r.marks.origin) return r.marks.origin.detail;
  if (r.marks.guest) return `svc to the guest kernel's vector${r.marks.guest.eret === null ? '' : `; eret at ${hex(r.marks.guest.eret)}`}`;
  if (r.invocation) return `${r.invocation.label}(${Object.entries(r.invocation.args).map(([k, v]) => `${k}=${v}`).join(', ')})`;
  if (r.result.kind === 'error') return `${r.result.label}: ${r.result.reason}`;
  return r.faults.map((f) => f.detail).join('; ');
}

function rowDetail(r: SyscallRow, lines: LineIndex, jumped: string): Detail {
  const fields: [string, string][] = [['thread', r.thread], ['time', String(r.time)], ['entry', r.what]];
  if (r.pc !== null) fields.push(['pc', `${hex(r.pc)}  ${insnAt(r.pc)}`.trim()], ['source', jumped || sourceOf(lines, r.pc) || 'unknown']);
  if (r.invocation) {
    fields.push(['invocation', r.invocation.label], ['cap', r.invocation.cap]);
    for (const [k, v] of Object.entries(r.invocation.args)) fields.push([`  ${k}`, v]);
  }
  if (r.result.kind === 'error') fields.push(['error', `seL4_${r.result.error} (${r.result.label})`], ['reason', r.result.reason]);
  for (const f of r.faults) fields.push(['fault', `${f.fault}: ${f.detail}${f.delivered ? '' : ' (no handler)'}`]);
  fields.push(...markDetail(r));
  return { title: `Kernel entry #${r.seq}`, fields, lines: r.records.map((x) => `#${x.seq} ${describeRecord(x.event)}`) };
}

export function SyscallsView() {
  const { records, dropped, windowed, running, pending } = useKernelRecords();
  const max = running ? SHOWN_RUNNING : SHOWN;
  const lineTable = useLab(selectLines);
  const lines = useMemo(() => indexLines(lineTable), [lineTable]);
  const [thread, setThread] = useState('');
  const [kind, setKind] = useState<RowKind>('all');
  const [text, setText] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [jumped, setJumped] = useState('');
  const rows = rowsOf(records);
  const sites = sitesOf(rows);
  const shown = useMemo(() => filterRows(rows, { thread, kind, text }), [rows, thread, kind, text]);
  const tail = shown.slice(-max);
  const pcs = useMemo(() => [...new Set(tail.flatMap((r) => (r.pc === null ? [] : [r.pc])))], [tail]);
  useInstructions(pcs, svcSite);
  const open = (r: SyscallRow) => {
    setSelected(r.seq);
    setJumped(jumpTo(lines, r.pc, r.lr));
  };
  const chosen = selected === null ? null : rows.find((r) => r.seq === selected) ?? null;
  // Follow the newest row while scrolled to the bottom.
  const box = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  useLayoutEffect(() => {
    if (box.current && follow.current) box.current.scrollTop = box.current.scrollHeight;
  }, [tail]);
  return (
    <div className="kv-view">
      <div className="kv-bar">
        <label>Thread <select aria-label="Filter by thread" value={thread} onChange={(e) => setThread(e.target.value)}>
          <option value="">all</option>
          {rowThreads(rows).map((t) => <option key={t} value={t}>{t}</option>)}
        </select></label>
        <select aria-label="Filter by kind" value={kind} onChange={(e) => setKind(e.target.value as RowKind)}>
          {KINDS.map((k) => <option key={k.id} value={k.id}>{k.label}</option>)}
        </select>
        <input type="search" aria-label="Search kernel entries" placeholder="search…" value={text} onChange={(e) => setText(e.target.value)} />
        <span className="kv-count" data-testid="syscall-count">{shown.length === rows.length ? `${rows.length} entries` : `${shown.length} of ${rows.length} entries`}{shown.length > max ? ` (newest ${max} shown)` : ''}</span>
        <WindowNote windowed={windowed} size={records.length} />
        <DroppedNote dropped={dropped} />
      </div>
      <PatchedSites sites={sites} onOpen={(seq) => { const r = rows.find((x) => x.seq === seq); if (r) open(r); }} />
      {rows.length === 0 ? <p className="placeholder">{pending ? 'Reading the kernel log…' : 'Run the program to see its kernel entries.'}</p> : (
        <div className="kv-scroll kv-entries-scroll" ref={box} onScroll={(e) => {
          const el = e.currentTarget;
          follow.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 24;
        }}>
          <table className={`kv-table kv-entries${running ? ' kv-live' : ''}`} aria-label="Kernel entries">
            <colgroup><col className="kv-col-seq" /><col className="kv-col-thread" /><col className="kv-col-pc" /><col className="kv-col-insn" /><col className="kv-col-entry" /><col /><col className="kv-col-result" /></colgroup>
            <thead><tr><th>#</th><th>thread</th><th>pc</th><th>instruction</th><th>entry</th><th>invocation</th><th>result</th></tr></thead>
            <tbody>
              {/* Keyed by position: while records stream in, rows are updated in place, not remade. */}
              {tail.map((r, i) => (
                <tr key={i} className={`${r.result.kind === 'error' || r.faults.length ? 'kv-bad' : ''}${r.seq === selected ? ' kv-selected' : ''}${rowMarkClass(r)}`}
                  tabIndex={0} aria-label={`Entry ${r.seq}: ${r.thread} ${r.what} ${r.invocation?.label ?? ''} ${resultText(r)}`}
                  onClick={() => open(r)} onKeyDown={(e) => { if (e.key === 'Enter') open(r); }}>
                  <td className="kv-num">{r.seq}</td>
                  <td>{r.thread}</td>
                  <td className="kv-mono" title={sourceOf(lines, r.pc)}>{r.pc === null ? '' : hex(r.pc)}</td>
                  <td className="kv-mono kv-insn" title={sourceOf(lines, r.pc)}>{insnAt(r.pc)}</td>
                  <td className="kv-entry" title={r.what}>{r.what}<MarkChips row={r} /></td>
                  <td className="kv-wide">{invocationText(r)}</td>
                  <td title={r.result.kind === 'error' ? r.result.reason : undefined}>{resultText(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <DetailPane detail={chosen ? rowDetail(chosen, lines, chosen.seq === selected ? jumped : '') : null} onClose={() => setSelected(null)} />
    </div>
  );
}

/** The svc sites a compatibility component patched (found in these records): calls
 *  through them branch to their gate and enter no kernel, so they have no rows. */
function PatchedSites({ sites, onOpen }: { sites: readonly PatchedSite[]; onOpen: (seq: number) => void }) {
  if (sites.length === 0) return null;
  return (
    <details className="kv-patched" data-testid="patched-sites">
      <summary>{sites.length} patched site{sites.length === 1 ? '' : 's'} <span className="muted">(svc rewritten into a branch to a gate: later calls there enter no kernel and have no rows; the Disassembly shows them)</span></summary>
      <ul>
        {sites.map((p) => (
          <li key={p.site.toString()}>
            <button type="button" onClick={() => onOpen(p.seq)} title={`The fault of entry #${p.seq} led to this patch`}>
              {hex(p.site)}{p.linux ? ` ${p.linux.name}` : ''}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

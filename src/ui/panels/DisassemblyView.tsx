// Disassembly view: the instructions around the PC at the last stop, with address,
// encoding and text, grouped under the source line each came from ("main.c:12" and
// that line's text, from the files of the last good build), read in the VSpace of
// the thread on the CPU, which it names. Click an address to toggle a breakpoint there.
// "Show" lists the instructions at a typed address (number, register, symbol); a
// direct branch's target is a link that does the same (Back to the pc returns). A svc
// site a compatibility component patched (seen in the kernel's records, or returned to
// by a gate in the listing) is noted with a link to its gate, a gate's four
// instructions with the site they stand for (patchedCode.ts), and the patched sites
// the records name are links above the table.
// UI layer; shown in the inspector panel.

import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { DisasmLine, SourceFile, SourceLine } from '../../shared/protocol.ts';
import * as actions from '../state/actions.ts';
import { sendRequest } from '../state/labClient.ts';
import { selectArmedAddresses, selectBuiltFiles, selectDisassembly, selectRegisters, selectSymbols } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';
import { rememberLast, useKernelRecords } from '../views/hooks.ts';
import { branchTarget } from '../viz/model/branchTarget.ts';
import { patchedSites } from '../viz/model/foreignCalls.ts';
import { patchNotes, type CodeNote } from '../viz/model/patchedCode.ts';
import { buildSyscallRows } from '../viz/model/syscallRows.ts';
import { parseAddress } from './addressExpr.ts';
import { hexAddr, hexWord } from './format.ts';
import '../views/views.css';

/** The listing's shape around the pc at a stop (the worker's) and around a followed target. */
const AROUND_PC = { before: 6, after: 14 };
const AROUND_TARGET = { before: 2, after: 18 };

const hex = (v: bigint) => `0x${v.toString(16)}`;

const sameSource = (a: SourceLine | undefined, b: SourceLine | undefined) =>
  a?.file === b?.file && a?.line === b?.line;

/** The text of a source line in the built files ('' for sysroot files). */
function lineText(files: readonly SourceFile[] | null, src: SourceLine): string {
  const f = files?.find((x) => x.name === src.file);
  return f ? (f.text.split('\n')[src.line - 1] ?? '').trim() : '';
}

/** Patched sites in the kernel's records (built once per read of the log). */
const sitesOf = rememberLast((records: Parameters<typeof buildSyscallRows>[0]) => new Set(patchedSites(buildSyscallRows(records)).map((p) => p.site)));

function show(address: bigint, around: { before: number; after: number }): void {
  sendRequest({ type: 'disassemble', address, ...around });
}

/** The table (or a placeholder); the inspector panel around it gives it its title. */
export function DisassemblyView() {
  const lines = useLab(selectDisassembly);
  const regs = useLab(selectRegisters);
  const armed = useLab(selectArmedAddresses);
  const built = useLab(selectBuiltFiles);
  const { records } = useKernelRecords();
  const pc = regs?.pc ?? null;
  const [followed, setFollowed] = useState<Followed | null>(null);
  useEffect(() => setFollowed(null), [pc]);
  const sites = sitesOf(records);
  const notes = useMemo(() => patchNotes(lines, sites), [lines, sites]);
  if (lines.length === 0) return <p className="placeholder">Build the program to see its instructions.</p>;
  const follow = (from: bigint | null, to: bigint) => {
    setFollowed({ from, to });
    show(to, AROUND_TARGET);
  };
  const away = followed !== null && lines.some((l) => l.addr === followed.to);
  return (
    <div className="disassembly-scroll">
      {regs?.thread ? <p className="vspace-note">in the VSpace of thread {regs.thread}</p> : null}
      <GoTo sites={sites} onGo={(to) => follow(null, to)} />
      {away ? (
        <p className="vspace-note disasm-followed" data-testid="disasm-followed">
          showing {hex(followed.to)}{followed.from !== null ? <>, the target of the branch at {hex(followed.from)}</> : null}{' '}
          {pc !== null ? <button type="button" className="link-button" onClick={() => { setFollowed(null); show(pc, AROUND_PC); }}>Back to the pc</button> : null}
        </p>
      ) : null}
      <table className="disassembly">
        <thead>
          <tr><th aria-label="Breakpoint" /><th>Address</th><th>Encoding</th><th>Instruction</th><th>Line</th></tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <Row
              key={l.addr.toString()} line={l} isPc={l.addr === pc} armed={armed.includes(l.addr)}
              header={l.source && (i === 0 || l.symbol !== undefined || !sameSource(l.source, lines[i - 1].source)) ? l.source : null}
              files={built} note={notes.get(l.addr) ?? null} onFollow={follow}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface Followed { from: bigint | null; to: bigint }

/** "Show [address] Go", and the patched sites of the records as links. */
function GoTo({ sites, onGo }: { sites: ReadonlySet<bigint>; onGo: (to: bigint) => void }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const s = useLab.getState();
    const r = parseAddress(text, selectRegisters(s), selectSymbols(s));
    setProblem(r.ok ? '' : r.error);
    if (r.ok) onGo(r.value & ~3n);
  };
  return (
    <form className="disasm-goto" onSubmit={submit}>
      <label>Show <input value={text} onChange={(e) => setText(e.target.value)} placeholder="address, register or symbol" aria-label="Address to show" spellCheck={false} /></label>
      <button type="submit" className="link-button">Go</button>
      {problem ? <span className="disasm-problem" role="alert">{problem}</span> : null}
      {sites.size ? (
        <span className="disasm-sites" data-testid="disasm-patched-sites">
          patched sites:{[...sites].map((a) => (
            <button key={a.toString()} type="button" className="link-button" onClick={() => onGo(a)}>{hex(a)}</button>
          ))}
        </span>
      ) : null}
    </form>
  );
}

interface RowProps {
  line: DisasmLine;
  isPc: boolean;
  armed: boolean;
  /** The source line to head this instruction's group with, when a new group starts here. */
  header: SourceLine | null;
  files: readonly SourceFile[] | null;
  note: CodeNote | null;
  onFollow: (from: bigint, to: bigint) => void;
}

function Row({ line, isPc, armed, header, files, note, onFollow }: RowProps) {
  const addr = hexAddr(line.addr);
  const text = header ? lineText(files, header) : '';
  const branch = line.word === null ? null : branchTarget(line.word, line.addr);
  return (
    <>
      {line.symbol !== undefined && (
        <tr className="symbol-row"><td /><td colSpan={4}>&lt;{line.symbol}&gt;:</td></tr>
      )}
      {header && (
        <tr className="source-row" data-source={`${header.file}:${header.line}`}>
          <td /><td colSpan={4}><span className="source-where">{header.file}:{header.line}</span>{text ? <code>{text}</code> : null}</td>
        </tr>
      )}
      <tr className={`${isPc ? 'pc' : ''}${armed ? ' armed' : ''}${note ? ` patch-${note.kind}` : ''}`} aria-current={isPc ? 'step' : undefined}>
        <td className="bp-cell">{armed ? <span className="bp-dot" aria-label="breakpoint" /> : null}{isPc ? <span className="pc-mark">▶</span> : null}</td>
        <td>
          <button
            type="button"
            className="addr"
            onClick={() => actions.toggleAddressBreakpoint(line.addr)}
            aria-label={`Toggle breakpoint at 0x${addr}`}
            aria-pressed={armed}
          >
            {addr}
          </button>
        </td>
        <td className="word">{line.word === null ? '????????' : hexWord(line.word)}</td>
        <td className="text">
          {line.text}
          {branch && !note ? (
            <button type="button" className="branch-link" onClick={() => onFollow(line.addr, branch.target)}
              aria-label={`Show the instructions at ${hex(branch.target)}`} title={`Show the instructions at ${hex(branch.target)}`}>↪</button>
          ) : null}
          {note ? <PatchNote line={line} note={note} onFollow={onFollow} /> : null}
        </td>
        <td className="source" title={line.source ? `${line.source.file}:${line.source.line}` : undefined}>
          {line.source ? line.source.line : ''}
        </td>
      </tr>
    </>
  );
}

/** "patched svc → gate 0x…" or "gate of 0x…" / "back past 0x…", with their links. */
function PatchNote({ line, note, onFollow }: { line: DisasmLine; note: CodeNote; onFollow: (from: bigint, to: bigint) => void }) {
  if (note.kind === 'site') {
    return (
      <span className="patch-note" data-testid="patched-site" title="linux-compat rewrote this svc #0 into a branch to a gate into its in-process library">
        patched svc{note.gate !== null ? <>{' → '}
          <button type="button" className="link-button" onClick={() => onFollow(line.addr, note.gate!)}>gate {hex(note.gate)}</button></> : ' (no branch here in this VSpace)'}
      </span>
    );
  }
  return (
    <span className="patch-note" data-testid="patch-gate" title={`The gate linux-compat wrote for the svc at ${hex(note.site)}: save x29/x30, call the library, restore, branch back`}>
      {note.last ? <>back past{' '}
        <button type="button" className="link-button" onClick={() => onFollow(line.addr, note.site)}>site {hex(note.site)}</button></>
        : `gate of site ${hex(note.site)}`}
    </span>
  );
}

// The Syscalls view's marks on a row: chips for a foreign call (with the Linux call
// x8 names), an origin-window refusal or pin kill (lab extension), a vCPU-model guest
// trap, a site the handler patched next, and a possibly misrouted Linux call; the
// row's class for its colour; and the detail pane's lines about them. UI layer.
import type { SyscallRow } from '../viz/model/syscallRows.ts';

const hex = (v: bigint) => `0x${v.toString(16)}`;

export function rowMarkClass(r: SyscallRow): string {
  const m = r.marks;
  if (m.origin) return ' kv-origin';
  if (m.guest) return ' kv-guest';
  if (m.suspect) return ' kv-suspect';
  return m.foreign ? ' kv-foreign' : '';
}

export function MarkChips({ row }: { row: SyscallRow }) {
  const m = row.marks;
  if (!m.foreign && !m.origin && !m.guest && !m.suspect && m.patchedSite === null) return null;
  return (
    <span className="kv-chips">
      {m.origin ? <span className="kv-chip kv-chip-origin" title={`Lab extension, not seL4: ${m.origin.detail}`}>{m.origin.decision === 'outside' ? 'refused' : 'killed'}</span> : null}
      {m.guest ? <span className="kv-chip kv-chip-guest" title="The vCPU model (a model, not seL4): the svc went to the guest kernel">no seL4 entry</span> : null}
      {m.linux ? <span className="kv-chip kv-chip-linux" title={`A foreign call: x8 = ${m.linux.nr}, Linux ${m.linux.name}`}>Linux {m.linux.name}</span>
        : m.foreign && !m.guest ? <span className="kv-chip kv-chip-foreign" title="Not an seL4 system call (x7 held no seL4 number, or the svc was refused)">foreign</span> : null}
      {m.patchedSite !== null ? <span className="kv-chip kv-chip-patched" title="The handler rewrote this svc into a branch to a gate right after this fault">site patched</span> : null}
      {m.suspect ? <span className="kv-chip kv-chip-suspect" title={m.suspect}>misrouted?</span> : null}
    </span>
  );
}

/** Name/value pairs for the detail pane. */
export function markDetail(r: SyscallRow): [string, string][] {
  const m = r.marks, out: [string, string][] = [];
  if (m.foreign) out.push(['foreign call', m.guest ? 'the svc went to the guest kernel (vCPU model)' : 'not an seL4 system call: x7 held no seL4 number, or the origin window refused the svc']);
  if (m.linux) out.push(['Linux call', `${m.linux.name} (x8 = ${m.linux.nr})`]);
  if (m.origin) out.push([m.origin.decision === 'outside' ? 'origin window' : 'pinned sites', `lab extension, not seL4: ${m.origin.detail}`]);
  if (m.guest) {
    out.push(['vCPU model', 'a model, not seL4: the svc went straight to the guest kernel\'s vector; no seL4 kernel entry']);
    if (m.guest.eret !== null) out.push(['guest eret', hex(m.guest.eret)]);
  }
  if (m.patchedSite !== null) out.push(['site patched', `the handler rewrote the svc at ${hex(m.patchedSite)} into a branch to its gate (see the Disassembly); later calls from this site enter no kernel and have no rows`]);
  if (m.suspect) out.push(['misrouted?', m.suspect]);
  return out;
}

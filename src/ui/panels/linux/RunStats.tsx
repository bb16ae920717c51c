// The Linux program's run so far (compatStats from the worker): calls by the path
// they took, kernel entries, faults, IPC messages, guest traps and origin checks;
// misrouted calls with what went wrong in plain words (seL4 issue #477); the patched
// call sites; the unsupported calls answered ENOSYS, by name. UI layer.

import { useEffect, useRef } from 'react';
import type { CompatLiveStats } from '../../../shared/protocol.ts';
import { figure, hex, modeInfo } from './modes.ts';

const MAX_SITES = 16;

function Misrouted({ n }: { n: number }) {
  // It says what went wrong: brought into view when it appears.
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => { ref.current?.scrollIntoView({ block: 'nearest' }); }, []);
  return (
    <div ref={ref} className="lx-alert" role="alert" data-testid="lx-misrouted">
      <strong>{n} Linux call{n === 1 ? '' : 's'} never reached linux-compat.</strong>{' '}
      seL4 reads its system call number from x7, Linux from x8, and both trap with the same
      svc #0. {n === 1 ? 'This call' : 'These calls'} happened to leave an seL4 call number (−1 to −14)
      in x7, so the kernel ran {n === 1 ? 'it' : 'them'} as seL4 system calls (seL4 issue #477):
      the output or effect is missing and the program got a wrong result. Choose
      Origin window, Trap and patch or Virtual CPU to route every Linux call to linux-compat.
    </div>
  );
}

function Sites({ sites }: { sites: bigint[] }) {
  if (sites.length === 0) return null;
  const more = sites.length - MAX_SITES;
  return (
    <div className="lx-sites" data-testid="lx-sites">
      <span className="lx-k">patched sites ({sites.length})</span>{' '}
      <span className="lx-mono">{sites.slice(0, MAX_SITES).map(hex).join(' ')}{more > 0 ? ` and ${more} more` : ''}</span>
    </div>
  );
}

function Enosys({ calls }: { calls: { nr: number; name: string }[] }) {
  if (calls.length === 0) return null;
  const seen = new Map(calls.map((c) => [c.nr, c.name]));
  return (
    <div className="lx-enosys" data-testid="lx-enosys">
      <span className="lx-k">unsupported, answered ENOSYS</span>{' '}
      {[...seen].map(([nr, name]) => <code key={nr}>{name} ({nr})</code>)}
    </div>
  );
}

export function RunStats({ stats }: { stats: CompatLiveStats }) {
  const by = stats.by;
  const cells: [string, number][] = [
    ['kernel entries', stats.kernelEntries], ['faults', stats.faults], ['IPC messages', stats.ipcMessages],
    ['guest traps', stats.guestTraps], ['origin checks', stats.originChecks], ['instructions', stats.instructions],
  ];
  return (
    <div className="lx-stats" data-testid="lx-stats">
      <p className="lx-line">
        <b>{stats.program}</b> in {modeInfo(stats.mode).label}: <b data-testid="lx-calls">{figure(stats.linuxCalls)}</b> Linux calls
        {' '}(fault handler {by.handler}, forwarded by the library {by.forwarded}, in-process {by.inProcess}, guest kernel {by.guestKernel})
      </p>
      <dl className="lx-grid">
        {cells.map(([k, v]) => (
          <div key={k}><dt>{k}</dt><dd>{figure(v)}</dd></div>
        ))}
        <div className={stats.misrouted > 0 ? 'bad' : undefined}><dt>misrouted</dt><dd data-testid="lx-misrouted-count">{stats.misrouted}</dd></div>
      </dl>
      {stats.misrouted > 0 ? <Misrouted n={stats.misrouted} /> : null}
      <Sites sites={stats.patchedSites} />
      <Enosys calls={stats.enosys} />
    </div>
  );
}

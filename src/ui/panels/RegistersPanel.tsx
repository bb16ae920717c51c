// Register view: x0-x30, sp, pc and the NZCV flags of a kernel thread: by default
// the one on the CPU (at the last stop, or as it goes in a slow run); the thread
// menu picks another, whose saved registers the kernel model holds (read at every
// stop). Registers that changed since the stop before are highlighted (for the
// thread on the CPU). While the machine runs flat out the values are shown dimmed
// (they are those of the last stop). UI layer.

import type { ChangeEvent } from 'react';
import type { RegisterSnapshot, ThreadEntry } from '../../shared/protocol.ts';
import { selectThread } from '../state/actions.ts';
import { selectPreviousRegisters, selectRegisters, selectRunState } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';
import { decodeNzcv, hex64 } from './format.ts';

interface Row {
  name: string;
  value: bigint;
  before: bigint | null;
}

function rowsOf(r: RegisterSnapshot, p: RegisterSnapshot | null): Row[] {
  const rows: Row[] = r.x.map((v, i) => ({ name: `x${i}`, value: v, before: p ? p.x[i] : null }));
  rows.push({ name: 'sp', value: r.sp, before: p ? p.sp : null });
  rows.push({ name: 'pc', value: r.pc, before: p ? p.pc : null });
  return rows;
}

/** The registers to show: the chosen thread's when it is not the one on the CPU. */
function useShown(): { regs: RegisterSnapshot | null; prev: RegisterSnapshot | null; other: string | null; state: string | null } {
  const regs = useLab(selectRegisters);
  const prev = useLab(selectPreviousRegisters);
  const selected = useLab((s) => s.selectedThread);
  const view = useLab((s) => s.threadView);
  const threads = useLab((s) => s.threads);
  const onCpu = threads.find((t) => t.onCpu)?.name ?? regs?.thread ?? null;
  if (selected === null || selected === onCpu || !view || view.thread !== selected || !view.registers) {
    const state = threads.find((t) => t.onCpu)?.state ?? null;
    return { regs, prev, other: null, state };
  }
  return { regs: view.registers, prev: null, other: selected, state: view.state };
}

export function RegistersPanel() {
  const { regs, prev, other, state } = useShown();
  const running = useLab(selectRunState) === 'running';
  const live = useLab((s) => s.registersLive);
  const stale = running && (!live || other !== null);
  return (
    <section className={`panel registers-panel${stale ? ' stale' : ''}`} aria-label="Registers">
      <header className="panel-title">
        <span>Registers{running ? (live ? ' (live)' : ' (running…)') : ''}</span>
        <ThreadMenu />
        {regs?.thread ? (
          <span className="thread-name" data-testid="register-thread" title={other ? `This thread's registers as its TCB saved them (it is not on the CPU; state ${state ?? 'unknown'})` : 'The kernel thread these registers belong to (on the CPU)'}>
            thread {regs.thread}{other ? ' (saved)' : ''}
          </span>
        ) : null}
      </header>
      {regs ? (
        <div className="registers-body">
          <Flags nzcv={regs.nzcv} before={prev?.nzcv ?? null} />
          <dl className="register-grid">
            {rowsOf(regs, prev).map((row) => {
              const changed = row.before !== null && row.before !== row.value;
              return (
                <div key={row.name} className={`register${changed ? ' changed' : ''}`} data-reg={row.name}>
                  <dt>{row.name}</dt>
                  <dd title={`${row.name} = ${BigInt.asUintN(64, row.value)} (${BigInt.asIntN(64, row.value)} signed)`}>
                    {hex64(row.value)}
                  </dd>
                </div>
              );
            })}
          </dl>
        </div>
      ) : (
        <p className="placeholder">Build the program to see the registers.</p>
      )}
    </section>
  );
}

/** "rootserver ▶ on CPU" or "counter · BlockedOnReceive". */
function threadOption(t: ThreadEntry): string {
  return t.onCpu ? `${t.name} ▶ on CPU` : `${t.name} · ${t.state}`;
}

/** Which thread's registers to show; hidden while the kernel has a single thread. */
function ThreadMenu() {
  const threads = useLab((s) => s.threads);
  const selected = useLab((s) => s.selectedThread);
  if (threads.length < 2) return null;
  const onCpu = threads.find((t) => t.onCpu)?.name ?? '';
  const value = selected !== null && threads.some((t) => t.name === selected) ? selected : onCpu;
  const pick = (e: ChangeEvent<HTMLSelectElement>) => selectThread(e.target.value === onCpu ? null : e.target.value);
  return (
    <select
      className="thread-menu"
      aria-label="Thread"
      title="Show the registers of another kernel thread (stepping follows the thread on the CPU)"
      value={value}
      onChange={pick}
      data-testid="thread-menu"
      style={{ font: 'inherit', fontWeight: 400, fontSize: 12, maxWidth: '14em', minWidth: 0 }}
    >
      {threads.map((t) => <option key={t.name} value={t.name}>{threadOption(t)}</option>)}
    </select>
  );
}

function Flags({ nzcv, before }: { nzcv: number; before: number | null }) {
  const f = decodeNzcv(nzcv);
  const changed = before !== null && before !== nzcv;
  const flags: [string, boolean, string][] = [
    ['N', f.n, 'negative'],
    ['Z', f.z, 'zero'],
    ['C', f.c, 'carry'],
    ['V', f.v, 'overflow'],
  ];
  return (
    <div className={`flags${changed ? ' changed' : ''}`} data-reg="nzcv" aria-label="Condition flags">
      <span className="flags-label">nzcv</span>
      {flags.map(([letter, on, what]) => (
        <span key={letter} className={`flag${on ? ' on' : ''}`} title={`${what}: ${on ? 1 : 0}`}>
          {on ? letter : letter.toLowerCase()}
        </span>
      ))}
      <span className="flags-hex">0x{(nzcv >>> 0).toString(16).padStart(8, '0')}</span>
    </div>
  );
}

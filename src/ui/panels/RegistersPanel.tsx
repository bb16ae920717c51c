// Register view: x0-x30, sp, pc and the NZCV flags at the last stop, of the kernel
// thread on the CPU (named in the title); registers that changed since the stop
// before are highlighted. While the machine runs the values
// are shown dimmed (they are those of the last stop). UI layer.

import type { RegisterSnapshot } from '../../shared/protocol.ts';
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

export function RegistersPanel() {
  const regs = useLab(selectRegisters);
  const prev = useLab(selectPreviousRegisters);
  const running = useLab(selectRunState) === 'running';
  return (
    <section className={`panel registers-panel${running ? ' stale' : ''}`} aria-label="Registers">
      <header className="panel-title">
        <span>Registers{running ? ' (running…)' : ''}</span>
        {regs?.thread ? <span className="thread-name" data-testid="register-thread" title="The kernel thread these registers belong to">thread {regs.thread}</span> : null}
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

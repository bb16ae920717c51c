// Memory view: a hex and ASCII dump of 256 bytes of the program's virtual memory at
// an address, a register or a symbol the user types (e.g. `message`, `sp`, `x19+8`).
// It follows that address and re-reads it at every stop, in the address space
// (VSpace) of the thread on the CPU, which it names. UI layer.

import { useState, type FormEvent } from 'react';
import * as actions from '../state/actions.ts';
import { selectMemory, selectRegisters, selectSymbols } from '../state/selectors.ts';
import type { MemoryDump } from '../state/machineSlice.ts';
import { useLab } from '../state/store.ts';
import { parseAddress } from './addressExpr.ts';
import { hexAddr } from './format.ts';

const ROW = 8;

export function MemoryView() {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const dump = useLab(selectMemory);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const s = useLab.getState();
    const r = parseAddress(text, selectRegisters(s), selectSymbols(s));
    setProblem(r.ok ? null : r.error);
    if (r.ok) actions.viewMemory(r.value);
  };
  return (
    <div className="memory-view">
      <form className="memory-form" onSubmit={onSubmit}>
        <label>
          Address{' '}
          <input value={text} onChange={(e) => setText(e.target.value)} placeholder="message, sp, 0x400078" spellCheck={false} />
        </label>
        <button type="submit" className="cmd">Show</button>
      </form>
      {problem ? <p className="memory-problem" role="alert">{problem}</p> : null}
      {dump ? <Dump dump={dump} /> : <p className="placeholder">Type an address, a register or a symbol.</p>}
    </div>
  );
}

function Dump({ dump }: { dump: MemoryDump }) {
  if (dump.error) return <p className="memory-problem" role="alert">{dump.error}{dump.thread ? ` (in the VSpace of thread ${dump.thread})` : ''}</p>;
  const rows: number[] = [];
  for (let off = 0; off < dump.bytes.length; off += ROW) rows.push(off);
  return (
    <div className="memory-scroll">
      {dump.thread ? <p className="vspace-note">in the VSpace of thread {dump.thread}</p> : null}
      <table className="memory" aria-label={`Memory at 0x${hexAddr(dump.address)}`}>
        <tbody>
          {rows.map((off) => {
            const bytes = Array.from(dump.bytes.subarray(off, off + ROW));
            return (
              <tr key={off}>
                <td className="addr-cell">{hexAddr(dump.address + BigInt(off))}</td>
                <td className="hex">{bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')}</td>
                <td className="ascii">{bytes.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

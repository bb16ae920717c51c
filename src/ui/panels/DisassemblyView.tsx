// Disassembly view: the instructions around the PC at the last stop, with address,
// encoding, text and source line. Click an address to toggle a breakpoint there.
// UI layer; shown in the inspector panel (InspectorPanel.tsx).

import type { DisasmLine } from '../../shared/protocol.ts';
import * as actions from '../state/actions.ts';
import { selectArmedAddresses, selectDisassembly, selectRegisters } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';
import { hexAddr, hexWord } from './format.ts';

/** The table (or a placeholder); the inspector panel around it gives it its title. */
export function DisassemblyView() {
  const lines = useLab(selectDisassembly);
  const regs = useLab(selectRegisters);
  const armed = useLab(selectArmedAddresses);
  const pc = regs?.pc ?? null;
  if (lines.length === 0) return <p className="placeholder">Build the program to see its instructions.</p>;
  return (
    <div className="disassembly-scroll">
      <table className="disassembly">
        <thead>
          <tr><th aria-label="Breakpoint" /><th>Address</th><th>Encoding</th><th>Instruction</th><th>Line</th></tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <Row key={l.addr.toString()} line={l} isPc={l.addr === pc} armed={armed.includes(l.addr)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Row({ line, isPc, armed }: { line: DisasmLine; isPc: boolean; armed: boolean }) {
  const addr = hexAddr(line.addr);
  return (
    <>
      {line.symbol !== undefined && (
        <tr className="symbol-row"><td /><td colSpan={4}>&lt;{line.symbol}&gt;:</td></tr>
      )}
      <tr className={`${isPc ? 'pc' : ''}${armed ? ' armed' : ''}`} aria-current={isPc ? 'step' : undefined}>
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
        <td className="text">{line.text}</td>
        <td className="source" title={line.source ? `${line.source.file}:${line.source.line}` : undefined}>
          {line.source ? line.source.line : ''}
        </td>
      </tr>
    </>
  );
}

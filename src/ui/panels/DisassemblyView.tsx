// Disassembly view: the instructions around the PC at the last stop, with address,
// encoding and text, grouped under the source line each came from ("main.c:12" and
// that line's text, from the files of the last good build), read in the VSpace of
// the thread on the CPU, which it names. Click an address to toggle a breakpoint there. UI layer; shown in the inspector panel.

import type { DisasmLine, SourceFile, SourceLine } from '../../shared/protocol.ts';
import * as actions from '../state/actions.ts';
import { selectArmedAddresses, selectBuiltFiles, selectDisassembly, selectRegisters } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';
import { hexAddr, hexWord } from './format.ts';

const sameSource = (a: SourceLine | undefined, b: SourceLine | undefined) =>
  a?.file === b?.file && a?.line === b?.line;

/** The text of a source line in the built files ('' for sysroot files). */
function lineText(files: readonly SourceFile[] | null, src: SourceLine): string {
  const f = files?.find((x) => x.name === src.file);
  return f ? (f.text.split('\n')[src.line - 1] ?? '').trim() : '';
}

/** The table (or a placeholder); the inspector panel around it gives it its title. */
export function DisassemblyView() {
  const lines = useLab(selectDisassembly);
  const regs = useLab(selectRegisters);
  const armed = useLab(selectArmedAddresses);
  const built = useLab(selectBuiltFiles);
  const pc = regs?.pc ?? null;
  if (lines.length === 0) return <p className="placeholder">Build the program to see its instructions.</p>;
  return (
    <div className="disassembly-scroll">
      {regs?.thread ? <p className="vspace-note">in the VSpace of thread {regs.thread}</p> : null}
      <table className="disassembly">
        <thead>
          <tr><th aria-label="Breakpoint" /><th>Address</th><th>Encoding</th><th>Instruction</th><th>Line</th></tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <Row
              key={l.addr.toString()} line={l} isPc={l.addr === pc} armed={armed.includes(l.addr)}
              header={l.source && (i === 0 || l.symbol !== undefined || !sameSource(l.source, lines[i - 1].source)) ? l.source : null}
              files={built}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface RowProps {
  line: DisasmLine;
  isPc: boolean;
  armed: boolean;
  /** The source line to head this instruction's group with, when a new group starts here. */
  header: SourceLine | null;
  files: readonly SourceFile[] | null;
}

function Row({ line, isPc, armed, header, files }: RowProps) {
  const addr = hexAddr(line.addr);
  const text = header ? lineText(files, header) : '';
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

// The build's problems under the editor: one row per diagnostic ("line 14:
// unknown instruction ..."); clicking a row puts the cursor on it. UI layer.

import { formatDiagnostic } from '../../shared/diagnostic.ts';
import { selectDiagnostics } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';

const MAX_ROWS = 6;

export function ProblemList({ onPick }: { onPick: (line: number, column: number) => void }) {
  const diagnostics = useLab(selectDiagnostics);
  if (diagnostics.length === 0) return null;
  const shown = diagnostics.slice(0, MAX_ROWS);
  return (
    <ul className="problems" aria-label="Build problems">
      {shown.map((d, i) => (
        <li key={i} className={`problem ${d.severity}`}>
          <button type="button" onClick={() => onPick(d.line, d.column)} title={formatDiagnostic(d)}>
            <span className="where">line {d.line}:{d.column}</span> {d.severity}: {d.message}
          </button>
        </li>
      ))}
      {diagnostics.length > MAX_ROWS ? <li className="problem more">and {diagnostics.length - MAX_ROWS} more</li> : null}
    </ul>
  );
}

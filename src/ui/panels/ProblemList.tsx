// The problems under the editor, from the last build or the live check: one row per
// diagnostic ("main.c:4:15 error: ..."); clicking a row opens the file and puts the
// cursor there. UI layer.

import { formatDiagnostic } from '../../shared/diagnostic.ts';
import { selectDiagnostics } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';

const MAX_ROWS = 6;

export function ProblemList({ onPick }: { onPick: (line: number, column: number, file: string) => void }) {
  const diagnostics = useLab(selectDiagnostics);
  if (diagnostics.length === 0) return null;
  const shown = diagnostics.slice(0, MAX_ROWS);
  return (
    <ul className="problems" aria-label="Build problems">
      {shown.map((d, i) => (
        <li key={i} className={`problem ${d.severity}`}>
          <button type="button" onClick={() => onPick(d.line, d.column, d.file)} title={formatDiagnostic(d)}>
            <span className="where">{d.file ? `${d.file}:${d.line}:${d.column}` : `line ${d.line}:${d.column}`}</span> {d.severity}: {d.message}
          </button>
        </li>
      ))}
      {diagnostics.length > MAX_ROWS ? <li className="problem more">and {diagnostics.length - MAX_ROWS} more</li> : null}
    </ul>
  );
}

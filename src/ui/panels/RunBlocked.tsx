// The banner Run leaves when the files do not compile: why nothing ran, and the
// offer to run the last good build instead (when there is one). UI layer.

import * as actions from '../state/actions.ts';
import { selectBuiltFiles, selectRunBlocked } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';

export function RunBlocked() {
  const reason = useLab(selectRunBlocked);
  const lastGood = useLab(selectBuiltFiles);
  if (!reason) return null;
  return (
    <div className="run-blocked" role="alert" data-testid="run-blocked">
      <span className="reason">{reason}</span>
      <span className="actions">
        {lastGood
          ? <button type="button" onClick={actions.runLastGood}>Run last good build</button>
          : <span className="muted">There is no earlier good build to run.</span>}
        <button type="button" onClick={actions.dismissRunBlocked}>Dismiss</button>
      </span>
    </div>
  );
}

// The scenario bar under the toolbar: Share (link into the address bar and the
// clipboard, with its length), Export and Import of scenario files, Reset to
// starter (asks first), and the notice banner for links and files that could not
// be opened. UI layer.

import { useRef, type ChangeEvent } from 'react';
import { SHARE_COMFORT_CHARS } from '../../scenarios/codec.ts';
import { SCENARIO_FILE_SUFFIX } from '../../scenarios/loader.ts';
import { closeShare, dismissNotice, exportScenario, importScenarioFile, resetToStarter, share } from '../state/sharing.ts';
import { useLab } from '../state/store.ts';

export function ScenarioBar() {
  const title = useLab((s) => s.scenario.title);
  const input = useRef<HTMLInputElement>(null);
  const pick = (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (f) void importScenarioFile(f);
  };
  return (
    <div className="scenario-bar" role="region" aria-label="Scenario">
      <span className="scenario-title" data-testid="scenario-title">{title}</span>
      <button type="button" className="cmd" onClick={() => void share()} title="Put your work into a link (in the address bar and the clipboard)">Share</button>
      <button type="button" className="cmd" onClick={exportScenario} title={`Save the scenario with your files as a ${SCENARIO_FILE_SUFFIX} file`}>Export</button>
      <button type="button" className="cmd" onClick={() => input.current?.click()} title={`Open a ${SCENARIO_FILE_SUFFIX} scenario file`}>Import</button>
      <input ref={input} type="file" accept=".json,application/json" hidden onChange={pick} data-testid="import-input" />
      <button type="button" className="cmd" onClick={() => resetToStarter()} title="Replace your files with the scenario's starter files (asks first)">Reset to starter</button>
      <ShareResult />
      <NoticeBanner />
    </div>
  );
}

function ShareResult() {
  const result = useLab((s) => s.share);
  if (!result) return null;
  const long = result.length > SHARE_COMFORT_CHARS;
  return (
    <div className={`share-result${long ? ' long' : ''}`} role="status" data-testid="share-result">
      <span>{result.copied ? 'Link copied' : 'Link ready (copy it from the box)'} · {result.length.toLocaleString('en')} characters</span>
      <input readOnly value={result.url} aria-label="Share link" onFocus={(e) => e.target.select()} data-testid="share-url" />
      <button type="button" onClick={closeShare}>Close</button>
    </div>
  );
}

function NoticeBanner() {
  const notice = useLab((s) => s.notice);
  if (!notice) return null;
  return (
    <div className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <div className="notice-text">
        <strong>{notice.title}</strong>
        {notice.details.length ? <ul>{notice.details.map((d, i) => <li key={i}>{d}</li>)}</ul> : null}
      </div>
      <span className="actions">
        {notice.offerExport ? <button type="button" onClick={exportScenario}>Export file</button> : null}
        <button type="button" onClick={dismissNotice}>Dismiss</button>
      </span>
    </div>
  );
}

// The Linux panel (issue 7): runs a Linux program under linux-compat, the
// user-level Linux-compatibility component, in one of four ways; uploads a static
// AArch64 Linux binary (refused with the reason when it cannot run, the editor's
// files untouched); shows the run's statistics and compares the four ways' costs
// (table and plot). UI layer.

import { useRef, type ChangeEvent } from 'react';
import type { LinuxMode } from '../../../shared/protocol.ts';
import { useLab } from '../../state/store.ts';
import { CostView } from './CostView.tsx';
import { chooseEditorProgram, compareModes, dismissUploadError, runLinux, setMode, toggleLinuxPanel, uploadFile } from './linuxActions.ts';
import { selectLinuxScenario, useLinux } from './linuxStore.ts';
import { MODE_INFO } from './modes.ts';
import { RunStats } from './RunStats.tsx';
import './linux.css';

function ModeSwitch({ mode, disabled }: { mode: LinuxMode; disabled: boolean }) {
  return (
    <fieldset className="lx-modes" disabled={disabled}>
      <legend>How Linux calls reach linux-compat</legend>
      {MODE_INFO.map((m) => (
        <label key={m.mode} className={`lx-mode${m.mode === mode ? ' checked' : ''}`} data-mode={m.mode}>
          <input type="radio" name="lx-mode" value={m.mode} checked={m.mode === mode} onChange={() => setMode(m.mode)} />
          <span className="lx-mode-text">
            <span className="lx-mode-name">{m.label}</span>
            {m.tag ? <span className="lx-tag">{m.tag}</span> : null}
            <span className="lx-mode-line">{m.line}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function Program() {
  const linuxScenario = useLab(selectLinuxScenario);
  const fileNames = useLab((s) => s.files.filter((f) => /\.(c|s|S)$/.test(f.name)).map((f) => f.name).join(', '));
  const source = useLinux((s) => s.source);
  const upload = useLinux((s) => s.upload);
  const pending = useLinux((s) => s.pendingUpload);
  const error = useLinux((s) => s.uploadError);
  const input = useRef<HTMLInputElement>(null);
  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (f) void uploadFile(f);
  };
  const usingUpload = source === 'upload' && upload !== null;
  return (
    <div className="lx-program">
      <p className="lx-line" data-testid="lx-program">
        {usingUpload
          ? <>Program: uploaded <b>{upload.name}</b> ({upload.bytes.length.toLocaleString('en')} bytes)</>
          : linuxScenario
            ? <>Program: <b>{fileNames || 'the editor\'s files'}</b>, built with --target linux</>
            : <>No Linux program yet: this scenario's files are built for seL4. Upload a static Linux binary.</>}
        {pending ? <span className="muted"> · loading {pending.name}…</span> : null}
      </p>
      <div className="lx-actions">
        <button type="button" className="cmd" onClick={() => input.current?.click()} title="Choose a static AArch64 Linux executable (e.g. built with aarch64-linux-gnu-gcc -static -nostdlib); your editor's files stay as they are">
          Upload Linux binary
        </button>
        <input ref={input} type="file" className="lx-file" aria-label="Upload Linux binary" data-testid="lx-upload" onChange={onFile} />
        {usingUpload && linuxScenario ? <button type="button" className="cmd" onClick={chooseEditorProgram}>Use the editor's program</button> : null}
      </div>
      {error ? (
        <div className="lx-alert" role="alert" data-testid="lx-upload-error">
          <strong>Cannot run {error.name}:</strong> {error.message}. Your files in the editor are unchanged.
          <button type="button" className="lx-dismiss" aria-label="Dismiss" onClick={dismissUploadError}>×</button>
        </div>
      ) : null}
    </div>
  );
}

export function LinuxPanel() {
  const mode = useLinux((s) => s.mode);
  const stats = useLinux((s) => s.stats);
  const comparison = useLinux((s) => s.comparison);
  const comparing = useLinux((s) => s.comparing);
  const compareError = useLinux((s) => s.compareError);
  const metric = useLinux((s) => s.metric);
  const uploaded = useLinux((s) => s.source === 'upload' && s.upload !== null);
  const linuxScenario = useLab(selectLinuxScenario);
  const hasProgram = uploaded || linuxScenario;
  const connected = useLab((s) => s.connected);
  const busy = useLab((s) => s.building || s.runState === 'running');
  return (
    <section className="panel linux-panel" aria-label="Linux" data-testid="linux-panel">
      <header className="panel-title">
        <span>Linux programs on seL4 <span className="muted">(linux-compat)</span></span>
        <button type="button" className="lx-close" aria-label="Hide the Linux panel" title="Hide (the toolbar's Linux button shows it again)" onClick={toggleLinuxPanel}>×</button>
      </header>
      <div className="lx-body">
        <Program />
        <ModeSwitch mode={mode} disabled={comparing} />
        <div className="lx-actions">
          <button type="button" className="cmd cmd-run" disabled={!connected || !hasProgram || busy || comparing} onClick={() => void runLinux()}>Run in this mode</button>
          <button type="button" className="cmd" disabled={!connected || !hasProgram || comparing} onClick={() => void compareModes()}>
            {comparing ? 'Comparing…' : 'Compare the four ways'}
          </button>
        </div>
        {stats ? <RunStats stats={stats} /> : <p className="lx-note">Run the program to see its Linux calls here.</p>}
        {compareError ? <p className="lx-note bad" role="alert">{compareError}</p> : null}
        {comparison ? <CostView comparison={comparison} mode={mode} metric={metric} /> : null}
      </div>
    </section>
  );
}

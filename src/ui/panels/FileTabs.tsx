// The project's files as tabs above the editor: click to open, double-click to
// rename, × to delete (after a confirmation in place), + to add a .c or .s file.
// Refusals (bad or taken names, the last file) show next to the tabs. A system-mode
// scenario's .system description has a tab of its own after the files (it opens and
// edits like a file but cannot be renamed or deleted). UI layer.

import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SYSTEM_FILE_NAME } from '../../shared/protocol.ts';
import * as actions from '../state/actions.ts';
import { selectFileName } from '../state/selectors.ts';
import { useLab, type LabStore } from '../state/store.ts';

const selectNames = (s: LabStore) => s.files.map((f) => f.name);
const selectErrorFiles = (s: LabStore) => [...new Set(s.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file))];
const selectHasSystem = (s: LabStore) => s.system !== null;

type Editing = { kind: 'add' } | { kind: 'rename'; name: string } | { kind: 'delete'; name: string } | null;

export function FileTabs() {
  const names = useLab(useShallow(selectNames));
  const errorFiles = useLab(useShallow(selectErrorFiles));
  const active = useLab(selectFileName);
  const hasSystem = useLab(selectHasSystem);
  const [editing, setEditing] = useState<Editing>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const finish = (result: string | null) => {
    setProblem(result);
    if (result === null) setEditing(null);
  };
  return (
    <div className="file-tabs" role="tablist" aria-label="Files">
      {names.map((name) => (editing?.kind === 'rename' && editing.name === name
        ? <NameForm key={name} initial={name} label={`New name for ${name}`} onDone={(v) => finish(v === null ? null : actions.renameFile(name, v))} />
        : (
          <span key={name} className={`file-tab${name === active ? ' active' : ''}${errorFiles.includes(name) ? ' has-error' : ''}`}>
            <button
              type="button" role="tab" aria-selected={name === active} className="file-name"
              onClick={() => actions.openFile(name)}
              onDoubleClick={() => setEditing({ kind: 'rename', name })}
              title={`${name} (double-click to rename)`}
            >
              {name}
            </button>
            <button type="button" className="file-close" aria-label={`Delete ${name}`} title={`Delete ${name}`} onClick={() => setEditing({ kind: 'delete', name })}>×</button>
          </span>
        )))}
      {hasSystem ? <SystemTab active={active === SYSTEM_FILE_NAME} error={errorFiles.includes(SYSTEM_FILE_NAME)} /> : null}
      {editing?.kind === 'add'
        ? <NameForm initial="" label="Name of the new file" onDone={(v) => finish(v === null ? null : actions.addFile(v))} />
        : <button type="button" className="file-add" aria-label="Add a file" title="Add a .c or .s file" onClick={() => setEditing({ kind: 'add' })}>+</button>}
      {editing?.kind === 'delete'
        ? (
          <span className="file-confirm" role="alert">
            Delete {editing.name}?
            <button type="button" onClick={() => finish(actions.deleteFile(editing.name))}>Delete</button>
            <button type="button" onClick={() => finish(null)}>Keep</button>
          </span>
        )
        : null}
      {problem ? <span className="file-problem" role="alert">{problem}</span> : null}
    </div>
  );
}

/** The system description's tab: open only (no rename, no delete). */
function SystemTab({ active, error }: { active: boolean; error: boolean }) {
  return (
    <span className={`file-tab system-tab${active ? ' active' : ''}${error ? ' has-error' : ''}`}>
      <button
        type="button" role="tab" aria-selected={active} className="file-name"
        onClick={() => actions.openFile(SYSTEM_FILE_NAME)}
        title="The system description (Microkit .system XML): protection domains, memory regions, channels"
        data-testid="system-tab"
      >
        {SYSTEM_FILE_NAME}
      </button>
    </span>
  );
}

function NameForm({ initial, label, onDone }: { initial: string; label: string; onDone: (value: string | null) => void }) {
  const [value, setValue] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onDone(value.trim());
  };
  return (
    <form className="file-name-form" onSubmit={submit}>
      <input
        aria-label={label} value={value} autoFocus placeholder="name.c or name.s" spellCheck={false}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Escape') onDone(null); }}
      />
    </form>
  );
}

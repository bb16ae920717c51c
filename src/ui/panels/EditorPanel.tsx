// Editor panel: hosts the Monaco program editor (labEditor.ts) and a one-line
// summary of the last build. UI layer.

import { useEffect, useRef } from 'react';
import { createLabEditor } from '../editor/labEditor.ts';
import { registerTestHook } from '../app/testHooks.ts';
import { selectBuildOk, selectDirty, selectErrorCount, selectFileName } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';

export function EditorPanel() {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const lab = createLabEditor(host.current!);
    const unregister = [registerTestHook('editor', lab.editor), registerTestHook('markers', lab.markers)];
    return () => {
      for (const u of unregister) u();
      lab.dispose();
    };
  }, []);
  return (
    <section className="panel editor-panel" aria-label="Program">
      <header className="panel-title">
        <span>{useLab(selectFileName)}</span>
        <BuildSummary />
      </header>
      <div ref={host} className="editor-host" />
    </section>
  );
}

function BuildSummary() {
  const ok = useLab(selectBuildOk);
  const errors = useLab(selectErrorCount);
  const dirty = useLab(selectDirty);
  if (ok === null) return <span className="build-summary">not built yet</span>;
  if (!ok) {
    return <span className="build-summary bad" role="status">{errors} error{errors === 1 ? '' : 's'}</span>;
  }
  return <span className="build-summary good" role="status">{dirty ? 'built (source changed since)' : 'built'}</span>;
}

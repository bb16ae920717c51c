// Editor panel: hosts the Monaco program editor (labEditor.ts) and a one-line
// summary of the last build. UI layer.

import { useCallback, useEffect, useRef } from 'react';
import { createLabEditor, type LabEditor } from '../editor/labEditor.ts';
import { registerTestHook } from '../app/testHooks.ts';
import { selectBuildOk, selectDirty, selectErrorCount, selectFileName } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';
import { ProblemList } from './ProblemList.tsx';

export function EditorPanel() {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<LabEditor | null>(null);
  useEffect(() => {
    const lab = createLabEditor(host.current!);
    editor.current = lab;
    const unregister = [registerTestHook('editor', lab.editor), registerTestHook('markers', lab.markers)];
    return () => {
      for (const u of unregister) u();
      editor.current = null;
      lab.dispose();
    };
  }, []);
  const pick = useCallback((line: number, column: number) => editor.current?.goTo(line, column), []);
  return (
    <section className="panel editor-panel" aria-label="Program">
      <header className="panel-title">
        <span>{useLab(selectFileName)}</span>
        <BuildSummary />
      </header>
      <div ref={host} className="editor-host" />
      <ProblemList onPick={pick} />
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

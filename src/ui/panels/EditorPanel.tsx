// Editor panel: the project's file tabs, the Monaco program editor (labEditor.ts),
// a one-line summary of the last build, the Run refusal banner and the problem
// list. UI layer.

import { useCallback, useEffect, useRef } from 'react';
import { createLabEditor, type LabEditor } from '../editor/labEditor.ts';
import { registerTestHook } from '../app/testHooks.ts';
import { selectBuildOk, selectDirty, selectErrorCount } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';
import { FileTabs } from './FileTabs.tsx';
import { ProblemList } from './ProblemList.tsx';
import { RunBlocked } from './RunBlocked.tsx';

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
  const pick = useCallback((line: number, column: number, file: string) => editor.current?.goTo(line, column, file), []);
  return (
    <section className="panel editor-panel" aria-label="Program">
      <header className="panel-title editor-title">
        <FileTabs />
        <BuildSummary />
      </header>
      <div ref={host} className="editor-host" />
      <RunBlocked />
      <ProblemList onPick={pick} />
    </section>
  );
}

function BuildSummary() {
  const ok = useLab(selectBuildOk);
  const errors = useLab(selectErrorCount);
  const dirty = useLab(selectDirty);
  if (errors > 0) {
    return <span className="build-summary bad" role="status">{errors} error{errors === 1 ? '' : 's'}</span>;
  }
  if (ok === null) return <span className="build-summary">not built yet</span>;
  if (!ok) return <span className="build-summary bad" role="status">build failed</span>;
  return <span className="build-summary good" role="status">{dirty ? 'built (files changed since)' : 'built'}</span>;
}

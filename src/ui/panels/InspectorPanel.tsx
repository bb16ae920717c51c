// Inspector panel: the disassembly around the PC, a memory dump, or the
// exercise's instructions, as three tabs.
// UI layer.

import { useState } from 'react';
import { selectRunState } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';
import { DisassemblyView } from './DisassemblyView.tsx';
import { ExerciseView } from './ExerciseView.tsx';
import { MemoryView } from './MemoryView.tsx';

const TABS = [
  { id: 'disassembly', label: 'Disassembly' },
  { id: 'memory', label: 'Memory' },
  { id: 'exercise', label: 'Exercise' },
] as const;

type TabId = (typeof TABS)[number]['id'];

export function InspectorPanel() {
  const [tab, setTab] = useState<TabId>('disassembly');
  const running = useLab(selectRunState) === 'running';
  const current = TABS.find((t) => t.id === tab)!;
  return (
    <section className={`panel inspector-panel${running ? ' stale' : ''}`} aria-label={current.label}>
      <header className="panel-title tabs" role="tablist" aria-label="Inspector">
        <span className="tab-row">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={t.id === tab}
              aria-controls="inspector-body"
              className={`tab${t.id === tab ? ' active' : ''}`}
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </span>
        {running ? <span className="muted">running…</span> : null}
      </header>
      <div id="inspector-body" className="inspector-body" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === 'disassembly' ? <DisassemblyView /> : tab === 'memory' ? <MemoryView /> : <ExerciseView />}
      </div>
    </section>
  );
}

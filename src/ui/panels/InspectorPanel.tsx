// Inspector panel: the disassembly around the PC, a memory dump, the kernel's
// event log, or the exercise's instructions, as four tabs.
// UI layer.

import { useState } from 'react';
import { selectRunState } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';
import { DisassemblyView } from './DisassemblyView.tsx';
import { ExerciseView } from './ExerciseView.tsx';
import { KernelLogView } from './KernelLogView.tsx';
import { MemoryView } from './MemoryView.tsx';

const TABS = [
  { id: 'disassembly', label: 'Disassembly' },
  { id: 'memory', label: 'Memory' },
  { id: 'kernel-log', label: 'Kernel log' },
  { id: 'exercise', label: 'Exercise' },
] as const;

type TabId = (typeof TABS)[number]['id'];

export function InspectorPanel() {
  const [tab, setTab] = useState<TabId>('disassembly');
  const running = useLab(selectRunState) === 'running';
  const live = tab === 'kernel-log' || tab === 'exercise';
  const current = TABS.find((t) => t.id === tab)!;
  return (
    <section className={`panel inspector-panel${running && !live ? ' stale' : ''}`} aria-label={current.label}>
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
        {running && tab !== 'kernel-log' ? <span className="muted">running…</span> : null}
      </header>
      <div id="inspector-body" className="inspector-body" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        <TabBody tab={tab} />
      </div>
    </section>
  );
}

function TabBody({ tab }: { tab: TabId }) {
  switch (tab) {
    case 'disassembly': return <DisassemblyView />;
    case 'memory': return <MemoryView />;
    case 'kernel-log': return <KernelLogView />;
    case 'exercise': return <ExerciseView />;
  }
}

// Inspector panel: the disassembly around the PC, a memory dump, the kernel's
// event log, the live kernel views (syscalls, IPC, scheduling, capabilities,
// untyped memory: src/ui/views/) or the exercise's instructions, as tabs.
// UI layer.

import { useState } from 'react';
import { selectRunState } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';
import { DisassemblyView } from './DisassemblyView.tsx';
import { ExerciseView } from './ExerciseView.tsx';
import { KernelLogView } from './KernelLogView.tsx';
import { MemoryView } from './MemoryView.tsx';
import { CapsView } from '../views/CapsView.tsx';
import { IpcView } from '../views/IpcView.tsx';
import { ScheduleView } from '../views/ScheduleView.tsx';
import { SyscallsView } from '../views/SyscallsView.tsx';
import { UntypedView } from '../views/UntypedView.tsx';

const TABS = [
  { id: 'disassembly', label: 'Disassembly' },
  { id: 'memory', label: 'Memory' },
  { id: 'kernel-log', label: 'Kernel log' },
  { id: 'syscalls', label: 'Syscalls' },
  { id: 'ipc', label: 'IPC' },
  { id: 'schedule', label: 'Scheduling' },
  { id: 'caps', label: 'Caps' },
  { id: 'untyped', label: 'Untyped' },
  { id: 'exercise', label: 'Exercise' },
] as const;

type TabId = (typeof TABS)[number]['id'];

export function InspectorPanel() {
  const [tab, setTab] = useState<TabId>('disassembly');
  const running = useLab(selectRunState) === 'running';
  const live = !(tab === 'disassembly' || tab === 'memory');
  const kernelTab = live && tab !== 'exercise';
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
        {running && !kernelTab ? <span className="muted">running…</span> : null}
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
    case 'syscalls': return <SyscallsView />;
    case 'ipc': return <IpcView />;
    case 'schedule': return <ScheduleView />;
    case 'caps': return <CapsView />;
    case 'untyped': return <UntypedView />;
    case 'exercise': return <ExerciseView />;
  }
}

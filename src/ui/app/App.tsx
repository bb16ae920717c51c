// The lab page's root component: layout only (the workspace grid with its splitters,
// sizes from src/ui/layout/). UI layer.

import type { CSSProperties } from 'react';
import { gridStyle, useLayout } from '../layout/layout.ts';
import { Splitters } from '../layout/Splitters.tsx';
import '../layout/layout.css';
import { EditorPanel } from '../panels/EditorPanel.tsx';
import { InspectorPanel } from '../panels/InspectorPanel.tsx';
import { RegistersPanel } from '../panels/RegistersPanel.tsx';
import { ScenarioBar } from '../panels/ScenarioBar.tsx';
import { StatusBar } from '../panels/StatusBar.tsx';
import { TerminalPanel } from '../panels/TerminalPanel.tsx';
import { Toolbar } from '../panels/Toolbar.tsx';
import { selectTheme } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';

export function App() {
  const theme = useLab(selectTheme);
  const layout = useLayout();
  return (
    <div className="lab" data-theme={theme}>
      <header className="lab-head">
        <Toolbar />
        <ScenarioBar />
      </header>
      <main className={`workspace${layout ? ' ws-custom' : ''}`} style={gridStyle(layout) as CSSProperties}>
        <EditorPanel />
        <RegistersPanel />
        <InspectorPanel />
        <TerminalPanel />
        <Splitters />
      </main>
      <StatusBar />
    </div>
  );
}

// The lab page's root component: layout only. UI layer.

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
  return (
    <div className="lab" data-theme={theme}>
      <header className="lab-head">
        <Toolbar />
        <ScenarioBar />
      </header>
      <main className="workspace">
        <EditorPanel />
        <RegistersPanel />
        <InspectorPanel />
        <TerminalPanel />
      </main>
      <StatusBar />
    </div>
  );
}

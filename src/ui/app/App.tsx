// The lab page's root component: layout only (the workspace grid with its splitters,
// sizes from src/ui/layout/). The Linux panel, when shown, stacks above the registers
// in the middle column. UI layer.

import type { CSSProperties } from 'react';
import { gridStyle, useLayout } from '../layout/layout.ts';
import { Splitters } from '../layout/Splitters.tsx';
import '../layout/layout.css';
import { EditorPanel } from '../panels/EditorPanel.tsx';
import { InspectorPanel } from '../panels/InspectorPanel.tsx';
import { LinuxPanel } from '../panels/linux/LinuxPanel.tsx';
import { linuxPanelVisible } from '../panels/linux/linuxActions.ts';
import { selectLinuxScenario, useLinux } from '../panels/linux/linuxStore.ts';
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
  const linuxShown = useLinux((s) => s.shown);
  const linux = linuxPanelVisible(linuxShown, useLab(selectLinuxScenario));
  return (
    <div className="lab" data-theme={theme}>
      <header className="lab-head">
        <Toolbar />
        <ScenarioBar />
      </header>
      <main className={`workspace${layout ? ' ws-custom' : ''}`} style={gridStyle(layout) as CSSProperties}>
        <EditorPanel />
        {linux ? (
          <div className="regs-stack">
            <LinuxPanel />
            <RegistersPanel />
          </div>
        ) : <RegistersPanel />}
        <InspectorPanel />
        <TerminalPanel />
        <Splitters />
      </main>
      <StatusBar />
    </div>
  );
}

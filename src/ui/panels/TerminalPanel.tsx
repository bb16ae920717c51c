// Terminal panel: the machine's serial port (UART) shown in xterm. UI layer.

import { useEffect, useRef } from 'react';
import { createTerminalView } from './terminalView.ts';

export function TerminalPanel() {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const view = createTerminalView(host.current!);
    return () => view.dispose();
  }, []);
  return (
    <section className="panel terminal-panel" aria-label="Serial output">
      <header className="panel-title">Serial console (UART)</header>
      <div ref={host} className="terminal-host" data-testid="terminal" />
    </section>
  );
}

// The serial terminal: an xterm.js view fed from the terminal sink (not from React),
// sized to its panel, sending typed keys to the machine's UART. UI layer; a
// factory (el) -> { dispose }.

import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import * as actions from '../state/actions.ts';
import { outputHistory, subscribeOutput } from '../state/terminalSink.ts';

export interface TerminalView {
  terminal: Terminal;
  dispose(): void;
}

export function createTerminalView(el: HTMLElement): TerminalView {
  const terminal = new Terminal({
    convertEol: true,
    cursorBlink: false,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace',
    fontSize: 14,
    scrollback: 5000,
    theme: { background: '#1e2127', foreground: '#e6e6e6', cursor: '#e6e6e6', selectionBackground: '#44516b' },
  });
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  terminal.open(el);
  terminal.write(outputHistory());
  const unsubscribe = subscribeOutput((bytes) => terminal.write(bytes), () => terminal.reset());
  const input = terminal.onData((text) => actions.sendInput(text));
  const resize = new ResizeObserver(() => {
    if (el.clientWidth > 0 && el.clientHeight > 0) fit.fit();
  });
  resize.observe(el);
  return {
    terminal,
    dispose() {
      resize.disconnect();
      input.dispose();
      unsubscribe();
      terminal.dispose();
    },
  };
}

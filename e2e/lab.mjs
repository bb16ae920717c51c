// The lab page in lab terms, for the end-to-end specs: open it, put a program in the
// editor, press toolbar commands, wait for serial output, run state, stops, markers,
// read registers. Every wait polls the page for a visible condition with a timeout.

import assert from 'node:assert/strict';

const DEFAULT_TIMEOUT = 15_000;

export class Lab {
  constructor(page, shotDir) {
    this.page = page;
    this.shotDir = shotDir;
  }

  async open(url) {
    await this.page.goto(url);
    await this.page.locator('.monaco-editor .view-lines').waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT });
    await this.page.waitForFunction(() => window.caplab?.store.getState().connected === true, null, { timeout: DEFAULT_TIMEOUT });
    await this.waitRestored();
  }

  /** Waits until the saved work (IndexedDB) has been read back and the address's
   *  share link or ?scenario= has been handled. */
  async waitRestored() {
    await this.page.waitForFunction(() => window.caplab?.store.getState().restored === true, null, { timeout: DEFAULT_TIMEOUT });
  }

  /** Waits until the work saved in IndexedDB contains `text`. */
  async waitSaved(text) {
    await this.waitFor((t) => window.caplab?.hooks.saveLog?.lastJson.includes(t), text);
  }

  /** Reloads the page and waits until it is connected and has restored the work. */
  async reload() {
    await this.page.reload();
    await this.page.locator('.monaco-editor .view-lines').waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT });
    await this.page.waitForFunction(() => window.caplab?.store.getState().connected === true, null, { timeout: DEFAULT_TIMEOUT });
    await this.waitRestored();
  }

  /** The toolbar button of a registered command, by its accessible name. */
  button(label) {
    return this.page.getByRole('button', { name: label, exact: true });
  }

  async press(label) {
    await this.button(label).click();
  }

  /** Replaces the whole project with one file (assembly unless `name` says .c),
   *  as loading an example does, and waits until the editor shows it. */
  async replaceProgram(text, name = 'prog.s') {
    await this.page.evaluate(([t, n]) => window.caplab.loadProject([{ name: n, text: t }]), [text, name]);
    await this.waitFor((t) => window.caplab.store.getState().source === t && window.caplab.hooks.editor.getModel().getValue() === t, text);
  }

  /** Replaces the project with several files; the first is opened. */
  async loadProject(files) {
    await this.page.evaluate((fs) => window.caplab.loadProject(fs), files);
    await this.waitFor((n) => window.caplab.hooks.editor.getModel().uri.path === `/${n}`, files[0].name);
  }

  /** Picks an entry of the toolbar's Example menu ("C: hello", "Assembly: hello"). */
  async example(label) {
    await this.page.getByRole('combobox', { name: 'Example' }).selectOption({ label });
  }

  /** Opens a file's tab. */
  async openFile(name) {
    await this.page.getByRole('tab', { name, exact: true }).click();
    await this.waitFor((n) => window.caplab.hooks.editor.getModel().uri.path === `/${n}`, name);
  }

  /** Selects `text` (its first occurrence on `line`) in the editor, so typing replaces it. */
  async selectText(line, text) {
    await this.page.evaluate(([l, t]) => {
      const ed = window.caplab.hooks.editor;
      const col = ed.getModel().getLineContent(l).indexOf(t) + 1;
      ed.setSelection({ startLineNumber: l, startColumn: col, endLineNumber: l, endColumn: col + t.length });
      ed.focus();
    }, [line, text]);
  }

  async focusEditor() {
    await this.page.locator('.monaco-editor .view-lines').click();
  }

  /** Moves the cursor to the end of `line` (1-based) through Monaco's own API. */
  async cursorToLineEnd(line) {
    await this.page.evaluate((l) => {
      const ed = window.caplab.hooks.editor;
      ed.setPosition({ lineNumber: l, column: ed.getModel().getLineMaxColumn(l) });
      ed.focus();
    }, line);
  }

  async source() {
    return this.page.evaluate(() => window.caplab.store.getState().source);
  }

  async lineOf(text) {
    const src = await this.source();
    const i = src.split('\n').findIndex((l) => l.includes(text));
    assert.ok(i >= 0, `no line containing ${JSON.stringify(text)}`);
    return i + 1;
  }

  async terminalText() {
    return this.page.locator('[data-testid=terminal] .xterm-rows').innerText();
  }

  async waitForTerminal(text, timeout = DEFAULT_TIMEOUT) {
    await this.page.waitForFunction(
      (t) => document.querySelector('[data-testid=terminal] .xterm-rows')?.textContent?.includes(t),
      text,
      { timeout },
    );
  }

  async runState() {
    return this.page.locator('[data-testid=run-state]').textContent();
  }

  async waitForState(state, timeout = DEFAULT_TIMEOUT) {
    await this.page.waitForFunction(
      (s) => document.querySelector('[data-testid=run-state]')?.textContent === s,
      state,
      { timeout },
    );
  }

  /** Does `action`, then waits until the machine reports a new stop (of `kind`, when
   *  given: a Run that rebuilds first reports the fresh load as a 'reset' stop). */
  async nextStop(action, kind) {
    const n = await this.page.evaluate(() => window.caplab.store.getState().stopCount);
    await action();
    await this.waitFor(([k, want]) => {
      const s = window.caplab.store.getState();
      return s.stopCount > k && (want === undefined || s.stop?.kind === want);
    }, [n, kind]);
    return this.page.evaluate(() => window.caplab.store.getState().stop);
  }

  async waitFor(fn, arg, timeout = DEFAULT_TIMEOUT) {
    await this.page.waitForFunction(fn, arg, { timeout });
  }

  /** Register values as shown in the register view, by name (x0.., sp, pc). */
  async registers() {
    return this.page.$$eval('.register', (els) =>
      Object.fromEntries(els.map((e) => [e.dataset.reg, { value: e.querySelector('dd').textContent, changed: e.classList.contains('changed') }])));
  }

  /** The store's line breakpoints of a file, as line numbers. */
  async breakpointLines(file) {
    return this.page.evaluate((f) => window.caplab.store.getState().lineBreakpoints.filter((b) => b.file === f).map((b) => b.line), file);
  }

  /** Where the machine last stopped, as "file:line". */
  async stopLine() {
    return this.page.evaluate(() => {
      const s = window.caplab.store.getState().stopSource;
      return s ? `${s.file}:${s.line}` : null;
    });
  }

  /** Monaco's build markers on the model (what the squiggles show). */
  async markers() {
    return this.page.evaluate(() => window.caplab.hooks.markers().map((m) => ({
      line: m.startLineNumber, column: m.startColumn, endColumn: m.endColumn, severity: m.severity, message: m.message,
    })));
  }

  async instret() {
    return this.page.evaluate(() => window.caplab.liveStats().instret);
  }

  /** Moves the mouse onto the middle of `word` on `line` (for the editor's hover). */
  async hoverWord(line, word) {
    const at = await this.page.evaluate(([l, w]) => {
      const ed = window.caplab.hooks.editor;
      ed.revealLineInCenter(l);
      const col = ed.getModel().getLineContent(l).indexOf(w) + 1 + Math.floor(w.length / 2);
      const pos = ed.getScrolledVisiblePosition({ lineNumber: l, column: col });
      const box = ed.getDomNode().getBoundingClientRect();
      return { x: box.left + pos.left + 2, y: box.top + pos.top + pos.height / 2 };
    }, [line, word]);
    await this.page.mouse.move(at.x - 30, at.y);
    await this.page.mouse.move(at.x, at.y, { steps: 4 });
  }

  /** Clicks the glyph margin of a source line (toggles a breakpoint there). */
  async clickGlyphMargin(line) {
    await this.page.evaluate((l) => window.caplab.hooks.editor.revealLineInCenter(l), line);
    const top = await this.page.evaluate((l) => window.caplab.hooks.editor.getTopForLineNumber(l) - window.caplab.hooks.editor.getScrollTop(), line);
    const margin = this.page.locator('.monaco-editor .glyph-margin');
    const box = await margin.boundingBox();
    const lineHeight = await this.page.evaluate((l) => {
      const ed = window.caplab.hooks.editor;
      return ed.getTopForLineNumber(l + 1) - ed.getTopForLineNumber(l);
    }, line);
    await this.page.mouse.click(box.x + box.width / 2, box.y + top + Math.max(4, lineHeight / 2));
  }

  async screenshot(name) {
    const path = `${this.shotDir}/${name}.png`;
    await this.page.screenshot({ path });
    return path;
  }
}

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
  }

  /** The toolbar button of a registered command, by its accessible name. */
  button(label) {
    return this.page.getByRole('button', { name: label, exact: true });
  }

  async press(label) {
    await this.button(label).click();
  }

  /** Replaces the whole program as a paste does: one edit through Monaco, undoable,
   *  without the auto-indent that typing line by line would add. */
  async replaceProgram(text) {
    await this.focusEditor();
    await this.page.evaluate((t) => {
      const ed = window.caplab.hooks.editor;
      ed.pushUndoStop();
      ed.executeEdits('paste', [{ range: ed.getModel().getFullModelRange(), text: t }]);
      ed.pushUndoStop();
    }, text);
    await this.waitFor((t) => window.caplab.store.getState().source === t, text);
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

  /** Monaco's build markers on the model (what the squiggles show). */
  async markers() {
    return this.page.evaluate(() => window.caplab.hooks.markers().map((m) => ({
      line: m.startLineNumber, column: m.startColumn, endColumn: m.endColumn, severity: m.severity, message: m.message,
    })));
  }

  async instret() {
    return this.page.evaluate(() => window.caplab.liveStats().instret);
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

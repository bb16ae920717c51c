// Issue 7 in the page: ?scenario=linux-compat opens the Linux panel with the x7 = -3
// program; run in fault mode, the ambiguous write is missing and the panel explains
// the misrouted call (and step 1 of the exercise passes); in window mode the whole
// output is there. A file that is not an
// ELF is refused with the reason and the editor keeps its files; a gcc-built binary
// (tests/fixtures/compat/manysites.S) uploads, runs, and its traps are in the Syscalls
// view; Compare fills the cost table (cycles per call plotted for the scenario's
// program, cycles per call for manysites too: its baseline is its own thread in fault mode), whose marked column
// follows the mode chosen.
// Screenshots of the panel in the light and the dark theme.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from './harness.mjs';

const baseOf = (page) => page.url().split(/[?#]/)[0];

/** manysites, built as the issue says: aarch64-linux-gnu-gcc -static -nostdlib. */
function buildManysites() {
  const out = join(mkdtempSync(join(tmpdir(), 'caplab-e2e-')), 'manysites');
  execFileSync('aarch64-linux-gnu-gcc', ['-static', '-nostdlib', '-o', out, 'tests/fixtures/compat/manysites.S']);
  return out;
}

async function chooseMode(panel, mode) {
  await panel.locator(`label[data-mode="${mode}"]`).click();
  await panel.locator(`label[data-mode="${mode}"].checked`).waitFor();
}

async function runInMode(lab, panel, mode) {
  await chooseMode(panel, mode);
  await lab.waitFor(() => window.caplab.store.getState().runState !== 'running' && !window.caplab.store.getState().building);
  await panel.getByRole('button', { name: 'Run in this mode' }).click();
  await lab.waitForState('halted', 30_000);
}

/** The cost table's cell for a metric in the marked (chosen) mode's column. */
const currentCell = (panel, metric) => panel.locator(`tr[data-metric="${metric}"] td.current`).innerText();

test('linux: x7 = -3 misrouted in fault mode, whole with the origin window; upload, traps, compare', async ({ page, lab }) => {
  const binary = buildManysites();
  await lab.open(`${baseOf(page)}?scenario=linux-compat`);
  const panel = page.getByTestId('linux-panel');
  await panel.waitFor();
  assert.match(await panel.innerText(), /lab kernel extension, not seL4/);
  assert.match(await panel.innerText(), /a model/);

  // (a) Fault handler: the ambiguous write never reaches linux-compat.
  await runInMode(lab, panel, 'fault');
  await lab.waitForTerminal('it never reached linux-compat');
  const faultOut = await lab.terminalText();
  assert.ok(faultOut.includes('before: an ordinary write'));
  assert.ok(!faultOut.includes('ambiguous: this write'), 'the misrouted write printed nothing');
  await page.getByTestId('lx-misrouted').filter({ hasText: 'seL4 issue #477' }).waitFor();
  assert.equal(await page.getByTestId('lx-misrouted-count').innerText(), '1');
  await lab.screenshot('linux-10-fault-light');
  await page.getByRole('tab', { name: 'Exercise' }).click();
  await page.getByTestId('checklist-summary').filter({ hasText: 'All checks pass' }).waitFor();

  // (b) Origin window: every svc of the program faults; the write is back.
  await runInMode(lab, panel, 'window');
  await lab.waitForTerminal('reached linux-compat and wrote');
  assert.ok((await lab.terminalText()).includes('ambiguous: this write has x7 = -3 (seL4_Send)'));
  await lab.waitFor(() => document.querySelector('[data-testid="lx-misrouted-count"]')?.textContent === '0');
  assert.equal(await page.getByTestId('lx-misrouted').count(), 0, 'no misrouted explanation');

  // The four ways on this program (it has a baseline: cycles per call, plotted).
  await panel.getByRole('button', { name: 'Compare the four ways' }).click();
  await page.getByTestId('lx-cost-table').waitFor({ timeout: 60_000 });
  assert.equal(await panel.locator('tr[data-metric="misrouted"] td[data-mode="fault"]').innerText(), '1');
  assert.equal(await panel.locator('tr[data-metric="misrouted"] td[data-mode="window"]').innerText(), '0');
  assert.match(await currentCell(panel, 'cycles'), /^[\d,.]+$/, 'cycles per call with a baseline');
  await page.getByTestId('lx-cost-plot').locator('text.lx-plot-title', { hasText: 'modelled cycles' }).waitFor();
  assert.equal(await page.getByTestId('lx-cost-plot').locator('g.lx-bar').count(), 4);
  await panel.locator('.lx-compare').scrollIntoViewIfNeeded();
  await lab.screenshot('linux-15-compare-cycles');

  // A file that is not an ELF: refused with the reason; the editor's files stay.
  const source = await lab.source();
  await page.getByTestId('lx-upload').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('these are notes, not a program\n') });
  await page.getByTestId('lx-upload-error').filter({ hasText: 'Cannot run notes.txt' }).waitFor();
  assert.match(await page.getByTestId('lx-upload-error').innerText(), /ELF/);
  assert.equal(await lab.source(), source, 'the editor is untouched');
  await lab.screenshot('linux-20-upload-refused');

  // A gcc-built static binary: uploaded, run in fault mode, its traps in the Syscalls view.
  await page.getByTestId('lx-upload').setInputFiles(binary);
  await page.getByTestId('lx-program').filter({ hasText: 'uploaded manysites' }).waitFor();
  assert.equal(await page.getByTestId('lx-upload-error').count(), 0);
  assert.equal(await lab.source(), source, 'the editor is untouched');
  await runInMode(lab, panel, 'fault');
  await lab.waitForTerminal('every register kept');
  await page.getByTestId('lx-calls').filter({ hasText: /^1,?6\d\d$/ }).waitFor();
  await page.getByRole('tab', { name: 'Syscalls' }).click();
  await page.locator('tr[aria-label*="manysites"]').first().waitFor();
  const faults = await page.locator('tr[aria-label*="manysites"]', { hasText: 'UnknownSyscall' }).count();
  assert.ok(faults > 0, 'the Syscalls view shows the program\'s UnknownSyscall faults');
  await page.getByLabel('Filter by thread').selectOption('manysites');
  await page.locator('tr[aria-label*="manysites"]', { hasText: 'UnknownSyscall' }).last().scrollIntoViewIfNeeded();
  await lab.screenshot('linux-30-syscalls');

  // Compare the four ways; the marked column follows the chosen mode.
  await panel.getByRole('button', { name: 'Compare the four ways' }).click();
  await page.getByTestId('lx-cost-table').waitFor({ timeout: 60_000 });
  const faultEntries = await currentCell(panel, 'entries');
  assert.equal(await currentCell(panel, 'faults'), '1');
  await chooseMode(panel, 'patch');
  await lab.waitFor(() => document.querySelector('th.current[data-mode="patch"]') !== null);
  await lab.waitForState('ready');
  const patchEntries = await currentCell(panel, 'entries');
  assert.notEqual(patchEntries, faultEntries, 'the marked column changed with the mode');
  assert.ok(Number(patchEntries) < Number(faultEntries), `patching enters the kernel less (${patchEntries} < ${faultEntries})`);
  assert.ok(Number((await currentCell(panel, 'sites')).replace(/,/g, '')) > 10);
  await page.getByTestId('lx-cost-plot').locator('g.lx-bar.current').waitFor();
  await panel.locator('.lx-compare').scrollIntoViewIfNeeded();
  await lab.screenshot('linux-40-compare-light');
  await lab.button('Theme').click();
  await lab.waitFor(() => document.querySelector('.lab')?.getAttribute('data-theme') === 'dark');
  await lab.screenshot('linux-41-compare-dark');
  await panel.locator('.lx-modes').scrollIntoViewIfNeeded();
  await lab.screenshot('linux-42-modes-dark');
});

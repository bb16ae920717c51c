// The Exercise tab's live checklist: ?scenario=hello-c shows step 1's check pending,
// Run ticks it (the worker evaluates the checks and sends verdicts); step 2 fails on
// the old run's output, and after editing add.s (#1 -> #2) and running again it
// ticks too. Both themes are screenshotted.

import assert from 'node:assert/strict';
import { test } from './harness.mjs';

const baseOf = (page) => page.url().split(/[?#]/)[0];

async function marks(page) {
  return page.locator('[data-testid=checklist] li').evaluateAll((els) => els.map((e) => e.dataset.mark));
}

async function waitMarks(lab, want) {
  await lab.waitFor((w) => [...document.querySelectorAll('[data-testid=checklist] li')].map((e) => e.dataset.mark).join() === w, want.join());
}

test('exercise: the checklist ticks as the program runs, step by step', async ({ page, lab }) => {
  await lab.open(`${baseOf(page)}?scenario=hello-c`);
  await page.getByRole('tab', { name: 'Exercise' }).click();
  const list = page.getByRole('list', { name: 'Checks of this step' });
  await list.waitFor();
  const first = list.getByRole('listitem', { name: 'not run yet: the serial output contains "Hello from CapLab"' });
  await first.waitFor();
  assert.deepEqual(await marks(page), ['pending']);
  await page.getByTestId('checklist-summary').filter({ hasText: 'Run the program to check this step' }).waitFor();

  await lab.press('Run');
  await lab.waitForTerminal('Hello from CapLab');
  await list.getByRole('listitem', { name: 'passes: the serial output contains "Hello from CapLab"' }).waitFor();
  await page.getByTestId('checklist-summary').filter({ hasText: 'All checks pass — go on to the next step' }).waitFor();
  await lab.screenshot('70-exercise-step1-ticked');

  await page.getByTestId('exercise').getByRole('button', { name: 'Next' }).click();
  await page.getByTestId('exercise').filter({ hasText: 'Step 2 of 2: Change add_one' }).waitFor();
  // The new step's check is answered at once against the run that just ended: it fails, and says why.
  await waitMarks(lab, ['fail']);
  const failing = list.getByRole('listitem', { name: /^fails: the serial output matches \/1 \\\+ 1 = 3\/ \(not in the output/ });
  await failing.waitFor();
  assert.match(await failing.innerText(), /not in the output \(it ends: .*1 \+ 1 = 2/);
  await lab.screenshot('71-exercise-step2-failing');

  await lab.openFile('add.s');
  await lab.selectText(await lab.lineOf('add     w0, w0, #1'), '#1');
  await page.keyboard.type('#2');
  await lab.waitFor(() => window.caplab.store.getState().files.find((f) => f.name === 'add.s').text.includes('w0, #2'));
  await lab.press('Run');
  await lab.waitForTerminal('1 + 1 = 3');
  await waitMarks(lab, ['pass']);
  await page.getByTestId('checklist-summary').filter({ hasText: 'All checks pass' }).waitFor();
  const colour = await page.locator('[data-testid=checklist] li .check-mark').evaluate((e) => getComputedStyle(e).color);
  assert.equal(colour, 'rgb(27, 122, 61)'); // --good in the light theme
  await lab.screenshot('72-exercise-step2-ticked');

  await lab.press('Theme');
  await page.locator('.lab[data-theme=dark]').waitFor();
  const dark = await page.locator('[data-testid=checklist] li .check-mark').evaluate((e) => getComputedStyle(e).color);
  assert.equal(dark, 'rgb(95, 211, 141)'); // --good in the dark theme
  await lab.screenshot('73-exercise-ticked-dark');
});

test('exercise: a system-mode scenario (microkit-hello) builds its protection domains and runs in the page', async ({ page, lab }) => {
  await lab.open(`${baseOf(page)}?scenario=microkit-hello`);
  assert.equal(await page.evaluate(() => window.caplab.store.getState().files.map((f) => f.name).join()), 'client.c,server.c');
  await page.getByRole('tab', { name: 'Exercise' }).click();
  await page.getByTestId('system-note').filter({ hasText: 'follow the protection domain on the CPU' }).waitFor();
  await lab.press('Run');
  await lab.waitForTerminal('client: hello from the client');
  const text = await lab.terminalText();
  assert.ok(text.indexOf('server: ready') >= 0 && text.indexOf('server: ready') < text.indexOf('client: hello from the client'), text);
  // The PDs end waiting in their event loops: said as the normal end, not as a failure.
  await lab.waitForTerminal('every protection domain is waiting for an event');
  await waitMarks(lab, ['pass', 'pass', 'pass', 'pass']);
  await page.getByTestId('checklist').scrollIntoViewIfNeeded();
  await page.getByTestId('checklist-summary').filter({ hasText: 'All checks pass' }).waitFor();
  await lab.screenshot('74-microkit-hello-run');
});

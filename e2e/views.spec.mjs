// The views beyond the basics: breakpoints set from the disassembly and on lines
// without code, and the dark theme.

import assert from 'node:assert/strict';
import { test } from './harness.mjs';

const LOOP = `        .global _start
        .text
_start:
        mov     x0, #0
loop:
        add     x0, x0, #1
        sub     x1, x0, #1
        b       loop
`;

test('a breakpoint set in the disassembly view stops Continue there', async ({ page, lab }) => {
  await lab.replaceProgram(LOOP);
  await lab.press('Build');
  await lab.waitForState('ready');
  const sub = await page.evaluate(() => window.caplab.store.getState().lines.find((l) => l.line === 7).addr.toString(16).padStart(8, '0'));
  await page.getByRole('button', { name: `Toggle breakpoint at 0x${sub}` }).click();
  await lab.waitFor(() => window.caplab.store.getState().armedAddresses.length === 1);
  assert.equal(await page.getByRole('button', { name: `Toggle breakpoint at 0x${sub}` }).getAttribute('aria-pressed'), 'true');
  const stop = await lab.nextStop(() => lab.press('Run'), 'breakpoint');
  assert.equal(stop.kind, 'breakpoint');
  assert.equal(stop.pc.toString(16).padStart(8, '0'), sub);
  assert.equal(await page.evaluate(() => window.caplab.store.getState().stopSource?.line), 7);
});

test('a breakpoint on a label line stops at the next line with code; one past the code is hollow', async ({ page, lab }) => {
  await lab.replaceProgram(LOOP);
  await lab.clickGlyphMargin(5); // "loop:"
  await lab.clickGlyphMargin(9); // after the last instruction
  await page.locator('.monaco-editor .bp-glyph').nth(1).waitFor({ state: 'visible' });
  const stop = await lab.nextStop(() => lab.press('Run'), 'breakpoint');
  assert.equal(stop.kind, 'breakpoint');
  assert.equal(await page.evaluate(() => window.caplab.store.getState().stopSource?.line), 6);
  await page.locator('.monaco-editor .bp-glyph.bp-unresolved').waitFor({ state: 'visible' });
  assert.deepEqual(await page.evaluate(() => window.caplab.store.getState().unresolvedLines), [{ file: 'prog.s', line: 9 }]);
  await lab.screenshot('10-label-breakpoint');
});

test('the dark theme switches the page and the editor, and is remembered', async ({ page, lab }) => {
  await lab.press('Run');
  await lab.waitForTerminal('Hello from CapLab');
  await lab.waitForState('halted');
  await lab.press('Theme');
  await page.locator('.lab[data-theme=dark]').waitFor();
  await page.locator('.monaco-editor.vs-dark').waitFor();
  const bg = await page.locator('.panel').first().evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.equal(bg, 'rgb(27, 30, 35)');
  await lab.screenshot('11-dark');
  await page.reload();
  await page.locator('.lab[data-theme=dark]').waitFor();
});

test('fits a small laptop screen without sideways scrolling', async ({ page, lab }) => {
  await page.setViewportSize({ width: 1024, height: 640 });
  await lab.press('Run');
  await lab.waitForTerminal('Hello from CapLab');
  await lab.waitForState('halted');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the window`);
  for (const name of ['Program', 'Registers', 'Disassembly', 'Serial output']) {
    const box = await page.getByRole('region', { name }).boundingBox();
    assert.ok(box && box.width > 150 && box.height > 100, `${name} is visible (${JSON.stringify(box)})`);
    assert.ok(box.x >= 0 && box.x + box.width <= 1024, `${name} lies inside the window (${JSON.stringify(box)})`);
  }
  for (const label of ['Build', 'Run', 'Pause', 'Step line', 'Step over', 'Step out', 'Step instr', 'Over instr', 'Reset', 'Theme']) {
    const box = await lab.button(label).boundingBox();
    assert.ok(box.x + box.width <= 1024, `the ${label} button lies inside the window`);
  }
  await lab.screenshot('12-small-screen');
});

test('the memory view shows the greeting string by its symbol and follows stops', async ({ page, lab }) => {
  await lab.example('Assembly: hello');
  await lab.waitFor(() => window.caplab.store.getState().fileName === 'hello.s');
  await lab.press('Build');
  await lab.waitForState('ready');
  await page.getByRole('tab', { name: 'Memory' }).click();
  const input = page.getByLabel('Address');
  await input.fill('message');
  await input.press('Enter');
  const dump = page.getByRole('table', { name: /^Memory at 0x/ });
  await dump.waitFor();
  assert.match(await dump.innerText(), /Hello fr/);
  assert.match(await dump.innerText(), /om CapLa/);
  assert.match(await dump.innerText(), /48 65 6c 6c 6f/);
  await input.fill('0x10');
  await input.press('Enter');
  await page.getByText(/cannot read 0x10/).waitFor();
  await input.fill('nowhere');
  await input.press('Enter');
  await page.getByText("don't know 'nowhere'").waitFor();
  // seL4 starts the root task with no stack (sp = 0) and x0 = the BootInfo frame.
  await input.fill('sp');
  await input.press('Enter');
  await page.getByText(/cannot read 0x0: translation fault at level \d \(in the VSpace of thread rootserver\)/).waitFor();
  await input.fill('x0');
  await input.press('Enter');
  const bootInfo = await page.evaluate(() => window.caplab.store.getState().registers.x[0].toString(16).padStart(8, '0'));
  await page.getByRole('table', { name: `Memory at 0x${bootInfo}` }).waitFor();
  await page.getByText('in the VSpace of thread rootserver').waitFor();
  await lab.screenshot('13-memory');
  await page.getByRole('tab', { name: 'Disassembly' }).click();
  await page.getByRole('region', { name: 'Disassembly' }).getByText('adr').first().waitFor();
});

test('a line breakpoint follows its line when lines are inserted above it', async ({ page, lab }) => {
  await lab.replaceProgram(LOOP);
  await lab.press('Build');
  await lab.waitForState('ready');
  await lab.clickGlyphMargin(7); // sub x1, x0, #1
  await lab.waitFor(() => window.caplab.store.getState().armedAddresses.length === 1);
  await lab.cursorToLineEnd(4);
  await page.keyboard.press('Enter');
  await page.keyboard.type('nop');
  await lab.waitFor(() => window.caplab.store.getState().lineBreakpoints[0]?.line === 8);
  const stop = await lab.nextStop(() => lab.press('Run'), 'breakpoint');
  assert.equal(stop.kind, 'breakpoint');
  assert.equal(await page.evaluate(() => window.caplab.store.getState().stopSource?.line), 8);
  assert.match((await lab.source()).split('\n')[7], /sub\s+x1, x0, #1/);
});

test('a running machine does not churn the store: live figures bypass React', async ({ page, lab }) => {
  await lab.replaceProgram(LOOP);
  await lab.press('Run');
  await lab.waitForState('running');
  const seen = await page.evaluate(() => new Promise((resolve) => {
    let updates = 0;
    const unsub = window.caplab.store.subscribe(() => updates++);
    const from = window.caplab.liveStats().instret;
    setTimeout(() => {
      unsub();
      resolve({ updates, instructions: window.caplab.liveStats().instret - from });
    }, 1000);
  }));
  assert.ok(seen.instructions > 1_000_000, `the machine ran (${seen.instructions} instructions in 1 s)`);
  assert.equal(seen.updates, 0, 'no store updates while running');
  assert.match(await page.getByTestId('instret').innerText(), /[1-9][\d,]* instructions/);
  await lab.press('Pause');
  await lab.waitForState('paused');
});

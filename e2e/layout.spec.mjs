// The workspace layout and the Syscalls view's source jump: a row of an assembly
// program's seL4_DebugPutChar shows its instruction (svc #0) and a click or Enter on
// it puts the editor's cursor on that line; the splitters resize the panels by
// pointer and keyboard, the sizes survive a reload, and "Reset layout" undoes them.
// Screenshots in the light and dark themes (structure asserted, pixels not compared).

import assert from 'node:assert/strict';
import { test } from './harness.mjs';

const SVC_LINE = 8;
const PRINT = `        .global _start
        .text
_start:
        adr     x19, message
print:
        ldrb    w0, [x19], #1
        mov     x7, #-9             // seL4_DebugPutChar
        svc     #0
        ldrb    w0, [x19]
        cbnz    w0, print
        mov     x7, #-11            // seL4_DebugHalt
        svc     #0

        .section .rodata
message:
        .asciz  "hi!\\n"
`;

const rows = 'table[aria-label="Kernel entries"] tbody tr';
const cursorLine = (page) => page.evaluate(() => window.caplab.hooks.editor.getPosition().lineNumber);

test('syscalls: a row shows the instruction at its pc and jumps the editor to its line', async ({ page, lab }) => {
  await lab.replaceProgram(PRINT, 'print.s');
  await page.getByRole('tab', { name: 'Syscalls', exact: true }).click();
  await lab.press('Run');
  await lab.waitForTerminal('hi!');
  await lab.waitForState('halted');
  await lab.waitFor((sel) => [...document.querySelectorAll(sel)].filter((r) => r.textContent.includes('DebugPutChar')).length === 4, rows);
  // The instruction column fills in as the worker answers (one request per pc).
  await lab.waitFor((sel) => [...document.querySelectorAll(sel)].some((r) => r.querySelector('.kv-insn')?.textContent.startsWith('svc')), rows);
  await page.evaluate(() => window.caplab.hooks.editor.setPosition({ lineNumber: 1, column: 1 }));
  const putChar = page.locator(rows, { hasText: 'DebugPutChar' });
  await putChar.nth(1).click();
  await lab.waitFor((want) => window.caplab.hooks.editor.getPosition().lineNumber === want, SVC_LINE);
  await page.locator('.kv-details').waitFor();
  assert.match(await page.locator('.kv-details').textContent(), new RegExp(`shown in the editor: print\\.s:${SVC_LINE}`));
  assert.match(await page.locator('.kv-details').textContent(), /svc\s+#0/);
  await lab.screenshot('layout-syscalls-jump');
  // Enter on the halt's row goes to its svc.
  await page.evaluate(() => window.caplab.hooks.editor.setPosition({ lineNumber: 1, column: 1 }));
  const halt = page.locator(rows, { hasText: 'DebugHalt' }).first();
  await halt.focus();
  await page.keyboard.press('Enter');
  await lab.waitFor(() => window.caplab.hooks.editor.getPosition().lineNumber === 12);
  assert.equal(await cursorLine(page), 12);
});

const width = (page, sel) => page.locator(sel).evaluate((e) => e.getBoundingClientRect().width);
const height = (page, sel) => page.locator(sel).evaluate((e) => e.getBoundingClientRect().height);

test('layout: splitters resize by drag and keys, persist across a reload, and Reset layout restores them', async ({ page, lab }) => {
  const split = page.locator('[role=separator][data-splitter=editor]');
  await split.waitFor();
  assert.equal(await split.getAttribute('aria-orientation'), 'vertical');
  const editor0 = await width(page, '.editor-panel');
  const value0 = Number(await split.getAttribute('aria-valuenow'));
  // Drag the editor's right edge 150 px to the right.
  const box = await split.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 75, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width / 2 + 150, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  const editor1 = await width(page, '.editor-panel');
  assert.ok(Math.abs(editor1 - editor0 - 150) < 6, `editor ${editor0} -> ${editor1}`);
  assert.ok(Number(await split.getAttribute('aria-valuenow')) > value0);
  // The console row by keyboard: two steps down make the top row 32 px taller.
  const rowSplit = page.locator('[role=separator][data-splitter=console]');
  assert.equal(await rowSplit.getAttribute('aria-orientation'), 'horizontal');
  const top0 = await height(page, '.inspector-panel');
  await rowSplit.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await lab.waitFor((t) => Math.abs(document.querySelector('.inspector-panel').getBoundingClientRect().height - t - 32) < 4, top0);
  // A drag far past the edge stops at the minimum size.
  const mbox = await page.locator('[data-splitter=middle]').boundingBox();
  await page.mouse.move(mbox.x + 4, mbox.y + 40);
  await page.mouse.down();
  await page.mouse.move(mbox.x + 900, mbox.y + 40, { steps: 5 });
  await page.mouse.up();
  assert.ok(await width(page, '.inspector-panel') >= 199, 'the inspector keeps its minimum width');
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('caplab.layout')));
  assert.equal(stored.cols.length, 3);
  assert.equal(stored.rows.length, 2);
  const before = { editor: await width(page, '.editor-panel'), inspector: await width(page, '.inspector-panel'), top: await height(page, '.inspector-panel') };
  await lab.screenshot('layout-resized');
  await lab.reload();
  const after = { editor: await width(page, '.editor-panel'), inspector: await width(page, '.inspector-panel'), top: await height(page, '.inspector-panel') };
  for (const k of Object.keys(before)) assert.ok(Math.abs(after[k] - before[k]) < 3, `${k}: ${before[k]} before the reload, ${after[k]} after`);
  // A kernel view takes the wide spot with the sizes kept; then the dark theme.
  await page.getByRole('tab', { name: 'Syscalls', exact: true }).click();
  await lab.press('Theme');
  await page.locator('.lab[data-theme=dark]').waitFor();
  assert.ok(Math.abs(await width(page, '.editor-panel') - after.editor) < 3);
  await lab.screenshot('layout-resized-dark');
  await lab.press('Reset layout');
  await lab.waitFor(() => localStorage.getItem('caplab.layout') === null);
  await page.getByRole('tab', { name: 'Disassembly', exact: true }).click();
  await lab.waitFor((w) => Math.abs(document.querySelector('.editor-panel').getBoundingClientRect().width - w) < 3, editor0);
  await lab.screenshot('layout-reset-dark');
});

// What the page shows when a program faults (the seL4 kernel model's report: a
// VMFault with no fault handler leaves no thread to run) and how the register view
// decodes the condition flags.

import assert from 'node:assert/strict';
import { test } from './harness.mjs';

test('a bad memory access halts the machine with the kernel report', async ({ page, lab }) => {
  await lab.replaceProgram(`        .global _start
        .text
_start:
        mov     x1, #0x10
        ldr     x0, [x1]            // nothing is mapped at 0x10
`);
  await lab.press('Run');
  await lab.waitForState('halted');
  const report = await page.getByTestId('stop-reason').innerText();
  assert.match(report, /VMFault/);
  assert.match(report, /data access at 0x10\b/);
  assert.match(report, /no valid fault handler/);
  await lab.waitForTerminal('[kernel] no runnable thread left: rootserver: VMFault');
  assert.ok(await lab.button('Continue').isDisabled());
  assert.ok(await lab.button('Step instr').isDisabled());
  await lab.screenshot('08-fault');
  const again = await lab.nextStop(() => lab.press('Reset'));
  assert.equal(again.kind, 'reset');
  await lab.waitForState('ready');
});

test('the register view decodes NZCV after a compare', async ({ page, lab }) => {
  await lab.replaceProgram(`        .global _start
        .text
_start:
        mov     x0, #5
        cmp     x0, #5              // equal: Z and C set
        cmp     x0, #7              // 5 - 7: N set
spin:
        b       spin
`);
  await lab.press('Build');
  await lab.waitForState('ready');
  for (let i = 0; i < 2; i++) await lab.nextStop(() => lab.press('Step instr'));
  const flags = () => page.$$eval('.flag', (els) => els.map((e) => e.textContent).join(''));
  assert.equal(await flags(), 'nZCv');
  assert.ok(await page.locator('.flags.changed').isVisible(), 'the flags are highlighted as changed');
  await lab.nextStop(() => lab.press('Step instr'));
  assert.equal(await flags(), 'Nzcv');
  await lab.screenshot('09-flags');
});

// The kernel views on a Linux program (?scenario=linux-compat, its Linux panel): in
// fault mode the Syscalls view marks the Linux calls foreign with the call x8 names
// and the x7 = -3 write as possibly misrouted; in trap-and-patch mode it shows the
// origin window's refusals and the patched sites, and the Foreign calls filter keeps
// only such rows; in the virtual-CPU mode the calls are guest traps with no seL4
// entry; the Disassembly shows a patched site as a branch to its gate and
// follows it there; the Caps view heads the program's CSpace with its syscall window
// (a lab extension). Screenshots of each (structure asserted, pixels not compared).

import assert from 'node:assert/strict';
import { test } from './harness.mjs';

const baseOf = (page) => page.url().split(/[?#]/)[0];
const rows = (page) => page.locator('table[aria-label="Kernel entries"] tbody tr');

async function runMode(page, lab, label) {
  await page.locator('.lx-mode', { hasText: label }).click();
  await page.getByRole('button', { name: 'Run in this mode', exact: true }).click();
  await lab.waitForState('halted', 60_000);
  await page.locator('[data-testid=lx-stats]').waitFor({ state: 'visible' });
}

async function openTab(page, name) {
  await page.getByRole('tab', { name, exact: true }).click();
}

test('views linux: Syscalls marks foreign calls, origin refusals and patched sites; Disassembly follows a patched site to its gate', async ({ page, lab }) => {
  await lab.open(`${baseOf(page)}?scenario=linux-compat`);
  await page.locator('[data-testid=linux-panel]').waitFor({ state: 'visible' });
  await openTab(page, 'Syscalls');

  // (a) Fault handler: every Linux call is a foreign kernel entry; the x7 = -3 write is not.
  await runMode(page, lab, 'Fault handler');
  await page.locator('.kv-chip-linux').first().waitFor({ state: 'visible' });
  const linux = await page.locator('.kv-chip-linux').allTextContents();
  assert.ok(linux.includes('Linux write'), `Linux chips: ${linux.join(', ')}`);
  assert.ok(await page.locator('.kv-chip-suspect').count() >= 1, 'the x7 = -3 write is marked misrouted?');
  const suspect = rows(page).filter({ has: page.locator('.kv-chip-suspect') }).first();
  assert.match(await suspect.locator('td').nth(4).textContent(), /^Sendmisrouted\?$/);
  await lab.screenshot('views-linux-fault-syscalls');

  // (c) Trap and patch: refusals by the origin window, sites patched, the list above the table.
  await runMode(page, lab, 'Trap and patch');
  await page.locator('.kv-chip-origin').first().waitFor({ state: 'visible' });
  assert.ok(await page.locator('.kv-chip-patched').count() >= 1, 'a row says its site was patched');
  const patched = page.locator('[data-testid=patched-sites]');
  await patched.locator('summary').click();
  const siteButtons = patched.locator('li button');
  const siteCount = await siteButtons.count();
  assert.ok(siteCount >= 1);
  assert.match(await patched.locator('summary').textContent(), new RegExp(`^${siteCount} patched sites?`));
  const firstSite = (await siteButtons.first().textContent()).split(' ')[0];
  assert.match(firstSite, /^0x[0-9a-f]+$/);
  await siteButtons.first().click();
  const details = page.locator('.kv-details');
  await details.waitFor({ state: 'visible' });
  assert.match(await details.textContent(), /site patched/);
  assert.match(await details.textContent(), /origin window/);
  await lab.screenshot('views-linux-patch-syscalls');
  await page.getByRole('button', { name: 'Close details' }).click();

  // The Foreign calls filter: only marked rows.
  const all = await rows(page).count();
  await page.getByRole('combobox', { name: 'Filter by kind' }).selectOption('foreign');
  const kept = await rows(page).count();
  assert.ok(kept > 0 && kept < all, `${kept} of ${all} rows kept`);
  for (const cls of await rows(page).evaluateAll((trs) => trs.map((tr) => tr.className))) {
    assert.match(cls, /kv-(foreign|origin|guest|suspect)/);
  }

  // (d) Virtual CPU: the Linux calls are guest traps, no seL4 entry (the filter still on).
  await runMode(page, lab, 'Virtual CPU');
  await page.locator('.kv-chip-guest').first().waitFor({ state: 'visible' });
  const guestRows = rows(page).filter({ has: page.locator('.kv-chip-guest') });
  assert.ok(await guestRows.count() >= 3, 'guest trap rows');
  assert.match(await guestRows.first().locator('td').nth(4).textContent(), /^guest trapno seL4 entryLinux write$/);
  assert.match(await guestRows.first().locator('td').nth(5).textContent(), /svc to the guest kernel's vector; eret at 0x3[0-9a-f]+/);
  await lab.screenshot('views-linux-vcpu-syscalls');

  // The Disassembly, stopped in the program (its VSpace) after the first writes were
  // patched: the patched site is a branch to its gate; follow it there.
  await page.locator('.lx-mode', { hasText: 'Trap and patch' }).click();
  await openTab(page, 'Disassembly');
  await lab.clickGlyphMargin(await lab.lineOf('printf("after:'));
  await page.getByRole('button', { name: 'Run in this mode', exact: true }).click();
  await lab.waitForState('paused', 60_000);
  const sites = page.locator('[data-testid=disasm-patched-sites] button');
  await sites.first().waitFor({ state: 'visible' });
  await page.getByRole('textbox', { name: 'Address to show' }).fill(firstSite);
  await page.getByRole('button', { name: 'Go', exact: true }).click();
  const note = page.locator('[data-testid=patched-site]');
  await note.waitFor({ state: 'visible' });
  const siteRow = page.locator('table.disassembly tr.patch-site');
  assert.match(await siteRow.locator('td.text').textContent(), /^b\s+2000[0-9a-f]{3}/);
  await lab.screenshot('views-linux-disasm-site');
  await note.getByRole('button').click();
  await page.locator('[data-testid=patch-gate]').first().waitFor({ state: 'visible' });
  const gateTexts = await page.locator('table.disassembly tr.patch-gate td.text').allTextContents();
  assert.match(gateTexts[0], /^stp\s+x29, x30, \[sp, #-16\]!/);
  assert.match(gateTexts[1], /^bl\s+/);
  assert.match(gateTexts[2], /^ldp\s+x29, x30, \[sp\], #16/);
  assert.match(gateTexts[3], new RegExp(`back past site ${firstSite}$`));
  await lab.screenshot('views-linux-disasm-gate');

  // The Caps view: the program's CSpace headed by its syscall window (lab extension).
  await openTab(page, 'Caps');
  const select = page.getByRole('combobox', { name: 'Thread whose CSpace is shown' });
  await select.waitFor({ state: 'visible' });
  const names = await select.locator('option').allTextContents();
  const program = names.find((n) => n !== 'linux-compat');
  await select.selectOption(program);
  const lab_ = page.locator('[data-testid=thread-lab]');
  await lab_.waitFor({ state: 'visible' });
  assert.match(await lab_.textContent(), /lab extension \(not seL4\)/);
  assert.match(await lab_.textContent(), /syscall window0x3000000–0x3[0-9a-f]+: an svc outside it raises UnknownSyscall/);
  await lab.screenshot('views-linux-caps-window');

  // The marks read in the dark theme too.
  await lab.press('Theme');
  await openTab(page, 'Syscalls');
  await page.getByRole('combobox', { name: 'Filter by kind' }).selectOption('foreign');
  await page.locator('.kv-chip-origin').first().waitFor({ state: 'visible' });
  await page.locator('[data-testid=patched-sites] summary').click();
  await lab.screenshot('views-linux-syscalls-dark');
});

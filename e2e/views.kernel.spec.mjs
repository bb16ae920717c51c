// The live kernel views on a known root task (a server thread, a badged Mint, a
// second Mint that fails with seL4_DeleteFirst, two Calls the server answers):
// the expected syscall rows, IPC messages, timeline stretches, caps and untyped
// blocks appear; clicking opens their details; screenshots of every view in the
// light and dark themes (structure asserted, pixels not compared).

import assert from 'node:assert/strict';
import { test } from './harness.mjs';

const PROGRAM = `#include <sel4/sel4.h>
#include <stdio.h>
#define R seL4_CapInitThreadCNode
#define D seL4_WordBits
static char stack[4096] __attribute__((aligned(16)));
static seL4_Word EP, BADGED;
static void server(void) {
  seL4_Word badge;
  seL4_MessageInfo_t info = seL4_Recv(EP, &badge);
  for (;;) {
    seL4_SetMR(0, seL4_GetMR(0) * 2);
    info = seL4_ReplyRecv(EP, seL4_MessageInfo_new(seL4_MessageInfo_get_label(info) + 1, 0, 0, 1), &badge);
  }
}
int main(void) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  seL4_Word s = bi->empty.start, ut = 0;
  for (seL4_Word i = bi->untyped.start; i < bi->untyped.end; i++)
    if (!bi->untypedList[i - bi->untyped.start].isDevice && bi->untypedList[i - bi->untyped.start].sizeBits >= 20) { ut = i; break; }
  EP = s; BADGED = s + 1;
  seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, R, 0, 0, EP, 1);
  seL4_CNode_Mint(R, BADGED, D, R, EP, D, seL4_AllRights, 42);
  seL4_Word err = seL4_CNode_Mint(R, BADGED, D, R, EP, D, seL4_AllRights, 43);
  seL4_Untyped_Retype(ut, seL4_TCBObject, 0, R, 0, 0, s + 2, 1);
  seL4_TCB_Configure(s + 2, 0, R, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)bi->ipcBuffer + 1024, seL4_CapInitThreadIPCBuffer);
  seL4_TCB_SetPriority(s + 2, seL4_CapInitThreadTCB, 200);
  seL4_DebugNameThread(s + 2, "server");
  seL4_UserContext ctx = {0};
  ctx.pc = (seL4_Word)server; ctx.sp = (seL4_Word)(stack + 4096);
  seL4_TCB_WriteRegisters(s + 2, 1, 0, 2, &ctx);
  seL4_Word sum = 0;
  for (int i = 1; i <= 2; i++) {
    seL4_SetMR(0, 10 * i);
    seL4_MessageInfo_t r = seL4_Call(BADGED, seL4_MessageInfo_new(7, 0, 0, 1));
    sum += seL4_GetMR(0) + seL4_MessageInfo_get_label(r);
  }
  printf("mint error %lu sum %lu\\n", (unsigned long)err, (unsigned long)sum);
  return 0;
}
`;

async function runProgram(page, lab, tab) {
  await lab.replaceProgram(PROGRAM, 'main.c');
  await page.getByRole('tab', { name: tab, exact: true }).click();
  await lab.press('Run');
  await lab.waitForTerminal('mint error 8 sum 76');
  await lab.waitForState('halted');
}

const details = (page) => page.locator('.kv-details');

test('kernel views: syscall rows show the failed Mint, filter by kind, search and open details', async ({ page, lab }) => {
  await runProgram(page, lab, 'Syscalls');
  const rows = page.locator('table[aria-label="Kernel entries"] tbody tr');
  await page.locator('tr', { hasText: 'seL4_DeleteFirst' }).waitFor();
  assert.ok(await rows.count() > 20);
  assert.equal(await page.locator('tr', { hasText: 'TCBSetPriority(priority=200' }).count(), 1);
  await page.getByLabel('Filter by kind').selectOption('invocations');
  await lab.waitFor(() => document.querySelectorAll('table[aria-label="Kernel entries"] tbody tr').length === 7);
  await lab.screenshot('views-syscalls');
  await page.getByLabel('Filter by kind').selectOption('errors');
  await lab.waitFor(() => document.querySelectorAll('table[aria-label="Kernel entries"] tbody tr').length === 1);
  await rows.first().click();
  await details(page).waitFor();
  const text = await details(page).textContent();
  assert.match(text, /seL4_DeleteFirst \(CNodeMint\)/);
  assert.match(text, /destination slot is not empty/);
  await lab.screenshot('views-syscalls-error-details');
  await page.getByLabel('Filter by kind').selectOption('all');
  await page.getByLabel('Search kernel entries').fill('ReplyRecv');
  await lab.waitFor(() => document.querySelectorAll('table[aria-label="Kernel entries"] tbody tr').length === 2);
  await page.getByLabel('Search kernel entries').fill('');
  await page.getByLabel('Filter by thread').selectOption('server');
  await lab.waitFor(() => [...document.querySelectorAll('table[aria-label="Kernel entries"] tbody tr td:nth-child(2)')].every((td) => td.textContent === 'server'));
});

test('kernel views: the IPC sequence shows two calls with badge 42 and the server\'s replies', async ({ page, lab }) => {
  await runProgram(page, lab, 'IPC');
  const msgs = page.locator('[data-testid=ipc-diagram] g.kv-msg');
  await lab.waitFor(() => document.querySelectorAll('[data-testid=ipc-diagram] g.kv-msg').length === 4);
  assert.deepEqual(await page.$$eval('[data-testid=ipc-diagram] .kv-lifename', (els) => els.map((e) => e.textContent)), ['rootserver', 'server']);
  assert.deepEqual(await msgs.evaluateAll((els) => els.map((e) => e.querySelector('text').textContent)), [
    'call · label 7 · badge 42 · 1w', 'reply · label 8 · 1w', 'call · label 7 · badge 42 · 1w', 'reply · label 8 · 1w',
  ]);
  assert.equal(await page.locator('[data-testid=ipc-diagram] g.kv-reply').count(), 2);
  await page.getByRole('button', { name: /^call · label 7 · badge 42 · 1w from rootserver to server/ }).first().click();
  await details(page).waitFor();
  assert.match(await details(page).textContent(), /badge42 \(0x2a\)/);
  assert.match(await details(page).textContent(), /MRsMR0=0xa/);
  assert.match(await details(page).textContent(), /endpointendpoint@0x[0-9a-f]+/);
  // Blocking on the lifelines: the root task waits to send, then for each reply; the server to receive.
  assert.deepEqual(await page.$$eval('[data-testid=ipc-diagram] line.kv-blocked', (els) => els.map((e) => e.getAttribute('data-thread'))),
    ['rootserver', 'rootserver', 'server', 'rootserver', 'server']);
  assert.match(await page.locator('[data-testid=ipc-diagram] line.kv-blocked title').nth(1).textContent(), /rootserver waits for a reply/);
  // The endpoint filter: the one endpoint keeps all four messages (replies go with their Call's endpoint).
  const epSelect = page.getByLabel('Filter messages by endpoint');
  const eps = await epSelect.locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.equal(eps.length, 2);
  await epSelect.selectOption(eps[1]);
  await lab.waitFor(() => document.querySelectorAll('[data-testid=ipc-diagram] g.kv-msg').length === 4);
  await lab.screenshot('views-ipc');
});

test('kernel views: the scheduling timeline alternates root task and server', async ({ page, lab }) => {
  await runProgram(page, lab, 'Scheduling');
  await lab.waitFor(() => document.querySelectorAll('[data-testid=schedule-timeline] rect.kv-seg').length === 5);
  assert.deepEqual(await page.$$eval('[data-testid=schedule-timeline] .kv-rownames text', (els) => els.map((e) => e.textContent)), ['rootserver', 'server', 'IRQs']);
  const labels = await page.$$eval('[data-testid=schedule-timeline] rect.kv-seg', (els) => els.map((e) => e.getAttribute('aria-label').split(' ')[0]));
  assert.deepEqual(labels, ['rootserver', 'server', 'rootserver', 'server', 'rootserver']);
  await page.locator('[data-testid=schedule-timeline] rect.kv-seg').nth(1).click();
  await details(page).waitFor();
  assert.match(await details(page).textContent(), /server on the CPU/);
  // Blocked stretches: lighter bars with what the thread waits on.
  const waits = await page.$$eval('[data-testid=schedule-timeline] rect.kv-wait', (els) => els.map((e) => e.getAttribute('aria-label')));
  assert.equal(waits.length, 5);
  assert.match(waits[1], /^rootserver waits for a reply from \d+ to \d+$/);
  await page.locator('[data-testid=schedule-timeline] rect.kv-wait').nth(2).click();
  assert.match(await details(page).textContent(), /server blocked.*waits to receive on endpoint@0x/);
  await lab.screenshot('views-schedule');
});

test('kernel views: caps show the badged mint under its endpoint in the CSpace and the CDT', async ({ page, lab }) => {
  await runProgram(page, lab, 'Caps');
  await page.locator('.kv-cnode-head', { hasText: 'radix 12' }).waitFor();
  assert.match(await page.locator('.kv-cnode-head').first().textContent(), /guard 0x0\/52 bits/);
  const minted = page.locator('.kv-cspace tr', { hasText: 'badge 42' });
  await lab.waitFor(() => [...document.querySelectorAll('.kv-cspace tr')].some((r) => r.textContent.includes('badge 42')));
  await page.locator('[data-testid=cdt] g.kv-cap', { hasText: 'endpoint b42' }).waitFor();
  await minted.first().click();
  await details(page).waitFor();
  const text = await details(page).textContent();
  assert.match(text, /derived from0x[0-9a-f]+:\d+/);
  assert.match(text, /endpoint (idle|receivers waiting)/);
  await lab.screenshot('views-caps');
  await page.locator('[data-testid=cdt] g.kv-cap', { hasText: /^untyped/ }).first().click();
  await lab.waitFor(() => document.querySelector('.kv-details strong')?.textContent.startsWith('Cap in'));
  assert.match(await details(page).textContent(), /objects carved/);
});

test('kernel views: untyped bars and the address space mappings', async ({ page, lab }) => {
  await runProgram(page, lab, 'Untyped');
  await lab.waitFor(() => document.querySelectorAll('[data-testid=untyped-bars] rect.kv-block').length === 2);
  assert.deepEqual(await page.$$eval('[data-testid=untyped-bars] rect.kv-block', (els) => els.map((e) => e.getAttribute('aria-label').split(' ')[0])), ['endpoint', 'tcb']);
  assert.match(await page.locator('[data-testid=untyped-bars] .kv-ut-label').first().textContent(), /1 MiB · 4096 bytes used/);
  await page.locator('[data-testid=untyped-bars] rect.kv-block').nth(1).click();
  await details(page).waitFor();
  assert.match(await details(page).textContent(), /^Object in 0x[0-9a-f]+:\d+×captcb 0x40500800/);
  await lab.screenshot('views-untyped');
  const frames = page.locator('table[aria-label="Frames mapped in ASID 1"] tbody tr');
  assert.ok(await frames.count() >= 3);
  await frames.first().click();
  await lab.waitFor(() => document.querySelector('.kv-details strong')?.textContent.startsWith('ASID 1: 0x400000'));
  assert.match(await details(page).textContent(), /virtual0x400000 – 0x401000/);
  await lab.screenshot('views-untyped-mapping');
});

test('kernel views: every view reads in the dark theme', async ({ page, lab }) => {
  await runProgram(page, lab, 'Syscalls');
  await lab.press('Theme');
  await page.locator('.lab[data-theme=dark]').waitFor();
  for (const [tab, sel, shot] of [['Syscalls', 'table[aria-label="Kernel entries"]', 'syscalls'], ['IPC', '[data-testid=ipc-diagram] g.kv-msg', 'ipc'],
    ['Scheduling', '[data-testid=schedule-timeline] rect.kv-seg', 'schedule'], ['Caps', '[data-testid=cdt] g.kv-cap', 'caps'], ['Untyped', '[data-testid=untyped-bars] rect.kv-block', 'untyped']]) {
    await page.getByRole('tab', { name: tab, exact: true }).click();
    await page.locator(sel).first().waitFor();
    const ink = await page.locator('.kv-view').first().evaluate((e) => getComputedStyle(e).color);
    assert.equal(ink, 'rgb(227, 229, 232)');
    await lab.screenshot(`views-dark-${shot}`);
  }
});

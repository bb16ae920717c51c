// The page runs programs on the seL4 kernel model: a root task's failed
// invocation shows in the Kernel log with seL4's error name and the kernel's
// reason, IPC between two threads shows from -> to, the register view names the
// thread on the CPU, and the log reads well in both themes.

import assert from 'node:assert/strict';
import { test } from './harness.mjs';

const COPY_FROM_EMPTY = `#include <sel4/sel4.h>
#include <stdio.h>

int main(void) {
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_CPtr empty = bi->empty.start;
    /* Copy from an empty slot: the kernel refuses with seL4_FailedLookup. */
    seL4_Error err = seL4_CNode_Copy(seL4_CapInitThreadCNode, empty + 1, seL4_WordBits,
                                     seL4_CapInitThreadCNode, empty, seL4_WordBits, seL4_AllRights);
    printf("seL4_CNode_Copy returned %d\\n", (int)err);
    return 0;
}
`;

const PING_PONG = `#include <sel4/sel4.h>
#include <stdio.h>
#define R seL4_CapInitThreadCNode
static seL4_CPtr ep;
static char stack[4096];

static void server(void) {
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    seL4_SetMR(0, seL4_GetMR(0) * 2);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    for (;;) seL4_Recv(ep, &badge);
}

int main(void) {
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_CPtr slot = bi->empty.start, ut = 0;
    for (seL4_CPtr i = bi->untyped.start; i < bi->untyped.end; i++)
        if (!bi->untypedList[i - bi->untyped.start].isDevice) { ut = i; break; }
    ep = slot++;
    seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, R, 0, 0, ep, 1);
    seL4_CPtr tcb = slot++;
    seL4_Untyped_Retype(ut, seL4_TCBObject, 0, R, 0, 0, tcb, 1);
    seL4_TCB_Configure(tcb, 0, R, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)bi->ipcBuffer + 1024, seL4_CapInitThreadIPCBuffer);
    seL4_DebugNameThread(tcb, "server");
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100);
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 150);
    seL4_UserContext regs = {0};
    regs.pc = (seL4_Word)server;
    regs.sp = ((seL4_Word)stack + sizeof stack) & ~(seL4_Word)15;
    seL4_TCB_WriteRegisters(tcb, 1, 0, 2, &regs);
    seL4_SetMR(0, 21);
    seL4_Call(ep, seL4_MessageInfo_new(1, 0, 0, 1));
    printf("server says %d\\n", (int)seL4_GetMR(0));
    return 0;
}
`;

async function openKernelLog(page) {
  await page.getByRole('tab', { name: 'Kernel log' }).click();
  await page.locator('.klog').waitFor({ state: 'visible' });
}

/** The text of the Kernel log rows now in view. */
async function logRows(page) {
  return page.$$eval('.klog-row', (els) => els.map((e) => e.textContent));
}

test('a failed invocation shows in the Kernel log with seL4\'s error name and the reason', async ({ page, lab }) => {
  await lab.replaceProgram(COPY_FROM_EMPTY, 'main.c');
  await openKernelLog(page);
  await lab.press('Run');
  await lab.waitForTerminal('seL4_CNode_Copy returned 6');
  await lab.waitForState('halted');
  const error = page.locator('.klog-row[data-kind=error]');
  await error.waitFor({ state: 'visible' });
  const text = await error.textContent();
  assert.match(text, /CNodeCopy → seL4_FailedLookup: /);
  assert.match(text, /rootserver/);
  // Every kernel entry is there: the Call that failed, printf's DebugPutChar stream
  // folded into one line with a count, and the final DebugHalt.
  const rows = await logRows(page);
  assert.ok(rows.some((r) => /seL4_DebugPutChar at pc 0x[0-9a-f]+×\d+/.test(r)), rows.join('\n'));
  assert.match(rows.at(-1), /seL4_DebugHalt/);
  assert.match(await page.getByTestId('kernel-log-count').textContent(), /^\d+ events$/);
  assert.equal(await page.getByTestId('register-thread').textContent(), 'thread rootserver');
  // The details of the error: every field, the message registers too.
  await error.locator('button').click();
  const details = page.getByLabel('Event details');
  await details.waitFor();
  const all = await details.textContent();
  assert.match(all, /errorFailedLookup/);
  assert.match(all, /mrs\[0x1, /);
  await lab.screenshot('20-kernel-log-error');
});

test('IPC between two threads shows from -> to; a breakpoint in the server names its thread', async ({ page, lab }) => {
  await lab.replaceProgram(PING_PONG, 'main.c');
  await openKernelLog(page);
  await lab.press('Run');
  await lab.waitForTerminal('server says 42');
  await lab.waitForState('halted');
  await page.locator('.klog-row[data-kind=ipc]').first().waitFor();
  const ipc = await page.$$eval('.klog-row[data-kind=ipc]', (els) => els.map((e) => e.textContent));
  assert.ok(ipc.some((r) => r.includes('rootserver → server') && r.includes('label 0x1, 1 word')), ipc.join('\n'));
  assert.ok(ipc.some((r) => r.includes('server → rootserver')), ipc.join('\n'));
  const rows = await logRows(page);
  assert.ok(rows.some((r) => /switch\s*server\s*now running server/.test(r)), rows.join('\n'));
  await lab.screenshot('21-kernel-log-ipc');

  // Stop inside the server: the registers and memory belong to it.
  const line = await lab.lineOf('seL4_SetMR(0, seL4_GetMR(0) * 2)');
  await lab.clickGlyphMargin(line);
  await lab.waitFor(() => window.caplab.store.getState().lineBreakpoints.length === 1);
  const stop = await lab.nextStop(() => lab.press('Run'), 'breakpoint');
  assert.equal(stop.kind, 'breakpoint');
  assert.equal(await page.getByTestId('register-thread').textContent(), 'thread server');
  await page.getByRole('tab', { name: 'Disassembly' }).click();
  await page.getByRole('region', { name: 'Disassembly' }).getByText('in the VSpace of thread server').waitFor();
  await lab.screenshot('23-stopped-in-server');
  await page.getByRole('tab', { name: 'Memory' }).click();
  await page.getByPlaceholder('message, sp, 0x400078').fill('sp');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.getByText('in the VSpace of thread server').waitFor();
});

test('the Kernel log reads well in the dark theme', async ({ page, lab }) => {
  await lab.replaceProgram(COPY_FROM_EMPTY, 'main.c');
  await lab.press('Theme');
  await page.locator('.lab[data-theme=dark]').waitFor();
  await openKernelLog(page);
  await lab.press('Run');
  await lab.waitForState('halted');
  await page.locator('.klog-row[data-kind=error]').waitFor({ state: 'visible' });
  const colour = await page.locator('.klog-row[data-kind=error] .klog-text').evaluate((e) => getComputedStyle(e).color);
  assert.equal(colour, 'rgb(255, 138, 128)'); // --bad in the dark theme
  await lab.screenshot('22-kernel-log-dark');
});

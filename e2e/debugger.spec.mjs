// The debugger's per-thread registers and the speed control: a stop in a
// two-thread program shows the other thread's saved pc and arguments through the
// Registers panel's Thread menu; a slow speed (chosen with the keyboard) moves the
// registers as the program runs, Pause stops it at once, and the choice survives a
// reload.

import assert from 'node:assert/strict';
import { test } from './harness.mjs';

const TWO_THREADS = `#include <sel4/sel4.h>
#include <stdio.h>
#define R seL4_CapInitThreadCNode
static volatile int ticks;
static char stack[4096] __attribute__((aligned(16)));

static void counter(seL4_Word a) {
    for (;;) ticks += a;
}

int main(void) {
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_CPtr slot = bi->empty.start, ut = 0;
    for (seL4_CPtr i = bi->untyped.start; i < bi->untyped.end; i++)
        if (!bi->untypedList[i - bi->untyped.start].isDevice) { ut = i; break; }
    seL4_CPtr tcb = slot++;
    seL4_Untyped_Retype(ut, seL4_TCBObject, 0, R, 0, 0, tcb, 1);
    seL4_TCB_Configure(tcb, 0, R, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)bi->ipcBuffer + 1024, seL4_CapInitThreadIPCBuffer);
    seL4_DebugNameThread(tcb, "counter");
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 100);
    seL4_UserContext regs = {0};
    regs.pc = (seL4_Word)counter;
    regs.sp = (seL4_Word)stack + sizeof stack;
    regs.x0 = 7;
    seL4_TCB_WriteRegisters(tcb, 1, 0, 4, &regs);
    printf("counter started\\n");
    for (;;) seL4_Yield();
}
`;

const hex = (v) => `0x${BigInt.asUintN(64, BigInt(v)).toString(16).padStart(16, '0')}`;

test('debugger: the Thread menu shows another thread\'s saved registers at a stop', async ({ page, lab }) => {
  await lab.replaceProgram(TWO_THREADS, 'main.c');
  const line = await lab.lineOf('printf("counter started');
  await lab.clickGlyphMargin(line);
  await lab.waitFor(() => window.caplab.store.getState().lineBreakpoints.length === 1);
  const stop = await lab.nextStop(() => lab.press('Run'), 'breakpoint');
  assert.equal(stop.kind, 'breakpoint');
  assert.equal(await page.getByTestId('register-thread').textContent(), 'thread rootserver');
  const menu = page.getByRole('combobox', { name: 'Thread', exact: true });
  await menu.waitFor();
  const options = await menu.locator('option').allTextContents();
  assert.equal(options[0], 'rootserver ▶ on CPU');
  assert.ok(options.some((o) => /^counter · /.test(o)), options.join(', '));
  const mainPc = (await lab.registers()).pc.value;

  // Keyboard: focus the menu and pick the other thread.
  await menu.focus();
  await menu.selectOption('counter');
  await page.getByTestId('register-thread').getByText('thread counter', { exact: false }).waitFor();
  const counterAddr = await page.evaluate(() => window.caplab.store.getState().symbols.find((s) => s.name === 'counter').addr);
  await lab.waitFor((want) => document.querySelector('.register[data-reg=pc] dd')?.textContent === want, hex(counterAddr));
  const regs = await lab.registers();
  assert.equal(regs.pc.value, hex(counterAddr));
  assert.equal(regs.x0.value, hex(7));
  assert.notEqual(regs.pc.value, mainPc);
  assert.match(await page.getByTestId('register-thread').textContent(), /^thread counter \(saved\)$/);
  // The disassembly still follows the thread on the CPU.
  assert.equal(await page.evaluate(() => window.caplab.store.getState().registers.thread), 'rootserver');
  await lab.screenshot('40-debugger-other-thread');

  // Back to the thread on the CPU.
  await menu.selectOption('rootserver');
  await lab.waitFor((want) => document.querySelector('.register[data-reg=pc] dd')?.textContent === want, mainPc);
});

test('debugger: a slow speed moves the registers as it runs, Pause stops it, the choice is kept', async ({ page, lab }) => {
  await lab.replaceProgram(TWO_THREADS, 'main.c');
  const speed = page.getByRole('combobox', { name: 'Speed', exact: true });
  assert.equal(await speed.inputValue(), '0');
  await speed.focus();
  await speed.selectOption({ label: '100 instr/s' });
  await lab.waitFor(() => window.caplab.store.getState().speed === 100);
  await lab.press('Run');
  await lab.waitForState('running');
  // The pc shown changes while it runs (live registers), at 100 instructions a second.
  await lab.waitFor(() => window.caplab.store.getState().registersLive === true);
  await lab.waitFor(() => {
    const seen = (window.__pcsSeen ??= new Set());
    seen.add(document.querySelector('.register[data-reg=pc] dd')?.textContent);
    return seen.size >= 5;
  });
  assert.match(await page.locator('.registers-panel .panel-title').textContent(), /\(live\)/);
  const running = await page.evaluate(() => window.caplab.store.getState().stopCount);
  const instret = await lab.instret();
  assert.ok(instret < 2000, `ran ${instret} instructions already at 100 instr/s`);
  await lab.screenshot('41-debugger-slow-run');
  await lab.press('Pause');
  await lab.waitForState('paused');
  assert.ok(await page.evaluate((n) => window.caplab.store.getState().stopCount > n, running));
  assert.equal(await page.evaluate(() => localStorage.getItem('caplab.speed')), '100');
  await lab.reload();
  assert.equal(await page.getByRole('combobox', { name: 'Speed', exact: true }).inputValue(), '100');
});

test('terminal: a long line pasted into the serial console reaches the echoing driver whole', async ({ page, lab }) => {
  const base = page.url().split(/[?#]/)[0];
  await lab.open(`${base}?scenario=sel4-interrupts`);
  // The tutorial's two TODOs, done: take the UART's interrupt and acknowledge it.
  await page.evaluate(() => {
    const s = window.caplab.store.getState();
    const solve = (t) => t
      .replace('    seL4_CPtr irq_handler = lab_slot();\n', '    seL4_CPtr irq_handler = lab_slot();\n    seL4_IRQControl_Get(seL4_CapIRQControl, UART_IRQ, ROOT_CNODE, irq_handler, DEPTH);\n    seL4_IRQHandler_SetNotification(irq_handler, ntfn);\n')
      .replace('        seL4_Wait(ntfn, NULL);', '        seL4_IRQHandler_Ack(irq_handler);\n        seL4_Wait(ntfn, NULL);');
    window.caplab.loadProject(s.files.map((f) => (f.name === 'main.c' ? { ...f, text: solve(f.text) } : f)));
  });
  await lab.waitFor(() => window.caplab.store.getState().files.some((f) => f.text.includes('seL4_IRQHandler_Ack(irq_handler);')));
  await lab.press('Run');
  await lab.waitForTerminal('type a line and press Enter');
  const line = Array.from({ length: 400 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz'[(i * 7) % 26]).join('');
  await page.locator('[data-testid=terminal] textarea').focus();
  await page.keyboard.insertText(line);
  await page.keyboard.press('Enter');
  await lab.waitForTerminal(`you typed "${line.slice(0, 63)}"`);
  const text = await page.locator('[data-testid=terminal] .xterm-rows').textContent();
  assert.ok(text.includes(line), `the echo lost bytes: ${text}`);
  await lab.screenshot('42-terminal-paste');
});

// User stories of issue 3, C in the page: errors appear as markers while typing (a
// live check in the worker), Run prints through printf, a failed Run offers the last
// good build, hovering a libc function shows its declaration and doc line, stepping
// by C line (into the assembly file and out again), breakpoints on C lines, and the
// project's files: add, rename, delete, kept across a reload.

import assert from 'node:assert/strict';
import { test } from './harness.mjs';

const ERROR = 8;

test('C: a typed error is marked at its line and column; fixed, Run prints through printf', async ({ page, lab }) => {
  assert.equal(await page.evaluate(() => window.caplab.store.getState().fileName), 'main.c');
  const line = await lab.lineOf('printf("Hello from CapLab');
  await lab.cursorToLineEnd(line);
  await page.keyboard.press('Enter');
  await page.keyboard.type('int n = undefined_thing;');
  const text = (await lab.source()).split('\n')[line];
  assert.match(text, /^\s+int n = undefined_thing;$/);
  const column = text.indexOf('undefined_thing') + 1;
  // No Build pressed: the live check marks it about 300 ms after typing stops.
  await lab.waitFor(() => window.caplab.hooks.markers().some((m) => m.severity === 8));
  const m = (await lab.markers()).find((x) => x.severity === ERROR);
  assert.equal(m.line, line + 1);
  assert.equal(m.column, column);
  assert.equal(m.endColumn, column + 'undefined_thing'.length);
  assert.match(m.message, /'undefined_thing' undeclared/);
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'visible' });
  assert.match(await page.getByRole('list', { name: 'Build problems' }).innerText(), new RegExp(`main\\.c:${line + 1}:${column} error: 'undefined_thing' undeclared`));
  assert.equal(await page.getByTestId('run-state').textContent(), 'idle', 'the check built nothing');
  await lab.screenshot('20-c-error-marker');

  await lab.selectText(line + 1, 'undefined_thing');
  await page.keyboard.type('7');
  await lab.waitFor(() => !window.caplab.hooks.markers().some((x) => x.severity === 8));
  await lab.press('Run');
  await lab.waitForTerminal('3 + 1 = 4');
  await lab.waitForState('halted');
  const out = await lab.terminalText();
  assert.match(out, /Hello from CapLab\s+1 \+ 1 = 2\s+2 \+ 1 = 3\s+3 \+ 1 = 4/);
  await lab.waitForTerminal('[kernel] the program stopped (status 0)');
  await lab.screenshot('21-c-run');
});

test('C: Run does not run code that does not compile, and offers the last good build', async ({ page, lab }) => {
  await lab.press('Run');
  await lab.waitForTerminal('3 + 1 = 4');
  await lab.waitForState('halted');
  const line = await lab.lineOf('return 0;');
  await lab.selectText(line, '0;');
  await page.keyboard.type('0');
  await lab.press('Run');
  const banner = page.getByTestId('run-blocked');
  await banner.waitFor();
  assert.match(await banner.innerText(), /Not run: the program does not compile \(1 error\)\. First: main\.c:1[23]:\d+: error: expected ';'/);
  assert.equal(await lab.runState(), 'halted', 'the machine kept the last good program');
  await lab.screenshot('22-c-run-blocked');
  await page.getByRole('button', { name: 'Run last good build' }).click();
  await lab.waitForTerminal('3 + 1 = 4');
  await banner.waitFor({ state: 'detached' });
});

test('C: hovering printf shows its declaration, header and doc line', async ({ page, lab }) => {
  await lab.waitFor(() => window.caplab.store.getState().apiEntries.length > 100);
  const line = await lab.lineOf('printf("Hello');
  await lab.hoverWord(line, 'printf');
  const hover = page.locator('.monaco-hover').filter({ hasText: 'printf' });
  await hover.first().waitFor({ state: 'visible' });
  const text = await hover.first().innerText();
  assert.match(text, /int printf\(const char \*restrict fmt, \.\.\.\)/);
  assert.match(text, /writes them to stdout/);
  assert.match(text, /#include <stdio\.h>/);
  await lab.screenshot('23-c-hover');
});

test('C: steps by line into the assembly file and out again; the disassembly groups by C line', async ({ page, lab }) => {
  await lab.press('Build');
  await lab.waitForState('ready');
  await lab.nextStop(() => lab.press('Step line'));
  assert.equal(await lab.stopLine(), 'main.c:7');
  await lab.nextStop(() => lab.press('Step line'));
  assert.equal(await lab.stopLine(), 'main.c:8');
  await lab.nextStop(() => lab.press('Step over'));
  assert.equal(await lab.stopLine(), 'main.c:9');
  await lab.waitForTerminal('Hello from CapLab');
  await lab.nextStop(() => page.keyboard.press('F11'));
  assert.equal(await lab.stopLine(), 'main.c:10');
  await page.locator('.monaco-editor .pc-line').waitFor({ state: 'visible' });
  const group = page.locator('.disassembly .source-row[data-source="main.c:10"]');
  await group.first().waitFor();
  assert.match(await group.first().innerText(), /main\.c:10\s*printf\("%d \+ 1 = %d\\n", i, add_one\(i\)\);/);
  await lab.screenshot('24-c-step-line');
  // Into add_one: the editor opens add.s at the instruction.
  await lab.nextStop(() => page.keyboard.press('F11'));
  assert.equal(await lab.stopLine(), 'add.s:6');
  await lab.waitFor(() => window.caplab.hooks.editor.getModel().uri.path === '/add.s');
  assert.equal(await page.getByRole('tab', { name: 'add.s' }).getAttribute('aria-selected'), 'true');
  await page.locator('.monaco-editor .pc-line').waitFor({ state: 'visible' });
  await lab.screenshot('25-c-step-into-asm');
  await lab.nextStop(() => lab.press('Step out'));
  assert.equal(await lab.stopLine(), 'main.c:10');
  await lab.waitFor(() => window.caplab.hooks.editor.getModel().uri.path === '/main.c');
  await lab.nextStop(() => page.keyboard.press('F10'));
  assert.equal(await lab.stopLine(), 'main.c:9');
  await lab.waitForTerminal('1 + 1 = 2');
});

test('C: a breakpoint on a C line stops Run and Continue there', async ({ page, lab }) => {
  const line = await lab.lineOf('printf("%d + 1');
  await lab.clickGlyphMargin(line);
  await page.locator('.monaco-editor .bp-glyph').waitFor({ state: 'visible' });
  assert.deepEqual(await lab.breakpointLines('main.c'), [line]);
  const stop = await lab.nextStop(() => lab.press('Run'), 'breakpoint');
  assert.equal(stop.kind, 'breakpoint');
  assert.equal(await lab.stopLine(), `main.c:${line}`);
  await lab.waitForTerminal('Hello from CapLab');
  assert.ok(!(await lab.terminalText()).includes('1 + 1'), 'stopped before the first loop print');
  await page.locator('.monaco-editor .pc-line').waitFor({ state: 'visible' });
  await lab.screenshot('26-c-breakpoint');
  const again = await lab.nextStop(() => lab.press('Continue'), 'breakpoint');
  assert.equal(again.kind, 'breakpoint');
  await lab.waitForTerminal('1 + 1 = 2');
  assert.ok(!(await lab.terminalText()).includes('2 + 1'), 'one trip round the loop');
});

test('files: add, rename and delete tabs; the project survives a reload', async ({ page, lab }) => {
  await page.getByRole('button', { name: 'Add a file' }).click();
  const input = page.getByLabel('Name of the new file');
  await input.fill('bad name.c');
  await input.press('Enter');
  await page.getByText('a file name ends in .c, .h or .s').waitFor();
  await input.fill('util.c');
  await input.press('Enter');
  await page.getByRole('tab', { name: 'util.c' }).waitFor();
  await lab.waitFor(() => window.caplab.hooks.editor.getModel().uri.path === '/util.c');
  await lab.cursorToLineEnd(1);
  await page.keyboard.press('Enter');
  await page.keyboard.type('int twice(int x) { return 2 * x; }');
  await page.getByRole('tab', { name: 'util.c' }).dblclick();
  const rename = page.getByLabel('New name for util.c');
  await rename.fill('twice.c');
  await rename.press('Enter');
  await page.getByRole('tab', { name: 'twice.c' }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.caplab.store.getState().files.map((f) => f.name)), ['main.c', 'add.s', 'twice.c']);
  await lab.screenshot('27-files');
  await lab.waitSaved('twice.c');
  await lab.reload();
  await page.getByRole('tab', { name: 'twice.c' }).waitFor();
  assert.match(await page.locator('.monaco-editor .view-lines').innerText(), /return\s+2\s+\*\s+x;/);
  await page.getByRole('button', { name: 'Delete twice.c' }).click();
  await page.getByRole('alert').filter({ hasText: 'Delete twice.c?' }).getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('tab', { name: 'twice.c' }).waitFor({ state: 'detached' });
  await lab.press('Run');
  await lab.waitForTerminal('3 + 1 = 4');
});

test('headers: a project .h file is included, checked while typing and built', async ({ page, lab }) => {
  await lab.loadProject([
    { name: 'main.c', text: '#include <stdio.h>\n#include "twice.h"\nint main(void) { printf("twice 21 = %d\\n", twice(21)); return 0; }\n' },
    { name: 'twice.c', text: '#include "twice.h"\nint twice(int x) { return TWICE(x); }\n' },
  ]);
  await lab.waitFor(() => window.caplab.hooks.markers().some((m) => /twice\.h: No such file or directory/.test(m.message)));
  await page.getByRole('button', { name: 'Add a file' }).click();
  const input = page.getByLabel('Name of the new file');
  await input.fill('twice.h');
  await input.press('Enter');
  await page.getByRole('tab', { name: 'twice.h' }).waitFor();
  await page.evaluate(() => window.caplab.hooks.editor.getModel().setValue('#pragma once\n#define TWICE(x) (2 * (x))\nint twice(int x);\n'));
  await lab.openFile('main.c');
  await lab.waitFor(() => window.caplab.hooks.markers().length === 0);
  await lab.press('Run');
  await lab.waitForTerminal('twice 21 = 42');
});

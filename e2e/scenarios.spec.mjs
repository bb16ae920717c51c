// User stories of issue 6 that need no kernel model: ?scenario=ID opens a built-in,
// Share puts the work into a link another browser opens, the work survives a
// reload (IndexedDB, with a one-time move from localStorage), a garbled link or a
// bad scenario file says why and leaves the work alone, Export/Import round trip,
// Reset to starter asks first, and exercise Markdown is shown as text.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from './harness.mjs';
import { Lab } from './lab.mjs';

const baseOf = (page) => page.url().split(/[?#]/)[0];
const names = (lab) => lab.page.evaluate(() => window.caplab.store.getState().files.map((f) => f.name).join());

async function typeOver(lab, text, replacement) {
  await lab.selectText(await lab.lineOf(text), text);
  await lab.page.keyboard.type(replacement);
  await lab.waitFor((r) => window.caplab.store.getState().source.includes(r), replacement);
}

test('scenario: ?scenario= opens a built-in; Share opens the same code in a fresh browser; reload keeps the work', async ({ page, lab }) => {
  const base = baseOf(page);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(base).origin });
  await lab.open(`${base}?scenario=hello-asm`);
  assert.equal(await names(lab), 'hello.s');
  assert.equal(new URL(page.url()).search, '', 'the ?scenario= is taken out of the address');
  await page.getByTestId('scenario-title').filter({ hasText: 'Assembly: hello' }).waitFor();
  await typeOver(lab, 'Hello from CapLab', 'Greetings via a link');
  await lab.button('Share').click();
  const url = await page.getByTestId('share-url').inputValue();
  assert.match(url, /#s=v1\.[A-Za-z0-9_-]+$/);
  assert.ok(url.length < 2000, `link of ${url.length} characters`);
  await page.getByTestId('share-result').filter({ hasText: `${url.length.toLocaleString('en')} characters` }).waitFor();
  assert.equal(page.url(), url, 'the link is in the address bar');
  await page.getByTestId('share-result').filter({ hasText: 'Link copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url, 'and in the clipboard');
  await lab.screenshot('60-share');
  const source = await lab.source();

  const context = await page.context().browser().newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const other = new Lab(await context.newPage(), lab.shotDir);
    await other.open(url);
    assert.equal(await other.source(), source);
    assert.equal(await names(other), 'hello.s');
    await other.page.getByTestId('notice').filter({ hasText: 'Opened the shared work' }).waitFor();
    await other.press('Run');
    await other.waitForTerminal('Greetings via a link');
    await other.screenshot('61-shared-opened');
  } finally {
    await context.close();
  }

  await typeOver(lab, 'Greetings via a link', 'Kept after a reload');
  await lab.waitSaved('Kept after a reload');
  assert.ok(!page.url().includes('#s='), 'an edit after Share takes the old link out of the address');
  await lab.reload();
  assert.match(await lab.source(), /Kept after a reload/);
  assert.equal(await page.evaluate(() => window.caplab.store.getState().scenarioId), 'hello-asm');
});

test('scenario: a garbled or too-new share link says why and keeps the work', async ({ page, lab }) => {
  const base = baseOf(page);
  await lab.replaceProgram('// my precious work\n', 'work.c');
  await lab.waitSaved('my precious work');
  await lab.open(`${base}?from=chat#s=v1.q1YqS8xRslJKSS1OLs`);
  const notice = page.getByTestId('notice');
  await notice.filter({ hasText: 'This share link could not be opened: your work is unchanged.' }).waitFor();
  await notice.filter({ hasText: 'the link is damaged or cut off' }).waitFor();
  assert.equal(await lab.source(), '// my precious work\n');
  assert.equal(await names(lab), 'work.c');
  await lab.screenshot('62-garbled-link');
  await page.evaluate(() => { location.hash = '#s=v7.AAAA'; });
  await notice.filter({ hasText: 'newer than this lab understands' }).waitFor();
  await page.evaluate(() => { location.hash = '#s=v1.<img src=x onerror=alert(1)>'; });
  await notice.filter({ hasText: 'does not belong there' }).waitFor();
  assert.equal(await page.locator('img').count(), 0);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await notice.waitFor({ state: 'detached' });
  assert.equal(await lab.source(), '// my precious work\n');
  await lab.open(`${base}?scenario=no-such-thing`);
  await notice.filter({ hasText: 'There is no built-in scenario called "no-such-thing"' }).waitFor();
  assert.equal(await lab.source(), '// my precious work\n');
});

test('scenario: Export then Import round-trips; Reset to starter asks; a bad file changes nothing', async ({ page, lab }) => {
  await typeOver(lab, 'Hello from CapLab', 'Exported greeting');
  const [download] = await Promise.all([page.waitForEvent('download'), lab.button('Export').click()]);
  assert.equal(download.suggestedFilename(), 'hello-c.caplab.json');
  const path = await download.path();
  const file = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(file.version, 1);
  assert.deepEqual(file.files.map((f) => f.name), ['main.c', 'add.s']);
  assert.match(file.files[0].text, /Exported greeting/);

  page.once('dialog', (d) => d.dismiss());
  await lab.button('Reset to starter').click();
  assert.match(await lab.source(), /Exported greeting/, 'Cancel keeps the work');
  page.once('dialog', (d) => {
    assert.match(d.message(), /Replace all your files with the starter of "C: hello"/);
    void d.accept();
  });
  await lab.button('Reset to starter').click();
  await lab.waitFor(() => window.caplab.store.getState().source.includes('"Hello from CapLab\\n"'));

  await page.getByTestId('import-input').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: readFileSync(path) });
  await lab.waitFor(() => window.caplab.store.getState().source.includes('Exported greeting'));
  await page.getByTestId('notice').filter({ hasText: 'Opened C: hello from hello-c.caplab.json.' }).waitFor();

  const hostile = { ...file, id: 'hostile', title: 'Hostile <b>title</b>', files: [{ name: 'x.c', text: 'int main(void){return 0;}\n' }] };
  hostile.exercise = { instructions: '# Hi\n\n<img src=x onerror="window.pwned=1"> [click](javascript:window.pwned=1) <script>window.pwned=1</script>', steps: [] };
  await page.getByTestId('import-input').setInputFiles({ name: 'hostile.caplab.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(hostile)) });
  await lab.waitFor(() => window.caplab.store.getState().files.map((f) => f.name).join() === 'x.c');
  await page.getByRole('tab', { name: 'Exercise' }).click();
  await page.getByTestId('exercise').filter({ hasText: '<img src=x onerror="window.pwned=1">' }).waitFor();
  assert.equal(await page.locator('[data-testid=exercise] img, [data-testid=exercise] script, [data-testid=exercise] a').count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await lab.screenshot('63-hostile-exercise');

  const bad = { ...file, files: [{ name: 'notes.txt', text: 'x' }, { name: 'main.c' }] };
  await page.getByTestId('import-input').setInputFiles({ name: 'bad.caplab.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  const notice = page.getByTestId('notice');
  await notice.filter({ hasText: 'bad.caplab.json is not a scenario this lab can open: your work is unchanged.' }).waitFor();
  await notice.filter({ hasText: 'files[0].name: must end in .c, .s or .h' }).waitFor();
  await notice.filter({ hasText: 'files[1].text: is missing (a string)' }).waitFor();
  assert.equal(await names(lab), 'x.c');
  await lab.screenshot('64-bad-file');
});

test('scenario: the exercise tab shows the steps and hints; work saved in localStorage moves to IndexedDB once', async ({ page, lab }) => {
  await page.getByRole('tab', { name: 'Exercise' }).click();
  const ex = page.getByTestId('exercise');
  await ex.getByRole('heading', { name: 'Hello from C' }).waitFor();
  await ex.filter({ hasText: 'Step 1 of 2: Run it' }).waitFor();
  await ex.getByRole('button', { name: 'Hint' }).click();
  await ex.filter({ hasText: 'Press Run, or F5.' }).waitFor();
  await ex.getByRole('button', { name: 'Next' }).click();
  await ex.filter({ hasText: 'Step 2 of 2: Change add_one' }).waitFor();
  await lab.waitSaved('"step":1');
  await lab.screenshot('65-exercise');

  await page.evaluate(async () => {
    await new Promise((resolve, reject) => {
      const req = indexedDB.deleteDatabase('caplab');
      req.onsuccess = resolve;
      req.onerror = reject;
      req.onblocked = resolve;
    });
    localStorage.setItem('caplab.files.v1', JSON.stringify({ files: [{ name: 'old.s', text: '// from localStorage\n' }], active: 'old.s' }));
  });
  await lab.reload();
  assert.equal(await lab.source(), '// from localStorage\n');
  assert.equal(await page.evaluate(() => localStorage.getItem('caplab.files.v1')), null);
  await lab.waitSaved('from localStorage');
  await lab.reload();
  assert.equal(await lab.source(), '// from localStorage\n');
});

test('scenario: a link too long for a chat message says so and offers the file instead', async ({ page, lab }) => {
  let x = 12345;
  const noise = Array.from({ length: 600 }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return `    .word 0x${x.toString(16)}\n`;
  }).join('');
  await lab.replaceProgram(`// lots of data\n${noise}`, 'data.s');
  await lab.button('Share').click();
  const url = await page.getByTestId('share-url').inputValue();
  assert.ok(url.length > 2000, `link of ${url.length} characters`);
  const notice = page.getByTestId('notice');
  await notice.filter({ hasText: `This link is ${url.length.toLocaleString('en')} characters long, too long for most chat messages` }).waitFor();
  await lab.screenshot('66-long-link');
  const [download] = await Promise.all([page.waitForEvent('download'), notice.getByRole('button', { name: 'Export file' }).click()]);
  assert.match(readFileSync(await download.path(), 'utf8'), /lots of data/);
});

test('scenario: a link asks before it replaces changed work', async ({ page, lab }) => {
  const base = baseOf(page);
  await typeOver(lab, 'Hello from CapLab', 'Unsaved idea');
  await lab.waitSaved('Unsaved idea');
  const questions = [];
  page.once('dialog', (d) => {
    questions.push(d.message());
    void d.dismiss();
  });
  await lab.open(`${base}?scenario=hello-asm`);
  assert.match(questions[0], /^Open the scenario "Assembly: hello"\? It replaces your current files/);
  await page.getByTestId('notice').filter({ hasText: 'Kept your work; the scenario "Assembly: hello" was not opened.' }).waitFor();
  assert.match(await lab.source(), /Unsaved idea/);
  page.once('dialog', (d) => void d.accept());
  await lab.open(`${base}?scenario=hello-asm`);
  assert.equal(await names(lab), 'hello.s');
});

test('scenario: a file the scenario marks read-only cannot be edited', async ({ page, lab }) => {
  const sc = {
    id: 'ro', version: 1, title: 'Read-only part', summary: '', mode: 'root-task',
    files: [{ name: 'main.c', text: 'int main(void) { return 0; }\n' }, { name: 'given.s', text: '// given\n', readOnly: true }],
    exercise: { instructions: '', steps: [] },
  };
  await page.getByTestId('import-input').setInputFiles({ name: 'ro.caplab.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(sc)) });
  await lab.waitFor(() => window.caplab.store.getState().files.map((f) => f.name).join() === 'main.c,given.s');
  await lab.openFile('given.s');
  await lab.cursorToLineEnd(1);
  await page.keyboard.type('xyz');
  assert.equal(await page.evaluate(() => window.caplab.hooks.editor.getRawOptions().readOnly), true);
  assert.equal(await lab.page.evaluate(() => window.caplab.hooks.editor.getModel().getValue()), '// given\n');
  assert.equal(await lab.source(), '// given\n');
  await lab.openFile('main.c');
  assert.equal(await page.evaluate(() => window.caplab.hooks.editor.getRawOptions().readOnly), false);
  await lab.cursorToLineEnd(1);
  await page.keyboard.type(' // mine');
  await lab.waitFor(() => window.caplab.store.getState().source.includes('// mine'));
});

#!/usr/bin/env node
// End-to-end runner: serves the built page (dist/) with `vite preview` on a free
// port, drives /usr/bin/chromium through playwright-core, runs every e2e/*.spec.mjs
// test on a fresh page, saves screenshots to test-results/e2e/, prints
// "N passed, N failed", writes test-results/e2e.json and exits non-zero on failure.
// Usage: node e2e/run.mjs [filter]   (only tests whose name contains filter)

import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { registeredTests } from './harness.mjs';
import { Lab } from './lab.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = '/usr/bin/chromium';
const outDir = join(root, 'test-results', 'e2e');
const filter = process.argv[2] ?? '';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function fail(message) {
  console.error(`e2e: ${message}`);
  writeFileSync(join(root, 'test-results', 'e2e.json'), JSON.stringify({ passed: 0, failed: 1, error: message }));
  console.log('0 passed, 1 failed');
  process.exit(1);
}

async function loadSpecs() {
  const specs = readdirSync(join(root, 'e2e')).filter((f) => f.endsWith('.spec.mjs')).sort();
  for (const f of specs) await import(pathToFileURL(join(root, 'e2e', f)).href);
  return registeredTests().filter((t) => t.name.includes(filter));
}

async function runOne(browser, url, t) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  // The page must work offline: every request stays on the preview server.
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(url) && !u.startsWith('data:') && !u.startsWith('blob:')) consoleErrors.push(`network request off the page's origin: ${u}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`console error: ${m.text()}`);
  });
  const lab = new Lab(page, outDir);
  const t0 = Date.now();
  try {
    await lab.open(url);
    await t.fn({ page, lab });
    if (consoleErrors.length) throw new Error(consoleErrors.join('\n'));
    console.log(`  ✓ ${t.name} (${Date.now() - t0} ms)`);
    return true;
  } catch (e) {
    const shot = await lab.screenshot(`FAILED-${t.name.replace(/[^\w]+/g, '-')}`).catch(() => 'none');
    console.log(`  ✗ ${t.name} (${Date.now() - t0} ms)\n    ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n    ')}\n    screenshot: ${shot}`);
    if (consoleErrors.length) console.log(`    ${consoleErrors.join('\n    ')}`);
    return false;
  } finally {
    await context.close();
  }
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  // Screenshots of failures are only meaningful for this run.
  for (const f of readdirSync(outDir)) if (f.startsWith('FAILED-')) rmSync(join(outDir, f));
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} not found: install Debian's chromium package`);
  if (!existsSync(join(root, 'dist', 'index.html'))) fail('dist/index.html missing: run `vite build` first (npm run test:e2e does)');
  const tests = await loadSpecs();
  if (tests.length === 0) fail(`no e2e tests match ${JSON.stringify(filter)}`);
  const port = await freePort();
  const server = await preview({ root, logLevel: 'warn', preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const url = `http://127.0.0.1:${port}/`;
  let passed = 0;
  let failed = 0;
  console.log(`e2e: ${tests.length} tests against ${url}`);
  try {
    for (const t of tests) {
      if (await runOne(browser, url, t)) passed++;
      else failed++;
    }
  } finally {
    await browser.close();
    await new Promise((r) => server.httpServer.close(r));
  }
  writeFileSync(join(root, 'test-results', 'e2e.json'), JSON.stringify({ passed, failed }));
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => fail(String(e?.stack ?? e)));

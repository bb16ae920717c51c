#!/usr/bin/env node
// Every test of the project, in order: types, lint, unit/property/differential
// (vitest), then the end-to-end suite in Chromium. Prints one closing line
// "tests: N passed, N failed" and exits non-zero if any stage failed.
// `--quick` runs everything but the end-to-end suite.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync, existsSync } from 'node:fs';

const quick = process.argv.includes('--quick');
mkdirSync('test-results', { recursive: true });

let passed = 0;
let failed = 0;
const stageFailures = [];

function run(name, cmd, args) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: false });
  const ok = r.status === 0;
  if (!ok) stageFailures.push(name);
  return ok;
}

function countStage(name, ok) {
  if (ok) passed += 1;
  else failed += 1;
  return name;
}

countStage('typecheck', run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']));
countStage('lint', run('lint', 'npx', ['eslint', '.']));

const unitJson = 'test-results/unit.json';
const unitOk = run('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitJson}`]);
if (existsSync(unitJson)) {
  const r = JSON.parse(readFileSync(unitJson, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += (r.numFailedTests ?? 0) + (r.numFailedTestSuites ?? 0);
  if (!unitOk && (r.numFailedTests ?? 0) === 0 && (r.numFailedTestSuites ?? 0) === 0) failed += 1;
} else if (!unitOk) {
  failed += 1;
}

if (!quick) {
  const e2eJson = 'test-results/e2e.json';
  const e2eOk = run('e2e', 'npm', ['run', 'test:e2e']);
  if (existsSync(e2eJson)) {
    const r = JSON.parse(readFileSync(e2eJson, 'utf8'));
    passed += r.passed ?? 0;
    failed += r.failed ?? 0;
    if (!e2eOk && !(r.failed > 0)) failed += 1;
  } else if (!e2eOk) {
    failed += 1;
  }
}

if (stageFailures.length) console.log(`\nfailed stages: ${stageFailures.join(', ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(stageFailures.length || failed ? 1 : 0);

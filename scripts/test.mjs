// `npm test`: installs what the tests need (npm packages; Debian chromium and dataset-fashion-mnist), then runs typecheck, lint,
// format check, build, unit tests (vitest) and end-to-end tests (Playwright in Debian chromium), and ends
// with the plain line "N passed, N failed, N skipped".
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { ensureChromium, ensureFashionMnist, ensureNodeModules } from './ensure-deps.mjs';

ensureNodeModules();
ensureChromium();
ensureFashionMnist({ required: true });
mkdirSync('reports', { recursive: true });
rmSync('reports/vitest.json', { force: true });
rmSync('reports/playwright.json', { force: true });

let passed = 0;
let failed = 0;
let skipped = 0;
const stage = (name, cmd, args) => {
  console.log(`\n> ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  const ok = r.status === 0;
  console.log(`< ${name}: ${ok ? 'ok' : 'FAILED'}`);
  return ok;
};
for (const [name, script] of [
  ['typecheck', 'typecheck'],
  ['lint', 'lint'],
  ['format', 'format:check'],
]) {
  // Static checks count only when they fail (one failure each); "passed" counts tests.
  if (!stage(name, 'npm', ['run', '--silent', script])) failed++;
}
const built = stage('build', 'npm', ['run', '--silent', 'build']);
if (!built) failed++;

stage('unit tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=reports/vitest.json',
]);
try {
  const v = JSON.parse(readFileSync('reports/vitest.json', 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests + (v.numFailedTestSuites ?? 0);
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
} catch {
  console.log('unit tests: no vitest report');
  failed++;
}

if (built) {
  stage('end-to-end tests', 'npx', ['playwright', 'test']);
  try {
    const s = JSON.parse(readFileSync('reports/playwright.json', 'utf8')).stats;
    passed += s.expected;
    failed += s.unexpected + s.flaky;
    skipped += s.skipped;
  } catch {
    console.log('end-to-end tests: no Playwright report');
    failed++;
  }
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);

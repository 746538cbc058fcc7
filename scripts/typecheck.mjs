// Type-checks every layer with its own lib (see tsconfig.json): models without DOM or worker globals,
// workers with the webworker lib, the app with DOM, Node code with Node types.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const projects = ['models', 'worker', 'app', 'node', 'e2e', 'test-dom'];
let failed = 0;
for (const p of projects) {
  const r = spawnSync(process.execPath, [tsc, '-p', `tsconfig.${p}.json`], { stdio: 'inherit' });
  console.log(`typecheck ${p}: ${r.status === 0 ? 'ok' : 'FAILED'}`);
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

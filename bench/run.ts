/**
 * `npm run bench`: runs every bench/*.bench.ts module and writes reports/bench.json.
 * Each module exports `name` and `run(): Promise<Record<string, number | string>>`.
 * Compare ratios measured in one run: these machines are noisy.
 * `npm run bench -- device array` runs only the named modules.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type BenchModule = { name: string; run(): Promise<Record<string, number | string>> };

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const results: Record<string, unknown> = {
  machine: { node: process.version, platform: process.platform, arch: process.arch },
  date: new Date().toISOString(),
};
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as BenchModule;
  if (only.length && !only.includes(mod.name)) continue;
  process.stderr.write(`bench ${mod.name} ...\n`);
  const t0 = performance.now();
  results[mod.name] = await mod.run();
  process.stderr.write(`bench ${mod.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
mkdirSync(join(here, '..', 'reports'), { recursive: true });
const out = join(here, '..', 'reports', 'bench.json');
writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
process.stderr.write(`wrote ${out}\n`);

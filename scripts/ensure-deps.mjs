// Installs npm dependencies when they are missing or older than package-lock.json (fresh clone: npm ci).
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export function ensureNodeModules() {
  const marker = 'node_modules/.package-lock.json';
  const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
  if (!stale) return;
  console.log('> npm ci (dependencies missing or out of date)');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('npm ci failed');
    process.exit(r.status ?? 1);
  }
}

/** Debian chromium for Playwright (no browser download): installs it with apt when missing. */
export function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return path;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = isRoot ? [] : ['sudo'];
  console.log(`> installing Debian chromium (${path} not found)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) =>
    spawnSync(sudo.length ? 'sudo' : args[0], sudo.length ? args : args.slice(1), { stdio: 'inherit', env });
  let r = run(['apt-get', 'update', '-qq']);
  if (r.status === 0) r = run(['apt-get', 'install', '-y', '-qq', 'chromium', 'fonts-liberation']);
  if (r.status !== 0 || !existsSync(path)) {
    console.error(`Could not install chromium; install it with: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    process.exit(1);
  }
  return path;
}

/** Directory of the Debian package dataset-fashion-mnist (idx files, gzipped). */
export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * Fashion-MNIST from Debian (package dataset-fashion-mnist), installed with apt when missing, like
 * chromium. Returns whether it is there afterwards; `required` exits on failure (npm test: the tests
 * use it), otherwise a warning is printed and the app is built without it.
 */
export function ensureFashionMnist({ required = false } = {}) {
  const marker = `${FASHION_DIR}/t10k-labels-idx1-ubyte.gz`;
  if (existsSync(marker)) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => spawnSync(isRoot ? args[0] : 'sudo', isRoot ? args.slice(1) : args, { stdio: 'inherit', env });
  console.log(`> installing Debian dataset-fashion-mnist (${FASHION_DIR} not found)`);
  let r = run(['apt-get', 'update', '-qq']);
  if (r.status === 0) r = run(['apt-get', 'install', '-y', '-qq', 'dataset-fashion-mnist']);
  if (r.status === 0 && existsSync(marker)) return true;
  const msg = `Could not install Fashion-MNIST; install it with: apt-get install -y dataset-fashion-mnist`;
  if (required) {
    console.error(msg);
    process.exit(1);
  }
  console.warn(`WARNING: ${msg} (the explorer runs without it)`);
  return false;
}

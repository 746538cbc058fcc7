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

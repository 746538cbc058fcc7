// `npm start`: install dependencies if missing, build, serve the explorer on 127.0.0.1 and print the address.
import { spawn, spawnSync } from 'node:child_process';
import { ensureFashionMnist, ensureNodeModules } from './ensure-deps.mjs';

ensureNodeModules();
ensureFashionMnist();
const port = process.env.PORT ?? '4173';
console.log('> building');
const b = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (b.status !== 0) process.exit(b.status ?? 1);
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', port, '--strictPort'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let announced = false;
server.stdout.on('data', (d) => {
  process.stdout.write(d);
  if (!announced && /Local/.test(String(d))) {
    announced = true;
    console.log(`\nMRAM explorer running at http://127.0.0.1:${port}/  (Ctrl+C to stop)`);
  }
});
server.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));

/**
 * The production build served by `vite preview` for the browser benchmarks (ui, mc-pool): started in its
 * own process group, waited for (up to 10 s), and stopped with the group.
 */
import { spawn } from 'node:child_process';

export async function withPreview<T>(port: number, body: () => Promise<T>): Promise<T> {
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return await body();
  } finally {
    try {
      process.kill(-server.pid!);
    } catch {
      server.kill();
    }
  }
}

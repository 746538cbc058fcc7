/** In-process CLI runs for the hardening tests and the fuzz suite: no subprocess, no disk writes. */
import { readFileSync } from 'node:fs';
import type { CliIO } from '../../src/cli/command.ts';
import { runCli } from '../../src/cli/run.ts';
import { FieldError } from '../../src/models/errors.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  written: Map<string, string>;
}

/** Files the runs may read: given contents by name, else the real file (read-only). */
export async function cli(argv: string[], files: Record<string, string> = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const written = new Map<string, string>();
  const io: CliIO = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readFile(field, path) {
      if (path in files) return files[path]!;
      try {
        return readFileSync(path, 'utf8');
      } catch (e) {
        throw new FieldError(field, path, 'a readable file', (e as Error).message);
      }
    },
    writeFile(field, path, content) {
      if (path.startsWith('/nonexistent/')) throw new FieldError(field, path, 'a writable path', 'ENOENT');
      written.set(path, content);
    },
  };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n'), written };
}

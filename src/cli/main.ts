#!/usr/bin/env node
/**
 * Headless CLI over the same model code as the explorer.
 *   npm run cli -- <command> [flags]      (or: npx mram-explorer <command> [flags])
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { FieldError } from '../models/errors.ts';
import type { CliIO } from './command.ts';
import { commands } from './commands/index.ts';

const io: CliIO = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  readFile(field, path) {
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      throw new FieldError(field, path, 'a readable file', (e as Error).message);
    }
  },
  writeFile(field, path, content) {
    try {
      writeFileSync(path, content);
    } catch (e) {
      throw new FieldError(field, path, 'a writable path', (e as Error).message);
    }
  },
};

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'mram-explorer: STT-MRAM vs SRAM scratchpads for DNN training accelerators',
    '',
    'usage: npm run cli -- <command> [flags]   (each command takes --help and --json)',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(`error: command: "${name}" is not a command (accepted: ${commands.map((c) => c.name).join(', ')})`);
    return 2;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof FieldError) {
      io.err(`error: ${e.message}`);
      return 2;
    }
    io.err(`error: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error: ${String(e)}\n`);
    process.exitCode = 1;
  },
);

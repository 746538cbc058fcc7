#!/usr/bin/env node
/**
 * Headless CLI over the same model code as the explorer.
 *   npm run cli -- <command> [flags]      (or: npx mram-explorer <command> [flags])
 */
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { FieldError } from '../models/errors.ts';
import { MAX_FILE_BYTES } from '../schema/limits.ts';
import type { CliIO } from './command.ts';
import { runCli } from './run.ts';

const io: CliIO = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  readFile(field, path) {
    let size: number;
    try {
      size = statSync(path).size;
    } catch (e) {
      throw new FieldError(field, path, 'a readable file', (e as Error).message);
    }
    if (size > MAX_FILE_BYTES)
      throw new FieldError(field, path, `a file of at most ${MAX_FILE_BYTES} bytes`, `${size} bytes`);
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
  appendFile(field, path, content) {
    try {
      appendFileSync(path, content);
    } catch (e) {
      throw new FieldError(field, path, 'a writable path', (e as Error).message);
    }
  },
  exists: (path) => existsSync(path),
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error: ${String(e)}\n`);
    process.exitCode = 1;
  },
);

/**
 * The CLI runner: dispatches to a command and turns every failure into a message on stderr and an
 * exit code (2: bad input, named by its flag or file field; 1: anything else, without a stack trace).
 * In-process so tests and the fuzz suite can run every command without spawning processes.
 */
import { FieldError, formatValue } from '../models/errors.ts';
import type { CliIO } from './command.ts';
import { commands } from './commands/index.ts';
import { attributeToFlag, givenFlagsText, resetFlagContext } from './flags.ts';
import { NonFiniteOutputError } from './json.ts';

export function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'mram-explorer: STT-MRAM vs SRAM scratchpads for DNN training accelerators',
    '',
    'usage: npm run cli -- <command> [flags]   (each command takes --help and --json)',
    '',
    "configuration: every command takes --url '<explorer link or query>' and --config file.json (the page's",
    'export; for accelerator/system a SCALE-Sim .cfg keeps its meaning; sweep --config is the sweep file).',
    'Configuration flags take their ranges, defaults and units from the schema; flags override --url and --config.',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
  ].join('\n');
}

/** Runs one CLI invocation; returns the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(
      `error: command: ${formatValue(name)} is not a command (accepted: ${commands.map((c) => c.name).join(', ')})`,
    );
    return 2;
  }
  resetFlagContext();
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof FieldError) {
      io.err(`error: ${attributeToFlag(e).message}`);
      return 2;
    }
    if (e instanceof NonFiniteOutputError) {
      const given = givenFlagsText();
      io.err(`error: ${e.message}${given ? ` (given: ${given})` : ''}`);
      return 2;
    }
    // Unexpected failure: one line, no stack trace (set MRAM_DEBUG=1 for it).
    const err = e as Error;
    const debug = typeof process !== 'undefined' && process.env.MRAM_DEBUG === '1';
    io.err(`error: ${name}: ${debug ? (err.stack ?? String(e)) : (err?.message ?? String(e)).slice(0, 500)}`);
    return 1;
  } finally {
    resetFlagContext();
  }
}

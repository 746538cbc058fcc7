/** Registry of CLI commands. Add one line per command. */
import type { Command } from '../command.ts';

export const commands: Command[] = [];

/** Registry of CLI commands. Add one line per command. */
import type { Command } from '../command.ts';
import { acceleratorCommand } from './accelerator.ts';
import { systemCommand } from './system.ts';
import { deviceCommand } from './device.ts';
import { trainCommand } from './train.ts';
import { arrayCommand } from './array.ts';
import { sweepCommand } from './sweep.ts';

export const commands: Command[] = [
  acceleratorCommand,
  systemCommand,
  deviceCommand,
  trainCommand,
  arrayCommand,
  sweepCommand,
];

/** Every slash command the bot has: one module per command in `commands/`. */
import * as ask from '../../commands/ask.ts';
import * as sources from '../../commands/sources.ts';
import type { Command } from './context.ts';

export const COMMANDS: readonly Command[] = [ask, sources];

export function commandPayloads() {
  return COMMANDS.map((c) => c.data.toJSON());
}

/** Every command the bot has (slash commands, and `Find in sources` on messages): one module per command in `commands/`. */
import * as ask from '../../../commands/ask.ts';
import * as findInSources from '../../../commands/find-in-sources.ts';
import * as settings from '../../../commands/settings.ts';
import * as sources from '../../../commands/sources.ts';
import type { Command } from '../context.ts';

export const COMMANDS: readonly Command[] = [ask, sources, settings, findInSources];

export function commandPayloads() {
  return COMMANDS.map((c) => c.data.toJSON());
}

/** What every command module gets besides its interaction; built once at start-up. */
import type { AutocompleteInteraction, ChatInputCommandInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Cooldown, Library, UnansweredLog } from './library.ts';
import type { Logger } from './log.ts';

export interface BotContext {
  library: Library;
  cooldown: Cooldown;
  unanswered: UnansweredLog;
  log: Logger;
}

/** What a command did, for the structured log line of each interaction. */
export type Outcome = 'answered' | 'declined' | 'invalid' | 'cooldown' | 'refused' | 'shown' | 'reloaded' | 'failed';

/** One slash command, laid out as the discord.js guide does: builder data plus `execute`. */
export interface Command {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

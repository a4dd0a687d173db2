/** What every command module gets besides its interaction; built once at start-up. */
import {
  ApplicationCommandType,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type MessageContextMenuCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { CorpusWriter } from '../sources/corpus-write.ts';
import type { ButtonSigner, MemberHasher } from '../store/member-key.ts';
import type { RecordStore } from '../store/records.ts';
import type { DownloadOptions } from '../sources/download.ts';
import type { FetchPolicy } from '../sources/web/policy.ts';
import type { Cooldown, Library } from './library.ts';
import type { Logger } from './health/log.ts';
import type { Outcome, Telemetry } from './health/telemetry.ts';

export type { Outcome };

export interface BotContext {
  library: Library;
  cooldown: Cooldown;
  /** Questions, votes and the audit log, per server. */
  storage: RecordStore;
  /** A member's user ID → the keyed hash stored in its place. */
  hashMember: MemberHasher;
  /** Days questions are kept (`QUESTION_RETENTION_DAYS`). */
  retentionDays: number;
  manage: ManageOptions;
  log: Logger;
  /**
   * Whether the bot asks Discord for the privileged Message Content intent (`MESSAGE_CONTENT_INTENT`), without
   * which it reads only messages that mention it: auto-answer channels need it.
   */
  messageContent: boolean;
  /** Where interactions, gateway events and records are reported (health and metrics); default: nowhere. */
  telemetry?: Telemetry;
  /** The bot's other shard processes (`SHARDS`), absent when this process is the whole bot. */
  peers?: Peers;
}

/**
 * The other shard processes of a sharded bot. Each holds its own copy of the index, read from the shared
 * corpus folder, so a change made through one shard must be reloaded by the others too.
 */
export interface Peers {
  /** Has every other shard reload the corpus folder; resolves with how each one fared. */
  reloadOthers(): Promise<PeerReload[]>;
}

/** How one other shard fared: reloaded, or starting (it reads the folder as it is now), or failed (still on its previous index). */
export type PeerReload = { shard: number } & ({ outcome: 'reloaded'; sources: number } | { outcome: 'starting' } | { outcome: 'failed'; why: string });

/** The sources in the database, as `/sources reload` uses them (`SharedCorpus`). */
export interface SharedSources {
  /** Makes the folder what the database holds; whether it changed. */
  pull(): Promise<boolean>;
  /** Tells every other host to do the same and reload. */
  announce(why: string): Promise<void>;
}

/** Changing the corpus from Discord. */
export interface ManageOptions {
  /** Servers whose moderators may add, remove and reload: the corpus is shared by every server. */
  guildIds: ReadonlySet<string>;
  writer: CorpusWriter;
  /** With `DATABASE_URL`: the sources shared by every host (`/sources reload` reaches them all through it). */
  shared?: SharedSources;
  download: DownloadOptions;
  /** How links are fetched for `/sources add url:` and `/sources refresh` (`SOURCE_FETCH_*`). */
  fetch: FetchPolicy;
  /** How long a "remove" confirmation button stays valid. */
  confirmMs: number;
  /** Signs the remove confirmation's custom IDs (user, expiry, source), so a forged one is refused. */
  signButton: ButtonSigner;
}

/**
 * One slash command, laid out as the discord.js guide does: builder data plus `execute`. Buttons whose
 * custom ID starts with `<command name>:` are handed to that command's `button`.
 */
export interface SlashCommand {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /** A member waits `ASK_COOLDOWN_SECONDS` between two uses; the dispatcher enforces it before `execute`. */
  cooldown?: boolean;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
  button?(interaction: ButtonInteraction, ctx: BotContext): Promise<Outcome>;
}

/** A command on a message's context menu (Apps → …), e.g. `Find in sources`. */
export interface MessageCommand {
  data: { name: string; toJSON(): RESTPostAPIContextMenuApplicationCommandsJSONBody };
  /** As `SlashCommand.cooldown`. */
  cooldown?: boolean;
  execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<Outcome>;
  button?(interaction: ButtonInteraction, ctx: BotContext): Promise<Outcome>;
}

export type Command = SlashCommand | MessageCommand;

/** Told apart by the type Discord registers them with (a slash command's is 1, or absent). */
export function isMessageCommand(command: Command): command is MessageCommand {
  return command.data.toJSON().type === ApplicationCommandType.Message;
}

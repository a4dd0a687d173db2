/**
 * The Discord shell: a discord.js client that hands each interaction to its command module, and members'
 * messages (mentions, new threads in auto-answer channels) to `MessageAnswerer`.
 * One failing interaction never stops the bot: the member gets a short private error, the log the details.
 * The bot counts the interactions and messages it is working on, so that it can stop taking new ones and finish those.
 */
import {
  Client,
  Events,
  GatewayIntentBits,
  Options,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import { COMMANDS } from './commands.ts';
import { isMessageCommand, type BotContext, type Command, type MessageCommand, type Outcome, type SlashCommand } from '../context.ts';
import { guardDelivery, InteractionExpired } from './delivery.ts';
import { NO_PINGS, TEXT, ephemeral } from './format.ts';
import { watchGateway, type GatewayWatchOptions } from '../health/gateway.ts';
import { MessageAnswerer, type Handled as HandledMessage } from '../members/messages.ts';
import { NO_TELEMETRY, type Handled } from '../health/telemetry.ts';

export interface ClientOptions {
  /** REST base without the version, e.g. a fake Discord's `http://127.0.0.1:PORT/api`. */
  apiBase?: string;
  /** Reconnect logging and what to do on a fatal gateway close (see `watchGateway`). */
  gateway?: GatewayWatchOptions;
  /**
   * The gateway connections this process opens, of how many in all (default: shard 0 of 1). Always given
   * to discord.js, which otherwise reads `SHARDS` from the environment, where it may be the operator's.
   */
  shards?: { ids: readonly number[]; count: number };
}

export interface Bot {
  client: Client;
  /**
   * Stops taking interactions (any that still arrive get a short private "restarting" reply), waits up to
   * `graceMs` for those in flight, then closes the gateway. Resolves with how many were left unfinished.
   */
  stop(graceMs: number): Promise<{ unfinished: number }>;
}

/** The commands by name, each kind apart: a slash command and a message command may share a name. */
interface CommandSet {
  slash: Map<string, SlashCommand>;
  message: Map<string, MessageCommand>;
  /** Commands by the prefix of their buttons' custom IDs (their name). */
  buttons: Map<string, Command>;
}

export function createBot(ctx: BotContext, options: ClientOptions = {}, commands: readonly Command[] = COMMANDS): Bot {
  const set: CommandSet = { slash: new Map(), message: new Map(), buttons: new Map() };
  for (const c of commands) {
    if (isMessageCommand(c)) set.message.set(c.data.name, c);
    else set.slash.set(c.data.name, c);
    if (c.button) set.buttons.set(c.data.name, c);
  }
  const client = new Client({
    // Guild messages carry the text of those that mention the bot; the privileged Message Content intent,
    // which must also be enabled in the Developer Portal, is needed to read new threads in auto-answer channels.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, ...(ctx.messageContent ? [GatewayIntentBits.MessageContent] : [])],
    // With GuildMessages every message of every channel arrives; the bot never looks one up in the cache, and
    // discord.js would otherwise keep 200 per channel (about 44 MB per 20,000 messages: npm run bench:message-cache).
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    allowedMentions: NO_PINGS,
    shards: [...(options.shards?.ids ?? [0])],
    shardCount: options.shards?.count ?? 1,
    ...(options.apiBase ? { rest: { api: options.apiBase } } : {}),
  });
  const inFlight = new Set<Promise<void>>();
  let accepting = true;
  const track = (work: Promise<void>) => {
    const tracked = work.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  client.once(Events.ClientReady, (c) =>
    ctx.log.log('info', 'ready', { user: c.user.tag, guilds: c.guilds.cache.size, sources: ctx.library.engine.sources.length, pid: process.pid }),
  );
  client.on(Events.Error, (err) => ctx.log.log('error', 'client_error', { error: err }));
  const telemetry = ctx.telemetry ?? NO_TELEMETRY;
  const closingGateway = watchGateway(client, ctx.log, { ...options.gateway, telemetry });
  client.on(Events.InteractionCreate, (interaction) => {
    track(handle(interaction, set, ctx, accepting).catch((err: unknown) => ctx.log.log('error', 'interaction_failed', { error: err })));
  });

  const answerer = new MessageAnswerer(ctx);
  /** A message's outcome in the log and the metrics, as an interaction's is; a failure is logged and goes no further. */
  const report = async (started: number, work: Promise<HandledMessage | undefined>, fields: Record<string, unknown>) => {
    try {
      const done = await work;
      if (!done) return;
      ctx.log.log('info', 'command', {
        command: done.via,
        outcome: done.outcome,
        member: ctx.hashMember(done.userId),
        guild: done.guildId,
        latency_ms: Math.round(performance.now() - started),
      });
      telemetry.handled(done.via, done.outcome, (performance.now() - started) / 1000);
    } catch (err) {
      ctx.log.log('error', 'message_failed', { ...fields, latency_ms: Math.round(performance.now() - started), error: err });
    }
  };
  client.on(Events.MessageCreate, (message) => {
    track(report(performance.now(), answerer.onMessage(message, accepting), { message: message.id, channel: message.channelId, guild: message.guildId }));
  });
  client.on(Events.ThreadCreate, (thread, newlyCreated) => {
    track(report(performance.now(), answerer.onThreadCreate(thread, newlyCreated, accepting), { thread: thread.id, guild: thread.guildId }));
  });

  return {
    client,
    async stop(graceMs) {
      accepting = false;
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      // Interactions that arrive while these finish are added to the set, and answered with "restarting".
      while (inFlight.size > 0) {
        const timedOut = await Promise.race([Promise.allSettled([...inFlight]).then(() => false), grace.then(() => true)]);
        if (timedOut) break;
      }
      clearTimeout(timer);
      const unfinished = inFlight.size;
      closingGateway();
      await client.destroy();
      return { unfinished };
    },
  };
}

async function handle(interaction: Interaction, set: CommandSet, ctx: BotContext, accepting: boolean): Promise<void> {
  const started = performance.now();
  const telemetry = ctx.telemetry ?? NO_TELEMETRY;
  if (interaction.isAutocomplete()) {
    try {
      if (!accepting) await interaction.respond([]);
      else await set.slash.get(interaction.commandName)?.autocomplete?.(interaction, ctx);
    } catch (err) {
      ctx.log.log('error', 'autocomplete_failed', { command: interaction.commandName, error: err });
    }
    return;
  }
  let fields: Record<string, unknown>;
  let run: () => Promise<Outcome>;
  let commandName: string;
  const report = (name: string, outcome: Handled) => telemetry.handled(name, outcome, (performance.now() - started) / 1000);
  const refuse = async (name: string, known: boolean) => {
    if (!known) ctx.log.log('warn', interaction.isButton() ? 'unknown_button' : 'unknown_command', fields);
    else ctx.log.log('info', 'refused_while_stopping', fields);
    await tell(interaction as Deliverable, ctx, fields, !known ? TEXT.unknownCommand : TEXT.restarting);
    report(name, !known ? 'unknown' : 'restarting');
  };
  if (interaction.isChatInputCommand()) {
    fields = {
      command: interaction.commandName,
      subcommand: interaction.options.getSubcommand(false) ?? undefined,
      member: ctx.hashMember(interaction.user.id),
      guild: interaction.guildId,
    };
    guardDelivery(interaction, (event, extra) => ctx.log.log('warn', event, { ...fields, ...extra }));
    const command = set.slash.get(interaction.commandName);
    if (!accepting || !command) return refuse(interaction.commandName, command !== undefined);
    run = () => withCooldown(command, interaction, ctx, () => command.execute(interaction, ctx));
    commandName = interaction.commandName;
  } else if (interaction.isMessageContextMenuCommand()) {
    fields = { command: interaction.commandName, member: ctx.hashMember(interaction.user.id), guild: interaction.guildId };
    guardDelivery(interaction, (event, extra) => ctx.log.log('warn', event, { ...fields, ...extra }));
    const command = set.message.get(interaction.commandName);
    if (!accepting || !command) return refuse(interaction.commandName, command !== undefined);
    run = () => withCooldown(command, interaction, ctx, () => command.execute(interaction, ctx));
    commandName = interaction.commandName;
  } else if (interaction.isButton()) {
    // A button's custom ID starts with the name of the command that made it: `sources:remove:…`, `ask:vote:…`.
    const [name = '', action] = interaction.customId.split(':', 2);
    const command = set.buttons.get(name);
    fields = { command: name, button: action, member: ctx.hashMember(interaction.user.id), guild: interaction.guildId };
    guardDelivery(interaction, (event, extra) => ctx.log.log('warn', event, { ...fields, ...extra }));
    // Metrics tell a button (`ask:vote`) from its command's own runs (`ask`).
    commandName = `${name}:${action ?? ''}`;
    if (!accepting || !command?.button) return refuse(commandName, command?.button !== undefined);
    run = () => command.button!(interaction, ctx);
  } else return;
  try {
    const outcome = await run();
    ctx.log.log('info', 'command', { ...fields, outcome, latency_ms: Math.round(performance.now() - started) });
    report(commandName, outcome);
  } catch (err) {
    if (err instanceof InteractionExpired) {
      ctx.log.log('warn', 'interaction_expired', { ...fields, why: err.message, age_ms: Date.now() - interaction.createdTimestamp, error: err.cause });
      report(commandName, 'late');
      return;
    }
    ctx.log.log('error', 'command_failed', { ...fields, latency_ms: Math.round(performance.now() - started), error: err });
    await tell(interaction, ctx, fields, TEXT.error);
    report(commandName, 'error');
  }
}

/**
 * Runs a command that declares a cooldown only when its member may use it again; otherwise tells them, privately,
 * how long to wait. One place for every command, so a new one only says `cooldown: true`.
 */
async function withCooldown(
  command: Command,
  interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
  ctx: BotContext,
  run: () => Promise<Outcome>,
): Promise<Outcome> {
  if (!command.cooldown) return run();
  const wait = ctx.cooldown.take(interaction.user.id);
  if (wait <= 0) return run();
  await interaction.reply(ephemeral(TEXT.cooldown(Math.ceil(wait / 1000))));
  return 'cooldown';
}

/** The interactions the bot answers: a slash command, a message command, a button. */
type Deliverable = ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ButtonInteraction;

/** A short private message as the interaction's final reply (an edit if it was already acknowledged); failures are logged with why. */
async function tell(interaction: Deliverable, ctx: BotContext, fields: Record<string, unknown>, text: string): Promise<void> {
  try {
    if (interaction.deferred || interaction.replied) await interaction.editReply({ content: text, embeds: [], components: [], allowedMentions: NO_PINGS });
    else await interaction.reply(ephemeral(text));
  } catch (err) {
    const expired = err instanceof InteractionExpired;
    ctx.log.log('error', 'reply_failed', {
      ...fields,
      why: expired ? err.message : 'Discord refused the message',
      age_ms: Date.now() - interaction.createdTimestamp,
      error: expired ? err.cause : err,
    });
  }
}

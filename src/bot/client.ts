/**
 * The Discord shell: a discord.js client that hands each interaction to its command module.
 * One failing interaction never stops the bot: the member gets a short private error, the log the details.
 * The bot counts the interactions it is working on, so that it can stop taking new ones and finish those.
 */
import { Client, Events, GatewayIntentBits, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import { COMMANDS } from './commands.ts';
import type { BotContext, Command, Outcome } from './context.ts';
import { guardDelivery, InteractionExpired } from './delivery.ts';
import { NO_PINGS, TEXT, ephemeral } from './format.ts';
import { watchGateway, type GatewayWatchOptions } from './gateway.ts';
import { NO_TELEMETRY, type Handled } from './telemetry.ts';

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

export function createBot(ctx: BotContext, options: ClientOptions = {}, commands: readonly Command[] = COMMANDS): Bot {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  // Slash commands need no privileged intents: the bot never reads members' messages.
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_PINGS,
    shards: [...(options.shards?.ids ?? [0])],
    shardCount: options.shards?.count ?? 1,
    ...(options.apiBase ? { rest: { api: options.apiBase } } : {}),
  });
  const inFlight = new Set<Promise<void>>();
  let accepting = true;

  client.once(Events.ClientReady, (c) =>
    ctx.log.log('info', 'ready', { user: c.user.tag, guilds: c.guilds.cache.size, sources: ctx.library.engine.sources.length, pid: process.pid }),
  );
  client.on(Events.Error, (err) => ctx.log.log('error', 'client_error', { error: err }));
  const telemetry = ctx.telemetry ?? NO_TELEMETRY;
  const closingGateway = watchGateway(client, ctx.log, { ...options.gateway, telemetry });
  client.on(Events.InteractionCreate, (interaction) => {
    const work = handle(interaction, byName, ctx, accepting)
      .catch((err: unknown) => ctx.log.log('error', 'interaction_failed', { error: err }))
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
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

async function handle(interaction: Interaction, byName: Map<string, Command>, ctx: BotContext, accepting: boolean): Promise<void> {
  const started = performance.now();
  const telemetry = ctx.telemetry ?? NO_TELEMETRY;
  if (interaction.isAutocomplete()) {
    try {
      if (!accepting) await interaction.respond([]);
      else await byName.get(interaction.commandName)?.autocomplete?.(interaction, ctx);
    } catch (err) {
      ctx.log.log('error', 'autocomplete_failed', { command: interaction.commandName, error: err });
    }
    return;
  }
  let fields: Record<string, unknown>;
  let run: () => Promise<Outcome>;
  let commandName: string;
  const report = (name: string, outcome: Handled) => telemetry.handled(name, outcome, (performance.now() - started) / 1000);
  if (interaction.isChatInputCommand()) {
    fields = { command: interaction.commandName, subcommand: interaction.options.getSubcommand(false) ?? undefined, user: interaction.user.id, guild: interaction.guildId };
    guardDelivery(interaction, (event, extra) => ctx.log.log('warn', event, { ...fields, ...extra }));
    const command = byName.get(interaction.commandName);
    if (!accepting || !command) {
      if (!command) ctx.log.log('warn', 'unknown_command', fields);
      else ctx.log.log('info', 'refused_while_stopping', fields);
      await tell(interaction, ctx, fields, !command ? TEXT.unknownCommand : TEXT.restarting);
      report(interaction.commandName, !command ? 'unknown' : 'restarting');
      return;
    }
    run = () => command.execute(interaction, ctx);
    commandName = interaction.commandName;
  } else if (interaction.isButton()) {
    // A button's custom ID starts with the name of the command that made it: `sources:remove:…`.
    const name = interaction.customId.split(':', 1)[0]!;
    const command = byName.get(name);
    fields = { command: name, button: interaction.customId.split(':', 2)[1], user: interaction.user.id, guild: interaction.guildId };
    if (!accepting || !command?.button) {
      if (!command?.button) ctx.log.log('warn', 'unknown_button', fields);
      else ctx.log.log('info', 'refused_while_stopping', fields);
      await tell(interaction, ctx, fields, !command?.button ? TEXT.unknownCommand : TEXT.restarting);
      report(name, !command?.button ? 'unknown' : 'restarting');
      return;
    }
    run = () => command.button!(interaction, ctx);
    commandName = name;
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

/** A short private message as the interaction's final reply (an edit if it was already acknowledged); failures are logged with why. */
async function tell(interaction: ChatInputCommandInteraction | ButtonInteraction, ctx: BotContext, fields: Record<string, unknown>, text: string): Promise<void> {
  try {
    if (interaction.deferred || interaction.replied) await interaction.editReply({ content: text, embeds: [], allowedMentions: NO_PINGS });
    else await interaction.reply(ephemeral(text));
  } catch (err) {
    const expired = err instanceof InteractionExpired;
    ctx.log.log('error', 'reply_failed', { ...fields, why: expired ? err.message : 'Discord refused the message', age_ms: Date.now() - interaction.createdTimestamp, error: expired ? err.cause : err });
  }
}

/**
 * The Discord shell: a discord.js client that hands each interaction to its command module.
 * One failing interaction never stops the bot: the member gets a short private error, the log the details.
 */
import { Client, Events, GatewayIntentBits, MessageFlags, type Interaction } from 'discord.js';
import { COMMANDS } from './commands.ts';
import type { BotContext, Command, Outcome } from './context.ts';
import { NO_PINGS, TEXT } from './format.ts';

export interface ClientOptions {
  /** REST base without the version, e.g. a fake Discord's `http://127.0.0.1:PORT/api`. */
  apiBase?: string;
}

export function createClient(ctx: BotContext, options: ClientOptions = {}, commands: readonly Command[] = COMMANDS): Client {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  // Slash commands need no privileged intents: the bot never reads members' messages.
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_PINGS,
    ...(options.apiBase ? { rest: { api: options.apiBase } } : {}),
  });

  client.once(Events.ClientReady, (c) => ctx.log.log('info', 'ready', { user: c.user.tag, guilds: c.guilds.cache.size, sources: ctx.library.engine.sources.length }));
  client.on(Events.ShardResume, (shard, replayed) => ctx.log.log('info', 'gateway_resumed', { shard, replayed }));
  client.on(Events.ShardDisconnect, (event, shard) => ctx.log.log('warn', 'gateway_disconnected', { shard, code: event.code }));
  client.on(Events.Error, (err) => ctx.log.log('error', 'client_error', { error: err }));
  client.on(Events.InteractionCreate, (interaction) => void handle(interaction, byName, ctx));
  return client;
}

async function handle(interaction: Interaction, byName: Map<string, Command>, ctx: BotContext): Promise<void> {
  const started = performance.now();
  if (interaction.isAutocomplete()) {
    try {
      await byName.get(interaction.commandName)?.autocomplete?.(interaction, ctx);
    } catch (err) {
      ctx.log.log('error', 'autocomplete_failed', { command: interaction.commandName, error: err });
    }
    return;
  }
  let fields: Record<string, unknown>;
  let run: () => Promise<Outcome>;
  if (interaction.isChatInputCommand()) {
    const command = byName.get(interaction.commandName);
    fields = { command: interaction.commandName, subcommand: interaction.options.getSubcommand(false) ?? undefined, user: interaction.user.id, guild: interaction.guildId };
    if (!command) {
      ctx.log.log('warn', 'unknown_command', fields);
      return;
    }
    run = () => command.execute(interaction, ctx);
  } else if (interaction.isButton()) {
    // A button's custom ID starts with the name of the command that made it: `sources:remove:…`.
    const name = interaction.customId.split(':', 1)[0]!;
    const command = byName.get(name);
    fields = { command: name, button: interaction.customId.split(':', 2)[1], user: interaction.user.id, guild: interaction.guildId };
    if (!command?.button) {
      ctx.log.log('warn', 'unknown_button', fields);
      return;
    }
    run = () => command.button!(interaction, ctx);
  } else return;
  try {
    const outcome = await run();
    ctx.log.log('info', 'command', { ...fields, outcome, latency_ms: Math.round(performance.now() - started) });
  } catch (err) {
    ctx.log.log('error', 'command_failed', { ...fields, latency_ms: Math.round(performance.now() - started), error: err });
    try {
      if (interaction.deferred || interaction.replied) await interaction.editReply({ content: TEXT.error, embeds: [], allowedMentions: NO_PINGS });
      else await interaction.reply({ content: TEXT.error, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
    } catch (replyErr) {
      ctx.log.log('error', 'error_reply_failed', { ...fields, error: replyErr });
    }
  }
}

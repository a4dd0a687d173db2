/**
 * /settings — how the bot answers in this server's channels (Manage Server):
 * `channel mode:<off|mention|auto> [channel:]` and `channels` (those not on the default, `mention`).
 */
import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext, Outcome } from '../src/bot/context.ts';
import { ephemeral, LIMITS, MODE_WORDS, TEXT } from '../src/bot/discord/format.ts';
import { withRecords } from '../src/bot/members/records.ts';
import { CHANNEL_MODES, DEFAULT_CHANNEL_MODE, type ChannelMode } from '../src/store/records.ts';
import { cutText } from '../src/text.ts';

/** Channels members ask in: their threads and posts take the mode of the channel they are in. */
const ANSWERED_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum, ChannelType.GuildMedia] as const;

export const data = new SlashCommandBuilder()
  .setName('settings')
  .setDescription('How the bot answers in this server (moderators).')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((s) =>
    s
      .setName('channel')
      .setDescription('Answer in a channel only when mentioned (default), also new threads and posts (auto), or not at all')
      .addStringOption((o) =>
        o
          .setName('mode')
          .setDescription('off, mention or auto')
          .setRequired(true)
          .addChoices(
            { name: 'off: ignore mentions and new threads', value: 'off' },
            { name: 'mention: answer when mentioned (default)', value: 'mention' },
            { name: 'auto: also answer new threads and forum posts', value: 'auto' },
          ),
      )
      .addChannelOption((o) =>
        o
          .setName('channel')
          .setDescription('Default: this channel')
          .addChannelTypes(...ANSWERED_CHANNELS),
      ),
  )
  .addSubcommand((s) => s.setName('channels').setDescription('Channels whose mode is not the default (mention)'));

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  // default_member_permissions only hides the command; a server can override it, so check again.
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) || interaction.guildId === null) {
    await interaction.reply(ephemeral(TEXT.notServerManager));
    return 'refused';
  }
  if (interaction.options.getSubcommand() === 'channels') {
    const guildId = interaction.guildId;
    const read = await withRecords(interaction, ctx, 'channel_modes_unavailable', () => ctx.storage.channelModes(guildId));
    if (!read) return 'unavailable';
    const rows = read.value;
    const lines = rows.map((r) => `<#${r.channelId}>: ${MODE_WORDS[r.mode]} · set by <@${r.setBy}> <t:${Math.floor(r.setAt / 1000)}:R>`);
    const body = lines.length > 0 ? lines.join('\n') : `Every channel is on the default: ${MODE_WORDS[DEFAULT_CHANNEL_MODE]}.`;
    await interaction.reply(ephemeral(cutText(body, LIMITS.content).text));
    return 'shown';
  }
  const mode = interaction.options.getString('mode', true) as ChannelMode;
  if (!CHANNEL_MODES.includes(mode)) {
    await interaction.reply(ephemeral(`Unknown mode: choose ${CHANNEL_MODES.join(', ')}.`));
    return 'invalid';
  }
  const channelId = targetChannel(interaction);
  if (!channelId) {
    await interaction.reply(ephemeral(TEXT.notAChannel));
    return 'invalid';
  }
  const guildId = interaction.guildId;
  const written = await withRecords(interaction, ctx, 'channel_mode_not_stored', () =>
    ctx.storage.setChannelMode(guildId, channelId, mode, interaction.user.id),
  );
  if (!written) return 'unavailable';
  const before = written.value;
  const warning = mode === 'auto' && !ctx.messageContent ? `\n${TEXT.needsMessageContent}` : '';
  await interaction.reply(ephemeral(`${TEXT.modeSet(`<#${channelId}>`, mode, before)}${warning}`));
  return 'changed';
}

/**
 * The channel whose mode to set: the one chosen, else the one the command was used in. In a thread or post,
 * the channel it is in (that is where the mode is read). Undefined for a kind of channel members do not ask in.
 */
function targetChannel(interaction: ChatInputCommandInteraction): string | undefined {
  const chosen = interaction.options.getChannel('channel') ?? interaction.channel;
  if (!chosen) return undefined;
  const thread = chosen.type === ChannelType.PublicThread || chosen.type === ChannelType.PrivateThread || chosen.type === ChannelType.AnnouncementThread;
  const channel = thread && 'parentId' in chosen && chosen.parentId ? interaction.guild?.channels.cache.get(chosen.parentId) : chosen;
  return channel && (ANSWERED_CHANNELS as readonly ChannelType[]).includes(channel.type) ? channel.id : undefined;
}

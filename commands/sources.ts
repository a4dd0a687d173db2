/**
 * /sources — the moderator console (Manage Server): what the bot knows (list, show), what members asked and
 * could not get (gaps, stats), and changing the corpus (add, remove, reload, history).
 */
import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { MAX_SOURCE_BYTES } from '../src/sources/corpus.ts';
import { sourceChoices } from '../src/bot/discord/choices.ts';
import type { BotContext, Outcome } from '../src/bot/context.ts';
import { ephemeral, formatBytes, NO_PINGS, sourceDetail, sourceListPage, TEXT } from '../src/bot/discord/format.ts';
import { DEFAULT_DAYS, gapsCommand, historyCommand, statsCommand } from '../src/bot/console/insights.ts';
import { reloadCommand } from '../src/bot/console/corpus-changes.ts';
import { addCommand, removeButton, removeCommand } from '../src/bot/console/manage.ts';
import { refreshCommand } from '../src/bot/console/web-sources.ts';

export const data = new SlashCommandBuilder()
  .setName('sources')
  .setDescription('See and manage the sources the bot answers from (moderators).')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((s) =>
    s
      .setName('list')
      .setDescription('Every source: ID, title, size and date')
      .addIntegerOption((o) => o.setName('page').setDescription('Page number').setMinValue(1)),
  )
  .addSubcommand((s) =>
    s
      .setName('show')
      .setDescription("One source's details and opening")
      .addStringOption((o) => o.setName('id').setDescription('Source ID').setRequired(true).setAutocomplete(true)),
  )
  .addSubcommand((s) =>
    s
      .setName('gaps')
      .setDescription('Questions the sources did not answer here, similar ones grouped, most asked first')
      .addIntegerOption((o) => o.setName('days').setDescription(`Look back this many days (default ${DEFAULT_DAYS})`).setMinValue(1).setMaxValue(3650)),
  )
  .addSubcommand((s) =>
    s
      .setName('stats')
      .setDescription('Questions per day, answered and helpful shares, sources quoted and never quoted')
      .addIntegerOption((o) => o.setName('days').setDescription(`Look back this many days (default ${DEFAULT_DAYS})`).setMinValue(1).setMaxValue(3650)),
  )
  .addSubcommand((s) =>
    s
      .setName('add')
      .setDescription('Add (or replace) a source: a web page or PDF by its link, or a .txt, .md, .pdf or .html file')
      .addStringOption((o) =>
        o.setName('url').setDescription('Link to fetch (web page or PDF); with a file: where its article is published').setMaxLength(1000),
      )
      .addAttachmentOption((o) =>
        o.setName('file').setDescription(`A UTF-8 .txt or .md file (at most ${formatBytes(MAX_SOURCE_BYTES)}), or a .pdf or .html document`),
      )
      .addStringOption((o) => o.setName('id').setDescription("Source ID (default: a text file's name, else a slug of the title)").setMaxLength(100))
      .addStringOption((o) => o.setName('title').setDescription('Title shown with its quotes (default: the document’s own)').setMaxLength(256))
      .addStringOption((o) => o.setName('published').setDescription('Publication date: YYYY-MM-DD, or YYYY-MM, or YYYY').setMinLength(4).setMaxLength(10))
      .addBooleanOption((o) => o.setName('replace').setDescription('Overwrite a source that already has this ID')),
  )
  .addSubcommand((s) =>
    s
      .setName('refresh')
      .setDescription('Fetch a source added from a link again; reloads only if its text changed')
      .addStringOption((o) => o.setName('id').setDescription('Source ID').setRequired(true).setAutocomplete(true)),
  )
  .addSubcommand((s) =>
    s
      .setName('remove')
      .setDescription('Remove a source (asks for confirmation)')
      .addStringOption((o) => o.setName('id').setDescription('Source ID').setRequired(true).setAutocomplete(true)),
  )
  .addSubcommand((s) => s.setName('reload').setDescription('Re-read the corpus folder and swap in the new index'))
  .addSubcommand((s) => s.setName('history').setDescription('Who added, replaced, refreshed, removed or reloaded sources from this server, and when'));

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  // default_member_permissions only hides the command; a server can override it, so check again.
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) || interaction.guildId === null) {
    await interaction.reply(ephemeral(TEXT.notModerator));
    return 'refused';
  }
  const engine = ctx.library.engine;
  switch (interaction.options.getSubcommand()) {
    case 'list': {
      const { embed } = sourceListPage(engine.sources, interaction.options.getInteger('page') ?? 1);
      const failures = engine.failures.length > 0 ? `${engine.failures.length} file(s) could not be loaded; run \`/sources reload\` to see why.` : '';
      await interaction.reply({ content: failures, embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
      return 'shown';
    }
    case 'show': {
      const id = interaction.options.getString('id', true);
      const source = engine.source(id);
      if (!source) {
        await interaction.reply(ephemeral(TEXT.noSuchSource(id)));
        return 'invalid';
      }
      await interaction.reply({ embeds: [sourceDetail(source)], flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
      return 'shown';
    }
    case 'gaps':
      return gapsCommand(interaction, ctx);
    case 'stats':
      return statsCommand(interaction, ctx);
    case 'add':
      return addCommand(interaction, ctx);
    case 'remove':
      return removeCommand(interaction, ctx);
    case 'refresh':
      return refreshCommand(interaction, ctx);
    case 'reload':
      return reloadCommand(interaction, ctx);
    case 'history':
      return historyCommand(interaction, ctx);
    default:
      await interaction.reply(ephemeral('Unknown subcommand.'));
      return 'invalid';
  }
}

export async function button(interaction: ButtonInteraction, ctx: BotContext): Promise<Outcome> {
  return removeButton(interaction, ctx);
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return interaction.respond([]);
  const sources = ctx.library.engine.sources;
  // Only a source added from a link can be fetched again.
  const offered = interaction.options.getSubcommand(false) === 'refresh' ? sources.filter((s) => s.meta.origin) : sources;
  await interaction.respond(sourceChoices(offered, interaction.options.getFocused()));
}

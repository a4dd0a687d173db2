/** /sources list|show|reload|unanswered — what the bot knows, for moderators (Manage Server). */
import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { sourceChoices } from '../src/bot/choices.ts';
import type { BotContext, Outcome } from '../src/bot/context.ts';
import type { ReloadReport } from '../src/bot/library.ts';
import { codeText, cutText, ephemeral, escapeText, LIMITS, NO_PINGS, sourceDetail, sourceListPage, TEXT } from '../src/bot/format.ts';

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
  .addSubcommand((s) => s.setName('reload').setDescription('Re-read the corpus folder and swap in the new index'))
  .addSubcommand((s) => s.setName('unanswered').setDescription('Recent questions the sources could not answer'));

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  // default_member_permissions only hides the command; a server can override it, so check again.
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
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
        await interaction.reply(ephemeral(`There is no source with ID ${codeText(id)}.`));
        return 'invalid';
      }
      await interaction.reply({ embeds: [sourceDetail(source)], flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
      return 'shown';
    }
    case 'reload': {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      let r: ReloadReport;
      try {
        r = await ctx.library.reload();
      } catch (err) {
        // The previous index is still in place: say so, and why the new one is not.
        const why = err instanceof Error ? err.message : String(err);
        ctx.log.log('error', 'corpus_reload_failed', { error: err });
        const sources = ctx.library.engine.sources.length;
        await interaction.editReply({ content: cutText(TEXT.reloadFailed(escapeText(why), sources), LIMITS.content).text, allowedMentions: NO_PINGS });
        return 'failed';
      }
      const list = (ids: string[]) => (ids.length ? ids.map((id) => codeText(id)).join(', ') : 'none');
      const lines = [
        `Reloaded ${r.sources} source(s) in ${r.ms} ms.`,
        `Added: ${list(r.added)}`,
        `Removed: ${list(r.removed)}`,
        `Changed: ${list(r.changed)}`,
        `Failed: ${r.failed.length ? '' : 'none'}`,
        ...r.failed.map((f) => `• ${codeText(f.file)}: ${escapeText(f.reason)}`),
      ];
      ctx.log.log(r.failed.length ? 'warn' : 'info', 'corpus_reloaded', { ...r, failed: r.failed });
      await interaction.editReply({ content: cutText(lines.join('\n'), LIMITS.content).text, allowedMentions: NO_PINGS });
      return 'reloaded';
    }
    case 'unanswered': {
      const recent = interaction.guildId ? ctx.unanswered.recent(interaction.guildId) : [];
      const lines = recent.map((u) => `• <t:${Math.floor(u.at.getTime() / 1000)}:R> ${escapeText(cutText(u.question, 150).text)}`);
      const content = recent.length ? `Questions the sources could not answer, newest first:\n${lines.join('\n')}` : 'No unanswered questions in this server since the bot started.';
      await interaction.reply(ephemeral(content));
      return 'shown';
    }
    default:
      await interaction.reply(ephemeral('Unknown subcommand.'));
      return 'invalid';
  }
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return interaction.respond([]);
  await interaction.respond(sourceChoices(ctx.library.engine.sources, interaction.options.getFocused()));
}

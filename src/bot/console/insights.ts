/**
 * `/sources gaps`, `/sources stats` and `/sources history`: what this server's members asked and what the
 * sources could not give them, read from the database. Every query names the server the command came from;
 * questions are shown without who asked them.
 */
import { withRecords } from '../members/records.ts';
import { EmbedBuilder, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { groupGaps } from '../../store/gaps.ts';
import { DAY_MS, daysAgo } from '../../store/records.ts';
import type { BotContext, Outcome } from '../context.ts';
import { ACCENT, codeText, escapeText, LIMITS, NO_PINGS, TEXT } from '../discord/format.ts';
import { cutText } from '../../text.ts';

/** Days looked back when the moderator does not say. */
export const DEFAULT_DAYS = 30;
const GAPS_SHOWN = 20;
const DAYS_LISTED = 14;
const SOURCES_LISTED = 10;
const HISTORY_SHOWN = 20;

/** The `days` option, never beyond what is kept. */
function daysOf(interaction: ChatInputCommandInteraction, ctx: BotContext): number {
  return Math.min(interaction.options.getInteger('days') ?? DEFAULT_DAYS, ctx.retentionDays);
}

const when = (ms: number, style: 'R' | 'f' = 'R') => `<t:${Math.floor(ms / 1000)}:${style}>`;
const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((100 * part) / whole)}%`);

/** At most `maxLines` lines, joined while they fit in `max` characters, then a line saying how many were left out. */
function fitLines(lines: readonly string[], max: number, maxLines: number, more: (n: number) => string): string {
  const out: string[] = [];
  let length = 0;
  for (const [i, line] of lines.entries()) {
    const last = i === lines.length - 1;
    const room = max - (last ? 0 : more(lines.length).length + 1);
    if (i >= maxLines || length + line.length + 1 > room) {
      out.push(more(lines.length - i));
      break;
    }
    out.push(line);
    length += line.length + 1;
  }
  return out.join('\n');
}

export async function gapsCommand(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  const days = daysOf(interaction, ctx);
  // Grouping runs every question through the language pipeline: defer first, whatever the volume.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const read = await withRecords(interaction, ctx, 'gaps_unavailable', () => ctx.storage.gaps(interaction.guildId!, daysAgo(days)));
  if (!read) return 'unavailable';
  const groups = groupGaps(read.value);
  const lines = groups.map((g) => {
    const declined = g.count - g.notHelpful - g.closest;
    // How each gap went: nothing quoted, only the closest passages, or an answer voted down.
    const how = [
      declined > 0 ? `${declined === g.count ? '' : `${declined} `}declined` : '',
      g.closest > 0 ? `${g.closest === g.count ? '' : `${g.closest} `}closest passages only` : '',
      g.notHelpful > 0 ? `${g.notHelpful === g.count ? '' : `${g.notHelpful} `}voted not helpful` : '',
    ].filter(Boolean);
    return `**${g.count}×** ${escapeText(cutText(g.question, 150).text)} (${how.join(', ')}) · last ${when(g.lastAskedAt)}`;
  });
  const asked = groups.reduce((n, g) => n + g.count, 0);
  const embed = new EmbedBuilder()
    .setColor(ACCENT)
    .setTitle(`Questions the sources did not answer · last ${days} day(s)`)
    .setDescription(
      groups.length === 0
        ? 'None: every question in this period was answered (or none was asked).'
        : fitLines(lines, LIMITS.description, GAPS_SHOWN, (n) => `…and ${n} more.`),
    )
    .setFooter({
      text: `${asked} question(s) in ${groups.length} group(s), most asked first; similar wordings are grouped. Declined, shown only the closest passages, or voted "Not helpful". ${TEXT.membersNeverNamed} Kept ${ctx.retentionDays} days.`,
    });
  await interaction.editReply({ embeds: [embed], allowedMentions: NO_PINGS });
  return 'shown';
}

export async function statsCommand(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  const days = daysOf(interaction, ctx);
  const read = await withRecords(interaction, ctx, 'stats_unavailable', () => ctx.storage.stats(interaction.guildId!, daysAgo(days)));
  if (!read) return 'unavailable';
  const s = read.value;
  const quotedIds = new Set(s.quoted.map((q) => q.sourceId));
  const neverQuoted = ctx.library.engine.sources.filter((src) => !quotedIds.has(src.id)).map((src) => src.id);
  const votes = s.helpfulVotes + s.notHelpfulVotes;
  const perDay = s.perDay
    .slice(-DAYS_LISTED)
    .reverse()
    .map((d) => `${new Date(d.day * DAY_MS).toISOString().slice(0, 10)}: ${d.questions}`);
  const idList = (ids: readonly string[]) =>
    ids.length === 0
      ? 'none'
      : ids
          .slice(0, SOURCES_LISTED)
          .map((id) => codeText(id))
          .join(', ') + (ids.length > SOURCES_LISTED ? ` and ${ids.length - SOURCES_LISTED} more` : '');
  const field = (text: string) => cutText(text, LIMITS.field).text;
  const embed = new EmbedBuilder()
    .setColor(ACCENT)
    .setTitle(`Questions in this server · last ${days} day(s)`)
    .addFields(
      {
        name: 'Questions',
        value: `${s.total} (${(s.total / days).toFixed(1)} a day): ${s.answered} answered, ${s.closest} shown the closest passages, ${s.declined} declined, ${s.invalid} unusable`,
        inline: false,
      },
      {
        name: 'Answered',
        value: `${percent(s.answered, s.answered + s.closest + s.declined)} of the questions the engine could read (closest passages: ${percent(s.closest, s.answered + s.closest + s.declined)})`,
        inline: true,
      },
      { name: 'Helpful', value: votes === 0 ? 'no votes yet' : `${percent(s.helpfulVotes, votes)} of ${votes} vote(s)`, inline: true },
      { name: 'Per day (UTC, newest first)', value: field(perDay.join('\n') || 'no questions'), inline: false },
      {
        name: 'Most quoted sources',
        value: field(
          s.quoted.length === 0
            ? 'none'
            : s.quoted
                .slice(0, SOURCES_LISTED)
                .map((q) => `${codeText(q.sourceId)} ×${q.times}`)
                .join('\n'),
        ),
        inline: true,
      },
      { name: `Never quoted (${neverQuoted.length} of ${ctx.library.engine.sources.length})`, value: field(idList(neverQuoted)), inline: true },
    )
    .setFooter({ text: `${TEXT.membersNeverNamed} Kept ${ctx.retentionDays} days.` });
  await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  return 'shown';
}

const DONE: Record<string, string> = { add: 'added', replace: 'replaced', remove: 'removed', reload: 'reloaded the corpus', refresh: 'refreshed' };

export async function historyCommand(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  const read = await withRecords(interaction, ctx, 'history_unavailable', () => ctx.storage.history(interaction.guildId!, HISTORY_SHOWN));
  if (!read) return 'unavailable';
  const entries = read.value;
  // The moderator's user ID is shown (as a mention, which pings no one): an audit log says who did what.
  const lines = entries.map(
    (e) =>
      `${when(e.at, 'f')} <@${e.actorId}> ${DONE[e.action] ?? e.action}${e.sourceId ? ` ${codeText(e.sourceId)}` : ''} — ${escapeText(cutText(e.detail, 200).text)}`,
  );
  const embed = new EmbedBuilder()
    .setColor(ACCENT)
    .setTitle('Changes to the sources made from this server')
    .setDescription(entries.length === 0 ? 'No changes yet.' : fitLines(lines, LIMITS.description, HISTORY_SHOWN, (n) => `…and ${n} older.`))
    .setFooter({ text: `Newest first; the last ${HISTORY_SHOWN} are shown.` });
  await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  return 'shown';
}

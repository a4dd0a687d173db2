/**
 * Answers and source listings as Discord messages, within Discord's limits. Article text is escaped so
 * its Markdown shows as written; nothing the bot sends can ping anyone (`allowedMentions: { parse: [] }`).
 */
import { EmbedBuilder, escapeMarkdown, MessageFlags, type InteractionEditReplyOptions, type InteractionReplyOptions } from 'discord.js';
import { cutAtWord } from '../corpus.ts';
import type { AnswerEngine } from '../engine.ts';
import type { Answer, Source } from '../types.ts';

export const LIMITS = { content: 2000, title: 256, description: 4096, field: 1024, footer: 2048, embedTotal: 6000 } as const;
/** Longest quote shown before it is cut (characters of article text). */
export const QUOTE_MAX = 900;
export const CUT_MARK = ' *[quote cut]*';
export const NO_PINGS = { parse: [] } as const;
export const SOURCES_PER_PAGE = 10;
export const ACCENT = 0x4f7cac;

export const TEXT = {
  notFound: 'I found nothing on that in the sources.',
  seeSources: 'Moderators can see what I know with `/sources list`.',
  footer: 'Quoted word for word from the sources named under each quote.',
  error: 'Sorry, something went wrong while answering. The error has been logged; please try again.',
  notModerator: 'Only members with the Manage Server permission can use `/sources`.',
  cooldown: (seconds: number) => `Please wait ${seconds} s before asking again.`,
  notManageGuild:
    'The sources are shared by every server the bot is in, so they can be added, removed or reloaded only from the servers its operator chose (`MANAGE_GUILD_IDS`). Nothing was changed.',
  noSuchSource: (id: string) => `There is no source with ID \`${codeSafe(id)}\`.`,
  onlyAsker: 'Only the moderator who asked for this can confirm it.',
  confirmExpired: 'This confirmation has expired. Nothing was removed; run `/sources remove` again.',
  removeCancelled: 'Nothing was removed.',
  membersNeverNamed: 'Members are never named.',
} as const;

/** An ID or file name shown inside a code span: at most 100 characters, no backtick to end the span early. */
export function codeSafe(text: string): string {
  return text.slice(0, 100).replace(/`/g, "'");
}

/** Escapes everything Discord would render, mentions included, so text shows exactly as written. */
export function escapeText(text: string): string {
  return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true })
    .replace(/([[\]()<>@#])/g, '\\$1')
    .replace(/\n/g, ' ');
}

/** `text` cut at a word boundary to at most `max` characters; `cut` says whether anything was dropped. */
export function cutText(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const head = text.slice(0, max);
  const space = head.search(/\s\S*$/);
  return { text: `${(space > max / 2 ? head.slice(0, space) : head).trimEnd()}…`, cut: true };
}

export function answerMessage(answer: Answer, engine: AnswerEngine): InteractionEditReplyOptions {
  if (!answer.answered) {
    return { content: `${answer.reason?.kind === 'invalid' ? answer.reason.message : TEXT.notFound} ${TEXT.seeSources}`, embeds: [], allowedMentions: NO_PINGS };
  }
  const titleOf = (id: string) => engine.source(id)?.title ?? id;
  // Share the description evenly, so three long quotes all fit rather than the first crowding out the rest.
  const perQuote = Math.floor((LIMITS.description - 10) / answer.quotes.length);
  const blocks = answer.quotes.map((q) => {
    const attribution = `\n— \`${q.sourceId}\` · ${escapeText(cutAtWord(titleOf(q.sourceId), 100))}`;
    let budget = Math.min(QUOTE_MAX, perQuote - attribution.length - CUT_MARK.length - 8);
    for (;;) {
      const { text, cut } = cutText(q.text, budget);
      const block = `> ${escapeText(text)}${cut ? CUT_MARK : ''}${attribution}`;
      if (block.length <= perQuote || budget < 40) return block;
      budget = Math.floor(budget * 0.8); // escaping lengthened it past the share: cut a little more
    }
  });
  const embed = new EmbedBuilder()
    .setColor(ACCENT)
    .setTitle(cutText(escapeText(answer.question), LIMITS.title - 10).text)
    .setDescription(blocks.join('\n\n'))
    .setFooter({ text: TEXT.footer });
  return { content: '', embeds: [embed], allowedMentions: NO_PINGS };
}

export function ephemeral(content: string): InteractionReplyOptions {
  return { content: cutText(content, LIMITS.content).text, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS };
}

export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function sourceListPage(sources: readonly Source[], page: number): { embed: EmbedBuilder; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(sources.length / SOURCES_PER_PAGE));
  const p = Math.min(Math.max(1, page), pages);
  const lines = sources.slice((p - 1) * SOURCES_PER_PAGE, p * SOURCES_PER_PAGE).map((s) => {
    const facts = [formatBytes(s.bytes), s.meta.published, s.meta.outlet && escapeText(s.meta.outlet)].filter(Boolean).join(' · ');
    return `\`${s.id}\` ${escapeText(cutAtWord(s.title, 120))}\n  ${facts}`;
  });
  const embed = new EmbedBuilder()
    .setColor(ACCENT)
    .setTitle(`Sources (${sources.length})`)
    .setDescription(lines.join('\n') || 'The corpus is empty.')
    .setFooter({ text: pages > 1 ? `Page ${p} of ${pages}. Use /sources list page:${p < pages ? p + 1 : 1} for more.` : 'All sources shown.' });
  return { embed, page: p, pages };
}

export function sourceDetail(source: Source): EmbedBuilder {
  const opening = cutText(source.text.slice(source.bodyStart).trim(), 700);
  const embed = new EmbedBuilder()
    .setColor(ACCENT)
    .setTitle(cutText(escapeText(source.title), LIMITS.title - 10).text)
    .setDescription(`> ${escapeText(opening.text)}${opening.cut ? CUT_MARK : ''}`)
    .addFields(
      { name: 'ID', value: `\`${source.id}\``, inline: true },
      { name: 'File', value: `\`${escapeText(source.file)}\` (${formatBytes(source.bytes)})`, inline: true },
    );
  if (source.meta.outlet) embed.addFields({ name: 'Outlet', value: escapeText(source.meta.outlet), inline: true });
  if (source.meta.published) embed.addFields({ name: 'Published', value: source.meta.published, inline: true });
  if (source.meta.url) embed.setURL(source.meta.url);
  return embed;
}

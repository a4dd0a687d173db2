/**
 * Answers and source listings as Discord messages, within Discord's limits. Article text is escaped so
 * its Markdown shows as written; nothing the bot sends can ping anyone (`allowedMentions: { parse: [] }`).
 */
import { EmbedBuilder, MessageFlags, type InteractionEditReplyOptions, type InteractionReplyOptions } from 'discord.js';
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
  otherShards: (reloaded: number, starting: number) =>
    `${reloaded + starting} other shard(s) of the bot reloaded too${starting > 0 ? ` (${starting} of them starting, reading the sources as they are now)` : ''}.`,
  shardNotReloaded: (shard: number, why: string) => `Shard ${shard} did not reload (${why}): servers it serves are still answered from the previous sources. Run \`/sources reload\` to try again.`,
  shardsNotAsked: (why: string) => `The bot's other shards could not be asked to reload (${why}): servers they serve may still be answered from the previous sources. Run \`/sources reload\` to try again.`,
  noSuchSource: (id: string) => `There is no source with ID ${codeText(id)}.`,
  onlyAsker: 'Only the moderator who asked for this can confirm it.',
  confirmExpired: 'This confirmation has expired. Nothing was removed; run `/sources remove` again.',
  removeCancelled: 'Nothing was removed.',
  membersNeverNamed: 'Members are never named.',
  unknownCommand: "That command is unknown or outdated: the bot's commands may have changed. Please try again in a minute.",
  restarting: 'The bot is restarting. Please ask again in a minute.',
  reloadFailed: (why: string, sources: number) => `The reload failed: ${why}. Nothing changed: the bot still answers from the previous index (${sources} source(s)).`,
} as const;

/**
 * Characters that change how text around them is shown without being seen themselves: bidi overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069), marks (U+200E/F, U+061C), zero-width characters and every
 * other format character (Unicode category Cf), controls other than tab and line breaks, and the blank
 * "filler" letters. An echoed right-to-left override would reverse whatever follows it.
 */
const INVISIBLE = /[\p{Cf}\p{Cc}\u034F\u115F\u1160\u3164\uFFA0]/gu;
/** A zero-width joiner between two emoji draws one picture (👩‍💻); anywhere else it only hides. */
const EMOJI_JOINER = /(?<=\p{Extended_Pictographic}\uFE0F?)\u200D(?=\p{Extended_Pictographic})/uy;

/** `text` without invisible format and control characters; line and paragraph separators become line breaks. */
export function visibleText(text: string): string {
  return text.replace(/[\u2028\u2029]/g, '\n').replace(INVISIBLE, (ch, at: number, whole: string) => {
    if (ch === '\n' || ch === '\r' || ch === '\t') return ch;
    EMOJI_JOINER.lastIndex = at;
    return ch === '\u200D' && EMOJI_JOINER.test(whole) ? ch : '';
  });
}

/**
 * Escapes what Discord would render, so text shows exactly as written and no mention, link or heading can
 * be smuggled in: the Markdown characters `* _ ~ | \`` and the backslash (Discord hides the escaping
 * backslash before these), masked links `[text](url)`, mentions and other `<…>` markup, `@everyone` and
 * `@here`, and headings, subtext, quotes and lists at the start. Brackets, parentheses, `#` and `@` in
 * ordinary text stay as they are: a backslash before them would show. Web addresses are left whole, so
 * they still work. Line breaks become spaces (one quote, one line).
 */
export function escapeText(text: string): string {
  const oneLine = visibleText(text).replace(/\r\n|[\r\n]/g, ' ');
  // A web address is left whole (a backslash would break the link); it ends before any character that the
  // replacements after the split look for, so none of those is ever inside one.
  const escaped = oneLine
    .split(/(https?:\/\/[^\s<>[\]@|`\\]+)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\*_~|`]/g, '\\$&')))
    .join('')
    .replace(/\[(?=[^[\]]*\]\()/g, '\\[')
    .replace(/<(?=[@#/:]|a:|t:|id:|sound:)/g, '\\<')
    .replace(/@(?=everyone|here)/g, '\\@');
  return escaped.replace(/^(\s*)(#{1,3}\s|-#\s|>>>\s|>\s|[-+]\s)/, '$1\\$2').replace(/^(\s*\d+)\.(\s)/, '$1\\.$2');
}

/** An ID or other short value for an inline code span: visible characters only, no backtick to end the span early. */
export function codeText(text: string, max = 100): string {
  return `\`${visibleText(text).replace(/[\r\n]+/g, ' ').replace(/`/g, "'").slice(0, max)}\``;
}

/** `text` cut at a word boundary to at most `max` characters; `cut` says whether anything was dropped. */
export function cutText(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const head = text.slice(0, max);
  const space = head.search(/\s\S*$/);
  return { text: `${(space > max / 2 ? head.slice(0, space) : head).trimEnd()}…`, cut: true };
}

/**
 * `text` escaped, and first cut at a word (at most `firstBudget` characters of it) so that the escaped form
 * fits in `max`: escaping can double a character (`*` → `\*`), so the cut is never made on the escaped form,
 * which could split an escape in two.
 */
export function escapedWithin(text: string, max: number, firstBudget = max): { text: string; cut: boolean } {
  for (let budget = Math.min(firstBudget, max); ; budget = Math.floor(budget * 0.8)) {
    if (budget <= 0) return { text: '', cut: text !== '' };
    const piece = cutText(text, budget);
    const escaped = escapeText(piece.text);
    // At half of `max` even text that is all escapes fits, so this ends.
    if (escaped.length <= max) return { text: escaped, cut: piece.cut };
  }
}

export function answerMessage(answer: Answer, engine: AnswerEngine): InteractionEditReplyOptions {
  if (!answer.answered) {
    return { content: `${answer.reason?.kind === 'invalid' ? answer.reason.message : TEXT.notFound} ${TEXT.seeSources}`, embeds: [], allowedMentions: NO_PINGS };
  }
  // Share the description evenly, so three long quotes all fit rather than the first crowding out the rest.
  const perQuote = Math.floor((LIMITS.description - 10) / answer.quotes.length);
  const blocks = answer.quotes.map((q) => {
    const source = engine.source(q.sourceId);
    // The date says how old what is quoted is: where sources differ, the reader sees which is newer.
    const date = source?.meta.published ? ` · ${source.meta.published}` : '';
    const attribution = `\n— ${codeText(q.sourceId)} · ${escapeText(cutAtWord(source?.title ?? q.sourceId, 100))}${date}`;
    const quote = escapedWithin(q.text, perQuote - attribution.length - CUT_MARK.length - 2, QUOTE_MAX);
    return `> ${quote.text}${quote.cut ? CUT_MARK : ''}${attribution}`;
  });
  const embed = new EmbedBuilder()
    .setColor(ACCENT)
    .setTitle(escapedWithin(answer.question, LIMITS.title - 10).text)
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
    return `${codeText(s.id)} ${escapeText(cutAtWord(s.title, 120))}\n  ${facts}`;
  });
  const embed = new EmbedBuilder()
    .setColor(ACCENT)
    .setTitle(`Sources (${sources.length})`)
    .setDescription(lines.join('\n') || 'The corpus is empty.')
    .setFooter({ text: pages > 1 ? `Page ${p} of ${pages}. Use /sources list page:${p < pages ? p + 1 : 1} for more.` : 'All sources shown.' });
  return { embed, page: p, pages };
}

export function sourceDetail(source: Source): EmbedBuilder {
  const opening = escapedWithin(source.text.slice(source.bodyStart).trim(), LIMITS.description - CUT_MARK.length - 10, 700);
  const embed = new EmbedBuilder()
    .setColor(ACCENT)
    .setTitle(escapedWithin(source.title, LIMITS.title - 10).text)
    .setDescription(`> ${opening.text}${opening.cut ? CUT_MARK : ''}`)
    .addFields(
      { name: 'ID', value: codeText(source.id), inline: true },
      { name: 'File', value: `${codeText(source.file)} (${formatBytes(source.bytes)})`, inline: true },
    );
  if (source.meta.outlet) embed.addFields({ name: 'Outlet', value: escapeText(source.meta.outlet), inline: true });
  if (source.meta.published) embed.addFields({ name: 'Published', value: source.meta.published, inline: true });
  if (source.meta.url) embed.setURL(source.meta.url);
  return embed;
}

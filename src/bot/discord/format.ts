/**
 * Answers and source listings as Discord messages, within Discord's limits. Article text is escaped so
 * its Markdown shows as written; nothing the bot sends can ping anyone (`allowedMentions: { parse: [] }`).
 */
import { EmbedBuilder, MessageFlags, type InteractionReplyOptions } from 'discord.js';
import { cutAtWord, cutText } from '../../text.ts';
import type { AnswerEngine } from '../../engine/engine.ts';
import { MESSAGES } from '../../engine/ranking/compose.ts';
import type { Answer, Quote, Source } from '../../types.ts';

export const LIMITS = { content: 2000, title: 256, description: 4096, field: 1024, footer: 2048, embedTotal: 6000 } as const;
/** Longest quote shown before it is cut (characters of article text). */
export const QUOTE_MAX = 900;
export const CUT_MARK = ' *[quote cut]*';
export const NO_PINGS = { parse: [] } as const;
export const SOURCES_PER_PAGE = 10;
export const ACCENT = 0x4f7cac;
/** The closest passages are set apart from answers by colour too, not only by their label. */
export const CLOSEST_ACCENT = 0x8a8f98;

export const TEXT = {
  notFound: MESSAGES.notFound,
  closest: MESSAGES.closest,
  seeSources: 'Moderators can see what I know with `/sources list`.',
  footer: 'Quoted word for word from the sources named under each quote.',
  closestFooter: 'Not an answer: the passages of the sources nearest your question, word for word, with where each comes from.',
  error: 'Sorry, something went wrong while answering. The error has been logged; please try again.',
  notModerator: 'Only members with the Manage Server permission can use `/sources`.',
  cooldown: (seconds: number) => `Please wait ${seconds} s before asking again.`,
  notManageGuild:
    'The sources are shared by every server the bot is in, so they can be added, removed or reloaded only from the servers its operator chose (`MANAGE_GUILD_IDS`). Nothing was changed.',
  otherShards: (reloaded: number, starting: number) =>
    `${reloaded + starting} other shard(s) of the bot reloaded too${starting > 0 ? ` (${starting} of them starting, reading the sources as they are now)` : ''}.`,
  shardNotReloaded: (shard: number, why: string) =>
    `Shard ${shard} did not reload (${why}): servers it serves are still answered from the previous sources. Run \`/sources reload\` to try again.`,
  shardsNotAsked: (why: string) =>
    `The bot's other shards could not be asked to reload (${why}): servers they serve may still be answered from the previous sources. Run \`/sources reload\` to try again.`,
  otherHostsAsked: "The bot's other hosts were told to bring their sources in line with the database and reload.",
  otherHostsNotAsked: (why: string) =>
    `The bot's other hosts could not be told to reload (${why}): they pick the sources up when the database is reachable again, or at their next start.`,
  noSuchSource: (id: string) => `There is no source with ID ${codeText(id)}.`,
  sourceFileKinds: 'attach a .txt or .md file (UTF-8 text), or a .pdf or .html document.',
  fileNameIsPath: 'a file name is not a path: it cannot contain / or \\.',
  addNeedsSource: 'Give a `url` to fetch a web page or PDF, or attach a `file` (.txt, .md, .pdf or .html). Nothing was changed.',
  onlyAsker: 'Only the moderator who asked for this can confirm it.',
  confirmExpired: 'This confirmation has expired. Nothing was removed; run `/sources remove` again.',
  recordsUnavailable: 'The records are unavailable just now, so this cannot be looked up. Answers still work; try this again in a minute.',
  voteNotStored: 'Your vote could not be saved just now (the records are busy or unavailable). Nothing changed; try again in a minute.',
  confirmInvalid: 'This button is not a confirmation the bot made. Nothing was removed; run `/sources remove` again.',
  removeCancelled: 'Nothing was removed.',
  membersNeverNamed: 'Members are never named.',
  unknownCommand: "That command is unknown or outdated: the bot's commands may have changed. Please try again in a minute.",
  restarting: 'The bot is restarting. Please ask again in a minute.',
  reloadFailed: (why: string, sources: number) =>
    `The reload failed: ${why}. Nothing changed: the bot still answers from the previous index (${sources} source(s)).`,
  // Members' ways of asking, and the answer card's buttons.
  mentionHint: 'Ask me a question in the same message as the mention (or use `/ask`), and I will answer with quotes from the sources.',
  noMessageText: 'That message has no text to look up in the sources.',
  buttons: { helpful: 'Helpful', notHelpful: 'Not helpful', more: 'More quotes', passage: 'Full passage', share: 'Share' },
  voted: (helpful: boolean, before: boolean | undefined) =>
    before === helpful
      ? `Your vote was already “${helpful ? 'Helpful' : 'Not helpful'}”.`
      : `${before === undefined ? 'Thank you: your vote' : 'Your vote is now'} “${helpful ? 'Helpful' : 'Not helpful'}”. Moderators see how answers are rated, never who voted; you can change your vote with the other button.`,
  moreQuotesTitle: 'More quotes:',
  noMoreQuotes: 'There are no more quotes on this in the sources.',
  answerGone: (days: number) => `This answer is no longer kept (questions are kept ${days} days), so its buttons no longer work. Please ask again.`,
  sourceGone: (id: string) => `${codeText(id)} is no longer among the sources.`,
  sourceChanged: (id: string) => `${codeText(id)} has changed since this answer; ask again to quote it as it reads now.`,
  cannotShare:
    'The sources quoted here have changed since this answer (one was changed or removed), so it can no longer be shared as it was. Please ask again.',
  onlyAskerShares: 'Only the member this answer was for can share it.',
  shared: 'Shared in the channel.',
  // /settings
  notServerManager: 'Only members with the Manage Server permission can use `/settings`.',
  modeSet: (channel: string, mode: string, before: string) =>
    `${channel}: ${MODE_WORDS[mode as keyof typeof MODE_WORDS] ?? mode}${before === mode ? ' (it already was)' : ` (before: ${before})`}.`,
  needsMessageContent:
    "It cannot work yet: the bot only receives the text of messages that mention it. The bot's operator must turn on **Message Content Intent** in the Discord Developer Portal (Applications → this bot → Bot → Privileged Gateway Intents), set `MESSAGE_CONTENT_INTENT=true` and restart the bot. Until then it answers there only when mentioned.",
  notAChannel: 'Choose a text, announcement or forum channel.',
} as const;

/** What each channel mode does, in the words `/settings` replies with. */
export const MODE_WORDS = {
  off: 'off — the bot ignores mentions and new threads here (`/ask` still works)',
  mention: 'mention — the bot answers when mentioned',
  auto: 'auto — the bot answers when mentioned, and answers the first message of every new thread or post here when the sources cover it',
} as const;

/**
 * Characters that change how text around them is shown without being seen themselves: bidi overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069), marks (U+200E/F, U+061C), zero-width characters and every
 * other format character (Unicode category Cf), controls other than tab and line breaks, and the blank
 * "filler" letters. An echoed right-to-left override would reverse whatever follows it.
 */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each listed character is removed on its own, a combining one (U+034F) included.
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
  return `\`${visibleText(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/`/g, "'")
    .slice(0, max)}\``;
}

/**
 * `text` escaped, and first cut at a word (at most `firstBudget` characters of it) so that the escaped form
 * fits in `max`: escaping can double a character (`*` → `\*`), so the cut is never made on the escaped form,
 * which could split an escape in two.
 */
export function escapedWithin(text: string, max: number, firstBudget = max, keep: 'start' | 'end' = 'start'): { text: string; cut: boolean } {
  for (let budget = Math.min(firstBudget, max); ; budget = Math.floor(budget * 0.8)) {
    if (budget <= 0) return { text: '', cut: text !== '' };
    const piece = cutText(text, budget, { keep });
    const escaped = escapeText(piece.text);
    // At half of `max` even text that is all escapes fits, so this ends.
    if (escaped.length <= max) return { text: escaped, cut: piece.cut };
  }
}

/**
 * Where a quote comes from: its source's ID, its title (a link to the article when the metadata has a `url`;
 * an embed never previews it) and its published date when known, so a reader sees how old it is.
 */
export function attribution(sourceId: string, source: Source | undefined): string {
  const title = escapeText(cutAtWord(source?.title ?? sourceId, 100));
  const named = source?.meta.url ? `[${title.replace(/\\?\[/g, '(').replace(/\]/g, ')')}](<${markdownSafeUrl(source.meta.url)}>)` : title;
  return `— ${codeText(sourceId)} · ${named}${source?.meta.published ? ` · ${source.meta.published}` : ''}`;
}

/**
 * A URL that cannot end or break the Markdown link around it: every character other than the unreserved and
 * delimiter characters a URL is written with is percent-encoded (parentheses, angle brackets, brackets,
 * spaces, backslashes, quotes, `|` and anything outside ASCII), which leaves the address it leads to the same.
 */
export function markdownSafeUrl(url: string): string {
  return visibleText(url).replace(/[^A-Za-z0-9\-._~:/?#@!$&*+,;=%]/gu, (ch) =>
    encodeURIComponent(ch).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  );
}

/** Quote blocks sharing `room` characters evenly, so three long quotes all fit rather than the first crowding out the rest. */
function quoteBlocks(quotes: readonly Quote[], engine: AnswerEngine, room: number): string {
  const perQuote = Math.floor((room - 10) / Math.max(1, quotes.length));
  return quotes
    .map((q) => {
      const credit = `\n${attribution(q.sourceId, engine.source(q.sourceId))}`;
      const quote = escapedWithin(q.text, perQuote - credit.length - CUT_MARK.length - 2, QUOTE_MAX);
      return `> ${quote.text}${quote.cut ? CUT_MARK : ''}${credit}`;
    })
    .join('\n\n');
}

/**
 * The reply as a message: an embed of verbatim quotes under the question, or of the closest passages under a
 * label that says they are not an answer, or the decline in plain words.
 */
export function answerMessage(answer: Answer, engine: AnswerEngine): { content: string; embeds: EmbedBuilder[]; allowedMentions: typeof NO_PINGS } {
  if (answer.outcome === 'declined') {
    const kind = answer.reason?.kind;
    // Nothing found: say where to see what the bot knows. Any other decline says why in its own fixed line.
    const found = kind === undefined || kind === 'no-match' || kind === 'off-topic';
    return { content: found ? `${TEXT.notFound} ${TEXT.seeSources}` : answer.reason!.message, embeds: [], allowedMentions: NO_PINGS };
  }
  const closest = answer.outcome === 'closest';
  const label = closest ? `**${TEXT.closest}**\n\n` : '';
  const embed = new EmbedBuilder()
    .setColor(closest ? CLOSEST_ACCENT : ACCENT)
    .setTitle(escapedWithin(answer.question, LIMITS.title - 10).text)
    .setDescription(label + quoteBlocks(answer.quotes, engine, LIMITS.description - label.length))
    .setFooter({ text: closest ? TEXT.closestFooter : TEXT.footer });
  return { content: '', embeds: [embed], allowedMentions: NO_PINGS };
}

/** Further quotes for an answer (the "More quotes" button): the same layout, under a title that says so. */
export function moreQuotesMessage(question: string, quotes: readonly Quote[], engine: AnswerEngine): EmbedBuilder {
  return new EmbedBuilder()
    .setColor(ACCENT)
    .setTitle(escapedWithin(`${TEXT.moreQuotesTitle} ${question}`, LIMITS.title - 10).text)
    .setDescription(quoteBlocks(quotes, engine, LIMITS.description))
    .setFooter({ text: TEXT.footer });
}

/** One quote shown inside its paragraph: the quote in bold, the words around it as written. */
export interface Passage {
  sourceId: string;
  source: Source;
  /** The paragraph, cut into what comes before the quote, the quote, and what follows. */
  before: string;
  quote: string;
  after: string;
}

/**
 * Passages (the "Full passage" button), one embed each, within Discord's limit for all embeds of a message
 * together. Around a long quote the words before it are cut from the start and those after from the end.
 */
export function passageEmbeds(passages: readonly Passage[], notes: readonly string[]): EmbedBuilder[] {
  const room = Math.min(LIMITS.description, Math.floor((LIMITS.embedTotal - 200 * passages.length - 200) / Math.max(1, passages.length)));
  const embeds = passages.map((p) => {
    const credit = `\n${attribution(p.sourceId, p.source)}`;
    const text = room - credit.length - 4;
    const quote = escapedWithin(p.quote, text);
    // The words before the quote may take what those after it do not need, and the other way round.
    const left = text - quote.text.length;
    const before = escapedWithin(p.before, Math.max(Math.floor(left / 2), left - escapeText(p.after).length), left, 'end');
    const after = escapedWithin(p.after, left - before.text.length);
    // Each piece keeps its own spaces, so the paragraph reads exactly as written around the bold quote.
    return new EmbedBuilder().setColor(ACCENT).setDescription(`${before.text}**${quote.text}**${after.text}${credit}`);
  });
  if (notes.length > 0) embeds.push(new EmbedBuilder().setColor(ACCENT).setDescription(cutText(notes.join('\n'), 1000).text));
  return embeds;
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
  if (source.meta.author) embed.addFields({ name: 'Author', value: escapeText(cutText(source.meta.author, 200).text), inline: true });
  if (source.meta.origin) embed.addFields({ name: 'Fetched from', value: escapeText(cutText(source.meta.origin, 1000).text) });
  if (source.meta.url) embed.setURL(source.meta.url);
  return embed;
}

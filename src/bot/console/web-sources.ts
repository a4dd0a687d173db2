/**
 * `/sources add url:` without a file (the page or PDF is fetched), `/sources add` with a .pdf or .html file
 * (its article is extracted), and `/sources refresh`: sources that come from documents rather than plain
 * text. Fetching can take a while, so the reply is deferred at once and a progress line shows what is
 * happening; the fetch and the reload after it together end well inside the 15 minutes Discord accepts
 * edits to a deferred reply. Every change is recorded in the server's audit log.
 */
import { type Attachment, type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import { type Article, ArticleProblem, articleFromBytes, articleFromWeb, sourceOfArticle } from '../../sources/article.ts';
import { newSourceIdProblem } from '../../sources/corpus-write.ts';
import { validateMeta } from '../../sources/corpus.ts';
import { download } from '../../sources/download.ts';
import { idForArticle, RefreshProblem, refetch } from '../../sources/ingest.ts';
import type { DocumentKind } from '../../sources/web/fetch.ts';
import { FetchProblem, webAddress } from '../../sources/web/fetch.ts';
import { cutAtWord, cutText } from '../../text.ts';
import type { BotContext, Outcome } from '../context.ts';
import { codeText, ephemeral, escapeText, formatBytes, LIMITS, NO_PINGS } from '../discord/format.ts';
import { audit, mayManage, reloadAfterChange } from './corpus-changes.ts';

/** Discord accepts edits to a deferred reply for 15 minutes; the last one is sent with a minute to spare. */
const INTERACTION_MS = 15 * 60_000;
const LAST_EDIT_MS = INTERACTION_MS - 60_000;

const NOTHING_CHANGED = 'Nothing was changed.';

/** `/sources add url:<link>` with no file: fetches the page or PDF and adds its article. */
export async function addFromLink(interaction: ChatInputCommandInteraction, ctx: BotContext, link: string): Promise<Outcome> {
  const started = Date.now();
  let address: string;
  try {
    address = webAddress(link).href;
  } catch (err) {
    await interaction.reply(ephemeral(`${escapeText((err as Error).message)} ${NOTHING_CHANGED}`));
    return 'invalid';
  }
  const overrides = await checkedOverrides(interaction);
  if (!overrides) return 'invalid';
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await progress(interaction, `Fetching ${escapeText(address)} (at most ${Math.round(ctx.manage.fetch.timeoutMs / 1000)} s)…`);
  let article: Article;
  try {
    article = await articleFromWeb(address, ctx.manage.fetch);
  } catch (err) {
    return refuse(interaction, ctx, err, address);
  }
  return save(interaction, ctx, { ...article, ...overrides.meta }, overrides, started);
}

/** `/sources add file:<.pdf or .html>`: the attachment's article, extracted as a fetched page's would be. */
export async function addExtracted(interaction: ChatInputCommandInteraction, ctx: BotContext, attachment: Attachment, kind: DocumentKind): Promise<Outcome> {
  const started = Date.now();
  const overrides = await checkedOverrides(interaction);
  if (!overrides) return 'invalid';
  const maxBytes = ctx.manage.fetch.maxBytes;
  if (attachment.size > maxBytes) {
    await interaction.reply(
      ephemeral(`${codeText(attachment.name)} is too large (${formatBytes(attachment.size)}; the limit is ${formatBytes(maxBytes)}). ${NOTHING_CHANGED}`),
    );
    return 'invalid';
  }
  // The download from Discord's CDN is bounded by its own short limit: "thinking…" says enough meanwhile.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const fetched = await download(attachment.url, attachment.size, { ...ctx.manage.download, maxBytes });
  if (!fetched.ok) {
    await interaction.editReply({ content: `${fetched.problem} ${NOTHING_CHANGED}`, allowedMentions: NO_PINGS });
    return 'invalid';
  }
  let article: Article;
  try {
    article = await articleFromBytes(fetched.bytes, kind, { name: attachment.name, ...(overrides.meta.url ? { url: overrides.meta.url } : {}) });
  } catch (err) {
    return refuse(interaction, ctx, err, attachment.name);
  }
  return save(interaction, ctx, { ...article, ...overrides.meta }, overrides, started);
}

/** `/sources refresh id:` fetches a web source again; writes and reloads only when its text changed. */
export async function refreshCommand(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  if (!(await mayManage(interaction, ctx))) return 'refused';
  const started = Date.now();
  const id = interaction.options.getString('id', true);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const meta = await ctx.manage.writer.metadata();
  const origin = meta.ok ? meta.entries[id]?.origin : undefined;
  await progress(interaction, `Fetching ${codeText(id)} again${origin ? ` from ${escapeText(origin)}` : ''}…`);
  let refreshed: Awaited<ReturnType<typeof refetch>>;
  try {
    refreshed = await refetch(ctx.manage.writer, id, ctx.manage.fetch);
  } catch (err) {
    if (err instanceof RefreshProblem) {
      await interaction.editReply({ content: cutText(`${err.message} ${NOTHING_CHANGED}`, LIMITS.content).text, allowedMentions: NO_PINGS });
      return 'invalid';
    }
    audit(ctx, interaction, 'refresh', id, `failed: ${(err as Error).message}`);
    return refuse(interaction, ctx, err, id);
  }
  if (!refreshed.changed) {
    audit(ctx, interaction, 'refresh', id, `unchanged at ${refreshed.origin}`);
    await interaction.editReply({
      content: `${codeText(id)} is unchanged at ${escapeText(refreshed.origin)}: nothing to write or reload.`,
      allowedMentions: NO_PINGS,
    });
    return 'unchanged';
  }
  const source = sourceOfArticle(refreshed.article, id, true);
  const written = await ctx.manage.writer.add({ ...source, meta: refreshed.meta });
  if (!written.ok) {
    await interaction.editReply({ content: cutText(`${written.problem} ${NOTHING_CHANGED}`, LIMITS.content).text, allowedMentions: NO_PINGS });
    return 'invalid';
  }
  audit(ctx, interaction, 'refresh', id, `text changed; ${written.file}, ${formatBytes(source.bytes.length)}`);
  ctx.log.log('info', 'source_refreshed', { id, bytes: source.bytes.length, guild: interaction.guildId, user: interaction.user.id });
  await progress(interaction, `The text of ${codeText(id)} changed; reloading…`);
  const report = await reloadAfterChange(ctx, reloadBudget(ctx, started));
  await interaction.editReply({
    content: cutText([`Refreshed ${codeText(id)}: its text changed, and members are answered from the new text.`, '', ...report].join('\n'), LIMITS.content)
      .text,
    allowedMentions: NO_PINGS,
  });
  return 'changed';
}

interface Overrides {
  id?: string;
  replace: boolean;
  /** The moderator's title, date and (for a file) address, over what the document says. */
  meta: Partial<Pick<Article, 'title' | 'published' | 'url'>>;
}

/** The command's ID, title, published and url options, checked; answers the refusal itself when one is wrong. */
async function checkedOverrides(interaction: ChatInputCommandInteraction): Promise<Overrides | null> {
  const id = interaction.options.getString('id') ?? undefined;
  const idProblem = id === undefined ? null : newSourceIdProblem(id);
  const raw: Record<string, string> = {};
  for (const key of ['title', 'published'] as const) {
    const value = interaction.options.getString(key);
    if (value !== null) raw[key] = value;
  }
  // With a file, `url` says where its article is published; with no file, it is what was fetched.
  const link = interaction.options.getString('url');
  if (link !== null && interaction.options.getAttachment('file')) raw.url = link;
  const { meta, problems } = validateMeta(raw);
  if (idProblem || problems.length > 0) {
    await interaction.reply(
      ephemeral(idProblem ? `That source ID cannot be used: ${idProblem} ${NOTHING_CHANGED}` : `Metadata: ${problems.join('; ')}. ${NOTHING_CHANGED}`),
    );
    return null;
  }
  return { id, replace: interaction.options.getBoolean('replace') ?? false, meta };
}

async function save(interaction: ChatInputCommandInteraction, ctx: BotContext, article: Article, overrides: Overrides, started: number): Promise<Outcome> {
  const chosen = await idForArticle(ctx.manage.writer, article, overrides.id, overrides.replace);
  if (!chosen.ok) {
    await interaction.editReply({ content: cutText(`${chosen.problem} ${NOTHING_CHANGED}`, LIMITS.content).text, allowedMentions: NO_PINGS });
    return 'invalid';
  }
  const source = sourceOfArticle(article, chosen.id, overrides.replace);
  const written = await ctx.manage.writer.add(source);
  if (!written.ok) {
    await interaction.editReply({ content: cutText(`${written.problem} ${NOTHING_CHANGED}`, LIMITS.content).text, allowedMentions: NO_PINGS });
    return 'invalid';
  }
  const action = written.replaced ? 'replace' : 'add';
  const from = article.origin ? `, from ${article.origin}` : '';
  audit(ctx, interaction, action, chosen.id, `${written.file}, ${formatBytes(source.bytes.length)}${from}`);
  ctx.log.log('info', 'source_written', {
    action,
    id: chosen.id,
    bytes: source.bytes.length,
    kind: article.kind,
    guild: interaction.guildId,
    user: interaction.user.id,
  });
  const words = article.text.split(/\s+/).filter(Boolean).length;
  await progress(interaction, `Read ${escapeText(cutAtWord(article.title, 120))} (${words} words); reloading the sources…`);
  const report = await reloadAfterChange(ctx, reloadBudget(ctx, started));
  const loaded = ctx.library.engine.source(chosen.id);
  const facts = [article.published, article.siteName && escapeText(cutAtWord(article.siteName, 60)), `${words} words`].filter(Boolean).join(' · ');
  const head = loaded
    ? `${written.replaced ? 'Replaced' : 'Added'} ${codeText(chosen.id)}: ${escapeText(cutAtWord(loaded.title, 120))} (${facts}). Members can ask about it now.`
    : `Wrote ${codeText(written.file)}, but it is not loaded yet; see below.`;
  await interaction.editReply({ content: cutText([head, '', ...report].join('\n'), LIMITS.content).text, allowedMentions: NO_PINGS });
  return 'added';
}

/** A fetch or extraction refusal: its one sentence, and nothing changed. */
async function refuse(interaction: ChatInputCommandInteraction, ctx: BotContext, err: unknown, what: string): Promise<Outcome> {
  if (!(err instanceof FetchProblem || err instanceof ArticleProblem)) {
    ctx.log.log('error', 'source_fetch_failed', { what, error: err });
    throw err;
  }
  await interaction.editReply({ content: cutText(`${escapeText(err.message)} ${NOTHING_CHANGED}`, LIMITS.content).text, allowedMentions: NO_PINGS });
  return 'invalid';
}

/** A progress line; a failure to show one (Discord busy) must not stop the work. */
async function progress(interaction: ChatInputCommandInteraction, text: string): Promise<void> {
  await interaction.editReply({ content: cutText(text, LIMITS.content).text, allowedMentions: NO_PINGS }).catch(() => undefined);
}

/** What is left of the interaction's time for the reload, within the configured reload limit. */
function reloadBudget(ctx: BotContext, started: number): number {
  return Math.max(1_000, Math.min(ctx.library.reloadTimeoutMs, LAST_EDIT_MS - (Date.now() - started)));
}

/**
 * `/sources add` with a text file (links, PDFs and HTML go on to web-sources.ts) and `/sources remove`
 * (behind a confirmation button): changing the corpus from Discord. The corpus is shared by every server
 * the bot is in, so these work only in the servers listed in `MANAGE_GUILD_IDS`; every change is written
 * to that server's audit log.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  MessageFlags,
  PermissionFlagsBits,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { newSourceProblem, sourceExtensionOf } from '../../sources/corpus-write.ts';
import { FILE_KINDS } from '../../sources/article.ts';
import { sourceIdOf } from '../../sources/corpus.ts';
import type { SourceMeta } from '../../types.ts';
import type { BotContext, Outcome } from '../context.ts';
import type { ButtonSigner } from '../../store/member-key.ts';
import { download } from '../../sources/download.ts';
import { codeText, ephemeral, escapeText, formatBytes, LIMITS, NO_PINGS, TEXT } from '../discord/format.ts';
import { cutAtWord, cutText } from '../../text.ts';
import { addExtracted, addFromLink } from './web-sources.ts';
import { audit, mayManage, reloadAfterChange } from './corpus-changes.ts';

export async function addCommand(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  if (!(await mayManage(interaction, ctx))) return 'refused';
  const attachment = interaction.options.getAttachment('file');
  const link = interaction.options.getString('url');
  if (!attachment) {
    if (link !== null) return addFromLink(interaction, ctx, link);
    await interaction.reply(ephemeral(TEXT.addNeedsSource));
    return 'invalid';
  }
  // Discord sends a bare file name; one with a path was forged. It is refused as the id: option's path is,
  // rather than quietly cut to its last part (which would add a source under a name nobody uploaded).
  if (/[/\\]/.test(attachment.name)) {
    await interaction.reply(ephemeral(`That file name cannot be used: ${TEXT.fileNameIsPath} Nothing was changed.`));
    return 'invalid';
  }
  const documentKind = FILE_KINDS[path.extname(attachment.name).toLowerCase()];
  if (documentKind === 'pdf' || documentKind === 'html') return addExtracted(interaction, ctx, attachment, documentKind);
  const extension = sourceExtensionOf(attachment.name);
  if (!extension) {
    await interaction.reply(ephemeral(`${codeText(attachment.name)} is not a source file: ${TEXT.sourceFileKinds} Nothing was changed.`));
    return 'invalid';
  }
  const id = interaction.options.getString('id') ?? sourceIdOf(attachment.name);
  const meta: SourceMeta = {};
  for (const key of ['title', 'url', 'published'] as const) {
    const value = interaction.options.getString(key);
    if (value !== null) meta[key] = value;
  }
  const replace = interaction.options.getBoolean('replace') ?? false;
  const problem = newSourceProblem(id, meta);
  if (problem) {
    await interaction.reply(ephemeral(`${problem} Nothing was changed.`));
    return 'invalid';
  }
  if (attachment.size > ctx.manage.download.maxBytes) {
    await interaction.reply(
      ephemeral(
        `${codeText(attachment.name)} is too large (${formatBytes(attachment.size)}; the limit is ${formatBytes(ctx.manage.download.maxBytes)}). Nothing was changed.`,
      ),
    );
    return 'invalid';
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const fetched = await download(attachment.url, attachment.size, ctx.manage.download);
  if (!fetched.ok) {
    await interaction.editReply({ content: `${fetched.problem} Nothing was changed.`, allowedMentions: NO_PINGS });
    return 'invalid';
  }
  const written = await ctx.manage.writer.add({ id, extension, bytes: fetched.bytes, meta, replace });
  if (!written.ok) {
    await interaction.editReply({ content: cutText(`${written.problem} Nothing was changed.`, LIMITS.content).text, allowedMentions: NO_PINGS });
    return 'invalid';
  }
  const action = written.replaced ? 'replace' : 'add';
  audit(ctx, interaction, action, id, `${written.file}, ${formatBytes(fetched.bytes.length)}`);
  ctx.log.log('info', 'source_written', { action, id, bytes: fetched.bytes.length, guild: interaction.guildId, member: ctx.hashMember(interaction.user.id) });
  const report = await reloadAfterChange(ctx);
  const source = ctx.library.engine.source(id);
  const head = source
    ? `${written.replaced ? 'Replaced' : 'Added'} ${codeText(id)}: ${escapeText(cutAtWord(source.title, 120))}. Members can ask about it now.`
    : `Wrote ${codeText(written.file)}, but it is not loaded yet; see below.`;
  await interaction.editReply({ content: cutText([head, '', ...report].join('\n'), LIMITS.content).text, allowedMentions: NO_PINGS });
  return 'added';
}

export async function removeCommand(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  if (!(await mayManage(interaction, ctx))) return 'refused';
  const id = interaction.options.getString('id', true);
  if (!(await ctx.manage.writer.idsInFolder()).includes(id)) {
    await interaction.reply(ephemeral(TEXT.noSuchSource(id)));
    return 'invalid';
  }
  const expires = Date.now() + ctx.manage.confirmMs;
  const title = ctx.library.engine.source(id)?.title;
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(removeButtonId(interaction.user.id, expires, id, ctx.manage.signButton))
      .setLabel('Remove')
      .setStyle(ButtonStyle.Danger),
    new ButtonBuilder().setCustomId(cancelButtonId(interaction.user.id, ctx.manage.signButton)).setLabel('Cancel').setStyle(ButtonStyle.Secondary),
  );
  const what = title ? `${codeText(id)} (${escapeText(cutAtWord(title, 120))})` : codeText(id);
  await interaction.reply({
    content: `Remove ${what} from the sources? Its file is deleted for every server the bot is in. This confirmation expires <t:${Math.floor(expires / 1000)}:R>.`,
    components: [row],
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_PINGS,
  });
  return 'confirming';
}

/** The `Remove` and `Cancel` buttons of a remove confirmation. */
export async function removeButton(interaction: ButtonInteraction, ctx: BotContext): Promise<Outcome> {
  const sign = ctx.manage.signButton;
  const cancel = parseCancelButtonId(interaction.customId, sign);
  const confirm = parseRemoveButtonId(interaction.customId, sign);
  const askedBy = cancel?.userId ?? confirm?.userId;
  if (askedBy === undefined) {
    // Not a button this bot made (or made with another key): the user, expiry or source was altered.
    await interaction.reply(ephemeral(TEXT.confirmInvalid));
    return 'invalid';
  }
  // The confirmation is private to whoever asked, but the custom ID says who that was, so check it anyway.
  if (interaction.user.id !== askedBy) {
    await interaction.reply(ephemeral(TEXT.onlyAsker));
    return 'refused';
  }
  if (cancel || !confirm) {
    await interaction.update({ content: TEXT.removeCancelled, components: [], allowedMentions: NO_PINGS });
    return 'cancelled';
  }
  if (Date.now() > confirm.expires) {
    await interaction.update({ content: TEXT.confirmExpired, components: [], allowedMentions: NO_PINGS });
    return 'expired';
  }
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    await interaction.update({ content: TEXT.notModerator, components: [], allowedMentions: NO_PINGS });
    return 'refused';
  }
  if (!(await mayManage(interaction, ctx))) return 'refused';
  await interaction.deferUpdate();
  const id = confirm.id ?? (await ctx.manage.writer.idsInFolder()).find((candidate) => idDigest(candidate) === confirm.digest);
  const removed = id === undefined ? { ok: false as const, problem: 'That source is no longer in the corpus.' } : await ctx.manage.writer.remove(id);
  if (!removed.ok) {
    await interaction.editReply({ content: `${removed.problem} Nothing was removed.`, components: [], allowedMentions: NO_PINGS });
    return 'invalid';
  }
  audit(ctx, interaction, 'remove', id, removed.file);
  ctx.log.log('info', 'source_removed', { id, guild: interaction.guildId, member: ctx.hashMember(interaction.user.id) });
  const report = await reloadAfterChange(ctx);
  await interaction.editReply({
    content: cutText([`Removed ${codeText(id!)}.`, '', ...report].join('\n'), LIMITS.content).text,
    components: [],
    allowedMentions: NO_PINGS,
  });
  return 'removed';
}

/**
 * `sources:remove:<user>:<expiry, base-36 seconds>:<MAC>:=<source ID>`. Discord allows 100 characters, so a
 * long ID is carried as `#<digest>` instead and found again among the folder's IDs. The MAC covers the rest:
 * the custom ID comes back from the client, which could otherwise extend the expiry or change the source.
 */
export function removeButtonId(userId: string, expires: number, id: string, sign: ButtonSigner): string {
  const seconds = Math.ceil(expires / 1000).toString(36);
  const signed = (target: string) => `sources:remove:${userId}:${seconds}:${sign(`remove:${userId}:${seconds}:${target}`)}:${target}`;
  const withId = signed(`=${id}`);
  return withId.length <= 100 ? withId : signed(`#${idDigest(id)}`);
}

export function parseRemoveButtonId(customId: string, sign: ButtonSigner): { userId: string; expires: number; id?: string; digest?: string } | null {
  const m = /^sources:remove:(\d+):([0-9a-z]+):([\w-]+):([=#][\s\S]*)$/.exec(customId);
  if (!m) return null;
  const [, userId, seconds, mac, target] = m as unknown as [string, string, string, string, string];
  if (!sameMac(mac, sign(`remove:${userId}:${seconds}:${target}`))) return null;
  const expires = parseInt(seconds, 36) * 1000;
  return target.startsWith('=') ? { userId, expires, id: target.slice(1) } : { userId, expires, digest: target.slice(1) };
}

/** `sources:cancel:<user>:<MAC>`: signed too, so that only the bot's own Cancel button names who may press it. */
export function cancelButtonId(userId: string, sign: ButtonSigner): string {
  return `sources:cancel:${userId}:${sign(`cancel:${userId}`)}`;
}

function parseCancelButtonId(customId: string, sign: ButtonSigner): { userId: string } | null {
  const m = /^sources:cancel:(\d+):([\w-]+)$/.exec(customId);
  return m && sameMac(m[2]!, sign(`cancel:${m[1]!}`)) ? { userId: m[1]! } : null;
}

/** Compares MACs in constant time, so the time taken says nothing of how much of a forged one was right. */
function sameMac(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function idDigest(id: string): string {
  return createHash('sha256').update(id).digest('base64url').slice(0, 22);
}

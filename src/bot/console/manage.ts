/**
 * `/sources add`, `/sources remove` (behind a confirmation button) and `/sources reload`: changing the
 * corpus from Discord. The corpus is shared by every server the bot is in, so these work only in the
 * servers listed in `MANAGE_GUILD_IDS`; every change is written to that server's audit log.
 */
import { createHash } from 'node:crypto';
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
import { SOURCE_EXTENSIONS, sourceIdOf } from '../../sources/corpus.ts';
import type { AuditAction } from '../../store/records.ts';
import type { SourceMeta } from '../../types.ts';
import type { BotContext, Outcome, PeerReload } from '../context.ts';
import { download } from '../../sources/download.ts';
import { codeText, ephemeral, escapeText, formatBytes, LIMITS, NO_PINGS, TEXT } from '../discord/format.ts';
import type { ReloadReport } from '../library.ts';
import { cutAtWord, cutText } from '../../text.ts';

/** Whether this interaction's server may change the corpus; answers the refusal itself when not. */
export async function mayManage(interaction: ChatInputCommandInteraction | ButtonInteraction, ctx: BotContext): Promise<boolean> {
  if (interaction.guildId !== null && ctx.manage.guildIds.has(interaction.guildId)) return true;
  if (interaction.isButton()) await interaction.update({ content: TEXT.notManageGuild, embeds: [], components: [], allowedMentions: NO_PINGS });
  else await interaction.reply(ephemeral(TEXT.notManageGuild));
  return false;
}

export async function reloadCommand(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  if (!(await mayManage(interaction, ctx))) return 'refused';
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  let r: ReloadReport;
  try {
    r = await ctx.library.reload();
  } catch (err) {
    // The previous index is still in place: say so, and why the new one is not.
    const why = err instanceof Error ? err.message : String(err);
    ctx.log.log('error', 'corpus_reload_failed', { error: err });
    audit(ctx, interaction, 'reload', undefined, `failed: ${why}`);
    const others = await reloadOtherShards(ctx);
    await interaction.editReply({
      content: cutText([TEXT.reloadFailed(escapeText(why), ctx.library.engine.sources.length), ...others].join('\n'), LIMITS.content).text,
      allowedMentions: NO_PINGS,
    });
    return 'failed';
  }
  ctx.log.log(r.failed.length ? 'warn' : 'info', 'corpus_reloaded', { ...r });
  audit(ctx, interaction, 'reload', undefined, reloadDetail(r));
  const others = await reloadOtherShards(ctx);
  await interaction.editReply({ content: cutText([...reloadLines(r), ...others].join('\n'), LIMITS.content).text, allowedMentions: NO_PINGS });
  return 'reloaded';
}

export async function addCommand(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  if (!(await mayManage(interaction, ctx))) return 'refused';
  const attachment = interaction.options.getAttachment('file', true);
  const extension = sourceExtensionOf(attachment.name);
  if (!extension) {
    await interaction.reply(
      ephemeral(`${codeText(attachment.name)} is not a source file: attach a ${SOURCE_EXTENSIONS.join(', ')} file (UTF-8 text). Nothing was changed.`),
    );
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
      .setCustomId(removeButtonId(interaction.user.id, expires, id))
      .setLabel('Remove')
      .setStyle(ButtonStyle.Danger),
    new ButtonBuilder().setCustomId(`sources:cancel:${interaction.user.id}`).setLabel('Cancel').setStyle(ButtonStyle.Secondary),
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
  const cancel = /^sources:cancel:(\d+)$/.exec(interaction.customId);
  const confirm = parseRemoveButtonId(interaction.customId);
  const askedBy = cancel?.[1] ?? confirm?.userId;
  if (askedBy === undefined) return 'invalid';
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
 * `sources:remove:<user>:<expiry, base-36 seconds>:=<source ID>`. Discord allows 100 characters, so a
 * long ID is carried as `#<digest>` instead and found again among the folder's IDs.
 */
export function removeButtonId(userId: string, expires: number, id: string): string {
  const head = `sources:remove:${userId}:${Math.ceil(expires / 1000).toString(36)}:`;
  return head.length + 1 + id.length <= 100 ? `${head}=${id}` : `${head}#${idDigest(id)}`;
}

export function parseRemoveButtonId(customId: string): { userId: string; expires: number; id?: string; digest?: string } | null {
  const m = /^sources:remove:(\d+):([0-9a-z]+):([=#])([\s\S]*)$/.exec(customId);
  if (!m) return null;
  const expires = parseInt(m[2]!, 36) * 1000;
  return m[3] === '=' ? { userId: m[1]!, expires, id: m[4]! } : { userId: m[1]!, expires, digest: m[4]! };
}

function idDigest(id: string): string {
  return createHash('sha256').update(id).digest('base64url').slice(0, 22);
}

function audit(
  ctx: BotContext,
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  action: AuditAction,
  sourceId: string | undefined,
  detail: string,
): void {
  try {
    ctx.storage.audit({ guildId: interaction.guildId!, actorId: interaction.user.id, action, sourceId, detail });
  } catch (err) {
    ctx.log.log('error', 'audit_failed', { action, sourceId, error: err });
  }
}

function reloadDetail(r: ReloadReport): string {
  const part = (label: string, ids: readonly string[]) =>
    ids.length ? `; ${label} ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ` and ${ids.length - 10} more` : ''}` : '';
  return `${r.sources} sources${part('added', r.added)}${part('removed', r.removed)}${part('changed', r.changed)}${part(
    'failed',
    r.failed.map((f) => f.file),
  )}`;
}

/** Reloads after a change to the folder; a failed reload is reported, not thrown: the change itself is made. */
async function reloadAfterChange(ctx: BotContext): Promise<string[]> {
  let lines: string[];
  try {
    lines = reloadLines(await ctx.library.reload());
  } catch (err) {
    ctx.log.log('error', 'corpus_reload_failed', { error: err });
    lines = [
      `The change is saved, but reloading failed (${escapeText(err instanceof Error ? err.message : String(err))}); the bot still answers from the sources it had. Run \`/sources reload\` to try again.`,
    ];
  }
  return [...lines, ...(await reloadOtherShards(ctx))];
}

/**
 * In a sharded bot, every other shard reloads the folder too (each holds its own index), so that no server
 * is answered from sources that were changed. Whatever this shard's own reload did: the folder did change.
 */
async function reloadOtherShards(ctx: BotContext): Promise<string[]> {
  if (!ctx.peers) return [];
  let results: PeerReload[];
  try {
    results = await ctx.peers.reloadOthers();
  } catch (err) {
    ctx.log.log('error', 'shards_not_reloaded', { error: err });
    return ['', TEXT.shardsNotAsked(escapeText(err instanceof Error ? err.message : String(err)))];
  }
  const failed = results.flatMap((r) => (r.outcome === 'failed' ? [TEXT.shardNotReloaded(r.shard, escapeText(r.why))] : []));
  const count = (outcome: PeerReload['outcome']) => results.filter((r) => r.outcome === outcome).length;
  return ['', ...(failed.length < results.length ? [TEXT.otherShards(count('reloaded'), count('starting'))] : []), ...failed];
}

/** What a reload changed, for the moderator who caused it. */
export function reloadLines(r: ReloadReport): string[] {
  const list = (ids: readonly string[]) => (ids.length ? ids.map((id) => codeText(id)).join(', ') : 'none');
  return [
    `Reloaded ${r.sources} source(s) in ${r.ms} ms.`,
    `Added: ${list(r.added)}`,
    `Removed: ${list(r.removed)}`,
    `Changed: ${list(r.changed)}`,
    `Failed: ${r.failed.length ? '' : 'none'}`,
    ...r.failed.map((f) => `• ${codeText(f.file)}: ${escapeText(f.reason)}`),
  ];
}

/**
 * What every change to the corpus from Discord shares: who may make one (`MANAGE_GUILD_IDS`), the audit log
 * it is written to, and the reload after it, on this shard and every other; and `/sources reload` itself.
 */
import { type ButtonInteraction, type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import type { AuditAction } from '../../store/records.ts';
import { cutText } from '../../text.ts';
import type { BotContext, Outcome, PeerReload } from '../context.ts';
import { ephemeral, escapeText, LIMITS, NO_PINGS, TEXT, codeText } from '../discord/format.ts';
import type { ReloadReport } from '../library.ts';

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
    // With shared sources the database is the truth: the folder is brought in line with it first.
    await ctx.manage.shared?.pull().catch((err: unknown) => ctx.log.log('warn', 'sources_pull_failed', { error: err }));
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
  const others = [...(await reloadOtherShards(ctx)), ...(await reloadOtherHosts(ctx))];
  await interaction.editReply({ content: cutText([...reloadLines(r), ...others].join('\n'), LIMITS.content).text, allowedMentions: NO_PINGS });
  return 'reloaded';
}

export function audit(
  ctx: BotContext,
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  action: AuditAction,
  sourceId: string | undefined,
  detail: string,
): void {
  // The change is made whatever becomes of its entry; an entry the records could not take is in the log instead.
  ctx.storage
    .audit({ guildId: interaction.guildId!, actorId: interaction.user.id, action, sourceId, detail })
    .catch((err: unknown) =>
      ctx.log.log('error', 'audit_failed', { action, sourceId, guild: interaction.guildId, detail, error: err instanceof Error ? err.message : err }),
    );
}

function reloadDetail(r: ReloadReport): string {
  const part = (label: string, ids: readonly string[]) =>
    ids.length ? `; ${label} ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ` and ${ids.length - 10} more` : ''}` : '';
  return `${r.sources} sources${part('added', r.added)}${part('removed', r.removed)}${part('changed', r.changed)}${part(
    'failed',
    r.failed.map((f) => f.file),
  )}`;
}

/**
 * Reloads after a change to the folder; a failed reload is reported, not thrown: the change itself is made.
 * `timeoutMs` shortens the reload's limit when part of the interaction's time is already spent (a fetch).
 */
export async function reloadAfterChange(ctx: BotContext, timeoutMs?: number): Promise<string[]> {
  let lines: string[];
  try {
    lines = reloadLines(await ctx.library.reload(timeoutMs === undefined ? {} : { timeoutMs }));
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

/** With shared sources, every other host is told to bring its folder in line and reload. */
async function reloadOtherHosts(ctx: BotContext): Promise<string[]> {
  if (!ctx.manage.shared) return [];
  try {
    await ctx.manage.shared.announce('reload');
    return ['', TEXT.otherHostsAsked];
  } catch (err) {
    ctx.log.log('warn', 'hosts_not_asked', { error: err });
    return ['', TEXT.otherHostsNotAsked(escapeText(err instanceof Error ? err.message : String(err)))];
  }
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

/**
 * Writing what members asked, and forgetting it when it is old. A failed write (a locked or damaged
 * database, a full disk) costs the member nothing: the answer goes out all the same, without the buttons
 * that would need the record. Failures are counted in the metrics and logged once per outage, not once
 * per question.
 */
import type { RepliableInteraction } from 'discord.js';
import { DAY_MS, type QuestionRecord, StoreError, type StoreFailure } from '../../store/records.ts';
import type { BotContext } from '../context.ts';
import { ephemeral, NO_PINGS, TEXT } from '../discord/format.ts';

/** A question as the bot saw it: the stored record's fields, with the member's ID (hashed before storing). */
export type AskedQuestion = Omit<QuestionRecord, 'memberHash' | 'at'> & { userId: string };

/** How a store call failed, for the metrics: the store's own word, or `failed` for anything else. */
export function failureOf(err: unknown): StoreFailure {
  return err instanceof StoreError ? err.failure : 'failed';
}

/**
 * `use`'s result, or, when the records cannot be reached (locked, damaged, gone), undefined after telling
 * the member so privately (a reply, or an edit of a deferred one) and logging `event`.
 */
export async function withRecords<T>(
  interaction: RepliableInteraction,
  ctx: BotContext,
  event: string,
  use: () => Promise<T>,
): Promise<{ value: T } | undefined> {
  try {
    return { value: await use() };
  } catch (err) {
    ctx.log.log('error', event, { failure: failureOf(err), guild: interaction.guildId, error: err instanceof StoreError ? err.message : err });
    if (interaction.deferred || interaction.replied)
      await interaction.editReply({ content: TEXT.recordsUnavailable, embeds: [], components: [], allowedMentions: NO_PINGS });
    else await interaction.reply(ephemeral(TEXT.recordsUnavailable));
    return undefined;
  }
}

/** Records a question in its server; returns its record ID (for answer buttons), or undefined if not stored. */
export async function recordQuestion(ctx: BotContext, q: AskedQuestion): Promise<number | undefined> {
  try {
    const id = await ctx.storage.recordQuestion({
      guildId: q.guildId,
      channelId: q.channelId,
      memberHash: ctx.hashMember(q.userId),
      question: q.question,
      outcome: q.outcome,
      sourceIds: q.sourceIds,
      latencyMs: q.latencyMs,
      via: q.via,
      sourceFilter: q.sourceFilter,
      quotes: q.quotes,
    });
    ctx.telemetry?.recorded(true);
    storeOutages.ended(ctx);
    return id;
  } catch (err) {
    ctx.telemetry?.recorded(false, failureOf(err));
    storeOutages.failed(ctx, 'record_failed', err, { guild: q.guildId });
    return undefined;
  }
}

/**
 * Logs the first failed write of an outage, then at most one line a minute with how many failed since, and
 * one line when writing works again: a locked database would otherwise log every question of 30 seconds.
 */
class OutageLog {
  private since: number | undefined;
  private failedSince = 0;
  private lastLine = 0;

  failed(ctx: Pick<BotContext, 'log'>, event: string, err: unknown, fields: Record<string, unknown>): void {
    const now = Date.now();
    this.failedSince++;
    if (this.since !== undefined && now - this.lastLine < 60_000) return;
    this.since ??= now;
    this.lastLine = now;
    ctx.log.log('error', event, { ...fields, failure: failureOf(err), failed: this.failedSince, error: err instanceof StoreError ? err.message : err });
  }

  ended(ctx: Pick<BotContext, 'log'>): void {
    if (this.since === undefined) return;
    ctx.log.log('info', 'records_writing_again', { failed: this.failedSince, seconds: Math.round((Date.now() - this.since) / 1000) });
    this.since = undefined;
    this.failedSince = 0;
  }
}

const storeOutages = new OutageLog();

/** Deletes questions older than `days`; says how many in the log, or why it could not. */
export async function deleteOldQuestions(ctx: Pick<BotContext, 'storage' | 'log'>, days: number, now = Date.now()): Promise<void> {
  try {
    const deleted = await ctx.storage.deleteQuestionsBefore(now - days * DAY_MS);
    if (deleted > 0) ctx.log.log('info', 'old_questions_deleted', { deleted, days });
  } catch (err) {
    ctx.log.log('error', 'retention_failed', { failure: failureOf(err), error: err instanceof StoreError ? err.message : err });
  }
}

/** Deletes questions older than `days` now and once a day after; returns a function that stops it. */
export function keepQuestionsFor(ctx: Pick<BotContext, 'storage' | 'log'>, days: number): () => void {
  void deleteOldQuestions(ctx, days);
  const timer = setInterval(() => void deleteOldQuestions(ctx, days), DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Writing what members asked, and forgetting it when it is old. A failed write (a full disk, a locked file)
 * is logged and costs the member nothing: the answer goes out all the same.
 */
import { DAY_MS, type QuestionRecord } from '../../store/records.ts';
import type { BotContext } from '../context.ts';

/** A question as the bot saw it: the stored record's fields, with the member's ID (hashed before storing). */
export type AskedQuestion = Omit<QuestionRecord, 'memberHash' | 'at'> & { userId: string };

/** Records a question in its server; returns its record ID (for answer buttons), or undefined if not stored. */
export function recordQuestion(ctx: BotContext, q: AskedQuestion): number | undefined {
  try {
    const id = ctx.storage.recordQuestion({
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
    return id;
  } catch (err) {
    ctx.log.log('error', 'record_failed', { guild: q.guildId, error: err });
    ctx.telemetry?.recorded(false);
    return undefined;
  }
}

/** Deletes questions older than `days` now and once a day after; returns a function that stops it. */
export function keepQuestionsFor(ctx: Pick<BotContext, 'storage' | 'log'>, days: number, now = () => Date.now()): () => void {
  const sweep = () => {
    try {
      const deleted = ctx.storage.deleteQuestionsBefore(now() - days * DAY_MS);
      if (deleted > 0) ctx.log.log('info', 'old_questions_deleted', { deleted, days });
    } catch (err) {
      ctx.log.log('error', 'retention_failed', { error: err });
    }
  };
  sweep();
  const timer = setInterval(sweep, DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

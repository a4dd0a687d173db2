/**
 * What the store holds, as the rest of the bot sees it: questions and what became of them, the quotes an
 * answer showed, votes, the audit log of corpus changes, and how each channel is answered. Every record
 * names its server (`guildId`); members appear only as a keyed hash (`member-key.ts`).
 */
import type { SourceId } from '../types.ts';

export const DAY_MS = 86_400_000;

/** What became of a question: quotes that answer it, the closest passages, nothing to quote, or unusable. */
export type QuestionOutcome = 'answered' | 'closest' | 'declined' | 'invalid';

/** One quote an answer showed: where it is, and the content hash of its source then (to tell whether it still reads so). */
export interface QuotedSpan {
  sourceId: SourceId;
  start: number;
  end: number;
  contentHash: string;
}

/** What an answer card needs to be read back: its question, how it was searched, and what it quoted. */
export interface AnswerRecord {
  id: number;
  channelId: string;
  /** Who asked, as `MemberHasher.hash(userId)`. */
  memberHash: string;
  question: string;
  outcome: QuestionOutcome;
  /** The source the search was restricted to, if any. */
  sourceFilter: SourceId | null;
  /** The quotes shown, in the order shown. */
  quotes: QuotedSpan[];
  via: string;
  askedAt: number;
}

/**
 * How the bot answers in a channel: `mention` (the default, never stored) only when mentioned, `auto` also
 * the first message of every new thread or forum post, `off` not at all (slash commands still work).
 */
export type ChannelMode = 'off' | 'mention' | 'auto';
export const CHANNEL_MODES: readonly ChannelMode[] = ['off', 'mention', 'auto'];
export const DEFAULT_CHANNEL_MODE: ChannelMode = 'mention';

export interface QuestionRecord {
  guildId: string;
  channelId: string;
  /** `MemberHasher.hash(userId)`, never the user ID itself. */
  memberHash: string;
  question: string;
  outcome: QuestionOutcome;
  /** Quoted sources, best first (empty unless answered). */
  sourceIds: readonly SourceId[];
  latencyMs: number;
  /** How it was asked: `ask` (the slash command), `mention`, `message-command`, `auto`. */
  via: string;
  /** The source the search was restricted to, if any. */
  sourceFilter?: SourceId;
  /** The quotes shown, in order (for the answer card's buttons). */
  quotes?: readonly QuotedSpan[];
  /** Milliseconds since the epoch (default: now). */
  at?: number;
}

export interface GapRow {
  questionId: number;
  question: string;
  askedAt: number;
  /**
   * Declined (nothing quoted), closest (only the closest passages shown), or answered but voted "Not
   * helpful" at least as often as "Helpful".
   */
  why: 'declined' | 'closest' | 'not-helpful';
}

export interface QuestionStats {
  total: number;
  answered: number;
  /** Shown the closest passages, not an answer. */
  closest: number;
  declined: number;
  invalid: number;
  /** Questions per UTC day (`day` = days since the epoch), oldest first; days with none are absent. */
  perDay: { day: number; questions: number }[];
  helpfulVotes: number;
  notHelpfulVotes: number;
  /** Sources quoted, most often first. */
  quoted: { sourceId: SourceId; times: number }[];
}

export type AuditAction = 'add' | 'replace' | 'remove' | 'reload' | 'refresh';

export interface AuditEntry {
  guildId: string;
  /** The moderator's Discord user ID: shown to the server's moderators in `/sources history`. */
  actorId: string;
  action: AuditAction;
  sourceId?: SourceId;
  detail: string;
  at?: number;
}

export interface StoredAuditEntry extends Required<Omit<AuditEntry, 'sourceId'>> {
  sourceId: SourceId | null;
}

/** Milliseconds since the epoch `days` days before `now`. */
export function daysAgo(days: number, now = Date.now()): number {
  return now - days * DAY_MS;
}

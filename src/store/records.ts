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

/**
 * `QuestionStats` from the counts a store reads: questions per (day, outcome) in one pass over the window,
 * votes per helpful (1) or not (0), and sources with how many questions quoted them, most first.
 */
export function statsFrom(
  byDayOutcome: readonly { day: number; outcome: QuestionOutcome; n: number }[],
  votes: readonly { helpful: number; n: number }[],
  quoted: readonly { source_id: string; n: number }[],
): QuestionStats {
  const outcomes: Record<QuestionOutcome, number> = { answered: 0, closest: 0, declined: 0, invalid: 0 };
  const days = new Map<number, number>();
  for (const r of byDayOutcome) {
    outcomes[r.outcome] += r.n;
    days.set(r.day, (days.get(r.day) ?? 0) + r.n);
  }
  return {
    total: byDayOutcome.reduce((sum, r) => sum + r.n, 0),
    ...outcomes,
    perDay: [...days].sort((a, b) => a[0] - b[0]).map(([day, questions]) => ({ day, questions })),
    helpfulVotes: votes.find((v) => v.helpful === 1)?.n ?? 0,
    notHelpfulVotes: votes.find((v) => v.helpful === 0)?.n ?? 0,
    quoted: quoted.map((r) => ({ sourceId: r.source_id, times: r.n })),
  };
}

/** Milliseconds since the epoch `days` days before `now`. */
export function daysAgo(days: number, now = Date.now()): number {
  return now - days * DAY_MS;
}

/**
 * Why the store could not do what was asked: `busy` (another process holds the write lock; asked again
 * later it may work), `unavailable` (the database cannot be opened or written: read-only, damaged, gone;
 * the store retries by itself), `failed` (anything else, such as a full disk).
 */
export type StoreFailure = 'busy' | 'unavailable' | 'failed';

export class StoreError extends Error {
  constructor(
    readonly failure: StoreFailure,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** Whether the records can be used now, and if not, why (for `/readyz`, metrics and the log). */
export type StoreState = { available: true } | { available: false; why: string };

/** A store's `state`, and who hears it change: told only of a change (unavailable for another reason counts). */
export class StoreStatus {
  private current: StoreState = { available: true };
  private readonly listeners: ((state: StoreState) => void)[] = [];

  get state(): StoreState {
    return this.current;
  }

  onChange(listener: (state: StoreState) => void): void {
    this.listeners.push(listener);
  }

  set(state: StoreState): void {
    const changed = state.available !== this.current.available || (!state.available && !this.current.available && state.why !== this.current.why);
    this.current = state;
    if (changed) for (const listener of this.listeners) listener(state);
  }
}

/** Questions deleted per statement by retention: each batch is short, so members' writes get their turn between. */
export const DELETE_BATCH = 1_000;

/**
 * The records, as the bot uses them: every call is asynchronous and bounded in time, so that answering never
 * waits for the database. A call that cannot be done rejects with a `StoreError`.
 */
export interface RecordStore {
  readonly state: StoreState;
  /** Hears every change of `state` (the store became unavailable, or came back). */
  onStateChange(listener: (state: StoreState) => void): void;
  recordQuestion(r: QuestionRecord): Promise<number>;
  answerRecord(guildId: string, questionId: number): Promise<AnswerRecord | undefined>;
  voteOf(guildId: string, questionId: number, memberHash: string): Promise<boolean | undefined>;
  votesOn(guildId: string, questionId: number): Promise<{ helpful: number; notHelpful: number }>;
  vote(guildId: string, questionId: number, memberHash: string, helpful: boolean): Promise<boolean>;
  channelMode(guildId: string, channelId: string): Promise<ChannelMode>;
  setChannelMode(guildId: string, channelId: string, mode: ChannelMode, setBy: string): Promise<ChannelMode>;
  channelModes(guildId: string): Promise<{ channelId: string; mode: ChannelMode; setBy: string; setAt: number }[]>;
  gaps(guildId: string, since: number, limit?: number): Promise<GapRow[]>;
  stats(guildId: string, since: number): Promise<QuestionStats>;
  audit(entry: AuditEntry): Promise<void>;
  history(guildId: string, limit?: number): Promise<StoredAuditEntry[]>;
  /** Deletes questions asked before `cutoff`, in batches that let other calls through; returns how many went. */
  deleteQuestionsBefore(cutoff: number): Promise<number>;
  close(): Promise<void>;
}

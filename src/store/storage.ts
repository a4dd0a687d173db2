/**
 * The moderator console's records, in one SQLite file (`DATA_DIR/quotebot.sqlite`) through better-sqlite3:
 * every question asked and what became of it (with the quotes its answer showed), members' votes on answers,
 * the audit log of corpus changes, and how the bot answers in each channel.
 *
 * Every read and every write names its server (`guildId`): nothing recorded in one server is ever read back
 * in another. Members are stored only as a keyed hash (`member-key.ts`); moderators see what was asked,
 * never who asked.
 *
 * The SQL is kept portable to PostgreSQL: plain tables, integer milliseconds for time, `ON CONFLICT … DO
 * UPDATE` and `RETURNING`, no SQLite functions in queries. Moving to PostgreSQL would change only: the
 * placeholders (`?` → `$1, $2…`), `INTEGER PRIMARY KEY` → `BIGINT GENERATED ALWAYS AS IDENTITY`, time and
 * ID columns to `BIGINT`, the `PRAGMA` lines in `open` (WAL, foreign keys, busy timeout: PostgreSQL has
 * these on by itself), and the driver calls, which are asynchronous there.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SourceId } from '../types.ts';

export const DATABASE_FILE = 'quotebot.sqlite';
const DAY_MS = 86_400_000;
/** Writes are a few milliseconds each: five seconds of waiting means something holds the lock for good. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Schema changes, applied in order at start, each once (recorded in `schema_migrations`). Never edit one
 * that has shipped: add a new one.
 */
export const MIGRATIONS: readonly { version: number; why: string; sql: string }[] = [
  {
    version: 1,
    why: 'questions with their outcome and quoted sources, votes on answers, the audit log of corpus changes',
    sql: `
      CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        guild_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        member_hash TEXT NOT NULL,
        question TEXT NOT NULL,
        asked_at INTEGER NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'declined', 'invalid')),
        latency_ms INTEGER NOT NULL,
        via TEXT NOT NULL
      );
      CREATE INDEX questions_by_guild_time ON questions (guild_id, asked_at);
      CREATE INDEX questions_by_time ON questions (asked_at);

      CREATE TABLE quoted_sources (
        question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        PRIMARY KEY (question_id, position)
      );

      CREATE TABLE votes (
        guild_id TEXT NOT NULL,
        question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        member_hash TEXT NOT NULL,
        helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
        voted_at INTEGER NOT NULL,
        PRIMARY KEY (guild_id, question_id, member_hash)
      );
      CREATE INDEX votes_by_question ON votes (question_id);

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        guild_id TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        action TEXT NOT NULL,
        source_id TEXT,
        detail TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX audit_by_guild_time ON audit_log (guild_id, at);
    `,
  },
  {
    version: 2,
    why: 'what an answer card showed (its source filter and quoted spans, for its buttons after a restart) and how each channel is answered',
    sql: `
      ALTER TABLE questions ADD COLUMN source_filter TEXT;

      CREATE TABLE quoted_spans (
        question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        PRIMARY KEY (question_id, position)
      );

      CREATE TABLE channel_modes (
        guild_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('off', 'auto')),
        set_by TEXT NOT NULL,
        set_at INTEGER NOT NULL,
        PRIMARY KEY (guild_id, channel_id)
      );
    `,
  },
];

export type QuestionOutcome = 'answered' | 'declined' | 'invalid';

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
  /** Declined, or answered but voted "Not helpful" at least as often as "Helpful". */
  why: 'declined' | 'not-helpful';
}

export interface QuestionStats {
  total: number;
  answered: number;
  declined: number;
  invalid: number;
  /** Questions per UTC day (`day` = days since the epoch), oldest first; days with none are absent. */
  perDay: { day: number; questions: number }[];
  helpfulVotes: number;
  notHelpfulVotes: number;
  /** Sources quoted, most often first. */
  quoted: { sourceId: SourceId; times: number }[];
}

export type AuditAction = 'add' | 'replace' | 'remove' | 'reload';

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

export class Storage {
  private constructor(private readonly db: Database.Database) {}

  /** Opens (creating if needed) the database in `dataDir` and brings its schema up to date. */
  static open(dataDir: string): Storage {
    mkdirSync(dataDir, { recursive: true });
    // A second process (another shard) waits up to this long for a lock instead of failing, from the first statement on.
    const db = new Database(path.join(dataDir, DATABASE_FILE), { timeout: BUSY_TIMEOUT_MS });
    try {
      // WAL lets reads go on while a write commits.
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
    } catch (err) {
      db.close();
      throw err;
    }
    return new Storage(db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The schema version now in the file. */
  get schemaVersion(): number {
    return schemaVersionOf(this.db);
  }

  /** Records one question; returns its ID, which votes refer to. */
  recordQuestion(r: QuestionRecord): number {
    return this.db.transaction(() => {
      const row = this.db
        .prepare<unknown[], { id: number }>(
          'INSERT INTO questions (guild_id, channel_id, member_hash, question, asked_at, outcome, latency_ms, via, source_filter) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
        )
        .get(
          r.guildId,
          r.channelId,
          r.memberHash,
          r.question,
          r.at ?? Date.now(),
          r.outcome,
          Math.max(0, Math.round(r.latencyMs)),
          r.via,
          r.sourceFilter ?? null,
        )!;
      const quoted = this.db.prepare('INSERT INTO quoted_sources (question_id, position, source_id) VALUES (?, ?, ?)');
      r.sourceIds.forEach((id, i) => {
        quoted.run(row.id, i, id);
      });
      const spans = this.db.prepare(
        'INSERT INTO quoted_spans (question_id, position, source_id, start_offset, end_offset, content_hash) VALUES (?, ?, ?, ?, ?, ?)',
      );
      r.quotes?.forEach((q, i) => {
        spans.run(row.id, i, q.sourceId, q.start, q.end, q.contentHash);
      });
      return row.id;
    })();
  }

  /** A question recorded in this server, with what its answer showed; undefined when there is none (deleted, or another server's). */
  answerRecord(guildId: string, questionId: number): AnswerRecord | undefined {
    const row = this.db
      .prepare<
        unknown[],
        {
          id: number;
          channel_id: string;
          member_hash: string;
          question: string;
          outcome: QuestionOutcome;
          source_filter: string | null;
          via: string;
          asked_at: number;
        }
      >('SELECT id, channel_id, member_hash, question, outcome, source_filter, via, asked_at FROM questions WHERE id = ? AND guild_id = ?')
      .get(questionId, guildId);
    if (!row) return undefined;
    const quotes = this.db
      .prepare<unknown[], { source_id: string; start_offset: number; end_offset: number; content_hash: string }>(
        'SELECT source_id, start_offset, end_offset, content_hash FROM quoted_spans WHERE question_id = ? ORDER BY position',
      )
      .all(row.id)
      .map((q) => ({ sourceId: q.source_id, start: q.start_offset, end: q.end_offset, contentHash: q.content_hash }));
    return {
      id: row.id,
      channelId: row.channel_id,
      memberHash: row.member_hash,
      question: row.question,
      outcome: row.outcome,
      sourceFilter: row.source_filter,
      quotes,
      via: row.via,
      askedAt: row.asked_at,
    };
  }

  /** This member's vote on an answer: true helpful, false not, undefined none. */
  voteOf(guildId: string, questionId: number, memberHash: string): boolean | undefined {
    const row = this.db
      .prepare<unknown[], { helpful: number }>('SELECT helpful FROM votes WHERE guild_id = ? AND question_id = ? AND member_hash = ?')
      .get(guildId, questionId, memberHash);
    return row === undefined ? undefined : row.helpful === 1;
  }

  /** Votes on one answer in this server. */
  votesOn(guildId: string, questionId: number): { helpful: number; notHelpful: number } {
    const rows = this.db
      .prepare<unknown[], { helpful: number; n: number }>('SELECT helpful, COUNT(*) AS n FROM votes WHERE guild_id = ? AND question_id = ? GROUP BY helpful')
      .all(guildId, questionId);
    return { helpful: rows.find((r) => r.helpful === 1)?.n ?? 0, notHelpful: rows.find((r) => r.helpful === 0)?.n ?? 0 };
  }

  /** How the bot answers in a channel of this server (`mention` unless a moderator chose otherwise). */
  channelMode(guildId: string, channelId: string): ChannelMode {
    const row = this.db
      .prepare<unknown[], { mode: ChannelMode }>('SELECT mode FROM channel_modes WHERE guild_id = ? AND channel_id = ?')
      .get(guildId, channelId);
    return row?.mode ?? DEFAULT_CHANNEL_MODE;
  }

  /** Sets a channel's mode; the default (`mention`) is kept as no row at all. Returns the mode it had. */
  setChannelMode(guildId: string, channelId: string, mode: ChannelMode, setBy: string, at = Date.now()): ChannelMode {
    return this.db.transaction(() => {
      const before = this.channelMode(guildId, channelId);
      if (mode === DEFAULT_CHANNEL_MODE) this.db.prepare('DELETE FROM channel_modes WHERE guild_id = ? AND channel_id = ?').run(guildId, channelId);
      else {
        this.db
          .prepare(
            `INSERT INTO channel_modes (guild_id, channel_id, mode, set_by, set_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (guild_id, channel_id) DO UPDATE SET mode = excluded.mode, set_by = excluded.set_by, set_at = excluded.set_at`,
          )
          .run(guildId, channelId, mode, setBy, at);
      }
      return before;
    })();
  }

  /** This server's channels whose mode is not the default, with who set it and when. */
  channelModes(guildId: string): { channelId: string; mode: ChannelMode; setBy: string; setAt: number }[] {
    return this.db
      .prepare<unknown[], { channel_id: string; mode: ChannelMode; set_by: string; set_at: number }>(
        'SELECT channel_id, mode, set_by, set_at FROM channel_modes WHERE guild_id = ? ORDER BY set_at DESC, channel_id',
      )
      .all(guildId)
      .map((r) => ({ channelId: r.channel_id, mode: r.mode, setBy: r.set_by, setAt: r.set_at }));
  }

  /**
   * A member's vote on an answer, replacing their earlier one. Only a question recorded in the same server
   * can be voted on; returns whether the vote was stored.
   */
  vote(guildId: string, questionId: number, memberHash: string, helpful: boolean, at = Date.now()): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO votes (guild_id, question_id, member_hash, helpful, voted_at)
         SELECT ?, id, ?, ?, ? FROM questions WHERE id = ? AND guild_id = ?
         ON CONFLICT (guild_id, question_id, member_hash) DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at`,
      )
      .run(guildId, memberHash, helpful ? 1 : 0, at, questionId, guildId);
    return result.changes > 0;
  }

  /**
   * This server's questions since `since` that the sources did not serve: declined, or answered and then
   * voted "Not helpful" at least as often as "Helpful". Newest first, at most `limit`.
   */
  gaps(guildId: string, since: number, limit = 5000): GapRow[] {
    const rows = this.db
      .prepare<unknown[], { id: number; question: string; asked_at: number; outcome: string }>(
        `SELECT q.id, q.question, q.asked_at, q.outcome FROM questions q
         WHERE q.guild_id = ? AND q.asked_at >= ? AND (
           q.outcome = 'declined' OR (q.outcome = 'answered' AND EXISTS (
             SELECT 1 FROM votes v WHERE v.question_id = q.id AND v.guild_id = q.guild_id
             GROUP BY v.question_id HAVING SUM(1 - v.helpful) > 0 AND SUM(1 - v.helpful) >= SUM(v.helpful))))
         ORDER BY q.asked_at DESC, q.id DESC LIMIT ?`,
      )
      .all(guildId, since, limit);
    return rows.map((r) => ({ questionId: r.id, question: r.question, askedAt: r.asked_at, why: r.outcome === 'declined' ? 'declined' : 'not-helpful' }));
  }

  /** This server's questions since `since`: counts by outcome and day, votes, and the sources quoted. */
  stats(guildId: string, since: number): QuestionStats {
    const outcomes = this.db
      .prepare<unknown[], { outcome: QuestionOutcome; n: number }>(
        'SELECT outcome, COUNT(*) AS n FROM questions WHERE guild_id = ? AND asked_at >= ? GROUP BY outcome',
      )
      .all(guildId, since);
    const count = (o: QuestionOutcome) => outcomes.find((r) => r.outcome === o)?.n ?? 0;
    // Integer division gives the UTC day in SQLite and PostgreSQL alike.
    const perDay = this.db
      .prepare<unknown[], { day: number; n: number }>(
        `SELECT asked_at / ${DAY_MS} AS day, COUNT(*) AS n FROM questions WHERE guild_id = ? AND asked_at >= ? GROUP BY asked_at / ${DAY_MS} ORDER BY day`,
      )
      .all(guildId, since);
    const votes = this.db
      .prepare<unknown[], { helpful: number; n: number }>(
        `SELECT v.helpful, COUNT(*) AS n FROM votes v JOIN questions q ON q.id = v.question_id AND q.guild_id = v.guild_id
         WHERE v.guild_id = ? AND q.asked_at >= ? GROUP BY v.helpful`,
      )
      .all(guildId, since);
    const quoted = this.db
      .prepare<unknown[], { source_id: string; n: number }>(
        `SELECT s.source_id, COUNT(DISTINCT s.question_id) AS n FROM quoted_sources s JOIN questions q ON q.id = s.question_id
         WHERE q.guild_id = ? AND q.asked_at >= ? GROUP BY s.source_id ORDER BY n DESC, s.source_id`,
      )
      .all(guildId, since);
    return {
      total: outcomes.reduce((sum, r) => sum + r.n, 0),
      answered: count('answered'),
      declined: count('declined'),
      invalid: count('invalid'),
      perDay: perDay.map((r) => ({ day: r.day, questions: r.n })),
      helpfulVotes: votes.find((v) => v.helpful === 1)?.n ?? 0,
      notHelpfulVotes: votes.find((v) => v.helpful === 0)?.n ?? 0,
      quoted: quoted.map((r) => ({ sourceId: r.source_id, times: r.n })),
    };
  }

  audit(entry: AuditEntry): void {
    this.db
      .prepare('INSERT INTO audit_log (guild_id, actor_id, action, source_id, detail, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(entry.guildId, entry.actorId, entry.action, entry.sourceId ?? null, entry.detail, entry.at ?? Date.now());
  }

  /** This server's corpus changes, newest first. */
  history(guildId: string, limit = 20): StoredAuditEntry[] {
    return this.db
      .prepare<unknown[], { guild_id: string; actor_id: string; action: AuditAction; source_id: string | null; detail: string; at: number }>(
        'SELECT guild_id, actor_id, action, source_id, detail, at FROM audit_log WHERE guild_id = ? ORDER BY at DESC, id DESC LIMIT ?',
      )
      .all(guildId, limit)
      .map((r) => ({ guildId: r.guild_id, actorId: r.actor_id, action: r.action, sourceId: r.source_id, detail: r.detail, at: r.at }));
  }

  /**
   * Deletes questions asked before `cutoff` (ms since the epoch), with their quoted sources and votes;
   * returns how many questions went. The audit log is kept: it is small and says who changed the corpus.
   */
  deleteQuestionsBefore(cutoff: number): number {
    return this.db.prepare('DELETE FROM questions WHERE asked_at < ?').run(cutoff).changes;
  }
}

function schemaVersionOf(db: Database.Database): number {
  const row = db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations').get();
  return row?.v ?? 0;
}

/**
 * Applies every migration newer than the file's schema, in one transaction that holds the write lock from
 * its start: the shards of a bot open the database at once, and each must see the schema as the one before
 * left it (read in a deferred transaction, two would both find version 0 and both create the tables).
 */
function migrate(db: Database.Database): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const current = schemaVersionOf(db);
    const newest = MIGRATIONS.at(-1)?.version ?? 0;
    if (current > newest)
      throw new Error(`The database's schema (version ${current}) is newer than this code knows (${newest}): run the newer bot, or restore an older database.`);
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, Date.now());
    }
  }).immediate();
}

/** Milliseconds since the epoch `days` days before `now`. */
export function daysAgo(days: number, now = Date.now()): number {
  return now - days * DAY_MS;
}

export { DAY_MS };

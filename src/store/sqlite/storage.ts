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
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate, schemaVersionOf } from './migrations.ts';
import {
  type AnswerRecord,
  type AuditAction,
  type AuditEntry,
  type ChannelMode,
  DAY_MS,
  DELETE_BATCH,
  DEFAULT_CHANNEL_MODE,
  type GapRow,
  type QuestionOutcome,
  type QuestionRecord,
  type QuestionStats,
  type StoredAuditEntry,
  statsFrom,
} from '../records.ts';

export const DATABASE_FILE = 'quotebot.sqlite';
/** Writes are a few milliseconds each: five seconds of waiting means something holds the lock for good. */
const BUSY_TIMEOUT_MS = 5_000;

export interface StorageOptions {
  /** How long a statement waits for another process's write lock before failing with SQLITE_BUSY. */
  busyMs?: number;
}

export class Storage {
  private constructor(
    private readonly db: Database.Database,
    /** The database file's path. */
    readonly file: string,
  ) {}

  /** Opens (creating if needed) the database in `dataDir` and brings its schema up to date. */
  static open(dataDir: string, { busyMs = BUSY_TIMEOUT_MS }: StorageOptions = {}): Storage {
    // The records are the bot's alone: the folder 0700, the file 0600 (SQLite gives its -wal and -shm files
    // the database file's mode). A file made by an older version, or copied in, is narrowed too.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = path.join(dataDir, DATABASE_FILE);
    closeSync(openSync(file, 'a', 0o600));
    for (const f of [file, `${file}-wal`, `${file}-shm`]) narrowMode(f);
    // A second process (another shard) waits up to this long for a lock instead of failing, from the first statement on.
    const db = new Database(file, { timeout: busyMs });
    try {
      // WAL lets reads go on while a write commits.
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      // A deleted question's text is overwritten with zeros, not left readable in free pages of the file.
      db.pragma('secure_delete = ON');
      migrate(db);
    } catch (err) {
      db.close();
      throw err;
    }
    return new Storage(db, file);
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
    const askedAt = r.at ?? Date.now();
    return this.db.transaction(() => {
      const row = this.db
        .prepare<unknown[], { id: number }>(
          'INSERT INTO questions (guild_id, channel_id, member_hash, question, asked_at, outcome, latency_ms, via, source_filter) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
        )
        .get(r.guildId, r.channelId, r.memberHash, r.question, askedAt, r.outcome, Math.max(0, Math.round(r.latencyMs)), r.via, r.sourceFilter ?? null)!;
      const quoted = this.db.prepare('INSERT INTO quoted_sources (question_id, position, source_id, guild_id, asked_at) VALUES (?, ?, ?, ?, ?)');
      r.sourceIds.forEach((id, i) => {
        quoted.run(row.id, i, id, r.guildId, askedAt);
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
   * This server's questions since `since` that the sources did not serve: declined, shown only the closest
   * passages, or answered and then voted "Not helpful" at least as often as "Helpful". Newest first, at most `limit`.
   */
  gaps(guildId: string, since: number, limit = 5000): GapRow[] {
    const rows = this.db
      .prepare<unknown[], { id: number; question: string; asked_at: number; outcome: string }>(
        `SELECT q.id, q.question, q.asked_at, q.outcome FROM questions q
         WHERE q.guild_id = ? AND q.asked_at >= ? AND (
           q.outcome IN ('declined', 'closest') OR (q.outcome = 'answered' AND EXISTS (
             SELECT 1 FROM votes v WHERE v.question_id = q.id AND v.guild_id = q.guild_id
             GROUP BY v.question_id HAVING SUM(1 - v.helpful) > 0 AND SUM(1 - v.helpful) >= SUM(v.helpful))))
         ORDER BY q.asked_at DESC, q.id DESC LIMIT ?`,
      )
      .all(guildId, since, limit);
    return rows.map((r) => ({
      questionId: r.id,
      question: r.question,
      askedAt: r.asked_at,
      why: r.outcome === 'declined' || r.outcome === 'closest' ? r.outcome : 'not-helpful',
    }));
  }

  /** This server's questions since `since`: counts by outcome and day, votes, and the sources quoted. */
  stats(guildId: string, since: number): QuestionStats {
    // Outcomes and days in one pass over the window's index entries; integer division gives the UTC day in
    // SQLite and PostgreSQL alike.
    const byDayOutcome = this.db
      .prepare<unknown[], { day: number; outcome: QuestionOutcome; n: number }>(
        `SELECT asked_at / ${DAY_MS} AS day, outcome, COUNT(*) AS n FROM questions WHERE guild_id = ? AND asked_at >= ? GROUP BY 1, 2`,
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
        `SELECT source_id, COUNT(DISTINCT question_id) AS n FROM quoted_sources
         WHERE guild_id = ? AND asked_at >= ? GROUP BY source_id ORDER BY n DESC, source_id`,
      )
      .all(guildId, since);
    return statsFrom(byDayOutcome, votes, quoted);
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
   * Deletes at most `max` questions asked before `cutoff` (ms since the epoch), with their quoted sources and
   * votes; returns how many went. The audit log is kept: it is small and says who changed the corpus.
   */
  deleteQuestionBatch(cutoff: number, max = DELETE_BATCH): number {
    return this.db.prepare('DELETE FROM questions WHERE id IN (SELECT id FROM questions WHERE asked_at < ? ORDER BY asked_at LIMIT ?)').run(cutoff, max)
      .changes;
  }

  /** Every question asked before `cutoff`, batch after batch, then what they left in the log; returns how many went. */
  deleteQuestionsBefore(cutoff: number): number {
    let deleted = 0;
    for (let n = this.deleteQuestionBatch(cutoff); n > 0; n = this.deleteQuestionBatch(cutoff)) deleted += n;
    if (deleted > 0) this.checkpoint();
    return deleted;
  }

  /**
   * Copies the write-ahead log into the file and empties it: deleted rows are zeroed in the file (secure_delete),
   * but their old pages would otherwise stay readable in the log until it is reused.
   */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }
}

/** Takes read and write for anyone but the owner off `file`, if it exists. */
function narrowMode(file: string): void {
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, statSync(file).mode & 0o700);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

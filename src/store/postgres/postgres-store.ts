/**
 * The records in PostgreSQL (`DATABASE_URL=postgres://…`), for bots on several hosts that share one database.
 * Same records, same rules as the SQLite store (`../sqlite/storage.ts`): every read and write names its server,
 * members appear only as keyed hashes. The schema is `../migrations.ts`, applied under an advisory lock.
 *
 * Answering never waits for the database: every call is bounded (a connection within `connectMs`, a statement
 * within `callMs`, cancelled by the server past it). When the server cannot be reached the store says so
 * (`state`), rejects calls at once with `unavailable` instead of queueing them, and tries again every
 * `retryMs` until the server answers; then writing resumes by itself.
 */
import pg from 'pg';
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
  type RecordStore,
  StoreError,
  StoreStatus,
  type StoreFailure,
  type StoreState,
  type StoredAuditEntry,
  statsFrom,
} from '../records.ts';
import { migrate, quoteIdentifier } from './migrate.ts';

export interface PostgresStoreOptions {
  /** The schema the records live in (default `public`; tests give each run its own). */
  schema?: string;
  /** How long a statement may run before the server cancels it, and a call fails as `busy` (default 2.5 s). */
  callMs?: number;
  /** How long getting a connection may take before the call fails as `unavailable` (default 2 s). */
  connectMs?: number;
  /** How often an unreachable server is tried again (default 5 s). */
  retryMs?: number;
  /** Connections per process (default 4: a shard's writes are small and few). */
  poolSize?: number;
}

export const POSTGRES_DEFAULTS: Required<Omit<PostgresStoreOptions, 'schema'>> = { callMs: 2_500, connectMs: 2_000, retryMs: 5_000, poolSize: 4 };

/** BIGINT (oid 20) comes back as a number: IDs, times and counts stay far below 2^53. */
const TYPES = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 ? (text: string) => Number(text) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** PostgreSQL error classes that mean the server or the connection is gone (class 08, 57P0x, 53300). */
const UNREACHABLE_CODES = /^(08|57P0[1-3]|53300)/;
const UNREACHABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** What a driver error means for the caller: try later (`busy`), the database is gone (`unavailable`), or neither. */
export function failureOf(err: unknown): StoreFailure {
  const e = err as { code?: string; message?: string };
  if (e.code !== undefined && UNREACHABLE_CODES.test(e.code)) return 'unavailable';
  if (e.code !== undefined && UNREACHABLE_ERRNOS.has(e.code)) return 'unavailable';
  // node-postgres's own words when a connection ends or cannot be had in time.
  if (/Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(e.message ?? ''))
    return 'unavailable';
  // query_canceled (statement_timeout), lock_not_available, serialization failure, deadlock.
  if (e.code === '57014' || e.code === '55P03' || e.code === '40001' || e.code === '40P01') return 'busy';
  if (/Query read timeout/i.test(e.message ?? '')) return 'busy';
  return 'failed';
}

export class PostgresStore implements RecordStore {
  private readonly pool: pg.Pool;
  private readonly options: Required<Omit<PostgresStoreOptions, 'schema'>> & { schema: string };
  // Like the SQLite store, usable from the start: calls made before the first connection wait for it (`run`).
  private readonly status = new StoreStatus();
  private migrated = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Resolves once the first attempt to reach the database and migrate its schema is over, whatever came of it. */
  readonly settled: Promise<void>;

  private constructor(
    private readonly connectionString: string,
    options: PostgresStoreOptions,
  ) {
    this.options = { ...POSTGRES_DEFAULTS, schema: 'public', ...options };
    const { callMs, connectMs, poolSize, schema } = this.options;
    this.pool = new pg.Pool({
      connectionString,
      max: poolSize,
      connectionTimeoutMillis: connectMs,
      // The server cancels a statement past callMs; the client gives up a little later if the server is silent.
      statement_timeout: callMs,
      lock_timeout: callMs,
      query_timeout: callMs + 500,
      idle_in_transaction_session_timeout: callMs * 4,
      options: `-c search_path=${quoteIdentifier(schema)}`,
      application_name: 'quotebot',
      types: TYPES,
      keepAlive: true,
    });
    // An idle connection the server closed (a restart) must not crash the process: the next call will say so.
    this.pool.on('error', (err) => this.unreachable(err));
    this.settled = this.tryToOpen();
  }

  /** Connects and migrates in the background; calls may be made at once (they fail as `unavailable` until then). */
  static open(connectionString: string, options: PostgresStoreOptions = {}): PostgresStore {
    return new PostgresStore(connectionString, options);
  }

  get state(): StoreState {
    return this.status.state;
  }

  onStateChange(listener: (state: StoreState) => void): void {
    this.status.onChange(listener);
  }

  /** One attempt to reach the server (and, the first time, to bring the schema up to date). */
  private async tryToOpen(): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.migrated) {
        // A connection of its own, without the pool's time limit on statements: a migration may take a while.
        const client = new pg.Client({
          connectionString: this.connectionString,
          connectionTimeoutMillis: this.options.connectMs,
          application_name: 'quotebot',
        });
        client.on('error', () => {}); // a connection lost mid-migration fails the query, which is reported below
        await client.connect();
        try {
          await migrate(client, this.options.schema);
        } finally {
          await client.end().catch(() => {});
        }
        this.migrated = true;
      } else await this.pool.query('SELECT 1');
      this.status.set({ available: true });
    } catch (err) {
      this.unreachable(err);
    }
  }

  /** The server is gone (or refused the schema): say so and try again after `retryMs`. */
  private unreachable(err: unknown): void {
    if (this.closed) return;
    const why = `PostgreSQL: ${(err as Error).message || String(err)}`;
    this.status.set({ available: false, why });
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.tryToOpen();
    }, this.options.retryMs);
    this.retryTimer.unref();
  }

  /** Runs `work` if the store is usable, mapping the driver's errors to `StoreError`s. */
  private async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreError('unavailable', 'the records are closed');
    // The first connection and migration are under way: wait for them, for as long as a call may take.
    if (!this.migrated && this.status.state.available) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.settled, new Promise((resolve) => (timer = setTimeout(resolve, this.options.callMs)))]);
      clearTimeout(timer);
      if (!this.migrated && this.status.state.available) throw new StoreError('busy', 'the records are being prepared (schema migration)');
    }
    if (!this.status.state.available) throw new StoreError('unavailable', this.status.state.why);
    try {
      return await work();
    } catch (err) {
      const failure = failureOf(err);
      if (failure === 'unavailable') this.unreachable(err);
      throw new StoreError(failure, (err as Error).message);
    }
  }

  private async rows<R extends pg.QueryResultRow>(sql: string, values: unknown[]): Promise<R[]> {
    return (await this.pool.query<R>(sql, values)).rows;
  }

  recordQuestion(r: QuestionRecord): Promise<number> {
    const at = r.at ?? Date.now();
    const quotes = r.quotes ?? [];
    // One statement, so the question and what it quoted are written together or not at all.
    return this.run(async () => {
      const [row] = await this.rows<{ id: number }>(
        `WITH q AS (
           INSERT INTO questions (guild_id, channel_id, member_hash, question, asked_at, outcome, latency_ms, via, source_filter)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id),
         s AS (INSERT INTO quoted_sources (question_id, position, source_id, guild_id, asked_at)
           SELECT q.id, t.ord - 1, t.source_id, $1, $5 FROM q, unnest($10::text[]) WITH ORDINALITY AS t(source_id, ord)),
         p AS (INSERT INTO quoted_spans (question_id, position, source_id, start_offset, end_offset, content_hash)
           SELECT q.id, t.ord - 1, t.source_id, t.start_offset, t.end_offset, t.content_hash
           FROM q, unnest($11::text[], $12::int[], $13::int[], $14::text[]) WITH ORDINALITY AS t(source_id, start_offset, end_offset, content_hash, ord))
         SELECT id FROM q`,
        [
          r.guildId,
          r.channelId,
          r.memberHash,
          r.question,
          at,
          r.outcome,
          Math.max(0, Math.round(r.latencyMs)),
          r.via,
          r.sourceFilter ?? null,
          [...r.sourceIds],
          quotes.map((q) => q.sourceId),
          quotes.map((q) => q.start),
          quotes.map((q) => q.end),
          quotes.map((q) => q.contentHash),
        ],
      );
      return row!.id;
    });
  }

  answerRecord(guildId: string, questionId: number): Promise<AnswerRecord | undefined> {
    return this.run(async () => {
      const [row] = await this.rows<{
        id: number;
        channel_id: string;
        member_hash: string;
        question: string;
        outcome: QuestionOutcome;
        source_filter: string | null;
        via: string;
        asked_at: number;
      }>('SELECT id, channel_id, member_hash, question, outcome, source_filter, via, asked_at FROM questions WHERE id = $1 AND guild_id = $2', [
        questionId,
        guildId,
      ]);
      if (!row) return undefined;
      const quotes = await this.rows<{ source_id: string; start_offset: number; end_offset: number; content_hash: string }>(
        'SELECT source_id, start_offset, end_offset, content_hash FROM quoted_spans WHERE question_id = $1 ORDER BY position',
        [row.id],
      );
      return {
        id: row.id,
        channelId: row.channel_id,
        memberHash: row.member_hash,
        question: row.question,
        outcome: row.outcome,
        sourceFilter: row.source_filter,
        quotes: quotes.map((q) => ({ sourceId: q.source_id, start: q.start_offset, end: q.end_offset, contentHash: q.content_hash })),
        via: row.via,
        askedAt: row.asked_at,
      };
    });
  }

  voteOf(guildId: string, questionId: number, memberHash: string): Promise<boolean | undefined> {
    return this.run(async () => {
      const [row] = await this.rows<{ helpful: number }>('SELECT helpful FROM votes WHERE guild_id = $1 AND question_id = $2 AND member_hash = $3', [
        guildId,
        questionId,
        memberHash,
      ]);
      return row === undefined ? undefined : row.helpful === 1;
    });
  }

  votesOn(guildId: string, questionId: number): Promise<{ helpful: number; notHelpful: number }> {
    return this.run(async () => {
      const rows = await this.rows<{ helpful: number; n: number }>(
        'SELECT helpful, COUNT(*) AS n FROM votes WHERE guild_id = $1 AND question_id = $2 GROUP BY helpful',
        [guildId, questionId],
      );
      return { helpful: rows.find((r) => r.helpful === 1)?.n ?? 0, notHelpful: rows.find((r) => r.helpful === 0)?.n ?? 0 };
    });
  }

  vote(guildId: string, questionId: number, memberHash: string, helpful: boolean): Promise<boolean> {
    return this.run(async () => {
      const result = await this.pool.query(
        `INSERT INTO votes (guild_id, question_id, member_hash, helpful, voted_at)
         SELECT $1, id, $2, $3, $4 FROM questions WHERE id = $5 AND guild_id = $1
         ON CONFLICT (guild_id, question_id, member_hash) DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at`,
        [guildId, memberHash, helpful ? 1 : 0, Date.now(), questionId],
      );
      return (result.rowCount ?? 0) > 0;
    });
  }

  channelMode(guildId: string, channelId: string): Promise<ChannelMode> {
    return this.run(async () => {
      const [row] = await this.rows<{ mode: ChannelMode }>('SELECT mode FROM channel_modes WHERE guild_id = $1 AND channel_id = $2', [guildId, channelId]);
      return row?.mode ?? DEFAULT_CHANNEL_MODE;
    });
  }

  setChannelMode(guildId: string, channelId: string, mode: ChannelMode, setBy: string): Promise<ChannelMode> {
    // One statement: its parts see the row as it was, so `before` is the mode it replaces.
    return this.run(async () => {
      const [row] = await this.rows<{ mode: ChannelMode }>(
        `WITH before AS (SELECT mode FROM channel_modes WHERE guild_id = $1 AND channel_id = $2),
         removed AS (DELETE FROM channel_modes WHERE $3 = $6 AND guild_id = $1 AND channel_id = $2),
         stored AS (INSERT INTO channel_modes (guild_id, channel_id, mode, set_by, set_at) SELECT $1, $2, $3, $4, $5 WHERE $3 <> $6
           ON CONFLICT (guild_id, channel_id) DO UPDATE SET mode = excluded.mode, set_by = excluded.set_by, set_at = excluded.set_at)
         SELECT mode FROM before`,
        [guildId, channelId, mode, setBy, Date.now(), DEFAULT_CHANNEL_MODE],
      );
      return row?.mode ?? DEFAULT_CHANNEL_MODE;
    });
  }

  channelModes(guildId: string): Promise<{ channelId: string; mode: ChannelMode; setBy: string; setAt: number }[]> {
    return this.run(async () =>
      (
        await this.rows<{ channel_id: string; mode: ChannelMode; set_by: string; set_at: number }>(
          'SELECT channel_id, mode, set_by, set_at FROM channel_modes WHERE guild_id = $1 ORDER BY set_at DESC, channel_id',
          [guildId],
        )
      ).map((r) => ({ channelId: r.channel_id, mode: r.mode, setBy: r.set_by, setAt: r.set_at })),
    );
  }

  gaps(guildId: string, since: number, limit = 5000): Promise<GapRow[]> {
    return this.run(async () => {
      const rows = await this.rows<{ id: number; question: string; asked_at: number; outcome: string }>(
        `SELECT q.id, q.question, q.asked_at, q.outcome FROM questions q
         WHERE q.guild_id = $1 AND q.asked_at >= $2 AND (
           q.outcome IN ('declined', 'closest') OR (q.outcome = 'answered' AND EXISTS (
             SELECT 1 FROM votes v WHERE v.question_id = q.id AND v.guild_id = q.guild_id
             GROUP BY v.question_id HAVING SUM(1 - v.helpful) > 0 AND SUM(1 - v.helpful) >= SUM(v.helpful))))
         ORDER BY q.asked_at DESC, q.id DESC LIMIT $3`,
        [guildId, since, limit],
      );
      return rows.map((r) => ({
        questionId: r.id,
        question: r.question,
        askedAt: r.asked_at,
        why: r.outcome === 'declined' || r.outcome === 'closest' ? r.outcome : 'not-helpful',
      }));
    });
  }

  stats(guildId: string, since: number): Promise<QuestionStats> {
    return this.run(async () => {
      // Outcomes and days in one pass over the window's index entries.
      const [byDayOutcome, votes, quoted] = await Promise.all([
        this.rows<{ day: number; outcome: QuestionOutcome; n: number }>(
          `SELECT asked_at / ${DAY_MS} AS day, outcome, COUNT(*) AS n FROM questions WHERE guild_id = $1 AND asked_at >= $2 GROUP BY 1, 2`,
          [guildId, since],
        ),
        this.rows<{ helpful: number; n: number }>(
          `SELECT v.helpful, COUNT(*) AS n FROM votes v JOIN questions q ON q.id = v.question_id AND q.guild_id = v.guild_id
           WHERE v.guild_id = $1 AND q.asked_at >= $2 GROUP BY v.helpful`,
          [guildId, since],
        ),
        this.rows<{ source_id: string; n: number }>(
          `SELECT source_id, COUNT(DISTINCT question_id) AS n FROM quoted_sources
           WHERE guild_id = $1 AND asked_at >= $2 GROUP BY source_id ORDER BY n DESC, source_id`,
          [guildId, since],
        ),
      ]);
      return statsFrom(byDayOutcome, votes, quoted);
    });
  }

  audit(entry: AuditEntry): Promise<void> {
    return this.run(async () => {
      await this.pool.query('INSERT INTO audit_log (guild_id, actor_id, action, source_id, detail, at) VALUES ($1, $2, $3, $4, $5, $6)', [
        entry.guildId,
        entry.actorId,
        entry.action,
        entry.sourceId ?? null,
        entry.detail,
        entry.at ?? Date.now(),
      ]);
    });
  }

  history(guildId: string, limit = 20): Promise<StoredAuditEntry[]> {
    return this.run(async () =>
      (
        await this.rows<{ guild_id: string; actor_id: string; action: AuditAction; source_id: string | null; detail: string; at: number }>(
          'SELECT guild_id, actor_id, action, source_id, detail, at FROM audit_log WHERE guild_id = $1 ORDER BY at DESC, id DESC LIMIT $2',
          [guildId, limit],
        )
      ).map((r) => ({ guildId: r.guild_id, actorId: r.actor_id, action: r.action, sourceId: r.source_id, detail: r.detail, at: r.at })),
    );
  }

  async deleteQuestionsBefore(cutoff: number): Promise<number> {
    // Batch after batch, each its own short statement: members' writes go through between them.
    let deleted = 0;
    for (;;) {
      const n = await this.run(
        async () =>
          (
            await this.pool.query('DELETE FROM questions WHERE id IN (SELECT id FROM questions WHERE asked_at < $1 ORDER BY asked_at LIMIT $2)', [
              cutoff,
              DELETE_BATCH,
            ])
          ).rowCount ?? 0,
      );
      deleted += n;
      if (n === 0) return deleted;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.settled;
    await this.pool.end();
  }
}

/**
 * The records' schema, one list for both stores: each version is the same tables, columns and indexes, written
 * in each database's dialect (SQLite: `INTEGER PRIMARY KEY`, a table rebuilt to change a CHECK; PostgreSQL:
 * `BIGINT` identities and times, constraints altered in place). Applied in order at start, each once, and
 * recorded in `schema_migrations` with its version. Never edit one that has shipped: add a new one, in both.
 */
export interface Migration {
  version: number;
  why: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    why: 'questions with their outcome and quoted sources, votes on answers, the audit log of corpus changes',
    sqlite: `
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
    postgres: `
      CREATE TABLE questions (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        guild_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        member_hash TEXT NOT NULL,
        question TEXT NOT NULL,
        asked_at BIGINT NOT NULL,
        outcome TEXT NOT NULL CONSTRAINT questions_outcome_check CHECK (outcome IN ('answered', 'declined', 'invalid')),
        latency_ms INTEGER NOT NULL,
        via TEXT NOT NULL
      );
      CREATE INDEX questions_by_guild_time ON questions (guild_id, asked_at);
      CREATE INDEX questions_by_time ON questions (asked_at);

      CREATE TABLE quoted_sources (
        question_id BIGINT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        PRIMARY KEY (question_id, position)
      );

      CREATE TABLE votes (
        guild_id TEXT NOT NULL,
        question_id BIGINT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        member_hash TEXT NOT NULL,
        helpful SMALLINT NOT NULL CHECK (helpful IN (0, 1)),
        voted_at BIGINT NOT NULL,
        PRIMARY KEY (guild_id, question_id, member_hash)
      );
      CREATE INDEX votes_by_question ON votes (question_id);

      CREATE TABLE audit_log (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        guild_id TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        action TEXT NOT NULL,
        source_id TEXT,
        detail TEXT NOT NULL,
        at BIGINT NOT NULL
      );
      CREATE INDEX audit_by_guild_time ON audit_log (guild_id, at);
    `,
  },
  {
    version: 2,
    why: 'what an answer card showed (its source filter and quoted spans, for its buttons after a restart) and how each channel is answered',
    sqlite: `
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
    postgres: `
      ALTER TABLE questions ADD COLUMN source_filter TEXT;

      CREATE TABLE quoted_spans (
        question_id BIGINT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
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
        set_at BIGINT NOT NULL,
        PRIMARY KEY (guild_id, channel_id)
      );
    `,
  },
  {
    version: 3,
    why: "a reply that shows the closest passages, not an answer, is recorded as 'closest'",
    // SQLite cannot change a CHECK constraint in place: the table is rebuilt and renamed (its children refer to
    // it by name, so they follow; `migrate` turns foreign keys off around this, or the DROP would cascade).
    sqlite: `
      CREATE TABLE questions_v3 (
        id INTEGER PRIMARY KEY,
        guild_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        member_hash TEXT NOT NULL,
        question TEXT NOT NULL,
        asked_at INTEGER NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'closest', 'declined', 'invalid')),
        latency_ms INTEGER NOT NULL,
        via TEXT NOT NULL,
        source_filter TEXT
      );
      INSERT INTO questions_v3 (id, guild_id, channel_id, member_hash, question, asked_at, outcome, latency_ms, via, source_filter)
        SELECT id, guild_id, channel_id, member_hash, question, asked_at, outcome, latency_ms, via, source_filter FROM questions;
      DROP TABLE questions;
      ALTER TABLE questions_v3 RENAME TO questions;
      CREATE INDEX questions_by_guild_time ON questions (guild_id, asked_at);
      CREATE INDEX questions_by_time ON questions (asked_at);
    `,
    postgres: `
      ALTER TABLE questions DROP CONSTRAINT questions_outcome_check;
      ALTER TABLE questions ADD CONSTRAINT questions_outcome_check CHECK (outcome IN ('answered', 'closest', 'declined', 'invalid'));
    `,
  },
  {
    version: 4,
    why: 'the sources themselves (file, metadata, content hash), shared by every host when the records are in PostgreSQL',
    // SQLite's store does not use this table (one machine reads its corpus folder), but keeps the same schema.
    sqlite: `
      CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        file_name TEXT NOT NULL,
        bytes BLOB NOT NULL,
        meta TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
    postgres: `
      CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        file_name TEXT NOT NULL,
        bytes BYTEA NOT NULL,
        meta TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 5,
    why: "/sources stats over a busy server's 90 days without reading each question's row: what it counts is in the indexes",
    // Each quoted source carries its question's server and time, so the sources quoted in a window are one index
    // range, not a lookup per question; the questions' index holds the outcome too.
    sqlite: `
      ALTER TABLE quoted_sources ADD COLUMN guild_id TEXT;
      ALTER TABLE quoted_sources ADD COLUMN asked_at INTEGER;
      UPDATE quoted_sources SET guild_id = (SELECT guild_id FROM questions q WHERE q.id = question_id),
        asked_at = (SELECT asked_at FROM questions q WHERE q.id = question_id);
      CREATE INDEX quoted_by_guild_time ON quoted_sources (guild_id, asked_at, source_id, question_id);
      CREATE INDEX questions_by_guild_time_outcome ON questions (guild_id, asked_at, outcome);
      DROP INDEX questions_by_guild_time;
    `,
    postgres: `
      ALTER TABLE quoted_sources ADD COLUMN guild_id TEXT, ADD COLUMN asked_at BIGINT;
      UPDATE quoted_sources s SET guild_id = q.guild_id, asked_at = q.asked_at FROM questions q WHERE q.id = s.question_id;
      CREATE INDEX quoted_by_guild_time ON quoted_sources (guild_id, asked_at) INCLUDE (source_id, question_id);
      CREATE INDEX questions_by_guild_time_outcome ON questions (guild_id, asked_at) INCLUDE (outcome, id);
      DROP INDEX questions_by_guild_time;
    `,
  },
];

/** The newest schema version this code knows. */
export const NEWEST_SCHEMA = MIGRATIONS.at(-1)?.version ?? 0;

/** Why a database whose schema is newer than this code cannot be used. */
export function newerSchemaMessage(current: number): string {
  return `The database's schema (version ${current}) is newer than this code knows (${NEWEST_SCHEMA}): run the newer bot, or restore an older database.`;
}

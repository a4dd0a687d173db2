/**
 * The database's schema, as migrations applied in order at start, each once (recorded in
 * `schema_migrations`), under the write lock.
 */
import type Database from 'better-sqlite3';

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
  {
    version: 3,
    why: "a reply that shows the closest passages, not an answer, is recorded as 'closest'",
    // SQLite cannot change a CHECK constraint in place: the table is rebuilt and renamed (its children refer to
    // it by name, so they follow; `migrate` turns foreign keys off around this, or the DROP would cascade).
    sql: `
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
  },
];

export function schemaVersionOf(db: Database.Database): number {
  const row = db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations').get();
  return row?.v ?? 0;
}

/**
 * Applies every migration newer than the file's schema, in one transaction that holds the write lock from
 * its start: the shards of a bot open the database at once, and each must see the schema as the one before
 * left it (read in a deferred transaction, two would both find version 0 and both create the tables).
 */
export function migrate(db: Database.Database): void {
  // A migration may rebuild a table others refer to; foreign keys cannot be switched inside a transaction.
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
      const current = schemaVersionOf(db);
      const newest = MIGRATIONS.at(-1)?.version ?? 0;
      if (current > newest)
        throw new Error(
          `The database's schema (version ${current}) is newer than this code knows (${newest}): run the newer bot, or restore an older database.`,
        );
      for (const m of MIGRATIONS) {
        if (m.version <= current) continue;
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, Date.now());
      }
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`A migration left ${broken.length} row(s) referring to nothing; nothing was changed.`);
    }).immediate();
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

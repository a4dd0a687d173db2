/**
 * The database's schema, as migrations applied in order at start, each once (recorded in
 * `schema_migrations`), under the write lock.
 */
import type Database from 'better-sqlite3';
import { MIGRATIONS, NEWEST_SCHEMA, newerSchemaMessage } from '../migrations.ts';

// Re-exported for the tests and tools that read the SQLite schema.
export { MIGRATIONS };

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
      if (current > NEWEST_SCHEMA) throw new Error(newerSchemaMessage(current));
      for (const m of MIGRATIONS) {
        if (m.version <= current) continue;
        db.exec(m.sqlite);
        db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, Date.now());
      }
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`A migration left ${broken.length} row(s) referring to nothing; nothing was changed.`);
    }).immediate();
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

/**
 * The records' schema in PostgreSQL (`../migrations.ts`), brought up to date in one transaction under an
 * advisory lock: hosts that start together take turns, and each finds the schema as the one before left it.
 */
import type pg from 'pg';
import { MIGRATIONS, NEWEST_SCHEMA, newerSchemaMessage } from '../migrations.ts';

/** The advisory lock migrations hold: "quotebot" in ASCII, so no other application's lock is mistaken for it. */
export const MIGRATION_LOCK = 0x71756f7465626f74n;

/** Applies every migration newer than the database's schema (in `schema`, made if missing); returns the version. */
export async function migrate(client: pg.ClientBase, schema: string): Promise<number> {
  await client.query('BEGIN');
  try {
    // A migration may rewrite a large table, and another host may hold the lock while it does: not a member's call.
    await client.query("SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = '120s'");
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    await client.query(`SET LOCAL search_path TO ${quoteIdentifier(schema)}`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const { rows } = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
    const current = rows[0]?.v ?? 0;
    if (current > NEWEST_SCHEMA) throw new Error(newerSchemaMessage(current));
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      await client.query(m.postgres);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [m.version, Date.now()]);
    }
    await client.query('COMMIT');
    return Math.max(current, NEWEST_SCHEMA);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** `name` as a PostgreSQL identifier, quoted (a schema name comes from configuration, not from members). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

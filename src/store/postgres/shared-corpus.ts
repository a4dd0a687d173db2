/**
 * The sources in PostgreSQL, for a bot on several hosts: the database holds every source (its file, metadata
 * and content hash) and each host's corpus folder is a mirror of it, from which the host builds its index as
 * before. A change made on any host (`/sources add|remove|refresh|reload`, `npm run source`) is written to the
 * database and announced with `NOTIFY`; every host `LISTEN`s, brings its folder up to date and reloads, within
 * a second or two. The first host to find the table empty fills it from its folder (`corpus/`), once.
 *
 * The database is the truth: a hand edit to one host's folder is overwritten at the next change or start
 * (change sources through `/sources` or `npm run source`). When the database is out of reach the host answers
 * from its folder as it was, refuses changes (they could not reach the other hosts), and catches up when it
 * is back (a notice missed meanwhile is made good by comparing the whole folder again).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { contentHashOf } from '../../sources/corpus.ts';
import type { CorpusShare, CorpusWriter, FolderSource } from '../../sources/corpus-write.ts';
import type { SourceId } from '../../types.ts';
import { migrate, quoteIdentifier } from './migrate.ts';

/** The channel changes are announced on. */
export const SOURCES_CHANNEL = 'quotebot_sources';
/** Advisory lock held while an empty table is filled, so two hosts starting together do not both fill it. */
const SEED_LOCK = 0x71627365656400n;

export interface SharedCorpusOptions {
  schema?: string;
  /** How often a lost listening connection is tried again (default 2 s). */
  retryMs?: number;
  /** How long a statement may take (default 10 s: a source is up to a few MB). */
  callMs?: number;
  /** Told of what happens, for the log. */
  onEvent?: (event: string, fields: Record<string, unknown>) => void;
}

export type ChangeListener = (why: string) => void;

export class SharedCorpus implements CorpusShare {
  private readonly pool: pg.Pool;
  private listener: pg.Client | undefined;
  private reachable = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly listeners: ChangeListener[] = [];
  /** This process, so it can tell its own notices from other hosts'. */
  private readonly origin = randomUUID();
  private readonly options: Required<Omit<SharedCorpusOptions, 'onEvent'>> & Pick<SharedCorpusOptions, 'onEvent'>;

  private constructor(
    private readonly connectionString: string,
    /** The folder's writer: changes made through it are shared, and the folder is mirrored through it. */
    readonly writer: CorpusWriter,
    options: SharedCorpusOptions,
  ) {
    this.options = { schema: 'public', retryMs: 2_000, callMs: 10_000, ...options };
    this.pool = new pg.Pool({
      connectionString,
      max: 2,
      connectionTimeoutMillis: 5_000,
      statement_timeout: this.options.callMs,
      options: `-c search_path=${quoteIdentifier(this.options.schema)}`,
      application_name: 'quotebot-sources',
    });
    this.pool.on('error', () => {}); // a lost idle connection: the next query reports it
  }

  /**
   * Connects, fills an empty table from the folder or brings the folder up to date with the table, and starts
   * listening. Resolves once that is done, or once it has failed (the host then answers from its folder, and
   * `blocked` says why changes are refused, until the database is back).
   */
  static async open(connectionString: string, writer: CorpusWriter, options: SharedCorpusOptions = {}): Promise<SharedCorpus> {
    const shared = new SharedCorpus(connectionString, writer, options);
    writer.shareThrough(shared);
    await shared.connect();
    return shared;
  }

  /** Hears that the folder now holds other sources (another host changed them, or the database came back). */
  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  blocked(): string | null {
    if (this.closed) return 'The shared sources are closed.';
    return this.reachable ? null : 'The sources are shared through the database, which is out of reach just now, so they cannot be changed; try again later.';
  }

  async changed(id: SourceId, source: FolderSource | null): Promise<void> {
    await this.transaction(async (client) => {
      if (source) await writeSource(client, source, Date.now());
      else await client.query('DELETE FROM sources WHERE id = $1', [id]);
      await client.query('SELECT pg_notify($1, $2)', [SOURCES_CHANNEL, JSON.stringify({ origin: this.origin, id })]);
    });
  }

  async sources(): Promise<FolderSource[]> {
    const { rows } = await this.pool.query<{ id: string; file_name: string; bytes: Buffer; meta: string }>(
      'SELECT id, file_name, bytes, meta FROM sources ORDER BY id',
    );
    return rows.map((r) => ({ id: r.id, fileName: r.file_name, bytes: r.bytes, meta: JSON.parse(r.meta) }));
  }

  /** Tells every host to bring its folder up to date and reload (`/sources reload`). */
  async announce(why: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [SOURCES_CHANNEL, JSON.stringify({ origin: this.origin, why })]);
  }

  /** Makes the folder what the table holds; returns whether it changed. */
  async pull(): Promise<boolean> {
    return this.writer.mirror(await this.sources());
  }

  /** Fills an empty table from the folder (the first host to start), else mirrors the table into the folder. */
  private async seedOrPull(): Promise<'seeded' | 'pulled' | 'unchanged'> {
    const seeded = await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK.toString()]);
      const { rows } = await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM sources');
      if (Number(rows[0]!.n) > 0) return false;
      const now = Date.now();
      for (const source of await this.writer.folderSources()) await writeSource(client, source, now);
      return true;
    });
    if (seeded) return 'seeded';
    return (await this.pull()) ? 'pulled' : 'unchanged';
  }

  /** `work` in one transaction on a connection of the pool: committed, or rolled back when it throws. */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** One attempt to reach the database: schema, seed or pull, and a connection that listens. */
  private async connect(): Promise<void> {
    if (this.closed) return;
    try {
      const migrator = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5_000 });
      migrator.on('error', () => {});
      await migrator.connect();
      try {
        await migrate(migrator, this.options.schema);
      } finally {
        await migrator.end().catch(() => undefined);
      }
      const listener = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5_000 });
      listener.on('error', (err) => this.lost(err));
      listener.on('end', () => this.lost(new Error('the listening connection ended')));
      listener.on('notification', (n) => this.notified(n.payload ?? ''));
      await listener.connect();
      await listener.query(`LISTEN ${SOURCES_CHANNEL}`);
      this.listener = listener;
      // Listening first, then comparing: a change made in between is both in the table and announced.
      const outcome = await this.seedOrPull();
      this.reachable = true;
      this.options.onEvent?.('sources_shared', { outcome });
      if (outcome === 'pulled') this.tell('the shared sources were brought into the folder');
    } catch (err) {
      this.lost(err);
    }
  }

  private lost(err: unknown): void {
    if (this.closed) return;
    const wasReachable = this.reachable;
    this.reachable = false;
    const listener = this.listener;
    this.listener = undefined;
    listener?.removeAllListeners('end');
    void listener?.end().catch(() => undefined);
    if (wasReachable || !this.retryTimer) this.options.onEvent?.('sources_unshared', { why: (err as Error).message || String(err) });
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, this.options.retryMs);
    this.retryTimer.unref();
  }

  private notified(payload: string): void {
    let notice: { origin?: unknown; why?: unknown };
    try {
      notice = JSON.parse(payload) as typeof notice;
    } catch {
      return; // not ours
    }
    if (notice.origin === this.origin) return;
    void this.pull().then(
      (changed) => {
        if (changed) this.tell('another host changed the sources');
        else if (notice.why !== undefined) this.tell('another host asked for a reload');
      },
      (err: unknown) => this.options.onEvent?.('sources_pull_failed', { error: (err as Error).message }),
    );
  }

  private tell(why: string): void {
    for (const listener of this.listeners) listener(why);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const listener = this.listener;
    this.listener = undefined;
    listener?.removeAllListeners('end');
    await listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}

/** Writes one source's row (its file, metadata and content hash), replacing the row it had. */
export async function writeSource(client: pg.ClientBase, source: FolderSource, at: number): Promise<void> {
  await client.query(
    `INSERT INTO sources (id, file_name, bytes, meta, content_hash, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO UPDATE SET file_name = excluded.file_name, bytes = excluded.bytes, meta = excluded.meta,
       content_hash = excluded.content_hash, updated_at = excluded.updated_at`,
    [source.id, source.fileName, Buffer.from(source.bytes), JSON.stringify(source.meta), contentHashOf(source.bytes), at],
  );
}

/**
 * The PostgreSQL server the tests use (TEST_DATABASE_URL, default the machine's local one): whether it can be
 * reached (under CI=true it must be: CI starts it), a schema per test, and a relay that can cut it off.
 */
import net from 'node:net';
import pg from 'pg';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Whether the PostgreSQL server answers, and if not, why. */
async function reachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return (err as Error).message || String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Why the test server cannot be used, or undefined when it can. */
export const postgresUnreachable = await reachable(POSTGRES_URL);
if (postgresUnreachable !== undefined) {
  if (process.env.CI === 'true') throw new Error(`PostgreSQL at ${POSTGRES_URL} is not reachable (${postgresUnreachable}); CI starts it in .ci/run`);
  process.stderr.write(`PostgreSQL tests skipped, ${POSTGRES_URL} is not reachable (${postgresUnreachable})\n`);
}

/** A schema no other test uses. */
export const freshSchema = () => `qb_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** A TCP relay to PostgreSQL that can be cut (every connection dropped, new ones refused) and restored on the same port. */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly target: { host: string; port: number },
    public port = 0,
  ) {}

  static async start(url: URL): Promise<TcpProxy> {
    const proxy = new TcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.resume();
    return proxy;
  }

  async resume(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

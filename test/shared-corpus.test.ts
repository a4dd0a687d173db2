/**
 * Sources shared through PostgreSQL: two hosts, each with its own corpus folder, on one database (a schema of
 * their own): the first fills the empty database from its folder, the other's folder is filled from it, and a
 * change made on either reaches the other by NOTIFY; out of reach, changes are refused and the folder kept.
 */
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CorpusWriter } from '../src/sources/corpus-write.ts';
import { MAX_SOURCE_BYTES } from '../src/sources/corpus.ts';
import { SharedCorpus } from '../src/store/postgres/shared-corpus.ts';
import { ROOT } from './helpers.ts';
import { dropSchema, freshSchema, POSTGRES_URL, postgresUnreachable, TcpProxy } from './postgres.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function folder(seed: boolean): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'quotebot-shared-'));
  if (seed) await cp(path.join(ROOT, 'corpus'), dir, { recursive: true });
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function host(dir: string, schema: string, url = POSTGRES_URL): Promise<{ shared: SharedCorpus; changes: string[]; events: string[] }> {
  const changes: string[] = [];
  const events: string[] = [];
  const shared = await SharedCorpus.open(url, new CorpusWriter(dir, MAX_SOURCE_BYTES), { schema, retryMs: 200, onEvent: (e) => events.push(e) });
  shared.onChange((why) => changes.push(why));
  cleanups.push(() => shared.close());
  return { shared, changes, events };
}

/** The folder as a comparable value: every file's name and text (`sources.json` parsed: its layout may differ). */
async function contents(dir: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of (await readdir(dir)).sort()) {
    if (name.startsWith('.')) continue;
    const text = await readFile(path.join(dir, name), 'utf8');
    out[name] = name === 'sources.json' ? JSON.parse(text) : text;
  }
  return out;
}

const ARTICLE = new TextEncoder().encode('A test article.\nThe harbour crane at Ostwick lifts forty tonnes.\n');

describe.skipIf(postgresUnreachable !== undefined)('sources shared by hosts through PostgreSQL', () => {
  it('the first host fills the empty database from its folder, once; another host’s empty folder is filled from it', async () => {
    const schema = freshSchema();
    cleanups.push(() => dropSchema(schema));
    const [dirA, dirB] = [await folder(true), await folder(false)];
    const before = await contents(dirA);
    const a = await host(dirA, schema);
    const b = await host(dirB, schema);
    expect(a.events).toEqual(['sources_shared']);
    expect(await contents(dirB)).toEqual(before);
    expect(await contents(dirA)).toEqual(before);
    // Filled while opening, before the host builds its index from the folder: nothing to reload.
    expect(b.changes).toEqual([]);
    expect(a.changes).toEqual([]);
    // A third host with its own (different) folder does not fill the database again: it takes what is there.
    const dirC = await folder(false);
    await host(dirC, schema);
    expect(await contents(dirC)).toEqual(before);
  });

  it('a source added on one host reaches the other within seconds, and so does its removal there', async () => {
    const schema = freshSchema();
    cleanups.push(() => dropSchema(schema));
    const [dirA, dirB] = [await folder(true), await folder(false)];
    const a = await host(dirA, schema);
    const b = await host(dirB, schema);
    const added = await a.shared.writer.add({ id: 'ostwick', extension: '.txt', bytes: ARTICLE, meta: { title: 'Ostwick harbour' }, replace: false });
    expect(added).toMatchObject({ ok: true });
    await expect.poll(() => b.changes.length, { timeout: 5_000 }).toBe(1);
    expect(await readFile(path.join(dirB, 'ostwick.txt'), 'utf8')).toBe(new TextDecoder().decode(ARTICLE));
    expect(JSON.parse(await readFile(path.join(dirB, 'sources.json'), 'utf8')).ostwick).toEqual({ title: 'Ostwick harbour' });
    expect(a.changes).toEqual([]); // its own notice is not news to it

    expect(await b.shared.writer.remove('ostwick')).toMatchObject({ ok: true });
    await expect.poll(() => a.changes.length, { timeout: 5_000 }).toBe(1);
    expect(await readdir(dirA)).not.toContain('ostwick.txt');
    expect(await contents(dirA)).toEqual(await contents(dirB));
  });

  it('a reload announced on one host is heard by the other', async () => {
    const schema = freshSchema();
    cleanups.push(() => dropSchema(schema));
    const a = await host(await folder(true), schema);
    const b = await host(await folder(false), schema);
    await a.shared.announce('reload');
    await expect.poll(() => b.changes, { timeout: 5_000 }).toEqual(['another host asked for a reload']);
  });

  it('out of reach: a change is refused and the folder kept; back, the host catches up with what it missed', async () => {
    const schema = freshSchema();
    cleanups.push(() => dropSchema(schema));
    const proxy = await TcpProxy.start(new URL(POSTGRES_URL));
    cleanups.push(() => proxy.stop());
    const url = new URL(POSTGRES_URL);
    url.port = String(proxy.port);
    const [dirA, dirB] = [await folder(true), await folder(false)];
    const a = await host(dirA, schema);
    const b = await host(dirB, schema, url.toString());
    const before = await contents(dirB);

    await proxy.stop();
    await expect.poll(() => b.shared.blocked(), { timeout: 5_000 }).toMatch(/out of reach/);
    const refused = await b.shared.writer.add({ id: 'ostwick', extension: '.txt', bytes: ARTICLE, meta: {}, replace: false });
    expect(refused).toMatchObject({ ok: false, problem: expect.stringMatching(/out of reach/) });
    expect(await contents(dirB)).toEqual(before);
    // Meanwhile another host removes a source: B cannot hear it now.
    expect(await a.shared.writer.remove('000_c9496b90a96922a9')).toMatchObject({ ok: true });

    await proxy.resume();
    await expect.poll(() => b.shared.blocked(), { timeout: 5_000 }).toBeNull();
    await expect.poll(() => b.changes.length, { timeout: 5_000 }).toBe(1);
    expect(await readdir(dirB)).not.toContain('000_c9496b90a96922a9.txt');
    expect(await contents(dirB)).toEqual(await contents(dirA));
  });
});

/**
 * Safe fetching: what a link may reach, how long and how much it may take, and what it must be, against a
 * test site on 127.0.0.1 (with private addresses allowed for it alone, or not at all).
 */
import type { LookupAddress } from 'node:dns';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressRefusal, parsePrivateAccess, refusedAddress } from '../src/sources/web/address.ts';
import { checkedLookup, FetchProblem, fetchDocument } from '../src/sources/web/fetch.ts';
import { DEFAULT_USER_AGENT, type FetchPolicy, fetchPolicyFrom } from '../src/sources/web/policy.ts';
import { fixturePage, TestSite } from './web-server.ts';

let site: TestSite;
beforeAll(async () => {
  site = await TestSite.start();
});
afterAll(() => site?.close());

function policy(env: Record<string, string> = {}): FetchPolicy {
  const problems: string[] = [];
  const p = fetchPolicyFrom({ SOURCE_FETCH_ALLOW_PRIVATE: '127.0.0.1', ...env }, problems);
  expect(problems).toEqual([]);
  return p;
}

async function refusal(address: string, p: FetchPolicy = policy()): Promise<string> {
  try {
    await fetchDocument(address, p);
  } catch (err) {
    expect(err).toBeInstanceOf(FetchProblem);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`${address} was fetched`);
}

describe('which addresses may be fetched', () => {
  it('classifies private, loopback, link-local, CGNAT, unique-local, mapped and metadata addresses as refused', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.100.100.200',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '224.0.0.1',
    ])
      expect(refusedAddress(ip), ip).not.toBeNull();
    for (const ip of ['8.8.8.8', '151.101.1.1', '2606:4700::1111', '::ffff:8.8.8.8']) expect(refusedAddress(ip), ip).toBeNull();
  });

  it('lets SOURCE_FETCH_ALLOW_PRIVATE open all private addresses, or only listed ones', () => {
    const some = parsePrivateAccess('127.0.0.1, 10.0.0.0/8');
    expect(typeof some === 'object' && 'ranges' in some).toBe(true);
    expect(addressRefusal('10.9.8.7', some as never)).toBeNull();
    expect(addressRefusal('127.0.0.1', some as never)).toBeNull();
    expect(addressRefusal('127.0.0.2', some as never)).toMatch(/loopback/);
    expect(addressRefusal('169.254.169.254', 'all')).toBeNull();
    expect(parsePrivateAccess('maybe')).toHaveProperty('problem');
    const problems: string[] = [];
    fetchPolicyFrom({ SOURCE_FETCH_ALLOW_PRIVATE: 'maybe', SOURCE_FETCH_MAX_BYTES: '-1', SOURCE_FETCH_TIMEOUT_SECONDS: '9999' }, problems);
    expect(problems).toHaveLength(3);
  });

  it('refuses the loopback test site without SOURCE_FETCH_ALLOW_PRIVATE, by address and by name, before any request', async () => {
    const before = site.requests.length;
    expect(await refusal(site.url('/pages/harbour-seals.html'), policy({ SOURCE_FETCH_ALLOW_PRIVATE: '' }))).toMatch(/127\.0\.0\.1:\d+ is a loopback address/);
    const byName = site.url('/pages/harbour-seals.html').replace('127.0.0.1', 'localhost');
    expect(await refusal(byName, policy({ SOURCE_FETCH_ALLOW_PRIVATE: 'false' }))).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    expect(await refusal('http://[::ffff:7f00:1]/', policy({ SOURCE_FETCH_ALLOW_PRIVATE: 'false' }))).toMatch(/loopback/);
    expect(await refusal('http://169.254.169.254/latest/meta-data/', policy({ SOURCE_FETCH_ALLOW_PRIVATE: 'false' }))).toMatch(/link-local/);
    expect(site.requests.length).toBe(before);
  });

  it('refuses a name that resolves to any refused address, and hands the connection only the addresses it checked', async () => {
    const resolver = (answers: LookupAddress[]) =>
      ((_name: string, _options: unknown, callback: (err: null, addresses: LookupAddress[]) => void) => callback(null, answers)) as never;
    const lookupWith = (answers: LookupAddress[], all: boolean) =>
      new Promise<unknown>((resolve) =>
        checkedLookup('rebind.example', 'none', resolver(answers))('rebind.example', { all }, (err: Error | null, address: unknown) => resolve(err ?? address)),
      );
    const mixed = await lookupWith(
      [
        { address: '93.184.215.14', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ],
      true,
    );
    expect(mixed).toBeInstanceOf(FetchProblem);
    expect((mixed as Error).message).toMatch(/rebind\.example resolves to 127\.0\.0\.1/);
    expect(await lookupWith([{ address: '93.184.215.14', family: 4 }], true)).toEqual([{ address: '93.184.215.14', family: 4 }]);
    expect(await lookupWith([{ address: '93.184.215.14', family: 4 }], false)).toBe('93.184.215.14');
  });

  it('checks every redirect again: one to a private address is refused before it is requested', async () => {
    for (const target of ['http://127.0.0.2/secret', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/', 'http://10.0.0.1/']) {
      site.routes.set('/to-private', (_req, res) => {
        res.writeHead(302, { location: target });
        res.end();
      });
      expect(await refusal(site.url('/to-private'))).toMatch(/is a (loopback|link-local|private|reserved)/);
    }
  });

  it('follows at most 5 redirects, and only to http or https', async () => {
    expect((await fetchDocument(site.url('/redirect/4'), policy())).url).toBe(site.url('/pages/harbour-seals.html'));
    expect(await refusal(site.url('/redirect/5'))).toMatch(/redirects more than 5 times/);
    site.routes.set('/to-file', (_req, res) => {
      res.writeHead(301, { location: 'file:///etc/passwd' });
      res.end();
    });
    expect(await refusal(site.url('/to-file'))).toMatch(/redirects to a file: address/);
  });

  it('refuses other schemes by name', async () => {
    for (const [address, scheme] of <[string, string][]>[
      ['ftp://example.org/report.pdf', 'ftp:'],
      ['file:///etc/passwd', 'file:'],
      ['javascript:alert(1)', 'javascript:'],
      ['data:text/html,<p>hi</p>', 'data:'],
    ])
      expect(await refusal(address)).toBe(`${scheme} addresses cannot be fetched: only http and https web pages can be added.`);
    expect(await refusal('not a link')).toMatch(/is not a web address/);
  });
});

describe('what a fetch may take', () => {
  it('fetches a page, names the bot in its User-Agent, decompresses gzip', async () => {
    let agent = '';
    site.routes.set('/whoami.html', (req, res) => {
      agent = req.headers['user-agent'] ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(fixturePage('night-trains'));
    });
    const page = await fetchDocument(site.url('/whoami.html'), policy());
    expect(agent).toBe(DEFAULT_USER_AGENT);
    expect(agent).toMatch(/^quotebot\/\d/);
    expect(page).toMatchObject({ kind: 'html', mediaType: 'text/html', charset: 'utf-8' });
    const zipped = await fetchDocument(site.url('/gzip/harbour-seals.html'), policy());
    expect(zipped.bytes.equals(fixturePage('harbour-seals'))).toBe(true);
  });

  it('stops a body past the size limit while it arrives, and refuses a declared one before reading', async () => {
    const small = policy({ SOURCE_FETCH_MAX_BYTES: String(1024 * 1024) });
    expect(await refusal(site.url('/huge.html'), small)).toMatch(/larger than the limit of 1 MB/);
    expect(await refusal(site.url('/declared-huge.html'), small)).toMatch(/larger than the limit of 1 MB/);
  });

  it('cuts a body that trickles in at the total time limit, even with garbage collection running meanwhile', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const collecting = setInterval(gc, 50);
    const started = Date.now();
    try {
      expect(await refusal(site.url('/slow.html'), policy({ SOURCE_FETCH_TIMEOUT_SECONDS: '1.5' }))).toMatch(
        /took longer than 1\.5 s to fetch and was abandoned/,
      );
    } finally {
      clearInterval(collecting);
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('refuses a 404, an image, and a type that is not a page, PDF or text', async () => {
    expect(await refusal(site.url('/no-such-page.html'))).toMatch(/answered 404 Not Found, not the page\.$/);
    expect(await refusal(site.url('/image.png'))).toMatch(/is an image \(image\/png\)/);
    site.serve('/data.json', 'application/json', '{"a":1}');
    expect(await refusal(site.url('/data.json'))).toMatch(/is not a web page, PDF or text \(application\/json\)/);
  });

  it('obeys robots.txt: its own group and the wildcard one; a missing robots.txt allows, a failing one does not', async () => {
    expect(await refusal(site.url('/no-bots/pages/harbour-seals.html'))).toMatch(/robots\.txt does not allow quotebot/);
    expect(site.fetched('/no-bots/pages/harbour-seals.html')).toBe(0);
    // The quotebot group replaces the * group for quotebot, so /private/ is allowed to it.
    expect((await fetchDocument(site.url('/private/pages/harbour-seals.html'), policy())).kind).toBe('html');
    site.robots = { status: 404, body: '' };
    expect((await fetchDocument(site.url('/no-bots/pages/harbour-seals.html'), policy())).kind).toBe('html');
    site.robots = { status: 503, body: '' };
    expect(await refusal(site.url('/pages/harbour-seals.html'))).toMatch(/robots\.txt answered 503/);
    site.robots = { status: 200, body: 'User-agent: *\nDisallow: /\n' };
    expect(await refusal(site.url('/pages/harbour-seals.html'))).toMatch(/robots\.txt does not allow/);
  });
});

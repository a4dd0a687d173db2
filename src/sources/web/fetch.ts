/**
 * Fetching a web page or PDF a moderator linked to, without letting the link reach where it must not.
 *
 * - Only http and https.
 * - The host's addresses are checked after DNS resolution, in the connection's own `lookup`, and the
 *   connection goes to the address that was checked: a name that resolves to a public address for the
 *   check and to 127.0.0.1 for the connection (DNS rebinding) cannot slip through. A literal IP address in
 *   the link is checked the same way. Every redirect is a new request, checked again; at most 5.
 * - One timer, owned here, bounds the whole fetch (robots.txt, redirects, the body): a server that sends one
 *   byte a second is cut off at the limit. A plain `setTimeout` is kept alive by the event loop itself, so
 *   garbage collection cannot take it away (as it can an unreferenced `AbortSignal.timeout`).
 * - The body is counted while it arrives, after decompression, and abandoned past the limit; a declared
 *   Content-Length over the limit is refused before reading.
 * - The content type must be a web page, a PDF, plain text or Markdown; robots.txt is obeyed; every
 *   request names the bot in its User-Agent.
 * Every refusal is a `FetchProblem` whose message is one sentence for the person who gave the link.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { addressRefusal, type PrivateAccess } from './address.ts';
import type { FetchPolicy } from './policy.ts';
import { ROBOTS_MAX_BYTES, RobotsRules } from './robots.ts';

export class FetchProblem extends Error {}

export type DocumentKind = 'html' | 'pdf' | 'text' | 'markdown';

export interface FetchedDocument {
  /** The address the document came from, after redirects. */
  url: string;
  kind: DocumentKind;
  /** The media type as the server gave it (lower case, no parameters), or '' when it gave none. */
  mediaType: string;
  /** The charset parameter of Content-Type, if any. */
  charset?: string;
  bytes: Buffer;
}

const ACCEPT = 'text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,text/markdown;q=0.8,*/*;q=0.1';
const KINDS: Record<string, DocumentKind> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/pdf': 'pdf',
  'application/x-pdf': 'pdf',
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
};
const PRIVATE_HINT = 'set SOURCE_FETCH_ALLOW_PRIVATE=true only if the bot is meant to fetch from a private network';

/** An http(s) URL from what a person typed, or a `FetchProblem` saying why it is not one. */
export function webAddress(address: string): URL {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    throw new FetchProblem(`"${address}" is not a web address (it should start with https://).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FetchProblem(`${url.protocol} addresses cannot be fetched: only http and https web pages can be added.`);
  if (url.username || url.password) throw new FetchProblem('a web address with a user name or password in it is not fetched.');
  url.hash = '';
  return url;
}

/** Fetches `address` under `policy`, following redirects; resolves with the document, or rejects with a `FetchProblem`. */
export async function fetchDocument(address: string, policy: FetchPolicy): Promise<FetchedDocument> {
  const start = webAddress(address);
  const deadline = new Deadline(policy.timeoutMs);
  try {
    const robots = new RobotsRules(policy.robotsToken, (robotsUrl) => fetchRobots(robotsUrl, policy, deadline));
    const { url, response } = await follow(start, policy, deadline, async (url) => {
      const refusal = await robots.refusal(url);
      if (refusal) throw new FetchProblem(`Not fetched: ${refusal}`);
    });
    if (response.statusCode !== 200 && response.statusCode !== 203) {
      response.destroy();
      const status = [response.statusCode, response.statusMessage].filter(Boolean).join(' ');
      throw new FetchProblem(`${url.href} answered ${status}, not the page.`);
    }
    const [mediaType = '', ...params] = (response.headers['content-type'] ?? '').split(';').map((p) => p.trim());
    const charset = params
      .find((p) => /^charset=/i.test(p))
      ?.slice(8)
      .replace(/^["']|["']$/g, '');
    const declared = KINDS[mediaType.toLowerCase()];
    if (!declared && mediaType !== '' && !/^application\/octet-stream$/i.test(mediaType)) {
      response.destroy();
      const what = /^image\//i.test(mediaType) ? 'an image' : /^(video|audio)\//i.test(mediaType) ? 'a video or sound file' : 'not a web page, PDF or text';
      throw new FetchProblem(`${url.href} is ${what} (${mediaType}); only web pages, PDFs and plain text or Markdown can be added.`);
    }
    const bytes = await readBody(response, policy.maxBytes, url);
    const kind = declared ?? sniff(bytes);
    if (!kind) throw new FetchProblem(`${url.href} did not say what it is, and it does not look like a web page, a PDF or text.`);
    return { url: url.href, kind, mediaType: mediaType.toLowerCase(), ...(charset ? { charset } : {}), bytes };
  } catch (err) {
    if (deadline.expired) throw new FetchProblem(`${start.href} took longer than ${formatSeconds(policy.timeoutMs)} to fetch and was abandoned.`);
    if (err instanceof FetchProblem) throw err;
    throw new FetchProblem(`${start.href} could not be fetched (${describe(err)}).`);
  } finally {
    deadline.clear();
  }
}

/** One timer for the whole fetch, referenced by the event loop until it fires or is cleared. */
class Deadline {
  readonly controller = new AbortController();
  expired = false;
  private readonly timer: NodeJS.Timeout;

  constructor(ms: number) {
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort(new FetchProblem('time limit reached'));
    }, ms);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/** Requests `start` and each redirect's target (checked by `beforeEach`), up to the policy's limit. */
async function follow(
  start: URL,
  policy: FetchPolicy,
  deadline: Deadline,
  beforeEach: (url: URL) => Promise<void>,
): Promise<{ url: URL; response: IncomingMessage }> {
  let url = start;
  for (let redirects = 0; ; redirects++) {
    await beforeEach(url);
    const response = await request(url, policy, deadline.controller.signal);
    const location = response.headers.location;
    if (![301, 302, 303, 307, 308].includes(response.statusCode ?? 0) || !location) return { url, response };
    response.destroy();
    if (redirects >= policy.maxRedirects) throw new FetchProblem(`${start.href} redirects more than ${policy.maxRedirects} times; not followed.`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new FetchProblem(`${url.href} redirects to an address that is not valid.`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new FetchProblem(`${url.href} redirects to a ${next.protocol} address; not followed.`);
    next.hash = '';
    url = next;
  }
}

function request(url: URL, policy: FetchPolicy, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const why = addressRefusal(host, policy.privateAccess);
      if (why) return reject(new FetchProblem(`Not fetched: ${url.host} is ${why}; ${PRIVATE_HINT}.`));
    }
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'GET',
      headers: { 'user-agent': policy.userAgent, accept: ACCEPT, 'accept-encoding': 'gzip, deflate, br' },
      // No pooled connection: each request connects to an address its own lookup checked.
      agent: false,
      signal,
      ...(policy.privateAccess === 'all' ? {} : { lookup: checkedLookup(url.hostname, policy.privateAccess) }),
    });
    req.once('response', resolve);
    req.once('error', (err) => reject(err instanceof FetchProblem || !(err.cause instanceof FetchProblem) ? err : err.cause));
    req.end();
  });
}

/**
 * A DNS lookup that fails unless every address the name resolves to may be fetched from, and hands the
 * connection exactly the addresses it checked (so the connection cannot resolve the name again and get
 * another). `resolve` is the system's resolver; tests give their own.
 */
export function checkedLookup(hostname: string, access: PrivateAccess, resolve: typeof dnsLookup = dnsLookup): LookupFunction {
  return (name, options, callback) => {
    resolve(name, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.map((a) => ({ a, why: addressRefusal(a.address, access) })).find((r) => r.why);
      if (refused) return callback(new FetchProblem(`Not fetched: ${hostname} resolves to ${refused.a.address}, ${refused.why}; ${PRIVATE_HINT}.`), '', 0);
      if (addresses.length === 0) return callback(new FetchProblem(`${hostname} has no address.`), '', 0);
      if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

async function fetchRobots(robotsUrl: URL, policy: FetchPolicy, deadline: Deadline) {
  try {
    const { url, response } = await follow(robotsUrl, policy, deadline, async () => undefined);
    if (response.statusCode! < 200 || response.statusCode! >= 300) {
      response.destroy();
      return { status: response.statusCode!, text: '' };
    }
    const body = await readBody(response, ROBOTS_MAX_BYTES, url, true);
    return { status: response.statusCode!, text: body.toString('utf8') };
  } catch (err) {
    // A refused address or the time limit is the fetch's own failure, not robots.txt's.
    if (deadline.expired || err instanceof FetchProblem) throw err;
    return { unreachable: describe(err) };
  }
}

/** The body, decompressed, at most `maxBytes` (else a `FetchProblem`, or with `truncate` the first `maxBytes`). */
async function readBody(response: IncomingMessage, maxBytes: number, url: URL, truncate = false): Promise<Buffer> {
  const tooLarge = () => new FetchProblem(`${url.href} is larger than the limit of ${formatMb(maxBytes)} (SOURCE_FETCH_MAX_BYTES); not added.`);
  const declared = Number(response.headers['content-length']);
  if (!truncate && Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip()
      : encoding === 'deflate'
        ? zlib.createInflate()
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : undefined;
  const body: Readable = decoder ? pipeline(response, decoder, () => undefined) : response;
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > maxBytes) {
      response.destroy();
      body.destroy();
      if (truncate) {
        chunks.push(chunk.subarray(0, chunk.length - (length - maxBytes)));
        return Buffer.concat(chunks);
      }
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}

/** What a server that gave no usable Content-Type sent, judged from its first bytes. */
function sniff(bytes: Buffer): DocumentKind | undefined {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  const head = bytes
    .subarray(0, 512)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || /^<(head|body|meta|title)[\s>]/.test(head)) return 'html';
  return undefined;
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOTFOUND') return 'no such host';
  if (e?.code === 'ECONNREFUSED') return 'connection refused';
  if (e?.code === 'ECONNRESET') return 'connection reset';
  if (e?.code === 'CERT_HAS_EXPIRED' || /certificate/i.test(e?.message ?? '')) return `its certificate is not valid: ${e.message}`;
  return e?.message ?? String(err);
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function formatMb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

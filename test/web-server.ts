/**
 * A small web site on 127.0.0.1 for the source-fetching tests: the fixture pages, PDFs made in the test, and
 * the ways a site can go wrong (404, an image, a huge or endless body, a slow trickle, redirects, robots.txt).
 * Every request is recorded, so a test can prove what was (not) fetched.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './helpers.ts';

export const PAGES_DIR = path.join(ROOT, 'test', 'fixtures', 'pages');

export function fixturePage(name: string): Buffer {
  return readFileSync(path.join(PAGES_DIR, name, 'page.html'));
}

export function fixtureText(name: string): string {
  return readFileSync(path.join(PAGES_DIR, name, 'expected.txt'), 'utf8');
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export const ROBOTS_TXT = 'User-agent: *\nDisallow: /private/\n\nUser-agent: quotebot\nDisallow: /no-bots/\nAllow: /\n';

export class TestSite {
  readonly requests: string[] = [];
  /** Routes added by a test (path → handler); they win over the built-in ones. */
  readonly routes = new Map<string, Handler>();
  robots: { status: number; body: string } = { status: 200, body: ROBOTS_TXT };
  private open = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<TestSite> {
    let site: TestSite | undefined;
    const server = createServer((req, res) => site!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    site = new TestSite(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return site;
  }

  url(pathname: string): string {
    return `${this.origin}${pathname}`;
  }

  /** Serves `body` at `pathname` with this content type (and, optionally, more headers). */
  serve(pathname: string, type: string, body: string | Uint8Array, headers: Record<string, string> = {}): void {
    this.routes.set(pathname, (_req, res) => {
      res.writeHead(200, { 'content-type': type, ...headers });
      res.end(body);
    });
  }

  fetched(pathname: string): number {
    return this.requests.filter((r) => r === pathname).length;
  }

  close(): Promise<void> {
    for (const res of this.open) res.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const pathname = new URL(req.url ?? '/', this.origin).pathname;
    this.requests.push(pathname);
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    const custom = this.routes.get(pathname);
    if (custom) {
      custom(req, res);
      return;
    }
    const page = /^\/(?:no-bots\/|private\/)?pages\/([\w-]+)\.html$/.exec(pathname);
    const redirect = /^\/redirect\/(\d+)$/.exec(pathname);
    if (pathname === '/robots.txt') {
      res.writeHead(this.robots.status, { 'content-type': 'text/plain' });
      res.end(this.robots.body);
    } else if (page && existsSync(path.join(PAGES_DIR, page[1]!, 'page.html'))) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(fixturePage(page[1]!));
    } else if (pathname === '/gzip/harbour-seals.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
      res.end(gzipSync(fixturePage('harbour-seals')));
    } else if (pathname === '/image.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    } else if (pathname === '/huge.html') {
      // No Content-Length: only counting the bytes as they arrive can stop it.
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    } else if (pathname === '/declared-huge.html') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(500 * 1024 * 1024) });
      res.write('<html>');
    } else if (pathname === '/slow.html') {
      // One byte every 100 ms, for ever: only a limit on the whole fetch stops it.
      res.writeHead(200, { 'content-type': 'text/html' });
      const timer = setInterval(() => res.write('a'), 100);
      res.on('close', () => clearInterval(timer));
    } else if (redirect) {
      const left = Number(redirect[1]);
      res.writeHead(302, { location: left > 0 ? `/redirect/${left - 1}` : '/pages/harbour-seals.html' });
      res.end();
    } else {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><body><h1>Not found</h1></body></html>');
    }
  }
}

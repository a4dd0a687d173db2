/**
 * Run by test/download.test.ts in a process of its own with --expose-gc: downloads from a server that sends
 * a byte every 200 ms for ever, collecting garbage all the while, and prints how it ended and when.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { download } from '../src/sources/download.ts';

let closed = false;
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  const drip = setInterval(() => res.write('a'), 200);
  req.on('close', () => {
    clearInterval(drip);
    closed = true;
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const gc = setInterval(() => (globalThis as { gc?: () => void }).gc?.(), 50);
const started = Date.now();
const result = await download(`${origin}/slow.txt`, 0, { allowedOrigins: [origin], maxBytes: 1_000_000, timeoutMs: 1_000 });
const ms = Date.now() - started;
clearInterval(gc);
await new Promise((resolve) => setTimeout(resolve, 300));
process.stdout.write(`${JSON.stringify({ ms, result: result.ok ? 'downloaded' : result.problem, closed })}\n`);
server.closeAllConnections();
server.close();

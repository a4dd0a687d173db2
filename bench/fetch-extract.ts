/**
 * npm run bench:fetch: how long adding a source by link takes, fetch and extraction, for a typical news page
 * (a fixture page) and a several-page PDF, served on 127.0.0.1. Medians of N runs (default 15), with the bare fetch
 * (no extraction) measured in the same run as the peer, since the machine's speed varies.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { articleFromWeb } from '../src/sources/article.ts';
import { extractPdf } from '../src/sources/extract/pdf.ts';
import { fetchDocument } from '../src/sources/web/fetch.ts';
import { fetchPolicyFrom } from '../src/sources/web/policy.ts';
import { PROJECT_ROOT } from '../src/settings.ts';
import { makePdf } from '../test/pdf-fixture.ts';

const runs = Number(process.argv[2] ?? 15);
const page = readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'pages', 'harbour-seals', 'page.html'));
const pdf = await makePdf({
  title: 'Benchmark report',
  heading: 'Benchmark report',
  paragraphs: Array.from(
    { length: 60 },
    (_, i) => `Paragraph ${i + 1} of the report: ${'the survey counted seals, otters and kelp along the coast every season '.repeat(3)}`,
  ),
});
const server = createServer((req, res) => {
  if (req.url === '/page.html') res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  else if (req.url === '/report.pdf') res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf);
  else res.writeHead(404).end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const policy = fetchPolicyFrom({ SOURCE_FETCH_ALLOW_PRIVATE: '127.0.0.1' }, []);

const firstRuns: string[] = [];

async function median(work: () => Promise<unknown>): Promise<number> {
  // The first run pays for loading the parser (linkedom, PDF.js) and JIT warm-up: reported apart.
  const cold = performance.now();
  await work();
  firstRuns.push((performance.now() - cold).toFixed(1));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const rows = [];
for (const [name, file] of [
  ['news page (harbour-seals, 12 KB)', '/page.html'],
  [`PDF (${(await extractPdf(pdf)).pages} pages, ${Math.round(pdf.length / 1024)} KB)`, '/report.pdf'],
] as const) {
  const fetchOnly = await median(() => fetchDocument(`${origin}${file}`, policy));
  const whole = await median(() => articleFromWeb(`${origin}${file}`, policy));
  rows.push({
    document: name,
    'fetch only (ms)': fetchOnly.toFixed(1),
    'fetch + extract (ms)': whole.toFixed(1),
    ratio: (whole / fetchOnly).toFixed(1),
    'first run, fetch + extract (ms)': firstRuns.at(-1),
  });
}
console.table(rows);
console.log(`medians of ${runs} runs after the first (shown apart); robots.txt is fetched on every run (404 here)`);
server.close();

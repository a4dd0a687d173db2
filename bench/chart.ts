/**
 * npm run bench:chart — bench/latency.png: query latency (p50, top 10) against corpus size for every engine,
 * from the figures `npm run bench` wrote to bench/results/<corpus>.json. Both axes are logarithmic.
 * Drawn as SVG and rendered to PNG with resvg (its own renderer, system fonts; no browser).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { PROJECT_ROOT } from '../src/settings.ts';

interface Summary {
  corpus: string;
  sentences: number;
  runs: number;
  rows: Record<string, { p50: number; p99: number; queries: number }>;
}

const resultsDir = path.join(PROJECT_ROOT, 'bench', 'results');
const summaries = readdirSync(resultsDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(path.join(resultsDir, f), 'utf8')) as Summary)
  .sort((a, b) => a.sentences - b.sentences);
if (summaries.length === 0) throw new Error('no results in bench/results/: run npm run bench first');

const engines = [...new Set(summaries.flatMap((s) => Object.keys(s.rows)))];
const COLORS: Record<string, string> = { quotebot: '#d62728', 'wink-bm25-text-search': '#1f77b4', minisearch: '#2ca02c', orama: '#9467bd' };
const W = 900;
const H = 560;
const M = { left: 100, right: 220, top: 50, bottom: 70 };
const points = summaries.flatMap((s) => Object.values(s.rows).map((r) => r.p50));
const decade = (x: number, up: boolean) => 10 ** (up ? Math.ceil(Math.log10(x)) : Math.floor(Math.log10(x)));
const [xMin, xMax] = [decade(Math.min(...summaries.map((s) => s.sentences)), false), decade(Math.max(...summaries.map((s) => s.sentences)), true)];
const [yMin, yMax] = [decade(Math.min(...points), false), decade(Math.max(...points), true)];
const x = (v: number) => M.left + ((Math.log10(v) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * (W - M.left - M.right);
const y = (v: number) => H - M.bottom - ((Math.log10(v) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * (H - M.top - M.bottom);
const label = (v: number) => (v >= 1e6 ? `${+(v / 1e6).toFixed(2)}M` : v >= 1e3 ? `${+(v / 1e3).toFixed(1)}k` : `${v}`);

const parts: string[] = [
  `<rect width="${W}" height="${H}" fill="white"/>`,
  `<text x="${W / 2 - 60}" y="28" font-size="18" text-anchor="middle" font-weight="bold">Query latency (p50, top 10) against corpus size</text>`,
];
for (let v = xMin; v <= xMax; v *= 10) {
  parts.push(`<line x1="${x(v)}" y1="${M.top}" x2="${x(v)}" y2="${H - M.bottom}" stroke="#ddd"/>`);
  parts.push(`<text x="${x(v)}" y="${H - M.bottom + 20}" font-size="13" text-anchor="middle">${label(v)}</text>`);
}
for (let v = yMin; v <= yMax; v *= 10) {
  parts.push(`<line x1="${M.left}" y1="${y(v)}" x2="${W - M.right}" y2="${y(v)}" stroke="#ddd"/>`);
  parts.push(`<text x="${M.left - 8}" y="${y(v) + 4}" font-size="13" text-anchor="end">${v < 1 ? v.toFixed(-Math.log10(v)) : label(v)} ms</text>`);
}
parts.push(`<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#333"/>`);
parts.push(
  `<text x="${(M.left + W - M.right) / 2}" y="${H - 25}" font-size="14" text-anchor="middle">sentences in the corpus (log scale): ${summaries.map((s) => `${s.corpus} ${label(s.sentences)}`).join(', ')}</text>`,
);
parts.push(
  `<text transform="translate(20 ${(M.top + H - M.bottom) / 2}) rotate(-90)" font-size="14" text-anchor="middle">median query time, ms (log scale)</text>`,
);

engines.forEach((engine, i) => {
  const color = COLORS[engine] ?? '#555';
  const series = summaries.filter((s) => s.rows[engine]).map((s) => [x(s.sentences), y(s.rows[engine]!.p50)] as const);
  parts.push(`<polyline points="${series.map(([a, b]) => `${a},${b}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2.5"/>`);
  for (const [a, b] of series) parts.push(`<circle cx="${a}" cy="${b}" r="4.5" fill="${color}"/>`);
  const ly = M.top + 20 + i * 24;
  parts.push(`<line x1="${W - M.right + 20}" y1="${ly}" x2="${W - M.right + 45}" y2="${ly}" stroke="${color}" stroke-width="3"/>`);
  parts.push(`<text x="${W - M.right + 52}" y="${ly + 5}" font-size="14">${engine}</text>`);
});
const note = ['2 shared cores; median of', ...summaries.map((s) => `${s.runs} run${s.runs > 1 ? 's' : ''} on ${s.corpus}`)];
note.forEach((line, i) => {
  parts.push(`<text x="${W - M.right + 20}" y="${M.top + 30 + engines.length * 24 + i * 15}" font-size="11" fill="#555">${line}</text>`);
});

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="DejaVu Sans, sans-serif">${parts.join('')}</svg>`;
const file = path.join(PROJECT_ROOT, 'bench', 'latency.png');
writeFileSync(file, new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng());
process.stderr.write(`wrote ${path.relative(process.cwd(), file)}\n`);

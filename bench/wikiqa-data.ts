/**
 * WikiQA read from ../shared/data/wikiqa/ (or WIKIQA_DIR; never committed), written out as a corpus folder
 * with one source per document, and the judging of quotes against its labelled sentences.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/settings.ts';
import type { Span } from '../src/types.ts';
import type { RankedItem } from './ranking-measures.ts';

export const WIKIQA_DIR = process.env.WIKIQA_DIR ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'wikiqa');
export const CACHE_DIR = path.join(PROJECT_ROOT, '.cache', 'bench');

export interface LabelledSentence {
  text: string;
  label: 0 | 1;
}

export interface WikiQuestion {
  id: string;
  question: string;
  doc: string;
  sentences: LabelledSentence[];
}

export interface WikiDoc {
  title: string;
  sentences: string[];
  /** Where each sentence sits in the source file written for the document. */
  spans: Span[];
}

export function readSplit(split: string): { questions: WikiQuestion[]; docs: Map<string, WikiDoc> } {
  const file = path.join(WIKIQA_DIR, `WikiQA-${split}.tsv`);
  if (!existsSync(file)) {
    process.stderr.write(
      `Missing ${file}.\nThe WikiQA evaluation reads WikiQA-dev.tsv and WikiQA-train.tsv from ../shared/data/wikiqa/ beside this project, or from WIKIQA_DIR.\n`,
    );
    process.exit(2);
  }
  const byId = new Map<string, WikiQuestion>();
  const docs = new Map<string, WikiDoc>();
  const [header, ...rows] = readFileSync(file, 'utf8').split(/\r?\n/);
  if (header !== 'QuestionID\tQuestion\tDocumentID\tDocumentTitle\tSentenceID\tSentence\tLabel') throw new Error(`${file}: unexpected header ${header}`);
  for (const row of rows) {
    if (row === '') continue;
    const [qid, question, doc, title, sentenceId, sentence, label] = row.split('\t');
    if (label !== '0' && label !== '1') throw new Error(`${file}: bad row ${row.slice(0, 80)}`);
    let q = byId.get(qid!);
    if (!q) {
      q = { id: qid!, question: question!, doc: doc!, sentences: [] };
      byId.set(qid!, q);
    }
    q.sentences.push({ text: sentence!.trim(), label: Number(label) as 0 | 1 });
    // A document is listed once per question that asks it; its sentences must agree every time.
    const position = Number(sentenceId!.slice(sentenceId!.lastIndexOf('-') + 1));
    if (position !== q.sentences.length - 1) throw new Error(`${file}: ${sentenceId} is not the next sentence of ${qid}`);
    let d = docs.get(doc!);
    if (!d) {
      d = { title: title!, sentences: [], spans: [] };
      docs.set(doc!, d);
    }
    if (position === d.sentences.length) d.sentences.push(sentence!.trim());
    else if (d.sentences[position] !== sentence!.trim()) throw new Error(`${file}: ${sentenceId} differs between questions`);
  }
  for (const d of docs.values()) {
    let offset = 0;
    d.spans = d.sentences.map((s) => {
      const span = { start: offset, end: offset + s.length };
      offset = span.end + 1;
      return span;
    });
  }
  return { questions: [...byId.values()], docs };
}

/**
 * Writes one source per document (only files whose text changed, so the saved index stays valid) and
 * returns the folder.
 */
export function writeCorpus(split: string, docs: Map<string, WikiDoc>): string {
  const dir = path.join(CACHE_DIR, `wikiqa-${split}`);
  mkdirSync(dir, { recursive: true });
  const writeIfChanged = (name: string, text: string) => {
    const file = path.join(dir, name);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
  };
  for (const [id, d] of docs) writeIfChanged(`${id}.txt`, `${d.sentences.join(' ')}\n`);
  for (const name of readdirSync(dir)) if (name.endsWith('.txt') && !docs.has(name.slice(0, -4))) rmSync(path.join(dir, name));
  const meta = Object.fromEntries([...docs].map(([id, d]) => [id, { title: d.title }]));
  writeIfChanged('sources.json', `${JSON.stringify(meta, null, 1)}\n`);
  return dir;
}

/** The labelled sentences that a span overlaps most (several only when they tie), in reading order. */
export function labelledOf(spans: readonly Span[], span: Span): number[] {
  let best = 0;
  let which: number[] = [];
  spans.forEach((s, i) => {
    const overlap = Math.min(s.end, span.end) - Math.max(s.start, span.start);
    if (overlap > best) [best, which] = [overlap, [i]];
    else if (overlap === best && overlap > 0) which.push(i);
  });
  return which;
}

/** A ranked list of engine sentences as a ranked list of labelled sentences, each kept at its first place. */
export function toLabelled(ranked: readonly (Span & { score: number })[], doc: WikiDoc, correct: ReadonlySet<number>): RankedItem[] {
  const seen = new Set<number>();
  const items: RankedItem[] = [];
  for (const r of ranked) {
    for (const i of labelledOf(doc.spans, r)) {
      if (seen.has(i)) continue;
      seen.add(i);
      items.push({ score: r.score, correct: correct.has(i) });
    }
  }
  return items;
}

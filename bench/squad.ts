/**
 * SQuAD v1.1 dev and its ReQA candidates, read from ../shared/data/squad (never committed).
 * Each SQuAD article becomes one source whose text is its paragraphs, one per line.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contentHashOf } from '../src/sources/corpus.ts';
import { PROJECT_ROOT } from '../src/settings.ts';
import { analyzeSentence } from '../src/engine/language/language.ts';
import { DEFAULT_RANKING, type RankingParams } from '../src/engine/index/ranking-params.ts';
import { SearchIndex } from '../src/engine/index/search-index.ts';
import type { Source } from '../src/types.ts';

export const SQUAD_DIR = process.env.SQUAD_DIR ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'squad');

export interface SquadQuestion {
  question: string;
  /** Index into `articles`. */
  article: number;
  /** Gold answer spans as offsets into the article source's text. */
  answers: { start: number; end: number; text: string }[];
}

export interface Squad {
  sources: Source[];
  /** Global paragraph index → [source index, offset of the paragraph in the source's text, length]. */
  paragraphs: { source: number; offset: number; length: number }[];
  questions: SquadQuestion[];
}

export function requireFile(name: string): string {
  const file = path.join(SQUAD_DIR, name);
  if (!existsSync(file)) {
    process.stderr.write(
      `Missing ${file}.\nThe benchmarks read SQuAD v1.1 dev (dev-v1.1.json) and its ReQA candidates (reqa-dev.json) from ../shared/data/squad/\n` +
        "beside this project, as the team's shared folder provides them; or set SQUAD_DIR to a folder holding both files.\n",
    );
    process.exit(2);
  }
  return file;
}

export function loadSquad(): Squad {
  const raw = JSON.parse(readFileSync(requireFile('dev-v1.1.json'), 'utf8')) as {
    data: { title: string; paragraphs: { context: string; qas: { question: string; answers: { text: string; answer_start: number }[] }[] }[] }[];
  };
  const sources: Source[] = [];
  const paragraphs: Squad['paragraphs'] = [];
  const questions: SquadQuestion[] = [];
  raw.data.forEach((article, a) => {
    let offset = 0;
    const parts: string[] = [];
    for (const p of article.paragraphs) {
      // A paragraph's own newlines would split it into several lines (paragraphs) in the product.
      const context = p.context.replace(/[\r\n]/g, ' ');
      paragraphs.push({ source: a, offset, length: context.length });
      for (const qa of p.qas) {
        questions.push({
          question: qa.question,
          article: a,
          answers: qa.answers.map((ans) => ({ start: offset + ans.answer_start, end: offset + ans.answer_start + ans.text.length, text: ans.text })),
        });
      }
      parts.push(context);
      offset += context.length + 1;
    }
    const text = parts.join('\n');
    sources.push({
      id: article.title,
      file: `${article.title}.txt`,
      text,
      bodyStart: 0,
      title: article.title.replace(/_/g, ' '),
      meta: {},
      bytes: Buffer.byteLength(text),
      mtimeMs: 0,
      contentHash: contentHashOf(Buffer.from(text)),
    });
  });
  return { sources, paragraphs, questions };
}

/** ReQA's questions over SQuAD dev, each with the IDs of its gold candidate sentences. */
export interface ReqaQuestion {
  question: string;
  gold: number[];
}

/**
 * The ReQA candidate sentences of SQuAD dev as an index: each SQuAD article a source, each paragraph a
 * paragraph, each candidate (ReQA's own sentence split) a sentence, analysed as the product analyses text.
 * `sentenceOf[candidateId]` is the candidate's sentence in the index.
 */
export function reqaIndex(
  squad: Squad,
  params: RankingParams = DEFAULT_RANKING,
): { index: SearchIndex; questions: ReqaQuestion[]; sentenceOf: Int32Array; candidates: number } {
  const data = JSON.parse(readFileSync(requireFile('reqa-dev.json'), 'utf8')) as {
    candidates: { id: number; paragraph: number; start: number; end: number; text: string }[];
    questions: ReqaQuestion[];
  };
  const byParagraph = new Map<number, typeof data.candidates>();
  for (const c of data.candidates) {
    const list = byParagraph.get(c.paragraph);
    if (list) list.push(c);
    else byParagraph.set(c.paragraph, [c]);
  }
  const perSource = new Map<number, number[]>();
  squad.paragraphs.forEach((p, i) => {
    const list = perSource.get(p.source);
    if (list) list.push(i);
    else perSource.set(p.source, [i]);
  });
  const sentenceOf = new Int32Array(data.candidates.length).fill(-1);
  let next = 0;
  const index = SearchIndex.fromParagraphs(
    squad.sources,
    (_source, s) =>
      (perSource.get(s) ?? []).map((pi) => {
        const p = squad.paragraphs[pi]!;
        return {
          start: p.offset,
          end: p.offset + p.length,
          sentences: (byParagraph.get(pi) ?? []).map((c) => {
            sentenceOf[c.id] = next++;
            return { start: p.offset + c.start, end: p.offset + c.end, ...analyzeSentence(c.text) };
          }),
        };
      }),
    params,
  );
  return { index, questions: data.questions, sentenceOf, candidates: data.candidates.length };
}

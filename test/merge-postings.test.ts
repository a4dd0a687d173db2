import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { InvertedIndex } from '../src/engine/index/bm25.ts';
import { DEFAULT_RANKING } from '../src/engine/index/ranking-params.ts';
import { PreviousAnalyses, SearchIndex } from '../src/engine/index/search-index.ts';
import { indexArrays } from '../src/engine/index/snapshot.ts';
import { contentHashOf } from '../src/sources/corpus.ts';
import type { Source } from '../src/types.ts';

/** Sentences to make articles of: shared words, so that postings of kept and new articles interleave. */
const SENTENCES = [
  'The launcher fires missiles at long range.',
  'Kyiv asked for missiles and launchers in spring.',
  'Washington agreed, and the range grew to 300 km.',
  'Quokkas live on Rottnest Island near Perth.',
  'A census counted the quokkas and the launchers again.',
  'Spring rain slowed the census on the island.',
];

function source(id: string, text: string): Source {
  return { id, file: `${id}.txt`, text, bodyStart: 0, title: id, meta: {}, bytes: text.length, mtimeMs: 0, contentHash: contentHashOf(Buffer.from(text)) };
}

/** An article: some of the sentences, in paragraphs of one or two. */
const article = fc
  .array(fc.nat(SENTENCES.length - 1), { minLength: 1, maxLength: 5 })
  .map((picks) => `${picks.map((p, i) => (i % 2 === 1 ? ` ${SENTENCES[p]}\n` : SENTENCES[p])).join('')}\n`);

const arraysOf = (index: SearchIndex) => Object.fromEntries([...indexArrays(index)].map(([name, a]) => [name, Array.from(a)]));

describe('postings of a rebuild that copies some sources from the index before it', () => {
  it('are array for array those of a build from scratch, whatever was added, removed, changed or duplicated', () => {
    const merge = vi.spyOn(InvertedIndex, 'merge');
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), article, { minKeys: 1 }),
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), fc.oneof(article, fc.constant('keep')), { minKeys: 1 }),
        (before, edits) => {
          const old = Object.keys(before)
            .sort()
            .map((id) => source(id, before[id]!));
          // Each edit keeps an article as it was, or writes it anew; articles not named are removed.
          const now = Object.keys(edits)
            .sort()
            .map((id) => (edits[id] === 'keep' ? (before[id] !== undefined ? source(id, before[id]) : undefined) : source(id, edits[id]!)))
            .filter((s): s is Source => s !== undefined);
          if (now.length === 0) return;
          const earlier = SearchIndex.build(old);
          const previous = new PreviousAnalyses(earlier.segments, earlier.vocabulary, earlier.sources, earlier.acronyms, {
            sentence: earlier.sentenceIndex.arrays,
            paragraph: earlier.paragraphIndex.arrays,
            article: earlier.articleIndex.arrays,
          });
          const copied = SearchIndex.build(now, DEFAULT_RANKING, undefined, previous);
          expect(arraysOf(copied)).toEqual(arraysOf(SearchIndex.build(now)));
        },
      ),
      { numRuns: 60 },
    );
    // The property held on the merging path, not only on the full build it falls back to.
    expect(merge.mock.calls.length).toBeGreaterThan(30);
    merge.mockRestore();
  });
});

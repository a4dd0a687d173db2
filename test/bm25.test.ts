/** Postings of paragraphs and articles merged from the sentences' postings equal postings built directly. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BM25, InvertedIndex } from '../src/engine/index/bm25.ts';

describe('InvertedIndex.coarsen', () => {
  it('equals building the coarser documents from their terms', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ terms: fc.array(fc.nat(12), { maxLength: 8 }), startsGroup: fc.boolean() }), { minLength: 1, maxLength: 40 }),
        (docs) => {
          const vocabulary = 13;
          const termIds = Uint32Array.from(docs.flatMap((d) => d.terms));
          const docStart = new Uint32Array(docs.length + 1);
          docs.forEach((d, i) => {
            docStart[i + 1] = docStart[i]! + d.terms.length;
          });
          // Consecutive runs of documents: a new group where a document says so (the first always does).
          const groupOf = new Uint32Array(docs.length);
          const groupStart = [0];
          docs.forEach((d, i) => {
            if (i > 0 && d.startsGroup) groupStart.push(i);
            groupOf[i] = groupStart.length - 1;
          });
          groupStart.push(docs.length);
          const groupDocStart = Uint32Array.from(groupStart, (d) => docStart[d]!);
          const groupLength = Uint32Array.from({ length: groupStart.length - 1 }, (_, g) => groupDocStart[g + 1]! - groupDocStart[g]!);
          const fine = InvertedIndex.build(termIds, docStart, vocabulary, DEFAULT_BM25);
          const direct = InvertedIndex.build(termIds, groupDocStart, vocabulary, DEFAULT_BM25);
          expect(fine.coarsen(groupOf, groupLength).arrays).toEqual(direct.arrays);
        },
      ),
    );
  });

  it('caps a merged term frequency as a direct build does', () => {
    const termIds = new Uint32Array(70_000); // term 0, 35,000 times in each of two documents
    const fine = InvertedIndex.build(termIds, Uint32Array.of(0, 35_000, 70_000), 1, DEFAULT_BM25);
    const direct = InvertedIndex.build(termIds, Uint32Array.of(0, 70_000), 1, DEFAULT_BM25);
    expect(fine.coarsen(Uint32Array.of(0, 0), Uint32Array.of(70_000)).arrays).toEqual(direct.arrays);
    expect(direct.arrays.postingTf[0]).toBe(0xffff);
  });
});

/**
 * A saved index: every typed array of a `SearchIndex` written as-is after a small JSON header, so that
 * loading is one file read and a few array views, with no re-tokenising.
 *
 * The file is a typed-array file (`typed-file.ts`: a checksum over every byte, arrays aligned for views)
 * with magic `QBI2`.
 *
 * A snapshot is used only when it is intact (the checksum matches), was made by the same indexing code,
 * and from exactly these sources: the same IDs in the same order with the same content hashes. Content,
 * not size and time, because a copy that keeps both (`cp -p`, `rsync -a`, `tar -x`) can still change a
 * file, and an index whose offsets belong to other text quotes half of two sentences. Then every array is
 * checked against the others and against the sources (`checkIndexArrays`), so that even a damaged file
 * that passed the checksum, or a bug, cannot make a question read out of range or loop for ever.
 */
import { createRequire } from 'node:module';
import { InvertedIndex, Vocabulary, type PostingArrays } from './bm25.ts';
import type { RankingParams } from './ranking-params.ts';
import { PreviousAnalyses, SearchIndex, type Segments } from './search-index.ts';
import { readTypedFile, typeOf, writeTypedFile, writeTypedFileAsync, type AnyArray, type ArrayType } from './typed-file.ts';
import { Acronyms } from '../language/acronyms.ts';
import type { Source } from '../../types.ts';

const MAGIC = 'QBI2';

export type IndexArray = Uint8Array | Uint16Array | Uint32Array;

interface SourceStamp {
  id: string;
  contentHash: string;
  /** Where the body starts and how long the text is: what an analysis of these bytes needs to be reused. */
  bodyStart: number;
  textLength: number;
}

interface Header {
  /** What made the index: `INDEX_FORMAT` and the versions of the packages the analysis rests on. */
  format: IndexFormat;
  sources: SourceStamp[];
}

/**
 * The version of what an index holds and how it is laid out. Bump it with every change to the analysis
 * (sentence splitting, normalising, stemming, function words, demonyms: `language.ts` and the modules it
 * uses), to what `search-index.ts` and `bm25.ts` store, or to this file's layout: a saved index made by
 * other code is then rebuilt, never answered from. A number rather than a hash of the source files, so
 * that a compiled build (which has no `.ts` files) checks it the same way.
 */
export const INDEX_FORMAT = 13;

/** The packages whose data and code decide the analysis: an upgrade of one may split or stem differently. */
const ANALYSIS_PACKAGES = ['wink-nlp', 'wink-eng-lite-web-model', 'world-countries'];

type IndexFormat = { version: number } & Record<string, string | number>;

const THIS_FORMAT: IndexFormat = (() => {
  const require = createRequire(import.meta.url);
  const versions = ANALYSIS_PACKAGES.map((name) => [name, (require(`${name}/package.json`) as { version: string }).version]);
  return { version: INDEX_FORMAT, ...Object.fromEntries(versions) };
})();

function stampsOf(sources: readonly Source[]): SourceStamp[] {
  return sources.map((s) => ({ id: s.id, contentHash: s.contentHash, bodyStart: s.bodyStart, textLength: textLengthOf(s) }));
}

/** A source's text length, without reading a text that a reload left unread (`Source.textLength`). */
function textLengthOf(source: { text: { length: number }; textLength?: number }): number {
  return source.textLength ?? source.text.length;
}

const POSTING_NAMES = ['docLength', 'termStart', 'postingDoc', 'postingTf'] as const;
const SEGMENT_NAMES = [
  'sentStart',
  'sentEnd',
  'sentParagraph',
  'paraSource',
  'paraSentStart',
  'sourceSentStart',
  'termSequence',
  'termKinds',
  'sentTermStart',
] as const satisfies readonly (keyof Segments)[];
const INDEX_NAMES = ['sentence', 'paragraph', 'article'] as const;
const VOCABULARY = 'vocabulary';
const ACRONYMS = 'acronyms';

/** Every array an index is made of, with the element type it must have. */
const ARRAY_TYPES: ReadonlyMap<string, ArrayType> = new Map<string, ArrayType>([
  ...SEGMENT_NAMES.map((name) => [`segments.${name}`, name === 'termKinds' ? 'u8' : 'u32'] as const),
  ...INDEX_NAMES.flatMap((which) => POSTING_NAMES.map((name) => [`${which}.${name}`, name === 'postingTf' ? 'u16' : 'u32'] as const)),
  [VOCABULARY, 'u8'],
  [ACRONYMS, 'u8'],
]);

/**
 * The index as named typed arrays (the vocabulary as UTF-8 lines): what a snapshot holds, and what a
 * worker thread hands to the main thread (the arrays' buffers can be transferred, not copied).
 */
export function indexArrays(index: SearchIndex): Map<string, IndexArray> {
  const named = new Map<string, IndexArray>();
  for (const name of SEGMENT_NAMES) named.set(`segments.${name}`, index.segments[name]);
  const indexes = { sentence: index.sentenceIndex, paragraph: index.paragraphIndex, article: index.articleIndex };
  for (const which of INDEX_NAMES) for (const name of POSTING_NAMES) named.set(`${which}.${name}`, indexes[which].arrays[name]);
  named.set(VOCABULARY, new TextEncoder().encode(index.vocabulary.terms.join('\n')));
  named.set(ACRONYMS, index.acronyms.toBytes());
  return named;
}

/** Vocabulary terms from their saved form; a duplicated term shrinks the vocabulary, which `checkIndexArrays` catches. */
function vocabularyOf(bytes: IndexArray | undefined): Vocabulary {
  const text = bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : '';
  return new Vocabulary(text === '' ? [] : text.split('\n'));
}

/**
 * Why these arrays cannot be an index of `sources`, or null when they can: every length, every offset and
 * every ID that a question's ranking reads is checked against what it indexes. Linear in the index size.
 */
export function checkIndexArrays(
  sources: readonly { text: { length: number }; textLength?: number }[],
  arrays: ReadonlyMap<string, IndexArray>,
  vocabularySize = vocabularyOf(arrays.get(VOCABULARY)).size,
): string | null {
  for (const [name, type] of ARRAY_TYPES) {
    const a = arrays.get(name);
    if (!a || typeOf(a) !== type) return `array ${name} is missing or of the wrong type`;
  }
  const seg = (name: keyof Segments) => arrays.get(`segments.${name}`)!;
  const sentStart = seg('sentStart');
  const sentEnd = seg('sentEnd');
  const sentParagraph = seg('sentParagraph');
  const paraSource = seg('paraSource');
  const paraSentStart = seg('paraSentStart');
  const sourceSentStart = seg('sourceSentStart');
  const termSequence = seg('termSequence');
  const termKinds = seg('termKinds');
  const sentTermStart = seg('sentTermStart');
  const S = sentStart.length;
  const P = paraSource.length;
  const N = sources.length;
  const T = termSequence.length;
  const V = vocabularySize;

  if (sentEnd.length !== S || sentParagraph.length !== S) return 'sentence arrays differ in length';
  if (paraSentStart.length !== P + 1 || sourceSentStart.length !== N + 1 || sentTermStart.length !== S + 1) return 'start arrays have the wrong length';
  if (termKinds.length !== T) return 'term arrays differ in length';
  if (!isRunOfStarts(sentTermStart, T) || !isRunOfStarts(paraSentStart, S) || !isRunOfStarts(sourceSentStart, S))
    return 'start offsets are out of order or out of range';
  for (let i = 0; i < T; i++) if (termSequence[i]! >= V) return 'a term ID is outside the vocabulary';
  for (let p = 0; p < P; p++) {
    const source = paraSource[p]!;
    if (source >= N || paraSentStart[p]! < sourceSentStart[source]! || paraSentStart[p + 1]! > sourceSentStart[source + 1]!)
      return 'a paragraph lies outside its source';
    const length = textLengthOf(sources[source]!);
    for (let s = paraSentStart[p]!; s < paraSentStart[p + 1]!; s++) {
      if (sentParagraph[s] !== p) return 'a sentence is filed under the wrong paragraph';
      if (sentStart[s]! > sentEnd[s]! || sentEnd[s]! > length) return 'a sentence lies outside its source text';
    }
  }
  const docCounts = { sentence: S, paragraph: P, article: N };
  for (const which of INDEX_NAMES) {
    const get = (name: string) => arrays.get(`${which}.${name}`)!;
    const postingDoc = get('postingDoc');
    const docCount = docCounts[which];
    if (get('docLength').length !== docCount || get('postingTf').length !== postingDoc.length || get('termStart').length !== V + 1)
      return `the ${which} index has the wrong size`;
    if (!isRunOfStarts(get('termStart'), postingDoc.length)) return `the ${which} index's postings are out of order`;
    for (let i = 0; i < postingDoc.length; i++) if (postingDoc[i]! >= docCount) return `the ${which} index points past its last document`;
  }
  return null;
}

/** Starts of consecutive ranges: begins at 0, never decreases, ends at `total`. */
function isRunOfStarts(starts: AnyArray, total: number): boolean {
  if (starts[0] !== 0 || starts[starts.length - 1] !== total) return false;
  for (let i = 1; i < starts.length; i++) if (starts[i]! < starts[i - 1]!) return false;
  return true;
}

/** The index made of these arrays (checked with `checkIndexArrays` by whoever produced them). */
export function indexFromArrays(
  sources: readonly Source[],
  arrays: ReadonlyMap<string, IndexArray>,
  params: RankingParams,
  vocabulary = vocabularyOf(arrays.get(VOCABULARY)),
): SearchIndex {
  const get = <T extends IndexArray>(name: string) => arrays.get(name) as T;
  const segments = Object.fromEntries(SEGMENT_NAMES.map((name) => [name, get(`segments.${name}`)])) as unknown as Segments;
  const postings = (which: string) => Object.fromEntries(POSTING_NAMES.map((name) => [name, get(`${which}.${name}`)])) as unknown as PostingArrays;
  return new SearchIndex(
    sources,
    segments,
    vocabulary,
    new InvertedIndex(postings('sentence'), params),
    new InvertedIndex(postings('paragraph'), params),
    new InvertedIndex(postings('article'), params),
    params,
    Acronyms.fromBytes(get(ACRONYMS)),
  );
}

/** Writes `index` to `file` atomically (a temporary file renamed into place); returns the bytes written. */
export function saveSnapshot(file: string, index: SearchIndex): number {
  const header: Header = { format: THIS_FORMAT, sources: stampsOf(index.sources) };
  return writeTypedFile(file, MAGIC, header, indexArrays(index));
}

/** `saveSnapshot` without holding the calling thread (`writeTypedFileAsync`): for the bot's own thread, which keeps answering. */
export function saveSnapshotAsync(file: string, index: SearchIndex): Promise<number> {
  const header: Header = { format: THIS_FORMAT, sources: stampsOf(index.sources) };
  return writeTypedFileAsync(file, MAGIC, header, indexArrays(index));
}

/**
 * No usable index: why, and (when the file is intact and made by this code, for other sources) the analyses
 * it holds, so that a rebuild need analyse only the sources that are new or changed.
 */
export type SnapshotResult = { index: SearchIndex } | { index: null; reason: string; previous?: PreviousAnalyses };

/**
 * The index saved in `file`, if it is intact and was made from exactly these `sources` by this code;
 * otherwise why not (missing, damaged, stale), so the caller can rebuild.
 */
export function loadSnapshot(file: string, sources: readonly Source[], params: RankingParams): SnapshotResult {
  const opened = openSnapshot(file);
  if ('reason' in opened) return { index: null, reason: opened.reason };
  const { header, arrays, vocabulary } = opened;
  if (JSON.stringify(header.sources) !== JSON.stringify(stampsOf(sources))) {
    return { index: null, reason: 'the corpus has changed since the index was saved', previous: previousAnalyses(header, arrays, vocabulary) };
  }
  const problem = checkIndexArrays(sources, arrays, vocabulary.size);
  if (problem) return { index: null, reason: `the saved index is inconsistent (${problem})` };
  return { index: indexFromArrays(sources, arrays, params, vocabulary) };
}

/** The saved file read, its checksum verified, made by this code, its arrays of the right types; not yet matched to any sources. */
function openSnapshot(file: string): { header: Header; arrays: Map<string, IndexArray>; vocabulary: Vocabulary } | { reason: string } {
  const read = readTypedFile<Header>(file, MAGIC);
  if (!read.ok) {
    const reason =
      read.reason === 'missing'
        ? 'no saved index'
        : read.reason.startsWith('not a file')
          ? 'not a saved index of this version'
          : `the saved index is ${read.reason}`;
    return { reason };
  }
  const { header } = read;
  if (JSON.stringify(header.format) !== JSON.stringify(THIS_FORMAT)) return { reason: 'the saved index was made by another version of the indexing code' };
  const arrays = new Map<string, IndexArray>();
  for (const [name, a] of read.arrays) {
    if (ARRAY_TYPES.get(name) !== typeOf(a)) return { reason: 'the saved index is damaged (bad array table)' };
    arrays.set(name, a as IndexArray);
  }
  return { header, arrays, vocabulary: vocabularyOf(arrays.get(VOCABULARY)) };
}

/**
 * The analyses held by an intact snapshot of other sources, or undefined when its arrays do not hold together
 * (checked against the text lengths it recorded, as an index is checked against its sources).
 */
function previousAnalyses(header: Header, arrays: ReadonlyMap<string, IndexArray>, vocabulary: Vocabulary): PreviousAnalyses | undefined {
  const stamps = Array.isArray(header.sources) ? header.sources : [];
  if (
    !stamps.every(
      (s) => typeof s?.id === 'string' && typeof s.contentHash === 'string' && Number.isSafeInteger(s.bodyStart) && Number.isSafeInteger(s.textLength),
    )
  )
    return undefined;
  if (
    checkIndexArrays(
      stamps.map((s) => ({ text: { length: s.textLength } })),
      arrays,
      vocabulary.size,
    ) !== null
  )
    return undefined;
  const segments = Object.fromEntries(SEGMENT_NAMES.map((name) => [name, arrays.get(`segments.${name}`)])) as unknown as Segments;
  const postings = (which: string) => Object.fromEntries(POSTING_NAMES.map((name) => [name, arrays.get(`${which}.${name}`)])) as unknown as PostingArrays;
  return new PreviousAnalyses(segments, vocabulary, stamps, Acronyms.fromBytes(arrays.get(ACRONYMS) as Uint8Array), {
    sentence: postings('sentence'),
    paragraph: postings('paragraph'),
    article: postings('article'),
  });
}

/**
 * A saved index: every typed array of a `SearchIndex` written as-is after a small JSON header, so that
 * loading is one file read and a few array views, with no re-tokenising.
 *
 * Layout: `QBI2` magic, u32 header length, the SHA-256 of every byte after it (header and arrays), the
 * header (UTF-8 JSON), then each array at an offset that is a multiple of 8 (so views need no copy).
 *
 * A snapshot is used only when it is intact (the checksum matches), was made by the same indexing code,
 * and from exactly these sources: the same IDs in the same order with the same content hashes. Content,
 * not size and time, because a copy that keeps both (`cp -p`, `rsync -a`, `tar -x`) can still change a
 * file, and an index whose offsets belong to other text quotes half of two sentences. Then every array is
 * checked against the others and against the sources (`checkIndexArrays`), so that even a damaged file
 * that passed the checksum, or a bug, cannot make a question read out of range or loop for ever.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvertedIndex, Vocabulary, type PostingArrays } from './bm25.ts';
import type { RankingParams } from './ranking-params.ts';
import { PreviousAnalyses, SearchIndex, type Segments } from './search-index.ts';
import type { Source } from './types.ts';

const MAGIC = 'QBI2';
const ALIGN = 8;
/** Magic, header length, checksum. */
const PREFIX = 8 + 32;

type ArrayType = 'u8' | 'u16' | 'u32';
export type IndexArray = Uint8Array | Uint16Array | Uint32Array;
const CONSTRUCTORS = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array } as const;

interface ArrayEntry {
  name: string;
  type: ArrayType;
  offset: number;
  length: number;
}

interface SourceStamp {
  id: string;
  contentHash: string;
  /** Where the body starts and how long the text is: what an analysis of these bytes needs to be reused. */
  bodyStart: number;
  textLength: number;
}

interface Header {
  /** Hash of the code that turns text into an index: a changed normaliser makes old snapshots stale. */
  code: string;
  sources: SourceStamp[];
  arrays: ArrayEntry[];
}

/**
 * The files whose code decides what an index holds. Hashing them (a few kB) means an edit to the
 * normaliser can never be answered from an index made by the old one.
 */
const INDEXING_CODE = ['language.ts', 'function-words.ts', 'demonyms.ts', 'bm25.ts', 'search-index.ts', 'snapshot.ts'];

/** Hashed when this module loads, so it describes the code this process runs even if the files change later. */
const CODE_HASH = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  for (const file of INDEXING_CODE) hash.update(readFileSync(path.join(here, file)));
  return hash.digest('hex').slice(0, 16);
})();

function stampsOf(sources: readonly Source[]): SourceStamp[] {
  return sources.map((s) => ({ id: s.id, contentHash: s.contentHash, bodyStart: s.bodyStart, textLength: s.text.length }));
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

/** Every array an index is made of, with the element type it must have. */
const ARRAY_TYPES: ReadonlyMap<string, ArrayType> = new Map<string, ArrayType>([
  ...SEGMENT_NAMES.map((name) => [`segments.${name}`, name === 'termKinds' ? 'u8' : 'u32'] as const),
  ...INDEX_NAMES.flatMap((which) => POSTING_NAMES.map((name) => [`${which}.${name}`, name === 'postingTf' ? 'u16' : 'u32'] as const)),
  [VOCABULARY, 'u8'],
]);

function typeOf(a: IndexArray): ArrayType {
  return a instanceof Uint8Array ? 'u8' : a instanceof Uint16Array ? 'u16' : 'u32';
}

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
export function checkIndexArrays(sources: readonly { text: { length: number } }[], arrays: ReadonlyMap<string, IndexArray>, vocabularySize = vocabularyOf(arrays.get(VOCABULARY)).size): string | null {
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
  if (!isRunOfStarts(sentTermStart, T) || !isRunOfStarts(paraSentStart, S) || !isRunOfStarts(sourceSentStart, S)) return 'start offsets are out of order or out of range';
  for (let i = 0; i < T; i++) if (termSequence[i]! >= V) return 'a term ID is outside the vocabulary';
  for (let p = 0; p < P; p++) {
    const source = paraSource[p]!;
    if (source >= N || paraSentStart[p]! < sourceSentStart[source]! || paraSentStart[p + 1]! > sourceSentStart[source + 1]!) return 'a paragraph lies outside its source';
    const length = sources[source]!.text.length;
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
    if (get('docLength').length !== docCount || get('postingTf').length !== postingDoc.length || get('termStart').length !== V + 1) return `the ${which} index has the wrong size`;
    if (!isRunOfStarts(get('termStart'), postingDoc.length)) return `the ${which} index's postings are out of order`;
    for (let i = 0; i < postingDoc.length; i++) if (postingDoc[i]! >= docCount) return `the ${which} index points past its last document`;
  }
  return null;
}

/** Starts of consecutive ranges: begins at 0, never decreases, ends at `total`. */
function isRunOfStarts(starts: IndexArray, total: number): boolean {
  if (starts[0] !== 0 || starts[starts.length - 1] !== total) return false;
  for (let i = 1; i < starts.length; i++) if (starts[i]! < starts[i - 1]!) return false;
  return true;
}

/** The index made of these arrays (checked with `checkIndexArrays` by whoever produced them). */
export function indexFromArrays(sources: readonly Source[], arrays: ReadonlyMap<string, IndexArray>, params: RankingParams, vocabulary = vocabularyOf(arrays.get(VOCABULARY))): SearchIndex {
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
  );
}

/** Writes `index` to `file` atomically (a temporary file renamed into place); returns the bytes written. */
export function saveSnapshot(file: string, index: SearchIndex): number {
  const named = [...indexArrays(index)];
  const arrays: ArrayEntry[] = [];
  let offset = 0;
  for (const [name, a] of named) {
    arrays.push({ name, type: typeOf(a), offset, length: a.length });
    offset = align(offset + a.byteLength);
  }
  const header: Header = { code: CODE_HASH, sources: stampsOf(index.sources), arrays };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(align(PREFIX + headerBytes.length));
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(headerBytes.length, 4);
  headerBytes.copy(prefix, PREFIX);

  mkdirSync(path.dirname(file), { recursive: true });
  // Unique per save: a worker still saving the last reload's index may overlap the next one's save.
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    const checksum = createHash('sha256');
    const write = (bytes: Uint8Array) => {
      writeSync(fd, bytes);
      checksum.update(bytes);
    };
    writeSync(fd, prefix.subarray(0, PREFIX));
    write(prefix.subarray(PREFIX));
    const padding = new Uint8Array(ALIGN);
    for (const [, a] of named) {
      write(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      const pad = align(a.byteLength) - a.byteLength;
      if (pad > 0) write(padding.subarray(0, pad));
    }
    writeSync(fd, checksum.digest(), 0, 32, 8);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(temp);
    throw err;
  }
  closeSync(fd);
  renameSync(temp, file);
  return prefix.length + offset;
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

/** The saved file read, its checksum verified, made by this code, its arrays in bounds; not yet matched to any sources. */
function openSnapshot(file: string): { header: Header; arrays: Map<string, IndexArray>; vocabulary: Vocabulary } | { reason: string } {
  const read = readWhole(file);
  if ('reason' in read) return read;
  const bytes = read.bytes;
  if (bytes.length < PREFIX || Buffer.from(bytes.buffer, 0, 4).toString('latin1') !== MAGIC) return { reason: 'not a saved index of this version' };
  const view = new DataView(bytes.buffer);
  const headerLength = view.getUint32(4, true);
  const checksum = createHash('sha256').update(bytes.subarray(PREFIX)).digest();
  if (!checksum.equals(bytes.subarray(8, PREFIX))) return { reason: 'the saved index is damaged (checksum mismatch)' };

  let header: Header;
  try {
    header = JSON.parse(Buffer.from(bytes.buffer, PREFIX, Math.min(headerLength, bytes.length - PREFIX)).toString('utf8')) as Header;
  } catch {
    return { reason: 'the saved index is damaged (unreadable header)' };
  }
  if (header.code !== CODE_HASH) return { reason: 'the saved index was made by other indexing code' };

  const base = align(PREFIX + headerLength);
  const arrays = new Map<string, IndexArray>();
  for (const entry of Array.isArray(header.arrays) ? header.arrays : []) {
    const make = CONSTRUCTORS[entry.type];
    const { offset, length } = entry;
    if (!make || ARRAY_TYPES.get(entry.name) !== entry.type || arrays.has(entry.name) || !Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset % ALIGN !== 0) {
      return { reason: 'the saved index is damaged (bad array table)' };
    }
    if (base + offset + length * make.BYTES_PER_ELEMENT > bytes.length) return { reason: 'the saved index is truncated' };
    arrays.set(entry.name, new make(bytes.buffer, base + offset, length));
  }
  return { header, arrays, vocabulary: vocabularyOf(arrays.get(VOCABULARY)) };
}

/**
 * The analyses held by an intact snapshot of other sources, or undefined when its arrays do not hold together
 * (checked against the text lengths it recorded, as an index is checked against its sources).
 */
function previousAnalyses(header: Header, arrays: ReadonlyMap<string, IndexArray>, vocabulary: Vocabulary): PreviousAnalyses | undefined {
  const stamps = Array.isArray(header.sources) ? header.sources : [];
  if (!stamps.every((s) => typeof s?.contentHash === 'string' && Number.isSafeInteger(s.bodyStart) && Number.isSafeInteger(s.textLength))) return undefined;
  if (checkIndexArrays(stamps.map((s) => ({ text: { length: s.textLength } })), arrays, vocabulary.size) !== null) return undefined;
  const segments = Object.fromEntries(SEGMENT_NAMES.map((name) => [name, arrays.get(`segments.${name}`)])) as unknown as Segments;
  return new PreviousAnalyses(segments, vocabulary, stamps);
}

/**
 * The whole file in a buffer of its own (offset 0, so every array view is aligned, and transferable to
 * another thread, which Node's shared small-buffer pool is not).
 */
function readWhole(file: string): { bytes: Uint8Array<ArrayBuffer> } | { reason: string } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { reason: code === 'ENOENT' ? 'no saved index' : `cannot read the saved index (${code ?? String(err)})` };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { reason: 'the saved index is not a regular file' };
    const bytes = new Uint8Array(info.size);
    let length = 0;
    while (length < bytes.length) {
      const n = readSync(fd, bytes, length, bytes.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length !== bytes.length) return { reason: 'the saved index is truncated' };
    return { bytes };
  } catch (err) {
    return { reason: `cannot read the saved index (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  } finally {
    closeSync(fd);
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

/**
 * A saved index: every typed array of a `SearchIndex` written as-is after a small JSON header, so that
 * loading is one file read and a few array views, with no re-tokenising.
 *
 * Layout: `QBIX` magic, u32 header length, the header (UTF-8 JSON), then each array at an offset that is
 * a multiple of 8 (so views need no copy). A snapshot is used only when it was made by the same indexing
 * code from the same corpus files (names, sizes, modification times) and is newer than all of them;
 * otherwise the caller rebuilds and saves a new one.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvertedIndex, Vocabulary, type PostingArrays } from './bm25.ts';
import type { RankingParams } from './ranking-params.ts';
import { SearchIndex, type Segments } from './search-index.ts';
import type { Source } from './types.ts';

const MAGIC = 'QBIX';
const ALIGN = 8;

type ArrayType = 'u8' | 'u16' | 'u32';
type AnyArray = Uint8Array | Uint16Array | Uint32Array;
const CONSTRUCTORS = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array } as const;

interface ArrayEntry {
  name: string;
  type: ArrayType;
  offset: number;
  length: number;
}

interface SourceStamp {
  id: string;
  bytes: number;
  mtimeMs: number;
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
  return sources.map((s) => ({ id: s.id, bytes: s.bytes, mtimeMs: s.mtimeMs }));
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

function typeOf(a: AnyArray): ArrayType {
  return a instanceof Uint8Array ? 'u8' : a instanceof Uint16Array ? 'u16' : 'u32';
}

/** Writes `index` to `file` atomically (a temporary file renamed into place); returns the bytes written. */
export function saveSnapshot(file: string, index: SearchIndex): number {
  const named: [string, AnyArray][] = [];
  for (const name of SEGMENT_NAMES) named.push([`segments.${name}`, index.segments[name]]);
  const indexes = { sentence: index.sentenceIndex, paragraph: index.paragraphIndex, article: index.articleIndex };
  for (const which of INDEX_NAMES) for (const name of POSTING_NAMES) named.push([`${which}.${name}`, indexes[which].arrays[name]]);
  named.push(['vocabulary', new TextEncoder().encode(index.vocabulary.terms.join('\n'))]);

  const arrays: ArrayEntry[] = [];
  let offset = 0;
  for (const [name, a] of named) {
    arrays.push({ name, type: typeOf(a), offset, length: a.length });
    offset = align(offset + a.byteLength);
  }
  const header: Header = { code: CODE_HASH, sources: stampsOf(index.sources), arrays };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(align(8 + headerBytes.length));
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(headerBytes.length, 4);
  headerBytes.copy(prefix, 8);

  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, prefix);
    const padding = Buffer.alloc(ALIGN);
    for (const [, a] of named) {
      writeSync(fd, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      const pad = align(a.byteLength) - a.byteLength;
      if (pad > 0) writeSync(fd, padding, 0, pad);
    }
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

export type SnapshotResult = { index: SearchIndex } | { index: null; reason: string };

/**
 * The index saved in `file`, if it was made from exactly these `sources` by this code and is newer than
 * every one of them; otherwise why not (missing, stale, damaged), so the caller can rebuild.
 */
export function loadSnapshot(file: string, sources: readonly Source[], params: RankingParams): SnapshotResult {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return { index: null, reason: 'no saved index' };
  }
  if (sources.some((s) => s.mtimeMs > mtimeMs)) return { index: null, reason: 'a source is newer than the saved index' };
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (err) {
    return { index: null, reason: `cannot read the saved index (${(err as Error).message})` };
  }
  if (data.length < 8 || data.toString('latin1', 0, 4) !== MAGIC) return { index: null, reason: 'not a saved index' };
  let header: Header;
  const headerLength = data.readUInt32LE(4);
  try {
    header = JSON.parse(data.toString('utf8', 8, 8 + headerLength)) as Header;
  } catch {
    return { index: null, reason: 'the saved index is damaged' };
  }
  if (header.code !== CODE_HASH) return { index: null, reason: 'the saved index was made by other indexing code' };
  if (JSON.stringify(header.sources) !== JSON.stringify(stampsOf(sources))) return { index: null, reason: 'the corpus has changed since the index was saved' };

  // Views need their byte offset to be a multiple of the element size; a small file read into Node's
  // shared pool may not start on one, so such a buffer is copied once.
  const base = align(8 + headerLength);
  const bytes: Uint8Array = data.byteOffset % ALIGN === 0 ? data : new Uint8Array(data);
  const views = new Map<string, AnyArray>();
  for (const entry of header.arrays) {
    const make = CONSTRUCTORS[entry.type];
    const end = base + entry.offset + entry.length * make.BYTES_PER_ELEMENT;
    if (end > bytes.length) return { index: null, reason: 'the saved index is truncated' };
    views.set(entry.name, new make(bytes.buffer as ArrayBuffer, bytes.byteOffset + base + entry.offset, entry.length));
  }
  const get = <T extends AnyArray>(name: string) => views.get(name) as T;
  const segments = Object.fromEntries(SEGMENT_NAMES.map((name) => [name, get(`segments.${name}`)])) as unknown as Segments;
  const postings = (which: string) => Object.fromEntries(POSTING_NAMES.map((name) => [name, get(`${which}.${name}`)])) as unknown as PostingArrays;
  const vocabularyBytes = get<Uint8Array>('vocabulary');
  const vocabularyText = Buffer.from(vocabularyBytes.buffer, vocabularyBytes.byteOffset, vocabularyBytes.length).toString('utf8');
  const vocabulary = new Vocabulary(vocabularyText === '' ? [] : vocabularyText.split('\n'));
  return {
    index: new SearchIndex(
      sources,
      segments,
      vocabulary,
      new InvertedIndex(postings('sentence'), params),
      new InvertedIndex(postings('paragraph'), params),
      new InvertedIndex(postings('article'), params),
      params,
    ),
  };
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

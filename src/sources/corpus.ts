/**
 * Stage 1: corpus files → parsed sources.
 *
 * A bad file never stops the load: it becomes a `LoadFailure` naming the file and the problem,
 * and every other file still loads. Metadata comes from `corpus/sources.json` (one sidecar for the
 * whole corpus, keyed by source ID) or from `key: value` front matter at the top of a Markdown file.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, type Dirent } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { cutAtWord } from '../text.ts';
import type { LoadFailure, Source, SourceId, SourceMeta } from '../types.ts';

export const METADATA_FILE = 'sources.json';
export const SOURCE_EXTENSIONS = ['.txt', '.md', '.markdown'] as const;
/** Larger files are almost certainly a mistake (a dump, a binary) and would slow every reload. */
export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;
/** Discord offers at most 100 characters as a choice's value, so a longer ID could never be picked in `/ask source:`. */
export const MAX_ID_CHARS = 100;
const TITLE_MAX = 90;

export interface LoadedCorpus {
  sources: Source[];
  failures: LoadFailure[];
}

export interface CorpusOptions {
  /** Largest file read, in bytes (default `MAX_SOURCE_BYTES`); counted while reading, never taken from `stat`. */
  maxSourceBytes?: number;
  /**
   * What an earlier load read, by file name (`earlierSource`): a file whose size, modification time and status
   * change time are all as they were is taken as it was, without reading it, as git's index trusts a file's
   * stat. Its text is read only if asked for, and must then still have the content hash it had. Reading and
   * decoding 148 MB of unchanged text took 0.9 s of a reload at 1M sentences.
   */
  earlier?: ReadonlyMap<string, EarlierSource>;
}

/**
 * A source as a reload knows it from the load before, without its text: enough to take it again unread. The
 * front matter's metadata and the headline are kept apart, so that a change to `sources.json` still applies.
 */
export interface EarlierSource {
  id: SourceId;
  file: string;
  bytes: number;
  mtimeMs: number;
  ctimeMs: number;
  contentHash: string;
  bodyStart: number;
  textLength: number;
  frontMeta: SourceMeta;
  headline: string;
}

/** What a reload needs to know of `source` to take it again unread (`CorpusOptions.earlier`); undefined when no file was read for it. */
export function earlierSource(source: Source): EarlierSource | undefined {
  if (source.ctimeMs === undefined) return undefined;
  const { text } = source;
  return {
    id: source.id,
    file: source.file,
    bytes: source.bytes,
    mtimeMs: source.mtimeMs,
    ctimeMs: source.ctimeMs,
    contentHash: source.contentHash,
    bodyStart: source.bodyStart,
    textLength: text.length,
    frontMeta: frontMatterOf(path.extname(source.file).toLowerCase(), text).meta,
    headline: headlineOrOpening(text.slice(source.bodyStart)),
  };
}

/** Source `source` without its text (e.g. to send to a thread that holds the text already), its text unread. */
export function withoutText(source: Source): Omit<Source, 'text'> {
  const { id, file, bodyStart, title, meta, bytes, mtimeMs, ctimeMs, contentHash, textLength } = source;
  return { id, file, bodyStart, title, meta, bytes, mtimeMs, ctimeMs, contentHash, textLength };
}

export function sourceIdOf(file: string): SourceId {
  return path.basename(file, path.extname(file));
}

/**
 * Reads every source in `dir`, in file-name order so that source order is stable across reloads.
 *
 * Only regular files that sit in the folder itself are read. Everything else a folder can hold (a
 * symbolic link, even one pointing inside the folder; a hard-linked file; a sub-folder, even one named
 * `x.txt`; a FIFO, device or socket) is reported and skipped: a link could serve any file the bot may
 * read (`/etc/passwd`, a secret), a FIFO would block the read forever and `/dev/zero` never ends.
 * Dot files (`.gitkeep`, `.DS_Store`) are ignored without a report.
 */
export async function loadCorpus(dir: string, options: CorpusOptions = {}): Promise<LoadedCorpus> {
  const maxBytes = options.maxSourceBytes ?? MAX_SOURCE_BYTES;
  const failures: LoadFailure[] = [];
  const folder = await realpath(dir);
  const entries = (await readdir(folder, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sidecar = await readSidecar(
    folder,
    entries.find((e) => e.name === METADATA_FILE),
    failures,
  );

  const sources: Source[] = [];
  const seen = new Map<SourceId, string>();
  for (const entry of entries) {
    const file = entry.name;
    if (file === METADATA_FILE) continue;
    const refused = refusedEntry(entry);
    if (refused) {
      failures.push({ file, reason: refused });
      continue;
    }
    const ext = path.extname(file).toLowerCase();
    if (!(SOURCE_EXTENSIONS as readonly string[]).includes(ext)) {
      failures.push({ file, reason: `unsupported file type "${ext || '(none)'}": use ${SOURCE_EXTENSIONS.join(', ')}` });
      continue;
    }
    const id = sourceIdOf(file);
    const badName = badIdReason(id);
    if (badName) {
      failures.push({ file, reason: badName });
      continue;
    }
    const clash = seen.get(id);
    if (clash) {
      failures.push({ file, reason: `duplicate source ID "${id}" (already used by ${clash})` });
      continue;
    }
    const before = options.earlier?.get(file);
    if (before !== undefined && before.id === id && isUnchanged(path.join(folder, file), before)) {
      seen.set(id, file);
      sources.push(unreadSource(folder, before, sidecar.get(id), maxBytes));
      continue;
    }
    const read = readInFolder(folder, file, maxBytes);
    if ('reason' in read) {
      failures.push({ file, reason: read.reason });
      continue;
    }
    const result = parseSource(file, ext, read, sidecar.get(id));
    if ('reason' in result) failures.push(result);
    else {
      seen.set(id, file);
      sources.push(result);
    }
  }
  for (const id of sidecar.keys()) {
    if (!seen.has(id)) failures.push({ file: METADATA_FILE, reason: `metadata for "${id}", but no source file has that ID` });
  }
  return { sources, failures };
}

/** Why a directory entry is not read at all, judged from its type alone (no open, no stat of a link's target). */
function refusedEntry(entry: Dirent): string | null {
  if (entry.isFile()) return null;
  if (entry.isSymbolicLink())
    return 'a symbolic link: links are not followed, so that nothing outside the corpus folder is ever served (copy the file in instead)';
  if (entry.isDirectory()) return 'a folder: sources must be files directly in the corpus folder';
  return `not a regular file (${entry.isFIFO() ? 'a FIFO' : entry.isSocket() ? 'a socket' : entry.isCharacterDevice() || entry.isBlockDevice() ? 'a device' : 'unknown type'})`;
}

/**
 * Characters that cannot be seen or typed (controls, bidi overrides, zero-width marks) would make an ID that
 * looks like another or reverses the text around it wherever it is shown.
 */
export function badIdReason(id: SourceId): string | null {
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(id)) return 'the file name holds invisible or control characters (rename it with visible characters only)';
  if (id.length > MAX_ID_CHARS) return `the ID (file name without extension) is longer than ${MAX_ID_CHARS} characters`;
  return null;
}

interface FileRead {
  bytes: Buffer;
  mtimeMs: number;
  /** Undefined when the file changed too shortly before it was read for its times to vouch for its content (`RACY_MS`). */
  ctimeMs: number | undefined;
}

/**
 * A file changed this shortly before it was read may change again within the same tick of the file system's clock
 * and keep all its times ("racy git"): its times are then not recorded, and the next reload reads it again.
 */
const RACY_MS = 2000;

/**
 * Whether the file at `full` is still the regular file, with one name, that `before` describes: the same size,
 * modification time and status change time (a copy that keeps the modification time, `cp -p`, `rsync -t`, still
 * changes the status change time).
 */
function isUnchanged(full: string, before: EarlierSource): boolean {
  try {
    const info = lstatSync(full);
    return info.isFile() && info.nlink === 1 && info.size === before.bytes && info.mtimeMs === before.mtimeMs && info.ctimeMs === before.ctimeMs;
  } catch {
    return false;
  }
}

/**
 * The source `before` describes, taken as it was: its metadata from its front matter and today's `sources.json`
 * (`sidecarMeta`), its text read from the folder only when asked for. The text must then still have the content
 * hash the index was built from; a file changed since is an error that names it (a reload started after the
 * change sees it).
 */
function unreadSource(folder: string, before: EarlierSource, sidecarMeta: SourceMeta | undefined, maxBytes: number): Source {
  const { id, file, bodyStart, bytes, mtimeMs, ctimeMs, contentHash, textLength } = before;
  const meta: SourceMeta = { ...before.frontMeta, ...sidecarMeta };
  let text: string | undefined;
  return {
    id,
    file,
    bodyStart,
    title: meta.title ?? before.headline,
    meta,
    bytes,
    mtimeMs,
    ctimeMs,
    contentHash,
    textLength,
    get text(): string {
      if (text === undefined) {
        const read = readInFolder(folder, file, maxBytes);
        const decoded = 'reason' in read || contentHashOf(read.bytes) !== contentHash ? undefined : decodeText(read.bytes);
        if (typeof decoded !== 'string') throw new Error(`${file} changed while the index was being rebuilt: reload again`);
        text = decoded;
      }
      return text;
    },
  };
}

/**
 * Reads `name` from the corpus folder `folder` (already a real path), at most `maxBytes`.
 *
 * The entry's type was checked when the folder was listed, but it can be swapped before it is opened:
 * O_NOFOLLOW refuses a link at open, O_NONBLOCK keeps a FIFO from blocking the open, and the open handle is
 * checked again (regular file, one link, real path in the folder) before a byte is read. The size is
 * counted while reading, so a file that grows, or lies about its size, never costs more than the limit.
 *
 * Synchronous on purpose: the corpus is loaded in the index worker thread (and by command-line tools), never
 * on the bot's event loop, and the same reads through promises cost three times as long (1M sentences in
 * 4,659 files: 2.0-2.2 s against 0.65 s, each open, stat, realpath, read and close a trip through libuv's
 * thread pool).
 */
function readInFolder(folder: string, name: string, maxBytes: number): FileRead | { reason: string } {
  const full = path.join(folder, name);
  let fd: number;
  try {
    fd = openSync(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP')
      return { reason: 'a symbolic link: links are not followed, so that nothing outside the corpus folder is ever served (copy the file in instead)' };
    return { reason: `unreadable (${code ?? String(err)})` };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { reason: 'not a regular file' };
    // A hard link is the same file under two names: one in the folder, the other possibly anywhere.
    if (info.nlink > 1)
      return { reason: `a hard-linked file (${info.nlink} names): only files that belong to the corpus folder alone are read (copy it in instead)` };
    if (path.dirname(realpathSync(full)) !== folder) return { reason: 'outside the corpus folder' };
    const tooLarge = `too large (more than ${maxBytes} bytes, the limit)`;
    if (info.size > maxBytes) return { reason: tooLarge };
    const bytes = readAtMost(fd, maxBytes + 1, info.size);
    if (bytes.length > maxBytes) return { reason: tooLarge };
    const racy = Date.now() - info.ctimeMs < RACY_MS;
    return { bytes, mtimeMs: info.mtimeMs, ctimeMs: racy ? undefined : info.ctimeMs };
  } catch (err) {
    return { reason: `unreadable (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  } finally {
    closeSync(fd);
  }
}

/** Up to `limit` bytes from the file; `sizeHint` (from stat) only chooses the first buffer, it bounds nothing. */
function readAtMost(fd: number, limit: number, sizeHint: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(limit, Math.max(sizeHint + 1, 64 * 1024)));
  let length = 0;
  while (length < limit) {
    if (length === buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(limit, buffer.length * 2));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const bytesRead = readSync(fd, buffer, length, buffer.length - length, null);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return buffer.subarray(0, length);
}

function parseSource(file: string, ext: string, read: FileRead, sidecarMeta: SourceMeta | undefined): Source | LoadFailure {
  const { bytes } = read;
  const text = decodeText(bytes);
  if (typeof text !== 'string') return { file, reason: text.reason };

  const front = frontMatterOf(ext, text);
  if (front.problems.length > 0) return { file, reason: `front matter: ${front.problems.join('; ')}` };
  if (text.slice(front.bodyStart).trim() === '') return { file, reason: 'empty file (no text after front matter)' };

  const meta: SourceMeta = { ...front.meta, ...sidecarMeta };
  return {
    id: sourceIdOf(file),
    file,
    text,
    bodyStart: front.bodyStart,
    title: meta.title ?? headlineOrOpening(text.slice(front.bodyStart)),
    meta,
    bytes: bytes.length,
    mtimeMs: read.mtimeMs,
    ...(read.ctimeMs === undefined ? {} : { ctimeMs: read.ctimeMs }),
    contentHash: contentHashOf(bytes),
    textLength: text.length,
  };
}

/** What identifies a file's content for the saved index: a copy that keeps size and time (`cp -p`) still changes it. */
export function contentHashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A Markdown file's front matter (`parseFrontMatter`); a `.txt` file has none, whatever its first lines say. */
function frontMatterOf(ext: string, text: string): ReturnType<typeof parseFrontMatter> {
  return ext === '.txt' ? { meta: {}, bodyStart: 0, problems: [] } : parseFrontMatter(text);
}

/** UTF-8 text with the BOM removed, or why the bytes are not usable text. */
export function decodeText(bytes: Uint8Array): string | { reason: string } {
  if (bytes.length === 0) return { reason: 'empty file' };
  if (bytes.includes(0)) return { reason: 'binary file (contains NUL bytes)' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { reason: 'not valid UTF-8 text (save it as UTF-8)' };
  }
  if (text.trim() === '') return { reason: 'empty file (only white space)' };
  return text;
}

/**
 * A headline is a short first line that does not read as a sentence (no closing punctuation) and is
 * followed by more text, e.g. "Significant Stride: The US Grants Ukraine Access to ATACMS Missiles".
 * Otherwise the title is the opening sentence, cut at a word boundary.
 */
export function headlineOrOpening(body: string): string {
  // Only the first two lines with text matter: a corpus of large files is not split into lines to find them.
  let first: string | undefined;
  let hasMore = false;
  for (let at = 0; at <= body.length; ) {
    const end = body.indexOf('\n', at) < 0 ? body.length : body.indexOf('\n', at);
    const text = body.slice(at, end).trim();
    at = end + 1;
    if (text === '') continue;
    if (first !== undefined) {
      hasMore = true;
      break;
    }
    first = text;
  }
  const line = (first ?? '').replace(/^#{1,6}\s+/, '');
  if (hasMore && line.length <= 150 && !/[.!?;:,"”’)]$/.test(line)) return line;
  // Sentence end: terminator, space, capital; but not after a single capital ("U.S. officials").
  const end = /(?<!\b[A-Z])[.!?](?=\s+[“"A-Z])/.exec(line);
  const opening = end ? line.slice(0, end.index + 1) : line;
  return cutAtWord(opening, TITLE_MAX);
}

const META_KEYS = ['title', 'url', 'outlet', 'published', 'author', 'origin'] as const;

/** Validates one metadata record; returns the usable fields and the problems found. */
export function validateMeta(raw: unknown): { meta: SourceMeta; problems: string[] } {
  const meta: SourceMeta = {};
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { meta, problems: ['must be an object'] };
  for (const [key, value] of Object.entries(raw)) {
    if (!(META_KEYS as readonly string[]).includes(key)) {
      problems.push(`unknown field "${key}" (known: ${META_KEYS.join(', ')})`);
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`"${key}" must be non-empty text`);
      continue;
    }
    const v = value.trim();
    if ((key === 'url' || key === 'origin') && !/^https?:\/\/\S+$/.test(v)) problems.push(`"${key}" is not an http(s) address: ${v}`);
    else if (key === 'published' && !isIsoDate(v)) problems.push(`"published" is not a date like 2024-11-18 (or 2024-11, or 2024): ${v}`);
    else meta[key as keyof SourceMeta] = v;
  }
  return { meta, problems };
}

/**
 * An ISO 8601 calendar date, whole or to the month or year only ("2024-11-18", "2024-11", "2024"): a
 * moderator who knows only the month an article appeared says so rather than invent a day. Such dates still
 * sort as text, oldest first.
 */
export function isIsoDate(v: string): boolean {
  if (!/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(v)) return false;
  const full = v.length === 4 ? `${v}-01-01` : v.length === 7 ? `${v}-01` : v;
  return !Number.isNaN(Date.parse(`${full}T00:00:00Z`)) && new Date(`${full}T00:00:00Z`).toISOString().startsWith(full);
}

async function readSidecar(folder: string, entry: Dirent | undefined, failures: LoadFailure[]): Promise<Map<SourceId, SourceMeta>> {
  const byId = new Map<SourceId, SourceMeta>();
  if (!entry) return byId;
  const refused = refusedEntry(entry);
  const read = refused ? { reason: refused } : readInFolder(folder, METADATA_FILE, MAX_SOURCE_BYTES);
  if ('reason' in read) {
    failures.push({ file: METADATA_FILE, reason: `${read.reason}; no metadata was applied` });
    return byId;
  }
  const raw = new TextDecoder().decode(read.bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    failures.push({ file: METADATA_FILE, reason: `not valid JSON (${(err as Error).message}); no metadata was applied` });
    return byId;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    failures.push({ file: METADATA_FILE, reason: 'must be a JSON object keyed by source ID' });
    return byId;
  }
  for (const [id, entry] of Object.entries(parsed)) {
    const { meta, problems } = validateMeta(entry);
    for (const p of problems) failures.push({ file: METADATA_FILE, reason: `"${id}": ${p}` });
    byId.set(id, meta);
  }
  return byId;
}

/** `---` / `key: value` lines / `---` at the very top of a Markdown file. */
export function parseFrontMatter(text: string): { meta: SourceMeta; bodyStart: number; problems: string[] } {
  const open = /^---\r?\n/.exec(text);
  if (!open) return { meta: {}, bodyStart: 0, problems: [] };
  const close = /^---[ \t]*(\r?\n|$)/m.exec(text.slice(open[0].length));
  if (!close) return { meta: {}, bodyStart: 0, problems: ['opening "---" has no closing "---"'] };
  const block = text.slice(open[0].length, open[0].length + close.index);
  const record: Record<string, string> = {};
  const problems: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const m = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!m) {
      problems.push(`cannot read line "${line.trim()}" (expected key: value)`);
      continue;
    }
    record[m[1]!.toLowerCase()] = m[2]!.trim().replace(/^(["'])(.*)\1$/, '$2');
  }
  const checked = validateMeta(record);
  return { meta: checked.meta, bodyStart: open[0].length + close.index + close[0].length, problems: [...problems, ...checked.problems] };
}

/**
 * Whether `bytes` would load as the source file `file`: the loader's own checks (text, UTF-8, front matter,
 * not empty), run on bytes that are not in the folder yet. Null when they would load, else the loader's failure.
 */
export function checkSourceBytes(file: string, bytes: Uint8Array): LoadFailure | null {
  const parsed = parseSource(
    file,
    path.extname(file).toLowerCase(),
    { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), mtimeMs: 0, ctimeMs: undefined },
    undefined,
  );
  return 'reason' in parsed ? parsed : null;
}

/**
 * Stage 1: corpus files → parsed sources.
 *
 * A bad file never stops the load: it becomes a `LoadFailure` naming the file and the problem,
 * and every other file still loads. Metadata comes from `corpus/sources.json` (one sidecar for the
 * whole corpus, keyed by source ID) or from `key: value` front matter at the top of a Markdown file.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LoadFailure, Source, SourceId, SourceMeta } from './types.ts';

export const METADATA_FILE = 'sources.json';
export const SOURCE_EXTENSIONS = ['.txt', '.md', '.markdown'] as const;
/** Larger files are almost certainly a mistake (a dump, a binary) and would slow every reload. */
export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;
const TITLE_MAX = 90;

export interface LoadedCorpus {
  sources: Source[];
  failures: LoadFailure[];
}

export function sourceIdOf(file: string): SourceId {
  return path.basename(file, path.extname(file));
}

/** Reads every source in `dir`, in file-name order so that source order is stable across reloads. */
export async function loadCorpus(dir: string): Promise<LoadedCorpus> {
  const failures: LoadFailure[] = [];
  const names = (await readdir(dir, { withFileTypes: true }))
    // Links are followed (a moderator may link articles in); a broken one is reported as unreadable.
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && !e.name.startsWith('.') && e.name !== METADATA_FILE)
    .map((e) => e.name)
    .sort();
  const sidecar = await readSidecar(dir, failures);

  const sources: Source[] = [];
  const seen = new Map<SourceId, string>();
  for (const file of names) {
    const ext = path.extname(file).toLowerCase();
    if (!(SOURCE_EXTENSIONS as readonly string[]).includes(ext)) {
      failures.push({ file, reason: `unsupported file type "${ext || '(none)'}": use ${SOURCE_EXTENSIONS.join(', ')}` });
      continue;
    }
    const id = sourceIdOf(file);
    const clash = seen.get(id);
    if (clash) {
      failures.push({ file, reason: `duplicate source ID "${id}" (already used by ${clash})` });
      continue;
    }
    const result = await readSource(dir, file, ext, sidecar.get(id));
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

async function readSource(dir: string, file: string, ext: string, sidecarMeta: SourceMeta | undefined): Promise<Source | LoadFailure> {
  const full = path.join(dir, file);
  let bytes: Buffer;
  let mtimeMs: number;
  try {
    const info = await stat(full);
    if (info.size > MAX_SOURCE_BYTES) return { file, reason: `too large (${info.size} bytes; the limit is ${MAX_SOURCE_BYTES})` };
    mtimeMs = info.mtimeMs;
    bytes = await readFile(full);
  } catch (err) {
    return { file, reason: `unreadable (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  const text = decodeText(bytes);
  if (typeof text !== 'string') return { file, reason: text.reason };

  const isMarkdown = ext !== '.txt';
  const front = isMarkdown ? parseFrontMatter(text) : { meta: {}, bodyStart: 0, problems: [] };
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
    mtimeMs,
  };
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
  const lines = body.split(/\r?\n/).map((l) => l.trim());
  const first = lines.findIndex((l) => l !== '');
  const line = (lines[first] ?? '').replace(/^#{1,6}\s+/, '');
  const hasMore = lines.slice(first + 1).some((l) => l !== '');
  if (hasMore && line.length <= 150 && !/[.!?;:,"”’)]$/.test(line)) return line;
  // Sentence end: terminator, space, capital; but not after a single capital ("U.S. officials").
  const end = /(?<!\b[A-Z])[.!?](?=\s+[“"A-Z])/.exec(line);
  const opening = end ? line.slice(0, end.index + 1) : line;
  return cutAtWord(opening, TITLE_MAX);
}

export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

const META_KEYS = ['title', 'url', 'outlet', 'published'] as const;

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
    if (key === 'url' && !/^https?:\/\/\S+$/.test(v)) problems.push(`"url" is not an http(s) address: ${v}`);
    else if (key === 'published' && !isIsoDate(v)) problems.push(`"published" is not a date like 2024-11-18: ${v}`);
    else meta[key as keyof SourceMeta] = v;
  }
  return { meta, problems };
}

function isIsoDate(v: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
}

async function readSidecar(dir: string, failures: LoadFailure[]): Promise<Map<SourceId, SourceMeta>> {
  const byId = new Map<SourceId, SourceMeta>();
  let raw: string;
  try {
    raw = await readFile(path.join(dir, METADATA_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') failures.push({ file: METADATA_FILE, reason: `unreadable (${(err as NodeJS.ErrnoException).code})` });
    return byId;
  }
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
 * Whether `bytes` would load as the source file `file`, by the loader's own checks (text, UTF-8, front
 * matter, not empty): null when it would, else the failure the loader would report.
 */
export function checkSourceBytes(file: string, bytes: Uint8Array): LoadFailure | null {
  const text = decodeText(bytes);
  if (typeof text !== 'string') return { file, reason: text.reason };
  const front = path.extname(file).toLowerCase() !== '.txt' ? parseFrontMatter(text) : { meta: {}, bodyStart: 0, problems: [] };
  if (front.problems.length > 0) return { file, reason: `front matter: ${front.problems.join('; ')}` };
  if (text.slice(front.bodyStart).trim() === '') return { file, reason: 'empty file (no text after front matter)' };
  return null;
}

/** Why the loader would refuse `id` as a source ID, or null. */
export function sourceIdProblem(id: SourceId): string | null {
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(id)) return 'the ID holds invisible or control characters.';
  if (id.length > 100) return 'the ID is longer than 100 characters.';
  return null;
}

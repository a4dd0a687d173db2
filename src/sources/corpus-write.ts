/**
 * Adding, replacing and removing sources in the corpus folder, for `/sources add` and `/sources remove`.
 *
 * A file is checked exactly as the loader checks a corpus file before anything is written. Every write is
 * atomic: the new bytes go to a hidden temporary file in the corpus folder (the loader skips dot files),
 * are flushed, and are renamed over the target, so a reload never sees half a file. `sources.json` is
 * rewritten the same way. Writes run one at a time, so two moderators adding at once both land: neither
 * reads `sources.json` while the other is between reading and writing it.
 */
import { randomBytes } from 'node:crypto';
import { lstat, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { badIdReason, checkSourceBytes, METADATA_FILE, SOURCE_EXTENSIONS, sourceIdOf, validateMeta } from './corpus.ts';
import type { SourceId, SourceMeta } from '../types.ts';

/** Names Windows reserves for devices: a corpus copied there could not hold such a file. */
const RESERVED_NAMES = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/**
 * Why `id` cannot name a new source, in words for the moderator, or null when it can. Stricter than the
 * loader (which takes any file already in the folder): an uploaded ID becomes a file name, so it must not
 * be a path, hidden, reserved, or hold characters that some file systems or Discord's formatting refuse.
 */
export function newSourceIdProblem(id: string): string | null {
  if (id.trim() === '') return 'the ID is empty.';
  if (/[/\\]/.test(id)) return 'an ID is a file name, not a path: it cannot contain / or \\.';
  if (id.startsWith('.')) return 'an ID cannot start with a dot (such files are hidden and never loaded).';
  if (/[<>:"|?*`]/.test(id)) return 'an ID cannot contain any of < > : " | ? * `.';
  if (/[\s.]$/.test(id) || /^\s/.test(id)) return 'an ID cannot start or end with a space, or end with a dot.';
  if (RESERVED_NAMES.test(id)) return `"${id}" is a reserved device name on some systems.`;
  const loaderProblem = badIdReason(id);
  return loaderProblem && `${loaderProblem}.`;
}

/**
 * What can be judged of a new source before its bytes are at hand (its ID and metadata): the moderator's
 * message when it cannot be added, else null. `add` checks it again, with the bytes.
 */
export function newSourceProblem(id: SourceId, meta: SourceMeta): string | null {
  const idProblem = newSourceIdProblem(id);
  // The ID is not echoed: it is what the moderator typed, and may hold what must not be shown.
  if (idProblem) return `That source ID cannot be used: ${idProblem}`;
  const { problems } = validateMeta(meta);
  return problems.length > 0 ? `Metadata: ${problems.join('; ')}.` : null;
}

export type SourceExtension = (typeof SOURCE_EXTENSIONS)[number];

export function sourceExtensionOf(fileName: string): SourceExtension | null {
  const ext = path.extname(fileName).toLowerCase();
  return (SOURCE_EXTENSIONS as readonly string[]).includes(ext) ? (ext as SourceExtension) : null;
}

export interface NewSource {
  id: SourceId;
  extension: SourceExtension;
  bytes: Uint8Array;
  /** Metadata for `sources.json`; on a replace, fields not given keep their earlier values. */
  meta: SourceMeta;
  /** Overwrite a source that already has this ID (else that is refused). */
  replace: boolean;
}

export type AddResult = { ok: true; replaced: boolean; file: string } | { ok: false; problem: string };
export type RemoveResult = { ok: true; file: string } | { ok: false; problem: string };

/** One source as the folder holds it: its file's name and bytes, and its `sources.json` entry (if any). */
export interface FolderSource {
  id: SourceId;
  fileName: string;
  bytes: Uint8Array;
  meta: SourceMeta;
}

/**
 * Where the folder's changes are shared (the sources in PostgreSQL, for several hosts): told of each change
 * once it is written; when it cannot take the change, it throws, and the folder is put back as it says.
 */
export interface CorpusShare {
  /** Why the folder cannot be changed now (the shared sources are out of reach), or null. */
  blocked(): string | null;
  /** The folder changed for `id` (written, or removed when `source` is null). */
  changed(id: SourceId, source: FolderSource | null): Promise<void>;
  /** What the share holds: the folder is made so again when `changed` failed. */
  sources(): Promise<FolderSource[]>;
}

export class CorpusWriter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly maxSourceBytes: number,
    private share?: CorpusShare,
  ) {}

  /** From now on, every change is shared through `share` (`SharedCorpus`), and refused when it cannot be. */
  shareThrough(share: CorpusShare): void {
    this.share = share;
  }

  /** Checks and writes a new or replacement source; nothing changes when it is refused. */
  add(source: NewSource): Promise<AddResult> {
    return this.serialised(async () => {
      const blocked = this.share?.blocked();
      if (blocked) return { ok: false, problem: blocked };
      const result = await this.write(source);
      if (!result.ok || !this.share) return result;
      const shared = await this.shared(source.id, await this.folderSource(source.id));
      return shared ?? result;
    });
  }

  /** Removes a source's file and its `sources.json` entry; nothing changes when it is refused. */
  remove(id: SourceId): Promise<RemoveResult> {
    return this.serialised(async () => {
      const blocked = this.share?.blocked();
      if (blocked) return { ok: false, problem: blocked };
      const result = await this.delete(id);
      if (!result.ok || !this.share) return result;
      return (await this.shared(id, null)) ?? result;
    });
  }

  /** Tells the share of a change; if it cannot take it, the folder is restored and the change refused. */
  private async shared(id: SourceId, source: FolderSource | null): Promise<{ ok: false; problem: string } | null> {
    try {
      await this.share!.changed(id, source);
      return null;
    } catch (err) {
      await this.share!.sources().then(
        (sources) => this.mirrorNow(sources),
        () => undefined, // out of reach: the next start or change brings the folder back in line
      );
      return { ok: false, problem: `The change could not be shared with the bot's other hosts (${(err as Error).message}), so it was not made.` };
    }
  }

  /** The source with this ID as the folder holds it, or null when there is none. */
  async folderSource(id: SourceId): Promise<FolderSource | null> {
    return this.folderSourceFrom(id, await readdir(this.dir), await this.metadata());
  }

  /** Every source in the folder as `folderSource` gives it (the folder listed and `sources.json` read once). */
  async folderSources(): Promise<FolderSource[]> {
    const names = await readdir(this.dir);
    const metadata = await this.metadata();
    const out: FolderSource[] = [];
    for (const id of sourceIdsOf(names)) {
      const source = await this.folderSourceFrom(id, names, metadata);
      if (source) out.push(source);
    }
    return out;
  }

  private async folderSourceFrom(
    id: SourceId,
    names: readonly string[],
    metadata: Awaited<ReturnType<CorpusWriter['metadata']>>,
  ): Promise<FolderSource | null> {
    const found = await this.filesWithId(id, names);
    if ('problem' in found || found.files.length === 0) return null;
    const file = found.files[0]!;
    return { id, fileName: file, bytes: await readFile(path.join(this.dir, file)), meta: (metadata.ok && metadata.entries[id]) || {} };
  }

  /**
   * Makes the folder hold exactly `sources` (written where their bytes differ, others' files removed,
   * `sources.json` rewritten when its entries differ), one write at a time with `add` and `remove`. Returns
   * whether anything changed.
   */
  mirror(sources: readonly FolderSource[]): Promise<boolean> {
    return this.serialised(() => this.mirrorNow(sources));
  }

  private async mirrorNow(sources: readonly FolderSource[]): Promise<boolean> {
    let changed = false;
    const wanted = new Map(sources.map((s) => [s.fileName, s]));
    for (const name of await readdir(this.dir)) {
      if (name.startsWith('.') || !sourceExtensionOf(name) || wanted.has(name)) continue;
      await unlink(path.join(this.dir, name)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      changed = true;
    }
    for (const source of sources) {
      const current = await readFile(path.join(this.dir, source.fileName)).catch(() => null);
      if (current !== null && Buffer.compare(current, source.bytes) === 0) continue;
      await this.atomicWrite(source.fileName, source.bytes);
      changed = true;
    }
    const entries = Object.fromEntries(sources.filter((s) => Object.keys(s.meta).length > 0).map((s) => [s.id, s.meta]));
    const sidecar = await this.readSidecar();
    if (!sidecar.ok || JSON.stringify(sortedKeys(sidecar.entries)) !== JSON.stringify(sortedKeys(entries))) {
      await this.writeSidecar(entries);
      changed = true;
    }
    return changed;
  }

  /** IDs of the source files in the folder, loaded or not (a file that failed to load can be removed too). */
  async idsInFolder(): Promise<SourceId[]> {
    return sourceIdsOf(await readdir(this.dir));
  }

  /** The `sources.json` entries (empty when there is none), or why it cannot be read. */
  async metadata(): Promise<{ ok: true; entries: Record<string, SourceMeta> } | { ok: false; problem: string }> {
    const sidecar = await this.readSidecar();
    if (!sidecar.ok) return sidecar;
    const entries: Record<string, SourceMeta> = {};
    for (const [id, entry] of Object.entries(sidecar.entries)) entries[id] = validateMeta(entry).meta;
    return { ok: true, entries };
  }

  /** The bytes of the source file with this ID, or null when there is none. */
  async current(id: SourceId): Promise<{ file: string; bytes: Buffer } | null> {
    const found = await this.filesWithId(id);
    if ('problem' in found || found.files.length === 0) return null;
    return { file: found.files[0]!, bytes: await readFile(path.join(this.dir, found.files[0]!)) };
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(source: NewSource): Promise<AddResult> {
    const problem = newSourceProblem(source.id, source.meta);
    if (problem) return { ok: false, problem };
    if (source.bytes.length > this.maxSourceBytes)
      return { ok: false, problem: `The file is too large (${source.bytes.length} bytes; the limit is ${this.maxSourceBytes}).` };
    const metaCheck = validateMeta(source.meta);
    const file = `${source.id}${source.extension}`;
    const failure = checkSourceBytes(file, source.bytes);
    if (failure) return { ok: false, problem: `The file cannot be a source: ${failure.reason}.` };

    const existing = await this.filesWithId(source.id);
    if ('problem' in existing) return existing;
    if (existing.files.length > 0 && !source.replace) {
      return { ok: false, problem: `A source with ID \`${source.id}\` already exists (\`${existing.files[0]}\`). Set \`replace\` to True to overwrite it.` };
    }
    const sidecar = await this.readSidecar();
    const previous = sidecar.ok ? sidecar.entries[source.id] : undefined;
    const meta = { ...(typeof previous === 'object' && previous !== null ? previous : {}), ...metaCheck.meta };
    const sidecarChanges = Object.keys(meta).length > 0 || previous !== undefined;
    if (sidecarChanges && !sidecar.ok) return { ok: false, problem: sidecar.problem };

    await this.atomicWrite(file, source.bytes);
    // Replacing foo.md with foo.txt: the old file would otherwise be a duplicate ID.
    for (const old of existing.files) if (old !== file) await unlink(path.join(this.dir, old));
    if (sidecarChanges && sidecar.ok) {
      if (Object.keys(meta).length > 0) sidecar.entries[source.id] = meta;
      else delete sidecar.entries[source.id];
      await this.writeSidecar(sidecar.entries);
    }
    return { ok: true, replaced: existing.files.length > 0, file };
  }

  private async delete(id: SourceId): Promise<RemoveResult> {
    const existing = await this.filesWithId(id);
    if ('problem' in existing) return existing;
    if (existing.files.length === 0) return { ok: false, problem: `There is no source file with ID \`${id}\`.` };
    const sidecar = await this.readSidecar();
    if (!sidecar.ok && sidecar.exists) return { ok: false, problem: sidecar.problem };
    for (const file of existing.files) await unlink(path.join(this.dir, file));
    if (sidecar.ok && id in sidecar.entries) {
      delete sidecar.entries[id];
      await this.writeSidecar(sidecar.entries);
    }
    return { ok: true, file: existing.files.join(', ') };
  }

  /**
   * Source files in the folder (or among `names`, its listing) with this ID (any source extension); refused if
   * one is not a plain file.
   */
  private async filesWithId(id: SourceId, names?: readonly string[]): Promise<{ files: string[] } | { ok: false; problem: string }> {
    const files: string[] = [];
    for (const name of names ?? (await readdir(this.dir))) {
      if (name.startsWith('.') || !sourceExtensionOf(name)) continue;
      const other = sourceIdOf(name);
      if (other !== id && other.toLowerCase() === id.toLowerCase()) {
        return {
          ok: false,
          problem: `\`${id}\` differs only in letter case from the existing source \`${other}\`; some file systems would take them for one file.`,
        };
      }
      if (other !== id) continue;
      if (!(await lstat(path.join(this.dir, name))).isFile())
        return { ok: false, problem: `\`${name}\` in the corpus folder is not a plain file; an operator must move it first.` };
      files.push(name);
    }
    return { files };
  }

  private async readSidecar(): Promise<{ ok: true; entries: Record<string, unknown> } | { ok: false; exists: boolean; problem: string }> {
    let raw: string;
    try {
      raw = await readFile(path.join(this.dir, METADATA_FILE), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, entries: {} };
      return { ok: false, exists: true, problem: `${METADATA_FILE} cannot be read (${(err as NodeJS.ErrnoException).code}); an operator must fix it first.` };
    }
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { ok: true, entries: parsed as Record<string, unknown> };
    } catch {
      // reported below
    }
    return {
      ok: false,
      exists: true,
      problem: `${METADATA_FILE} is not a valid JSON object, so its metadata cannot be changed safely; an operator must fix it first.`,
    };
  }

  private writeSidecar(entries: Record<string, unknown>): Promise<void> {
    return this.atomicWrite(METADATA_FILE, new TextEncoder().encode(`${JSON.stringify(sortedKeys(entries), null, 2)}\n`));
  }

  /** Writes `bytes` to `name` in the corpus folder through a flushed hidden temporary file and a rename. */
  private async atomicWrite(name: string, bytes: Uint8Array): Promise<void> {
    const temp = path.join(this.dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (err) {
      await handle.close();
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await handle.close();
    try {
      await rename(temp, path.join(this.dir, name));
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
  }
}

function sortedKeys(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(entries)
      .sort()
      .map((k) => [k, entries[k]]),
  );
}

/** The source IDs among a folder's file names (hidden files and other extensions are not sources). */
function sourceIdsOf(names: readonly string[]): SourceId[] {
  return names.filter((name) => !name.startsWith('.') && sourceExtensionOf(name)).map(sourceIdOf);
}

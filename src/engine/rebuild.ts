/**
 * Builds an answer engine in a worker thread, so that the thread that called keeps running: the bot goes
 * on acknowledging and answering from its current index while a new one is read, indexed and saved.
 *
 * The worker makes the index as `AnswerEngine.fromCorpus` does on one thread (it calls `indexCorpus`) and sends
 * the sources and the index's typed arrays back, the arrays by transfer (no copy); this thread makes the engine
 * around them and, for a reload (`saveAfterReply`), saves the index without holding its event loop. A build
 * that outlives `timeoutMs` is stopped (the worker terminated) and fails with `BuildTimeout`.
 */
import type { Worker } from 'node:worker_threads';
import { startSiblingWorker } from '../worker.ts';
import { AnswerEngine, DEFAULT_ENGINE_OPTIONS, defaultVectors, type EngineOptions, type IndexOrigin } from './engine.ts';
import { progress, type Progress } from '../progress.ts';
import { indexFromArrays, saveSnapshotAsync, type IndexArray } from './index/snapshot.ts';
import { PreviousAnalyses, type HeldAnalyses, type SearchIndex } from './index/search-index.ts';
import { Acronyms } from './language/acronyms.ts';
import type { LoadFailure, Source } from '../types.ts';
import { earlierSource, type EarlierSource } from '../sources/corpus.ts';

export interface WorkerBuildOptions {
  /** Ranking and composing options of the engine (default `DEFAULT_ENGINE_OPTIONS`). */
  engine?: EngineOptions;
  /** The saved index to start from and save to, as in `AnswerEngine.fromCorpus`. */
  snapshotFile?: string;
  /** Stop the build after this long (default: no limit). */
  timeoutMs?: number;
  /** Draw the build's progress on standard error (from this thread). */
  showProgress?: boolean;
  /** Stops the build when aborted (e.g. the bot is shutting down). */
  signal?: AbortSignal;
  /**
   * The sources this thread already holds (the current engine's): a source with the same ID and content
   * hash comes back without its text, which is taken from here. Copying 150 MB of text between threads
   * held this thread for half a second at 1M sentences; on a reload most sources are unchanged.
   */
  previous?: readonly Source[];
  /**
   * The index this thread answers from: its analyses are sent along (copied) for the worker to reuse where a
   * source's content is unchanged, so that it need not read them back from the saved index.
   */
  previousIndex?: SearchIndex;
  /**
   * Hand a freshly built index back before saving it; this thread then saves it from the arrays it answers from,
   * through the thread pool and a checksum made 8 MB at a time (`saveSnapshotAsync`), and reports to `onSaved`.
   * Saving a 1M-sentence index takes about a second, which a reload then no longer waits for; until the
   * new file is in place (written aside and renamed), the previous saved index stays as it was.
   */
  saveAfterReply?: boolean;
  /** Told where the index was saved (or why not) when `saveAfterReply` saved it after replying. */
  onSaved?: (saved: SaveOutcome) => void;
  /**
   * After a successful build, start the worker for the next one, so that a reload does not wait for a
   * thread to start and load its modules and the language model (about half a second).
   */
  keepWarm?: boolean;
}

export type SaveOutcome = { file: string; bytes: number } | { file: string; error: string };

/** What the worker is asked to do (its first message). */
export interface WorkerRequest {
  corpusDir: string;
  options: EngineOptions;
  snapshotFile?: string;
  /** `id` → content hash of the sources whose text the calling thread holds already. */
  known: [string, string][];
  /** Those sources as the loader takes them again unread when their files have not changed (`CorpusOptions.earlier`). */
  earlier: EarlierSource[];
  saveAfterReply: boolean;
  /** The analyses of the calling thread's index (`previousIndex`). */
  held?: HeldAnalyses;
}

/** A source as sent back: without its text when the calling thread holds it already. */
export type SentSource = Omit<Source, 'text'> & { text?: string };

export type WorkerReply =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'done'; sources: SentSource[]; failures: LoadFailure[]; origin: IndexOrigin; arrays: [string, IndexArray][] }
  /** The corpus's acronym table, made after the reply when the reply carried the saved index's (`staleAcronyms`). */
  | { kind: 'acronyms'; bytes: Uint8Array }
  | { kind: 'failed'; message: string; stack?: string };

export class BuildTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the index build did not finish within ${Number((timeoutMs / 1000).toFixed(1))} s and was stopped`);
    this.name = 'BuildTimeout';
  }
}

export function buildInWorker(corpusDir: string, options: WorkerBuildOptions = {}): Promise<AnswerEngine> {
  const engineOptions = options.engine ?? DEFAULT_ENGINE_OPTIONS;
  const previous = new Map((options.previous ?? []).map((s) => [s.id, s]));
  const request: WorkerRequest = {
    corpusDir,
    options: engineOptions,
    snapshotFile: options.snapshotFile,
    known: [...previous.values()].map((s) => [s.id, s.contentHash]),
    earlier: [...previous.values()].flatMap((s) => earlierSource(s) ?? []),
    saveAfterReply: options.saveAfterReply ?? false,
    ...(options.previousIndex ? { held: PreviousAnalyses.held(options.previousIndex) } : {}),
  };
  return new Promise<AnswerEngine>((resolve, reject) => {
    if (options.signal?.aborted) return reject(new Error('the index build was cancelled'));
    /** The engine handed back, which later messages (its acronym table) complete. */
    let built: AnswerEngine | undefined;
    let saveStarted = false;
    /** Saves the freshly built index from this thread (`saveAfterReply`), once, after the reply. */
    const saveWhenReady = () => {
      if (saveStarted || !built || !request.saveAfterReply || request.snapshotFile === undefined || built.origin.kind !== 'built') return;
      saveStarted = true;
      const file = request.snapshotFile;
      const index = built.index;
      void saveInTurn(file, index).then(
        (bytes) => options.onSaved?.({ file, bytes }),
        (err: unknown) => options.onSaved?.({ file, error: err instanceof Error ? err.message : String(err) }),
      );
    };
    const worker = takeWorker();
    worker.postMessage(request);
    let bar: Progress | undefined;
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', cancel);
      bar?.finish();
      outcome();
    };
    const stop = (error: Error) =>
      finish(() => {
        void worker.terminate();
        reject(error);
      });
    const cancel = () => stop(new Error('the index build was cancelled'));
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => stop(new BuildTimeout(options.timeoutMs!)), options.timeoutMs);
    options.signal?.addEventListener('abort', cancel, { once: true });

    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'progress') {
        if (options.showProgress) {
          bar ??= progress('Indexing sources', reply.total);
          bar.update(reply.done);
        }
      } else if (reply.kind === 'acronyms') {
        built?.useAcronyms(Acronyms.fromBytes(reply.bytes));
        saveWhenReady();
      } else if (reply.kind === 'failed') {
        stop(Object.assign(new Error(reply.message), { stack: reply.stack }));
      } else {
        finish(() => {
          try {
            const sources = reply.sources.map((s): Source => ({ ...s, text: s.text ?? previous.get(s.id)!.text }));
            const index = indexFromArrays(sources, new Map(reply.arrays), engineOptions.ranking);
            // The worker's build opened (and if need be compiled and cached) the word vectors: here they load.
            built = new AnswerEngine(index, { failures: reply.failures, options: engineOptions, origin: reply.origin, vectors: defaultVectors() });
            resolve(built);
            // A reply that came with the saved index's acronym table is saved once the fresh table follows.
            if (reply.origin.kind === 'built' && !reply.origin.staleAcronyms) saveWhenReady();
            if (options.keepWarm) warmUp();
          } catch (err) {
            reject(err);
          }
        });
      }
    });
    worker.on('error', (err: Error) => stop(err));
    worker.on('exit', (code) => {
      stop(new Error(`the index build stopped unexpectedly (worker exit code ${code})`));
      // The worker ended without the fresh acronym table (a source changed while it read them): the index is
      // saved with the table it answers with, and the next reload makes the fresh one.
      saveWhenReady();
    });
  });
}

/** The save in progress, if any: saves of successive reloads run one after another, so the latest lands last. */
let saving: Promise<unknown> = Promise.resolve();

/** Saves `index` to `file` without holding this thread, after any save still running. */
function saveInTurn(file: string, index: SearchIndex): Promise<number> {
  const turn = saving.then(() => saveSnapshotAsync(file, index));
  saving = turn.catch(() => undefined);
  return turn;
}

/** A worker started ahead of the next build (`keepWarm`), waiting for its request; never more than one. */
let spare: Worker | undefined;

function takeWorker(): Worker {
  const worker = spare ?? startWorker();
  spare = undefined;
  worker.ref();
  return worker;
}

function warmUp(): void {
  if (spare) return;
  const worker = startWorker();
  // Waiting does not keep the process alive, and a spare that fails is simply not there next time.
  worker.unref();
  const forget = () => {
    if (spare === worker) spare = undefined;
  };
  worker.on('error', forget);
  worker.on('exit', forget);
  spare = worker;
}

/** Ends the waiting worker, if any (when the bot stops). */
export function stopSpareWorker(): void {
  void spare?.terminate();
  spare = undefined;
}

/** The worker runs `rebuild-worker`; it waits for its request as its first message. */
function startWorker(): Worker {
  return startSiblingWorker(import.meta.url, 'rebuild-worker');
}

/**
 * The worker thread of `buildInWorker` (`src/engine/rebuild.ts`): loads the corpus and builds (or loads) its
 * index here, off the bot's event loop (saving a first build), then hands the index's typed arrays back by
 * transfer; a reload's index is saved by the calling thread, from those arrays, after it answers from them.
 */
import { parentPort } from 'node:worker_threads';
import { AnswerEngine, defaultVectors } from './engine.ts';
import { Acronyms } from './language/acronyms.ts';
import { PreviousAnalyses } from './index/search-index.ts';
import { checkIndexArrays, indexArrays } from './index/snapshot.ts';
import type { SentSource, WorkerReply, WorkerRequest } from './rebuild.ts';
import { withoutText } from '../sources/corpus.ts';

const port = parentPort!;
// Started ahead of need (`keepWarm`), the worker has its modules and the language model loaded by now.
const request = await new Promise<WorkerRequest>((resolve) => port.once('message', resolve));
const post = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

/** Progress as a message at most every 100 ms: thousands of sources must not mean thousands of messages. */
let lastProgress = 0;
function onProgress(done: number, total: number): void {
  const now = performance.now();
  if (now - lastProgress < 100 && done < total) return;
  lastProgress = now;
  post({ kind: 'progress', done, total });
}

try {
  // Only the index: the calling thread makes the engine's tables for meaning itself. The word vectors are opened
  // here all the same, so that a first build compiles and caches them off the calling thread.
  defaultVectors();
  const { index, failures, origin } = await AnswerEngine.indexCorpus(request.corpusDir, request.options, {
    snapshotFile: request.snapshotFile,
    onProgress,
    deferSave: request.saveAfterReply,
    earlier: new Map(request.earlier.map((s) => [s.file, s])),
    ...(request.held ? { previous: PreviousAnalyses.fromHeld(request.held) } : {}),
  });
  const arrays = indexArrays(index);
  // A loaded snapshot was checked as it loaded; a fresh build is checked too, so a bug shows here, not at question time.
  // (A build that reused saved analyses was checked already, by `fromCorpus`.)
  if (origin.kind === 'built' && origin.reused === undefined) {
    const problem = checkIndexArrays(index.sources, arrays, index.vocabulary.size);
    if (problem) throw new Error(`the index just built is inconsistent (${problem})`);
  }
  // A fresh build the caller asked to save after replying is saved by the calling thread, from the arrays it
  // answers from (`saveSnapshotAsync`): keeping copies here to save from cost a 1M-sentence reload 0.3-0.8 s.
  const sent = [...arrays];
  const known = new Map(request.known);
  // Without the texts the calling thread holds, and without reading those this thread left unread.
  const sources: SentSource[] = index.sources.map((s) => (known.get(s.id) === s.contentHash ? withoutText(s) : s));
  const buffers = new Set<ArrayBuffer>();
  for (const [, a] of sent) buffers.add(a.buffer as ArrayBuffer);
  post({ kind: 'done', sources, failures, origin, arrays: sent }, [...buffers]);
  if (origin.kind === 'built' && origin.staleAcronyms) {
    // The reply went out with the saved index's acronyms; the fresh table follows (read from the sources alone:
    // the index's arrays have gone with the reply), and the calling thread saves the index with it.
    const bytes = Acronyms.of(index.sources).toBytes();
    post({ kind: 'acronyms', bytes }, [bytes.buffer as ArrayBuffer]);
  }
} catch (err) {
  post({ kind: 'failed', message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined });
}

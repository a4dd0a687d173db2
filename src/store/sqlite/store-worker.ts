/**
 * The thread that owns the SQLite connection (see `sqlite-store.ts`). better-sqlite3 is synchronous: a
 * statement that waits for another process's write lock waits on the thread that runs it, so it runs here,
 * never on the bot's thread.
 *
 * It answers each call in the order received. A call whose deadline passed while it queued is not run (its
 * caller has given up). A write that finds the lock taken fails at once for a short while after (`busy`),
 * so that a backlog drains in milliseconds rather than one busy wait per write. A database that cannot be
 * opened or written (read-only, damaged, its folder gone) makes the store unavailable: calls fail at once,
 * and the file is opened again every `retryMs`. A database file deleted or replaced under the bot is noticed
 * (the path no longer names the file that is open) before each write and every `checkMs`, said, and opened anew.
 */
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { DATABASE_FILE, Storage } from './storage.ts';
import path from 'node:path';
import type { StoreFailure } from '../records.ts';

export interface StoreWorkerData {
  dataDir: string;
  busyMs: number;
  retryMs: number;
  checkMs: number;
}

export type StoreMethod =
  | 'recordQuestion'
  | 'answerRecord'
  | 'voteOf'
  | 'votesOn'
  | 'vote'
  | 'channelMode'
  | 'setChannelMode'
  | 'channelModes'
  | 'gaps'
  | 'stats'
  | 'audit'
  | 'history'
  | 'deleteQuestionBatch'
  | 'checkpoint';

export const WRITES: ReadonlySet<StoreMethod> = new Set(['recordQuestion', 'vote', 'setChannelMode', 'audit', 'deleteQuestionBatch', 'checkpoint']);

export type StoreRequest = { type: 'call'; id: number; method: StoreMethod; args: unknown[]; deadline: number } | { type: 'close' };

export type StoreReply =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; failure: StoreFailure; message: string }
  | { type: 'state'; available: true; event: 'opened' | 'reopened' }
  | { type: 'state'; available: false; why: string; event: 'unavailable' | 'replaced' };

/** How long writes fail at once after one found the lock taken: long enough to drain a backlog, short enough to notice the lock going. */
const BACKOFF_MS = 1_000;

/** SQLite's answers that mean the database cannot be used as it is (as opposed to one failed statement). */
const UNUSABLE = /^SQLITE_(READONLY|CORRUPT|NOTADB|CANTOPEN|IOERR|PERM|AUTH)/;

const { dataDir, busyMs, retryMs, checkMs } = workerData as StoreWorkerData;
const port = parentPort!;
const file = path.join(dataDir, DATABASE_FILE);

let storage: Storage | undefined;
/** The open file's identity, to tell when the path names another file (or none). */
let opened: { dev: number; ino: number } | undefined;
let lockedUntil = 0;
let lastTry = 0;

function post(reply: StoreReply): void {
  port.postMessage(reply);
}

function describe(err: unknown): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

function open(event: 'opened' | 'reopened'): boolean {
  lastTry = Date.now();
  try {
    storage = Storage.open(dataDir, { busyMs });
    const { dev, ino } = statSync(file);
    opened = { dev, ino };
    post({ type: 'state', available: true, event });
    return true;
  } catch (err) {
    storage = undefined;
    opened = undefined;
    post({ type: 'state', available: false, why: describe(err), event: 'unavailable' });
    return false;
  }
}

function drop(): void {
  try {
    storage?.close();
  } catch {
    // Closing a connection to a damaged or vanished file can fail too; it is being let go either way.
  }
  storage = undefined;
  opened = undefined;
}

/** Whether the path still names the file that is open; if not, says so and opens the file that is there now. */
function checkSameFile(): void {
  if (!storage || !opened) return;
  let now: { dev: number; ino: number } | undefined;
  try {
    now = statSync(file);
  } catch {
    now = undefined;
  }
  if (now && now.dev === opened.dev && now.ino === opened.ino) return;
  drop();
  post({ type: 'state', available: false, why: `${file} was deleted or replaced while open`, event: 'replaced' });
  open('reopened');
}

function unusable(err: unknown): void {
  drop();
  post({ type: 'state', available: false, why: describe(err), event: 'unavailable' });
}

port.on('message', (request: StoreRequest) => {
  if (request.type === 'close') {
    drop();
    port.close();
    return;
  }
  const { id, method, args, deadline } = request;
  const fail = (failure: StoreFailure, message: string) => post({ type: 'result', id, ok: false, failure, message });
  if (Date.now() > deadline) return fail('busy', 'the records were busy: the call waited too long to run');
  const write = WRITES.has(method);
  if (write) checkSameFile();
  if (!storage && Date.now() - lastTry >= retryMs) open('reopened');
  if (!storage) return fail('unavailable', 'the records are unavailable');
  if (write && Date.now() < lockedUntil) return fail('busy', 'the database is locked by another process');
  try {
    const value = (storage[method] as (...a: unknown[]) => unknown).apply(storage, args);
    post({ type: 'result', id, ok: true, value });
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      lockedUntil = Date.now() + BACKOFF_MS;
      return fail('busy', 'the database is locked by another process');
    }
    if (UNUSABLE.test(code)) {
      unusable(err);
      return fail('unavailable', describe(err));
    }
    fail('failed', describe(err));
  }
});

open('opened');
// Retries an unavailable store, and notices a deleted file even when nothing is written.
setInterval(
  () => {
    if (!storage && Date.now() - lastTry >= retryMs) open('reopened');
    else checkSameFile();
  },
  Math.min(checkMs, retryMs),
).unref();

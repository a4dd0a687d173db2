/** The bot's context from its settings: the database, the member-hash key, the corpus writer. */
import { CorpusWriter } from '../sources/corpus-write.ts';
import { MAX_SOURCE_BYTES } from '../sources/corpus.ts';
import { buttonSigner, memberHasher, memberKey } from '../store/member-key.ts';
import { dataDirFrom } from '../settings.ts';
import { SqliteStore, type SqliteStoreOptions } from '../store/sqlite/sqlite-store.ts';
import { PostgresStore, type PostgresStoreOptions } from '../store/postgres/postgres-store.ts';
import type { RecordStore } from '../store/records.ts';
import type { SharedCorpus } from '../store/postgres/shared-corpus.ts';
import { fetchPolicyFrom } from '../sources/web/policy.ts';
import type { BotContext } from './context.ts';
import { DEFAULT_DOWNLOAD_TIMEOUT_MS, downloadOrigins } from '../sources/download.ts';
import { Cooldown, type Library } from './library.ts';
import type { Logger } from './health/log.ts';
import type { BotSettings } from './settings.ts';

/** How long a moderator has to confirm `/sources remove`. */
export const CONFIRM_MS = 5 * 60_000;

export type ContextSettings = Pick<BotSettings, 'apiBase' | 'askCooldownSeconds' | 'dataDir' | 'questionRetentionDays' | 'manageGuildIds' | 'memberHashKey'> &
  Partial<Pick<BotSettings, 'messageContentIntent' | 'sourceFetch' | 'databaseUrl'>> & {
    /** The SQLite store's time limits (tests shorten them); default `STORE_DEFAULTS`. */
    store?: SqliteStoreOptions;
    /** The PostgreSQL store's (with `databaseUrl`); default `POSTGRES_DEFAULTS`. */
    postgres?: PostgresStoreOptions;
  };

/** The records: in PostgreSQL when `databaseUrl` is set (several hosts, one database), else the SQLite file in `dataDir`. */
export function openRecords(settings: Pick<ContextSettings, 'databaseUrl' | 'store' | 'postgres'>, dataDir: string): RecordStore {
  return settings.databaseUrl ? PostgresStore.open(settings.databaseUrl, settings.postgres) : SqliteStore.open(dataDir, settings.store);
}

/**
 * Starts the records' store (which opens the database and applies migrations off this thread: a database
 * that cannot be opened leaves the bot answering, its records unavailable) and makes the member-hash key if
 * there is none yet.
 */
export function openContext(
  settings: ContextSettings,
  library: Library,
  log: Logger,
  downloadTimeoutMs = DEFAULT_DOWNLOAD_TIMEOUT_MS,
  shared?: SharedCorpus,
): BotContext {
  const dataDir = dataDirFrom(settings.dataDir);
  const key = memberKey(dataDir, settings.memberHashKey);
  const hashMember = memberHasher(key);
  return {
    library,
    cooldown: new Cooldown(settings.askCooldownSeconds * 1000),
    storage: openRecords(settings, dataDir),
    hashMember,
    retentionDays: settings.questionRetentionDays,
    manage: {
      guildIds: new Set(settings.manageGuildIds),
      writer: shared?.writer ?? new CorpusWriter(library.corpusDir, MAX_SOURCE_BYTES),
      ...(shared ? { shared } : {}),
      download: { allowedOrigins: downloadOrigins(settings.apiBase), maxBytes: MAX_SOURCE_BYTES, timeoutMs: downloadTimeoutMs },
      // Absent (a test that does not fetch): the defaults, which refuse private addresses.
      fetch: settings.sourceFetch ?? fetchPolicyFrom({}, []),
      confirmMs: CONFIRM_MS,
      signButton: buttonSigner(key),
    },
    log,
    messageContent: settings.messageContentIntent ?? false,
  };
}

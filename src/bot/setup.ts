/** The bot's context from its settings: the database, the member-hash key, the corpus writer. */
import { CorpusWriter } from '../sources/corpus-write.ts';
import { MAX_SOURCE_BYTES } from '../sources/corpus.ts';
import { buttonSigner, memberHasher, memberKey } from '../store/member-key.ts';
import { dataDirFrom } from '../settings.ts';
import { SqliteStore, type SqliteStoreOptions } from '../store/sqlite/sqlite-store.ts';
import { fetchPolicyFrom } from '../sources/web/policy.ts';
import type { BotContext } from './context.ts';
import { DEFAULT_DOWNLOAD_TIMEOUT_MS, downloadOrigins } from '../sources/download.ts';
import { Cooldown, type Library } from './library.ts';
import type { Logger } from './health/log.ts';
import type { BotSettings } from './settings.ts';

/** How long a moderator has to confirm `/sources remove`. */
export const CONFIRM_MS = 5 * 60_000;

export type ContextSettings = Pick<BotSettings, 'apiBase' | 'askCooldownSeconds' | 'dataDir' | 'questionRetentionDays' | 'manageGuildIds' | 'memberHashKey'> &
  Partial<Pick<BotSettings, 'messageContentIntent' | 'sourceFetch'>> & {
    /** The records' time limits (tests shorten them); default `STORE_DEFAULTS`. */
    store?: SqliteStoreOptions;
  };

/**
 * Starts the records' store (which opens the database and applies migrations off this thread: a database
 * that cannot be opened leaves the bot answering, its records unavailable) and makes the member-hash key if
 * there is none yet.
 */
export function openContext(settings: ContextSettings, library: Library, log: Logger, downloadTimeoutMs = DEFAULT_DOWNLOAD_TIMEOUT_MS): BotContext {
  const dataDir = dataDirFrom(settings.dataDir);
  const key = memberKey(dataDir, settings.memberHashKey);
  const hashMember = memberHasher(key);
  return {
    library,
    cooldown: new Cooldown(settings.askCooldownSeconds * 1000),
    storage: SqliteStore.open(dataDir, settings.store),
    hashMember,
    retentionDays: settings.questionRetentionDays,
    manage: {
      guildIds: new Set(settings.manageGuildIds),
      writer: new CorpusWriter(library.corpusDir, MAX_SOURCE_BYTES),
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

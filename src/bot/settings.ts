/**
 * The bot's settings, from the environment (`.env` via dotenv). Each missing or wrong setting is named;
 * the token's value is never echoed.
 */
import { envValue } from '../settings.ts';
import { MIN_MEMBER_KEY_CHARS } from '../store/member-key.ts';
import { readSharding, type Sharding } from './shards/sharding.ts';
import { type FetchPolicy, fetchPolicyFrom } from '../sources/web/policy.ts';

export interface BotSettings {
  token: string;
  /** The application's ID; needed by `npm run deploy-commands`. */
  clientId?: string;
  /** Register commands to this one server (instant) instead of globally. */
  guildId?: string;
  /** REST base without the version, e.g. `http://127.0.0.1:PORT/api`; tests point it at a fake Discord. */
  apiBase?: string;
  /** Seconds a member waits between two /ask. */
  askCooldownSeconds: number;
  corpusDir?: string;
  /** Where the database and the member-hash key live (default `.data/` in the project). */
  dataDir?: string;
  /**
   * `DATABASE_URL`: the records in this PostgreSQL database (shared by every host of the bot) instead of the
   * SQLite file in `dataDir`. The member-hash key still lives in `dataDir` (or `MEMBER_HASH_KEY`).
   */
  databaseUrl?: string;
  /** Days questions and votes are kept. */
  questionRetentionDays: number;
  /** Servers where moderators may add, remove and reload sources (the corpus is shared by every server). */
  manageGuildIds: string[];
  /** Key for hashing members' IDs; unset, a random key is kept in the data folder. */
  memberHashKey?: string;
  /** Seconds a `/sources reload` may take before it is stopped (the current index keeps answering). */
  reloadTimeoutSeconds: number;
  /** Seconds to finish the interactions in flight after SIGTERM or SIGINT, before closing anyway. */
  shutdownGraceSeconds: number;
  /**
   * Ask Discord for the privileged Message Content intent (`MESSAGE_CONTENT_INTENT=true`), which auto-answer
   * channels need; it must be enabled in the Developer Portal too, or Discord closes the gateway (4014).
   */
  messageContentIntent: boolean;
  /** Where `/healthz`, `/readyz` and `/metrics` are served; absent, they are not. Port 0: any free port (logged). */
  metrics?: { port: number; host: string };
  /** One process, or a shard manager with a process per shard (`SHARDS`, `SHARD_LIST`), or one of its shards. */
  sharding: Sharding;
  /** How `/sources add url:` and `/sources refresh` fetch (`SOURCE_FETCH_*`). */
  sourceFetch: FetchPolicy;
}

export type SettingsResult = { ok: true; settings: BotSettings } | { ok: false; problems: string[] };

const SNOWFLAKE = /^\d{17,20}$/;

export function readSettings(env: NodeJS.ProcessEnv, need: { clientId?: boolean } = {}): SettingsResult {
  const problems: string[] = [];
  const value = (name: string) => envValue(name, env);
  const token = value('DISCORD_TOKEN');
  if (!token) problems.push('DISCORD_TOKEN is missing: the bot token from the Developer Portal (Bot → Reset Token).');
  else if (/\s/.test(token) || token.length < 30) problems.push('DISCORD_TOKEN does not look like a bot token (it is set, but too short or has spaces).');

  const clientId = value('DISCORD_CLIENT_ID');
  if (clientId && !SNOWFLAKE.test(clientId)) problems.push(`DISCORD_CLIENT_ID must be the application's numeric ID, not "${clientId}".`);
  if (need.clientId && !clientId) problems.push("DISCORD_CLIENT_ID is missing: the application's ID (General Information → Application ID).");

  const guildId = value('DISCORD_GUILD_ID');
  if (guildId && !SNOWFLAKE.test(guildId)) problems.push(`DISCORD_GUILD_ID must be a server's numeric ID, not "${guildId}".`);

  const apiBase = value('DISCORD_API_BASE');
  if (apiBase && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(apiBase))
    problems.push(`DISCORD_API_BASE must be an http(s) URL such as http://127.0.0.1:8080/api, not "${apiBase}".`);
  else if (apiBase && /\/v\d+\/?$/.test(apiBase)) problems.push('DISCORD_API_BASE must not end in a version such as /v10: the REST client adds it.');

  const seconds = (name: string, fallback: number, min: number, max: number) => {
    const text = value(name) ?? String(fallback);
    const n = Number(text);
    if (!(Number.isFinite(n) && n >= min && n <= max)) problems.push(`${name} must be a number of seconds from ${min} to ${max}, not "${text}".`);
    return n;
  };
  const askCooldownSeconds = seconds('ASK_COOLDOWN_SECONDS', 5, 0, 3600);
  // Discord accepts edits to a deferred reply for 15 minutes: a reload must report before that.
  const reloadTimeoutSeconds = seconds('RELOAD_TIMEOUT_SECONDS', 300, 1, 840);
  const shutdownGraceSeconds = seconds('SHUTDOWN_GRACE_SECONDS', 10, 0, 600);

  const retentionText = value('QUESTION_RETENTION_DAYS') ?? '90';
  const questionRetentionDays = Number(retentionText);
  if (!(Number.isInteger(questionRetentionDays) && questionRetentionDays >= 1 && questionRetentionDays <= 3650)) {
    problems.push(`QUESTION_RETENTION_DAYS must be a whole number of days from 1 to 3650, not "${retentionText}".`);
  }

  const manageText = value('MANAGE_GUILD_IDS');
  const manageGuildIds =
    manageText === undefined
      ? guildId
        ? [guildId]
        : []
      : manageText
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== '');
  for (const id of manageGuildIds)
    if (!SNOWFLAKE.test(id)) problems.push(`MANAGE_GUILD_IDS must be servers' numeric IDs separated by commas; "${id}" is not one.`);

  const memberHashKey = value('MEMBER_HASH_KEY');
  if (memberHashKey !== undefined && memberHashKey.length < MIN_MEMBER_KEY_CHARS) {
    problems.push(`MEMBER_HASH_KEY must be at least ${MIN_MEMBER_KEY_CHARS} characters (e.g. the output of: openssl rand -hex 32), or unset to have one made.`);
  }

  const databaseUrl = value('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl))
    problems.push('DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/quotebot (or unset for the SQLite file in DATA_DIR).');

  const metricsPort = value('METRICS_PORT');
  const port = Number(metricsPort);
  if (metricsPort !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535))
    problems.push(`METRICS_PORT must be a port number from 0 to 65535 (or empty for no health and metrics listener), not "${metricsPort}".`);
  const metricsHost = value('METRICS_HOST') ?? '127.0.0.1';
  if (/\s|\//.test(metricsHost)) problems.push(`METRICS_HOST must be an address to listen on, such as 127.0.0.1 or 0.0.0.0, not "${metricsHost}".`);
  const intentText = value('MESSAGE_CONTENT_INTENT') ?? 'false';
  const messageContentIntent = /^(true|1|yes)$/i.test(intentText);
  if (!messageContentIntent && !/^(false|0|no)$/i.test(intentText)) problems.push(`MESSAGE_CONTENT_INTENT must be true or false, not "${intentText}".`);
  const sharding = readSharding(env, problems);
  const sourceFetch = fetchPolicyFrom(env, problems);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      token: token!,
      clientId,
      guildId,
      apiBase: apiBase?.replace(/\/$/, ''),
      askCooldownSeconds,
      corpusDir: value('CORPUS_DIR'),
      dataDir: value('DATA_DIR'),
      databaseUrl,
      questionRetentionDays,
      manageGuildIds,
      memberHashKey,
      reloadTimeoutSeconds,
      shutdownGraceSeconds,
      messageContentIntent,
      ...(metricsPort !== undefined ? { metrics: { port, host: metricsHost } } : {}),
      sharding,
      sourceFetch,
    },
  };
}

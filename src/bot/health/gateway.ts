/**
 * The gateway connection in the log: an outage is one line when it starts, then at most one line per
 * `intervalMs` with the number of reconnect attempts so far (discord.js retries about twice a second),
 * and one line when the connection is back. A close code after which Discord will never accept the
 * connection again (a revoked token, disallowed intents) is fatal: `onFatal` hears it with an explanation.
 */
import { DiscordAPIError, DiscordjsError, DiscordjsErrorCodes, Events, type Client } from 'discord.js';
import type { Logger } from './log.ts';
import type { Telemetry } from './telemetry.ts';

/** What to do when Discord refuses the token at login, before any gateway connection (REST answers 401). */
export const TOKEN_REJECTED =
  'Discord rejected the bot token (401 Unauthorized): it is wrong, reset or revoked. Put the current token in DISCORD_TOKEN (Developer Portal → Bot → Reset Token).';

/**
 * Whether a login failed because of the token itself: Discord answered 401, or discord.js turned that 401 (or a
 * token of the wrong shape) into TokenInvalid. Such a failure needs the operator, not a retry or a stack trace.
 */
export function isTokenRejected(err: unknown): boolean {
  return (err instanceof DiscordAPIError && err.status === 401) || (err instanceof DiscordjsError && err.code === DiscordjsErrorCodes.TokenInvalid);
}

/** Close codes after which discord.js gives up, with what an operator should do about each. */
export const FATAL_CLOSE_CODES: ReadonlyMap<number, string> = new Map([
  [
    4004,
    'Discord rejected the bot token (4004 Authentication failed): it was reset or revoked. Put the current token in DISCORD_TOKEN (Developer Portal → Bot → Reset Token).',
  ],
  [4010, 'Discord rejected the shard settings (4010 Invalid shard).'],
  [4011, 'Discord requires sharding for this bot (4011 Sharding required): it is in too many servers for one connection.'],
  [4012, 'Discord rejected the gateway API version (4012 Invalid API version): update discord.js.'],
  [4013, 'Discord rejected the gateway intents (4013 Invalid intents).'],
  [
    4014,
    'Discord refused a privileged intent (4014 Disallowed intents): the bot asks for Message Content because MESSAGE_CONTENT_INTENT=true. Turn on Message Content Intent in the Developer Portal (your application → Bot → Privileged Gateway Intents), or set MESSAGE_CONTENT_INTENT=false.',
  ],
]);

export interface GatewayWatchOptions {
  /** At most one "still reconnecting" line per this many milliseconds (default 10 s). */
  intervalMs?: number;
  onFatal?: (code: number, explanation: string) => void;
  /** Hears each connection coming up and going down, and each reconnect attempt. */
  telemetry?: Pick<Telemetry, 'gateway'>;
}

/** Returns a function to call before closing the connection on purpose, which is then no outage. */
export function watchGateway(client: Client, log: Logger, options: GatewayWatchOptions = {}): () => void {
  const intervalMs = options.intervalMs ?? 10_000;
  let outage: { since: number; attempts: number; loggedAt: number } | null = null;
  let closing = false;

  client.on(Events.ShardReconnecting, (shard) => {
    if (closing) return;
    options.telemetry?.gateway(shard, 'reconnecting');
    const now = Date.now();
    if (!outage) {
      outage = { since: now, attempts: 1, loggedAt: now };
      log.log('warn', 'gateway_reconnecting', { shard, attempts: 1 });
      return;
    }
    outage.attempts++;
    if (now - outage.loggedAt >= intervalMs) {
      outage.loggedAt = now;
      log.log('warn', 'gateway_reconnecting', { shard, attempts: outage.attempts, down_ms: now - outage.since });
    }
  });
  const recovered = (shard: number, how: 'resumed' | 'reidentified') => {
    options.telemetry?.gateway(shard, how === 'resumed' ? 'resumed' : 'ready');
    if (!outage) return;
    log.log('info', 'gateway_recovered', { shard, how, attempts: outage.attempts, down_ms: Date.now() - outage.since });
    outage = null;
  };
  client.on(Events.ShardResume, (shard) => recovered(shard, 'resumed'));
  client.on(Events.ShardReady, (shard) => recovered(shard, 'reidentified'));
  client.on(Events.ShardError, (error, shard) => log.log('warn', 'gateway_error', { shard, error: error.message }));
  // discord.js emits this only when it will not reconnect.
  client.on(Events.ShardDisconnect, (event, shard) => {
    options.telemetry?.gateway(shard, 'closed');
    const explanation = FATAL_CLOSE_CODES.get(event.code) ?? `The gateway closed with code ${event.code} and discord.js will not reconnect.`;
    log.log('error', 'gateway_closed_for_good', { shard, code: event.code, message: explanation });
    options.onFatal?.(event.code, explanation);
  });
  return () => {
    closing = true;
  };
}

/**
 * Which part of a sharded bot this process is, and what the shard manager and its shard processes say to
 * each other. Light on purpose: the manager imports it and must not load the index or the database.
 *
 * `SHARDS` is the operator's setting (`auto`, or a number of shards), but discord.js's `ShardingManager`
 * starts each shard with `SHARDS` set to that shard's ID, `SHARD_COUNT` to the total and
 * `SHARDING_MANAGER=true`, and discord.js's `Client` reads `SHARDS` and `SHARD_COUNT` itself. So the
 * variable means two things, and `SHARDING_MANAGER` tells them apart: with it, this process is a shard and
 * `SHARDS` is its ID; without it, `SHARDS` is the operator's and this process is either the whole bot or the
 * manager. A shard can therefore never start managing shards of its own, and the bot passes its shard IDs
 * to the `Client` explicitly, so that an operator's `SHARDS=1` is never read by discord.js as "shard 1".
 */
import { envValue } from '../../settings.ts';
import type { PeerReload } from '../context.ts';
import type { Readiness } from '../health/health.ts';

export type Sharding =
  /** One process, one gateway connection (`SHARDS` unset or 1). */
  | { role: 'single' }
  /** The manager: no Discord client of its own, one child process per shard in `shardList`. */
  | { role: 'manager'; totalShards: 'auto' | number; shardList?: number[] }
  /** One shard process, started by the manager. */
  | { role: 'shard'; ids: number[]; count: number };

/** Discord's largest bots run a few thousand shards; a bigger number is a typo. */
const MAX_SHARDS = 100_000;

/** `SHARDS` and `SHARD_LIST` (or, in a shard process, discord.js's `SHARDS` and `SHARD_COUNT`); problems are appended. */
export function readSharding(env: NodeJS.ProcessEnv, problems: string[]): Sharding {
  const value = (name: string) => envValue(name, env);
  if (env.SHARDING_MANAGER !== undefined) {
    const ids = parseIds(value('SHARDS') ?? '');
    const count = Number(value('SHARD_COUNT'));
    if (!ids || ids.length === 0 || !(Number.isInteger(count) && count >= 1) || ids.some((id) => id >= count)) {
      problems.push(
        `SHARDING_MANAGER is set, so this process is a shard, but SHARDS ("${env.SHARDS}") and SHARD_COUNT ("${env.SHARD_COUNT}") do not name its shards: only the shard manager should set these. Unset SHARDING_MANAGER to start the bot yourself.`,
      );
      return { role: 'single' };
    }
    return { role: 'shard', ids, count };
  }

  const shardsText = value('SHARDS');
  const listText = value('SHARD_LIST');
  let total: 'auto' | number | undefined;
  if (shardsText === undefined) total = undefined;
  else if (shardsText.toLowerCase() === 'auto') total = 'auto';
  else if (/^\d+$/.test(shardsText) && Number(shardsText) >= 1 && Number(shardsText) <= MAX_SHARDS) total = Number(shardsText);
  else problems.push(`SHARDS must be "auto" (as many shards as Discord recommends) or a number of shards from 1 to ${MAX_SHARDS}, not "${shardsText}".`);

  let shardList: number[] | undefined;
  if (listText !== undefined) {
    shardList = parseList(listText);
    if (!shardList) problems.push(`SHARD_LIST must be shard IDs and ranges separated by commas, such as 0-3 or 0,2,4, not "${listText}".`);
    else if (typeof total !== 'number') {
      if (total === 'auto')
        problems.push('SHARD_LIST needs SHARDS to be the total number of shards across every host, not "auto": each host must count the same total.');
      else if (shardsText === undefined) problems.push('SHARD_LIST needs SHARDS, the total number of shards across every host.');
    } else if (shardList.some((id) => id >= total)) {
      problems.push(`SHARD_LIST names shard ${Math.max(...shardList)}, but shard IDs go from 0 to ${total - 1} (SHARDS=${total}).`);
    }
  }
  if (total === undefined || (total === 1 && (shardList === undefined || shardList.join() === '0'))) return { role: 'single' };
  return { role: 'manager', totalShards: total, ...(shardList ? { shardList } : {}) };
}

/** discord.js writes one ID (`0`) or a JSON array (`[0,1]`). */
function parseIds(text: string): number[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    const ids = Array.isArray(parsed) ? parsed : [parsed];
    return ids.every((id) => Number.isInteger(id) && (id as number) >= 0) ? (ids as number[]) : undefined;
  } catch {
    return undefined;
  }
}

/** `0-3,8,10-11` → [0, 1, 2, 3, 8, 10, 11]; undefined when malformed. */
export function parseList(text: string): number[] | undefined {
  const ids = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (to < from || to >= MAX_SHARDS) return undefined;
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/**
 * Discord lets `maxConcurrency` shards identify at once, each in the bucket `id % maxConcurrency`, and each
 * bucket once per 5 seconds. How long to wait before starting shard `id`, given when each bucket's last
 * shard became ready (after identifying, so a ready time is later than its identify).
 */
export function identifyWaitMs(id: number, maxConcurrency: number, readyAt: ReadonlyMap<number, number>, now: number): number {
  const last = readyAt.get(id % Math.max(1, maxConcurrency));
  return last === undefined ? 0 : Math.max(0, last + IDENTIFY_INTERVAL_MS - now);
}

/** Discord's 5 s per bucket, with discord.js's half-second margin. */
export const IDENTIFY_INTERVAL_MS = 5_500;

/**
 * How many times a shard may crash before the manager gives up and exits non-zero, leaving it to the service
 * manager (systemd's restart limits, Docker's restart policy) rather than restarting a crash loop for ever.
 */
export class RestartBudget {
  private readonly crashes = new Map<number, number[]>();

  constructor(
    readonly max = 5,
    readonly windowMs = 10 * 60_000,
  ) {}

  /** Records a crash of `shard`; false when it has crashed more than `max` times within `windowMs`. */
  allow(shard: number, now = Date.now()): boolean {
    const recent = (this.crashes.get(shard) ?? []).filter((t) => t > now - this.windowMs);
    recent.push(now);
    this.crashes.set(shard, recent);
    return recent.length <= this.max;
  }
}

// ---- messages between the manager and its shards ---------------------------------------------------------
// They travel beside discord.js's own (whose keys start with `_`) on the same IPC channel, marked `quotebot`.

/** From the manager to a shard. */
export type ToShard =
  /** How ready the shard is, and (with `metrics`) its metrics as prom-client's JSON, for the manager to add up. */
  | { quotebot: 'status'; id: number; metrics: boolean }
  /** Another shard changed or reloaded the corpus: reload it here too. */
  | { quotebot: 'reload'; id: number; by: number }
  /** The answer to a shard's `reload-others`. */
  | { quotebot: 'reloaded-others'; id: number; results: PeerReload[] };

/** From a shard to the manager. */
export type FromShard =
  /** The shard listens for requests from now on (sent before it starts loading the index). */
  | { quotebot: 'listening'; shard: number }
  | { quotebot: 'status'; id: number; readiness: Readiness; metrics?: object[] }
  | { quotebot: 'reloaded'; id: number; result: PeerReload }
  /** This shard reloaded the corpus: have every other shard reload it too. */
  | { quotebot: 'reload-others'; id: number }
  /** This shard cannot run (a gateway close Discord will never take back, a failed start): stop everything. */
  | { quotebot: 'fatal'; shard: number; reason: string };

export function isQuotebotMessage<T extends { quotebot: string }>(message: unknown): message is T {
  return typeof message === 'object' && message !== null && typeof (message as { quotebot?: unknown }).quotebot === 'string';
}

/** Requests waiting for their reply, by request ID; a reply that does not come within the time given is undefined. */
export class PendingReplies<T> {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: T | undefined) => void>();

  open(timeoutMs: number): { id: number; reply: Promise<T | undefined> } {
    const id = this.nextId++;
    const reply = new Promise<T | undefined>((resolve) => {
      const timer = setTimeout(() => this.settle(id, undefined), timeoutMs);
      this.waiting.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
    return { id, reply };
  }

  settle(id: number, reply: T | undefined): void {
    const resolve = this.waiting.get(id);
    this.waiting.delete(id);
    resolve?.(reply);
  }

  /** Every request still waiting gets no reply (its process went away). */
  settleAll(): void {
    for (const id of [...this.waiting.keys()]) this.settle(id, undefined);
  }
}

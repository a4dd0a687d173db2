/** The sharding settings and the manager's small rules; the processes themselves are tested in start.test.ts. */
import { describe, expect, it } from 'vitest';
import { readSettings } from '../src/bot/settings.ts';
import { identifyWaitMs, parseList, PendingReplies, RestartBudget, IDENTIFY_INTERVAL_MS } from '../src/bot/shards/sharding.ts';
import { TOKEN } from './fake-discord.ts';

const sharding = (env: Record<string, string>) => {
  const r = readSettings({ DISCORD_TOKEN: TOKEN, ...env });
  return r.ok ? r.settings.sharding : r.problems;
};

describe('SHARDS and SHARD_LIST', () => {
  it('runs one process unless asked for more than one shard', () => {
    expect(sharding({})).toEqual({ role: 'single' });
    expect(sharding({ SHARDS: '' })).toEqual({ role: 'single' });
    expect(sharding({ SHARDS: '1' })).toEqual({ role: 'single' });
    expect(sharding({ SHARDS: '1', SHARD_LIST: '0' })).toEqual({ role: 'single' });
  });

  it('manages shards for auto or a number, on this host only the listed ones', () => {
    expect(sharding({ SHARDS: 'auto' })).toEqual({ role: 'manager', totalShards: 'auto' });
    expect(sharding({ SHARDS: 'AUTO' })).toEqual({ role: 'manager', totalShards: 'auto' });
    expect(sharding({ SHARDS: '4' })).toEqual({ role: 'manager', totalShards: 4 });
    expect(sharding({ SHARDS: '16', SHARD_LIST: '8-11, 15' })).toEqual({ role: 'manager', totalShards: 16, shardList: [8, 9, 10, 11, 15] });
  });

  it('is a shard when the manager started it, whatever the operator put in SHARDS: a shard never manages shards of its own', () => {
    // What discord.js's ShardingManager gives each shard, over the manager's own environment.
    const child = { SHARDS: '1', SHARD_COUNT: '2', SHARDING_MANAGER: 'true', SHARD_LIST: '0-1' };
    expect(sharding(child)).toEqual({ role: 'shard', ids: [1], count: 2 });
    expect(sharding({ ...child, SHARDS: '[0,1]' })).toEqual({ role: 'shard', ids: [0, 1], count: 2 });
    expect(sharding({ ...child, SHARDS: 'auto' })).toEqual([expect.stringMatching(/^SHARDING_MANAGER is set.*Unset SHARDING_MANAGER/)]);
    expect(sharding({ ...child, SHARDS: '2' })).toEqual([expect.stringMatching(/^SHARDING_MANAGER is set/)]);
  });

  it('names each wrong setting', () => {
    expect(sharding({ SHARDS: '0' })).toEqual([expect.stringMatching(/^SHARDS must be "auto".*not "0"/)]);
    expect(sharding({ SHARDS: 'two' })).toEqual([expect.stringMatching(/^SHARDS must be "auto".*not "two"/)]);
    expect(sharding({ SHARD_LIST: '0-1' })).toEqual([expect.stringMatching(/^SHARD_LIST needs SHARDS/)]);
    expect(sharding({ SHARDS: 'auto', SHARD_LIST: '0-1' })).toEqual([expect.stringMatching(/not "auto": each host must count the same total/)]);
    expect(sharding({ SHARDS: '4', SHARD_LIST: '2-4' })).toEqual([expect.stringMatching(/names shard 4, but shard IDs go from 0 to 3/)]);
    expect(sharding({ SHARDS: '4', SHARD_LIST: '3-1' })).toEqual([expect.stringMatching(/^SHARD_LIST must be shard IDs and ranges/)]);
  });

  it('reads lists and ranges', () => {
    expect(parseList('0')).toEqual([0]);
    expect(parseList('3, 1-2,1')).toEqual([1, 2, 3]);
    for (const bad of ['', '1,', 'a', '-1', '1-', '2-1', '1.5']) expect(parseList(bad)).toBeUndefined();
  });
});

describe('the shard manager', () => {
  it('waits 5.5 s after a bucket last identified before starting a shard in the same bucket', () => {
    const readyAt = new Map([[0, 10_000]]);
    // One identify at a time: every shard is in bucket 0.
    expect(identifyWaitMs(1, 1, readyAt, 10_000)).toBe(IDENTIFY_INTERVAL_MS);
    expect(identifyWaitMs(1, 1, readyAt, 12_000)).toBe(IDENTIFY_INTERVAL_MS - 2_000);
    expect(identifyWaitMs(1, 1, readyAt, 20_000)).toBe(0);
    // Sixteen at a time: shard 1 has a bucket of its own, shard 16 shares shard 0's.
    expect(identifyWaitMs(1, 16, readyAt, 10_000)).toBe(0);
    expect(identifyWaitMs(16, 16, readyAt, 10_000)).toBe(IDENTIFY_INTERVAL_MS);
  });

  it('restarts a crashing shard a bounded number of times within the window, each shard counted apart', () => {
    const budget = new RestartBudget(2, 60_000);
    expect([budget.allow(0, 0), budget.allow(0, 1_000), budget.allow(1, 1_000)]).toEqual([true, true, true]);
    expect(budget.allow(0, 2_000)).toBe(false);
    // Crashes older than the window are forgotten.
    expect(budget.allow(0, 62_500)).toBe(true);
  });

  it('settles a request with its reply, or with nothing after its time', async () => {
    const pending = new PendingReplies<string>();
    const a = pending.open(1_000);
    const b = pending.open(10);
    const c = pending.open(1_000);
    pending.settle(a.id, 'answer');
    pending.settle(a.id, 'late duplicate');
    expect(await a.reply).toBe('answer');
    expect(await b.reply).toBeUndefined();
    pending.settleAll();
    expect(await c.reply).toBeUndefined();
  });
});

/** Settings from the environment: one reader, for which an empty value is no value. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../src/bot/settings.ts';
import { corpusDirFrom, envValue, PROJECT_ROOT, snapshotFileFor, vectorsDirFrom } from '../src/settings.ts';

describe('settings from the environment', () => {
  it('reads an empty or blank value as unset, so the default holds (never the working folder)', () => {
    const env = { CORPUS_DIR: '', INDEX_CACHE_DIR: '  ', VECTORS_CACHE_DIR: '', DATA_DIR: '' };
    expect(envValue('CORPUS_DIR', env)).toBeUndefined();
    expect(corpusDirFrom(undefined, env)).toBe(path.join(PROJECT_ROOT, 'corpus'));
    expect(corpusDirFrom('', env)).toBe(path.join(PROJECT_ROOT, 'corpus'));
    expect(path.dirname(snapshotFileFor('/x/corpus', env)!)).toBe(path.join(PROJECT_ROOT, '.cache', 'index'));
    expect(vectorsDirFrom(env)).toBe(path.join(PROJECT_ROOT, '.cache', 'vectors'));
    const r = readSettings({
      DISCORD_TOKEN: 'x'.repeat(60),
      METRICS_PORT: '',
      ASK_COOLDOWN_SECONDS: '',
      MESSAGE_CONTENT_INTENT: '',
      DATA_DIR: '',
      CORPUS_DIR: '',
      SHARDS: '',
    });
    expect(r).toMatchObject({ ok: true, settings: { askCooldownSeconds: 5, messageContentIntent: false, dataDir: undefined, corpusDir: undefined } });
    expect(r.ok && r.settings.metrics).toBeUndefined();
    expect(r.ok && r.settings.sharding.role).toBe('single');
  });

  it('still takes a value that is set, trimmed', () => {
    expect(corpusDirFrom(undefined, { CORPUS_DIR: ' /srv/articles ' })).toBe('/srv/articles');
    expect(envValue('X', { X: ' 7 ' })).toBe('7');
  });
});

/** The attachment download's limits hold whatever the garbage collector does. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';

describe('download', () => {
  it('abandons a body that drips a byte at a time once its time is up, even while garbage is collected, and hangs up', () => {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(ROOT, 'test', 'slow-download.mts')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    });
    const { ms, result, closed } = JSON.parse(out.trim()) as { ms: number; result: string; closed: boolean };
    expect(result).toMatch(/took longer than 1 s and was abandoned/);
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(3_000);
    expect(closed).toBe(true);
  });
});

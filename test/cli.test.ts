import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseQuestionFile } from '../src/evaluate.ts';
import { DEV_SET, ROOT } from './helpers.ts';

function ask(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/ask.ts'), ...args], { input, encoding: 'utf8', cwd: ROOT });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run ask', () => {
  it('prints a readable answer: the quote in quotation marks with source ID and title', () => {
    const r = ask(['How far can ATACMS reach?']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^“.*(190 miles|300 km).*”\n {4}— 00\d_[0-9a-f]{16}: \S/m);
  });

  it('answers every line of standard input with one JSON object, in order, and nothing else', () => {
    const questions = parseQuestionFile(readFileSync(DEV_SET, 'utf8')).map((q) => q.question);
    const r = ask(['--json'], `${questions.join('\n')}\n\n`);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.question)).toEqual(questions);
    for (const l of lines) {
      expect(Object.keys(l).slice(0, 3)).toEqual(['question', 'answered', 'quotes']);
      for (const q of l.quotes) expect(Object.keys(q)).toEqual(['sourceId', 'text', 'start', 'end', 'score']);
    }
    expect(lines.filter((l) => !l.answered).map((l) => l.question)).toEqual(questions.slice(-3));
  });

  it('exits 0 on a declined answer and 2 on a usage error', () => {
    const declined = ask(['--json', 'What is the capital of France?']);
    expect(declined.code).toBe(0);
    expect(JSON.parse(declined.stdout)).toMatchObject({ answered: false, quotes: [] });
    const bad = ask(['--limit', '0', 'question']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--limit/);
    expect(ask([]).code).toBe(2);
  });
});

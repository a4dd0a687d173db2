import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseQuestionFile } from '../src/engine/evaluate.ts';
import { DEV_SET, PARAPHRASE_SET, ROOT } from './helpers.ts';

function run(script: string, args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], { input, encoding: 'utf8', cwd: ROOT });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ask = (args: string[], input?: string) => run('src/cli/ask.ts', args, input);

describe('npm run ask', () => {
  it('prints a readable answer: the quote in quotation marks with source ID and title', () => {
    const r = ask(['How far can ATACMS reach?']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^“.*(190 miles|300 km).*”\n {4}— 00\d_[0-9a-f]{16}: \S/m);
  });

  it('answers every line of standard input with one JSON object, in order, and nothing else', () => {
    const questions = parseQuestionFile(readFileSync(DEV_SET, 'utf8')).map((q) => q.question);
    const r = ask(['--json'], `${questions.join('\n')}\n`);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.question)).toEqual(questions);
    for (const l of lines) {
      expect(Object.keys(l).slice(0, 4)).toEqual(['question', 'outcome', 'answered', 'quotes']);
      expect(l.answered).toBe(l.outcome === 'answered');
      for (const q of l.quotes) expect(Object.keys(q)).toEqual(['sourceId', 'text', 'start', 'end', 'score']);
    }
    // The dev set's last three ask about other subjects: no quote at all.
    expect(lines.filter((l) => l.outcome === 'declined').map((l) => l.question)).toEqual(questions.slice(-3));
    expect(lines.slice(-3).every((l) => l.quotes.length === 0)).toBe(true);
  });

  it('takes JSON lines with a source and a limit, reports a bad line in its place and carries on', () => {
    const [first, second] = ['000_c9496b90a96922a9', '004_653a0a605732160c'];
    const input = [
      JSON.stringify({ question: 'How far can ATACMS reach?', source: second, limit: 1 }),
      '{"question": "How far can ATACMS reach?"',
      JSON.stringify({ question: 'How far can ATACMS reach?', source: first }),
      JSON.stringify({ source: first }),
      'Who manufactures ATACMS?',
      JSON.stringify({ question: 'Who manufactures ATACMS?', limit: 11 }),
      JSON.stringify({ question: 'How far can ATACMS reach?', limit: 10 }),
      '',
      JSON.stringify({ question: 'How far can ATACMS reach?', source: 'no_such_source' }),
      '   ',
    ].join('\n');
    const r = ask(['--json'], input);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(10);
    expect(lines[0].quotes.map((q: { sourceId: string }) => q.sourceId)).toEqual([second]);
    expect(lines[1]).toEqual({ line: 2, error: expect.stringMatching(/not valid JSON/) });
    expect(lines[2].answered).toBe(true);
    expect(new Set(lines[2].quotes.map((q: { sourceId: string }) => q.sourceId))).toEqual(new Set([first]));
    expect(lines[3]).toEqual({ line: 4, error: expect.stringMatching(/"question"/) });
    // A plain line is still a question, searched over every source with the default limit.
    expect(lines[4]).toMatchObject({ question: 'Who manufactures ATACMS?', answered: true });
    expect(lines[4].quotes[0].text).toMatch(/Lockheed Martin/);
    expect(lines[5]).toEqual({ line: 6, error: expect.stringMatching(/"limit"/) });
    // Without a source the search spans the corpus, and a larger limit lets more quotes through than the default 3.
    expect(new Set(lines[6].quotes.map((q: { sourceId: string }) => q.sourceId)).size).toBeGreaterThan(1);
    expect(lines[6].quotes.length).toBeGreaterThan(3);
    // A blank line keeps its place, so the tenth output still answers the tenth input.
    expect(lines[7]).toEqual({ line: 8, error: 'empty line: no question' });
    expect(lines[8]).toEqual({ line: 9, error: expect.stringMatching(/no source with ID "no_such_source"/) });
    expect(lines[9]).toEqual({ line: 10, error: 'empty line: no question' });
  });

  it('fails, with one clear line, when asked of a source that does not exist', () => {
    const r = ask(['--source', 'no_such_source', 'How far can ATACMS reach?']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: there is no source with ID "no_such_source"/m);
  });

  it('exits 0 on a declined answer and 2 on a usage error', () => {
    const declined = ask(['--json', 'What is the capital of France?']);
    expect(declined.code).toBe(0);
    expect(JSON.parse(declined.stdout)).toMatchObject({ outcome: 'declined', answered: false, quotes: [] });
    const bad = ask(['--limit', '0', 'question']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--limit/);
    expect(ask([]).code).toBe(2);
  });
});

describe('npm run eval', () => {
  const files = [DEV_SET, PARAPHRASE_SET].map((f) => path.relative(ROOT, f));

  it('prints one table per file, with the needed-sources line only where a file asks for it', () => {
    const r = run('src/cli/eval.ts', files);
    expect(r.code).toBe(0);
    const tables = r.stdout.split(/\n(?=test\/fixtures\/)/);
    expect(tables.map((t) => t.split(':')[0])).toEqual(files);
    for (const t of tables) {
      for (const name of [
        'hit@1 \\(quotes shown\\)',
        'hit@3 \\(quotes shown\\)',
        'source@1',
        'answered',
        'closest passages',
        'told nothing',
        'verbatim quotes',
      ])
        expect(t).toMatch(new RegExp(`^${name}.* +\\d+/\\d+`, 'm'));
    }
    expect(tables[0]).not.toMatch(/all needed sources/);
    expect(tables[1]).toMatch(/^all needed sources +\d+\/8 /m);
  });

  it('summarises every file as one JSON object with --json', () => {
    const r = run('src/cli/eval.ts', ['--json', ...files]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.files.map((f: { file: string }) => f.file)).toEqual(files);
    files.forEach((file, i) => {
      const items = parseQuestionFile(readFileSync(path.join(ROOT, file), 'utf8'));
      const f = summary.files[i];
      expect(f.answerable + f.unanswerable + f.offTopic).toBe(items.length);
      expect(f.needsSources).toBe(items.filter((q) => q.needsSources).length);
      expect(f.missedAt1).toHaveLength(f.answerable - f.hitAt1);
      expect(f.sourcesMissing).toHaveLength(f.needsSources - f.allSourcesShown);
    });
    expect(run('src/cli/eval.ts', []).code).toBe(2);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attribution, codeText, escapedWithin, escapeText, markdownSafeUrl, passageEmbeds, visibleText } from '../src/bot/discord/format.ts';
import type { Source } from '../src/types.ts';
import { cutText } from '../src/text.ts';

describe('escapeText', () => {
  it('leaves ordinary brackets, parentheses, # and @ alone: a backslash before them would show', () => {
    for (const text of ['the [cited] figure (2024)', 'ATACMS (Army Tactical Missile System)', 'issue #12', 'email me @ noon', 'a < b > c', '[1] (see note)']) {
      expect(escapeText(text)).toBe(text);
    }
  });

  it('keeps Markdown, masked links, mentions and line-start markup inert', () => {
    expect(escapeText('[click](https://evil.example)')).toBe('\\[click](https://evil.example)');
    expect(escapeText('see [a] and [b](<https://x.example>)')).toBe('see [a] and \\[b](<https://x.example>)');
    expect(escapeText('<@123> <@!4> <@&5> <#6> </ask:7> <:smile:8> <a:wave:9> <t:1700000000:R>')).toBe(
      '\\<@123> \\<@!4> \\<@&5> \\<#6> \\</ask:7> \\<:smile:8> \\<a:wave:9> \\<t:1700000000:R>',
    );
    expect(escapeText('hi @everyone and @here')).toBe('hi \\@everyone and \\@here');
    expect(escapeText('**bold** __under__ ~~gone~~ ||spoiler|| `code` snake_case')).toBe(
      '\\*\\*bold\\*\\* \\_\\_under\\_\\_ \\~\\~gone\\~\\~ \\|\\|spoiler\\|\\| \\`code\\` snake\\_case',
    );
    expect(escapeText('1. first')).toBe('1\\. first');
    expect(escapeText('see https://example.org/a_b_(c) now_')).toBe('see https://example.org/a_b_(c) now\\_');
    expect(escapeText('# Heading')).toBe('\\# Heading');
    expect(escapeText('-# small print')).toBe('\\-# small print');
    expect(escapeText('> quoted')).toBe('\\> quoted');
    expect(escapeText('- item')).toBe('\\- item');
    expect(escapeText('line one\n# two\r\nthree')).toBe('line one # two three');
    expect(escapeText('C:\\temp')).toBe('C:\\\\temp');
  });

  it('never lets a mention, masked link or invisible character through, whatever the input', () => {
    const piece = fc.constantFrom(
      '[',
      ']',
      '(',
      ')',
      '<',
      '>',
      '@',
      '#',
      '*',
      '_',
      '`',
      '|',
      '~',
      '\\',
      'everyone',
      'here',
      'https://x.example',
      '@',
      '&',
      '123',
      ':',
      'a',
      't',
      '/',
      '\n',
      ' ',
      '\u202E',
      '\u200B',
      '\u2066',
      'word',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }).map((p) => p.join('')),
        (text) => {
          const out = escapeText(text);
          expect(out).not.toMatch(/[\p{Cf}\n]/u);
          // Every "<@", "<#", "<:", "</" and "@everyone" is preceded by a backslash that is itself not escaped.
          expect(out).not.toMatch(/(^|[^\\])(\\\\)*(<[@#:/]|@everyone|@here)/);
          // A masked link needs "[text](": its "[" is escaped.
          expect(out).not.toMatch(/(^|[^\\])(\\\\)*\[[^[\]]*\]\(/);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('visibleText', () => {
  it('strips bidi controls and invisible format characters, keeping what can be seen', () => {
    const hidden = [
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200E',
      '\u200F',
      '\u061C',
      '\u200B',
      '\u200C',
      '\u2060',
      '\uFEFF',
      '\u00AD',
      '\u0007',
      '\u3164',
    ];
    expect(visibleText(`a${hidden.join('b')}c`)).toBe(`a${'b'.repeat(hidden.length - 1)}c`);
    expect(visibleText('Ukraine’s «ATACMS» — 190 km, 日本語, عربي')).toBe('Ukraine’s «ATACMS» — 190 km, 日本語, عربي');
    expect(visibleText('👩\u200D💻 team\u200Dmate')).toBe('👩\u200D💻 teammate');
    expect(visibleText('tab\tand\nline')).toBe('tab\tand\nline');
  });

  it('keeps IDs readable in code spans', () => {
    expect(codeText('evil\u202E`id')).toBe("`evil'id`");
  });
});

describe('escapedWithin', () => {
  it('cuts before escaping, so an escape is never split and the result fits', () => {
    const text = '*'.repeat(300);
    const { text: out, cut } = escapedWithin(text, 101);
    expect(cut).toBe(true);
    expect(out.length).toBeLessThanOrEqual(101);
    expect(out).toMatch(/^(\\\*)+…$/);
    expect(escapedWithin('short', 100)).toEqual({ text: 'short', cut: false });
  });
});

describe('answerMessage', () => {
  it("names each quote's source with its title and, when known, the date it was published", async () => {
    const { AnswerEngine } = await import('../src/engine/engine.ts');
    const { answerMessage } = await import('../src/bot/discord/format.ts');
    const { tempCorpus } = await import('./helpers.ts');
    const { dir, cleanup } = await tempCorpus({
      'old.txt': 'Zorblatt Weekly\nThe Zorblatt rocket flies 300 km.',
      'new.txt': 'Zorblatt Daily\nThe Zorblatt rocket now flies 500 km.',
      'sources.json': JSON.stringify({ old: { published: '2023-09-22' } }),
    });
    try {
      const engine = await AnswerEngine.fromCorpus(dir);
      const answer = engine.ask('How far does the Zorblatt rocket fly?');
      const description = (answerMessage(answer, engine).embeds![0] as { data: { description: string } }).data.description;
      expect(description).toContain('`old` · Zorblatt Weekly · 2023-09-22');
      expect(description).toMatch(/`new` · Zorblatt Daily(\n|$)/);
    } finally {
      await cleanup();
    }
  });
});

describe('linking a source', () => {
  const source = (meta: Source['meta'], title = 'A title'): Source => ({
    id: 'x',
    file: 'x.txt',
    text: '',
    bodyStart: 0,
    title,
    meta,
    bytes: 0,
    mtimeMs: 0,
    contentHash: '',
  });

  it('links the title with the preview suppressed, and shows the date', () => {
    expect(attribution('x', source({ url: 'https://example.org/a', published: '2024-11-18' }))).toBe('— `x` · [A title](<https://example.org/a>) · 2024-11-18');
    expect(attribution('x', source({}))).toBe('— `x` · A title');
    expect(attribution('gone', undefined)).toBe('— `gone` · gone');
    // A title's brackets become parentheses inside the link, even one escaped as the start of a masked link.
    expect(attribution('x', source({ url: 'https://e.example/' }, 'See [this](that) [1]'))).toBe('— `x` · [See (this)(that) (1)](<https://e.example/>)');
  });

  it('keeps any URL from ending the link early or adding markup, and leads to the same address', () => {
    const nasty = 'https://e.example/a_(b)c>d<e]f[g h|i\\j`k"l\'m*n~o?p=é#frag';
    const safe = markdownSafeUrl(nasty);
    expect(safe).toMatch(/^[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+$/);
    expect(decodeURI(safe.replace(/%28/g, '(').replace(/%29/g, ')').replace(/%27/g, "'"))).toBe(nasty);
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 40 }), (path, title) => {
        const line = attribution('x', source({ url: `https://e.example/${path}` }, title || 't'));
        // One masked link: the title's brackets cannot end it, the URL's characters cannot end its target.
        expect(line.match(/\]\(</g)).toHaveLength(1);
        expect(line).toMatch(/\]\(<https:\/\/e\.example\/[A-Za-z0-9\-._~:/?#@!$&*+,;=%]*>\)$/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('cutText', () => {
  it('keeps the start by default and the end when asked, cutting at a word', () => {
    expect(cutText('one two three four five', 12)).toEqual({ text: 'one two…', cut: true });
    expect(cutText('one two three four five', 12, { keep: 'end' })).toEqual({ text: '…four five', cut: true });
    expect(cutText('short', 12, { keep: 'end' })).toEqual({ text: 'short', cut: false });
  });

  it('never returns more than the length asked for, mark included (Discord refuses a message one character over)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 0, max: 200 }), fc.constantFrom('start' as const, 'end' as const), (text, max, keep) => {
        const cut = cutText(text, max, { keep });
        expect(cut.text.length).toBeLessThanOrEqual(max);
        expect(cut.cut).toBe(text.length > max);
      }),
      { numRuns: 500 },
    );
    expect(cutText('x'.repeat(2001), 2000).text).toHaveLength(2000);
  });
});

describe('passageEmbeds', () => {
  it('fits three long passages within Discord’s limit for a message’s embeds, the quote whole in bold', () => {
    const long = 'word '.repeat(2000);
    const s: Source = { id: 'x', file: 'x.txt', text: '', bodyStart: 0, title: 'T', meta: {}, bytes: 0, mtimeMs: 0, contentHash: '' };
    const passage = { sourceId: 'x', source: s, before: long, quote: 'The quoted sentence, with *stars*.', after: ` ${long}` };
    const embeds = passageEmbeds([passage, passage, passage], ['`y` is no longer among the sources.']).map((e) => e.data);
    const total = embeds.reduce((n, e) => n + (e.description?.length ?? 0), 0);
    expect(total).toBeLessThanOrEqual(6000);
    for (const e of embeds.slice(0, 3)) {
      expect(e.description).toContain('**The quoted sentence, with \\*stars\\*.**');
      expect(e.description).toMatch(/^…word /);
      expect(e.description).toMatch(/word…\n— `x` · T$/);
    }
    expect(embeds[3]!.description).toBe('`y` is no longer among the sources.');
  });
});

import { describe, expect, it } from 'vitest';
import { asksForHeading, asksForTitle, SourceNames } from '../src/engine/language/source-reference.ts';

const IDS = ['000_c9496b90a96922a9', '001_a3c365cc8ec05504', '003_592e011c8967ab50', '12-nato-summit', 'ukraine'];

describe('SourceNames', () => {
  it.each([
    ['what does the 003 article say about kursk', ['003_592e011c8967ab50'], 'what does say about kursk'],
    ["per the 001 article's numbers, how far can they reach", ['001_a3c365cc8ec05504'], 'per numbers, how far can they reach'],
    ['in source 3, who makes them', ['003_592e011c8967ab50'], 'in , who makes them'],
    ['what does article 003 say about kursk', ['003_592e011c8967ab50'], 'what does say about kursk'],
    ['source #0: what was the goal', ['000_c9496b90a96922a9'], ': what was the goal'],
    ['in 000_c9496b90a96922a9 what was the goal', ['000_c9496b90a96922a9'], 'in what was the goal'],
    ['compare the 000 article and the 003 article', ['000_c9496b90a96922a9', '003_592e011c8967ab50'], 'compare and'],
    ['what did the 12 story say', ['12-nato-summit'], 'what did say'],
    // "One" for the source, after "the" or with the ID's zeros.
    ['wat does the 001 one say abt winter', ['001_a3c365cc8ec05504'], 'wat does say abt winter'],
    ["is 003 one's take any different", ['003_592e011c8967ab50'], 'is take any different'],
  ])('%s', (question, ids, rest) => {
    expect(new SourceNames(IDS).named(question)).toEqual({ ids, rest });
  });

  it.each([
    // A number beside no word for a source, a source that does not exist, an ID that is an ordinary word.
    'how many of the 3 missiles hit',
    'did they fire 000 rounds',
    'what does the 007 article say',
    'what happened in ukraine',
    'how far can ATACMS reach in 2024',
    // A clause of a law or a treaty.
    'What did Article 12 of the Allied Armistice terms require Germany to withdraw from?',
    'does article 3 of the treaty apply',
    // "One" after a bare number, or joined to a word, is no source.
    'the 12 one-day matches were cancelled',
    'which 3 one would you pick',
  ])('names no source in: %s', (question) => {
    expect(new SourceNames(IDS).named(question)).toBeUndefined();
  });
});

describe('SourceNames: a source named by its subject', () => {
  // The engine's lookup reads the index (`sourceAbout`); here, a table of what each word picks out.
  const subjects: Record<string, string> = { kursk: '001_a3c365cc8ec05504', lockheed: '003_592e011c8967ab50' };
  const names = new SourceNames(IDS, (word) => subjects[word]);

  it.each([
    ["what does the kursk article say biden's decision is signaling?", ['001_a3c365cc8ec05504'], "what does kursk say biden's decision is signaling?"],
    ['per the Kursk piece, how many were killed on sunday', ['001_a3c365cc8ec05504'], 'per Kursk , how many were killed on sunday'],
    ["the lockheed story's figures: what do they cost", ['003_592e011c8967ab50'], 'lockheed figures: what do they cost'],
    ['in the kursk write-up and the 000 article, what was the goal', ['000_c9496b90a96922a9', '001_a3c365cc8ec05504'], 'in kursk and , what was the goal'],
    // …or by what the member recalls it says, in a clause that is then no part of the question.
    ['in the article that mentions the kursk incursion, who is expected to attack', ['001_a3c365cc8ec05504'], 'in , who is expected to attack'],
    ['the piece which talks about lockheed: how much do they cost?', ['003_592e011c8967ab50'], ': how much do they cost?'],
  ])('%s', (question, ids, rest) => {
    expect(names.named(question)).toEqual({ ids, rest });
  });

  it.each([
    // A word that picks out no one source, a subject said without "the", a year (the sources date themselves).
    'what does the atacms article say about range',
    'what do kursk articles say',
    'what did the 2023 article say',
    'what is the kursk report of the ministry',
    // A clause that picks out no one source, or news reports that mention something.
    'in the article that mentions the missiles, who makes them',
    'the reports that mention kursk, are they confirmed',
  ])('names no source in: %s', (question) => {
    expect(names.named(question)).toBeUndefined();
  });
});

describe('asksForTitle', () => {
  it.each(["what's the headline of", 'what is it called', 'not asking for a tweet or a summary 🐦 just own title line, what is it exactly?', 'title pls'])(
    'asks for the title: %s',
    (rest) => expect(asksForTitle(rest)).toBe(true),
  );
  it.each([
    'whats the title of, and what does it say about kursk',
    'what does the title say about the missiles',
    'who makes them',
    'what are the missiles called',
    'what is atacms called',
  ])('asks for more than the title: %s', (rest) => expect(asksForTitle(rest)).toBe(false));
});

describe('asksForHeading', () => {
  it.each([
    'what heading does the article put over its part about escalation?',
    'whats the subheading of the bit on winter',
    'which section heading covers trump',
  ])('asks for a heading: %s', (question) => expect(asksForHeading(question)).toBe(true));
  it.each(['r we heading for ww3', 'the season ukraine is heading into', 'are other countries nervous about where this is heading', 'what is the headline'])(
    'asks for none: %s',
    (question) => expect(asksForHeading(question)).toBe(false),
  );
});

/**
 * Acronyms members type for names the articles spell out: "UN" for "United Nations", "NSC" for "National
 * Security Council", "NK" for "North Korean". Read from the corpus itself: every run of two to five
 * capitalised words ("of", "the", "for" and "and" may sit between them) stands for its initials. Questions
 * read such an acronym, when the corpus does not use it as a word, as the words it stands for.
 */
import type { Source } from '../../types.ts';
import { termsOfWord } from './language.ts';

/** Capitalised words in a row, with the small words names keep between them. */
const NAME_RUN = /\b[A-Z][\p{Ll}-]+(?:\s+(?:(?:of|the|for|and)\s+)?[A-Z][\p{Ll}-]+){1,4}(?![\p{L}'’])/gu;
const SMALL_WORDS = new Set(['of', 'the', 'for', 'and']);

export class Acronyms {
  private constructor(private readonly expansions: ReadonlyMap<string, readonly string[]>) {}

  /** The acronyms of every name run in `sources`; one that stands for several names keeps the most frequent. */
  static of(sources: readonly Source[]): Acronyms {
    const counts = new Map<string, Map<string, number>>();
    for (const source of sources) {
      for (const match of source.text.slice(source.bodyStart).matchAll(NAME_RUN)) {
        const words = match[0].split(/\s+/).filter((w) => !SMALL_WORDS.has(w));
        // A sentence's first word is capitalised whatever it is: "The United States" is "United States".
        while (words.length > 2 && termsOfWord(words[0]!.toLowerCase()).length === 0) words.shift();
        if (words.length < 2) continue;
        const acronym = words.map((w) => w[0]!.toLowerCase()).join('');
        const phrase = words.join(' ');
        const byPhrase = counts.get(acronym) ?? new Map<string, number>();
        byPhrase.set(phrase, (byPhrase.get(phrase) ?? 0) + 1);
        counts.set(acronym, byPhrase);
      }
    }
    const expansions = new Map<string, readonly string[]>();
    for (const [acronym, byPhrase] of counts) {
      const [phrase] = [...byPhrase].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
      expansions.set(
        acronym,
        phrase.split(/\s+/).flatMap((w) => termsOfWord(w.toLowerCase())),
      );
    }
    return new Acronyms(expansions);
  }

  /** The terms `word` (an acronym, as typed) stands for, or undefined when it stands for no name of the corpus. */
  expand(word: string): readonly string[] | undefined {
    return word.length >= 2 && word.length <= 5 ? this.expansions.get(word.toLowerCase()) : undefined;
  }
}

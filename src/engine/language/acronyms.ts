/**
 * Acronyms members type for names the articles spell out: "UN" for "United Nations", "NSC" for "National
 * Security Council", "NK" for "North Korean". Read from the corpus itself: every run of two to five
 * capitalised words ("of", "the", "for" and "and" may sit between them) stands for its initials. Questions
 * read such an acronym, when the corpus does not use it as a word, as the words it stands for.
 *
 * The table is made with the index and saved with it (`toBytes`): reading every name in a million-sentence
 * corpus takes seconds, which the first question with an unknown short word used to wait for.
 */
import type { Source } from '../../types.ts';
import { FUNCTION_WORDS } from './function-words.ts';
import { termsOfWord } from './language.ts';

/** Capitalised words in a row, with the small words names keep between them. */
const NAME_RUN = /\b[A-Z][\p{Ll}-]+(?:\s+(?:(?:of|the|for|and)\s+)?[A-Z][\p{Ll}-]+){1,4}(?![\p{L}'’])/gu;
const SMALL_WORDS = new Set(['of', 'the', 'for', 'and']);
const isNoWord = (word: string) => FUNCTION_WORDS.has(word) || termsOfWord(word).length === 0;

export class Acronyms {
  private constructor(private readonly expansions: ReadonlyMap<string, readonly string[]>) {}

  /** The acronyms of every name run in `sources`; one that stands for several names keeps the most frequent. */
  static of(sources: readonly Source[]): Acronyms {
    // Name runs counted as written first, and read into words once per distinct run: on a large corpus the
    // same names come back hundreds of thousands of times.
    const runs = new Map<string, number>();
    for (const source of sources) {
      const run = new RegExp(NAME_RUN);
      run.lastIndex = source.bodyStart;
      for (let match = run.exec(source.text); match !== null; match = run.exec(source.text)) runs.set(match[0], (runs.get(match[0]) ?? 0) + 1);
    }
    const counts = new Map<string, Map<string, number>>();
    for (const [run, count] of runs) {
      const words = run.split(/\s+/).filter((w) => !SMALL_WORDS.has(w));
      // A sentence's first word is capitalised whatever it is: "The United States" is "United States".
      // (The words a question drops count as no word: "the" has a term of its own, so asking for terms missed it.)
      while (words.length > 2 && isNoWord(words[0]!.toLowerCase())) words.shift();
      if (words.length < 2) continue;
      const acronym = words.map((w) => w[0]!.toLowerCase()).join('');
      const phrase = words.join(' ');
      const byPhrase = counts.get(acronym) ?? new Map<string, number>();
      byPhrase.set(phrase, (byPhrase.get(phrase) ?? 0) + count);
      counts.set(acronym, byPhrase);
    }
    const expansions = new Map<string, readonly string[]>();
    for (const [acronym, byPhrase] of counts) {
      let best: [string, number] | undefined;
      for (const entry of byPhrase) if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0].localeCompare(best[0]) < 0)) best = entry;
      expansions.set(
        acronym,
        best![0].split(/\s+/).flatMap((w) => termsOfWord(w.toLowerCase())),
      );
    }
    return new Acronyms(expansions);
  }

  /** The table as UTF-8 lines, `acronym<TAB>term term…`, in acronym order: what a saved index holds. */
  toBytes(): Uint8Array {
    const lines = [...this.expansions].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([acronym, terms]) => `${acronym}\t${terms.join(' ')}`);
    return new TextEncoder().encode(lines.join('\n'));
  }

  /** The table `toBytes` wrote; a line that is not `acronym<TAB>terms` is skipped. */
  static fromBytes(bytes: Uint8Array): Acronyms {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    const expansions = new Map<string, readonly string[]>();
    for (const line of text === '' ? [] : text.split('\n')) {
      const tab = line.indexOf('\t');
      const terms = line.slice(tab + 1).split(' ');
      if (tab > 0) expansions.set(line.slice(0, tab), terms[0] === '' ? [] : terms);
    }
    return new Acronyms(expansions);
  }

  get size(): number {
    return this.expansions.size;
  }

  /** The terms `word` (an acronym, as typed) stands for, or undefined when it stands for no name of the corpus. */
  expand(word: string): readonly string[] | undefined {
    return word.length >= 2 && word.length <= 5 ? this.expansions.get(word.toLowerCase()) : undefined;
  }
}

/**
 * A source the member names in the question itself: "what does the 003 article say about…", "per article 002",
 * "in 004_653a0a605732160c". Replies show each quote's source ID, so members point back at a source by it (or
 * by its number, the part before the first "_" or "-"), as `/ask source:` does. The question is then asked
 * of that source, and the words that name it are not searched for ("article", "003"). Members who read the
 * articles name them by what they are about too: "the kursk article" is the one with a section "ATACMS Deployment
 * in Kursk", whatever the others say of Kursk in passing (`SubjectLookup`); "kursk" stays a word of the question.
 */
import type { SourceId } from '../../types.ts';

export interface SourceReference {
  /** The sources named, in the order of `ids`. */
  ids: SourceId[];
  /** The question without the words that name them. */
  rest: string;
}

/** Words for one of the sources: "the 003 article", "source 002", "piece 4". */
const SOURCE_NOUN = '(?:articles?|sources?|pieces?|stor(?:y|ies)|reports?|texts?|docs?|documents?|links?|files?|pages?)';

/**
 * A leading number of an ID and the words around it: before a word for a source ("the 003 article", "the 3
 * piece"), after "source" ("source 3", "source #0"), or after another word for one when written as IDs write it,
 * zeros first ("article 003"). "Article 34" or "Article 5 of the treaty" is a clause of a law, not a source.
 */
const NUMBERED = new RegExp(
  String.raw`(?:\b(?:the\s+)?(${SOURCE_NOUN})\s+(?:no\.?\s*|number\s+|#\s*)?(\d{1,6})\b(?:['’]s)?|(?:\bthe\s+)?(?:#\s*)?\b(\d{1,6})(?:['’]s)?\s+${SOURCE_NOUN}\b(?:['’]s)?)`,
  'giu',
);

/**
 * A number said with "one" for the source, as members point back at a quote's ID: "what does the 001 one say", "the
 * 003 one's take". Only after "the" or written zeros first, as IDs write it ("the 2 one-day matches", "those 2 ones"
 * are no source).
 */
const NUMBERED_ONE = /(?:\bthe\s+(?:#\s*)?(\d{1,6})|(?<![\p{L}\p{N}])(0\d{1,5}))(?:['’]s)?\s+one\b(?![-‐])(?:['’]s)?/giu;

/**
 * "the kursk article", "the Lockheed piece's": a word between "the" and a word for a source (the words a member
 * writes an article's subject with; not a number, which `NUMBERED` reads, nor "2023", a year the sources date).
 * Not "the central article of the doctrine" or "the only story of the series": a part of something else.
 */
const BY_SUBJECT = new RegExp(String.raw`\bthe\s+(\p{L}[\p{L}'’-]*)\s+(?:${SOURCE_NOUN}|write-?ups?)\b(?:['’]s)?(?!\s+of\b)`, 'giu');

/**
 * A source named by what it says, in a clause: "the article that mentions what they cost", "the piece which talks
 * about lockheed". The clause runs to the next mark of punctuation; a word of it that picks out one source
 * (`SubjectLookup`) names that source, and the clause, what the member recalls of it, is no part of what they ask.
 * (Not "the reports that mention north korean troops": news reports, not the sources. "The article about X" is
 * left alone: measured, it took one confident answer for nothing.)
 */
const BY_CLAUSE =
  /\bthe\s+(?:articles?|pieces?|stor(?:y|ies)|write-?ups?)\s+(?:(?:that|which)\s+(?:\S+\s+)?(?:mentions?|mentioned|talks?\s+about|talked\s+about|covers?|covered|is\s+about|was\s+about|discuss(?:es|ed)?|goes\s+into|went\s+into|brings?\s+up|brought\s+up))\s+([^,.;:!?()\u2013\u2014]{1,60})/giu;

/**
 * The one source a word picks out when said as an article's subject ("kursk" of "the kursk article"), or
 * undefined when it picks out none or several.
 */
export type SubjectLookup = (word: string) => SourceId | undefined;

/** The words for a source after which any number names one ("source 3"): the bot's own word for them. */
const SOURCE_WORD = /^sources?$/iu;

/**
 * A word that may be a whole ID (it holds a digit, "_" or "-"), with the words for a source around it: "in
 * 000_c9496b90a96922a9", "source 12-nato-summit's".
 */
const WHOLE = new RegExp(
  String.raw`(?:\b(?:the\s+)?${SOURCE_NOUN}\s+)?(?<![\p{L}\p{N}_-])([\p{L}\p{N}_-]*[\p{N}_-][\p{L}\p{N}_-]*)(?![\p{L}\p{N}_-])(?:['’]s)?(?:\s+${SOURCE_NOUN}\b)?`,
  'giu',
);

/** The number an ID opens with ("003" of "003_592e011c8967ab50"), or undefined for an ID without one. */
function leadingNumber(id: SourceId): number | undefined {
  const m = /^(\d{1,6})[_-]/u.exec(id);
  return m ? Number(m[1]) : undefined;
}

/**
 * How a corpus's sources may be named in a question, worked out once per corpus: a question is then read in one
 * pass, however many sources there are.
 */
export class SourceNames {
  /** IDs that cannot be an ordinary word, lower-cased. */
  private readonly whole = new Map<string, SourceId>();
  /** The sources opening with each number. */
  private readonly byNumber = new Map<number, SourceId[]>();

  constructor(
    private readonly ids: readonly SourceId[],
    private readonly bySubject?: SubjectLookup,
  ) {
    for (const id of ids) {
      if (/^[\p{L}\p{N}_-]+$/u.test(id) && /[\p{N}_-]/u.test(id)) this.whole.set(id.toLowerCase(), id);
      const n = leadingNumber(id);
      if (n !== undefined) this.byNumber.set(n, [...(this.byNumber.get(n) ?? []), id]);
    }
  }

  /**
   * The sources `question` names, or undefined when it names none. A whole ID counts wherever it stands when it
   * cannot be an ordinary word (it holds a digit, "_" or "-"): a source called "ukraine" is not named by every
   * question about Ukraine. A number counts only beside a word for a source (`NUMBERED`: "the 003 article", "source 3"), and
   * only when exactly one source opens with it.
   */
  named(question: string): SourceReference | undefined {
    if (this.whole.size === 0 && this.byNumber.size === 0 && this.bySubject === undefined) return undefined;
    const named = new Set<SourceId>();
    let rest = question;
    if (this.whole.size > 0) {
      rest = rest.replace(WHOLE, (match, word: string) => {
        const id = this.whole.get(word.toLowerCase());
        if (id === undefined) return match;
        named.add(id);
        return ' ';
      });
    }
    if (this.byNumber.size > 0) {
      rest = rest.replace(NUMBERED, (match, noun: string | undefined, after: string | undefined, before: string | undefined) => {
        const written = after ?? before!;
        if (after !== undefined && !SOURCE_WORD.test(noun!) && !/^0\d/u.test(written)) return match;
        const candidates = this.byNumber.get(Number(written));
        if (candidates?.length !== 1) return match;
        named.add(candidates[0]!);
        return ' ';
      });
      rest = rest.replace(NUMBERED_ONE, (match, afterThe: string | undefined, padded: string | undefined) => {
        const candidates = this.byNumber.get(Number(afterThe ?? padded));
        if (candidates?.length !== 1) return match;
        named.add(candidates[0]!);
        return ' ';
      });
    }
    if (this.bySubject !== undefined) {
      const lookup = this.bySubject;
      rest = rest.replace(BY_SUBJECT, (match, word: string) => {
        const id = lookup(word.toLowerCase());
        if (id === undefined) return match;
        named.add(id);
        return ` ${word} `;
      });
    }
    if (this.bySubject !== undefined) {
      const lookup = this.bySubject;
      rest = rest.replace(BY_CLAUSE, (match, clause: string) => {
        const ids = new Set<SourceId>();
        for (const word of clause.toLowerCase().match(/\p{L}[\p{L}'’-]*/gu) ?? []) {
          const id = lookup(word);
          if (id !== undefined) ids.add(id);
        }
        if (ids.size !== 1) return match;
        named.add([...ids][0]!);
        return ' ';
      });
    }
    if (named.size === 0) return undefined;
    return { ids: this.ids.filter((id) => named.has(id)), rest: rest.replace(/\s{2,}/gu, ' ').trim() };
  }
}

/**
 * Whether what is left of a question that names a source asks for its title: "what's it called", "its
 * headline", "not asking for a summary 🐦 just the title line, what is it exactly?". One part of the message asks
 * for the title, and every other part asks nothing or says what is not asked: "what's the title, and what does
 * it say about kursk" asks about Kursk too.
 */
export function asksForTitle(rest: string): boolean {
  const clauses = rest
    .toLowerCase()
    .split(/[,.;:!?()\u2013\u2014]|\s-\s|\p{Extended_Pictographic}/u)
    .map((clause) =>
      clause
        .replace(/[^\p{L}\p{N}\s'’]/gu, ' ')
        .split(/\s+/u)
        .filter((w) => w !== ''),
    )
    .filter((words) => words.length > 0);
  const askedWords = (words: string[]) => words.filter((w) => !TITLE_FRAME.has(w));
  const titleAt = clauses.findIndex((words) => {
    const asked = askedWords(words);
    // "what is it called" asks its title; "what is atacms called" asks what the source calls something.
    return (asked.length <= 2 && asked.some((w) => TITLE_WORD.test(w))) || (asked.length === 1 && CALLED.test(asked[0]!));
  });
  if (titleAt < 0) return false;
  return clauses.every((words, i) => i === titleAt || askedWords(words).length === 0 || DISCLAIMER.test(words[0]!));
}

/** How a part of a message that says what is not asked opens: "not asking for a tweet", "no summary". */
const DISCLAIMER = /^(?:not|no|don't|dont|never)$/u;

/** A word for a title. */
const TITLE_WORD = /^(?:title[ds]?|headlines?|headings?)$/u;
/** "called" or "named", as in "what is it called". */
const CALLED = /^(?:called|named)$/u;

/** The words around a request for a title that ask nothing else. */
const TITLE_FRAME = new Set(
  (
    "what whats what’s what's is was it its it’s it's the a an of for exactly just only own line lines please pls plz " +
    'tell me give say says read reads real actual full whole again do does did you u know which whose name'
  ).split(' '),
);

/**
 * Whether a question asks for a section's heading: "what heading does the 003 article put over its part about
 * escalation", "whats the subheading of the bit on winter". Not "heading" as a verb ("r we heading for ww3",
 * "the season ukraine is heading into"): the noun follows "what", "which", "the", "its" or "a".
 */
export function asksForHeading(question: string): boolean {
  return HEADING_ASKED.test(question);
}

const HEADING_ASKED =
  /\b(?:what|which|whats|what['’]s|the|its|a)\s+(?:section\s+|sub-?)?(?:headings?|headers?|subheads?)\b(?!\s+(?:into|towards?|for|to|home|off|out|back)\b)/iu;

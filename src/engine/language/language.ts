/**
 * Stage 2: text → paragraphs → sentences with exact offsets → matching terms, on wink-nlp.
 *
 * Documents and questions go through the same `termsOfTokens`, so "$1.5 million", "10,000",
 * "Zelenskiy’s", "U.S." and "long-range" match however they are typed.
 */
// What this analysis yields is saved with the index and the word vectors: bump INDEX_FORMAT (snapshot.ts) and VECTORS_FORMAT (word-vectors.ts) when it changes.
import type { ItemSentence } from 'wink-nlp';
import { DEMONYMS } from './demonyms.ts';
import { FUNCTION_WORDS } from './function-words.ts';
import { markQuantities, QuantityKind } from './quantities.ts';
import { leanWinkModel, winkReader } from './wink-model.ts';
import type { Span } from '../../types.ts';

// Sentence detection, and POS tagging for lemmas ("said" → "say", "men" → "man", which no stemmer joins);
// the rest of wink's pipeline (NER, sentiment, negation) is skipped for speed, and its models are not loaded.
const model = leanWinkModel();
const nlp = winkReader(model, ['sbd', 'pos']);
const its = nlp.its;
const winkStem: (word: string) => string = (model as unknown as { addons: { stem: (w: string) => string } }).addons.stem;
const stemOfDemonym = new Map([...DEMONYMS].map(([demonym, country]) => [winkStem(demonym), winkStem(country)]));
/** Porter2 stem, with a demonym folded into its country ("ukrainian" → "ukrain", as "Ukraine"). */
export function stem(word: string): string {
  const s = winkStem(word);
  return stemOfDemonym.get(s) ?? s;
}

/**
 * What kind of thing a term names, as bit flags: what answer-type evidence looks for ("Who…" wants a name,
 * "How many…" a number, "Why…" a reason: `REASON` marks the words that give one, see `markReasons`).
 * Parallel to a sentence's terms.
 */
export const TermKind = { NAME: 1, NUMBER: 2, REPORT: 4, ...QuantityKind, REASON: 128 } as const;

/**
 * Verbs that report speech ("said", "remarked", "noted"). In "What did Sovsun say?" the verb asks for a
 * statement, it is not the topic: any of these in a sentence answers it, and matching "say" itself would
 * prefer any short "…, Ionova said." over what Sovsun remarked. Verbs that carry content of their own
 * ("urge", "warn", "characterize") are not here.
 */
const REPORTING_VERBS = new Set(
  'say tell state remark note claim comment add mention reply respond explain write stress emphasize emphasise assert acknowledge'.split(' '),
);

export interface TermsWithKinds {
  terms: string[];
  /** `TermKind` flags of each term, parallel to `terms`. */
  kinds: number[];
}

export interface SentenceTerms extends Span, TermsWithKinds {}

/**
 * wink-nlp splits a word at a Turkish dotted capital I ("İzmir" → "İ" + "zmir"); it reads a plain "I" in its
 * place. The swap is one UTF-16 unit for one, so token lengths, and so offsets into the real text, still hold.
 */
/** A document read once, for its lexicon: `isOOV` looks a word up without reading anything. */
const lexicon = nlp.readDoc('') as unknown as { isOOV(word: string): boolean };

/**
 * Whether English, as wink-nlp's lexicon of 87,000 word forms has it, lacks `word` (lower case, as typed): a
 * typo ("gutteres") though its stem is a word ("gutter"), or a rare name. The word vectors know stems only.
 */
export function isUnknownWordForm(word: string): boolean {
  return lexicon.isOOV(word);
}

function readDoc(text: string) {
  return nlp.readDoc(text.includes('İ') ? text.replaceAll('İ', 'I') : text);
}

export interface ParagraphSentences extends Span {
  sentences: SentenceTerms[];
}

/**
 * Token types that carry meaning for matching; punctuation, symbols, URLs, emoji and @mentions (which
 * name people in a chat, not the topic asked about) do not.
 */
const MATCHABLE_TYPES = new Set(['word', 'number', 'ordinal', 'hashtag', 'decade', 'alpha']);

/**
 * Markdown block markers are layout, not words: a quote should start at "Lockheed", not at "## " or "- ".
 * Anchored at line start only, so an article's own dashes and asterisks inside a line are untouched.
 */
const BLOCK_MARKER = /^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,3}[.)][ \t]+)*/;

/**
 * Every line with text is a paragraph: a line break is a hard boundary, so a heading such as
 * "Strategic Implications" is never glued to the sentence on the next line.
 */
export function splitParagraphs(text: string, from = 0): Span[] {
  const spans: Span[] = [];
  const line = /[^\r\n]+/g;
  line.lastIndex = from;
  for (let m = line.exec(text); m; m = line.exec(text)) {
    const marker = BLOCK_MARKER.exec(m[0])![0].length;
    const body = m[0].slice(marker).trimEnd();
    const lead = body.length - body.trimStart().length;
    if (body.trim() === '' || /^(?:-{3,}|\*{3,}|_{3,}|```.*)$/.test(body.trim())) continue;
    spans.push({ start: m.index + marker + lead, end: m.index + marker + body.length });
  }
  return spans;
}

/** Sentences of every paragraph of `text` (from `from` on), with offsets into `text` and their terms. */
export function analyzeText(text: string, from = 0): ParagraphSentences[] {
  return splitParagraphs(text, from).map((para) => ({ ...para, sentences: sentencesOf(text, para) }));
}

function sentencesOf(text: string, para: Span): SentenceTerms[] {
  const doc = readDoc(text.slice(para.start, para.end));
  const tokens = doc.tokens();
  const spaces = tokens.out(its.precedingSpaces) as string[];
  const { terms, kinds, values } = termsPerToken(tokens);
  // wink keeps every character as a token value or preceding space, so summing lengths gives exact offsets.
  const startOf = new Array<number>(values.length);
  let at = para.start;
  for (let i = 0; i < values.length; i++) {
    at += spaces[i]!.length;
    startOf[i] = at;
    at += values[i]!.length;
  }
  const spans: [number, number][] = [];
  doc.sentences().each((s: ItemSentence) => {
    const [first, last] = s.out(its.span) as unknown as [number, number];
    const previous = spans.at(-1);
    // wink ends a sentence after titles its list lacks ("said Maj. | Volodymyr Omelyan"): a title before a
    // capitalised word starts a name, so the quote keeps who said it.
    if (previous && endsWithTitle(values, previous[1]) && /^\p{Lu}/u.test(values[first] ?? '')) previous[1] = last;
    else spans.push([first, last]);
  });
  return spans.map(([first, last]) => ({ start: startOf[first]!, end: startOf[last]! + values[last]!.length, ...flatten(terms, kinds, first, last + 1) }));
}

/** Titles written before a name that wink-nlp's sentence splitter reads as a sentence's end. */
const TITLES = new Set(['maj', 'cpl', 'adm', 'pvt', 'rev', 'pres', 'supt', 'insp', 'cmdr', 'det', 'fr', 'amb', 'atty', 'brig', 'sgt', 'capt']);

/** Whether the sentence ending at token `last` ends with a title and its dot ("Maj." or "Maj" "."). */
function endsWithTitle(values: readonly string[], last: number): boolean {
  const word = values[last] === '.' ? values[last - 1] : values[last]?.endsWith('.') ? values[last]!.slice(0, -1) : undefined;
  return word !== undefined && TITLES.has(word.toLowerCase());
}

/** Terms and their kinds of a text taken as one sentence (e.g. a benchmark's own candidate sentences). */
export function analyzeSentence(text: string): TermsWithKinds {
  const { terms, kinds } = termsPerToken(readDoc(text).tokens());
  return flatten(terms, kinds, 0, terms.length);
}

function flatten(terms: (readonly string[])[], kinds: number[], from: number, to: number): TermsWithKinds {
  const out: TermsWithKinds = { terms: [], kinds: [] };
  for (let i = from; i < to; i++) {
    for (const term of terms[i]!) {
      out.terms.push(term);
      out.kinds.push(kinds[i]!);
    }
  }
  return out;
}

/** A word as written, for exact-form matching: lower case, straight apostrophes, no possessive. */
export function surfaceOf(word: string): string {
  return word
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/'s?$/, '');
}

/**
 * Whether lower-cased `text` holds `word` as a whole word (not inside another word; "zelenskiy" is found in
 * "zelenskiy's"). A direct search for the few question words: scanning every word of every candidate
 * sentence with a Unicode regular expression cost a millisecond per query.
 */
export function containsWord(lowerText: string, word: string): boolean {
  for (let at = lowerText.indexOf(word); at >= 0; at = lowerText.indexOf(word, at + 1)) {
    if (!isLetter(lowerText[at - 1]) && !isLetter(lowerText[at + word.length])) return true;
  }
  return false;
}

function isLetter(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  return /\p{L}/u.test(ch);
}

type TokenList = ReturnType<ReturnType<typeof nlp.readDoc>['tokens']>;

export interface TokenTerms {
  /** Each token's matching terms. */
  terms: (readonly string[])[];
  /** Each token's `TermKind` flags (from its part of speech and token type). */
  kinds: number[];
  values: string[];
  normals: string[];
  lemmas: string[];
  pos: string[];
  /** wink-nlp's token types ("word", "number", "punctuation", "emoji"…). */
  types: string[];
}

/**
 * Each token of `text` with its terms, kinds and wink-nlp's readings. `otherScripts`: a word in a script wink-nlp's
 * English model does not know ("Київ", "далеко", typed unknown) is a term too. Questions read them so: a question
 * must not read as the one English word left in it. Articles and the word vectors do not (their terms, and so
 * the saved index and vector table, stay as they are).
 */
export function tokenTerms(text: string, { otherScripts = false } = {}): TokenTerms {
  return termsPerToken(readDoc(text).tokens(), otherScripts);
}

function termsPerToken(tokens: TokenList, otherScripts = false): TokenTerms {
  const normals = tokens.out(its.normal) as string[];
  const lemmas = tokens.out(its.lemma as unknown as typeof its.normal) as string[];
  const types = tokens.out(its.type) as string[];
  const values = tokens.out(its.value) as string[];
  const pos = tokens.out(its.pos) as string[];
  // "one of the most challenging seasons" picks one out of many and counts nothing: no answer to "how much".
  const picksOne = (i: number) => normals[i] === 'one' && normals[i + 1] === 'of';
  const kinds = pos.map((p, i) =>
    p === 'PROPN'
      ? TermKind.NAME
      : (p === 'NUM' || types[i] === 'number' || types[i] === 'ordinal') && !picksOne(i)
        ? TermKind.NUMBER
        : p === 'VERB' && REPORTING_VERBS.has(lemmas[i] ?? '')
          ? TermKind.REPORT
          : 0,
  );
  markQuantities(normals, kinds, (i) => (kinds[i]! & TermKind.NUMBER) !== 0);
  markReasons(normals, lemmas, pos, kinds);
  const shouted = isShouted(values, types);
  const terms = normals.map((normal, i) => {
    if (!MATCHABLE_TYPES.has(types[i]!) && !(otherScripts && types[i] === 'unk' && /\p{L}/u.test(normal))) return [];
    // An all-capitals stop word is an acronym: "US" the country, "IT" the field, not "us" and "it"; but not in a
    // text written all in capitals ("HOW FAR CAN ATACMS REACH"), where every word is.
    if (FUNCTION_WORDS.has(normal) && (shouted || !(values[i]!.length > 1 && values[i] === values[i]!.toUpperCase()))) return [];
    // The lemma of a plain word, else its normal form (a lemma drops a number's commas and an abbreviation's dots alike).
    return termsOfWord(types[i] === 'word' && /^[\p{L}'’-]+$/u.test(normal) ? (lemmas[i] ?? normal).toLowerCase() : normal);
  });
  return { terms, kinds, values, normals, lemmas, pos, types };
}

/** Nouns that name a reason ("amid concerns about…", "in response to…", "on Biblical grounds"). */
const REASON_NOUNS = new Set('reason cause concern fear worry response purpose aim goal motive protest ground basis need desire intent intention'.split(' '));
/** Words that open a reason clause; the words after them give it ("because of the weather", "amid fears"). */
const REASON_OPENERS = new Set(['because', 'amid', 'amidst']);
/** How many tokens after an opener are taken for the reason it opens (the function words among them have no terms). */
const REASON_REACH = 3;

/**
 * Marks the words that give a reason or a purpose with `TermKind.REASON`: what "why" asks for, which no kind of
 * name or number marks. A reason noun; the words after "because", "since" (as a conjunction), "amid", "due to",
 * "owing to", "thanks to", "so that"; a verb of purpose ("he cut all ties with them to hide the fact", "for not having
 * a permit"), but not an infinitive that completes the word before it (`COMPLEMENT_HEADS`).
 */
function markReasons(normals: readonly string[], lemmas: readonly string[], pos: readonly string[], kinds: number[]): void {
  const mark = (from: number, to: number) => {
    for (let j = from; j < Math.min(to, kinds.length); j++) kinds[j] = kinds[j]! | TermKind.REASON;
  };
  for (let i = 0; i < normals.length; i++) {
    const word = normals[i]!;
    const next = normals[i + 1];
    if (pos[i] === 'NOUN' && REASON_NOUNS.has(lemmas[i] ?? word)) mark(i, i + 1);
    else if (REASON_OPENERS.has(word) || (word === 'since' && pos[i] === 'SCONJ')) mark(i + 1, i + 1 + REASON_REACH);
    else if ((word === 'due' || word === 'owing' || word === 'thanks') && next === 'to') mark(i + 2, i + 2 + REASON_REACH);
    else if (word === 'so' && next === 'that') mark(i + 2, i + 2 + REASON_REACH);
    else if (word === 'to' && pos[i] === 'PART' && pos[i + 1] === 'VERB' && !COMPLEMENT_HEADS.has(pos[i - 1] ?? '')) mark(i + 1, i + 2);
    else if (word === 'for' && pos[i + 1] === 'VERB') mark(i + 1, i + 2);
    else if (word === 'for' && next === 'not' && pos[i + 2] === 'VERB') mark(i + 2, i + 3);
  }
}
/**
 * Parts of speech whose infinitive is most often their complement, not a purpose: "expected to provide",
 * "willing to go", "the decision to provide", "Kyiv's capacity to engage". A purpose then reads after a name,
 * a pronoun or a clause's end ("he cut all ties with them to hide the fact", "…, to hide it").
 */
const COMPLEMENT_HEADS = new Set(['VERB', 'AUX', 'ADJ', 'ADV', 'NOUN']);

/** A text with this many words in capitals (of two letters or more) and none in lower case reads as shouted. */
const SHOUTED_WORDS = 3;

/** Whether a text's words are all in capitals, at least `SHOUTED_WORDS` of them ("WHO MAKES THE MISSILES"). */
function isShouted(values: readonly string[], types: readonly string[]): boolean {
  let capitals = 0;
  for (let i = 0; i < values.length; i++) {
    if (types[i] !== 'word') continue;
    const v = values[i]!;
    if (v !== v.toUpperCase()) return false;
    if (v.length > 1 && v !== v.toLowerCase()) capitals++;
  }
  return capitals >= SHOUTED_WORDS;
}

/**
 * The terms one word gets when it stands alone in an article: by its lemma where wink-nlp gives one ("said" →
 * "say", "through" → "thru"), as `tokenTerms` reads every word of a text. `termsOfWord` stems the word as written.
 */
export function termsOfLoneWord(word: string): readonly string[] {
  return tokenTerms(word).terms.flat();
}

/**
 * Terms of words already seen: stemming and the Unicode clean-up cost more than wink-nlp's own tokenising,
 * and a corpus repeats its words, so each distinct word is normalised once. Cleared when full, to bound memory.
 */
const termsCache = new Map<string, readonly string[]>();
const TERMS_CACHE_SIZE = 200_000;

/** One token's normal form → its matching terms (several for "long-range", none for "’s"). Do not modify the result. */
export function termsOfWord(normal: string): readonly string[] {
  let terms = termsCache.get(normal);
  if (terms === undefined) {
    if (termsCache.size >= TERMS_CACHE_SIZE) termsCache.clear();
    terms = normaliseWord(normal);
    termsCache.set(normal, terms);
  }
  return terms;
}

function normaliseWord(normal: string): string[] {
  let word = normal.replace(/[’‘`´]/g, "'").replace(/^[#@]+/, '');
  if (/[^\p{ASCII}]/u.test(word)) word = word.normalize('NFKD').replace(/\p{M}+/gu, '');
  word = word.replace(/'s?$/, '');
  if (/^\d[\d,]*(\.\d+)?$/.test(word)) return [word.replace(/,/g, '')];
  // "u.s." → "us": dots inside abbreviations are not word breaks.
  if (/^(\p{L}\.)+\p{L}?\.?$/u.test(word)) word = word.replace(/\./g, '');
  const terms: string[] = [];
  // Letters then digits part too, so "F16s", "F-16" and "F 16" are the same terms: f, 16 (the plural "s" of a
  // name like that is no word of its own). A decade ("1990s") stays whole.
  const named = /^\p{L}+\d+s?$/u.test(word) ? word.replace(/s$/, '').split(/(?<=\p{L})(?=\d)/u) : word.split(/[^\p{L}\p{N}]+/u);
  for (const part of named) {
    if (part === '') continue;
    terms.push(/^\p{N}/u.test(part) ? part : stem(part));
  }
  return terms;
}

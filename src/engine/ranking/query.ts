/**
 * A question as the index knows it: its terms as IDs, in order and deduplicated, the words as typed, and
 * what kind of answer it asks for. Made once per question; retrieval, re-ranking and evidence all read it.
 */
import { isUnknownWordForm, TermKind, termsOfWord } from '../language/language.ts';
import type { Acronyms } from '../language/acronyms.ts';
import { analyzeQuery, type QueryAnalysis, queryTerms } from '../language/question.ts';
import type { SearchIndex } from '../index/search-index.ts';
import type { Speller, WordCorrection } from './spelling.ts';
import type { CorpusVectors } from '../meaning/corpus-vectors.ts';
import { FORMAL_SIMILARITY, formalTermsOf, formalTermsOfPhrase, seatTermsOf } from '../meaning/plain-words.ts';

/** What a plan can draw on besides the index: word vectors for meaning, a speller for typos. */
export interface PlanHelpers {
  vectors?: CorpusVectors;
  speller?: Speller;
  /** How characteristic of the corpus each term ID is, 0 to 1 (`corpusCharacter`); unknown: every term fully. */
  character?: Float32Array;
  /** 1 for each term ID the corpus writes as a name (`corpusNames`). */
  names?: Uint8Array;
  /** The corpus's acronyms ("UN", "NSC"), for a question's words the corpus lacks. */
  acronyms?: Acronyms;
  /** The corpus's terms in sorted order (`termsInOrder`), for the compounds that open with a word. */
  termOrder?: TermOrder;
}

/** A corpus term that stands in for a question term it is close to in meaning. */
export interface Expansion {
  /** The corpus term. */
  termId: number;
  /** Which question term (index into `QueryPlan.terms`) it stands in for. */
  of: number;
  /** Its vectors' similarity to that question term, 0 to 1. */
  similarity: number;
  /** A term ID: the expansion counts only in documents that do not hold it (a long form's word, where the short form is not said). */
  unless?: number;
}

export interface QueryPlan {
  /** Known terms, deduplicated, as IDs. */
  termIds: number[];
  /** Term IDs in question order, -1 for a term the corpus lacks. */
  sequence: number[];
  /** Words as typed, with their term IDs, for exact-form matching. */
  surfaces: { word: string; termId: number }[];
  /** Every distinct question term, known or not, with its IDF (an unknown term gets the IDF of df 0). */
  idfMass: number;
  terms: string[];
  /** What the question asks for: `TermKind` flags, and the focus noun's term ID (-1 for none or unknown). */
  answerKinds: number;
  focusTermId: number;
  /**
   * Index into `terms` of the noun the question asks to name when the corpus lacks that word ("paper" in "which
   * paper reported…"), else -1: an answer must then say it in other words ("Journal"), or it names something else.
   */
  unknownFocus: number;
  /**
   * The term ID of the country the focus is said to be of (`AnswerType.focusCountry`), -1 for none, or -2 when the
   * corpus never says it: an answer's sentence or paragraph must say it.
   */
  focusCountryTermId: number;
  /**
   * It asks which place ("which city got hit", "what country are the pilots training in"): an answer names one the
   * question does not, beside its noun or where English puts a place ("in Santa Clara", "near Kursk").
   */
  asksPlace: boolean;
  /** It asks for a place within a country ("which city", "what town"): a country's name does not answer it. */
  asksSettlement: boolean;
  /** It asks where (`AnswerType.where`): an answer names a place where English puts one. */
  asksWhere: boolean;
  /** It asks in so many words for a name (`QueryAnalysis.namesAsked`). */
  namesAsked: boolean;
  /** It sets something aside (`QueryAnalysis.setsAside`). */
  setsAside: boolean;
  /** It asks for one person or firm by what they are (`QueryAnalysis.oneNamedAsked`). */
  oneNamedAsked: boolean;
  /** It asks for what someone said in their own words (`QueryAnalysis.quotationAsked`). */
  quotationAsked: boolean;
  /** Index into `terms` of the role a "who is…" question asks about (`AnswerType.role`), else -1. */
  roleTerm: number;
  /** Index into `terms` of the verb a "who", "when" or "where" question asks about (`AnswerType.action`), else -1. */
  actionTerm: number;
  /** Index into `terms` of who a "what did X say" question asks about (`AnswerType.speaker`), else -1. */
  speakerTerm: number;
  /** Index into `terms` of who a yes-or-no question asks about (`AnswerType.subject`), else -1. */
  subjectTerm: number;
  /** It asks how long something lasted (`AnswerType.duration`). */
  asksDuration: boolean;
  /** It asks for an area (`AnswerType.area`). */
  asksArea: boolean;
  /** It asks for a date, a day, a month or a year by name (`AnswerType.calendar`). */
  asksCalendar: boolean;
  /** The question asks about change over time (see `QueryAnalysis.asksAboutChange`). */
  asksAboutChange: boolean;
  /**
   * The one year the question names when some sources, and not all, were published that year ("the 2023
   * counteroffensive goal", "what did zelensky get in 2023"): it asks what those sources say. The year is no
   * word to search for: the articles date themselves, they do not write their own year.
   */
  sourceYear: string | undefined;
  /**
   * It points back at what the channel speaks of ("w this", `QueryAnalysis.pointsBack`), or at a thing the corpus
   * speaks of ("this war", `QueryAnalysis.pointedAt`).
   */
  pointsBack: boolean;
  /**
   * The names the question gives by an acronym the corpus never writes, as the term IDs of the name the corpus
   * spells out ("un": United Nations): what the sources name, and speak of where they say those terms in a row.
   */
  spelledOut: number[][];
  /**
   * For a question that asks for a place (`asksPlace`), the terms of the long forms of the acronyms it says
   * ("atacms": army, tactical, missile, system): a sentence that spells one out names no other place. Empty otherwise.
   */
  longForms: ReadonlySet<string>;
  /**
   * For a question about who or what something is now (`QueryAnalysis.asksWhoIsNow`), the corpus's words that
   * make a role a past one ("former", "ex"): a sentence saying them before the question's words names someone
   * who no longer is. Empty for other questions.
   */
  earlierRoleTerms: number[];
  /** The corpus terms of `QueryAnalysis.setAgainst` ("injured, not killed": killed): a count beside one counts the other thing. */
  againstTermIds: ReadonlySet<number>;
  /**
   * The corpus terms of `AnswerType.fate`: the only ones that say the action of a "how many were killed" question
   * (none where the corpus has no such word). Undefined for other questions.
   */
  fateTermIds: readonly number[] | undefined;
  /** Corpus terms close in meaning to the question's terms (none without word vectors). */
  expansions: Expansion[];
  /**
   * Parallel to `terms`: each term's ID (-1 when the corpus lacks it) and IDF. A term the corpus lacks weighs
   * the IDF of df 0 times how rare it is in English (`WordVectors.rarity`): a small corpus's silence on "get"
   * or "think" says little, its silence on "kelvin" a lot.
   */
  termIdOf: number[];
  termIdf: number[];
  /** Parallel to `terms`: how rare each is in English, 0 to 1 (1 without word vectors, or for a word they lack). */
  termRarity: number[];
  /** Parallel to `terms`: how characteristic of the corpus each is, 0 to 1 (`corpusCharacter`); 0 for a term it lacks. */
  termTopic: number[];
  /** Parallel to `terms`: whether the corpus writes each as a name ("storm" of "Storm Shadow"). */
  termIsName: boolean[];
  /**
   * Parallel to `terms`: whether each is said only in a statement around the question (`QueryAnalysis.contextTerms`)
   * that names a year: "Back in 2023 Ukraine was fighting south to the Sea of Azov. Where is the focus by November
   * 2024?" tells of Azov in 2023 ("Sovsun was annoyed it took so long. but did she think…" names whom "she" is).
   */
  termToldOfAYear: boolean[];
  /**
   * Parallel to `terms`: for the words of a name typed as one ("cam newton", "inna sovsun"), the index of its
   * first term; else -1. A sentence naming the person by one of them ("Newton was sacked") names them, as
   * articles do after the first mention.
   */
  nameGroup: number[];
  /**
   * Corpus term ID → the question term (index into `terms`) it is closest to in meaning, and how close:
   * what the re-rank's soft matching reads. Holds only terms at least `softMinSimilarity` close.
   */
  related: Map<number, { of: number; similarity: number }>;
}

/** No term IDs: what a question sets against what it asks, when it sets nothing against it. */
const NO_IDS: ReadonlySet<number> = new Set();
/** No terms: the long forms of a question that asks for no place (`QueryPlan.longForms`). */
const NO_TERMS: ReadonlySet<string> = new Set();
/** Nouns that ask for a place by name, as terms: "which city", "what countries". */
const PLACE_NOUNS = new Set(
  'city cities town towns country countries region regions province provinces village villages port ports airbase airbases'
    .split(' ')
    .flatMap((word) => termsOfWord(word)),
);
/** Of those, the nouns of a place within a country (`QueryPlan.asksSettlement`). */
const SETTLEMENT_NOUNS = new Set('city cities town towns village villages port ports'.split(' ').flatMap((word) => termsOfWord(word)));

/**
 * How characteristic of the corpus (`corpusCharacter`) a word must be to say the corpus's subject: for a whole question
 * (`QuestionFacts.saysTopic` in `engine.ts`), and for a statement around the question or the question itself
 * (`settingStatements`): "korea" is 0.66, "putin" 0.81; "decision" (0.95) too, and "white" or "house" (0) not.
 */
export const TOPIC_TERM = 0.6;
/** Terms for the sources themselves: a statement that names them ("Every article I open just says…") is no aside. */
const SOURCE_STEMS = new Set('article report story piece coverage writeup source'.split(' ').flatMap((word) => termsOfWord(word)));

/** The statements around a question that may be asides (`QueryAnalysis.asides`) and say nothing on the corpus's topic. */
function settingStatements({ contextTerms, asides }: Pick<QueryAnalysis, 'contextTerms' | 'asides'>, onTopic: (term: string) => boolean): Set<number> {
  const setting = new Set(asides);
  for (const [term, statement] of contextTerms) if (onTopic(term)) setting.delete(statement);
  return setting;
}

const NO_WORDS: ReadonlySet<string> = new Set();

/** A line of Discord's block quote: opened by ">" (">>>" quotes the rest of the message). */
const QUOTED_LINE = /^[ \t]*>/;
const QUOTES_REST = /^[ \t]*>>>/;
/** The member's own lines ask something: a "?" or a question word. */
const ASKS = /\?|\b(?:what|which|who|whom|whose|when|where|why|how|wat|wot|wen|hw)\b/iu;

/**
 * The message without the block quotes it pastes from elsewhere that say nothing on the corpus's topic, where the
 * member's own lines ask: "forwarding the council email so the team sees it\n> Please ignore the previous collection
 * schedule. Green bins now go out fortnightly from 2 December.\nthat's for whoever does the bins, not you bot. what
 * do the articles say about North Korean troops?" searches for no schedule and no bins. Someone else's words are
 * no statement of the member's, whatever orders or figures they hold (the pasted email's "ignore" and "2 December"
 * would keep a sentence of the member's own as part of the question). A quote that says the topic ("> Ukraine can
 * now hit targets inside Russia\nis that right?") is what the member asks about, and stays.
 */
export function withoutPastedAsides(message: string, topical: (term: string) => boolean): string {
  if (!message.includes('>')) return message;
  const lines = message.split('\n');
  const quoted: boolean[] = [];
  let rest = false;
  for (const line of lines) {
    if (QUOTES_REST.test(line)) rest = true;
    quoted.push(rest || QUOTED_LINE.test(line));
  }
  if (!quoted.some(Boolean) || !ASKS.test(lines.filter((_, i) => !quoted[i]).join('\n'))) return message;
  const kept: string[] = [];
  for (let i = 0; i < lines.length; ) {
    if (!quoted[i]) {
      kept.push(lines[i++]!);
      continue;
    }
    let end = i;
    while (end < lines.length && quoted[end]) end++;
    const block = lines.slice(i, end);
    if (queryTerms(block.map((line) => line.replace(/^[ \t]*>+/, '')).join('\n')).some(topical)) kept.push(...block);
    i = end;
  }
  return kept.join('\n');
}

/** How much a term the corpus lacks weighs, 0 to 1 of the IDF of df 0: by how rare it is in English, when the word vectors know. */
function rarityOf(term: string, vectors: CorpusVectors | undefined): number {
  return vectors ? vectors.vectors.rarity(term) : 1;
}
/** What a number in a question weighs, of its IDF. */
const NUMBER_WEIGHT = 0.25;
/**
 * Verbs whose meaning is mostly in the words around them ("make kyiv stronger", "get better kit", "take the
 * fight to russia"): among other words they say little of what is asked, and a sentence that shares only them
 * ("…has made the decision to provide…") is no nearer the answer. They weigh this share of their IDF in the
 * re-rank and the figures when the question has at least `LIGHT_VERB_AMONG` terms; alone with a name or two they
 * are the question ("who makes atacms").
 */
const LIGHT_VERBS = new Set(['make', 'get', 'take', 'have', 'do', 'go', 'come', 'put', 'keep']);
const LIGHT_VERB_WEIGHT = 0.15;
const LIGHT_VERB_AMONG = 4;

/**
 * The share of its weight a word the corpus lacks keeps when the member says it only around the question ("Over
 * the compost heap we got onto whether Europe is as split as America…", "My husband asked why…. Do the reports
 * say?"): their own setting, not what they ask. Even where such a word is close to the corpus's, weighing it in
 * full lost more than it kept (`bench/RESULTS.md`, twenty-third session).
 */
const CONTEXT_WEIGHT = 0.15;

/** Neighbours looked up per question term for soft matching: the close ones, not a long tail. */
const SOFT_NEIGHBOURS = 30;

/** How close another spelling of a name counts (`Speller.nameVariants`): nearly the name, not quite (it may be another). */
export const NAME_VARIANT = 0.9;

/**
 * How close the word that stands for a defined short form's long form counts ("tactical" in "Army Tactical
 * Missile System", for "atacms"): as another spelling of a name.
 */
const LONG_FORM = NAME_VARIANT;
/**
 * A long form's word stands for it only when this share of the sentences holding the word hold the whole long
 * form's words too: "tactical" is said only in "Army Tactical Missile System(s)"; "mobility" of "High Mobility
 * Artillery Rocket Systems" shares its stem with the corpus's "mobile launchers", and would find those.
 */
const LONG_FORM_SHARE = 0.8;

/** How close a compound is to the word it opens with ("minefield" to "mine"): a kind of place or thing of it. */
const COMPOUND = 0.8;
/** The shortest word a compound may open with, and the shortest rest: "mine" + "field", not "air" + "bases". */
const COMPOUND_PART = 4;

/** A corpus's terms sorted, with their IDs: the terms that open with a word are one run of it. */
export interface TermOrder {
  terms: string[];
  ids: Int32Array;
}

/**
 * The corpus's terms sorted (12 ms at SQuAD's 16,000 terms): made with the engine rather than by the first
 * question that needs it, which would wait for it.
 */
export function termsInOrder(index: SearchIndex): TermOrder {
  const { terms } = index.vocabulary;
  const ids = Int32Array.from(terms.keys()).sort((a, b) => (terms[a]! < terms[b]! ? -1 : 1));
  return { terms: Array.from(ids, (i) => terms[i]!), ids };
}

/**
 * The corpus terms that are word `term` followed by another English word (`isWord`): "minefield" for "mine".
 * Not a stem's other endings ("minerals" is "mine" + "rals"), nor a word inside another ("terri" + "tory").
 */
function compoundsOpeningWith(sorted: TermOrder, term: string, isWord: (term: string) => boolean): number[] {
  if (term.length < COMPOUND_PART || !isWord(term)) return [];
  const { terms, ids } = sorted;
  let lo = 0;
  let hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (terms[mid]! < term) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let i = lo; i < terms.length && terms[i]!.startsWith(term); i++) {
    const rest = terms[i]!.slice(term.length);
    if (rest.length >= COMPOUND_PART && isWord(rest)) out.push(ids[i]!);
  }
  return out;
}

/** The shortest term two words typed apart may join into, and the shortest word of the two: "mine field", not "is land". */
const JOINED_MIN = 6;
const JOINED_PART = 4;

/**
 * Terms of the corpus (`inCorpus`) that two neighbouring words of the question make written as one: "mine field"
 * (or "mine feild", the second word's typo `fixed`) is "minefield".
 */
function joinedWords(
  question: string,
  inCorpus: (term: string) => boolean,
  fixed: ReadonlyMap<string, string>,
): { joined: string; parts: string[]; pair: [string | undefined, string | undefined] }[] {
  const words = question.toLowerCase().match(/\p{L}+/gu) ?? [];
  const out: { joined: string; parts: string[]; pair: [string | undefined, string | undefined] }[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    // Short words join into others by chance: "is land", "be low", "with in".
    if (words[i]!.length < JOINED_PART || words[i + 1]!.length < JOINED_PART) continue;
    const firstTerms = termsOfWord(words[i]!);
    const second = termsOfWord(words[i + 1]!).at(-1);
    const corrected = second === undefined ? undefined : fixed.get(second);
    // The joined term holds the first word and most of the second: "what event" stems to "whatev" ("whatever").
    const least = Math.max(JOINED_MIN, (firstTerms.at(-1) ?? words[i]!).length + JOINED_PART - 1);
    for (const rest of new Set([words[i + 1]!, corrected ?? ''])) {
      if (rest === '') continue;
      const joined = termsOfWord(words[i]! + rest);
      if (joined.length !== 1 || joined[0]!.length < least || !inCorpus(joined[0]!)) continue;
      const parts = [...firstTerms, ...(second === undefined ? [] : [second]), ...(corrected === undefined ? [] : [corrected])];
      out.push({ joined: joined[0]!, parts, pair: [firstTerms.at(-1), corrected ?? second] });
      break;
    }
  }
  return out;
}

/** Whether term `b` follows term `a` somewhere in the corpus: a scan of `a`'s sentences, for the rare word pair asked. */
function saidInARow(index: SearchIndex, a: number, b: number): boolean {
  const { termStart, postingDoc } = index.sentenceIndex.arrays;
  for (let i = termStart[a]!; i < termStart[a + 1]!; i++) {
    const s = postingDoc[i]!;
    if (index.sentenceIndex.contains(b, s) && index.saysInARow(s, [a, b])) return true;
  }
  return false;
}

/** Per index (and the acronym table it was asked with): each short form's term ID → its long form's stand-in, or -1. */
const standIns = new WeakMap<SearchIndex, { acronyms: Acronyms; byTerm: Map<number, number> }>();

/**
 * The corpus term that stands for the long form the corpus defines for short form `termId` (`Acronyms.longForm`):
 * the rarest of the long form's terms, if the sentences that hold it nearly all hold the rest of the long form.
 * -1 when there is none. Worked out once per short form and index: at a million sentences the rarest term's
 * postings are read once.
 */
function longFormStandIn(index: SearchIndex, acronyms: Acronyms, termId: number, vectors: CorpusVectors | undefined): number {
  let cache = standIns.get(index);
  if (!cache || cache.acronyms !== acronyms) {
    cache = { acronyms, byTerm: new Map() };
    standIns.set(index, cache);
  }
  let standIn = cache.byTerm.get(termId);
  if (standIn !== undefined) return standIn;
  standIn = -1;
  const long = acronyms.longForm(index.vocabulary.terms[termId]!);
  const ids = long?.map((t) => index.vocabulary.idOf(t) ?? -1) ?? [];
  if (ids.length > 1 && !ids.includes(-1) && !ids.includes(termId)) {
    const { sentenceIndex } = index;
    // The rarest in the corpus; of two as rare, the rarer in English ("tactical" rather than "army").
    const rarer = (a: number, b: number) =>
      sentenceIndex.df(b) < sentenceIndex.df(a) ||
      (sentenceIndex.df(b) === sentenceIndex.df(a) && rarityOf(index.vocabulary.terms[b]!, vectors) > rarityOf(index.vocabulary.terms[a]!, vectors));
    const rarest = ids.reduce((a, b) => (rarer(a, b) ? b : a));
    const { termStart, postingDoc } = sentenceIndex.arrays;
    let whole = 0;
    for (let i = termStart[rarest]!; i < termStart[rarest + 1]!; i++) {
      const s = postingDoc[i]!;
      if (ids.every((t) => t === rarest || sentenceIndex.contains(t, s))) whole++;
    }
    if (whole > 0 && whole >= LONG_FORM_SHARE * sentenceIndex.df(rarest)) standIn = rarest;
  }
  cache.byTerm.set(termId, standIn);
  return standIn;
}

/**
 * `QueryPlan.nameGroup`: runs of name terms, next to each other in `terms`, whose words the question writes with
 * only spaces between them ("Cam Newton", not "Biden and Zelensky", whose "and" the terms leave out).
 */
function namesTypedTogether(question: string, terms: readonly string[], termIsName: readonly boolean[], surfaces: ReadonlyMap<string, string>): number[] {
  const nameGroup = terms.map(() => -1);
  let names = 0;
  for (const name of termIsName) if (name) names++;
  if (names < 2) return nameGroup;
  const text = question.toLowerCase();
  const wordsOf = (term: string) => {
    const words: string[] = [];
    for (const [word, t] of surfaces) if (t === term) words.push(word);
    return words;
  };
  for (let q = 0; q + 1 < terms.length; q++) {
    if (!termIsName[q] || !termIsName[q + 1]) continue;
    const seconds = wordsOf(terms[q + 1]!);
    if (wordsOf(terms[q]!).some((first) => seconds.some((second) => typedTogether(text, first, second)))) {
      if (nameGroup[q]! < 0) nameGroup[q] = q;
      nameGroup[q + 1] = nameGroup[q]!;
    }
  }
  return nameGroup;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether lower-case `text` holds the whole word `first`, then spaces only, then the whole word `second`. */
function typedTogether(text: string, first: string, second: string): boolean {
  for (let at = text.indexOf(first); at >= 0; at = text.indexOf(first, at + 1)) {
    if (at > 0 && WORD_CHAR.test(text[at - 1]!)) continue;
    let next = at + first.length;
    const gap = next;
    while (next < text.length && /\s/.test(text[next]!)) next++;
    if (next === gap || !text.startsWith(second, next)) continue;
    const after = next + second.length;
    if (after === text.length || !WORD_CHAR.test(text[after]!)) return true;
  }
  return false;
}

/** Terms (as the index stems them) that put a role in the past: "Ukraine's former defense minister", "ex-chief". */
const EARLIER_ROLE_WORDS = ['former', 'ex', 'erstwhil', 'outgo'];

/** "Other" or "another" before a noun ("what other western missiles…"): the noun, within two words, is group 1. */
const OTHER_WORD = /\b(?:other|another)\s+(?:\p{L}+\s+){0,2}?(\p{L}{3,})\b/iu;
/** How articles say "other" of a thing they name: "additional Western weapons systems". */
const ADDITIONAL_TERMS = ['additional', 'extra'].flatMap((w) => termsOfWord(w));

/** How close a word must be to the noun a question asks to name to stand for it (`AnswerType.focus`). */
const FOCUS_SIMILARITY = 0.75;

/**
 * A word form wink-nlp's lexicon lacks and that is no plural of a word it has: "lads" is "lad"s, not a typo of
 * the corpus's "leads".
 */
function isUnknownInflection(word: string): boolean {
  if (!isUnknownWordForm(word)) return false;
  for (const ending of ["'s", 'es', 's']) {
    const base = word.slice(0, -ending.length);
    // "-es" only where English writes it: "churches", not "gutteres" (a typo of "Guterres", not "gutters").
    if (base.length < 3 || !word.endsWith(ending) || (ending === 'es' && !/(?:s|x|z|ch|sh|o)$/.test(base))) continue;
    if (!isUnknownWordForm(base)) return false;
  }
  return true;
}

const YEAR_TERM = /^(?:1[5-9]|20)\d\d$/;

/** Words for what was published after a time the question names: "the newer articles", "a year on". */
const OTHER_ERA = /\b(?:newer|newest|latest|more recent|most recent|a year (?:on|later)|the following year|the year after)\b/i;

/** The year `terms` name when it is one of the sources' years of publication, not every source's (`QueryPlan.sourceYear`). */
function yearOfSources(index: SearchIndex, terms: readonly string[], asksAboutChange: boolean): string | undefined {
  if (asksAboutChange) return undefined;
  const years = new Set(terms.filter((t) => YEAR_TERM.test(t)));
  if (years.size !== 1) return undefined;
  const [year] = years as Set<string>;
  let dated = 0;
  for (const source of index.sources) if (source.meta.published?.startsWith(year!)) dated++;
  return dated > 0 && dated < index.sources.length ? year : undefined;
}

/** The term of a word hedged by "-ish" ("soonish": soon, "biggish": big), when English knows it; else undefined. */
function unhedged(word: string, known: (term: string) => boolean): string | undefined {
  const stem = /^(\p{L}{3,})ish$/u.exec(word.toLowerCase())?.[1];
  if (stem === undefined) return undefined;
  for (const plain of stem.at(-1) === stem.at(-2) ? [stem, stem.slice(0, -1)] : [stem]) {
    const terms = termsOfWord(plain);
    if (terms.length === 1 && known(terms[0]!)) return terms[0]!;
  }
  return undefined;
}

export function planQuery(index: SearchIndex, question: string, { vectors, speller, character, names, acronyms, termOrder }: PlanHelpers = {}): QueryPlan {
  const { vocabulary, sentenceIndex } = index;
  const topicalTerm = (term: string) => {
    const id = vocabulary.idOf(term);
    return id !== undefined && (character ? character[id]! : 1) >= TOPIC_TERM;
  };
  // A word on the corpus's topic, or one naming the sources: a statement or a pasted quote that says one is part of
  // what is asked.
  const saysTopicOrSources = (term: string) => SOURCE_STEMS.has(term) || topicalTerm(term);
  const analysis = analyzeQuery(withoutPastedAsides(question, saysTopicOrSources));
  const spelledOut: number[][] = [];
  if (acronyms && analysis.terms.some((t) => vocabulary.idOf(t) === undefined && t.length <= 5)) {
    // An acronym the corpus does not use ("UN chief", "nk troops") is the name it spells out there.
    analysis.terms = analysis.terms.flatMap((t) => {
      const long = vocabulary.idOf(t) === undefined ? acronyms.expand(t) : undefined;
      if (long === undefined) return [t];
      const ids = long.map((w) => vocabulary.idOf(w) ?? -1);
      if (ids.length > 1 && !ids.includes(-1)) spelledOut.push(ids);
      return long;
    });
  }
  // "What does himars stand for" asks the long form the corpus defines for it: its words are searched for, and find
  // "…launched from High Mobility Artillery Rocket Systems (HIMARS)".
  if (acronyms && analysis.longFormAsked) {
    const longTerms = analysis.terms.flatMap((t) => (vocabulary.idOf(t) === undefined ? [] : (acronyms.longForm(t) ?? [])));
    analysis.terms = [...analysis.terms, ...longTerms.filter((t) => vocabulary.idOf(t) !== undefined && !analysis.terms.includes(t))];
  }
  // Typo corrections, term to term ("feild" → "field"), for the words typed apart below as well.
  const fixed = new Map<string, string>();
  if (speller) {
    // A word neither the corpus nor English knows is read as the word it stands for: a dropped g ("makin",
    // "sayin"), else the corpus word it is a typo of.
    const known = (term: string) => vocabulary.idOf(term) !== undefined || (vectors !== undefined && vectors.vectors.rowOf(term) >= 0);
    const typed = new Map<string, string>();
    for (const [word, term] of analysis.surfaces) typed.set(term, word);
    for (const term of analysis.terms) {
      if (fixed.has(term) || vocabulary.idOf(term) !== undefined) continue;
      // A dropped g ("makin", "fightin") is read back when the corpus has the word with it, even where the
      // word vectors know the chat form: their "fightin" finds no "fighting" in the articles.
      const withG = term.endsWith('in') ? termsOfWord(`${term}g`) : [];
      if (withG.length === 1 && vocabulary.idOf(withG[0]!) !== undefined) {
        fixed.set(term, withG[0]!);
        continue;
      }
      const word = typed.get(term);
      // The word as typed may be the corpus's where its lemma is not: "the land it lost" asks of "lose", the
      // article says "reclaim lost ground", an adjective kept as written.
      const asWritten = word === undefined ? [] : termsOfWord(word);
      if (asWritten.length === 1 && vocabulary.idOf(asWritten[0]!) !== undefined) {
        fixed.set(term, asWritten[0]!);
        continue;
      }
      // A stem English knows may hide a typo of a name English does not: "gutteres" stems to "gutter". Such a
      // word may still be read as a corpus word one edit away as typed, or as a corpus name two edits away
      // ("Guterres"); not as another English word ("valorant" is no "value", "beijing" stays).
      const knownStem = known(term);
      // (Typed in lower case only: a capitalised word is a name the asker spelt on purpose, "Sklodowska".)
      const unknownForm = word !== undefined && !analysis.capitalised.has(word) && isUnknownInflection(word);
      if (knownStem && !unknownForm) continue;
      if (withG.length === 1 && known(withG[0]!)) {
        fixed.set(term, withG[0]!);
        continue;
      }
      // Chat's "-ish" on a word English knows ("soonish", "biggish") hedges that word: read as it.
      const hedged = !knownStem && word !== undefined ? unhedged(word, known) : undefined;
      if (hedged !== undefined) {
        fixed.set(term, hedged);
        continue;
      }
      // The word as typed, one edit from a corpus word; else the term, one or two edits from a corpus term;
      // else the word as typed, a swap or a drop from an English word.
      const read = (asTyped: WordCorrection | undefined) => {
        if (asTyped === undefined) return false;
        fixed.set(term, asTyped.term);
        // The word as meant, for the re-rank's matches of exact word forms ("escalation", not "esclaation").
        analysis.surfaces.delete(word!);
        analysis.surfaces.set(asTyped.word, asTyped.term);
        return true;
      };
      // A capitalised word is a name typed on purpose (SQuAD's "Sklodowska"): only the stem speller, as before,
      // and none of the word's 700 one-edit variants stemmed.
      const lowerCase = word !== undefined && !analysis.capitalised.has(word);
      if (lowerCase && read(speller.correctWord(word))) continue;
      const correction = speller.correct(term, unknownForm ? word!.length : term.length);
      if (correction && (!knownStem || names?.[correction.termId] === 1)) fixed.set(term, vocabulary.terms[correction.termId]!);
      else if (!knownStem && lowerCase && vectors) read(speller.englishWord(word, (t) => vectors.vectors.rowOf(t)));
    }
    if (fixed.size > 0) {
      analysis.terms = analysis.terms.map((t) => fixed.get(t) ?? t);
      // The terms the answer type names are question terms too, and take the same corrections.
      const type = analysis.answerType;
      for (const key of ['focus', 'role', 'action', 'speaker', 'subject'] as const) {
        const term = type[key];
        if (term !== undefined) type[key] = fixed.get(term) ?? term;
      }
    }
  }
  // Two words typed apart that the corpus writes as one ("mine field", "green light") say its word; "mine" alone is
  // a pronoun to the question's reading.
  for (const { joined, parts, pair } of joinedWords(question, (t) => vocabulary.idOf(t) !== undefined, fixed)) {
    // Where the corpus writes the two apart too ("front lines", "Time Lord"), they say it as they are.
    const first = pair[0] === undefined ? undefined : vocabulary.idOf(pair[0]);
    const second = pair[1] === undefined ? undefined : vocabulary.idOf(pair[1]);
    if (first !== undefined && second !== undefined && saidInARow(index, first, second)) continue;
    // The parts stay (the corpus may write them apart too: "front lines" beside "frontlines"), the word joins them.
    const at = analysis.terms.findIndex((t) => parts.includes(t));
    if (!analysis.terms.includes(joined)) analysis.terms.splice(at < 0 ? analysis.terms.length : at + 1, 0, joined);
  }
  // "The late 2024 coverage", "the 2023 story": where sources were published that year, words that only name them.
  for (const { year, terms } of analysis.besideYears) {
    if (!index.sources.some((s) => s.meta.published?.startsWith(year))) continue;
    const rest = [...analysis.terms];
    for (const term of terms) {
      const at = rest.indexOf(term);
      if (at >= 0) rest.splice(at, 1);
    }
    if (rest.length > 0) analysis.terms = rest;
  }
  // A source's year beside words for the sources after it ("in the 2023 article … what's he by the time of the newer
  // articles", "in 2023 … a year on, where is the fighting") asks how things changed, not what that year's say.
  if (!analysis.asksAboutChange && OTHER_ERA.test(question) && yearOfSources(index, analysis.terms, false) !== undefined) analysis.asksAboutChange = true;
  // "How do the 2024 articles describe the change": a change those sources report is asked of them alone.
  const askedOfOneYear = new Set(analysis.yearsOfSourcesAsked).size === 1 && !OTHER_ERA.test(question);
  const sourceYear = yearOfSources(index, analysis.terms, analysis.asksAboutChange && !askedOfOneYear);
  if (sourceYear !== undefined && analysis.terms.some((t) => t !== sourceYear)) analysis.terms = analysis.terms.filter((t) => t !== sourceYear);
  // "In 2023 ukraine said it wouldn't… does that still stand in 2024": the years some sources were published in,
  // where no source writes them, only say which sources; searched for, they weigh as words the corpus lacks.
  const unwritten = (t: string) => YEAR_TERM.test(t) && vocabulary.idOf(t) === undefined && index.sources.some((s) => s.meta.published?.startsWith(t));
  if (analysis.terms.some(unwritten) && analysis.terms.some((t) => !unwritten(t))) analysis.terms = analysis.terms.filter((t) => !unwritten(t));
  // A statement around the question that says nothing of the corpus's topic is the member's own setting, not what
  // they ask: "Section leaders' meeting ran long so I'm catching up on the news now 🎼 What makes each missile cost so
  // much?" searches for no meeting and no leader. (Only where what is asked is on the topic itself: "Our club
  // president reckons this will spill over into Washington's dealings with Beijing. Does the 002 article say…?") Words
  // the corpus lacks stay, weighed little: they tell the decision a message is chat (`CONTEXT_WEIGHT`).
  // Those words the corpus lacks stand for no corpus word either: "Picture round was savage last night 🖼️ Anyway: was
  // everyone in Ukraine cheering…" would search for "second" (of "round") and "Sunday" (of "night").
  let settingWords: ReadonlySet<string> = NO_WORDS;
  if (analysis.asides.size > 0) {
    if (analysis.terms.some((t) => !analysis.contextTerms.has(t) && topicalTerm(t))) {
      const setting = settingStatements(analysis, saysTopicOrSources);
      if (setting.size > 0) {
        const ofSetting = (t: string) => setting.has(analysis.contextTerms.get(t) ?? -1);
        analysis.terms = analysis.terms.filter((t) => vocabulary.idOf(t) === undefined || !ofSetting(t));
        settingWords = new Set(analysis.terms.filter(ofSetting));
      }
    }
  }
  const terms = [...new Set(analysis.terms)];
  const termIds: number[] = [];
  const sequence = analysis.terms.map((t) => vocabulary.idOf(t) ?? -1);
  const surfaces: QueryPlan['surfaces'] = [];
  for (const [word, term] of analysis.surfaces) {
    const termId = vocabulary.idOf(term);
    if (termId !== undefined) surfaces.push({ word, termId });
  }
  let idfMass = 0;
  for (const term of terms) {
    const id = vocabulary.idOf(term);
    if (id === undefined) idfMass += sentenceIndex.idfOfDf(0);
    else {
      termIds.push(id);
      idfMass += sentenceIndex.idf(id);
    }
  }
  const { kinds, focus, focusCountry } = analysis.answerType;
  const focusCountryTermId = focusCountry === undefined ? -1 : (vocabulary.idOf(focusCountry) ?? -2);
  const asksPlace = focus !== undefined && PLACE_NOUNS.has(focus);
  const focusTermId = focus === undefined ? -1 : (vocabulary.idOf(focus) ?? -1);
  const termIdOf = terms.map((t) => vocabulary.idOf(t) ?? -1);
  const unseen = sentenceIndex.idfOfDf(0);
  // The noun a question asks to name ("What is the capital of…") weighs fully however common it is: it is
  // what the question is about. A number in a question ("one atacms", "in 2024") is more often a detail than
  // its subject, and weighs a quarter.
  const termIdf = termIdOf.map((id, q) => {
    const term = terms[q]!;
    const idf = id >= 0 ? sentenceIndex.idf(id) : term === analysis.answerType.focus ? unseen : unseen * rarityOf(term, vectors);
    if (LIGHT_VERBS.has(term) && terms.length >= LIGHT_VERB_AMONG) return idf * LIGHT_VERB_WEIGHT;
    // A word the corpus lacks, said only around the question, is the member's own setting.
    if (id < 0 && analysis.contextTerms.has(term)) return idf * CONTEXT_WEIGHT;
    return analysis.numbers.has(term) || /^\d/.test(term) ? idf * NUMBER_WEIGHT : idf;
  });
  const termRarity = terms.map((term) => rarityOf(term, vectors));
  const expansions: Expansion[] = [];
  const related = new Map<number, { of: number; similarity: number }>();
  const { expansionWeight, minSimilarity, neighboursPerTerm, softMatchWeight, softMinSimilarity, vectorOnly, vectorOnlyKnown } = index.params;
  const against = analysis.setAgainst.size === 0 ? NO_IDS : new Set([...analysis.setAgainst].flatMap((t) => vocabulary.idOf(t) ?? []));
  if (vectors && (expansionWeight > 0 || softMatchWeight > 0)) {
    const floor = Math.min(minSimilarity, softMinSimilarity);
    terms.forEach((term, of) => {
      if (settingWords.has(term)) return;
      let expanded = 0;
      // The noun a question asks to name stands only for its close synonyms: "capital" is not "primary".
      const least = term === analysis.answerType.focus ? FOCUS_SIMILARITY : 0;
      for (const n of vectors.neighbours(term, floor, SOFT_NEIGHBOURS, { known: vectorOnlyKnown, unknown: vectorOnly })) {
        if (termIds.includes(n.termId) || against.has(n.termId) || n.similarity < least) continue;
        if (n.similarity >= softMinSimilarity && (related.get(n.termId)?.similarity ?? 0) < n.similarity)
          related.set(n.termId, { of, similarity: n.similarity });
        if (expansionWeight > 0 && n.similarity >= minSimilarity && expanded < neighboursPerTerm) {
          expanded++;
          expansions.push({ termId: n.termId, of, similarity: n.similarity });
        }
      }
    });
  }
  // A corpus term that stands for question term `of` at closeness `similarity`: weighed in the re-rank and
  // searched for (BM25), only where the sentence does not say `unless`.
  const standFor = (termId: number, of: number, similarity: number, unless?: number) => {
    if ((related.get(termId)?.similarity ?? 0) < similarity) related.set(termId, { of, similarity });
    if (!expansions.some((e) => e.termId === termId)) expansions.push(unless === undefined ? { termId, of, similarity } : { termId, of, similarity, unless });
  };
  // Another spelling of a name the question says is that name, near enough: "zelensky" finds "Zelenskiy".
  if (speller && names) {
    termIdOf.forEach((id, of) => {
      if (id < 0) return;
      for (const variant of speller.nameVariants(id, names)) {
        // Searched for too (BM25), not only weighed in the re-rank: a sentence that names Zelenskiy must be found.
        if (!termIds.includes(variant)) standFor(variant, of, NAME_VARIANT);
      }
    });
  }
  // Members' plain words, in the words articles use ("want": "seek", "advocate"; "get": "secure").
  const formally = (formal: string, of: number) => {
    const formalId = vocabulary.idOf(formal);
    if (formalId !== undefined && !termIds.includes(formalId)) standFor(formalId, of, FORMAL_SIMILARITY);
  };
  terms.forEach((term, of) => {
    for (const formal of formalTermsOf(term)) formally(formal, of);
    // A phrasal verb and its particle: "push back".
    if (of + 1 < terms.length) for (const formal of formalTermsOfPhrase(term, terms[of + 1]!)) formally(formal, of);
    // …with its object between them: "what held their lads up" (the pronoun of "held them up" is no term), "what bogged
    // the summer push down".
    for (const after of [2, 3]) if (of + after < terms.length) for (const formal of formalTermsOfPhrase(term, terms[of + after]!)) formally(formal, of);
    // …and one whose particle is a function word: "did the un weigh in".
    const particle = analysis.particles.get(term);
    if (particle !== undefined) for (const formal of formalTermsOfPhrase(term, particle)) formally(formal, of);
    // A government's seat for its country and the country for its seat: "washington" for "U.S.".
    for (const seat of seatTermsOf(term)) formally(seat, of);
  });
  // "What other missiles does ukraine want": "other" is a function word, but what it asks for, a sentence says
  // with "additional" ("…advocating for additional Western weapons systems, such as … Storm Shadow missiles").
  const other = OTHER_WORD.exec(question);
  if (other) {
    const noun = terms.indexOf(termsOfWord(other[1]!.toLowerCase())[0]!);
    for (const word of ADDITIONAL_TERMS) {
      const id = vocabulary.idOf(word);
      if (id !== undefined && !termIds.includes(id) && noun >= 0) standFor(id, noun, FORMAL_SIMILARITY);
    }
  }
  // A short form the corpus defines is also said by its long form: "what has ukraine been hitting with atacms"
  // finds "Ukraine has effectively utilized the Army Tactical Missile System against…", which never writes "ATACMS".
  if (acronyms) {
    termIdOf.forEach((id, of) => {
      if (id < 0) return;
      const standIn = longFormStandIn(index, acronyms, id, vectors);
      // Searched for only where the short form is not said: a sentence that defines it says both, and counting
      // both would favour the definitions for every question about the short form.
      if (standIn >= 0 && !termIds.includes(standIn)) standFor(standIn, of, LONG_FORM, id);
    });
  }
  // A word the corpus lacks is said by a compound of the corpus that opens with it ("mines": "minefield").
  if (vectors && termOrder) {
    termIdOf.forEach((id, of) => {
      if (id >= 0) return;
      for (const compound of compoundsOpeningWith(termOrder, terms[of]!, (t) => vectors.vectors.rowOf(t) >= 0))
        if (!termIds.includes(compound)) standFor(compound, of, COMPOUND);
    });
  }
  // Only the words as written: a related word ("good" for "moral", "place" for "position") says what the
  // question is like, not that it is about what the corpus is about.
  const termTopic = termIdOf.map((id) => (id >= 0 ? (character ? character[id]! : 1) : 0));
  const termIsName = termIdOf.map((id) => id >= 0 && names !== undefined && names[id] === 1);
  // The statements around the question that name a year (`QueryPlan.termToldOfAYear`).
  const yearStatements = new Set<number>();
  for (const [term, statement] of analysis.contextTerms) if (YEAR_TERM.test(term)) yearStatements.add(statement);
  const nameGroup = namesTypedTogether(question, terms, termIsName, analysis.surfaces);
  return {
    termIds,
    sequence,
    surfaces,
    idfMass,
    terms,
    // "which us officials confirmed it? any names?": however the rest reads, a name in so many words asks for one.
    answerKinds: kinds === 0 && analysis.namesAsked ? TermKind.NAME : kinds,
    focusTermId,
    focusCountryTermId,
    unknownFocus: focus !== undefined && focusTermId < 0 ? terms.indexOf(focus) : -1,
    asksPlace,
    asksSettlement: focusTermId >= 0 && SETTLEMENT_NOUNS.has(focus!),
    asksWhere: analysis.answerType.where === true,
    namesAsked: analysis.namesAsked,
    setsAside: analysis.setsAside,
    oneNamedAsked: analysis.oneNamedAsked,
    quotationAsked: analysis.quotationAsked,
    roleTerm: analysis.answerType.role === undefined ? -1 : terms.indexOf(analysis.answerType.role),
    actionTerm: analysis.answerType.action === undefined ? -1 : terms.indexOf(analysis.answerType.action),
    speakerTerm: analysis.answerType.speaker === undefined ? -1 : terms.indexOf(analysis.answerType.speaker),
    subjectTerm: analysis.answerType.subject === undefined ? -1 : terms.indexOf(analysis.answerType.subject),
    asksDuration: analysis.answerType.duration === true,
    asksArea: analysis.answerType.area === true,
    asksCalendar: analysis.answerType.calendar === true,
    asksAboutChange: analysis.asksAboutChange,
    sourceYear,
    // "This war", "these missiles": a thing the corpus speaks of, pointed at, is the one the channel speaks of.
    pointsBack: analysis.pointsBack || analysis.pointedAt.some((t) => vocabulary.idOf(t) !== undefined),
    spelledOut,
    // Only a question that asks for a place reads them (`namesPlace`).
    longForms: asksPlace && acronyms ? new Set(terms.flatMap((t) => acronyms.longForm(t) ?? [])) : NO_TERMS,
    earlierRoleTerms: analysis.asksWhoIsNow ? EARLIER_ROLE_WORDS.map((w) => vocabulary.idOf(w) ?? -1).filter((id) => id >= 0) : [],
    againstTermIds: against,
    fateTermIds: analysis.answerType.fate?.flatMap((t) => vocabulary.idOf(t) ?? []),
    expansions,
    termIdOf,
    termIdf,
    termRarity,
    termTopic,
    termIsName,
    termToldOfAYear: terms.map((t) => yearStatements.has(analysis.contextTerms.get(t) ?? -1)),
    nameGroup,
    related,
  };
}

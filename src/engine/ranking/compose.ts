/**
 * Stage 5: ranked sentences → the quotes of an answer, or a decline.
 *
 * Every quote is `source.text.slice(start, end)`: the composer picks and orders sentences, it never
 * edits them. All wording that is not a quote is fixed interface text from `MESSAGES`.
 */
import type { DecisionModels, Evidence } from './evidence.ts';
import type { ScreenKind } from '../language/screen.ts';
import type { Answer, AnswerOutcome, DeclineKind, Quote, Source } from '../../types.ts';

export const MAX_QUESTION_CHARS = 500;

export const MESSAGES = {
  empty: 'Please ask a question: the message was empty.',
  tooLong: (n: number) => `Questions can be at most ${MAX_QUESTION_CHARS} characters; this one has ${n}. Please shorten it.`,
  noWords: 'That question has no words to search for. Please ask it in words, e.g. "How far can ATACMS reach?"',
  otherScript: 'I can only read questions in English. Please ask it in English, e.g. "How far can ATACMS reach?"',
  notFound: 'I found nothing on that in the sources.',
  /** Above the closest passages: they are what the sources hold nearest the question, not an answer to it. */
  closest: "The sources don't answer this directly. The closest passages:",
  arithmetic: "I only quote the sources; I don't work out sums.",
  opinion: "I only quote what the sources say; I don't give opinions of my own.",
  instruction: 'I only answer questions about the sources, with quotes from them.',
  mentions: "I don't answer messages that ping other members or roles. Ask again without the mentions.",
} as const satisfies Record<string, string | ((n: number) => string)>;

/** The fixed line for a message that is not a question to the sources (`screenQuestion`). */
export function screenedMessage(kind: ScreenKind): string {
  // Small talk ("what time is it") gets the plain line: the sources have nothing on it.
  return kind === 'off-topic' ? MESSAGES.notFound : MESSAGES[kind];
}

export interface ComposeOptions extends DecisionModels {
  /** Most quotes in one answer. */
  maxQuotes: number;
  /**
   * Answer (rather than show the closest passages) when the best sentence's confidence reaches this; further
   * quotes of an answer need half of it. Chosen with `npm run calibrate` (see bench/RESULTS.md).
   */
  minConfidence: number;
  /**
   * Decline as off the sources' topic when the best sentence's `topical` (how likely the question is about
   * what the sources cover) is below this. Chosen with `npm run calibrate`.
   */
  minTopical: number;
  /** Later quotes must score at least this share of the best quote's score. */
  relativeFloor: number;
}

export const DEFAULT_COMPOSE: ComposeOptions = {
  maxQuotes: 3,
  // Fitted by `npm run calibrate`.
  answerModel: {
    bias: -5.858,
    coverage: 1.738,
    sentenceCoverage: 1.583,
    softCoverage: 1.979,
    foreign: 0.639,
    missingTop: 0.955,
    answerNumber: 0.416,
    answerName: -0.103,
    mass: 1.374,
    topicWords: 1.688,
    missingName: -0.656,
  },
  topicModel: { bias: -4.593, softCoverage: 5.483, foreign: -0.936, mass: 0.692, topicWords: 2.99 },
  minConfidence: 0.188,
  minTopical: 0.099,
  relativeFloor: 0.3,
};

/** Why a question cannot be searched at all, or null when it can. */
export function invalidQuestion(question: string): string | null {
  const trimmed = question.trim();
  if (trimmed === '') return MESSAGES.empty;
  if (question.length > MAX_QUESTION_CHARS) return MESSAGES.tooLong(question.length);
  return null;
}

/** A ranked sentence with the evidence it holds: everything the composer needs to know about it. */
export interface Candidate extends Evidence {
  sentence: number;
  sourceIndex: number;
  start: number;
  end: number;
  score: number;
  /** The sentence's term IDs, to tell a quote that says something new from one that repeats another. */
  terms: Uint32Array;
  /** The sentence says "not", "no", "never"…: where another says the same thing without, the sources differ. */
  negated: boolean;
  /** The sentence is a heading (`SearchIndex.isHeading`): quoted only when nothing else says anything. */
  heading: boolean;
}

/** What the composer needs to know about the question itself. */
export interface QuestionFacts {
  /** It asks about change over time ("still", "now", "anymore", "changed"): older and newer sources both count. */
  asksAboutChange: boolean;
  /** The question's corpus terms, in its own words. */
  askedTerms?: readonly number[];
  /**
   * The question was asked of one source, which the member chose: it is about what they meant to ask, and that
   * source's closest passages are shown even when none says the question's words.
   */
  chosenSource?: boolean;
  /**
   * For a question about change whose passages come from sources of several dates: the best passages of the
   * oldest and of the newest dated sources, each searched for apart (`erasOf`), so that what was said then is
   * found however far it ranks below what is said now.
   */
  eras?: Eras;
  /**
   * The question names one of the names the corpus is about ("ukraine", "kursk", "atacms"), or by an acronym one
   * the sources spell out ("the un guy": "United Nations"): it is on the sources' topic whatever else it says, and
   * gets the closest passages rather than "nothing" ("cud this backfire or help ukraine in talks", where the
   * corpus has no word near "backfire").
   */
  namesTopic?: boolean;
  /** It names something the sources name, a name of theirs or not ("china", "canada"). */
  namesKnown?: boolean;
  /** It points back at what the channel speaks of ("w this"; `QueryAnalysis.pointsBack`). */
  pointsBack?: boolean;
  /**
   * Some passage, with the sentences beside it, says two of its words, or it has one word to say. Undefined:
   * taken as true.
   */
  saysTogether?: boolean;
  /**
   * Whether the question says a word the corpus is characteristically about (`corpusCharacter`), or one very close
   * to it: "who painted the mona lisa" says none, "was it the north koreans" does. Undefined: not known (taken
   * as said). A question that says none must be more clearly on the sources' subject to be shown passages
   * (`UNSAID_TOPIC_BAR`).
   */
  saysTopic?: boolean;
  /**
   * A word of the question is close to a word the corpus is about, if not as close as `saysTopic` asks ("mines":
   * "minefield"): below `UNSAID_TOPIC_BAR`, its passages are still shown as the closest, never as an answer.
   */
  nearTopic?: boolean;
  /**
   * Share of the question's weight in words the corpus lacks and has no close word for ("vietnam", "jet
   * engine"), 0 to 1, and 1 when it has none of the question's words ("how deep is the ocean"); undefined: not
   * known (taken as 0).
   */
  strangeShare?: number;
  /**
   * How strongly the question says what the corpus is characteristically about, 0 to 1: the most characteristic
   * of its words, or of the corpus words close to them times how close (`corpusCharacter`). Undefined: taken as 1.
   */
  topicSaid?: number;
  /**
   * The sentence after a candidate in its source, with its evidence and a score of 0, where it ranked too low to be
   * a candidate itself: a quote may read on through it (`followUp`). Undefined: only candidates are read on into.
   */
  sentenceAfter?: (c: Candidate) => Candidate | undefined;
}

/**
 * A question whose weight lies this much in words the sources never use, nor any close word, asks about
 * something else ("what's the plot of star wars", "how does a jet engine work"), unless it also says, in
 * `TOPIC_SAID` measure, what the sources are about ("why do analysts say spending on the missiles is worth it":
 * "worth" is missing, "missiles" says the subject). Measured in `bench/RESULTS.md` (twelfth session).
 */
const STRANGE_SHARE = 0.25;
const TOPIC_SAID = 0.9;

/**
 * The `topical` a question must reach to be shown passages when it says no word the corpus is characteristically
 * about. Its figures then come from words close in meaning to common ones ("taken" for "win", "support" for
 * "champion"), which any corpus holds. Measured (`bench/RESULTS.md`, eleventh session): of 421 answerable seed
 * questions, 4 fewer with their answer shown (all closest-only before); of 40 general-knowledge questions, 6 rather
 * than 13 shown passages; of 2,108 SQuAD questions asked of the seed corpus, 430 rather than 656.
 */
const UNSAID_TOPIC_BAR = 0.3;

/** Candidates from the oldest dated sources and from the newest, best first. */
export interface Eras {
  older: readonly Candidate[];
  newer: readonly Candidate[];
  /** The question's corpus terms and those that stand for them: what two passages must share to speak of the same thing. */
  asked: ReadonlySet<number>;
}

/** How likely the question is about what the sources cover, as the candidates show it: the most topical one's. */
export function topicalityOf(candidates: readonly Candidate[]): number {
  let best = 0;
  for (const c of candidates) if (c.topical > best) best = c.topical;
  return best;
}

/**
 * The reply from `candidates` (best first): the quotes of an answer when the best holds enough of the question,
 * else the closest passages when the question is about what the sources cover, else a decline. `sources` are
 * the texts the candidates' offsets index into.
 */
export function composeAnswer(
  question: string,
  candidates: readonly Candidate[],
  sources: readonly Source[],
  options: ComposeOptions,
  facts: QuestionFacts = { asksAboutChange: false },
): Answer {
  const chosen = facts.chosenSource === true;
  // Passages that say nothing of the question in its words or close ones are not "closest" to it, unless the
  // member chose the source they come from.
  const said = (c: Candidate) => chosen || saysSomething(c);
  // A heading names what follows and answers nothing ("Mixed Reactions in Ukraine" for "how did russia react"):
  // quoted only when no other passage says anything.
  const anyBody = candidates.some((c) => !c.heading && said(c));
  const relevant = (c: Candidate) => said(c) && !(anyBody && c.heading);
  // The best passage that says something: the ranking may put first a sentence that only its paragraph ties
  // to the question, above one that says it ("how long has ukraine been asking for these": "Ukraine had been
  // requesting ATACMS for several months" ranked fourth), and that is no reason to tell the member nothing.
  const best = candidates.find(relevant);
  if (best === undefined) return decline(question, 'no-match', MESSAGES.notFound);
  // Whether the sources speak of the question's subject at all is read from the passage that says most of it,
  // which need not be the best-ranked one; a question that points back at the channel's subject is about it
  // ("did the un weigh in on this at all", where "United Nations" is said once).
  const minTopical = facts.saysTopic === false ? Math.max(options.minTopical, UNSAID_TOPIC_BAR) : options.minTopical;
  const saysSubject = facts.namesTopic || facts.pointsBack;
  const topicality = chosen || saysSubject ? 1 : topicalityOf(candidates);
  const belowBar = topicality < minTopical;
  if (belowBar && !(facts.nearTopic === true && topicality >= options.minTopical)) return decline(question, 'off-topic', MESSAGES.notFound);
  const outcome: AnswerOutcome = !belowBar && saysSomething(best) && best.possible && best.confidence >= options.minConfidence ? 'answered' : 'closest';
  // A name the corpus is about, or a lone "this", says the question is about the sources' subject however
  // foreign its other words or little one passage holds of it; so do a word of that subject and a name the
  // sources use ("what did china say about the decision", "would things get hairier if the north koreans jump in").
  const aboutSubject = saysSubject || (facts.saysTopic === true && facts.namesKnown === true);
  // Closest passages for a question about something the sources never mention are no help; a confident answer
  // shows that the sources say it in words of their own ("exempt" asked, "exemption" written). A question
  // about the channel's subject is that, however foreign its other words ("do experts think this draws new
  // lines in the sand").
  if (outcome === 'closest' && !chosen && !aboutSubject && (facts.strangeShare ?? 0) >= STRANGE_SHARE && (facts.topicSaid ?? 1) < TOPIC_SAID)
    return decline(question, 'off-topic', MESSAGES.notFound);
  // Nor are passages that each share one word of the question with it: "how many people live in canada" beside
  // "Russian strikes killed up to 20 people" and "an official visit to Canada".
  if (outcome === 'closest' && !chosen && !aboutSubject && facts.saysTogether === false) return decline(question, 'off-topic', MESSAGES.notFound);
  // An answer's further quotes must add to it; the closest passages are all shown for what they are.
  const bar = outcome === 'answered' ? options.minConfidence * FOLLOWING_QUOTE_BAR : 0;
  // The closest passages are those that say most of the question, in its words or close ones, among the best
  // ranked: the ranking alone puts first the sentences that say the sources' subject with a word or two of the
  // question ("US President Joe Biden has made the decision to provide Ukraine…" for "has washington put a lot
  // into ukraine"), and nothing decided that they answer.
  const worth = outcome === 'closest' ? (c: Candidate) => c.score / best.score + CLOSEST_SAYING * c.softCoverage : (c: Candidate) => c.score;
  const usable = candidates
    .filter((c) => relevant(c) && c.confidence >= bar && c.score >= best.score * options.relativeFloor)
    .sort((a, b) => worth(b) - worth(a));
  // The same sentence in two files (a copied article) is one quote.
  const textOf = (c: Candidate) => sources[c.sourceIndex]!.text.slice(c.start, c.end).toLowerCase().replace(/\s+/g, ' ');
  // A question about change is answered by what was said then and what is said now: the best passage of the
  // oldest and of the newest dated sources come first, the rest by relevance.
  const quoted = chooseQuotes(
    usable,
    options.maxQuotes,
    facts.asksAboutChange,
    textOf,
    facts.eras ? thenAndNow({ ...facts.eras, older: facts.eras.older.filter(relevant), newer: facts.eras.newer.filter(relevant) }, best.score) : [],
    // The closest passages are the nearest the sources hold: a weaker passage of another article does not push
    // out a nearer one of the same article (an answer gains from several sources agreeing; a guess does not).
    outcome === 'closest' && !facts.asksAboutChange ? 0 : NEW_SOURCE,
    worth,
  );
  // Best first; but where the question asks what changed and every quoted source is dated, oldest first, so
  // the quotes read as what was said then and what is said now.
  const dates = quoted.map((c) => sources[c.sourceIndex]!.meta.published);
  if (facts.asksAboutChange && quoted.length > 1 && dates.every((d) => d !== undefined)) {
    quoted.sort((a, b) => sources[a.sourceIndex]!.meta.published!.localeCompare(sources[b.sourceIndex]!.meta.published!) || b.score - a.score);
  } else quoted.sort((a, b) => worth(b) - worth(a));

  const quotes: Quote[] = quoted.map((c) => {
    const source = sources[c.sourceIndex]!;
    const end = followUp(c, candidates, quoted, source.text, facts.sentenceAfter, outcome === 'closest' && c === quoted[0], facts.askedTerms)?.end ?? c.end;
    return { sourceId: source.id, text: source.text.slice(c.start, end), start: c.start, end, score: round(c.score) };
  });
  return { question, outcome, answered: outcome === 'answered', quotes };
}

/**
 * A sentence that reads on from the one before it: it opens by pointing back at it ("They have insisted such
 * measures would…"), or by telling how what it told came out ("…an extensive minefield halted Ukrainian troops for
 * weeks" then "Ultimately, sappers cleared a path": what "did the troops ever get past all those mines" asks).
 */
const READS_ON = /^(?:They|He|She|This|These|Those|Such|Ultimately|Eventually|Finally|Consequently|As a result)\b/u;
/** How far past a quote's end `READS_ON` is looked for: the white space between two sentences and the opening words. */
const READS_ON_LOOK = 40;

/**
 * The sentence right after quote `c` in its source, when it reads on from it and is not quoted on its own: the
 * quote then reads on through it. "…Ukrainian officials who, for months, have pressed the Biden administration to
 * lift the restrictions…" is followed by "They have insisted such measures would allow them to defend cities…",
 * which answers "what did ukrainian officials say lifting the restrictions would let them do" and ranks far below it
 * alone. The sentence may be a candidate or not (`sentenceAfter`), and must say something of the question (or the
 * kind of thing it asks for), unless `nearest`: the first of the closest passages, which the member reads to judge
 * for themselves, reads on into its own sequel ("what did kyiv say they'd manage better if…" says no word of "They
 * have insisted…"). An answer's quotes stay as tight as they are.
 *
 * The first closest passage also reads on into the next sentence of its paragraph, however it opens, when that one
 * says a word of the question the passage lacks: the passage often restates the question's setting and the next
 * says what was asked ("…crucial in winter when harsh weather conditions slow down fighting" then "Russia may attempt
 * to fortify its defenses…" for "once the fighting bogs down, what might the russians do"). Measured over 135
 * fixture files: 7 more answers among the quotes shown, the first closest passage read on in 705 rather than 556 of
 * the members' 2,399 closest replies (each reply 2% longer). Read on whenever it says anything (soft words too):
 * 14 more answers, but 1,248 read on and 8% longer.
 */
function followUp(
  c: Candidate,
  candidates: readonly Candidate[],
  quoted: readonly Candidate[],
  text: string,
  sentenceAfter?: (c: Candidate) => Candidate | undefined,
  nearest = false,
  askedTerms?: readonly number[],
): Candidate | undefined {
  // What follows the quote is read before the sentence's evidence is worked out: most quotes are not read on.
  const after = text.slice(c.end, c.end + READS_ON_LOOK);
  const opening = after.trimStart();
  const readsOn = READS_ON.test(opening);
  // (The first closest passage reads on within its paragraph however the next sentence opens: see above.)
  const inParagraph = nearest && !/\n\s*\n/u.test(after.slice(0, after.length - opening.length));
  if (!readsOn && !inParagraph) return undefined;
  const next = candidates.find((f) => f.sourceIndex === c.sourceIndex && f.sentence === c.sentence + 1) ?? sentenceAfter?.(c);
  if (next === undefined || quoted.includes(next)) return undefined;
  if (!readsOn) return !next.heading && askedTerms !== undefined && addsAskedTerm(c, next, askedTerms) ? next : undefined;
  if (!(saysSomething(next) || suppliesKind(c, next) || nearest)) return undefined;
  return READS_ON.test(text.slice(next.start, next.end)) ? next : undefined;
}

/** Whether `next` says a term of the question in the question's own word that `c` does not. */
function addsAskedTerm(c: Candidate, next: Candidate, asked: readonly number[]): boolean {
  for (const t of next.terms) if (asked.includes(t) && !c.terms.includes(t)) return true;
  return false;
}

/**
 * Whether `next` holds the kind of thing the question asks for where `c` does not: "who did people think
 * zelenskyy had in mind…" beside "He expressed optimism… 'the new administration.'" is answered by the sentence
 * after it, "This was interpreted as reference to … President-elect Donald Trump", which repeats none of the
 * question's words.
 */
function suppliesKind(c: Candidate, next: Candidate): boolean {
  return (c.answerName < 0 && next.answerName > 0) || (c.answerNumber < 0 && next.answerNumber > 0);
}

/**
 * How much saying the question counts in the order of the closest passages (`Figures.softCoverage`, 0 to 1),
 * beside a passage's score as a share of the best one's. Chosen among 0.15-1.5 on the members' sets (533
 * answerable questions then), their chat rewrites and WikiQA through `ask` (`bench/RESULTS.md`, fourteenth session).
 */
const CLOSEST_SAYING = 0.2;

/**
 * For a question about change, what an older source said may score this share of the best passage and still
 * be shown beside it: it is worded as things stood then, not as the question is.
 */
export const CHANGE_FLOOR = 0.2;
/**
 * Passages of each date weighed together for a question about change: more of the older ones, since what was
 * said then is worded as things stood then ("committed not to employ these missiles to target Russian
 * territory" for "can they hit russia now") and ranks below passages that merely share the question's words.
 */
const PAIR_POOL = 8;
const OLDER_POOL = 16;
/**
 * What saying otherwise about the same thing adds to a pair, per share of terms the two have in common
 * (`overlap`), against their scores relative to the best passage's.
 */
const SAME_THING = 8;

/** How much a further quote's score counts against how much it repeats the quotes already chosen. */
const RELEVANCE = 0.7;
/** …when the question asks what changed: then a source that says something else matters more. */
const CHANGE_RELEVANCE = 0.5;
/**
 * A further quote of an answer from a source not yet quoted gains this: several sources agreeing or disagreeing
 * tell a reader more. Small: at 0.15 (7% of the best score's weight) a weak sentence of another article pushed
 * out the answer beside the best one ("She called for greater unity among Ukraine’s allies" after "Ionova
 * said"); at 0.05 SQuAD's answer is among the first three quotes for 85.3% of questions, not 82.8%.
 */
const NEW_SOURCE = 0.05;
/** …and, when the question asks what changed, one that negates where the best quote does not (or the reverse). */
const OTHER_POLARITY = 0.15;

/**
 * The best candidate, then up to `max - 1` more by maximal marginal relevance (Carbonell and Goldstein 1998):
 * each next quote is the one whose score (relative to the best) weighed by `relevance`, less how much it
 * repeats a chosen quote (shared terms), is highest; a source not yet quoted gains a little (`newSource`; none among closest passages), and for a question
 * about change, so does a sentence whose polarity differs ("committed not to target Russian territory"
 * beside "authorized to strike inside Russia"). So five articles saying the same give one such quote, and
 * room for the one that says the opposite.
 */
function chooseQuotes(
  usable: readonly Candidate[],
  max: number,
  asksAboutChange: boolean,
  textOf: (c: Candidate) => string,
  first: readonly Candidate[] = [],
  newSource = NEW_SOURCE,
  worth: (c: Candidate) => number = (c) => c.score,
): Candidate[] {
  const relevance = asksAboutChange ? CHANGE_RELEVANCE : RELEVANCE;
  const best = usable[0];
  if (!best) return [];
  const chosen = first.length > 0 ? first.slice(0, max) : [best];
  const texts = new Set(chosen.map(textOf));
  const pool = usable.filter((c) => !chosen.includes(c));
  // How much each candidate repeats the chosen quotes so far: updated with each new quote only.
  const repeats = new Float64Array(pool.length);
  const taken = new Uint8Array(pool.length);
  const poolTerms = candidateTerms.of(pool);
  const chosenSources = chosen.map((c) => c.sourceIndex);
  for (const c of chosen.slice(0, -1)) poolTerms.repeat(c.terms, repeats);
  let last = chosen.at(-1)!;
  while (chosen.length < max) {
    poolTerms.repeat(last.terms, repeats);
    let pick = -1;
    let pickValue = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      const c = pool[i]!;
      if (taken[i]) continue;
      const sourceBonus = chosenSources.includes(c.sourceIndex) ? 0 : newSource;
      const otherPolarity = asksAboutChange && chosen.every((x) => x.negated !== c.negated) ? OTHER_POLARITY : 0;
      const value = relevance * (worth(c) / worth(best)) - (1 - relevance) * repeats[i]! + sourceBonus + otherPolarity;
      if (value > pickValue) [pick, pickValue] = [i, value];
    }
    if (pick < 0) break;
    taken[pick] = 1;
    const text = textOf(pool[pick]!);
    if (texts.has(text)) continue;
    texts.add(text);
    last = pool[pick]!;
    chosen.push(last);
    chosenSources.push(last.sourceIndex);
  }
  poolTerms.clear();
  return chosen;
}

/**
 * The terms of a pool of candidates, listed by term (a linked list per term in typed arrays, reused):
 * `chooseQuotes` weighs every candidate against each quote it takes, and reading the quote's few terms' lists
 * costs a fraction of testing each candidate's every term against the quote (80 candidates for 10 quotes).
 */
class CandidateTerms {
  /** First entry of each term's list, -1 for none; entries are `next`, `owner` (the candidate). */
  private head = new Int32Array(1024).fill(-1);
  private next = new Int32Array(1024);
  private owner = new Int32Array(1024);
  private lengths = new Int32Array(64);
  private shared = new Int32Array(64);
  private count = 0;
  private pool: readonly Candidate[] = [];
  /** Marks of the terms a quote holds, numbered by quote: `stamp` marks the current one. */
  private marks = new Uint32Array(1024);
  private stamp = 0;

  of(pool: readonly Candidate[]): this {
    this.pool = pool;
    let entries = 0;
    let top = 0;
    for (const c of pool) {
      entries += c.terms.length;
      for (let i = 0; i < c.terms.length; i++) if (c.terms[i]! > top) top = c.terms[i]!;
    }
    if (top >= this.head.length) this.head = new Int32Array(Math.max(top + 1, this.head.length * 2)).fill(-1);
    if (entries > this.next.length) {
      this.next = new Int32Array(entries * 2);
      this.owner = new Int32Array(entries * 2);
    }
    if (pool.length > this.lengths.length) {
      this.lengths = new Int32Array(pool.length * 2);
      this.shared = new Int32Array(pool.length * 2);
    }
    let e = 0;
    pool.forEach((c, k) => {
      this.lengths[k] = c.terms.length;
      for (let i = 0; i < c.terms.length; i++) {
        const t = c.terms[i]!;
        this.owner[e] = k;
        this.next[e] = this.head[t]!;
        this.head[t] = e++;
      }
    });
    this.count = pool.length;
    return this;
  }

  /**
   * Raises each candidate's `repeats` to its `overlap` with a quote holding `quoteTerms` (each of the
   * candidate's terms counted as often as it says it, the quote's once).
   */
  repeat(quoteTerms: Uint32Array, repeats: Float64Array): void {
    let top = 0;
    for (let i = 0; i < quoteTerms.length; i++) if (quoteTerms[i]! > top) top = quoteTerms[i]!;
    if (top >= this.marks.length) {
      this.marks = new Uint32Array(Math.max(top + 1, this.marks.length * 2));
      this.stamp = 0;
    }
    if (++this.stamp === 0xffffffff) {
      this.marks.fill(0);
      this.stamp = 1;
    }
    const shared = this.shared.fill(0, 0, this.count);
    let distinct = 0;
    for (let i = 0; i < quoteTerms.length; i++) {
      const t = quoteTerms[i]!;
      if (this.marks[t] === this.stamp) continue;
      this.marks[t] = this.stamp;
      distinct++;
      if (t >= this.head.length) continue;
      for (let e = this.head[t]!; e >= 0; e = this.next[e]!) shared[this.owner[e]!]!++;
    }
    for (let k = 0; k < this.count; k++) repeats[k] = Math.max(repeats[k]!, sharedShare(shared[k]!, this.lengths[k]!, distinct));
  }

  /** Empties the term lists for the next pool. */
  clear(): void {
    for (const c of this.pool) for (let i = 0; i < c.terms.length; i++) this.head[c.terms[i]!] = -1;
    this.pool = [];
    this.count = 0;
  }
}

const candidateTerms = new CandidateTerms();

/**
 * For a question about change: a passage of the oldest dated sources and one of the newest that answer it
 * together. The pair is chosen jointly: each passage's score (against the best passage's, `best`) counts, and
 * so does saying otherwise about the same thing ("Ukraine has committed not to … target Russian territory"
 * beside "authorized Ukraine to strike inside Russian territory"), so the newer passage is the one that states
 * the change, not one that merely mentions the missiles.
 */
function thenAndNow({ older: thens, newer: nows, asked }: Eras, best: number): Candidate[] {
  let pair: Candidate[] = [];
  let pairValue = -Infinity;
  for (const then of thens.slice(0, OLDER_POOL)) {
    const thenTerms = new Set(then.terms);
    for (const now of nows.slice(0, PAIR_POOL)) {
      // Saying otherwise about the same thing counts where that thing is what the question asks about: "Biden
      // has made the decision…" beside "The decision by the Biden administration … without crossing into a
      // confrontation" share words and differ in polarity, and say nothing of "what happened to the summer
      // counteroffensive".
      const contrast = then.negated !== now.negated && sharesAsked(now.terms, thenTerms, asked) ? SAME_THING * overlap(now.terms, thenTerms) : 0;
      const value = (then.score + now.score) / (best || 1) + contrast;
      if (value > pairValue) [pair, pairValue] = [[then, now], value];
    }
  }
  return pair;
}

/**
 * The dates a question about change is answered across: the oldest and the newest of the dated sources among
 * its best-ranked passages (however far below the best: what was said then is worded as things stood then).
 */
export function erasOf(ranked: readonly { sourceIndex: number }[], sources: readonly Source[]): { oldest: string; newest: string } | undefined {
  let oldest: string | undefined;
  let newest: string | undefined;
  for (const r of ranked) {
    const date = sources[r.sourceIndex]!.meta.published;
    if (date === undefined) continue;
    if (oldest === undefined || date < oldest) oldest = date;
    if (newest === undefined || date > newest) newest = date;
  }
  return oldest !== undefined && newest !== undefined && oldest < newest ? { oldest, newest } : undefined;
}

/** The share of `terms` (with repeats, as written) that `other` holds, against their union: a Jaccard index near enough. */
/** Whether `terms` and `other` both say one of the terms `asked`. */
function sharesAsked(terms: Uint32Array, other: ReadonlySet<number>, asked: ReadonlySet<number>): boolean {
  for (let i = 0; i < terms.length; i++) if (asked.has(terms[i]!) && other.has(terms[i]!)) return true;
  return false;
}

function overlap(terms: Uint32Array, other: ReadonlySet<number>): number {
  let shared = 0;
  for (let i = 0; i < terms.length; i++) if (other.has(terms[i]!)) shared++;
  return sharedShare(shared, terms.length, other.size);
}

/** `overlap` from its counts: `shared` of a sentence's `length` terms are among another's `distinct` ones. */
function sharedShare(shared: number, length: number, distinct: number): number {
  const union = length + distinct - shared;
  return union <= 0 ? 0 : shared / union;
}

/**
 * Once the best sentence answers, the next quotes need only part of its confidence: they add to an answer
 * already given, and a member asked for several.
 */
const FOLLOWING_QUOTE_BAR = 0.5;

/**
 * A quote must say something about the question itself, in its words or in close ones, not only sit in a
 * relevant paragraph.
 */
function saysSomething(c: Candidate): boolean {
  return c.sentenceCoverage > 0 || c.softCoverage > c.coverage;
}

export function decline(question: string, kind: DeclineKind, message: string): Answer {
  return { question, outcome: 'declined', answered: false, quotes: [], reason: { kind, message } };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

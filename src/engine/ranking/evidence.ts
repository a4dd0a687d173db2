/**
 * How much of a question a sentence answers: what the composer decides on. Kept apart from the ranking, so
 * that the decision reads plain figures, not the index.
 *
 * Every figure is a share of the question's weight. A term weighs its IDF in the corpus, scaled by how
 * specific it is in English: in a small corpus "things" or "time" can be as rare as "Lockheed", but a member
 * who writes "these things" has said little, so common English words weigh less (a term the corpus lacks
 * weighs the IDF of df 0 times its English rarity, as in `query.ts`). Two logistic models then read the
 * figures (`FigureModel`, fitted by `npm run calibrate` on questions and their chat-style rewrites):
 *  - `answerModel`: how likely the sentence answers the question (answered, or only the closest passages);
 *  - `topicModel`: how likely the question is about what the sources cover at all (else it is declined).
 */
import { containsWord, TermKind, termsOfWord } from '../language/language.ts';
import { ANY_QUANTITY, AREA_UNIT, TIME_UNITS } from '../language/quantities.ts';
import { DEMONYMS } from '../language/demonyms.ts';
import type { QueryPlan } from './query.ts';
import type { SearchIndex } from '../index/search-index.ts';
import decisionModel from './decision-model.json' with { type: 'json' };
import { TreeEnsemble, type TreeModel } from './trees.ts';

/** The figures the models read, each 0 to 1 (or -1 to 1), in this order. */
export const FIGURES = [
  'coverage',
  'sentenceCoverage',
  'softCoverage',
  'foreign',
  'missingTop',
  'answerNumber',
  'answerName',
  'mass',
  'topicWords',
  'missingName',
] as const;
export type FigureName = (typeof FIGURES)[number];

/** How much of the question's evidence a sentence (with its paragraph) holds. */
export interface Figures {
  /**
   * Share of the question's weight found in the sentence or its paragraph, 0 to 1; a term found only
   * elsewhere in the article counts half (the article says what "the missiles" of a sentence are).
   */
  coverage: number;
  /** Share of the question's weight found in the sentence itself. */
  sentenceCoverage: number;
  /**
   * As `coverage`, but a term the sentence says in other words counts by how close those words are
   * ("expensive" for "pricey" counts about 0.6).
   */
  softCoverage: number;
  /** Share of the question's weight in words the corpus lacks and has nothing close to: what it knows nothing of. */
  foreign: number;
  /**
   * Share of the question's weight in its single heaviest term that the sentence and paragraph lack, even in
   * other words: "storm shadow" in "how much does a storm shadow cost", beside a sentence on what ATACMS cost.
   */
  missingTop: number;
  /**
   * For a question that asks for a number ("How far…", "When…"): 1 when the sentence holds one of the kind
   * asked for (a measure, money, a date) that the question does not, 0 when only a number of another kind,
   * -1 when it holds none; 0 for other questions.
   */
  answerNumber: number;
  /** For a question that asks for a name ("Who…", "Which company…"): 1 when the sentence holds one, -1 when not; else 0. */
  answerName: number;
  /**
   * How much the question says at all, 0 to 1: its total weight against a plain question's. "who makes them"
   * is mostly function words; a confident answer to it would be a guess.
   */
  mass: number;
  /**
   * Share of the question's weight in words the corpus is about (`topic-words.ts`), or words close to them:
   * "whats the weather like tomorrow" says none, however often the articles say "weather" or "like".
   */
  topicWords: number;
  /**
   * Share of the question's weight in names (as the corpus writes them) that the sentence and its paragraph do
   * not mention: "how much does a storm shadow cost" beside a sentence on what ATACMS cost.
   */
  missingName: number;
}

export interface Evidence extends Figures {
  /** How likely the sentence answers the question, 0 to 1 (`answerModel`). */
  confidence: number;
  /** Whether it can be an answer at all (`couldAnswer`): else it is only ever among the closest passages. */
  possible: boolean;
  /** How likely the question is about what the sources cover, 0 to 1 (`topicModel`). */
  topical: number;
}

/** A logistic model over the figures: σ(bias + Σ weight × figure); a figure it does not name weighs 0. */
export type FigureModel = { bias: number } & Partial<Record<FigureName, number>>;

/** σ(bias + Σ weight × figure), plus what `trees` add to the log-odds when given. */
export function modelScore(model: FigureModel, figures: Figures, trees?: TreeEnsemble | null): number {
  const x = new Float64Array(FIGURES.length);
  FIGURES.forEach((f, i) => {
    x[i] = figures[f];
  });
  return vectorScore(compiled(model), x, trees);
}

/** A model's weights in `FIGURES` order, after its bias: read by index, not by name, once per sentence. */
const compiledModels = new WeakMap<FigureModel, Float64Array>();
function compiled(model: FigureModel): Float64Array {
  let weights = compiledModels.get(model);
  if (!weights) {
    weights = Float64Array.from([model.bias, ...FIGURES.map((f) => model[f] ?? 0)]);
    compiledModels.set(model, weights);
  }
  return weights;
}

/** `modelScore` over figures already in `FIGURES` order. */
function vectorScore(weights: Float64Array, x: Float64Array, trees?: TreeEnsemble | null): number {
  let z = weights[0]!;
  for (let i = 0; i < x.length; i++) z += weights[i + 1]! * x[i]!;
  if (trees) z += trees.sum(x);
  return 1 / (1 + Math.exp(-z));
}

let shipped: TreeEnsemble | null | undefined;
/**
 * The trees `npm run calibrate -- --write` fitted on top of the answer model (`decision-model.json`): what the
 * linear model cannot see of how the figures combine ("no number" weighs more when the question is short).
 */
export function answerTrees(): TreeEnsemble | null {
  shipped ??= (decisionModel as TreeModel).trees.length > 0 ? TreeEnsemble.from(decisionModel as TreeModel, FIGURES) : null;
  return shipped;
}

/**
 * Whether `sentence` names the person of question term `q` by another word of the name the question types
 * (`QueryPlan.nameGroup`): "Newton was limited by Denver's defense" names "Cam Newton" of the article.
 */
function namedInPart(index: SearchIndex, plan: QueryPlan, q: number, sentence: number): boolean {
  const group = plan.nameGroup[q]!;
  if (group < 0) return false;
  for (let other = group; other < plan.nameGroup.length && plan.nameGroup[other] === group; other++) {
    const t = plan.termIdOf[other]!;
    if (other !== q && t >= 0 && index.sentenceIndex.contains(t, sentence)) return true;
  }
  return false;
}

/**
 * Whether a sentence can be an answer at all, whatever the model says: for a question that asks for a
 * number, it holds at least a number (a count for "how many", money for "how much does it cost"); for
 * "who" or "where", a name the question does not say; and it (or its paragraph) mentions the names that make
 * a large part of the question ("how much does a storm shadow cost" is not answered by what ATACMS cost); and
 * the question says enough to pick one sentence out (`MIN_MASS`).
 * What fails this is shown as the closest passages, never as an answer.
 */
function couldAnswer(answerNumber: number, answerName: number, missingName: number, mass: number, plan: QueryPlan, oneNamed: boolean): boolean {
  // "What launcher…" asks for a name beside its noun, which the sentence may give in other words than a name; "which
  // officials confirmed it? any names?" asks for a name. "Which company builds the himars launchers" asks for one
  // firm: "…as the United States began transferring these systems" names none, "Lockheed Martin manufactures…" one.
  const nameOfFocus = plan.focusTermId >= 0 && !plan.namesAsked && (!plan.oneNamedAsked || oneNamed);
  return answerNumber >= 0 && (nameOfFocus || answerName >= 0) && missingName < MISSING_NAME && mass >= MIN_MASS;
}

/**
 * Words that place something in time without a number: "last year", "in the summer", "during the war", "after
 * liberation", "when the immune system is less active" (weekdays and months are marked as dates when the index
 * is built). Not "recently", "soon" or "now": they say that something happened or will, not when, and "Biden
 * recently authorized strikes" is no answer to "when did ukraine first fire atacms inside russia".
 */
const SAYS_WHEN =
  /\b(?:years?|months?|weeks?|days?|decades?|century|centuries|ago|yesterday|today|tomorrow|tonight|mornings?|evenings?|nights?|spring|summer|autumn|winter|seasons?|during|after|before|following|until|since|when)\b/i;

/**
 * Words that name a point or a stretch of the calendar without a number ("last year", "two weeks ago", "on
 * Sunday" is marked as a date): what a question that asks "on what date" or "which year" may be answered with.
 */
const SAYS_CALENDAR = /\b(?:years?|months?|weeks?|days?|ago|yesterday|today|tomorrow|tonight)\b/i;

/** A decade, which says when whatever follows it ("the 1580s"). */
const DECADE = /^\d{3}0s$/;

/** Kinds of number that are no time: a sum, a share, a measure ("up to 190 miles" does not say which month). */
const NOT_WHEN = TermKind.MONEY | TermKind.MEASURE | TermKind.PERCENT;

/**
 * Whether sentence `sentence` says when: a number or a date, or words for a time. A question that asks when
 * ("when does biden's term end", "what year…") is answered only by a sentence that does; one that names people
 * but no time ("Approaching the end of his term, President Biden's decision…") is shown among the closest
 * passages. `calendar`: the question names the point it asks for ("on what date…"), and only a date, a number
 * or the calendar's words say it ("during a private meeting" does not).
 */
function saysWhen(index: SearchIndex, plan: QueryPlan, sentence: number, calendar = false): boolean {
  const { termKinds, termSequence, sentTermStart } = index.segments;
  const end = sentTermStart[sentence + 1]!;
  for (let i = sentTermStart[sentence]!; i < end; i++) {
    const kind = termKinds[i]!;
    // A sum, a share or a measure is no time ("up to 190 miles" for "which month…"); a measure of time says so
    // in words ("three years ago"). Nor is a count of what the question asks about: "up to 10,000 North Korean
    // troops" for "when did the north korean troops first turn up" ("13,000 BP", "at 1 a.m.", "in the 1060s,
    // Robert Crispin…" still say when).
    if ((kind & TermKind.DATE) !== 0) return true;
    if ((kind & TermKind.NUMBER) === 0 || (kind & NOT_WHEN) !== 0) continue;
    let next = i + 1;
    while (next < end && (termKinds[next]! & TermKind.NUMBER) !== 0) next++;
    if (next === end || !plan.termIds.includes(termSequence[next]!) || DECADE.test(index.vocabulary.terms[termSequence[i]!]!)) return true;
  }
  return (calendar ? SAYS_CALENDAR : SAYS_WHEN).test(index.sentenceText(sentence));
}

/**
 * Words that say how long something lasted: "for several months", "for weeks", "almost three years", "since
 * 2022". A question that asks so is not answered by a length ("can reach targets up to 190 miles").
 */
const SAYS_HOW_LONG = new RegExp(`\\b(?:${[...TIME_UNITS, 'nights?', 'since', 'until', 'ago'].join('|')})\\b`, 'i');

/**
 * How close a word must be to the verb a question asks about to say it: "manufactures" says "builds"; "provide"
 * (0.69 by vector) does not say "developed", nor "strike" (0.65) "break". So for who a "what did X say"
 * question asks about: the articles quote Zelenskiy, and no word of theirs is near "wife".
 */
const ACTION_CLOSENESS = 0.7;

/**
 * A sentence that does not say the verb (or the speaker) asked about answers only with this much confidence: "who commands the
 * north korean troops in kursk" beside "…the presence of North Korean troops near the Kursk border region"
 * (0.36) is a guess, where an encyclopedia's paraphrase that says nearly all of the rest in its own verb
 * usually scores higher. On SQuAD's halves the verb test without the bar took 61 right confident answers for
 * 74 wrong ones; with it, 17 for 46 (`bench/RESULTS.md`, tenth session).
 */
const ACTION_UNSAID_CONFIDENCE = 0.5;

/** A word of speech after a possessive, past up to two modifiers: "Putin’s warnings", "Biden’s latest statement". */
const SPEECH_AFTER_OWNER =
  /^\s+(?:\S+\s+){0,2}?(?:warnings?|statements?|remarks?|comments?|words|claims?|response|reply|message|threats?|views?|position|stance|arguments?|calls?|demands?|announcements?|criticism|reaction|speech|assertions?|assurances?|promises?|pledges?)\b/u;

/**
 * A word written as a name, where a capital marks one: not the first word of a sentence or a quotation ("On Sunday",
 * "“We are…"), nor the owner of what follows ("Moscow’s determination"), nor a source ("according to Reuters").
 */
const NAME_WORD = /(?<!^|[Aa]ccording to |[.!?:;]\s|[“"‘(]|[.!?:;,]\s[“"‘])(?<![\p{L}\p{N}'’-])(\p{Lu}[\p{L}.-]*)(?![\p{L}\p{N}]|['’]s\b)/gu;

/** Countries by their one-word names ("canada", "ukraine"). */
const COUNTRY_NAMES = new Set([...DEMONYMS.values()].filter((name) => !name.includes(' ')));

/**
 * Whether a sentence names a place the question does not, as an answer to "which city got hit…" must: "On Sunday,
 * Russian strikes killed up to 20 people, underscoring … Moscow’s determination" names none; "…on an official
 * visit to Canada" only the country of "which Canadian city", and no city at all (`QueryPlan.asksSettlement`: the
 * question asks for a city, town, village or port, which a country's name is not). A people's adjective ("Russian",
 * "Western") is no place. The index does not know which names are places: any other name counts.
 */
function namesPlace(text: string, plan: QueryPlan): boolean {
  const asked = (word: string) => placeAsked(word, plan);
  for (const m of text.matchAll(NAME_WORD)) {
    const word = m[1]!.toLowerCase();
    if (DEMONYMS.has(word) || PEOPLES_ADJECTIVE.test(word) || (plan.asksSettlement && COUNTRY_NAMES.has(word))) continue;
    // A word of a name the question gives is no other name: "Martin" of "Lockheed Martin manufactures…" for
    // "which nato countries have ordered from lockheed".
    if (asked(word)) continue;
    const before = nameBefore(text, m.index);
    if (before === '' || !asked(before)) return true;
  }
  return false;
}

/**
 * Whether a sentence puts something in a place the question does not name, as an answer to "where…" must: a name
 * after a word of place ("in the Kursk region", "near Ukraine’s northern borders", "on an official visit to
 * Canada", "of Germany", "from Times Square") or before a noun of place ("Russian cities such as Kursk", "Russian
 * territory"). "The White House’s National Security Council has not commented…" names a body, "…increased demand
 * from NATO allies" the people a demand comes from.
 */
function placesSomething(text: string, plan: QueryPlan): boolean {
  for (const m of text.matchAll(CAPITALISED)) {
    const word = m[0].toLowerCase();
    if (placeAsked(word, plan)) continue;
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
    if (PLACE_AFTER.test(after)) return true;
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    if (!DEMONYMS.has(word) && !PEOPLES_ADJECTIVE.test(word) && !PEOPLE_AFTER.test(after) && PLACE_BEFORE.test(before) && !AFFILIATION.test(before))
      return true;
  }
  return false;
}

const CAPITALISED = /(?<![\p{L}\p{N}'’-])\p{Lu}[\p{L}.-]*/gu;
/**
 * "Of the" after a name: the body someone belongs to ("Secretary-General Antonio Guterres of the United Nations"),
 * not where they are. Without "the" it is as often where they are from ("Friedrich Ratzel of Germany").
 */
const AFFILIATION = /\p{Lu}[\p{L}.-]*\s+of\s+the\s+$/u;
/** What puts the name after it in a place: a preposition of place, with "the" or a side of it ("in southern Ukraine"). */
const PLACE_BEFORE =
  /(?<![\p{L}])(?:in|inside|into|onto|on|upon|near|at|across|around|outside|toward|towards|to|within|along|beyond|throughout|off|of|from|by|over|under|between|through|via|behind|above|below|beside|past)\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|central|occupied)\s+)?$/iu;
/** People a name says whose they are ("demand from NATO allies", "according to US officials"): a body, not a place. */
const PEOPLE_AFTER =
  /^\s+(?:allies|officials|troops|forces|soldiers|leaders|members|partners|lawmakers|diplomats|government|administration|spokes(?:man|woman|person))\b/u;
/** A noun of place after a name or a people's adjective, its owner's mark or a side of it between. */
const PLACE_AFTER =
  /^(?:['’]s)?\s+(?:(?:northern|southern|eastern|western|central|occupied|border)\s+)?(?:regions?|cit(?:y|ies)|towns?|villages?|territor(?:y|ies)|soil|borders?|oblasts?|provinces?|coast|peninsula|front|capital|airbases?|ports?|sea|rivers?|mountains?|islands?|countryside)\b/iu;

/**
 * Whether a word of a sentence (lower case) is a place the question already names: one of its words, the country of
 * a people it names ("ukrainian"), or a word of an acronym's long form it says ("…the Army Tactical Missile System
 * against…" spells out the question's "atacms"; `QueryPlan.longForms`, set for "which city…" questions).
 */
function placeAsked(word: string, plan: QueryPlan): boolean {
  return isQuestionWord(word, plan) || plan.surfaces.some((s) => DEMONYMS.get(s.word) === word) || termsOfWord(word).some((t) => plan.longForms.has(t));
}

/** The capitalised word right before `start`, lower case, that the word there goes on from ("lockheed" for "Martin"), or ''. */
function nameBefore(text: string, start: number): string {
  return (/(\p{Lu}[\p{L}.-]*)\s$/u.exec(text.slice(Math.max(0, start - 40), start))?.[1] ?? '').toLowerCase();
}

/** "Western", "Eastern": adjectives of a part of the world, not names of a place. */
const PEOPLES_ADJECTIVE = /ern$/;

/** Whether a word (lower case) has a term of the question. */
function isQuestionWord(word: string, plan: QueryPlan): boolean {
  return termsOfWord(word).some((term) => plan.terms.includes(term));
}

/** Whether one of the first three words of `text` is a term of the question. */
function namesQuestionTerm(text: string, plan: QueryPlan): boolean {
  const words = text.match(/^\s*(\p{L}+)(?:\s+(\p{L}+))?(?:\s+(\p{L}+))?/u) ?? [];
  return words.slice(1).some((word) => word !== undefined && isQuestionWord(word.toLowerCase(), plan));
}

/** A quotation mark, straight or curly: a sentence that quotes someone (`QueryPlan.quotationAsked`). */
const QUOTATION_MARK = /["“”]/u;

/** A possessive right after a name, or after another name joined to it: "Putin’s", "Britain and France’s". */
const OWNER = /^(?:\s+and\s+\p{Lu}[\p{L}.]*)?['’]s\b/u;

/** A demonym and the word after it: "Korean troops", "Russian officials". */
const DEMONYM_BEFORE_NOUN = /(?<![\p{L}\p{N}])(\p{Lu}\p{Ll}+)\s+(\p{Ll}+)/gu;
/** Who speaks for a country: "Russian officials have characterized…", "the Chinese government said". */
const SPEAKING_BODY =
  /^(?:officials?|government|leaders?|leadership|authorities|ministry|ministers?|spokes(?:man|woman|person)|president|diplomats?|embassy|state|media|lawmakers|politicians|envoy|ambassador)$/u;

/**
 * Whether the sentence names who question term `q` is (the speaker of "what did X say", the subject of "did X
 * let…") only as the owner of something or as part of a compound ("Britain and France’s Storm Shadow
 * missiles", "U.S.-China relations"): then it says something about their things, not what they said or did.
 * False when it does not name them (its paragraph may).
 */
function onlyModifies(index: SearchIndex, plan: QueryPlan, q: number, sentence: number, thingAsked = false): boolean {
  if (q < 0 || !plan.termIsName[q]) return false;
  const termId = plan.termIdOf[q]!;
  const word = plan.surfaces.find((s) => s.termId === termId)?.word;
  if (word === undefined) return false;
  const text = index.sentenceText(sentence);
  let named = false;
  // "North Korean troops" names North Korea as what the troops are, not as who spoke; "Russian officials" speak for Russia.
  for (const m of text.matchAll(DEMONYM_BEFORE_NOUN)) {
    if (DEMONYMS.get(m[1]!.toLowerCase()) !== word.toLowerCase()) continue;
    named = true;
    if (SPEAKING_BODY.test(m[2]!) || SPEECH_AFTER_OWNER.test(` ${m[2]!}`)) return false;
  }
  for (const m of text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'giu'))) {
    named = true;
    const end = m.index + m[0].length;
    // "Britain and France’s missiles" are Britain's too.
    const possessive = OWNER.exec(text.slice(end, end + 40));
    const owner = possessive !== null;
    const after = owner ? text.slice(end + possessive[0].length) : '';
    // "Putin’s warnings that…" is what Putin said.
    if (owner && SPEECH_AFTER_OWNER.test(after)) return false;
    // With `thingAsked`, only the owner of a thing the question names: "Britain and France’s Storm Shadow missiles"
    // for "did britain let ukraine fire storm shadows"; "Ukraine’s defense efforts" may stand beside what Kyiv did.
    if (owner && thingAsked && !namesQuestionTerm(after, plan)) return false;
    if (!(owner || text[end] === '-' || text[m.index - 1] === '-')) return false;
  }
  return named;
}

/**
 * Whether the sentence counts what a "how many" question counts only for another party: "how many ukrainian troops
 * are in kursk" beside "the reported involvement of up to 10,000 North Korean troops". The question names whose
 * (a name right before the noun it counts), and each time the sentence says the noun, another name stands there.
 */
function countsAnotherParty(index: SearchIndex, plan: QueryPlan, sentence: number): boolean {
  const focus = plan.focusTermId;
  if (focus < 0 || (plan.answerKinds & TermKind.NUMBER) === 0) return false;
  const at = plan.sequence.indexOf(focus);
  const whose = at > 0 ? plan.sequence[at - 1]! : -1;
  const q = whose < 0 ? -1 : plan.termIdOf.indexOf(whose);
  if (q < 0 || !plan.termIsName[q]) return false;
  const { termSequence, termKinds, sentTermStart } = index.segments;
  let another = false;
  for (let i = sentTermStart[sentence]! + 1; i < sentTermStart[sentence + 1]!; i++) {
    if (termSequence[i] !== focus) continue;
    if (termSequence[i - 1] === whose) return false;
    if ((termKinds[i - 1]! & TermKind.NAME) !== 0) another = true;
  }
  return another;
}

/** Whether sentence `sentence` says one of `termIds`. */
function saysAny(index: SearchIndex, termIds: readonly number[], sentence: number): boolean {
  for (const t of termIds) if (index.sentenceIndex.contains(t, sentence)) return true;
  return false;
}

/** How many terms from a count a word it counts may stand: "killed up to 20 people". */
const COUNTED_REACH = 3;

/**
 * Whether every count the sentence gives stands beside a word the question sets against what it asks: "killed up
 * to 20 people" for "how many people were injured, not killed", "10,000 North Korean troops" for "how many russian
 * soldiers…, not counting the north koreans".
 */
function countsWhatIsSetAgainst(index: SearchIndex, plan: QueryPlan, sentence: number): boolean {
  const against = plan.againstTermIds;
  if (against.size === 0 || (plan.answerKinds & TermKind.NUMBER) === 0) return false;
  const { termSequence, termKinds, sentTermStart } = index.segments;
  const from = sentTermStart[sentence]!;
  const to = sentTermStart[sentence + 1]!;
  let counts = 0;
  for (let i = from; i < to; i++) {
    if ((termKinds[i]! & TermKind.NUMBER) === 0 || (termKinds[i]! & ANY_QUANTITY) !== 0) continue;
    let beside = false;
    for (let j = Math.max(from, i - COUNTED_REACH); j < Math.min(to, i + COUNTED_REACH + 1) && !beside; j++) beside = against.has(termSequence[j]!);
    if (!beside) return false;
    counts++;
  }
  return counts > 0;
}

/**
 * How far sentence `sentence` holds the number the question asks for, from -1 (not at all) to 1; 0 when it asks for
 * none. How long something lasted is said in words as often as in numbers ("for weeks", "for several months"), and a
 * length is no answer to it; nor to an area ("300 kilometers" for "how many square kilometres does ukraine hold"),
 * nor is a count of another party ("10,000 North Korean troops" for "how many ukrainian troops").
 */
function numberHeld(index: SearchIndex, plan: QueryPlan, sentence: number, answerTypeMet: number): number {
  if (plan.asksDuration) return SAYS_HOW_LONG.test(index.sentenceText(sentence)) ? 1 : -1;
  if (
    (plan.asksArea && !AREA_UNIT.test(index.sentenceText(sentence))) ||
    countsAnotherParty(index, plan, sentence) ||
    countsWhatIsSetAgainst(index, plan, sentence)
  )
    return -1;
  return (plan.answerKinds & TermKind.NUMBER) !== 0 ? 2 * answerTypeMet - 1 : 0;
}

/** How many terms after "former" its role may run: "former defense minister", "ex-chief of staff". */
const ROLE_REACH = 2;

/**
 * Whether terms `[from, to)` put one of the question's words in the past ("Ukraine's former defense minister")
 * when the question asks who or what it is now (`QueryPlan.earlierRoleTerms`): the sentence names who held it.
 */
function namesEarlierHolder(plan: QueryPlan, termSequence: Uint32Array, from: number, to: number): boolean {
  const earlier = plan.earlierRoleTerms;
  if (earlier.length === 0) return false;
  for (let i = from; i < to; i++) {
    if (!earlier.includes(termSequence[i]!)) continue;
    for (let j = i + 1; j <= i + ROLE_REACH && j < to; j++) if (plan.termIds.includes(termSequence[j]!)) return true;
  }
  return false;
}

/** How many terms from the role a "who is…" question asks about the name of its holder may stand: "Kremlin spokesman Dmitry Peskov", "Andriy Zagorodnyuk, Ukraine's former defense minister". */
const ROLE_HOLDER_REACH = 5;

/**
 * Whether terms `[from, to)` hold, within `reach` terms of a place they say the role a "who is…" question asks about,
 * a term at which `named` holds; undefined when they do not say the role.
 */
function besideRole(plan: QueryPlan, termSequence: Uint32Array, from: number, to: number, reach: number, named: (j: number) => boolean): boolean | undefined {
  const role = plan.roleTerm < 0 ? -1 : plan.termIdOf[plan.roleTerm]!;
  let saysRole: boolean | undefined;
  for (let i = from; i < to; i++) {
    if (termSequence[i] !== role) continue;
    saysRole = false;
    for (let j = Math.max(from, i - reach); j <= i + reach && j < to; j++) if (named(j)) return true;
  }
  return saysRole;
}

/**
 * Whether terms `[from, to)` name someone new beside the role a "who…" question asks about, where they say that
 * role: "who were the US officials that briefed NBC" beside "…as reported by NBC, citing US officials" says the role
 * and names nobody who holds it (its Zelenskiy and Ukraine are elsewhere). True where they do not say the role.
 */
function namedBesideRole(plan: QueryPlan, termSequence: Uint32Array, termKinds: Uint8Array, from: number, to: number): boolean {
  return besideRole(plan, termSequence, from, to, ROLE_HOLDER_REACH, (j) => namesNew(plan, termSequence, termKinds, j)) !== false;
}

/** Whether term `j` of the sequence is a name the question does not say. */
function namesNew(plan: QueryPlan, termSequence: Uint32Array, termKinds: Uint8Array, j: number): boolean {
  return (termKinds[j]! & TermKind.NAME) !== 0 && !plan.termIds.includes(termSequence[j]!);
}

/**
 * How many of the corpus's sentences a name may be said in and still be one a member asks for by name: "Who in the
 * Kremlin called it 'fuel to the fire'? What's his name?" beside "Russian officials have characterized Biden’s action
 * as “fuel to the fire”" names Biden, whom every member knows and the articles name throughout; the name a member
 * asks for is one the articles give once or twice (Goncharenko, Sovsun, the Wall Street Journal).
 */
const ASKED_NAME_SENTENCES = 3;

/**
 * Whether terms `[from, to)` give a name the question does not, said in no more than `most` of the corpus's sentences:
 * for a question that asks for a name in so many words (`QueryPlan.namesAsked`), `ASKED_NAME_SENTENCES`.
 */
function namesSomeoneAskedFor(index: SearchIndex, plan: QueryPlan, from: number, to: number, most = ASKED_NAME_SENTENCES): boolean {
  const { termSequence, termKinds } = index.segments;
  for (let i = from; i < to; i++) if (namesNew(plan, termSequence, termKinds, i) && index.sentenceIndex.df(termSequence[i]!) <= most) return true;
  return false;
}

/** A name in more than this share of the corpus's sentences is what the corpus is about, not one it may be asked for. */
const TOPIC_NAME_SHARE = 0.03;

/**
 * Whether terms `[from, to)` give a name the question does not, other than the corpus's own subjects: for "which
 * company builds the himars launchers" (`QueryPlan.oneNamedAsked`), "Lockheed Martin" names one, "the United
 * States" or "Ukraine's northern borders" in a corpus about the war none. A company's name an article is about
 * ("BSkyB", in a few dozen of SQuAD's thousands of sentences) is one.
 */
function namesOneAskedFor(index: SearchIndex, plan: QueryPlan, from: number, to: number): boolean {
  return namesSomeoneAskedFor(index, plan, from, to, Math.max(ASKED_NAME_SENTENCES, TOPIC_NAME_SHARE * index.sentenceIndex.docCount));
}

/**
 * Whether the sentence says the noun of a question that asks for one ("which kremlin official", "what company") only
 * as many: "Russian officials have characterized Biden’s action…" speaks for a group and names none of them (Biden is
 * whom they speak of), as "confirmed by U.S. officials" does. A sentence that never says the noun ("Lockheed Martin
 * manufactures…" for "which company") may still name the one asked for.
 */
function saysFocusOnlyAsMany(index: SearchIndex, plan: QueryPlan, sentence: number): boolean {
  const one = plan.surfaces.find((s) => s.termId === plan.focusTermId)?.word;
  if (one === undefined || /s$/.test(one)) return false;
  const text = index.sentenceText(sentence).toLowerCase();
  return !containsWord(text, one) && (containsWord(text, `${one}s`) || containsWord(text, `${one}es`));
}

/** How many terms apart a role and the name it is of may stand: "Ukraine's former defense minister", "US President Joe Biden". */
const ROLE_NAME_REACH = 10;

/**
 * Whether terms `[from, to)` say the role a "who is…" question asks about next to a name the question gives
 * with it, when they say the role at all: "who is the president of france" beside "…dismissed President
 * Vladimir Putin’s warnings … such as Britain and France’s Storm Shadow missiles" names a president, and France,
 * but not France's president. True when the question gives no name with the role, or the sentence lacks it.
 */
function roleOfNameSaid(plan: QueryPlan, termSequence: Uint32Array, from: number, to: number): boolean {
  if (plan.roleTerm < 0) return true;
  const names = plan.termIdOf.filter((id, q) => id >= 0 && q !== plan.roleTerm && plan.termIsName[q]);
  if (names.length === 0) return true;
  if (besideRole(plan, termSequence, from, to, ROLE_NAME_REACH, (j) => names.includes(termSequence[j]!)) !== false) return true;
  // A name its paragraph gives ("Under defensive coordinator Wade Phillips, the Broncos' defense…" for "who is
  // Denver's defensive coordinator") is not one the sentence gives to another.
  for (let i = from; i < to; i++) if (names.includes(termSequence[i]!)) return false;
  return true;
}

/**
 * A question whose words together weigh less than one specific word ("who makes em": one common verb) says
 * too little to pick its answer out: whichever sentence says "made" and a name, it is a guess.
 */
const MIN_MASS = 0.08;

/** The share of a question's weight in names an answer may leave unmentioned: a long question's passing name. */
const MISSING_NAME = 0.25;

/** The models the composer decides with. */
export interface DecisionModels {
  answerModel: FigureModel;
  topicModel: FigureModel;
  /** Trees added to the answer model's log-odds (default the shipped ones; null for none). */
  answerTrees?: TreeEnsemble | null;
}

/** Total weight of a plain question of a few specific words: `mass` is 1 from here on. */
const FULL_MASS = 12;
/** A common English word weighs at least this share of its IDF ("get", "thing" ≈ 0.3 rarity). */
const SPECIFICITY_FLOOR = 0.15;

/** What every sentence of one question shares: its terms' weights, and which of them the corpus knows nothing of. */
export interface QuestionWeights {
  /** Weight of each question term (parallel to `plan.terms`). */
  weights: Float64Array;
  total: number;
  foreign: number;
  /** Weight in words the corpus is about. */
  topic: number;
  /** The question term that weighs most (the first of equals), or -1 for none. */
  heaviest: number;
}

export function questionWeights(plan: QueryPlan): QuestionWeights {
  const weights = new Float64Array(plan.terms.length);
  let total = 0;
  let foreign = 0;
  let topic = 0;
  const hasNeighbour = new Set<number>();
  for (const r of plan.related.values()) hasNeighbour.add(r.of);
  plan.terms.forEach((_, q) => {
    const known = plan.termIdOf[q]! >= 0;
    // A term the corpus lacks already weighs its English rarity (`query.ts`); a known one is scaled here.
    const w = plan.termIdf[q]! * (known ? SPECIFICITY_FLOOR + (1 - SPECIFICITY_FLOOR) * plan.termRarity[q]! : 1);
    weights[q] = w;
    total += w;
    topic += w * plan.termTopic[q]!;
    if (!known && !hasNeighbour.has(q)) foreign += w;
  });
  let heaviest = -1;
  weights.forEach((w, q) => {
    if (heaviest < 0 || w > weights[heaviest]!) heaviest = q;
  });
  return { weights, total, foreign, topic, heaviest };
}

let softScratch = new Float64Array(16);
const figureScratch = new Float64Array(FIGURES.length);

/**
 * The evidence sentence `sentence` holds for the question. `answerTypeMet` says how far it holds the kind of
 * thing the question asks for, 0 to 1 (from the re-rank).
 */
export function evidenceOf(
  index: SearchIndex,
  plan: QueryPlan,
  sentence: number,
  answerTypeMet: number,
  models: DecisionModels,
  weights: QuestionWeights = questionWeights(plan),
): Evidence {
  const { sentenceIndex, paragraphIndex, articleIndex, segments } = index;
  const paragraph = segments.sentParagraph[sentence]!;
  const article = segments.paraSource[paragraph]!;
  const { termSequence, sentTermStart } = segments;
  // The closest word the sentence holds to each question term it lacks.
  // Scratch arrays, reused: allocating two typed arrays per sentence cost more than the figures themselves.
  if (softScratch.length < plan.terms.length) softScratch = new Float64Array(plan.terms.length * 2);
  const soft = softScratch.fill(0, 0, plan.terms.length);
  if (plan.related.size > 0) {
    for (let i = sentTermStart[sentence]!; i < sentTermStart[sentence + 1]!; i++) {
      const r = plan.related.get(termSequence[i]!);
      if (r !== undefined && r.similarity > soft[r.of]!) soft[r.of] = r.similarity;
    }
  }
  let inSentence = 0;
  let inContext = 0;
  let softly = 0;
  let missingTop = 0;
  let missingName = 0;
  // Whether the sentence (or its paragraph) says the role a "who is…" question asks about, or a word close to it.
  let roleSaid = true;
  // Whether it says the verb a "who", "when" or "where" question asks about, or a word close to it.
  let actionSaid = true;
  // Whether it says who a "what did X say" question asks about, or a word close to it.
  let speakerSaid = true;
  const { termIdOf, termIsName } = plan;
  for (let q = 0; q < termIdOf.length; q++) {
    const t = termIdOf[q]!;
    const w = weights.weights[q]!;
    let found = 0;
    if (t >= 0) {
      if (sentenceIndex.contains(t, sentence)) {
        inSentence += w;
        found = 1;
      } else if (paragraphIndex.contains(t, paragraph)) found = 1;
      else if (articleIndex.contains(t, article)) found = 0.5;
    }
    inContext += found * w;
    if (termIsName[q] && found < 1 && !(found > 0 && namedInPart(index, plan, q, sentence))) missingName += w;
    const softFound = Math.max(found, soft[q]!);
    softly += softFound * w;
    if (q === weights.heaviest) missingTop = w * (1 - softFound);
    if (q === plan.roleTerm)
      roleSaid = (found === 1 || soft[q]! > 0) && roleOfNameSaid(plan, termSequence, sentTermStart[sentence]!, sentTermStart[sentence + 1]!);
    if (q === plan.actionTerm)
      actionSaid = found === 1 || (plan.fateTermIds === undefined ? soft[q]! >= ACTION_CLOSENESS : saysAny(index, plan.fateTermIds, sentence));
    if (q === plan.speakerTerm) speakerSaid = found === 1 || soft[q]! >= ACTION_CLOSENESS;
  }
  const total = weights.total || 1;
  const asks = plan.answerKinds;
  // In `FIGURES` order: the models read this vector, the composer the named figures.
  const x = figureScratch;
  x[0] = inContext / total;
  x[1] = inSentence / total;
  x[2] = softly / total;
  x[3] = weights.foreign / total;
  x[4] = missingTop / total;
  x[5] = numberHeld(index, plan, sentence, answerTypeMet);
  // "How many of the people killed … were children" beside "killed up to 20 people": a count, not of what is asked.
  if (x[5] > 0 && plan.unknownFocus >= 0 && soft[plan.unknownFocus]! === 0) x[5] = -1;
  x[6] = asks !== 0 && (asks & TermKind.NUMBER) === 0 && (asks & TermKind.NAME) !== 0 ? 2 * answerTypeMet - 1 : 0;
  // "Which paper…" beside a sentence that names Biden and Kyiv but no paper: a name, but not one of those asked for.
  // So is "who is zelenskys wife" beside a sentence that names Zelensky and no wife.
  if (
    x[6] > 0 &&
    ((plan.unknownFocus >= 0 && soft[plan.unknownFocus]! === 0) ||
      !roleSaid ||
      !namedBesideRole(plan, termSequence, segments.termKinds, sentTermStart[sentence]!, sentTermStart[sentence + 1]!) ||
      (plan.namesAsked && !namesSomeoneAskedFor(index, plan, sentTermStart[sentence]!, sentTermStart[sentence + 1]!)))
  )
    x[6] = -1;
  x[7] = Math.min(1, weights.total / FULL_MASS);
  x[8] = weights.topic / total;
  x[9] = missingName / total;
  const confidence = vectorScore(compiled(models.answerModel), x, models.answerTrees === undefined ? answerTrees() : models.answerTrees);
  return {
    coverage: x[0],
    sentenceCoverage: x[1],
    softCoverage: x[2],
    foreign: x[3],
    missingTop: x[4],
    answerNumber: x[5],
    answerName: x[6],
    mass: x[7],
    topicWords: x[8],
    missingName: x[9],
    confidence,
    possible:
      couldAnswer(x[5], x[6], x[9], x[7], plan, plan.oneNamedAsked && namesOneAskedFor(index, plan, sentTermStart[sentence]!, sentTermStart[sentence + 1]!)) &&
      !(plan.oneNamedAsked && saysFocusOnlyAsMany(index, plan, sentence)) &&
      ((actionSaid && speakerSaid) || confidence >= ACTION_UNSAID_CONFIDENCE) &&
      !onlyModifies(index, plan, plan.speakerTerm, sentence) &&
      (!plan.quotationAsked || QUOTATION_MARK.test(index.sentenceText(sentence))) &&
      !onlyModifies(index, plan, plan.subjectTerm, sentence, true) &&
      !namesEarlierHolder(plan, termSequence, sentTermStart[sentence]!, sentTermStart[sentence + 1]!) &&
      // "Which Canadian leader did he meet" beside "Ukraine's leader, Volodymyr Zelenskiy": a leader, of another country.
      (plan.focusCountryTermId === -1 || (plan.focusCountryTermId >= 0 && paragraphIndex.contains(plan.focusCountryTermId, paragraph))) &&
      // Another city than one set aside is a name of a place, not any name the question does not say: "besides Kursk,
      // which other Russian cities…" beside "…Russian cities such as Kursk, where Ukraine has already launched
      // incursions" names the one set aside. (Any city asked for would cost SQuAD's right answers whose city opens
      // the sentence, which `namesPlace` cannot read as a name.)
      (!plan.asksPlace || (x[6] >= 0 && !(plan.asksSettlement && plan.setsAside)) || namesPlace(index.sentenceText(sentence), plan)) &&
      (!plan.asksWhere || placesSomething(index.sentenceText(sentence), plan)) &&
      ((asks & TermKind.DATE) === 0 || saysWhen(index, plan, sentence, plan.asksCalendar)),
    topical: vectorScore(compiled(models.topicModel), x),
  };
}

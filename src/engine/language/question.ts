/**
 * A member's question → what to search for: its terms in order, the words as typed, and what kind of answer
 * it asks for. Questions go through the same word normalisation as the corpus (`language.ts`), after chat
 * spelling is read as the words it stands for ("whats" → "what is", "ppl" → "people").
 */
import { isUnknownWordForm, tokenTerms, TermKind, surfaceOf, termsOfWord } from './language.ts';
import { FUNCTION_WORDS } from './function-words.ts';
import { AREA_UNIT, MONTHS } from './quantities.ts';
import { DEMONYMS } from './demonyms.ts';
import { editDistance } from '../ranking/spelling.ts';

/**
 * Where a message asks a second question: before a question word that follows "and", "also", "plus", "&" or a
 * question mark ("how far can they go and how much do they cost", "who makes them? what do they cost?"), a
 * preposition may stand before it ("…, and in which city was the press conference?"). A
 * comma alone is no such place: "Prior to Super Bowl 50, when were…" is one question, and so is "…the coach,
 * who was hired after…".
 */
const NEXT_QUESTION =
  /(?:[,;]?\s+(?:and|also|plus|&)|\s*\?+)\s+(?=(?:(?:in|at|on|from|to|for|by|with|during|under)\s+)?(?:how|what|what's|what’s|whats|wat|who|who's|who’s|whos|when|where|why|which)\b)/giu;
/** How a question starts: a question word or an auxiliary ("can ukraine…", "is it…"), as members type them. */
const QUESTION_START =
  /^(?:how|what|what's|what’s|whats|wat|who|who's|who’s|whos|whom|whose|when|where|why|which|is|are|was|were|do|does|did|can|could|will|would|has|have|had|should)\b/iu;
/** More questions than this in one message are read as one: a list of questions is seldom meant one by one. */
const MAX_PARTS = 3;

/**
 * The questions a message asks one after another, each as typed; the message itself when it asks one. A later
 * part that only follows the one before up ("…? what date?", "…? what happened to that") is no question of its
 * own: it has at most two words, or asks about time with no other word. The engine answers each part on its own
 * when every part has words to search for (a bare "…and why" stays with the rest).
 */
export function questionParts(text: string): string[] {
  const parts = text
    .split(NEXT_QUESTION)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length < 2 || parts.length > MAX_PARTS || !QUESTION_START.test(parts[0]!)) return [text];
  const followsUp = (part: string) => part.split(/\s+/).length <= 2 || analyzeQuery(part).onlyAboutTime;
  return parts.slice(1).some(followsUp) ? [text] : parts;
}

/** Matching terms of a question (or any free text), normalised exactly as the corpus is. */
export function queryTerms(text: string): string[] {
  return analyzeQuery(text).terms;
}

/**
 * What the question asks for, read from its question word: "Who…", "Where…" want a name; "How many…",
 * "When…", "What year…" a number (or, for "When", a name such as a month); "What launcher…" and "In which
 * region…" want a name attached to that noun ("the Himars launchers", "the Kursk region"), the focus.
 */
export interface AnswerType {
  /** `TermKind` flags the answer is likely to carry; 0 when the question does not say. */
  kinds: number;
  /** The term of the noun the question asks to name, when it has one. */
  focus?: string;
  /**
   * The term of the country the focus is said to be of ("Canadian" in "which Canadian leader did he meet"): an
   * answer names someone or something of that country, and says so ("Ukraine's leader, Volodymyr Zelenskiy" does not).
   */
  focusCountry?: string;
  /**
   * The term of the role a "who is…" question asks who holds ("wife" in "who is zelenskys wife"): an answer
   * must say it, or a word close to it. Unlike `focus`, it does not change the ranking.
   */
  role?: string;
  /** It asks how long something lasted ("how long has ukraine had atacms"): a length in miles does not answer. */
  duration?: boolean;
  /** It asks for an area ("how many square kilometres of kursk"): a length in kilometres does not answer. */
  area?: boolean;
  /**
   * It asks for a point on the calendar by name ("on what date…", "which day…", "what year…"): "during a private
   * meeting" says when something happened, not on what date.
   */
  calendar?: boolean;
  /**
   * It asks where ("where are the north korean soldiers positioned"): an answer puts something in a place, not
   * merely names a body or a person ("The White House’s National Security Council has not commented…").
   */
  where?: boolean;
  /**
   * The term of the verb a "who", "when" or "where" question asks about ("commands" in "who commands the
   * troops in kursk", "developed" in "when was atacms first developed"): an answer must say it, or a word
   * close to it; a sentence naming the troops and Kursk but no one commanding them does not answer.
   */
  action?: string;
  /**
   * For a "how many" question about what befell those it counts ("how many have been killed"), the terms that
   * say that fate, `action` among them: only these say it, not a word merely close to it in meaning.
   */
  fate?: readonly string[];
  /**
   * For a question that asks what someone said ("what did france say about the decision"), the term of who
   * said it: an answer names them as more than the owner of a thing ("Britain and France’s Storm Shadow
   * missiles") or part of a compound ("U.S.-China relations").
   */
  speaker?: string;
  /**
   * For a yes-or-no question about what someone did ("did britain let ukraine fire storm shadows too"), the term
   * of that someone, the name right after the opening auxiliary: as for a speaker, an answer names them as more
   * than the owner of a thing ("Britain and France’s Storm Shadow missiles" says nothing Britain did).
   */
  subject?: string;
}

/** Words beside a year that, where sources were published that year, only name them: "late 2024", "the 2023 story". */
export interface BesideYear {
  year: string;
  /** Their terms. */
  terms: string[];
}

export interface QueryAnalysis {
  /** Matching terms in question order (repeats kept, so neighbours stay neighbours). */
  terms: string[];
  /** Each word as typed (lower-cased, possessive removed) → its term, e.g. "manufactures" → "manufactur". */
  surfaces: Map<string, string>;
  /** Those of `surfaces` typed with a capital in a question not shouted: names the asker spelt on purpose. */
  capitalised: Set<string>;
  answerType: AnswerType;
  /** It asks about change over time: "still", "now", "anymore", "changed", "since", "always"… */
  asksAboutChange: boolean;
  /** Terms of the question's numbers ("one", "2024", "37"). */
  numbers: Set<string>;
  /** It asks about time and nothing else ("what happened to that", "still?"): its only terms are the cues. */
  onlyAboutTime: boolean;
  /**
   * It asks who or what something is now ("who is ukraines defence minister"): in the present tense, with no
   * word for an earlier time or holder ("former", "was", "in 2019"). A sentence naming the *former* minister
   * does not answer it.
   */
  asksWhoIsNow: boolean;
  /**
   * It asks in so many words for a name ("Which US officials confirmed it? Any names?", "what's his actual name"): a
   * sentence that says the kind of thing asked for and names none beside it ("confirmed by U.S. officials") does
   * not answer it, however well it says the rest.
   */
  namesAsked: boolean;
  /**
   * It sets something aside ("besides Kursk, which other cities…", "apart from the money", "other than ATACMS"): a
   * sentence that names only what is set aside does not answer it.
   */
  setsAside: boolean;
  /**
   * It asks for one person or firm by what they are ("which North Korean general is in command", "which company builds
   * the launchers"): a sentence that says what they are without naming one does not answer it (`oneNamedAsked`).
   */
  oneNamedAsked: boolean;
  /**
   * It asks for what someone said in their own words ("what did Biden himself say", "his own words", "any direct
   * quote from him"): a sentence that reports it without quoting ("Biden's change in stance", "his allies have
   * voiced dissent") says what was decided, not what was said.
   */
  quotationAsked: boolean;
  /**
   * Terms the question sets against what it asks ("injured, not killed"): no words to search for, and no stand-in
   * for the words it does ask ("killed" is close to "injured" in meaning, and says the other thing).
   */
  setAgainst: ReadonlySet<string>;
  /**
   * It points back at something it does not name, with "this", "these" or "those" standing alone, before a word
   * that names nothing or before a "noun" of the other number ("r ppl worried abt intl fallout w this", "how far
   * r these things fly", "how much do these cost"), "they" or "them" with no name or plural noun to stand for,
   * a last "it" after a preposition ("is the pentagon saying anything abt it"), or "each one" ("what makes each one
   * so pricey"): in a server about the sources, at what the channel is talking about.
   */
  pointsBack: boolean;
  /**
   * A term followed in the question by a particle that is a function word, and so no term itself: "weigh" → "in"
   * ("did the un weigh in"), "dig" → "in", "lean" → "on". Phrasal verbs are read from these and adjacent terms.
   */
  particles: ReadonlyMap<string, string>;
  /**
   * The terms of the nouns a demonstrative points at ("this war", "these missiles"), times excepted ("this
   * year"): where the corpus speaks of the thing, the question is about what the channel speaks of.
   */
  pointedAt: readonly string[];
  /**
   * Terms said only in the message's statements around its question: "Between watering rounds on the allotment
   * somebody asked how… What made more of them available?", "what do they launch them off? my brother swears they get
   * dropped from jets".
   * Empty when every sentence asks, or none does. Each term maps to the statement it is first said in (0 for the
   * first). A word the corpus lacks said there is the member's own setting, not what they ask the sources (`query.ts`
   * weighs it little); so is every word of an aside (`asides`) none of whose words is on the corpus's topic
   * (`query.ts` does not search those the corpus has).
   */
  contextTerms: ReadonlyMap<string, number>;
  /**
   * The statements around the question (by `contextTerms`' numbering) that may be only the member's own setting: they
   * report no claim ("my dad keeps saying this starts ww3"), give no year or figure ("Only a small batch was on offer
   * in 2023"), do not carry the question on ("…a colonel rite? or a general") and ask nothing in the imperative ("paste
   * the range lines from each"). `query.ts` searches none of their words where none is on the corpus's topic.
   */
  asides: ReadonlySet<number>;
  /** Words beside a year that only name the sources of that year where there are such (`query.ts` drops them then). */
  besideYears: readonly BesideYear[];
  /**
   * The years whose sources the question names as where to look ("how do the 2024 articles describe the change"), not
   * as a time to compare with ("since the 2023 article", "by the time of the 2024 reports").
   */
  yearsOfSourcesAsked: readonly string[];
  /**
   * It asks what a short form stands for ("wat does himars actually stand for", "what's the acronym atacms short for"):
   * the long form the corpus defines for it is what is asked (`query.ts` searches for its words). "Stand", "short" and
   * "acronym" are not searched for.
   */
  longFormAsked: boolean;
}

/** Function words that make a phrasal verb with the verb before them ("weigh in", "lean on", "look into"). */
const PARTICLES = new Set(['in', 'on', 'into', 'onto', 'about', 'with', 'for', 'at', 'to', 'by', 'from', 'upon']);

/** Function words typed in capitals only for emphasis: question words, auxiliaries, negations ("WHO" may be the organisation). */
const EMPHASISED = new Set(
  'why how what when where which whom whose not no never nor is are was were be been do does did done can could will would shall should may might must have has had the and but so very too all any ever even still just only really'.split(
    ' ',
  ),
);
/**
 * The bot's sources, as a member names them ("the source" alone is more often a news source: "who was the source").
 */
const SOURCE_NOUNS = new Set(['article', 'articles', 'sources', 'texts', 'writeup', 'writeups']);
/** Words before chat's "2" for "to" that wink-nlp reads as no verb ("wat does ukraine hav 2 do", "they have 2 do"). */
const HAVE_TO = new Set(['have', 'hav', 'has', 'had', 'got', 'gotta', 'need', 'needs', 'want', 'wants', 'going', 'goin']);
/** Who did something habitually in the past, before "used to": "who used to run", "he used to head". */
const HABIT_SUBJECTS = new Set(['who', 'he', 'she', 'they', 'that']);
/** Words after chat's "4" for "for" that no count goes with. */
const FOR_BEFORE = /^(?:me|u|you|us|them|em|him|her|it|the|a|an|this|that|these|those|other|some|any|real|sure|ages|now|ever|what|how)$/;
/** Words for some of the sources: "one of the articles", "according to one of the pieces". */
const SOURCE_SHARES = new Set(['one', 'any', 'some', 'each', 'all', 'both', 'either']);
/** Nouns for a source when a year comes before them ("the 2023 story", "the late 2024 coverage"). */
const DATED_SOURCE_NOUNS = new Set('article articles story stories piece pieces coverage report reports writeup writeups news source sources'.split(' '));
/** What shows the member means the bot's sources: "the articles", "ur sources", "according to the article". */
const SOURCE_DETERMINERS = new Set(['the', 'these', 'those', 'your', 'ur', 'yr', 'this', 'that', 'ya']);
/**
 * Verbs for what the sources hold: "what reasons do the articles give", "what do the articles say" (wink-nlp may
 * read that "say" as a noun, so the reporting verbs are here by lemma too).
 */
const SOURCE_VERBS = new Set('say tell state report claim write note put give mention suggest show list cover describe'.split(' '));
/** Verbs for a source quoting someone: "one of the pieces quotes a bloke who…" (wink-nlp may read "quotes" a noun). */
const QUOTING_VERBS = new Set(['quote', 'quotes', 'cite', 'cites', 'interview', 'interviews']);
/** Demonstratives that stand for something already spoken of when no noun follows them. */
const POINTING_BACK = new Set(['this', 'these', 'those']);
/** Nouns of a time, which "this" names rather than points back at ("this year", "this weekend"). */
const TIME_NOUNS = new Set(
  'time year month week weekend day morning afternoon evening night season spring summer autumn fall winter moment hour minute'.split(' '),
);
/** Prepositions that set something aside ("which other missiles besides atacms"): no word of what is asked. */
const SETTING_ASIDE = new Set(['besides', 'except']);
/** Words that set something aside, as `QueryAnalysis.setsAside` reads them. */
const SETS_ASIDE = new RegExp(`\\b(?:${[...SETTING_ASIDE, 'apart from', 'aside from', 'other than'].join('|')})\\b`, 'iu');
/** Words that deny the verb after them ("not asking…", "never asked…"). */
const NOT_WORDS = new Set(['not', "n't", 'never']);
/** Punctuation that ends a clause. */
const CLAUSE_BREAK = /^[.!?…,;:()[\]—–-]+$/u;
/** Words that open what the member does ask, after what they do not: "not asking for ur view, just what…", "… per the 002 article". */
const CLAUSE_OPENERS = new Set(['just', 'but', 'only', 'simply', 'rather', 'instead', 'per', 'according']);
/**
 * Token indexes from `from` on, at most `reach` of them, up to the end of their clause: a break, a question word or a
 * word that opens what the member does ask ("just", "but", "per").
 */
function restOfClause(normals: readonly string[], from: number, reach: number): number[] {
  const out: number[] = [];
  for (let j = from; j < Math.min(normals.length, from + reach); j++) {
    if (CLAUSE_BREAK.test(normals[j]!) || WH_WORDS.has(normals[j]!) || CLAUSE_OPENERS.has(normals[j]!)) break;
    out.push(j);
  }
  return out;
}
/** Marks before a "not" that sets something against what is asked: "injured, not killed". */
const CONTRAST_BEFORE = new Set([',', ';', '—', '–']);
/** Words after such a "not" that add rather than set against ("not just killed", "not only the us"), or deny a verb. */
const NOT_ONLY = new Set(['just', 'only', 'even', 'merely', 'simply', 'sure', 'yet', 'to', 'that', 'so', 'really', 'asking', 'being', 'having']);
/** Verbs after such a "not" that leave out what follows them: "not counting the north koreans". */
const LEAVING_OUT = new Set(['counting', 'countin', 'including', 'includin', 'incl']);
/** How many words after such a "not" are set against what is asked. */
const CONTRAST_REACH = 3;
/** How many words after "not asking" are taken for what is not asked. */
const NOT_ASKED_REACH = 6;
/** Pronouns and adverbs for what is not named. */
const INDEFINITES = new Set('something anything everything someone anyone everyone somebody anybody everybody somewhere anywhere everywhere'.split(' '));
/** Words that ask to confirm what the member says: "is that right?", "true?", "is it true that…". */
const CONFIRMING = new Set(['right', 'true', 'tru', 'correct']);
/** What the confirming word is said of: "is that right", "it true". */
const CONFIRMED = new Set(['that', 'it', 'this', 'thats', "that's", 'is']);
/** Words that place something within a year: "late 2024", "early 2023". */
const PART_OF_TIME = new Set(['early', 'late', 'mid']);
/**
 * Words that make a year's sources a time to compare with, a few words before them: "since the 2023 article", "by the
 * time of the 2024 reports", "by the 2024 articles, where are they dug in", "compared to the 2023 piece".
 */
const COMPARED_WITH = new Set(['since', 'after', 'before', 'b4', 'by', 'until', 'till', 'til', 'time', 'than', 'compared', 'vs', 'versus', 'from']);
const COMPARED_REACH = 3;
/** Words before a year: "in 23", "since 22", "b4 24". */
const YEAR_BEFORE = new Set(['in', 'since', 'from', 'until', 'till', 'til', 'before', 'b4', 'after', 'during']);
/**
 * Words that ask for a name in so many words, as members add them: "any names?", "what's his actual name", "have they
 * got a name", "names pls", "give me names", "were any of them actually named?" (`QueryAnalysis.namesAsked`). Not "what is the name of the stadium", which
 * asks for the thing by what it is called; "our flute wants the name for the interval chat" asks for a name, "I need the
 * name of the stadium" for the stadium.
 */
const NAMES_ASKED =
  /\b(?:(?:get|got|getting|have|know|want|need)\s+(?:the|his|her|their)\s+names?\s+(?:right|correct|spelled right|spelt right)|(?:wants?|wanted|needs?|needed|(?:i|we)(?:'d|’d|\s+would)\s+(?:like|love)|(?:i'm|i’m|we're|we’re|i am|we are)\s+after)\s+(?:the|his|her|their)\s+names?(?!\s+of\b)|any names?|names? (?:please|pls|plz)|what(?:'s|’s| is| was| are| were|s) (?:his|her|their|they(?:'re| are)) (?:actual |full |real |exact )?names?|(?:ha(?:ve|s) (?:they|he|she) got|do(?:es)? (?:they|he|she) have|got) (?:a |any )?names?|(?:were|was|are|is|have|has)\s+(?:any\s+(?:of\s+)?(?:them|those|these)|any|they|he|she)\s+(?:been\s+)?(?:actually\s+|ever\s+|even\s+|publicly\s+|officially\s+)?named|named (?:any|anyone|anybody|names)|by name|(?:give|tell) (?:me|us) (?:the |their |his |her |some )?names|(?:can(?:'t|’t|not| not)|cant|don(?:'t|’t)|dont|do not) (?:quite |really )?(?:remember|recall|think of) (?:the |his |her |their )names?|forg[eo]t(?:ten)? (?:the |his |her |their )names?)\b/iu;
/**
 * One person or firm asked for by what they are: "which North Korean general is in command", "which company builds
 * the launchers". Only a name answers it. (Several are often answered by what they are: "which officials…",
 * "Ukrainian officials".)
 */
function oneNamedAsked(answerType: AnswerType, perToken: readonly (readonly string[])[], normals: readonly string[], lemmas: readonly string[]): boolean {
  if (answerType.focus === undefined) return false;
  const at = perToken.findIndex((t) => t.at(-1) === answerType.focus);
  return at >= 0 && ONE_NAMED.has(lemmas[at]!) && normals[at] === lemmas[at];
}
const ONE_NAMED = new Set(
  'general commander official minister spokesperson spokesman spokeswoman senator congressman congresswoman lawmaker mp envoy ambassador diplomat company firm manufacturer contractor newspaper outlet journalist reporter'.split(
    ' ',
  ),
);

/** Someone's own words asked for (`QueryAnalysis.quotationAsked`): "what did trump himself say", "in her own words", "a direct quote". */
const QUOTATION_ASKED =
  /\b(?:(?:(?:him|her|them)sel(?:f|ves)|personally)\s+(?:\S+\s+)?(?:say|said|says|put it)|(?:his|her|their)\s+own\s+words|direct\s+(?:quote|quotation)s?|(?:exact|actual)\s+(?:quote|words|quotation)s?\s+(?:from|of)\s+(?:him|her|them))\b/iu;
/** What someone said asked for exactly (`QueryAnalysis.quotationAsked` when the question names who said it): "what did Guterres say, word for word". */
const SAID_EXACTLY = /\b(?:word for word|verbatim|(?:exact|actual|precise) (?:words|wording|quote|quotation|line)s?)\b/iu;
/** Pronouns for things named before: in a server about the sources, what the channel speaks of. */
const THEY = new Set(['they', 'them']);
/** "…abt it", "…on it": a last "it" after one of these points back as a lone "this" does. */
const IT_AFTER = new Set(['about', 'on', 'with', 'of', 'over', 'to']);
/**
 * "Has any official confirmed it", "did the pentagon deny it": "it" as the object of a verb that makes news known
 * stands for the news, where no name or plural noun before it could be what it stands for.
 */
const NEWS_VERBS = new Set('confirm deny announce approve authorize authorise verify report sign'.split(' '));
/** Parts of speech that show a demonstrative is a determiner ("this decision", "these new missiles", "those 2"). */
const DETERMINED_POS = new Set(['NOUN', 'PROPN', 'ADJ', 'NUM']);

export function analyzeQuery(text: string): QueryAnalysis {
  const read = readChatSpelling(text);
  const { terms: perToken, kinds, normals, lemmas, pos, values, types } = tokenTerms(read, { otherScripts: true });
  // A word that is not what is asked is not searched for, unless it is the only word there is to search for.
  const dropUnlessAlone = (k: number) => {
    if (perToken.some((t, j) => t.length > 0 && j !== k)) perToken[k] = [];
  };
  // Chat's "2" for "to" ("scared 2 send them", "learning 2 fly"): after a verb or adjective, before a word that is
  // no plural ("fired 2 missiles", "2 days ago" keep their number).
  // …and its "4" for "for", before a word no count goes with ("r they askin 4 other missiles", "waiting 4 ages"):
  // "sent 4 atacms", "winning 4 straight games" keep their number.
  for (let i = 1; i < normals.length; i++) {
    // (…and at the end of a clause after a verb: "wat does atacms even stand 4 lol, my mum…".)
    if (normals[i] === '4' && pos[i - 1] === 'VERB' && (i + 1 === normals.length || types[i + 1] === 'punctuation')) {
      perToken[i] = [];
      continue;
    }
    if (i + 1 >= normals.length) continue;
    if (
      ((normals[i] === '2' &&
        (pos[i - 1] === 'VERB' ||
          pos[i - 1] === 'ADJ' ||
          pos[i - 1] === 'PRON' ||
          (HAVE_TO.has(normals[i - 1]!) && (pos[i + 1] === 'VERB' || pos[i + 1] === 'AUX')))) ||
        (normals[i] === '4' && (pos[i - 1] === 'VERB' || /(?:in'?|ing)$/.test(normals[i - 1]!)) && FOR_BEFORE.test(normals[i + 1]!))) &&
      /^[a-z]+$/.test(normals[i + 1]!) &&
      (pos[i + 1] === 'VERB' || !/s$/.test(normals[i + 1]!))
    )
      perToken[i] = [];
  }
  // "Who used to run the defence ministry", "he used to head it": a holder in the past, which articles call "former"
  // ("Ukraine's former defense minister"); "used" is no word of it ("the missiles used to strike" keeps its verb).
  for (let i = 1; i + 2 < normals.length; i++) {
    if (normals[i] === 'used' && normals[i + 1] === 'to' && HABIT_SUBJECTS.has(normals[i - 1]!) && pos[i + 2] === 'VERB') perToken[i] = ['former'];
  }
  // Chat's two-digit year ("in 23", "the 23 summer push"): after "in", "since"…, where no plural follows, or
  // before a singular noun, which no count takes ("23 missiles", "in 23 days" stay numbers).
  for (let i = 0; i < normals.length; i++) {
    if (!/^\d\d$/.test(normals[i]!) || perToken[i]!.length !== 1) continue;
    const next = pos[i + 1];
    const singularNext = next === 'NOUN' && lemmas[i + 1] === normals[i + 1];
    if ((YEAR_BEFORE.has(normals[i - 1] ?? '') && (next !== 'NOUN' || singularNext)) || (normals[i - 1] === 'the' && singularNext))
      perToken[i] = [`20${normals[i]}`];
  }
  // "Anyway", "anyhow" turn to the question or shrug it off ("who makes them anyway"), and "bot," addresses the bot:
  // no words of what is asked.
  for (let i = 0; i < normals.length; i++) {
    if (TURN_WORDS.has(normals[i]!) || (BOT_NAMES.has(normals[i]!) && TURN_MARK.test(normals[i + 1] ?? ''))) dropUnlessAlone(i);
  }
  // A question word, an auxiliary or a negation in capitals is said with emphasis ("WHY were the restrictions
  // there", "it is NOT allowed"), not an acronym as "US" or "IT" may be: no word to search for.
  for (let i = 0; i < normals.length; i++) {
    if (perToken[i]!.length > 0 && EMPHASISED.has(normals[i]!) && values[i] === values[i]!.toUpperCase()) perToken[i] = [];
  }
  // The articles themselves, named as what is asked of: "what do the articles say about the range", "according to
  // the sources", "what reasons does the article give". They are the bot's sources, no word of the topic, and
  // what they "say" asks for what they hold, not for a statement someone made.
  for (let i = 1; i < normals.length; i++) {
    // ("the Articles of Confederation" is a name.)
    // (A "piece" or a "story" is one only after "according to", or a month: "which pieces did they send", "one of the
    // November pieces".)
    const month = i >= 2 && MONTHS.has(normals[i - 1]!);
    if (!DATED_SOURCE_NOUNS.has(normals[i]!) && !SOURCE_NOUNS.has(normals[i]!)) continue;
    // "according to (the) sources": the "according" goes with them. "The 2023 article", "the 002 article", "the
    // November pieces": a year, a source's number or the month it came out may stand between.
    const det = (/^\d{3,4}$/.test(normals[i - 1]!) || month) && i >= 2 ? i - 2 : i - 1;
    // "One of the articles", "any of the pieces": the share named goes with them.
    const share = SOURCE_DETERMINERS.has(normals[det]!) && normals[det - 1] === 'of' && SOURCE_SHARES.has(normals[det - 2] ?? '') ? det - 2 : -1;
    // (…and a piece or a story is one as one of them that says something: "one of the pieces quotes a bloke who…".)
    const shareSays = share >= 0 && (SOURCE_VERBS.has(lemmas[i + 1] ?? '') || QUOTING_VERBS.has(lemmas[i + 1] ?? ''));
    const named = SOURCE_NOUNS.has(normals[i]!) || ((month || shareSays) && DATED_SOURCE_NOUNS.has(normals[i]!));
    if (/^\p{Lu}/u.test(values[i]!) && normals[i + 1] === 'of') continue;
    const to = share >= 0 ? share - 1 : SOURCE_DETERMINERS.has(normals[det]!) ? det - 1 : det;
    const according = normals[to] === 'to' && normals[to - 1] === 'according' ? to - 1 : -1;
    if ((!SOURCE_DETERMINERS.has(normals[det]!) || !named) && according < 0) continue;
    dropUnlessAlone(i);
    if (month) dropUnlessAlone(i - 1);
    if (share >= 0) dropUnlessAlone(share);
    if (according >= 0) dropUnlessAlone(according);
    for (let j = i + 1; j <= i + 2 && j < normals.length; j++) {
      if ((kinds[j]! & TermKind.REPORT) === 0 && !SOURCE_VERBS.has(lemmas[j]!) && !(shareSays && QUOTING_VERBS.has(lemmas[j]!))) continue;
      kinds[j] = kinds[j]! & ~TermKind.REPORT;
      dropUnlessAlone(j);
    }
  }
  // "The late 2024 coverage", "the 2023 story", "2023 article:": a part of a year, or a source named by its year (what
  // the loop above read as the bot's sources is no term any more). Where sources were published that year, these
  // words name them and are no words of the topic (`QueryPlan.sourceYear`); elsewhere "in early 2012" or "a 2013
  // report on Nigeria" may be what a passage says.
  const besideYears: BesideYear[] = [];
  const yearsOfSourcesAsked: string[] = [];
  for (let i = 0; i < normals.length; i++) {
    if (!/^(?:19|20)\d\d$/.test(normals[i]!)) continue;
    const beside = [i - 1, i + 1].filter((j) => (j < i ? PART_OF_TIME.has(normals[j] ?? '') : DATED_SOURCE_NOUNS.has(normals[j] ?? '')));
    const terms = beside.flatMap((j) => perToken[j]!);
    if (terms.length > 0) besideYears.push({ year: normals[i]!, terms });
    // "the 2024 articles", "these Nov 2024 reports": the sources of that year named, unless as a time to compare with.
    const det = MONTHS.has(normals[i - 1] ?? '') ? i - 2 : i - 1;
    if (DATED_SOURCE_NOUNS.has(normals[i + 1] ?? '') && SOURCE_DETERMINERS.has(normals[det] ?? '')) {
      if (!normals.slice(Math.max(0, det - COMPARED_REACH), det).some((n) => COMPARED_WITH.has(n))) yearsOfSourcesAsked.push(normals[i]!);
    }
  }
  // A reporting verb asks for a statement (see REPORTING_VERBS): it becomes the answer type instead of a
  // search term, unless it is the only word there is to search for.
  const reports = perToken.map((t, i) => (kinds[i]! & TermKind.REPORT) !== 0 && t.length > 0);
  const asksForStatement = reports.includes(true) && perToken.some((t, i) => t.length > 0 && !reports[i]);
  if (asksForStatement) {
    for (let i = 0; i < perToken.length; i++) if (reports[i]) perToken[i] = [];
  }
  // Likewise "far" in "How far…", "long" in "How long…": it asks for a distance or a duration; searching for
  // it would favour any "long-range" or "far from" over the sentence that gives the number.
  const how = normals.indexOf('how');
  if (how >= 0 && HOW_DIMENSION.has(normals[how + 1] ?? '')) dropUnlessAlone(how + 1);
  // …and the currency of "how many dollars", which asks for a sum of money: the articles write "$1.5 million".
  if (how >= 0 && (normals[how + 1] === 'many' || normals[how + 1] === 'much') && CURRENCY_NOUNS.has(normals[how + 2] ?? '')) dropUnlessAlone(how + 2);
  // "What kind of…", "which sorts of…": the kind noun only points at the noun after "of"; "things" or "stuff"
  // there name nothing to search for.
  for (let i = 1; i + 1 < normals.length; i++) {
    if (!KIND_NOUNS.has(lemmas[i]!) || normals[i + 1] !== 'of' || !WH_WORDS.has(normals[i - 1]!)) continue;
    perToken[i] = [];
    if (VAGUE_NOUNS.has(lemmas[i + 2] ?? '')) dropUnlessAlone(i + 2);
  }
  // "Something", "anyone", "somewhere" stand for what is not named ("wat did the pentagon say abt it, anything
  // fr?"); and "is that right", "true?", "is it true that…" ask to confirm what the member says, in no word of it.
  for (let i = 0; i < normals.length; i++) {
    // ("…, right?", "…, tru??": a tag after a comma; "is that right", "is it true that…".)
    const tag = (normals[i - 1] === ',' || i === 0) && /^[?!.]*$/.test(normals[i + 1] ?? '');
    const confirms = CONFIRMING.has(normals[i]!) && (CONFIRMED.has(normals[i - 1] ?? '') || tag);
    if (INDEFINITES.has(normals[i]!) || confirms) dropUnlessAlone(i);
  }
  // "Why did the us wait so long", "it took this long": "long" says how long something took, and searching for it
  // finds every "long-range" missile. Before a noun ("so long a delay", "too long range") it is the noun's.
  for (let i = 1; i < normals.length; i++) {
    if (normals[i] === 'long' && DEGREE_WORDS.has(normals[i - 1]!) && pos[i + 1] !== 'NOUN' && normals[i + 1] !== '-') dropUnlessAlone(i);
  }
  // "Kind of small", "sort of pricey": a hedge before what it qualifies, no kind of thing ("what kind of missile",
  // "a kind of missile" name one).
  for (let i = 1; i + 2 < normals.length; i++) {
    if (KIND_NOUNS.has(lemmas[i]!) && normals[i + 1] === 'of' && !WH_WORDS.has(normals[i - 1]!) && HEDGED_POS.has(pos[i + 2]!)) perToken[i] = [];
  }
  // "Not asking u to draft one —", "(not asking u to play!)": what the member does not ask, up to the end of its
  // clause, is no word of what they do ask (the screen reads it the same way: `NOT_ASKED`). Emoji are gone from the
  // chat reading, so a question word or "just" ends the clause too: "not asking for ur opinion 🏃 just what…".
  for (let i = 0; i + 1 < normals.length; i++) {
    if (!NOT_WORDS.has(normals[i]!) || lemmas[i + 1] !== 'ask') continue;
    for (const j of restOfClause(normals, i + 1, NOT_ASKED_REACH)) perToken[j] = [];
  }
  const setAgainst = new Set<string>();
  // "Injured, not killed", "his own words, not his allies'": what follows a "not" that opens a clause is set against
  // what is asked, not asked itself ("not just killed" asks for both).
  for (let i = 1; i + 1 < normals.length; i++) {
    if (normals[i] !== 'not' || !CONTRAST_BEFORE.has(normals[i - 1]!) || NOT_ONLY.has(normals[i + 1]!)) continue;
    // "…, not counting the north koreans": what is left out is what follows the verb.
    const leftOut = LEAVING_OUT.has(normals[i + 1]!);
    if (leftOut) dropUnlessAlone(i + 1);
    for (const j of restOfClause(normals, leftOut ? i + 2 : i + 1, CONTRAST_REACH + (leftOut ? 1 : 0))) {
      for (const t of perToken[j]!) setAgainst.add(t);
      dropUnlessAlone(j);
    }
  }
  // "Besides atacms", "except the ukrainians": what the question sets aside, not what it asks; the words after it stay.
  for (let i = 0; i < normals.length; i++) if (SETTING_ASIDE.has(normals[i]!)) dropUnlessAlone(i);
  // "When exactly…", "where precisely": after a question word of time, place or manner, "exactly" only presses the
  // question, and "precision" is no word of it. ("What exactly did he say" asks for his very words.)
  for (let i = 1; i < normals.length; i++) if (PRESSING.has(normals[i]!) && PRESSED.has(normals[i - 1]!)) dropUnlessAlone(i);
  // "How come…" is "why…": "come" is no word to search for.
  if (how >= 0 && normals[how + 1] === 'come') dropUnlessAlone(how + 1);
  // "What made the americans drag their feet", "what made kyiv so sure": "made" asks for a cause, as "why" does, and
  // the corpus's "has made the decision" is none ("what made up the package" names its parts).
  for (let i = 1; i + 1 < normals.length; i++) {
    if (normals[i - 1] === 'what' && lemmas[i] === 'make' && pos[i] === 'VERB' && !MADE_OF.has(normals[i + 1]!)) dropUnlessAlone(i);
  }
  // "Going to" ("gonna"), "supposed to", "meant to" before a verb say when or why, not what: "is ukraine gonna
  // lose support" asks about losing support, and the corpus's rare "go" outweighed "support".
  for (let i = 0; i + 2 < normals.length; i++) {
    if (MODAL_PHRASE_HEADS.has(normals[i]!) && normals[i + 1] === 'to' && (pos[i + 2] === 'VERB' || pos[i + 2] === 'AUX')) perToken[i] = [];
  }
  // "I thought…", "I heard…", "we were told…" frame what the member asks about: the question is the rest ("wait
  // i thought ukraine promised not to use atacms on russia, did that change"), and "think" matches everything.
  for (let i = 0; i + 1 < normals.length; i++) {
    if (FIRST_PERSON.has(normals[i]!) && HEARSAY_VERBS.has(lemmas[i + 1]!)) dropUnlessAlone(i + 1);
  }
  const surfaces = new Map<string, string>();
  const capitalised = new Set<string>();
  const shouted = !/\p{Ll}/u.test(read);
  perToken.forEach((terms, i) => {
    const surface = surfaceOf(normals[i]!);
    if (terms.length === 1 && surface.length > 2 && /^\p{L}+$/u.test(surface)) {
      surfaces.set(surface, terms[0]!);
      if (!shouted && /^\p{Lu}/u.test(values[i]!)) capitalised.add(surface);
    }
  });
  // "What did biden tell zelensky" asks for what was said; "on what date did biden tell zelensky", "when did…"
  // ask for a time, and "what made the us say yes" for a reason: a statement with neither does not answer them.
  // A question word in a sentence that only tells ("…wouldn't say yes or no when asked about the missiles.") is
  // no question word of the message's.
  const sentences = sentencesOf(normals, lemmas, types);
  for (const turn of sentences.flatMap((s) => s.turn ?? [])) perToken[turn] = [];
  const telling = tellingMask(sentences, normals.length);
  const asides = asidesOf(sentences, normals, lemmas, pos, types);
  // A word of an aside says nothing of time in the sources: "only now catching up 🎻 what are they launched from".
  const inAside = new Array<boolean>(normals.length).fill(false);
  sentences
    .filter((s) => !s.asks)
    .forEach(({ words }, statement) => {
      if (asides.has(statement)) for (const j of words) inAside[j] = true;
    });
  const asked = answerTypeOf(
    normals.map((n, i) => (telling[i] && WH_WORDS.has(n) ? '' : n)),
    lemmas,
    pos,
    perToken,
  );
  // "…, the one who said nothing comes of the threats" tells who someone is: that reporting verb asks for no statement.
  const statementVerb = reports.findIndex((r, i) => r && !speakerTold(i, normals, pos));
  const answerType =
    // ("Where are the soldiers said to be positioned?" asks where, not what was said.)
    asksForStatement && statementVerb >= 0 && (asked.kinds & (TermKind.DATE | TermKind.REASON | TermKind.NUMBER)) === 0 && !asked.where
      ? statementAsked(statementVerb, normals, pos, perToken)
      : asked;
  if ((answerType.kinds & (TermKind.NUMBER | TermKind.MEASURE)) !== 0 && AREA_UNIT.test(read)) answerType.area = true;
  // The phrases are read in the question as read ("iz used to" is "is used to", no habit of the past).
  const lower = read.toLowerCase();
  const phrase = changePhraseTokens(normals);
  // "What are russian forces still hitting civilians with" asks what goes on, not how things stood then and now:
  // in a question that opens with its question word, "still" before a verb in "-ing" is an activity going on.
  const opensWithWh = WH_WORDS.has(normals[0] ?? '');
  const occasion = occasionMask(normals);
  const goingOn = (i: number) => opensWithWh && normals[i] === 'still' && pos[i + 1] === 'VERB' && /ing$/.test(normals[i + 1]!);
  const timeCues = lemmas.map(
    (l, i) =>
      (CHANGE_CUES.has(normals[i]!) || CHANGE_CUES.has(l) || phrase.has(i)) &&
      !isHypotheticalChange(normals, lemmas, pos, i) &&
      !goingOn(i) &&
      !inAside[i] &&
      !inClaimTold(normals, lemmas, i),
  );
  // A change in the clause that names the occasion asks about no change ("what did putin say when the us lifted the
  // ban"); in a question that asks about one on other grounds, it is a word of time like the rest.
  const cues = timeCues.map((cue, i) => cue && !occasion[i]);
  // A question that asks for a number or a reason asks for that, whatever time it names: "how many nk troops r
  // there rn" wants today's count, "why didnt the us wanna give them atacms at first" the reason then; an
  // oldest-first pair of what was said then and now answers neither. (Without a question word, "last year" is
  // a time named, not a quantity asked for: "was ukraine allowed to fire atacms into russia last year".)
  // Two years named ask across both, whatever is asked of each ("what tipped washington's hand each time: in 2023
  // to send the rockets, and in 2024 to let kyiv fire them into russia").
  const twoYears = new Set(lower.match(YEARS)).size > 1;
  const asksAboutChange =
    twoYears ||
    (!(normals.some((n, i) => WH_WORDS.has(n) && !telling[i]) && (answerType.kinds & (TermKind.NUMBER | TermKind.REASON)) !== 0) &&
      (cues.includes(true) || CHANGE_PHRASES.test(occasion.includes(true) ? normals.filter((_, i) => !occasion[i]).join(' ') : lower)));
  // "Changed", "still", "now" ask about time, not about what to find: "has the policy on strikes changed" is
  // answered by what the policy was and is, not by a sentence that says "change".
  const ofTime = asksAboutChange ? timeCues : cues;
  const onlyAboutTime = ofTime.includes(true) && !perToken.some((t, i) => t.length > 0 && !ofTime[i]);
  if (ofTime.includes(true) && !onlyAboutTime) {
    for (let i = 0; i < perToken.length; i++) if (ofTime[i]) perToken[i] = [];
  }
  const numbers = new Set(perToken.flatMap((terms, i) => ((kinds[i]! & TermKind.NUMBER) !== 0 ? terms : [])));
  // A plural noun or a name the question says is what its "they" may stand for ("what language do they speak in
  // brazil"); without one, "they" and "them" are the things the channel speaks of ("r they gonna start shootin em").
  const namesAt = (j: number) => pos[j] === 'PROPN' || (pos[j] === 'NOUN' && lemmas[j] !== normals[j]);
  const namesItsOwn = pos.some((_, j) => namesAt(j));
  // "These" and "those" determine plurals, "this" a singular: before a "noun" of the other number they stand
  // alone, and the tagger took a verb for a noun ("how much do these cost a pop", "any worry this messes w china").
  const beforeOtherNumber = (n: string, i: number) => pos[i + 1] === 'NOUN' && (lemmas[i + 1] === normals[i + 1]) !== (n === 'this');
  const pointsBack = normals.some(
    (n, i) =>
      (POINTING_BACK.has(n) && (!DETERMINED_POS.has(pos[i + 1] ?? '') || VAGUE_NOUNS.has(lemmas[i + 1] ?? '') || beforeOtherNumber(n, i))) ||
      (THEY.has(n) && !namesItsOwn) ||
      // An object "them" ("em") with no name or plural noun before it for it to stand for: "which firm builds em,
      // bet theyre rubbin their hands w all the orders" (the "hands" come after).
      (n === 'them' && !pos.some((_, j) => j < i && namesAt(j))) ||
      (n === 'it' && IT_AFTER.has(normals[i - 1] ?? '') && i === normals.length - 1) ||
      (n === 'it' && NEWS_VERBS.has(lemmas[i - 1] ?? '') && pos[i - 1] === 'VERB' && !pos.some((_, j) => j < i && namesAt(j))) ||
      // "Each one", "every one", not followed by "of": one of the things the channel speaks of.
      (n === 'one' && (normals[i - 1] === 'each' || normals[i - 1] === 'every') && normals[i + 1] !== 'of'),
  );
  // "These things", "this stuff": the things the channel speaks of, and no word to search for ("how pricey is
  // just one of these things" found "Such things are not announced").
  for (let i = 0; i + 1 < normals.length; i++) {
    if (POINTING_BACK.has(normals[i]!) && VAGUE_NOUNS.has(lemmas[i + 1] ?? '')) dropUnlessAlone(i + 1);
  }
  const pointedAt = normals.flatMap((n, i) => (POINTING_BACK.has(n) && pos[i + 1] === 'NOUN' && !TIME_NOUNS.has(lemmas[i + 1] ?? '') ? perToken[i + 1]! : []));
  let longFormAsked = false;
  const asksWhat = normals.some((n) => WH_WORDS.has(n));
  for (let i = 0; i < normals.length; i++) {
    const standsFor = asksWhat && (lemmas[i] === 'stand' || normals[i] === 'short') && normals[i + 1] === 'for' && !OBJECT_PRONOUNS.has(normals[i + 2] ?? '');
    if (!standsFor && !SHORT_FORM_NOUNS.has(lemmas[i]!)) continue;
    longFormAsked = true;
    perToken[i] = [];
  }
  const particles = new Map<string, string>();
  for (let i = 0; i + 1 < normals.length; i++)
    if (perToken[i]!.length === 1 && PARTICLES.has(normals[i + 1]!)) particles.set(perToken[i]![0]!, normals[i + 1]!);
  return {
    terms: perToken.flat(),
    surfaces,
    capitalised,
    answerType,
    asksAboutChange,
    numbers,
    onlyAboutTime,
    asksWhoIsNow: asksWhoIsNow(normals, pos),
    namesAsked: NAMES_ASKED.test(read) || NAMES_ASKED.test(text),
    setsAside: SETS_ASIDE.test(read),
    oneNamedAsked: oneNamedAsked(answerType, perToken, normals, lemmas),
    quotationAsked: QUOTATION_ASKED.test(read) || (answerType.speaker !== undefined && SAID_EXACTLY.test(read)),
    setAgainst,
    pointsBack,
    particles,
    pointedAt,
    contextTerms: contextTerms(sentences, perToken),
    asides,
    besideYears,
    yearsOfSourcesAsked,
    longFormAsked,
  };
}

/** What ends a sentence of a message: its punctuation, or a pictograph standing between its parts. */
const SENTENCE_END = /^(?:[.!?…]+|\p{Extended_Pictographic}.*)$/u;
/** Besides the question words (`WH_WORDS`), the words that open a sentence which asks: auxiliaries, modals. */
const ASKING_AUXILIARIES = new Set('is are was were am do does did done can could will would shall should may might must has have had any'.split(' '));

/** The sentences of a message, as spans of token positions, and whether each asks: ends in "?" or opens as a question does. */
function sentencesOf(normals: readonly string[], lemmas: readonly string[], types: readonly string[]): { words: number[]; asks: boolean; turn?: number }[] {
  const out: { words: number[]; asks: boolean; turn?: number }[] = [];
  let from = 0;
  // (Not after a question word: "why does helium make your voice squeaky — does it change the pitch" asks twice.)
  const saysWhWord = (a: number, b: number) => normals.slice(a, b).some((n) => WH_WORDS.has(n));
  for (let i = 0; i <= normals.length; i++) {
    // "Press is booked for the 12th, bring your own demijohns 🍾 Anyway, are Ukrainian officials after…": a turn
    // word and its comma end what came before, as a full stop would, and are no word of either sentence.
    // (Not after a question: "who gives ukraine most of its weapons anyway, is it the us??".)
    const turn = i > from && TURN_WORDS.has(normals[i]!) && TURN_MARK.test(normals[i + 1] ?? '');
    const end =
      turn ||
      i === normals.length ||
      (normals[i] === ',' &&
        i > from &&
        (saysWhWord(from, i) || ASKING_AUXILIARIES.has(normals[from]!)) &&
        (claimToldAfter(normals, lemmas, types, i + 1) || remarkAfter(normals, lemmas, types, i + 1))) ||
      (SENTENCE_END.test(normals[i]!) && (types[i] === 'punctuation' || types[i] === 'emoji')) ||
      (DASH.test(normals[i]!) && i > from && !saysWhWord(from, i));
    if (!end) continue;
    const words = [];
    for (let j = from; j < i; j++) if (types[j] === 'word' || types[j] === 'number') words.push(j);
    // ("In what year…", "for how long…": a question word after the first.)
    // ("Anyway bot, what range…": the turn and the bot's name before a question do not open it.)
    let first = 0;
    while (first < words.length - 1 && (TURN_WORDS.has(normals[words[first]!]!) || BOT_NAMES.has(normals[words[first]!]!))) first++;
    const opener = normals[words[first] ?? -1] ?? '';
    const asks = /\?/.test(normals[i] ?? '') || WH_WORDS.has(opener) || ASKING_AUXILIARIES.has(opener) || WH_WORDS.has(normals[words[first + 1] ?? -1] ?? '');
    if (turn && asks) continue;
    if (words.length > 0) out.push(turn ? { words, asks, turn: i } : { words, asks });
    from = turn ? i + 2 : i + 1;
    if (turn) i++;
  }
  return out;
}

/**
 * Whether the clause from `start` to the end of its sentence tells what someone else claims, after a question and a
 * comma: "hw many north korean soldiers r we talkin abt rn, 10k or wat, sum1 in the rota chat said 100k lol", "r
 * peace talks expected soonish, ppl in the whatsapp keep sayin so". It is said around the question, as a sentence of
 * its own would be (not "…, or did biden say so himself": a question goes on).
 */
function claimToldAfter(normals: readonly string[], lemmas: readonly string[], types: readonly string[], start: number): boolean {
  let verb = -1;
  for (let j = start; j < normals.length; j++) {
    const n = normals[j]!;
    if (n === ',' || DASH.test(n) || (SENTENCE_END.test(n) && (types[j] === 'punctuation' || types[j] === 'emoji'))) return false;
    if (j === start && (CARRYING_ON.has(n) || ASKING_AUXILIARIES.has(n) || WH_WORDS.has(n))) return false;
    if (WH_WORDS.has(n) || n === 'you' || n === 'u') return false;
    if (verb < 0 && j > start && reportsClaim(n, lemmas[j]!)) verb = j;
  }
  return verb > 0;
}

/**
 * Whether what follows a question's comma is the member's feeling about it, to the end of the message or sentence:
 * "how many people got killed in that attack, sounds awful 😢", "…or wat, ngl sounds grim". Its words are said
 * around the question, not asked ("awful", "grim" are no words of the answer).
 */
function remarkAfter(normals: readonly string[], lemmas: readonly string[], types: readonly string[], start: number): boolean {
  let j = start;
  while (j < normals.length && REMARK_OPENERS.has(normals[j]!)) j++;
  if (!REMARK_VERBS.has(lemmas[j] ?? '') && !REMARK_VERBS.has(normals[j] ?? '')) return false;
  j++;
  while (j < normals.length && REMARK_DEGREES.has(normals[j]!)) j++;
  if (types[j] !== 'word') return false;
  j++;
  return j === normals.length || (SENTENCE_END.test(normals[j]!) && (types[j] === 'punctuation' || types[j] === 'emoji'));
}
/** What may open a remark before its verb: "it", "that's", chat's fillers. */
const REMARK_OPENERS = new Set(['it', 'that', 'this', "'s", '’s', 'is', 'ngl', 'tbh', 'honestly', 'lol', 'tho', 'but', 'which', 'all']);
/** The verbs of a remark, by lemma or as chat types them ("soundin"). */
const REMARK_VERBS = new Set(['sound', 'seem', 'look', 'feel', 'soundin', 'sounding']);
/** Words of degree between a remark's verb and its one word ("sounds so grim", "seems a bit much" is two). */
const REMARK_DEGREES = new Set(['so', 'soo', 'sooo', 'really', 'pretty', 'kinda', 'just', 'bit', 'a', 'super', 'absolutely', 'well', 'proper', 'rly']);

/**
 * A dash ends what came before as a full stop would: "ignore the above, I posted last year's gas plan by mistake 🤦 —
 * per the 2023 article, what held up…" tells, then asks.
 */
const DASH = /^[—–]$/u;

/** Words that turn from what was said around the question to the question: "…, anyway, what did…". */
const TURN_WORDS = new Set(['anyway', 'anyways', 'anyhow']);
/** The bot's names, as members address it ("anyway bot, …", "bot: …"). */
const BOT_NAMES = new Set(['bot', 'quotebot']);
const TURN_MARK = /^[,:;—–-]$/;

/**
 * Parallel to the tokens: whether each is in a sentence that only tells ("Back in the 2023 story Zelenskiy wouldn't
 * say yes or no when asked about the missiles."), where the message also has one that asks; all false otherwise.
 */
function tellingMask(sentences: readonly { words: number[]; asks: boolean }[], tokens: number): boolean[] {
  const mask = new Array<boolean>(tokens).fill(false);
  if (!sentences.some((s) => s.asks) || sentences.every((s) => s.asks)) return mask;
  for (const { words, asks } of sentences) if (!asks) for (const j of words) mask[j] = true;
  return mask;
}

/**
 * `QueryAnalysis.contextTerms`: the terms of sentences that neither end in "?" nor open as a question does, each with
 * the statement it is first said in.
 */
function contextTerms(sentences: readonly { words: number[]; asks: boolean }[], perToken: readonly (readonly string[])[]): Map<string, number> {
  const told = new Map<string, number>();
  const asking = sentences.filter((s) => s.asks);
  const telling = sentences.filter((s) => !s.asks);
  if (asking.length === 0 || telling.length === 0) return told;
  const asked = new Set(asking.flatMap(({ words }) => words.flatMap((j) => perToken[j]!)));
  telling.forEach(({ words }, statement) => {
    for (const j of words) for (const t of perToken[j]!) if (!asked.has(t) && !told.has(t)) told.set(t, statement);
  });
  return told;
}

/** Parts of speech that open the object of a verb in the imperative: "paste the…", "tell me…". */
const OBJECT_OPENERS = new Set(['DET', 'PRON']);
/** A verb's "-ing" form, which no imperative takes (six letters or more: "bring", "swing" are verbs of their own). */
const GERUND = /^(?!(?:string|spring)$)[a-z]{3,}ing$/;
/** Words that carry a question on into the sentence after it: "omelyans a colonel rite? or a general". */
const CARRYING_ON = new Set(['or', 'like']);

/**
 * `QueryAnalysis.asides`: the statements (numbered as `contextTerms` numbers them) that report no claim, give no figure
 * or year, carry no question on and ask nothing in the imperative.
 */
function asidesOf(
  sentences: readonly { words: number[]; asks: boolean }[],
  normals: readonly string[],
  lemmas: readonly string[],
  pos: readonly string[],
  types: readonly string[],
): Set<number> {
  const asides = new Set<number>();
  // (As `tellingMask`: where no sentence asks, or every one does, none is said around the question.)
  if (!sentences.some((s) => s.asks)) return asides;
  sentences
    .filter((s) => !s.asks)
    .forEach(({ words }, statement) => {
      const first = words[0] ?? -1;
      if (CARRYING_ON.has(normals[first] ?? '')) return;
      // A request in the imperative ("tell me…", "paste the range lines from each", which wink-nlp tags a noun before
      // its object) is what the member asks, not where they are.
      // (Not a word in "-ing", which wink-nlp may leave as its own lemma: "forwarding the email so the team has it"
      // tells what the member is doing.)
      const imperative = pos[first] === 'VERB' || (pos[first] === 'NOUN' && OBJECT_OPENERS.has(pos[first + 1] ?? ''));
      if (imperative && lemmas[first] === normals[first] && !GERUND.test(normals[first] ?? '')) return;
      if (words.some((j) => types[j] === 'number' || /\d/.test(normals[j]!) || reportsClaim(normals[j]!, lemmas[j]!) || HEARSAY_VERBS.has(lemmas[j]!))) return;
      asides.add(statement);
    });
  return asides;
}

/**
 * A question that asks what someone said, with the speaker when a noun comes right before the reporting verb:
 * "what did france say", "what did the pentagon say about it", "what did biden's critics say" (the critics).
 */
function statementAsked(report: number, normals: string[], pos: string[], terms: (readonly string[])[]): AnswerType {
  // "What did Trump himself say", "what did zelensky actually say": the speaker stands before the emphasis.
  let before = report - 1;
  while (before > 0 && SPEAKER_EMPHASIS.has(normals[before]!)) before--;
  // After "did", "does"…, the subject is the speaker, however the tagger reads it: a lower-case "trump" is a verb to it.
  const subject = pos[before - 1] === 'AUX' || (pos[before - 1] === 'DET' && pos[before - 2] === 'AUX');
  const nounLike = pos[before] === 'PROPN' || pos[before] === 'NOUN' || (subject && /^(?:VERB|ADJ)$/.test(pos[before] ?? ''));
  const speaker = before >= 0 && nounLike && !POSSESSIVE.has(normals[before]!) ? terms[before]!.at(-1) : undefined;
  return speaker === undefined ? { kinds: TermKind.REPORT } : { kinds: TermKind.REPORT, speaker };
}

/**
 * Whether the reporting verb at `i` is in a clause set off by a comma that tells who someone is ("wat brigade is that
 * major omelyan in, the one who said nothin ever comes of russian threats"). Without the comma the clause picks out
 * who is asked about, and what they said is what to look for ("whos the mp that said it couldve saved lives").
 */
function speakerTold(i: number, normals: readonly string[], pos: readonly string[]): boolean {
  if ((normals[i - 1] !== 'who' && normals[i - 1] !== 'that') || !/^(?:NOUN|PROPN|PRON|NUM)$/.test(pos[i - 2] ?? '')) return false;
  for (let j = i - 3; j >= Math.max(0, i - 5); j--) if (normals[j] === ',') return true;
  return false;
}

/** Words that stress who spoke, between the speaker and the reporting verb: "what did trump himself say". */
const SPEAKER_EMPHASIS = new Set('himself herself themselves itself personally actually really even ever exactly officially publicly'.split(' '));
/** Words that put a question's role or holder in the past: "who was", "the former minister", "in 2019". */
const EARLIER = new Set(['was', 'were', 'former', 'ex', 'previous', 'past', 'earlier', 'old', 'then', 'used', 'once', 'first', 'original']);

/** Words that ask for today's holder: "who is the minister now", "the current one". */
const NOW_WORDS = new Set(['now', 'current', 'currently', 'today', 'nowadays', 'rn']);

/** Marks that end a question's clause, and the words that then open what the member says beside it. */
const CLAUSE_END = new Set([',', ';', '—', '–']);
const AROUND_THE_QUESTION = new Set(['if', 'since', 'given', 'because', 'seeing', 'now', 'as', 'not']);

/** "Who is…", "what's the name of…": a question word, then a present form of "be" as its first verb, and nothing of an earlier time. */
function asksWhoIsNow(normals: readonly string[], pos: readonly string[]): boolean {
  const w = normals.findIndex((n) => n === 'who' || n === 'what' || n === 'which');
  if (w < 0) return false;
  // What follows the question's clause says what the member knows, or does not ask: "who is the defence minister
  // now, if zagorodnyuk is the former one" and "who is the current defence minister, not the former one" still
  // ask who holds it today.
  const end = normals.findIndex((n, i) => i > w && CLAUSE_END.has(n) && AROUND_THE_QUESTION.has(normals[i + 1] ?? ''));
  // So does what comes before it, where a clause ends first and the question asks for now: "Zagorodnyuk is the
  // former defence minister, so who is Ukraine's defence minister now?" ("There's a former minister quoted. Who is
  // he?" asks who the former one is).
  let start = w - 1;
  while (start >= 0 && !CLAUSE_END.has(normals[start]!) && !SENTENCE_END.test(normals[start]!)) start--;
  if (!normals.some((n, i) => i > w && NOW_WORDS.has(n))) start = -1;
  // "Now then" is no earlier time.
  const earlier = (n: string, i: number) => EARLIER.has(n) && !(n === 'then' && normals[i - 1] === 'now');
  if (normals.some((n, i) => i > start && (end < 0 || i < end) && (earlier(n, i) || pos[i] === 'NUM'))) return false;
  const verb = normals.findIndex((_, i) => i > w && (pos[i] === 'AUX' || pos[i] === 'VERB'));
  return verb >= 0 && (normals[verb] === 'is' || normals[verb] === 'are' || normals[verb] === "'s");
}

/**
 * Words that ask how things stand over time ("is it still…", "what changed", "not anymore", "did they flip"):
 * the answer may need an older and a newer source side by side. Words that often mean something else ("the
 * first targets", "never", "before this") are left out; "at first" is a phrase.
 */
const CHANGE_CUES = new Set(
  (
    'still now anymore yet change changed changes initially originally previously earlier since currently today always lately ' +
    'nowadays flip flipped reverse reversed reversal lift lifted overturn overturned dead gone scrapped'
  ).split(' '),
);
/**
 * The words of a clause that names the occasion of what is asked ("in 2023 when Zelenskiy got quizzed about Biden's
 * U-turn, which country…", "what did putin say when the us lifted the ban"): a change said there is when the thing
 * asked about happened, not a change asked about. "When did the us lift the ban" asks for a time.
 */
function occasionMask(normals: readonly string[]): boolean[] {
  const mask = new Array<boolean>(normals.length).fill(false);
  for (let i = 1; i + 1 < normals.length; i++) {
    if (!OCCASION_WORDS.has(normals[i]!) || ASKING_AUXILIARIES.has(normals[i + 1]!) || CLAUSE_BREAK.test(normals[i - 1]!)) continue;
    for (let j = i; j < normals.length && !CLAUSE_BREAK.test(normals[j]!); j++) mask[j] = true;
  }
  return mask;
}
const OCCASION_WORDS = new Set(['when', 'whenever', 'once']);

/** Modal verbs (and "going to", "gonna"): what follows them is a possibility, not what has happened. */
const MODALS = new Set(['will', 'would', 'could', 'can', 'might', 'may', 'gonna', "'ll"]);

/** The change cues that are verbs: after a modal or "to", a change wanted or possible, not one that happened. */
const CHANGE_VERBS = new Set(['change', 'flip', 'reverse', 'lift', 'overturn']);

/**
 * "Will this change the outcome of the war", "could atacms change anything": a verb of change after a modal asks
 * what something may bring about, not how things have changed over time ("has the policy changed", "did the us
 * change its mind"); so does one after "to" ("who asked for the limits to be lifted": a change wanted). It stays
 * a word to search for ("experts believe the decision could change the dynamics", "pressed the Biden
 * administration to lift the restrictions").
 */
function isHypotheticalChange(normals: readonly string[], lemmas: readonly string[], pos: readonly string[], i: number): boolean {
  if (!CHANGE_VERBS.has(lemmas[i] ?? '') && !CHANGE_VERBS.has(normals[i]!)) return false;
  if (normals[i - 1] === 'to' || (normals[i - 1] === 'be' && normals[i - 2] === 'to')) return true;
  // In the present, with something it acts on, it asks what that thing does: "do experts think this flips the whole
  // war", "does it change the outcome", not "did the us change its mind" or "has the policy changed".
  if (
    pos[i] === 'VERB' &&
    (/s$/.test(normals[i]!) ? normals[i] !== lemmas[i] : normals[0] === 'does' || normals[0] === 'do') &&
    (DETERMINED_POS.has(pos[i + 1] ?? '') || pos[i + 1] === 'DET' || pos[i + 1] === 'PRON')
  )
    return true;
  for (let j = i - 1; j >= Math.max(0, i - 3); j--) if (MODALS.has(normals[j]!) || (normals[j] === 'going' && normals[j + 1] === 'to')) return true;
  // What something helps bring about is wanted, not what has happened: "could this help ukraine win back ground or
  // lift morale", "does it help them change the outcome".
  for (let j = i - 1; j >= Math.max(0, i - HELPED_REACH); j--) {
    if (CLAUSE_BREAK.test(normals[j]!)) break;
    if (lemmas[j] === 'help' && pos[j] === 'VERB') return true;
  }
  return false;
}
/** How many words before a verb of change "help" may stand ("help Ukraine win back ground or lift"). */
const HELPED_REACH = 6;

/**
 * Whether token `i` is in a claim the member tells before asking about it: "putin keeps sayin nato's in the war now,
 * do the ukrainians buy that" asks what Ukrainians make of the claim, not how things stood then and now. The
 * clause opens the message with no question word or auxiliary, says a reporting verb before `i`, and a clause
 * after it asks, not whether the claim holds ("my mate insists ukraine is still bound by its pledge, is he right").
 */
function inClaimTold(normals: readonly string[], lemmas: readonly string[], i: number): boolean {
  const asks = (j: number) => WH_WORDS.has(normals[j] ?? '') || ASKING_AUXILIARIES.has(normals[j] ?? '');
  if (asks(0)) return false;
  let reported = false;
  for (let j = 0; j < i; j++) {
    if (CLAUSE_BREAK.test(normals[j]!)) return false;
    if (reportsClaim(normals[j]!, lemmas[j]!)) reported = true;
  }
  if (!reported) return false;
  const comma = normals.findIndex((n, j) => j > i && CLAUSE_BREAK.test(n));
  // "…, is he right?", "…, is he?": a claim checked is asked about as it stands now.
  return comma > 0 && asks(comma + 1) && !CLAIM_CHECKED.has(normals[comma + 2] ?? '');
}
const CLAIM_CHECKED = new Set(['he', 'she', 'it', 'that', 'this', 'they', 'he’s', 'she’s', 'it’s', 'that’s']);
const CLAIMING_VERBS = new Set(['say', 'claim', 'insist', 'reckon', 'argue', 'tell', 'think', 'believe', 'suggest']);

/** Whether a token is a verb that reports a claim ("says", "reckons"; "sayin": chat drops the g, and the tagger reads a noun). */
function reportsClaim(normal: string, lemma: string): boolean {
  return CLAIMING_VERBS.has(lemma) || CLAIMING_VERBS.has(normal.replace(/in['’]?$/u, ''));
}

/**
 * Phrases that ask the same: "used to", "these days", "back then", or two different years side by side. ("The guy
 * who used to run the defence ministry", "what job did he used to have" name a former holder, not a change asked about.)
 */
const CHANGE_PHRASES =
  /(?<!\b(?:is|are|was|were|be|been|being|get|gets|got|who|he|she)\s)\bused to\b|\b(?:no longer|these days|back then|last year|at first|any more|u-turn)\b/;
const YEARS = /\b(?:19|20)\d\d\b/g;
/** "What happened to (that promise)", "what's happening with (the ban)": what became of how things stood. */
const HAPPEN = ['happen', 'happened', 'happens', 'happening'];
/**
 * The tokens of those phrases ("first" of "at first"), and of "what happened to": about time, not words to
 * search for.
 */
const PHRASE_WORDS: readonly (readonly string[])[] = [
  ['used', 'to'],
  ['no', 'longer'],
  ['these', 'days'],
  ['back', 'then'],
  ['last', 'year'],
  ['at', 'first'],
  ['any', 'more'],
  // "right now" ("rn") is "now": "how many nk troops r there rn" asks for no "right".
  ['right', 'now'],
  ...HAPPEN.map((verb) => [verb, 'to']),
  ...HAPPEN.map((verb) => [verb, 'with']),
];
function changePhraseTokens(normals: readonly string[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i + 1 < normals.length; i++) {
    for (const [a, b] of PHRASE_WORDS) {
      if (normals[i] !== a || normals[i + 1] !== b) continue;
      // "is used to fire" is no habit of the past; "nothing would happen to Russia" asks after no promise.
      // Nor does "the guy who used to run the ministry" ask what changed, nor "what job did he used to have": they
      // name a former holder.
      if (a === 'used' && /^(?:is|are|was|were|be|been|being|get|gets|got|who|he|she)$/.test(normals[i - 1] ?? '')) continue;
      if (HAPPEN.includes(a!) && !(normals[i - 1] === 'what' || (normals[i - 2] === 'what' && /^(?:'s|’s|is|has)$/.test(normals[i - 1] ?? '')))) continue;
      out.add(i);
      out.add(i + 1);
    }
  }
  return out;
}

/** Nouns whose instances are numbers, with the kind of quantity each asks for: "What year…", "Which percentage…". */
const QUANTITY_NOUNS: ReadonlyMap<string, number> = new Map([
  ...'year years decade century date day month'.split(' ').map((n) => [n, TermKind.DATE] as const),
  ...'cost price value budget salary'.split(' ').map((n) => [n, TermKind.MONEY] as const),
  ...'percentage percent proportion share rate'.split(' ').map((n) => [n, TermKind.PERCENT] as const),
  ...'size length height width depth distance range speed temperature weight age duration'.split(' ').map((n) => [n, TermKind.MEASURE] as const),
  ...'number amount sum total population count'.split(' ').map((n) => [n, 0] as const),
]);
/** Of those, the points on the calendar a question may name as what it asks for ("what date", "which year"). */
const CALENDAR_NOUNS = new Set(['year', 'date', 'day', 'month']);
/**
 * Nouns whose answer is something said or thought, not a name: "what was the message from the UN chief", "what
 * was the goal of the counteroffensive". As a focus they would ask for a name, and a focus the corpus lacks weighs
 * fully and stands only for its close synonyms, so "message" alone outweighed the rest of the question and the
 * sources' "statement" or "urged" went unread: the question was declined as off the subject.
 */
const CONTENT_NOUNS = new Set(
  (
    'message statement response reaction reply comment remark view stance opinion verdict take ' +
    'goal aim purpose objective intention intent point reason motive motivation rationale justification explanation excuse ' +
    'plan strategy idea argument concern worry fear problem issue risk danger threat ' +
    'impact effect result outcome consequence significance importance role meaning lesson difference advantage benefit downside drawback'
  ).split(' '),
);
/** Nouns for a short form, which ask what it stands for: "what's the acronym atacms", "is himars an abbreviation". */
const SHORT_FORM_NOUNS = new Set(['acronym', 'abbreviation', 'initialism']);
/** Pronouns that only follow a verb or a preposition. */
const OBJECT_PRONOUNS = new Set(['them', 'it', 'him', 'her', 'us', 'me', 'em']);
/** Nouns of kind: in "what kind of X" the question asks about X, and "kind" is no word to search for. */
const KIND_NOUNS = new Set(['kind', 'sort', 'type', 'variety']);
/** What a hedge ("kind of", "sort of") qualifies: "kinda small", "sort of rushed", "kind of already happened". */
const HEDGED_POS = new Set(['ADJ', 'ADV', 'VERB']);
/** Nouns that name nothing in particular: "what stuff", "what sorts of things" ask for no kind of name. */
const VAGUE_NOUNS = new Set(['thing', 'stuff']);
/** "How many", "how far"…: adverbs and adjectives after "how" that ask for a quantity, and which kind. */
const HOW_QUANTITY: ReadonlyMap<string, number> = new Map([
  ...'many much often'.split(' ').map((w) => [w, 0] as const),
  ...'long far old big large tall high deep wide fast heavy close near'.split(' ').map((w) => [w, TermKind.MEASURE] as const),
  ...'early late soon'.split(' ').map((w) => [w, TermKind.DATE] as const),
  ...'expensive costly pricey cheap'.split(' ').map((w) => [w, TermKind.MONEY] as const),
]);
/** Superlatives that ask for a quantity when no noun follows ("what's the furthest they can go"), and which kind. */
const SUPERLATIVE_QUANTITY: ReadonlyMap<string, number> = new Map([
  ...'furthest farthest longest biggest largest tallest highest deepest widest fastest heaviest closest nearest'
    .split(' ')
    .map((w) => [w, TermKind.MEASURE] as const),
  ...'earliest latest soonest'.split(' ').map((w) => [w, TermKind.DATE] as const),
  ...'cheapest priciest'.split(' ').map((w) => [w, TermKind.MONEY] as const),
]);
/**
 * Of those, the ones that only name a dimension ("how far", "how long"): not words to search for. "How pricey"
 * keeps "pricey", which says what the number is about.
 */
const HOW_DIMENSION = new Set('many much long far old big large tall high often deep wide fast heavy early late close near soon'.split(' '));
/** Words before a "long" that says how long something took: "so long", "this long", "for long". */
const DEGREE_WORDS = new Set(['so', 'too', 'this', 'that', 'for', 'as', 'soo', 'sooo']);
/** Verbs whose "-ing" after "what is the X" says what X is doing, and "what" what it does: "what's the kremlin saying". */
const DOING_VERBS = new Set('say do try plan hope aim ask demand seek push want wear suppose mean claim expect offer'.split(' '));
/** Auxiliaries of "what does it cost", "what would they cost": not "what is", whose noun says what is asked. */
const COST_AUX = new Set(['do', 'will', 'would', 'could', 'might', 'should']);
/** Verbs whose object "what" is a sum of money, and the auxiliaries before their subject: "what has the us spent". */
const SPEND_VERBS = new Set(['spend', 'pay']);
const SPEND_AUX = new Set([...COST_AUX, 'have']);
/** What else is spent: "spend more time", "spend hours", "pay attention". */
const SPENT_OTHER_THAN_MONEY = new Set('time hours days weeks months years minutes effort energy attention tribute respects visit heed'.split(' '));
/** Prepositions that, left at a clause's end, ask for what the money went on: "what did they spend it on". */
const STRANDED = new Set(['on', 'for', 'with']);
/** Words that make "how much" a question about money: "how much does it cost", "how much aid". */
const MONEY_CUES = new Set(
  'cost costs costing price priced pay paid spend spent worth money cash fund funds funding budget aid dollar dollars expensive pricey cheap afford'.split(' '),
);
/** Currencies a member may count in: "how many dollars did he get" asks for a sum of money, as "how much" does. */
const CURRENCY_NOUNS = new Set('dollar dollars bucks euro euros pound pounds quid grand'.split(' '));
/** Words between "what"/"which" and the noun it asks about: "which British and French missiles". */
const MODIFIER_POS = new Set(['ADJ', 'PROPN', 'CCONJ', 'NUM', 'PUNCT', 'ADV']);

function answerTypeOf(normals: string[], lemmas: string[], pos: string[], terms: (readonly string[])[]): AnswerType {
  let w = normals.findIndex((n) => WH_WORDS.has(n));
  // "is ukraine gonna lose support when trump comes in" asks yes or no: after an opening auxiliary, "when" or
  // "where" begins a clause of the question, not what it asks for.
  // ("do we know when the war will end" asks when: after "know", "sure", "idea", "on", the clause is the question.)
  if (w > 0 && pos[0] === 'AUX' && (normals[w] === 'when' || normals[w] === 'where') && !EMBEDDING.has(normals[w - 1]!)) w = -1;
  // "When John Fox left as head coach, who replaced him?": an opening "when" clause, then the question ("when
  // did biden approve atacms, and why" asks when: an auxiliary after "when" makes it the question).
  if (w >= 0 && (normals[w] === 'when' || normals[w] === 'where') && pos[w + 1] !== 'AUX') {
    const comma = normals.indexOf(',', w + 1);
    const asked = comma < 0 ? -1 : normals.findIndex((n, i) => i > comma && WH_WORDS.has(n));
    if (asked > 0) w = asked;
  }
  // "We know what each missile costs, but how much does one launcher cost": what the member says they know is not
  // what they ask; the question word after "but" is.
  if (w > 0 && KNOWN_ALREADY.has(lemmas[w - 1]!) && pos[w - 1] === 'VERB') {
    const after = normals.findIndex((n, i) => i > w && WH_WORDS.has(n) && (normals[i - 1] === 'but' || normals[i - 1] === 'so'));
    if (after > 0) w = after;
  }
  const quantity = (kind: number | undefined) => TermKind.NUMBER | (kind ?? 0);
  // A fragment with no question word but a quantity ("atacms range?", "price of one atacms") asks for a number;
  // a yes-or-no question does not ("was ukraine allowed to fire atacms into russia last year").
  if (w < 0) {
    if (pos[0] === 'AUX') {
      // However the tagger reads a lower-case name ("did britain let…": not a proper noun to it); the plan keeps
      // the subject only where the corpus writes it as a name.
      // "Do Ukraine's own analysts think…" asks about the analysts, not Ukraine.
      const at = pos[1] === 'DET' ? 2 : 1;
      const named = /^(?:PROPN|NOUN|ADJ|VERB)$/.test(pos[at] ?? '') && !POSSESSIVE.has(normals[at + 1] ?? '');
      return named ? { kinds: 0, subject: terms[at]!.at(-1) } : { kinds: 0 };
    }
    const noun = normals.findIndex((n, i) => pos[i] === 'NOUN' && QUANTITY_NOUNS.has(n));
    return { kinds: noun < 0 ? 0 : quantity(QUANTITY_NOUNS.get(normals[noun]!)) };
  }
  switch (normals[w]) {
    // A reason (the words that give one are marked as such), and no measure: "why are long-range weapons more
    // useful in winter" does not ask what "range" would ask for in "atacms range?".
    case 'why':
      return { kinds: TermKind.REASON };
    case 'who': {
      // "who is zelenskys wife", "who is the ceo of lockheed": an answer must say the role (a sentence naming
      // Zelensky and no wife does not answer).
      const role = pos[w + 1] === 'AUX' && lemmas[w + 1] === 'be' ? roleAsked(w + 2, normals, lemmas, pos, terms) : undefined;
      return withAction({ kinds: TermKind.NAME, ...(role === undefined ? {} : { role }) }, actionAsked(w + 1, normals, lemmas, pos, terms));
    }
    case 'whom':
    case 'whose':
      return { kinds: TermKind.NAME };
    case 'where':
      // "where did nbc get its info from" asks for a source, not a place; "the one where he wont say yes or no" and
      // "said anything about where this might lead" ask for no place ("so where r they", "any idea where": they do).
      return withAction(
        {
          kinds: TermKind.NAME,
          where:
            (w === 0 || OPENS_WHERE_POS.has(pos[w - 1]!) || (EMBEDDING.has(normals[w - 1]!) && pos[w - 1] !== 'ADP')) &&
            normals.filter((_, i) => pos[i] !== 'PUNCT' && pos[i] !== 'SYM').at(-1) !== 'from',
        },
        actionAsked(w + 1, normals, lemmas, pos, terms),
      );
    case 'when':
      return withAction({ kinds: TermKind.NUMBER | TermKind.NAME | TermKind.DATE }, actionAsked(w + 1, normals, lemmas, pos, terms));
    case 'how': {
      const how = normals[w + 1] ?? '';
      // "How come the us waited so long" asks why.
      if (how === 'come') return { kinds: TermKind.REASON };
      if (!HOW_QUANTITY.has(how)) return { kinds: 0 };
      if (how === 'much' && normals.some((n, i) => MONEY_CUES.has(n) || MONEY_CUES.has(lemmas[i] ?? ''))) return { kinds: quantity(TermKind.MONEY) };
      // "How many troops…" counts troops: a number beside that noun answers it.
      if (how === 'many') {
        if (CURRENCY_NOUNS.has(normals[w + 2] ?? '')) return { kinds: quantity(TermKind.MONEY) };
        // "How many of the people killed … were children" counts children among the people: the noun after "be".
        if (normals[w + 2] === 'of') {
          const be = lemmas.findIndex((l, j) => j > w + 3 && l === 'be' && pos[j] === 'AUX');
          let k = be + 1;
          while (be > 0 && k < normals.length && (MODIFIER_POS.has(pos[k]!) || pos[k] === 'DET')) k++;
          const counted = be > 0 && pos[k] === 'NOUN' ? terms[k]!.at(-1) : undefined;
          if (counted !== undefined) return { kinds: TermKind.NUMBER, focus: counted };
        }
        let i = w + 2;
        while (i < normals.length && i <= w + 4 && MODIFIER_POS.has(pos[i]!)) i++;
        // "How many ATACMS can one launcher carry", "how many Republicans voted": a name last before the verb is what
        // is counted, as a noun would be. Before "be" and no verb it is the group a share is asked of ("how many
        // Victorians are Catholic").
        const verbNext = pos[i] === 'VERB' || (pos[i] === 'AUX' && (lemmas[i] !== 'be' || pos[i + 1] === 'VERB'));
        const named = verbNext && i - 1 >= w + 2 && pos[i - 1] === 'PROPN';
        const focus = pos[i] === 'NOUN' ? terms[i]!.at(-1) : named ? terms[i - 1]!.at(-1) : undefined;
        // "How many have been killed", "how many were injured": a count of what befell them is no count of how many
        // there are ("up to 10,000 North Korean troops"), nor of another fate ("killed up to 20 people" for injured).
        // Other verbs a count may be said without ("how many soldiers did north korea send": "…10,000 North Korean
        // troops being deployed").
        const action = actionAsked(focus === undefined || named ? i : i + 1, normals, lemmas, pos, terms);
        const fate = action === undefined ? undefined : FATES.find((words) => words.includes(lemmas[terms.findIndex((t) => t.at(-1) === action)] ?? ''));
        const counted: AnswerType = focus === undefined ? { kinds: TermKind.NUMBER } : { kinds: TermKind.NUMBER, focus };
        return fate === undefined ? counted : { ...counted, action, fate: fate.flatMap((word) => termsOfWord(word)) };
      }
      // "How long has ukraine had atacms", "how long did they ask": a time, not a length, where a verb other than
      // "be" says what lasted ("how long is the bridge" asks a length, "how long was the war" either). "For how long"
      // asks a time whatever follows ("they were already using them b4 this, for how long").
      const lasted = (pos[w + 2] === 'AUX' && lemmas[w + 2] !== 'be') || hasMainVerbAfter(w + 2, normals, lemmas, pos) || normals[w - 1] === 'for';
      if (how === 'long' && lasted) return { kinds: quantity(TermKind.MEASURE), duration: true };
      return { kinds: quantity(HOW_QUANTITY.get(how)) };
    }
  }
  // "What made the us say yes", "what finally tipped biden into it": what caused something is a reason.
  let cause = w + 1;
  while (pos[cause] === 'ADV') cause++;
  if (normals[w] === 'what' && pos[cause] === 'VERB' && CAUSE_VERBS.has(lemmas[cause]!)) return { kinds: TermKind.REASON };
  // "What does a storm shadow cost", "what would the package cost": "what" is the sum the verb "cost" takes, last in
  // its clause (the tagger may read it as a noun after another noun, and "what does the missile cost reflect" has
  // one; "cost compared to" still asks the sum). "What will the decision cost russia" asks a price of another kind.
  const costVerb = (j: number) =>
    lemmas[j] === 'cost' &&
    (pos[j - 1] !== 'DET' || pos[j - 2] === 'ADP') &&
    (j + 1 >= pos.length || /^(?:PUNCT|ADP|CCONJ)$/.test(pos[j + 1]!) || lemmas[j + 1] === 'compare');
  if (normals[w] === 'what' && COST_AUX.has(lemmas[w + 1] ?? '') && lemmas.some((_, j) => j > w + 2 && costVerb(j))) return { kinds: quantity(TermKind.MONEY) };
  // "What has the us spent on ukraine", "what did they pay for the launchers": "what" is the sum spent or paid. A
  // preposition left at its clause's end asks for the thing bought instead ("what did they spend it on", "what did
  // the us pay for?").
  const spendVerb = (j: number) => {
    // "What do teachers spend more time doing" asks what is done with the time.
    if (!SPEND_VERBS.has(lemmas[j]!) || pos[j] !== 'VERB' || SPENT_OTHER_THAN_MONEY.has(normals[j + 1]!) || SPENT_OTHER_THAN_MONEY.has(normals[j + 2]!))
      return false;
    let end = j + 1;
    while (end < pos.length && pos[end] !== 'PUNCT') end++;
    return !(end - 1 > j && pos[end - 1] === 'ADP' && STRANDED.has(normals[end - 1]!));
  };
  if (normals[w] === 'what' && SPEND_AUX.has(lemmas[w + 1] ?? '') && lemmas.some((_, j) => j > w + 2 && spendVerb(j)))
    return { kinds: quantity(TermKind.MONEY) };
  // what / which: the noun right after it ("what launcher"), or the head of "what is the X of…".
  let i = w + 1;
  // "What is the price" asks about the price; in "what does the pentagon want" the noun after the auxiliary is
  // who does the wanting, and "what" what is wanted.
  const isThe = pos[i] === 'AUX' && lemmas[i] === 'be' && pos[i + 1] === 'DET';
  if (isThe) i += 2;
  // After "what is the…", a possessor is a modifier too: "what's the kremlin's response" asks about the
  // response. "Which country's missiles…" asks for the country: there "which" qualifies the possessor itself.
  const possessor = (j: number) => pos[w] !== 'DET' && POSSESSIVE.has(normals[j + 1] ?? '') && (pos[j] === 'NOUN' || MODIFIER_POS.has(pos[j]!));
  while (i < normals.length && i <= w + 7 && (MODIFIER_POS.has(pos[i]!) || possessor(i) || (possessor(i - 1) && POSSESSIVE.has(normals[i]!)))) i++;
  // "What's the furthest they can hit" asks for a distance as "how far" does: a superlative of a dimension with
  // no noun after it names none.
  const superlative = SUPERLATIVE_QUANTITY.get(normals[i - 1] ?? '');
  if (pos[i] !== 'NOUN' && i - 1 > w && superlative !== undefined) return { kinds: quantity(superlative) };
  // "Which North Korean general is in command", "what general is in charge": an adjective last before the verb is a
  // noun the tagger misread, the one asked to name.
  if (pos[i] !== 'NOUN' && !isThe && i - 1 > w && pos[i - 1] === 'ADJ' && (pos[i] === 'AUX' || pos[i] === 'VERB')) i--;
  else if (pos[i] !== 'NOUN') return { kinds: 0 };
  // A compound ("what rocket launcher") names its head, the last noun; a plural noun is a head already
  // ("which launchers fire…", where wink may tag the verb "fire" as a noun).
  // "What kind of missile…" asks for a missile; "what sort of stuff…" names no kind of thing at all.
  if (KIND_NOUNS.has(lemmas[i]!) && normals[i + 1] === 'of') {
    i += 2;
    while (i < normals.length && (MODIFIER_POS.has(pos[i]!) || pos[i] === 'DET')) i++;
    if (pos[i] !== 'NOUN') return { kinds: 0 };
  }
  // (A "noun" followed by an object pronoun is a verb wink took for one: "what kind of vehicle shoots them".)
  while (pos[i + 1] === 'NOUN' && lemmas[i] === normals[i] && !OBJECT_PRONOUNS.has(normals[i + 2] ?? '')) i++;
  // "What was the summer offensive trying to reach", "what's the kremlin saying", "what are the missiles supposed
  // to counter": the noun is doing something, and "what" is what it does it to. (Other participles after the noun
  // qualify it: "what is the term given to…", "what is an important factor contributing to…" ask for the noun.)
  if (isThe) {
    let next = i + 1;
    while (next < normals.length && next <= i + 2 && pos[next] === 'ADJ') next++;
    if (pos[next] === 'VERB' && DOING_VERBS.has(lemmas[next]!) && (/ing$/.test(normals[next]!) || lemmas[next] === 'suppose')) return { kinds: 0 };
  }
  if (VAGUE_NOUNS.has(lemmas[i]!)) return { kinds: 0 };
  if (QUANTITY_NOUNS.has(normals[i]!))
    return { kinds: quantity(QUANTITY_NOUNS.get(normals[i]!)), ...(CALENDAR_NOUNS.has(normals[i]!) ? { calendar: true } : {}) };
  if (CONTENT_NOUNS.has(lemmas[i]!) || CONTENT_NOUNS.has(normals[i]!)) return { kinds: 0 };
  const focus = terms[i]!.at(-1);
  if (focus === undefined) return { kinds: 0 };
  const country = i - 1 > w && DEMONYMS.has(normals[i - 1]!) ? terms[i - 1]!.at(-1) : undefined;
  return country === undefined ? { kinds: TermKind.NAME, focus } : { kinds: TermKind.NAME, focus, focusCountry: country };
}

/**
 * The head noun of the role a "who is…" question asks about, from term position `from`: past an article,
 * possessors ("zelenskys", "ukraine's") and modifiers ("foreign"), the last noun of a compound; none when the
 * question names someone ("who is andriy zagorodnyuk") or asks about a person in general ("who is the man…").
 */
function roleAsked(from: number, normals: string[], lemmas: string[], pos: string[], terms: (readonly string[])[]): string | undefined {
  let head = -1;
  let last = -1;
  let i = from;
  for (; i < normals.length && i <= from + 6; i++) {
    if (pos[i] === 'NOUN') head = i;
    else if (!(MODIFIER_POS.has(pos[i]!) || POSSESSIVE.has(normals[i]!) || (i === from && pos[i] === 'DET'))) break;
    last = i;
  }
  // The tagger reads a noun after names as their adjective ("who's the North Korean general in charge"): after an
  // article, the last word before a preposition, or the end, is the head ("who was responsible for…" names no role).
  const determined = pos[from] === 'DET' || POSSESSIVE.has(normals[from]!);
  if (head < 0 && determined && last > from && pos[last] === 'ADJ' && (i >= normals.length || pos[i] === 'ADP' || pos[i] === 'PUNCT')) head = last;
  // A word English lacks is a name typed in lower case ("who is andriy zagorodnyuk"), not a role.
  if (head < 0 || isUnknownWordForm(normals[head]!) || PERSON_NOUNS.has(lemmas[head]!) || CONTENT_NOUNS.has(lemmas[head]!)) return undefined;
  return terms[head]!.at(-1);
}
/**
 * Verbs that say little of what is asked: "who is…", "when did it happen", "who got the missiles", "where did he
 * hold the press conference", "who asked for the limits to be lifted" ("pressed … to lift"), "who said so" (a
 * quotation says it without the verb), "where is it located", "when did it begin", "who is known as…", "when
 * was he born" (a date in brackets after the name says it). A question with one of them asks about its other words.
 */
const LIGHT_VERBS = new Set(
  (
    'be do have get go happen come take make say tell let use want need try ask hold ' +
    'locate situate base lie occur begin start become consider know call give find include remain keep put set serve handle bear die'
  ).split(' '),
);

/**
 * The verb a "who", "when" or "where" question asks about, from term position `from` (just after the question
 * word): for "who", its own verb, past auxiliaries and adverbs ("who actually builds em", "who was elected"; "who
 * is the ceo of lockheed" asks for no doing); for "when" and "where", the first verb after the subject ("when was
 * atacms first developed"), not one of a relative clause or of another question ("when did they approve it, and why").
 */
function actionAsked(from: number, normals: string[], lemmas: string[], pos: string[], terms: (readonly string[])[]): string | undefined {
  const who = normals[from - 1] === 'who';
  for (let i = from; i < normals.length; i++) {
    if (RELATIVE_WORDS.has(normals[i]!) || normals[i] === ',' || normals[i] === 'and' || normals[i] === 'to') return undefined;
    // Right after "who" comes its verb, whatever the tagger says: it reads "who commands the troops" as a noun,
    // and "commanding" in "who is commanding the troops" as a noun or an adjective.
    const afterWho =
      who &&
      ((i === from && pos[i] === 'NOUN' && /s$/.test(normals[i]!)) ||
        (i === from + 1 && pos[from] === 'AUX' && (pos[i] === 'NOUN' || pos[i] === 'ADJ') && /ing$/.test(normals[i]!)));
    if (pos[i] !== 'VERB' && !afterWho) {
      if (who && pos[i] !== 'AUX' && pos[i] !== 'ADV' && pos[i] !== 'PART') return undefined;
      continue;
    }
    if (LIGHT_VERBS.has(lemmas[i]!) || MODAL_PHRASE_HEADS.has(normals[i]!)) return undefined;
    return terms[i]!.at(-1);
  }
  return undefined;
}
/** Verbs of what a member already knows, before a question word that asks nothing: "we know what it costs, but…". */
const KNOWN_ALREADY = new Set(['know', 'understand', 'get', 'see', 'remember', 'realise', 'realize']);
const withAction = (type: AnswerType, action: string | undefined): AnswerType => (action === undefined ? type : { ...type, action });

/**
 * What befalls those a "how many" question counts, each with the words that say the same: the count must be of
 * that. (In the word vectors "injured" is as close to "killed" as a synonym is.)
 */
const FATES = [
  'kill die dead death killed',
  'injure wound hurt injured wounded injury',
  'capture captured captive prisoner',
  'destroy destroyed',
  'intercept shoot',
].map((group) => group.split(' '));

/** Words before a "where" that asks: a break, "so", "exactly", "ok". */
const OPENS_WHERE_POS = new Set(['PUNCT', 'SYM', 'CCONJ', 'SCONJ', 'ADV', 'INTJ', 'X']);

/** Words that press a question after its question word ("when exactly"). */
const PRESSING = new Set(['exactly', 'precisely', 'exacly', 'exactley']);
const PRESSED = new Set(['when', 'where', 'how', 'wen', 'wher', 'hw']);

/** What follows "what made" when it asks what something consists of, not what caused it. */
const MADE_OF = new Set(['up', 'of', 'from', 'out']);

/** Verbs whose subject is a cause: "what made…", "what led to…", "what pushed them into…". */
const CAUSE_VERBS = new Set('make cause lead prompt push drive tip convince persuade force trigger spark motivate'.split(' '));
/** Words after which "when" or "where" begins the question asked: "do we know when…", "any info on when…". */
const EMBEDDING = new Set(['know', 'knows', 'say', 'said', 'sure', 'idea', 'on', 'about', 'tell', 'wondering', 'ask', 'asking', 'explain']);

/**
 * Whether a verb other than "be" follows term position `from` before any relative clause ("how long is the
 * missile that ukraine uses", "how long is the bridge they attacked" have none).
 */
function hasMainVerbAfter(from: number, normals: string[], lemmas: string[], pos: string[]): boolean {
  for (let i = from; i < normals.length; i++) {
    // A relative clause, or one whose subject is a pronoun ("the bridge they attacked"), has verbs of its own.
    if (RELATIVE_WORDS.has(normals[i]!) || (i > from && pos[i] === 'PRON')) return false;
    if (pos[i] === 'VERB' && lemmas[i] !== 'be') return true;
  }
  return false;
}
const RELATIVE_WORDS = new Set(['that', 'which', 'who', 'whom', 'whose', 'where', 'when']);

/** Nouns that say only that the answer is a person: "who was the first person to…". */
const PERSON_NOUNS = new Set('person people man woman men women one guy someone somebody individual name'.split(' '));

const POSSESSIVE = new Set(["'s", '’s', "'", '’']);
/** The first word of "going to", "supposed to", "meant to" + a verb: a tense or a purpose, no search word. */
const MODAL_PHRASE_HEADS = new Set(['going', 'supposed', 'meant']);
/** Who frames a question with what they thought or heard. */
const FIRST_PERSON = new Set(['i', 'we']);
/** What a member says they thought, heard or read before asking: not what they ask about. */
const HEARSAY_VERBS = new Set(['think', 'believe', 'hear', 'read', 'guess', 'assume', 'suppose', 'figure', 'remember', 'recall', 'swear']);
const WH_WORDS = new Set(['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'how', 'why']);

/**
 * Chat spelling and fillers, as members type them: each stands for the words it abbreviates (most of which are
 * function words, so they stop counting as unknown words), or for nothing ("lol", "please"). Only lower-case
 * forms are read this way, so "US", "R" or "OK" written as names keep their meaning.
 */
const CHAT_WORDS: Readonly<Record<string, string>> = {
  whats: 'what is',
  wats: 'what is',
  wat: 'what',
  wut: 'what',
  // Question words and auxiliaries typed without their vowels or with two letters swapped: unknown words
  // otherwise, each weighing as much as the rarest word of the question.
  wht: 'what',
  waht: 'what',
  whta: 'what',
  whch: 'which',
  wich: 'which',
  whn: 'when',
  whr: 'where',
  hw: 'how',
  cn: 'can',
  cld: 'could',
  wld: 'would',
  shld: 'should',
  cud: 'could',
  wud: 'would',
  shud: 'should',
  mch: 'much',
  mny: 'many',
  frm: 'from',
  wth: 'with',
  tht: 'that',
  thm: 'them',
  teh: 'the',
  hv: 'have',
  whos: 'who is',
  hows: 'how is',
  wheres: 'where is',
  whens: 'when is',
  whys: 'why is',
  y: 'why',
  sm: 'so much',
  // Ordinals in digits ("the 1st ones", "a 2nd time"): the articles write them out. ("21st" is no chat word.)
  '1st': 'first',
  '2nd': 'second',
  '3rd': 'third',
  wen: 'when',
  u: 'you',
  ur: 'your',
  r: 'are',
  iz: 'is',
  ya: 'you',
  yall: 'you',
  em: 'them',
  "'em": 'them',
  dem: 'them',
  dat: 'that',
  dis: 'this',
  da: 'the',
  hav: 'have',
  ppl: 'people',
  ppls: 'people',
  govt: 'government',
  // Clipped words: "were ppl worried about nukes", "how much ammo", "what did the admin say".
  gov: 'government',
  admin: 'administration',
  // "who was the ex defence minister": the articles say "former", and "ex" is no word of theirs.
  ex: 'former',
  prez: 'president',
  pres: 'president',
  nukes: 'nuclear weapons',
  nuke: 'nuclear weapon',
  ammo: 'ammunition',
  arty: 'artillery',
  // "r ppl worried abt intl fallout": clipped adjectives and nouns of news talk.
  intl: 'international',
  natl: 'national',
  dept: 'department',
  convo: 'conversation',
  esp: 'especially',
  lil: 'little',
  // Letters for the sounds of words: "tanks n stuff", "gonna b ok".
  n: 'and',
  b: 'be',
  intel: 'intelligence',
  dems: 'democrats',
  repubs: 'republicans',
  gop: 'republicans',
  approx: 'approximately',
  // Amounts: "like 50 bil?", "1.5 mil each".
  bil: 'billion',
  bn: 'billion',
  mil: 'million',
  mln: 'million',
  k: 'thousand',
  mins: 'minutes',
  hrs: 'hours',
  yrs: 'years',
  mos: 'months',
  diff: 'difference',
  prob: 'probably',
  probs: 'probably',
  abt: 'about',
  bout: 'about',
  bc: 'because',
  cuz: 'because',
  bcz: 'because',
  becuz: 'because',
  becoz: 'because',
  coz: 'because',
  cos: 'because',
  thru: 'through',
  tho: 'though',
  jus: 'just',
  jst: 'just',
  b4: 'before',
  // The Brits are British to the articles ("Britain and France’s Storm Shadow missiles").
  brits: 'british',
  w: 'with',
  wit: 'with',
  gonna: 'going to',
  wanna: 'want to',
  gotta: 'have to',
  rite: 'right',
  kinda: 'kind of',
  sorta: 'sort of',
  lemme: 'let me',
  gimme: 'give me',
  dunno: 'do not know',
  rn: 'right now',
  didnt: 'did not',
  doesnt: 'does not',
  dont: 'do not',
  isnt: 'is not',
  arent: 'are not',
  wasnt: 'was not',
  werent: 'were not',
  cant: 'can not',
  couldnt: 'could not',
  wouldnt: 'would not',
  shouldnt: 'should not',
  havent: 'have not',
  hasnt: 'has not',
  hadnt: 'had not',
  aint: 'is not',
  im: 'i am',
  ive: 'i have',
  youre: 'you are',
  theyre: 'they are',
  thats: 'that is',
  theres: 'there is',
  hes: 'he is',
  shes: 'she is',
  theyve: 'they have',
  weve: 'we have',
  youve: 'you have',
  theyll: 'they will',
  youll: 'you will',
  itll: 'it will',
  wont: 'will not',
  pls: '',
  plz: '',
  please: '',
  thx: '',
  thanks: '',
  ty: '',
  lol: '',
  lmao: '',
  lmfao: '',
  rofl: '',
  idk: '',
  imo: '',
  imho: '',
  tbh: '',
  ngl: '',
  fr: '',
  af: '',
  btw: '',
  bruh: '',
  bro: '',
  dude: '',
  smh: '',
  nah: '',
  yeah: '',
  yo: '',
  hey: '',
  hi: '',
  hello: '',
  um: '',
  umm: '',
  uh: '',
  hmm: '',
  guys: '',
  actually: '',
  basically: '',
  literally: '',
  really: '',
  honestly: '',
  seriously: '',
  // Reactions and asides: "ok but who makes them", "eli5 why…", "tldr of…" ("wait" only starts a question:
  // see REQUEST_PREAMBLE).
  ok: '',
  okay: '',
  oh: '',
  wow: '',
  omg: '',
  ugh: '',
  huh: '',
  // "did the us finally say yes": agreeing in a word the articles never use for it.
  yes: '',
  yep: '',
  yup: '',
  nope: '',
  srsly: '',
  iirc: '',
  afaik: '',
  fyi: '',
  eli5: '',
  tldr: '',
  'tl;dr': '',
  // "who even makes them", "does it even matter": emphasis, and as a search word the stem of "evening".
  even: '',
  lowkey: '',
  highkey: '',
  deadass: '',
  istg: '',
  'no cap': '',
  // "A lot" only says "many" or "much": "how many is biden sending, like a lot?", "did they lose lots of tanks".
  'a lot': '',
  lots: '',
  wdym: 'what do you mean',
  ofc: 'of course',
  prolly: 'probably',
  smth: 'something',
  sth: 'something',
  // Spelt as said: "cruise or sumthin", "nothin new".
  sumthin: 'something',
  somethin: 'something',
  sumthing: 'something',
  nothin: 'nothing',
  nuthin: 'nothing',
  anythin: 'anything',
  // "cruise or something else", "what else did he say": what is not named yet, no word of it.
  else: '',
  // Digits for the sounds of words: "is every1 watching", "any1 know".
  every1: 'everyone',
  any1: 'anyone',
  some1: 'someone',
  sum1: 'someone',
  no1: 'no one',
  '1s': 'ones',
  '4got': 'forgot',
  '4get': 'forget',
  '4gotten': 'forgotten',
  '2day': 'today',
  '2morrow': 'tomorrow',
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  yday: 'yesterday',
  rly: '',
  tbf: '',
  fwiw: '',
  // Spelt as said: "is that enuff", "anyone kno", "soz if this is dumb".
  enuff: 'enough',
  enuf: 'enough',
  nuff: 'enough',
  kno: 'know',
  knw: 'know',
  sry: '',
  soz: '',
};
// A chat word may take a possessive or "is" ("wat's the pentagon sayin").
const CHAT_WORD = new RegExp(`(?<![\\p{L}\\p{N}'’])(?:${Object.keys(CHAT_WORDS).join('|')})(?![\\p{L}\\p{N}]|['’](?!s(?![\\p{L}\\p{N}])))`, 'gu');

/**
 * "Whereabouts" opening a question asks where ("Whereabouts in the States is the factory?", "whereabouts do they
 * keep them"), and is read as "where"; the noun ("his whereabouts are unknown", "Whereabouts of the troops?", "any
 * news on their whereabouts") is not.
 */
const WHEREABOUTS_ASKED = /(?<!\b(?:his|her|their|its|the|my|your|our|whose|of|on|about)\s+|['’]s\s+)\bwhereabouts(?=\s+(?!of\b)\p{L})/giu;

/**
 * "What was the thinking behind…", "what's the reason for…" ask why, and are read as "why": "thinking" and "behind"
 * are no words of the answer, which is a reason ("…a strategy aimed both at preventing escalation").
 */
const REASON_BEHIND =
  /\bwhat(?:['’]s|\s+is|\s+was|\s+were|\s+are)\s+the\s+(?:thinking|reasoning|logic|rationale|motive|motives|motivation|reason|reasons|idea)\s+(?:behind|for)\b/giu;

/**
 * A clause after a comma that the member marks as said by the way is a sentence of its own: "r ppl actualy expectin
 * peace talks soon or nah, mulch delivery's sat on the pavement btw" asks about peace talks, and tells of the mulch.
 */
const ASIDE_AFTER_COMMA = /,([^,.;!?\n]{1,80}?)\s+(?:btw|fyi)\b/giu;

/** Emoji, with their skin tones, joiners and variation selectors: feelings, not words to search for. */
const EMOJI = /(?:\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F\u20E3]|\u200D)+/gu;
/**
 * An emoji (`EMOJI`) between a word and a capitalised one, a question word or a word that turns to the question ("…with
 * a dummy 🛟😂 anyway bot, per the 001 article…", "…the rota's up 📋 what did biden say"): `readChatSpelling` reads it as
 * a full stop.
 */
const EMOJI_ENDING_SENTENCE = new RegExp(String.raw`(?<=[\p{L}\p{N}])\s*${EMOJI.source}\s+(?=\p{Lu}|(?:${[...TURN_WORDS, ...WH_WORDS].join('|')})\b)`, 'gu');
/** An emoji by its name, as typed where Discord does not draw it (":thinking:", ":flag_ua:", ":+1:"). */
const EMOJI_SHORTCODE = /(?<![\p{L}\p{N}]):[a-z0-9_+-]{2,32}:(?![\p{L}\p{N}])/gu;
/** A letter typed three times or more ("sooo", "whyyy"). */
const LETTER_RUN = /(\p{L})\1{2,}/gu;
/**
 * A word with a letter stretched ("sooo", "whyyy", "nooow", "gooo", "aaaf"): read with one of that letter when
 * that makes a small word or a chat word ("so", "why", "now", "go", "af"), else with two ("gooood" is "good"),
 * which a typo fix can take from there.
 */
function unstretched(word: string): string {
  LETTER_RUN.lastIndex = 0;
  if (!LETTER_RUN.test(word)) return word;
  const one = word.replace(LETTER_RUN, '$1');
  const lower = one.toLowerCase();
  return FUNCTION_WORDS.has(lower) || lower in CHAT_WORDS || WH_WORDS.has(lower) || STRETCHED_WORDS.has(lower) ? one : word.replace(LETTER_RUN, '$1$1');
}
/** Short words members stretch that are neither function words nor chat words. */
const STRETCHED_WORDS = new Set(['go', 'now', 'far', 'long', 'yes', 'no', 'wow', 'omg', 'bad', 'big', 'huge']);

/**
 * The question with chat spelling read as the words it stands for, fillers, emoji and the words that ask the
 * channel for it ("does anyone know", `REQUEST_PREAMBLE`) dropped, and stretched letters shortened; everything
 * else as typed (the offsets of a question are never quoted, so it may change).
 */
export function readChatSpelling(question: string): string {
  // A message shouted in capitals ("WHATS THE PRICE LOL???") is read in lower case and given back in capitals:
  // its chat words are the same words, and the reading of capitals (`tokenTerms`) still sees it shouted.
  const shouted = isShoutedText(question);
  // An emoji between a word and a capitalised one (or a question word) ends a sentence, as a full stop would: "Tea urn's on, scones are
  // out 🫖 Was the policy switch confirmed…" tells, then asks. (Elsewhere an emoji is no word: "how far 🚀 can they go".)
  // ("Whereabouts" opening a question is read as "where" first, so that an emoji before it ends a sentence too.)
  // (Each only where its word is: the lookbehind would otherwise be tried at every position of every question.)
  let asked = shouted ? question.toLowerCase() : question;
  if (/whereabouts/iu.test(asked)) asked = asked.replace(WHEREABOUTS_ASKED, (word) => (word[0] === 'W' ? 'Where' : 'where'));
  asked = asked.replace(REASON_BEHIND, (words) => (words[0] === 'W' ? 'Why' : 'why'));
  if (/\b(?:btw|fyi)\b/iu.test(asked)) asked = asked.replace(ASIDE_AFTER_COMMA, '.$1.');
  let read = readChatWords(asked.replace(EMOJI_ENDING_SENTENCE, '. '));
  // "The us" is the country, written as members write it: after "the", "us" is no pronoun ("was the us govt
  // worried", "does this cause headaches for the us"). Not for the screen, which reads a full stop as the end of
  // a clause ("why did the us drop the restrictions" is no order to drop rules).
  read = read.replace(THE_US, '$1 U.S.');
  // What a thing "runs" or "goes for" is its price: "what's one of these run per unit", "what do they go for".
  // A "write-up" is one word, an article ("the 2023 write-up", "the kursk write up"), not "write" and "up".
  read = read.replace(WRITE_UP, (_, hyphened?: string, spaced?: string) => `write${hyphened ?? spaced}`);
  read = read.replace(PRICE_IDIOM, (_, asked: string) => `${asked.replace(/^what(?:'s|’s| is)/iu, 'what does')}cost`);
  // …and what it "sets someone back": "what does a single one set the Americans back", "how much would one set u back".
  read = read.replace(SET_BACK, (_, asked: string) => `${asked}cost`);
  // Who "makes" a thing manufactures it: "who makes atacms" asks for the maker, and "Biden has made the decision…"
  // makes no missile ("who made the decision" keeps its "made").
  read = read.replace(MAKER_ASKED, (_, asking: string, verb: string) => `${asking}${MANUFACTURE_FORM[verb.toLowerCase()] ?? verb}`);
  // "does anyone know how far…", "quick question: i was wondering who…": the question is what follows.
  for (let i = 0; i < 3; i++) {
    const rest = read.replace(REQUEST_PREAMBLE, '');
    if (rest === read || !/\p{L}/u.test(rest)) break;
    read = rest;
  }
  return shouted ? read.toUpperCase() : read;
}

/**
 * Chat spelling, fillers, emoji and stretched letters read, and nothing taken from the start: what the screen
 * reads ("tell me a joke" must stay whole there). Expects lower case where the message was shouted.
 */
export function readChatWords(text: string): string {
  // A "u.s." in lower case is the country, not "u" ("you") and "s".
  let read = text.replace(EMOJI, ' ').replace(EMOJI_SHORTCODE, ' ').replace(LOWER_US, 'U.S.');
  // Word by word only where a letter is stretched: most questions have none.
  LETTER_RUN.lastIndex = 0;
  if (LETTER_RUN.test(read)) read = read.replace(/\p{L}+/gu, unstretched);
  // "i'm" as "im" is read: wink keeps a lower-case "i'm" as one token, whose letters are no function word.
  read = read.replace(/\b(i|you|we|they)['’](m|re)\b/giu, (_, who: string, be: string) => `${who} ${be.toLowerCase() === 'm' ? 'am' : 'are'}`);
  // An amount's word run on to its number ("50bil", "1.5mil", "2bn") is read apart, then as the word it stands for.
  read = read.replace(/(?<=\d)(bil|bn|mil|mln|k)\b/giu, ' $1');
  read = read.replace(CHAT_WORD, (word) => CHAT_WORDS[word] ?? word).replace(LOST_TRACK, ' ');
  // A "g" dropped ("sayin", "gettin", "makin'"): the word English knows with it, where it knows none without.
  read = read.replace(DROPPED_G, (word, stem: string) =>
    G_DROPPED.has(stem) || (isUnknownWordForm(stem) && !isUnknownWordForm(`${stem}g`)) ? `${stem}g` : word,
  );
  return read.replace(LONG_WORD, (word) => (isFillerTypo(word) ? '' : word)).trimStart();
}

/** A lower-case word that may have dropped its "g": "sayin", "tryin'" (the stem is the word without the apostrophe). */
const DROPPED_G = /(?<![\p{L}\p{N}'’])(\p{Ll}{2,}in)['’]?(?![\p{L}\p{N}'’])/gu;
/** Dropped-"g" forms that wink-nlp's lexicon holds as words of their own. */
const G_DROPPED = new Set(['makin', 'takin']);

/**
 * The member saying they lost track, at the end of a clause: "r the russians winnin ground atm or nah, ngl lost
 * track". Their "lost" is none of the question's ("…as Ukraine aims to reclaim lost ground" answers nothing).
 */
const LOST_TRACK =
  /\b(?:(?:i|i've|i have|kind of|kinda|totally|completely|honestly)\s+)*lost track(?:\s+of\s+(?:it|this|that|things|everything|it all|all this|all of it|the news|time))?(?=\s*(?:[.,;:!?)]|$))/giu;

/** Words of five letters or more: where a filler typed fast is looked for. */
const LONG_WORD = /(?<![\p{L}\p{N}'’])\p{Ll}{5,}(?![\p{L}\p{N}'’])/gu;
/** The fillers (`CHAT_WORDS` read as nothing) long enough that one letter wrong still tells them: "actually", "really". */
const LONG_FILLERS = Object.entries(CHAT_WORDS)
  .filter(([word, read]) => read === '' && /^\p{L}{6,}$/u.test(word))
  .map(([word]) => word);

/**
 * A filler typed with one letter after its first missing, added, changed or two swapped ("actualy", "realy",
 * "acutally", "basicaly"), where English has no such word: the speller would otherwise take it for the nearest word
 * it knows ("actual", a word of the question of its own).
 */
function isFillerTypo(word: string): boolean {
  if (word in CHAT_WORDS || !isUnknownWordForm(word)) return false;
  // (Its first letter as typed: "hanks" in "what movies has tom hanks died in" is a name, not "thanks".)
  return LONG_FILLERS.some((filler) => filler[0] === word[0] && editDistance(word, filler, 1) <= 1);
}

const THE_US = /\b([Tt]he)\s+us\b(?!['’])/gu;
/** "Write-up", "the … write up": a noun for an article, read as one word (`readChatSpelling`). */
// (The look back is made only where "write" stands: tried at every place in the message, it cost twice as much.)
const WRITE_UP = /\bwrite(?:-(ups?)\b|(?<=\b(?:the|this|that|these|those|a|an|your|ur)\s+(?:[\p{L}\p{N}]+\s+){0,2}write)\s+(ups?)\b)/giu;
const PRICE_IDIOM =
  /\b((?:what(?:'s|’s| is| does| do| did| would| will)|how much (?:does|do|did|would|will|is|are))\s+(?:\S+\s+){0,4}?)(?:run|go for)\b(?=\s*(?:per\b|each\b|apiece\b|a piece\b|a pop\b|nowadays\b|these days\b|now\b|[?!.]|$))/giu;
/**
 * "What does one set the Americans back", "how much would it set you back": a price asked (`readChatSpelling`); what
 * sets a thing back ("what does the pentagon think set the offensive back") delays it.
 */
const SET_BACK =
  /\b((?:[Ww]hat (?:does|do|did|would|will|might)|[Hh]ow much (?:does|do|did|would|will|might))\s+(?:\S+\s+){0,6}?)sets?\s+(?:you|u|ya|us|them|me|someone|somebody|anyone|anybody|(?:the\s+)?tax ?payers?|(?:the\s+)?\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*)?)\s+back\b(?=\s*(?:[?!.,]|$|\p{Extended_Pictographic}))/gu;
const LOWER_US = /\bu\.s\b\.?/gu;
/**
 * "Who (actually) makes…", "which company made…", "what firm is making…" followed by what is made, not by a noun a
 * light "make" takes ("the decision", "formal appointment decisions", "clear", "sure"), nor by "up". ("What makes them so
 * pricey" asks a cause; "who was made…" is no maker.)
 */
const MAKER_ASKED =
  /\b((?:who|(?:which|what)\s+(?:company|companies|firm|firms|manufacturer|business|country|countries|one))(?:\s+(?:actually|actualy|even|evn|really|exactly|else|now|currently))*\s+(?:(?:is|are|was|were)\s+(?=making\b))?)(makes|make|made|making)\b(?!\s+(?:up\b|(?:[\p{L}'’-]+\s+){0,4}?(?:decisions?|calls?|choices?|moves?|statements?|announcements?|comments?|remarks?|claims?|case|point|clear|sure|it|sense|progress|gains?|efforts?|attempts?|threats?|warnings?|promises?|pledges?|deals?|plans?|mistakes?|changes?|difference)\b))/giu;
const MANUFACTURE_FORM: Readonly<Record<string, string>> = { makes: 'manufactures', make: 'manufacture', made: 'manufactured', making: 'manufacturing' };

/** Three words or more of two capitals or more, and no lower-case letter: "HOW FAR CAN ATACMS REACH". */
function isShoutedText(text: string): boolean {
  return !/\p{Ll}/u.test(text) && (text.match(/\p{Lu}{2,}/gu)?.length ?? 0) >= 3;
}

/** The bot addressed by name at the start of a message ("bot, …", "the bot …"), as a pattern's source. */
export const BOT_ADDRESSED = String.raw`(?:the )?(?:${[...BOT_NAMES].join('|')})\b`;

/**
 * The words a member puts before the question itself, asking the channel or the bot to answer it: "does
 * anyone know", "can you tell me", "any info on", "i was wondering", "quick question:". They say nothing of
 * what is asked, and as search terms ("anyone", "info", "wonder", "curious") they only dilute it. Read after
 * chat spelling ("u" is "you", "im" is "i am", "wanna" is "want to"), at the start of the question only.
 */
const REQUEST_PREAMBLE = new RegExp(
  '^(?:' +
    [
      '(?:quick|simple|dumb|stupid|silly|random|real|serious|genuine|basic|noob) (?:question|q)',
      // "sorry if dumb q but how many…", "sorry if this is a stupid question:" (a "sry" is read as nothing).
      '(?:sorry )?if (?:this is |it is |its |this sounds )?(?:a )?(?:dumb|stupid|silly|basic|noob) (?:question|q)(?: but)?',
      // The bot addressed by name: "bot, how far…", "hey bot quick q: …" (the greeting is a filler).
      BOT_ADDRESSED,
      String.raw`(?:question|q)\s*[:,-]`,
      '(?:(?:does|do|did|can|could|would|will) )?(?:any ?one|any ?body|some ?one|some ?body|any of you|you guys|you all|you)(?: here)? (?:know|knows|have any idea|has any idea|have an idea|got any idea|have any info(?:rmation)?|has any info(?:rmation)?|got any info(?:rmation)?|got info|tell me|explain|confirm)(?: (?:on|about|regarding|of|if|whether))?',
      '(?:can|could|would|will) (?:you|some ?one|some ?body|any ?one|any ?body) (?:tell|show|explain(?: to)?|remind) (?:me|us)(?: (?:about|on))?',
      '(?:can|could|would|will) (?:you|some ?one|some ?body|any ?one|any ?body) explain',
      "(?:i am|i'm|i was|i've been|i have been) (?:wondering|curious|confused)(?: (?:about|on|as to))?",
      "(?:i|i'd|i would) (?:want to|wanted to|would like to|'d like to|like to|need to) (?:know|understand|find out|ask)(?: (?:about|on|if|whether))?",
      '(?:please |pls )?help me (?:understand|figure out)',
      '(?:got |have you got |are there )?any (?:info(?:rmation)?|details|idea|news|updates?|clue)(?: (?:on|about|regarding|of|as to))?',
      '(?:tell me|explain to me|remind me)(?: (?:about|on))?',
      // "ok so basically what im asking is…", "i dont get it, why…", "explain like im 5: why…".
      '(?:so )?(?:basically )?what i am (?:asking|trying to ask|wondering)(?: is)?',
      '(?:i do not|i did not|i still do not) (?:get|understand)(?: (?:it|this|that|any of this))?',
      '(?:explain (?:it |this |that )?)?(?:to me )?like i am (?:5|five|a kid|a child)',
      // "wait, so can ukraine hit russia now": a reaction, where "how long did they wait" asks about waiting.
      'wait',
      // "explain why atacms matter", "explain the range thing": the rest is what to explain.
      'explain(?= (?:why|how|what|who|when|where|which|the|this|that|these|those))',
    ]
      .join('|')
      // A filler read as nothing ("someone pls explain") leaves two spaces where it stood ("any ?one" stays).
      .replace(/ (?!\?)/g, String.raw`\s+`) +
    ')\\s*[,:?!.-]*\\s+',
  'iu',
);

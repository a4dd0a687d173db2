/**
 * The commonest verbs, adjectives and nouns members ask with, and the words news articles say them with: "what does
 * ukraine want" is answered by "officials… advocating for additional Western weapons", "she called for greater
 * unity", "Kyiv has long sought permission"; "how much did zelensky get" by "he secured $325 million".
 * WordNet's synonym sets for verbs this general are left out as too loose (`wordnet.ts` keeps common senses
 * only), and the word vectors' nearest words to them are other common words ("want": "need", "go", "see"), so
 * neither bridges the two registers. A small table of English paraphrases, for any corpus: each entry is what
 * a thesaurus gives for the plain word's everyday sense.
 */
import { CAPITALS } from '../language/demonyms.ts';
import { termsOfWord } from '../language/language.ts';

const PLAIN_TO_FORMAL: Readonly<Record<string, string>> = {
  want: 'seek request demand advocate urge call',
  wanted: 'seek request demand advocate urge call',
  get: 'receive obtain acquire secure gain',
  got: 'receive obtain acquire secure gain',
  give: 'provide supply transfer grant deliver',
  gave: 'provide supply transfer grant deliver',
  buy: 'purchase acquire procure',
  happy: 'celebrate welcome glad pleased',
  upset: 'frustration anger criticize',
  mad: 'frustration anger criticize',
  angry: 'frustration anger criticize',
  think: 'view believe consider expect',
  build: 'manufacture produce construct',
  make: 'manufacture produce construct',
  made: 'manufacture produce construct',
  nag: 'press urge lobby plead request',
  pester: 'press urge lobby plead request',
  fightback: 'counteroffensive counterattack offensive',
  leash: 'restriction restrict limit',
  built: 'manufacture produce construct',
  scared: 'fear hesitant concern',
  afraid: 'fear hesitant concern',
  worried: 'fear concern',
  careful: 'cautious judicious',
  carefully: 'cautiously judiciously',
  sparingly: 'judiciously cautiously',
  fancy: 'advanced sophisticated',
  fanciest: 'advanced sophisticated',
  gear: 'equipment weaponry',
  big: 'significant major',
  okay: 'approve authorize permit',
  start: 'begin launch initiate',
  started: 'begin launch initiate',
  annoyed: 'frustration irritation anger',
  nervous: 'concern fear',
  bother: 'concern worry complicate',
  anxious: 'concern fear',
  grateful: 'gratitude thank appreciate',
  thankful: 'gratitude thank appreciate',
  rough: 'grueling challenging harsh difficult',
  tough: 'grueling challenging harsh difficult',
  firm: 'company manufacturer corporation',
  use: 'utilize employ leverage deploy',
  used: 'utilize employ leverage deploy',
  see: 'perceive view regard',
  saw: 'perceive view regard',
  mess: 'disrupt complicate undermine',
  trap: 'isolate encircle surround',
  fallout: 'repercussion consequence ramification',
  folks: 'people citizens public',
  vibe: 'mood sentiment attitude',
  vibes: 'mood sentiment attitude',
  handful: 'few limited',
  choosy: 'selective judicious careful',
  picky: 'selective judicious careful',
  pricey: 'expensive costly cost',
  snowball: 'escalate spiral',
  furious: 'anger outrage',
  slam: 'criticize condemn',
  cash: 'money funding funds',
  beg: 'plead urge request',
  nod: 'approval approve permission',
  ban: 'restrict restriction prohibit prohibition',
  banned: 'restrict restriction prohibit prohibition',
  rules: 'restriction regulation policy limit',
  matter: 'important significant crucial critical',
  matters: 'important significant crucial critical',
  goal: 'objective aim purpose',
  goals: 'objective aim purpose',
  kit: 'equipment gear weaponry',
  guarantee: 'commit commitment pledge promise assurance',
  promise: 'commit commitment pledge',
  eventually: 'ultimately finally',
  accurate: 'precise precision',
  expensive: 'costly cost',
  pricier: 'costly cost',
  creep: 'advance gain',
  creeping: 'advance gain',
};

/** How close a formal word counts to the plain one: as WordNet's similar words (`Relation.SIMILAR`). */
export const FORMAL_SIMILARITY = 0.8;

/** Each entry's plain words as `keyOf` stems them → the terms of its formal words, merged where two share a key. */
function formalTable(table: Readonly<Record<string, string>>, keyOf: (plain: string) => string): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const [plain, formal] of Object.entries(table)) {
    const key = keyOf(plain);
    out.set(key, [...new Set([...(out.get(key) ?? []), ...formal.split(' ').flatMap((w) => termsOfWord(w))])]);
  }
  return out;
}

/** Per plain term (as the index stems it), the terms of its formal words. */
const byTerm = formalTable(PLAIN_TO_FORMAL, (plain) => termsOfWord(plain)[0]!);

/** The terms news articles say question term `term` with ("want" → "seek", "request", "advoc"…), or none. */
export function formalTermsOf(term: string): readonly string[] {
  return byTerm.get(term) ?? [];
}

/**
 * Phrasal verbs members ask with, and the single words articles use for them: "what could ukraine go after with
 * these" is answered by "the possibility of targeting headquarters"; "did trump's ppl push back" by "his allies
 * have already voiced dissent". Keyed by the verb and its particle as the index stems them; the formal words
 * stand for the verb.
 */
const PHRASAL_TO_FORMAL: Readonly<Record<string, string>> = {
  'go after': 'target attack strike',
  'hold back': 'restrict hesitate restrain limit',
  'push back': 'oppose dissent resist object',
  'sign off': 'approve authorize',
  'let up': 'relent ease retreat',
  'back down': 'retreat relent',
  'hit back': 'retaliate respond counteroffensive counterattack',
  'strike back': 'retaliate respond',
  'step up': 'intensify increase escalate',
  'ramp up': 'increase intensify',
  'carry out': 'conduct execute',
  'take out': 'destroy eliminate',
  'knock out': 'destroy eliminate disable target',
  'hand over': 'transfer deliver provide',
  'send over': 'supply provide deliver',
  'speak out': 'criticize condemn',
  'give up': 'abandon surrender',
  'back up': 'confirm corroborate support',
  'hang on': 'hold maintain retain',
  'hold on': 'hold maintain retain',
  'turn out': 'outcome result prove',
  'play out': 'unfold develop',
  'find out': 'discover learn determine',
  'point out': 'note emphasize highlight',
  'set up': 'establish create',
  'cut off': 'isolate sever',
  'wipe out': 'destroy eliminate',
  'shoot down': 'intercept destroy',
  'pull out': 'withdraw',
  'pull back': 'withdraw retreat',
  'build up': 'buildup accumulate strengthen',
  'speed up': 'accelerate',
  'bring up': 'mention raise',
  'weigh in': 'comment',
  'lash out': 'criticize condemn',
  'follow through': 'fulfill implement',
  'hold up': 'delay stall halt',
  'run out': 'exhaust deplete',
  'call off': 'cancel',
  'put off': 'postpone delay',
  'figure out': 'determine understand',
  'roll back': 'reverse reversal undo rescind',
  'go ahead': 'permit permission authorize approve allow greenlight',
  'green light': 'permit permission authorize approve allow greenlight',
  // Particles that are function words: "did the un weigh in", "were they leaned on".
  'dig in': 'fortify entrench',
  'lean on': 'pressure press urge',
  'step in': 'intervene',
  'give in': 'concede yield relent',
  'cave in': 'concede yield relent',
  'chip in': 'contribute',
  'pitch in': 'contribute',
  'take on': 'confront challenge',
  'look into': 'investigate examine',
  'count on': 'rely depend',
  'bank on': 'rely depend',
  'push for': 'advocate urge demand seek press lobby',
  'aim at': 'target',
  'beg for': 'request plead urge',
  'side with': 'support back',
  'stand by': 'support',
  'pay for': 'fund finance',
  'crack down': 'suppress',
  'heat up': 'escalate intensify',
  'blow up': 'escalate explode destroy',
  'freak out': 'alarm panic fear',
  'back off': 'retreat withdraw',
  'spill over': 'spread escalate',
  'drag on': 'prolong continue protracted',
  'bog down': 'halt stall impede slow',
  'put into': 'invest commit spend contribute',
  // Idioms, by their verb or noun and the next word that is not a function word: "keep an eye on", "up in the air".
  'sit fence': 'hesitant undecided hesitate',
  'drag foot': 'hesitant hesitate delay reluctant',
  'lame duck': 'outgoing',
  'big deal': 'significant major important pivotal crucial',
  'set back': 'cost delay hinder',
  'take news': 'react reaction respond response',
  'pull plug': 'end cancel halt',
  'foot bill': 'pay fund finance',
  'keep eye': 'watch monitor observe',
  'up air': 'uncertain unclear fluid undecided',
  'line sand': 'red threshold limit',
  'world stage': 'international global worldwide',
  'sabre rattling': 'threat threaten intimidation bluster',
  'saber rattling': 'threat threaten intimidation bluster',
  'crank out': 'produce production manufacture',
  'churn out': 'produce production manufacture',
  'put spot': 'test pressure dilemma',
};

/**
 * Per verb and particle term ("go after"), the terms of the formal words; a particle that is a function word ("in",
 * "on") has no term and is keyed as written.
 */
const byPhrase = formalTable(PHRASAL_TO_FORMAL, (phrase) =>
  phrase
    .split(' ')
    .map((w) => termsOfWord(w)[0] ?? w)
    .join(' '),
);

/**
 * The terms of the formal words for verb term `verb` followed by particle `particle` ("go", "after"): a term, or a
 * function word as written ("weigh", "in").
 */
export function formalTermsOfPhrase(verb: string, particle: string): readonly string[] {
  return byPhrase.get(`${verb} ${particle}`) ?? [];
}

/**
 * A government's seat and its country stand for each other ("did washington flip": "the U.S. authorized…";
 * "what did kyiv ask for": "Ukraine requested…"), from `CAPITALS`, as the index stems them; built on first use.
 */
let seats: Map<string, readonly string[]> | undefined;

/** The terms a capital's or a country's term stands for: its country's names, or its capital. */
export function seatTermsOf(term: string): readonly string[] {
  seats ??= new Map([...CAPITALS].map(([word, others]) => [termsOfWord(word)[0] ?? word, others.map((w) => termsOfWord(w)[0] ?? w)] as const));
  return seats.get(term) ?? [];
}

/**
 * The screen's second reader: a multinomial logistic regression over the words of a message, fitted by `npm run
 * fit:screen` on the members' and attack sets (`bench/fit-screen.ts`), that tells an instruction to the bot, a
 * request for its view or a sum from a question in wordings no pattern of `screen.ts` has seen ("could u write us
 * a short prayer", "settle it for the club, pick one"). The patterns come first and name what they know; this
 * model only speaks when it is sure (`threshold`, chosen on held-out sets so that fair questions are not turned
 * away).
 *
 * Its features are the message's words and word pairs as the patterns read them (chat spelling read, lower case),
 * numbers as "#", with the message's start and end: what a message asks of the bot is in its function words,
 * pronouns and verbs ("u", "write", "ur own", "pick one"), which hold for any corpus.
 */
import screenModel from './screen-model.json' with { type: 'json' };

/** What the model tells apart: a question to the sources, and the three kinds of message the screen declines. */
export const SCREEN_CLASSES = ['question', 'instruction', 'opinion', 'arithmetic'] as const;
export type ScreenClass = (typeof SCREEN_CLASSES)[number];

/** A fitted model as `npm run fit:screen` writes it. */
export interface ScreenModelFile {
  /** Each feature's weight per class, in `SCREEN_CLASSES` order. */
  weights: Record<string, number[]>;
  bias: number[];
  /** The model declines when the chance that a message is a question is below this. */
  threshold: number;
}

const WORD = /\p{L}+(?:'\p{L}+)*|\d[\d.,]*|[?!:]/gu;

/** The words of a message as the model reads them (`text` as the screen's patterns read it). */
export function screenTokens(text: string): string[] {
  return (text.match(WORD) ?? []).map((w) => (/^\d/.test(w) ? '#' : w));
}

/** The model's features of a message: its words, and each pair of words in a row, the start and end included. */
export function screenFeatures(text: string): string[] {
  return featuresOf(screenTokens(text));
}

function featuresOf(tokens: readonly string[]): string[] {
  const words = ['^', ...tokens, '$'];
  const features = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    if (i > 0 && i < words.length - 1) features.add(words[i]!);
    if (i + 1 < words.length) features.add(`${words[i]} ${words[i + 1]}`);
  }
  return [...features];
}

/** The chance of each class (`SCREEN_CLASSES` order) for `features`, under `model`. */
export function classChances(model: ScreenModelFile, features: readonly string[]): number[] {
  const scores = [...model.bias];
  for (const f of features) {
    const w = model.weights[f];
    if (w) for (let c = 0; c < scores.length; c++) scores[c]! += w[c]!;
  }
  const top = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - top));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}

const shipped = screenModel as ScreenModelFile;

/**
 * The model reads messages of this many words or more. A short message gives it a word or two to go on ("what
 * area code is 479" is no sum, though "what is #" opens many), and the short orders and sums ("17*23", "sqrt 729",
 * "tell me a joke") are the patterns' own.
 */
export const MIN_WORDS = 8;

/**
 * The chance (0 to 1) under `model` that `text` (as the screen's patterns read it) is a question to the sources,
 * with the other classes' chances; null when the message is too short for the model to read.
 */
export function screenChances(text: string, model: ScreenModelFile = shipped): number[] | null {
  if (!isFitted(model)) return null;
  const words = screenTokens(text);
  return words.length < MIN_WORDS ? null : classChances(model, featuresOf(words));
}

const fitted = new WeakMap<ScreenModelFile, boolean>();
/** Whether `model` has any weights (`npm run fit:screen` has been run): looked up once per model, not per message. */
function isFitted(model: ScreenModelFile): boolean {
  let known = fitted.get(model);
  if (known === undefined) {
    known = Object.keys(model.weights).length > 0;
    fitted.set(model, known);
  }
  return known;
}

/**
 * The kind of message the model reads `text` as (as the screen's patterns read it) when it is sure it is no
 * question to the sources, else null.
 */
export function modelScreen(text: string, model: ScreenModelFile = shipped): Exclude<ScreenClass, 'question'> | null {
  const chances = screenChances(text, model);
  if (chances === null || chances[0]! >= model.threshold) return null;
  let best = 1;
  for (let c = 2; c < chances.length; c++) if (chances[c]! > chances[best]!) best = c;
  return SCREEN_CLASSES[best] as Exclude<ScreenClass, 'question'>;
}

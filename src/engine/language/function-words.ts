/**
 * Function words: articles, pronouns, auxiliaries, prepositions, conjunctions and question words. wink's
 * own stop list is the long sklearn-style one, which also drops words that carry answers: numerals ("ten"),
 * ordinals ("first"), places on a line or map ("front", "top"), "former", "name", "fire", "system", "bill".
 * BM25's IDF already discounts common words, so only words that never carry content are dropped.
 * A module of its own so that the benchmark's peers can use the same list without loading wink-nlp.
 */
// The words dropped here decide what is indexed and which words get vectors: bump INDEX_FORMAT (snapshot.ts) and VECTORS_FORMAT (word-vectors.ts) when the list changes.
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the this that these those some any each every either neither no nor not all both few many much ' +
    'more most less least other another own same only just ' +
    'i me my mine we us our ours you your yours he him his she her hers it its they them their theirs ' +
    'myself yourself himself herself itself ourselves themselves ' +
    'am is are was were be been being have has had having do does did doing done ' +
    'will would shall should can could may might must ought ' +
    'of in on at by for with from to into onto upon about as than then so such too very ' +
    'and or but if because while though although whether yet also ' +
    'what which who whom whose when where why how there here ' +
    "n't 's 'd 'll 're 've 'm"
  ).split(' '),
);

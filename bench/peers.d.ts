// wink-bm25-text-search ships no types; the benchmark calls only its documented methods.
declare module 'wink-bm25-text-search';

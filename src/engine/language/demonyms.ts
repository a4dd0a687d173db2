/**
 * "French" and "France", "Russian" and "Russia" name the same thing to a reader but share no stem.
 * This folds each English demonym into its country's name, from the world-countries data set, so a
 * question about "British missiles" finds "Britain's Storm Shadow missiles".
 */
// The folding here decides what is indexed: bump INDEX_FORMAT (snapshot.ts) when it changes.
import { createRequire } from 'node:module';

interface Country {
  name: { common: string };
  altSpellings: string[];
  demonyms?: { eng?: { m?: string; f?: string } };
}

const words = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .split(/[^a-z]+/)
    .filter((w) => w.length > 2);

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * demonym word → country word, e.g. "ukrainian" → "ukraine", "british" → "britain" (from "Great Britain").
 * The country word is the name word sharing the longest prefix with the demonym; a match in an alternative
 * spelling needs four shared letters, and a demonym claimed by two countries ("islander") is left alone.
 */
export function demonymTable(countries: readonly Country[]): Map<string, string> {
  const table = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const country of countries) {
    for (const form of new Set([country.demonyms?.eng?.m, country.demonyms?.eng?.f])) {
      const demonym = form ? words(form).pop() : undefined;
      if (!demonym) continue;
      let best: string | undefined;
      let bestLength = 1;
      const consider = (word: string, minimum: number) => {
        const shared = sharedPrefix(demonym, word);
        if (word !== demonym && shared >= minimum && shared > bestLength) {
          best = word;
          bestLength = shared;
        }
      };
      for (const w of words(country.name.common)) consider(w, 2);
      for (const alt of country.altSpellings) if (isAscii(alt)) for (const w of words(alt)) consider(w, 4);
      if (!best) continue;
      const known = table.get(demonym);
      if (known !== undefined && known !== best) ambiguous.add(demonym);
      table.set(demonym, best);
    }
  }
  for (const d of ambiguous) table.delete(d);
  return table;
}

const require = createRequire(import.meta.url);
export const DEMONYMS: ReadonlyMap<string, string> = demonymTable(require('world-countries/countries.json') as Country[]);

/** Whether every character of `text` is ASCII (an alternative spelling in another script is no English word). */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

interface CountryWithCapital extends Country {
  capital?: string[];
}

/**
 * capital word → the words a country goes by, and each of those → its capital: news names a government by its
 * seat ("Washington hesitated", "Moscow warned", "Kyiv asked"), and members say either. From the same data set:
 * a capital of one word ("Washington D.C." is "washington"), and of its country the one-word common name, the
 * short forms English writes in capitals ("US", "UK", "DPRK") and the word its demonym folds into ("america").
 */
export function capitalTable(countries: readonly CountryWithCapital[], demonyms: ReadonlyMap<string, string>): Map<string, string[]> {
  const table = new Map<string, string[]>();
  const nameToCapitals = new Map<string, string[]>();
  const namesOfCountry: Set<string>[] = [];
  const add = (from: string, to: string) => {
    if (from === to) return;
    const list = table.get(from) ?? [];
    if (!list.includes(to)) list.push(to);
    table.set(from, list);
  };
  for (const country of countries) {
    const capital = country.capital?.[0]?.replace(/\s+D\.C\.$/u, '');
    if (!capital || !isAscii(capital) || !/^[A-Za-z]{4,}$/u.test(capital)) continue;
    const names = new Set<string>();
    if (/^[A-Za-z]+$/u.test(country.name.common)) names.add(country.name.common.toLowerCase());
    // Not the country's code (the first spelling, "RU"), except the two English writes as words: "US", "UK".
    for (const alt of country.altSpellings)
      if (/^[A-Z]{2,4}$/u.test(alt) && (alt !== country.altSpellings[0] || alt === 'US' || alt === 'UK')) names.add(alt.toLowerCase());
    for (const form of [country.demonyms?.eng?.m, country.demonyms?.eng?.f]) {
      const word = form ? words(form).pop() : undefined;
      const folded = word ? demonyms.get(word) : undefined;
      if (folded) names.add(folded);
    }
    namesOfCountry.push(names);
    for (const name of names) {
      add(capital.toLowerCase(), name);
      nameToCapitals.set(name, [...(nameToCapitals.get(name) ?? []), capital.toLowerCase()]);
    }
  }
  // A name two countries go by ("korea"; "america", the Northern Marianas' demonym too) points at no one capital.
  for (const [name, capitals] of nameToCapitals) if (new Set(capitals).size === 1) add(name, capitals[0]!);
  // A country's names stand for each other: "the americans" for "US officials", "korea" for North Korea's "DPRK" (a
  // name another country goes by too still names this one; only a capital must be the one meant).
  for (const names of namesOfCountry) for (const a of names) for (const b of names) if (a !== b) add(a, b);
  return table;
}

export const CAPITALS: ReadonlyMap<string, readonly string[]> = capitalTable(require('world-countries/countries.json') as CountryWithCapital[], DEMONYMS);

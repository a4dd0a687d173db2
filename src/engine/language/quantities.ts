/**
 * What kind of quantity a number in a text is: money ("$1.5 million", "325 million dollars"), a date ("2023",
 * "November 17"), a measure ("190 miles", "three years", "155 mm") or a share ("40%"). "How much does it
 * cost" is answered by money, "When" by a date, "How far" by a measure: a sentence that holds only some other
 * number ("10,000 troops" for "how far") holds the kind of answer asked for only in part.
 *
 * Read from the tokens around each number, for documents and questions alike; the kinds are saved in the
 * index with each term (bump INDEX_FORMAT in `index/snapshot.ts` when this changes).
 */

/** `TermKind` bits (see `language.ts`), kept here so that the quantity pass and its readers agree. */
export const QuantityKind = { MONEY: 8, DATE: 16, MEASURE: 32, PERCENT: 64 } as const;
export const ANY_QUANTITY = QuantityKind.MONEY | QuantityKind.DATE | QuantityKind.MEASURE | QuantityKind.PERCENT;

const CURRENCY_SIGNS = new Set(['$', '€', '£', '¥', '₴', '₽', 'us$']);
const CURRENCY_WORDS = new Set('dollar dollars euro euros pound pounds usd eur gbp yen ruble rubles rouble roubles hryvnia hryvnias cents'.split(' '));
const MAGNITUDES = new Set(['thousand', 'million', 'billion', 'trillion', 'bn', 'mln']);
/** Units of time: "three years", and what says how long something lasted ("for weeks", `evidence.ts`). */
export const TIME_UNITS: readonly string[] =
  'second seconds minute minutes hour hours day days week weeks month months year years decade decades century centuries'.split(' ');
const UNITS = new Set([
  ...(
    'mile miles km kilometer kilometers kilometre kilometres meter meters metre metres m feet foot ft inch inches yard yards cm mm ' +
    'kg kilogram kilograms gram grams ton tons tonne tonnes lb lbs mph kph knots degree degrees acre acres hectare hectares caliber calibre'
  ).split(' '),
  ...TIME_UNITS,
]);
/**
 * A unit of area: a question that names one asks for an area ("how many square miles", "how big in km²"), and a
 * sentence that gives one says it.
 */
export const AREA_UNIT =
  /\b(?:square|sq\.?)\s*(?:kilomet(?:er|re)s?|km|miles?|met(?:er|re)s?|m|feet|foot|ft|yards?)\b|\b(?:km|mi|m|ft)(?:²|2)(?![\p{L}\p{N}])|\b(?:acres?|hectares?)\b/iu;
const PERCENT_WORDS = new Set(['%', 'percent', 'per cent', 'percentage', 'pct']);
export const MONTHS = new Set(
  'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec'.split(' '),
);
const WEEKDAYS = new Set('monday tuesday wednesday thursday friday saturday sunday'.split(' '));
const YEAR = /^(?:1[0-9]|20)\d\d$/;

/**
 * Adds the quantity bits to `kinds` (parallel to `normals`, lower-cased token forms) in place: each number takes
 * the kind its neighbours give it, and month and weekday names are dates.
 */
export function markQuantities(normals: readonly string[], kinds: number[], isNumber: (i: number) => boolean): void {
  for (let i = 0; i < normals.length; i++) {
    const word = normals[i]!;
    // "May" is also a verb: a month only beside a number ("May 5", "5 May").
    if (WEEKDAYS.has(word) || (MONTHS.has(word) && word !== 'may') || (word === 'may' && (isNumber(i - 1) || isNumber(i + 1)))) {
      kinds[i]! |= QuantityKind.DATE;
      continue;
    }
    if (!isNumber(i)) continue;
    // Past the number's own magnitude words ("1.5 million"), what follows says what it counts.
    let next = i + 1;
    while (next < normals.length && (MAGNITUDES.has(normals[next]!) || isNumber(next))) next++;
    const after = normals[next] ?? '';
    let kind = 0;
    if (CURRENCY_SIGNS.has(normals[i - 1] ?? '') || CURRENCY_WORDS.has(after)) kind = QuantityKind.MONEY;
    else if (PERCENT_WORDS.has(after)) kind = QuantityKind.PERCENT;
    else if (UNITS.has(after)) kind = QuantityKind.MEASURE;
    else if (YEAR.test(word) || MONTHS.has(after) || MONTHS.has(normals[i - 1] ?? '')) kind = QuantityKind.DATE;
    for (let j = i; j < next; j++) kinds[j]! |= kind;
    i = next - 1;
  }
}

/** A source's ID is its file name without the extension, e.g. `004_653a0a605732160c`. */
export type SourceId = string;

/** Optional facts about a source, from `corpus/sources.json` or Markdown front matter. */
export interface SourceMeta {
  title?: string;
  url?: string;
  outlet?: string;
  /** ISO date (YYYY-MM-DD) the article was published. */
  published?: string;
  author?: string;
  /**
   * The web address the source's text was fetched from (`npm run source -- add URL`, `/sources add url:`),
   * which `refresh` fetches again. `url` is where the article is published (its canonical address), which
   * may differ.
   */
  origin?: string;
}

export interface Source {
  id: SourceId;
  /** File name inside the corpus folder, e.g. `004_653a0a605732160c.txt`. */
  file: string;
  /** The whole file as read (UTF-8, BOM removed). Quote offsets index into this string. */
  text: string;
  /** Where the article body starts in `text` (after front matter, if any). */
  bodyStart: number;
  /** Title from metadata, else the headline line, else the first sentence cut short. */
  title: string;
  meta: SourceMeta;
  bytes: number;
  /** File modification time, ms since epoch (shown to people; the saved index goes by `contentHash`). */
  mtimeMs: number;
  /** SHA-256 of the file's bytes (hex): what the saved index checks a source against. */
  contentHash: string;
}

/** A corpus file that could not be loaded, and why. The rest of the corpus still loads. */
export interface LoadFailure {
  file: string;
  reason: string;
}

/** A character range `[start, end)` in a source's `text`. */
export interface Span {
  start: number;
  end: number;
}

/** A verbatim quote: `text === source.text.slice(start, end)` always holds. */
export interface Quote {
  sourceId: SourceId;
  text: string;
  start: number;
  end: number;
  score: number;
}

export interface Answer {
  question: string;
  answered: boolean;
  quotes: Quote[];
  /**
   * Why the engine declined or refused, in fixed interface wording. Present when `answered` is false.
   * `invalid` means the question itself is unusable (empty, too long, no words): the user should rephrase.
   */
  reason?: { kind: 'invalid' | 'no-match' | 'weak'; message: string };
}

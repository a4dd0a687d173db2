/** A source's ID is its file name without the extension, e.g. `004_653a0a605732160c`. */
export type SourceId = string;

/** Optional facts about a source, from `corpus/sources.json` or Markdown front matter. */
export interface SourceMeta {
  title?: string;
  url?: string;
  outlet?: string;
  /** ISO date the article was published: YYYY-MM-DD, or YYYY-MM or YYYY when only those are known. */
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
  /**
   * File status change time when it was read, ms since epoch. With `bytes` and `mtimeMs`, what a reload compares
   * to take a file as unchanged without reading it again (`EarlierSource`); absent where no file was read.
   */
  ctimeMs?: number;
  /** `text.length`, known without reading the text (a source a reload took as unchanged reads it only if asked). */
  textLength?: number;
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

/**
 * How the engine replied:
 *  - `answered`: the quotes answer the question, as far as the evidence shows;
 *  - `closest`: the question is about what the sources cover, but the engine is not sure the quotes answer it:
 *    they are the closest passages, and must be shown as such, never as an answer;
 *  - `declined`: nothing to quote: the sources do not cover it, or it is not a question to them (a sum, a
 *    request for the bot's opinion, an instruction to the bot, pings), or the question is unusable.
 */
export type AnswerOutcome = 'answered' | 'closest' | 'declined';

/** Why a question got no quote, each with its fixed interface wording (`MESSAGES`). */
export type DeclineKind = 'invalid' | 'no-match' | 'off-topic' | 'arithmetic' | 'opinion' | 'instruction' | 'mentions';

export interface Answer {
  question: string;
  outcome: AnswerOutcome;
  /** True only for the outcome `answered`. */
  answered: boolean;
  /** The quotes shown: those of an answer, or the closest passages; none when declined. */
  quotes: Quote[];
  /**
   * Why the engine declined, in fixed interface wording; present when the outcome is `declined`.
   * `invalid` means the question itself is unusable (empty, too long, no words): the user should rephrase.
   */
  reason?: { kind: DeclineKind; message: string };
}

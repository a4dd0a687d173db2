/** Cutting text to a length for display: one helper for titles, quotes, lists and messages alike. */

/**
 * `text` cut to at most `max` characters, the mark "…" included, at a word boundary when one is near enough
 * (past half the length): from the start (`keep: 'start'`, the default) or keeping its end. `cut` says
 * whether anything was dropped. Trailing white space and clause punctuation before the mark are dropped.
 */
export function cutText(text: string, max: number, { keep = 'start' }: { keep?: 'start' | 'end' } = {}): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  if (max < 2) return { text: '…'.slice(0, Math.max(0, max)), cut: true };
  if (keep === 'end') {
    const tail = text.slice(text.length - (max - 1));
    const space = tail.search(/\s/);
    return { text: `…${(space >= 0 && space < tail.length / 2 ? tail.slice(space) : tail).trimStart()}`, cut: true };
  }
  const head = text.slice(0, max - 1);
  const space = head.search(/\s\S*$/);
  return { text: `${(space > max / 2 ? head.slice(0, space) : head).replace(/[\s,;:.]+$/, '')}…`, cut: true };
}

/** `cutText(text, max).text`: a title or name cut for display. */
export function cutAtWord(text: string, max: number): string {
  return cutText(text, max).text;
}

/**
 * A PDF's text through PDF.js (as bundled by unpdf, without a worker or a canvas): the positioned pieces of
 * text on each page are put back together into lines, and lines into paragraphs, the way a reader sees them.
 * A paragraph ends where the gap to the next line is clearly larger than the page's usual line spacing, or
 * where the font size changes (a heading); a word hyphenated at a line's end is joined again. Running heads,
 * footers and page numbers (the same line on most pages) are dropped. The title comes from the document's
 * information, else from the first page's text set clearly larger than the rest.
 */
import { extractTextItems, getDocumentProxy, getMeta, type StructuredTextItem } from 'unpdf';
import { isoDate } from './metadata.ts';

export interface ExtractedPdf {
  title?: string;
  author?: string;
  /** YYYY-MM-DD, from the document's creation date. */
  published?: string;
  paragraphs: string[];
  pages: number;
}

interface Line {
  text: string;
  y: number;
  fontSize: number;
  page: number;
}

export async function extractPdf(bytes: Uint8Array): Promise<ExtractedPdf> {
  // PDF.js takes over the buffer it is given (transfers it), so it gets a copy.
  // Verbosity 0: PDF.js's warnings about fonts it works around are not the moderator's concern.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  try {
    const { items, totalPages } = await extractTextItems(pdf);
    const { info } = await getMeta(pdf, { parseDates: true });
    const pages = items.map((pageItems, page) => linesOf(pageItems, page));
    const lines = dropRunningLines(pages).flat();
    const infoText = (key: string) => (typeof info?.[key] === 'string' && info[key].trim() ? (info[key] as string).replace(/\s+/g, ' ').trim() : undefined);
    const created = info?.CreationDate instanceof Date && !Number.isNaN(info.CreationDate.getTime()) ? info.CreationDate.toISOString() : undefined;
    return {
      title: usableTitle(infoText('Title')) ?? largestLine(pages[0] ?? []),
      author: infoText('Author'),
      published: created ? isoDate(created) : undefined,
      paragraphs: paragraphsOf(lines),
      pages: totalPages,
    };
  } finally {
    await pdf.destroy();
  }
}

/** One page's text pieces as lines, in the order PDF.js reads them (the page's reading order). */
function linesOf(items: StructuredTextItem[], page: number): Line[] {
  const lines: Line[] = [];
  let text = '';
  let y = 0;
  // A line's size is its characters' average size: one odd piece (a word drawn at another scale) does not
  // make a body line look like a heading.
  let sizeSum = 0;
  let sizedChars = 0;
  let firstSize = 0;
  let lastEnd = 0;
  const end = () => {
    const clean = text.replace(/\s+/g, ' ').trim();
    if (clean !== '') lines.push({ text: clean, y, fontSize: sizedChars > 0 ? sizeSum / sizedChars : firstSize, page });
    text = '';
    sizeSum = 0;
    sizedChars = 0;
  };
  for (const item of items) {
    if (item.str === '' && !item.hasEOL) continue;
    const size = item.fontSize || item.height || 10;
    if (text !== '' && item.str.trim() !== '' && Math.abs(item.y - y) > size * 0.5) end();
    if (text === '') {
      y = item.y;
      firstSize = size;
    } else if (item.str !== '' && !/\s$/.test(text) && !/^\s/.test(item.str) && item.x - lastEnd > size * 0.15) {
      // Pieces drawn apart on one line are separate words even when the PDF stores no space between them.
      text += ' ';
    }
    text += item.str;
    const chars = item.str.trim().length;
    sizeSum += size * chars;
    sizedChars += chars;
    lastEnd = item.x + item.width;
    if (item.hasEOL) end();
  }
  end();
  return lines;
}

/**
 * A line at a page's top or bottom that recurs there on most pages (digits aside: "Page 3 of 9") is a running
 * head or foot, and a lone number there, or a short line ending in "page 3", a page number.
 */
function dropRunningLines(pages: Line[][]): Line[][] {
  const shape = (text: string) => text.toLowerCase().replace(/\d+/g, '#');
  const edge = (lines: Line[]) => [...lines.slice(0, 2), ...lines.slice(-2)];
  const onPages = new Map<string, Set<number>>();
  for (const lines of pages) for (const line of edge(lines)) onPages.set(shape(line.text), (onPages.get(shape(line.text)) ?? new Set()).add(line.page));
  const running = (line: Line) =>
    /^(page\s*)?\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i.test(line.text) ||
    (line.text.length < 100 && /\bpage\s+\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i.test(line.text)) ||
    (pages.length >= 3 && (onPages.get(shape(line.text))?.size ?? 0) >= Math.max(3, pages.length * 0.6));
  return pages.map((lines) => {
    const edges = new Set(edge(lines));
    return lines.filter((line) => !(edges.has(line) && running(line)));
  });
}

function paragraphsOf(lines: Line[]): string[] {
  const paragraphs: string[] = [];
  // The usual distance between two lines of a paragraph, per page, measured rather than assumed.
  const spacing = new Map<number, number>();
  for (const page of new Set(lines.map((l) => l.page))) {
    const gaps: number[] = [];
    const onPage = lines.filter((l) => l.page === page);
    for (let i = 1; i < onPage.length; i++) {
      const gap = onPage[i - 1]!.y - onPage[i]!.y;
      if (gap > 0) gaps.push(gap / onPage[i]!.fontSize);
    }
    gaps.sort((a, b) => a - b);
    spacing.set(page, gaps.length > 0 ? gaps[Math.floor(gaps.length / 4)]! : 1.2);
  }
  let current = '';
  let previous: Line | undefined;
  for (const line of lines) {
    if (previous && current !== '' && startsParagraph(previous, line, spacing.get(line.page) ?? 1.2)) {
      paragraphs.push(current);
      current = '';
    }
    current = current === '' ? line.text : joinLines(current, line.text);
    previous = line;
  }
  if (current !== '') paragraphs.push(current);
  return paragraphs;
}

function startsParagraph(previous: Line, line: Line, usualGap: number): boolean {
  if (Math.abs(previous.fontSize - line.fontSize) > Math.min(previous.fontSize, line.fontSize) * 0.15) return true;
  // Across a page break a paragraph goes on unless the page ended a sentence.
  if (line.page !== previous.page) return /[.!?:"”’)]$/.test(previous.text);
  const gap = (previous.y - line.y) / line.fontSize;
  // A line above the previous one (a new column) or clearly further down than usual starts a paragraph.
  return gap <= 0 || gap > usualGap * 1.4;
}

/** A word broken by a hyphen at the end of a line is whole again; otherwise the lines are joined by a space. */
function joinLines(paragraph: string, next: string): string {
  if (/\p{Ll}-$/u.test(paragraph) && /^\p{Ll}/u.test(next)) return paragraph.slice(0, -1) + next;
  return `${paragraph} ${next}`;
}

/**
 * The document information's title, unless it is what a program put there rather than a title: "Untitled",
 * "Microsoft Word - report.docx", a file name, or a fragment of a sentence.
 */
function usableTitle(title: string | undefined): string | undefined {
  if (!title) return undefined;
  if (/^(untitled|document\d*|slide \d+|microsoft (word|powerpoint|excel)\b)/i.test(title)) return undefined;
  if (/^\S+\.(docx?|pdf|pptx?|xlsx?|odt|rtf|indd|tex|dvi|ps|html?)$/i.test(title) || /[,;]$/.test(title)) return undefined;
  return title;
}

/** The first page's clearly largest line among its first twenty (a title set large), if it has one. */
function largestLine(lines: Line[]): string | undefined {
  const first = lines.slice(0, 20);
  if (first.length === 0) return undefined;
  const sizes = first.map((l) => l.fontSize).sort((a, b) => a - b);
  const usual = sizes[Math.floor(sizes.length / 2)]!;
  let best: Line | undefined;
  for (const line of first) if (!best || line.fontSize > best.fontSize) best = line;
  // Text all of one size has no title set apart: the article's own headline or opening is used instead.
  return best && best.fontSize > usual * 1.15 ? best.text.slice(0, 200) : undefined;
}

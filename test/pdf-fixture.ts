/**
 * PDFs made in the test with pdf-lib, as a word processor lays them out: a title in the document's
 * information, a heading, paragraphs wrapped to the page's width with a larger gap between paragraphs than
 * between their lines, a running foot with the page number, and as many pages as the text needs.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';

export interface PdfSpec {
  title?: string;
  author?: string;
  created?: Date;
  heading?: string;
  paragraphs: string[];
  /** Break a word across lines with a hyphen at this width (to check that it is joined again). */
  hyphenate?: boolean;
}

export async function makePdf(spec: PdfSpec): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  if (spec.title) doc.setTitle(spec.title);
  if (spec.author) doc.setAuthor(spec.author);
  if (spec.created) doc.setCreationDate(spec.created);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const size = 11;
  const leading = 14;
  const width = 420;
  const left = 72;
  let page = doc.addPage([595, 842]);
  let y = 770;
  let pageNumber = 1;
  const foot = () => page.drawText(`Report on test matters, page ${pageNumber}`, { x: left, y: 40, size: 8, font });
  const newPage = () => {
    foot();
    page = doc.addPage([595, 842]);
    pageNumber++;
    y = 770;
  };
  if (spec.heading) {
    page.drawText(spec.heading, { x: left, y, size: 20, font: bold });
    y -= 36;
  }
  for (const paragraph of spec.paragraphs) {
    for (const line of wrap(paragraph, (s) => font.widthOfTextAtSize(s, size), width, spec.hyphenate ?? false)) {
      if (y < 80) newPage();
      page.drawText(line, { x: left, y, size, font });
      y -= leading;
    }
    y -= leading * 0.9;
  }
  foot();
  return doc.save();
}

function wrap(text: string, measure: (s: string) => number, width: number, hyphenate: boolean): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (measure(candidate) <= width) {
      line = candidate;
      continue;
    }
    // A long lower-case word may be split with a hyphen, as a typesetter would.
    if (hyphenate && /^[a-z]{8,}$/.test(word)) {
      const head = word.slice(0, Math.ceil(word.length / 2));
      if (measure(`${line} ${head}-`) <= width) {
        lines.push(`${line} ${head}-`);
        line = word.slice(head.length);
        continue;
      }
    }
    lines.push(line);
    line = word;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * An article's HTML as plain text, one paragraph a line: what the corpus stores and the engine quotes from.
 * Every block (paragraph, heading, list item, quotation, table row, caption) becomes its own line; a `<br>`
 * ends a line too, so a poem or an address keeps its lines. Inline markup is dropped, its words kept, and
 * white space inside a line is one space, so a quote never spans a paragraph break the reader did not see.
 */
import { type DomElement, type DomNode, ELEMENT_NODE, squeeze, TEXT_NODE } from './dom.ts';

const BLOCKS = new Set(
  (
    'address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption figure footer form ' +
    'h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table tbody tfoot thead tr ul'
  ).split(' '),
);
const CELLS = new Set(['td', 'th']);
/** Never article text, even if a reader view left them in. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'button', 'select', 'textarea', 'iframe', 'object', 'canvas']);

export function paragraphsOf(root: DomNode): string[] {
  const lines: string[] = [];
  let line: string[] = [];
  const flush = () => {
    const text = squeeze(line.join(''));
    if (text !== '') lines.push(text);
    line = [];
  };
  const walk = (node: DomNode, inPre: boolean) => {
    if (node.nodeType === TEXT_NODE) {
      const text = node.textContent ?? '';
      if (!inPre) line.push(text);
      else {
        // Preformatted text keeps its line breaks: each line of it is a line of the source.
        const parts = text.split('\n');
        parts.forEach((part, i) => {
          if (i > 0) flush();
          line.push(part);
        });
      }
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const tag = (node as DomElement).tagName.toLowerCase();
    if (SKIPPED.has(tag)) return;
    if (tag === 'br') {
      flush();
      return;
    }
    const block = BLOCKS.has(tag);
    if (block) flush();
    // Cells of one table row stay on its line, apart.
    if (CELLS.has(tag) && squeeze(line.join('')) !== '') line.push(' | ');
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) walk(children[i]!, inPre || tag === 'pre');
    if (block) flush();
    else if (CELLS.has(tag)) line.push(' ');
  };
  walk(root, false);
  flush();
  return lines;
}

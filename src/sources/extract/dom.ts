/**
 * The few DOM shapes the extractors read, declared here so that the project needs no browser typings: the
 * document comes from linkedom, which implements them.
 */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  readonly childNodes: ArrayLike<DomNode>;
  textContent: string | null;
  parentNode: DomNode | null;
}

export interface DomElement extends DomNode {
  tagName: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export interface DomDocument extends DomNode {
  documentElement: DomElement | null;
  title: string;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

/** Runs of white space (including no-break spaces) as one space, trimmed. */
export function squeeze(text: string): string {
  return text.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

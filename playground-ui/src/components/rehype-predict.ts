// Marks the lesson's predict-first blockquotes in the HTML tree: a blockquote whose first
// paragraph opens with **Predict:** gets the class `predict`, and its paragraphs from the one
// opening with **Answer:** on are wrapped in a `div.predict-answer` that the page can hold back
// until the run has ended. Doing it on the tree, not on React children, keeps it independent of
// how react-markdown turns nodes into elements.
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { ANSWER_MARK, PREDICT_MARK } from '../../../scenarios/src/sdk/lesson-actions.ts';

export const PREDICT_CLASS = 'predict';
export const ANSWER_CLASS = 'predict-answer';

const markText = (mark: string): string => mark.replace(/\*\*/g, '');
const PREDICT = markText(PREDICT_MARK);
const ANSWER = markText(ANSWER_MARK);

const isElement = (node: RootContent | ElementContent): node is Element => node.type === 'element';

/** True when `node` is a paragraph whose first child is <strong>`word`</strong>. */
function opensWith(node: ElementContent, word: string): boolean {
  if (!isElement(node) || node.tagName !== 'p') return false;
  const first = node.children[0];
  if (first === undefined || !isElement(first) || first.tagName !== 'strong') return false;
  const text = first.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
  return text.trim() === word;
}

function markPredict(quote: Element): void {
  const firstBlock = quote.children.find(isElement);
  if (firstBlock === undefined || !opensWith(firstBlock, PREDICT)) return;
  const at = quote.children.findIndex((c) => opensWith(c, ANSWER));
  quote.properties = { ...quote.properties, className: [PREDICT_CLASS] };
  if (at < 0) return;
  const answer: Element = {
    type: 'element',
    tagName: 'div',
    properties: { className: [ANSWER_CLASS] },
    children: quote.children.slice(at),
  };
  quote.children = [...quote.children.slice(0, at), answer];
}

function walk(node: Root | Element): void {
  for (const child of node.children) {
    if (!isElement(child)) continue;
    if (child.tagName === 'blockquote') markPredict(child);
    else walk(child);
  }
}

export function rehypePredict() {
  return (tree: Root): void => walk(tree);
}

// Measures axis labels in the font the page actually uses (one shared canvas), falling back to
// an estimate where there is no canvas.
import { estimateWidth } from './label-width.ts';
import type { Measure } from './label-width.ts';

let context: CanvasRenderingContext2D | null | undefined;
const cache = new Map<string, number>();

export const measureText: Measure = (text, fontPx) => {
  if (context === undefined) {
    context =
      typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  }
  if (context === null) return estimateWidth(text, fontPx);
  const id = `${fontPx}:${text}`;
  const known = cache.get(id);
  if (known !== undefined) return known;
  const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
  context.font = `${fontPx}px ${family}`;
  // Tabular figures can be wider than the proportional ones canvas measures: keep the larger.
  const width = Math.max(context.measureText(text).width, estimateWidth(text, fontPx) * 0.9);
  if (cache.size > 500) cache.clear();
  cache.set(id, width);
  return width;
};

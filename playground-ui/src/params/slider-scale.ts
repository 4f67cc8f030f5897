// Sliders for wide ranges (0 – 50,000 reads/s) use a cubic scale, so the low end, where most of
// the interesting behaviour is, gets most of the travel.
import type { ParamField } from './fields';

export const SLIDER_STEPS = 1000;

function wide(field: ParamField): boolean {
  const min = field.min ?? 0;
  const max = field.max ?? 100;
  return max - min > 200 && min >= 0;
}

export function toSlider(field: ParamField, value: number): number {
  const min = field.min ?? 0;
  const max = field.max ?? 100;
  const f = Math.min(1, Math.max(0, (value - min) / (max - min || 1)));
  return Math.round((wide(field) ? Math.cbrt(f) : f) * SLIDER_STEPS);
}

export function fromSlider(field: ParamField, position: number): number {
  const min = field.min ?? 0;
  const max = field.max ?? 100;
  const p = position / SLIDER_STEPS;
  const raw = min + (wide(field) ? p * p * p : p) * (max - min);
  if (field.kind === 'integer') return Math.round(raw);
  // Readable values (3 significant figures), yet fine enough that one step of the slider never
  // rounds back to where it was.
  const magnitude = Math.pow(
    10,
    Math.max(0, Math.floor(Math.log10(Math.max(1, Math.abs(raw)))) - 2),
  );
  return raw >= 10 ? Math.round(raw / magnitude) * magnitude : Math.round(raw * 100) / 100;
}

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

// The keyboard moves the value, not the slider's position: on a cubic scale one position near the
// top is hundreds of units and near the bottom a fraction of one, so ArrowUp on an integer would
// round back to where it was. Arrows step by 1 (an integer) or a hundredth of the range rounded
// to 1, 2 or 5 × 10^n; Page keys by a tenth; Home and End go to the bounds.
function niceStep(raw: number): number {
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const unit = raw / power;
  return (unit >= 5 ? 5 : unit >= 2 ? 2 : 1) * power;
}

export function keyStep(field: ParamField, value: number, key: string): number | undefined {
  const min = field.min ?? 0;
  const max = field.max ?? 100;
  const range = max - min || 1;
  const small = field.kind === 'integer' ? 1 : niceStep(range / 100);
  const large =
    field.kind === 'integer' ? Math.max(1, Math.round(range / 10)) : niceStep(range / 10);
  const steps: Record<string, number> = {
    ArrowUp: small,
    ArrowRight: small,
    ArrowDown: -small,
    ArrowLeft: -small,
    PageUp: large,
    PageDown: -large,
  };
  let next: number;
  if (key === 'Home') next = min;
  else if (key === 'End') next = max;
  else if (steps[key] !== undefined) next = value + steps[key];
  else return undefined;
  // Land on the step grid, so 0.37 + 0.01 reads 0.38 and not 0.38000000000000006.
  const decimals = Math.max(0, -Math.floor(Math.log10(small)));
  next = Number(Math.min(max, Math.max(min, next)).toFixed(decimals));
  return field.kind === 'integer' ? Math.round(next) : next;
}

// Units that scale with the numbers: 48,500 ms reads as 48.5 s, 18,000 msg/s as 18 K msg/s.
import { isRatio } from './format.ts';

export interface DisplayUnit {
  /** The unit the axis and its header show. */
  unit: string;
  /** Multiply a raw value by this to get it in `unit`. */
  factor: number;
}

const SECONDS_FROM_MS = 10_000;
const THOUSANDS_FROM = 10_000;

export function displayUnit(unit: string, max: number): DisplayUnit {
  if (isRatio(unit) || unit === '%' || unit === 'percent') return { unit, factor: 1 };
  if (unit === 'ms')
    return max >= SECONDS_FROM_MS ? { unit: 's', factor: 1 / 1000 } : { unit, factor: 1 };
  if (max >= 10_000_000) return { unit: unit === '' ? 'M' : `M ${unit}`, factor: 1 / 1e6 };
  if (max >= THOUSANDS_FROM) return { unit: unit === '' ? 'K' : `K ${unit}`, factor: 1 / 1000 };
  return { unit, factor: 1 };
}

// Numbers as a person reads them: a ratio as a percentage, milliseconds with sensible
// precision, large counts compacted (12.3k), always with their unit.

const compact = new Intl.NumberFormat('en', { maximumFractionDigits: 1, notation: 'compact' });

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 10_000) return compact.format(value);
  if (abs >= 100 || Number.isInteger(value)) return Math.round(value).toLocaleString('en');
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 0.01 || abs === 0) return value.toFixed(2);
  return value.toPrecision(2);
}

export function isRatio(unit: string): boolean {
  return unit === 'ratio' || unit === 'fraction';
}

export function formatValue(value: number | undefined, unit: string): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (isRatio(unit)) return `${(value * 100).toFixed(1)}%`;
  if (unit === '%' || unit === 'percent') return `${formatNumber(value)}%`;
  if (unit === '' || unit === 'count') return formatNumber(value);
  // 48,500 ms reads as 48.5 s.
  if (unit === 'ms' && Math.abs(value) >= 10_000) return `${formatNumber(value / 1000)} s`;
  return `${formatNumber(value)} ${unit}`;
}

/** Axis ticks: short, no unit (the axis says it once). */
export function formatTick(value: number, unit: string): string {
  if (isRatio(unit)) return `${Math.round(value * 100)}%`;
  const abs = Math.abs(value);
  if (abs >= 1000) return compact.format(value);
  if (abs >= 10 || Number.isInteger(value)) return String(Math.round(value));
  return value.toFixed(1);
}

export function formatSeconds(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}:${String(s % 60).padStart(2, '0')}` : `${s}s`;
}

export function formatClock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function formatTime(iso: string | null): string {
  if (iso === null) return '–';
  const d = new Date(iso);
  return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  return sameDay
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

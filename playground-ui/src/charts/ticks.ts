// Time-axis ticks at whole, round seconds (1, 2, 5, 10, 15, 30, 60 … apart).
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

export function timeTicks(from: number, to: number, count: number): number[] {
  const span = Math.max(0, to - from);
  const step = STEPS.find((s) => span / s <= count) ?? STEPS[STEPS.length - 1] ?? 3600;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

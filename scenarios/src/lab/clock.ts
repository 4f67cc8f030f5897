// One clock for every thread: worker threads each have their own `performance.timeOrigin`, so
// `performance.now()` alone cannot be compared across them; origin + now can, at microseconds.
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

import { withDeadline } from '../deadline.ts';

// A close waits for the broker's close-ok; one that never comes must not hold up the run's end.
export const CLOSE_DEADLINE_MS = 1000;

/** Closes without throwing: teardown runs after failures too, when the peer may be gone. */
export async function closeQuietly(
  closable: { close(): Promise<void> } | undefined,
): Promise<void> {
  if (closable === undefined) return;
  try {
    await withDeadline(closable.close(), CLOSE_DEADLINE_MS, 'close');
  } catch {
    // Already closed by the broker or by an earlier error; nothing left to release.
  }
}

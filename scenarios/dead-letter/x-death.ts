// RabbitMQ's x-death header: one entry per (queue, reason) a message has been dead-lettered
// from, the most recent first, each with a count of how many times.
export const REASONS = ['rejected', 'expired', 'maxlen'] as const;
export type DeathReason = (typeof REASONS)[number];

export interface Death {
  queue: string;
  reason: string;
  count: number;
}

export function deathsOf(headers: Readonly<Record<string, unknown>> | undefined): Death[] {
  const raw: unknown = headers?.['x-death'];
  if (!Array.isArray(raw)) return [];
  const deaths: Death[] = [];
  for (const entry of raw as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { queue, reason, count } = entry as Record<string, unknown>;
    if (typeof queue === 'string' && typeof reason === 'string' && typeof count === 'number') {
      deaths.push({ queue, reason, count });
    }
  }
  return deaths;
}

/** How many times the message died in `queue` for `reason` (0 when never). */
export function deathCount(deaths: readonly Death[], queue: string, reason: string): number {
  return deaths.find((d) => d.queue === queue && d.reason === reason)?.count ?? 0;
}

export function isReason(reason: string | undefined): reason is DeathReason {
  return (REASONS as readonly string[]).includes(reason ?? '');
}

/**
 * Settles with `work`, or rejects once `ms` pass: the final phase must end in bounded time even
 * when the broker stops answering (an unanswered AMQP or Kafka call waits forever).
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  // The abandoned call may still settle later; its outcome no longer matters to anyone.
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

import kafkajs from 'kafkajs';

// kafkajs spreads its error classes into module.exports, which Node cannot see as named exports
// of a CommonJS module; the default import is module.exports itself.
const { KafkaJSError } = kafkajs;

/**
 * A fresh topic or a restarting broker answers "not the leader" or "unknown partition" for a
 * moment, and some kafkajs admin calls (fetchTopicOffsets among them) give up on the first such
 * answer. Those answers are marked retriable; anything else is a real failure.
 */
export function isRetriable(error: unknown): boolean {
  return error instanceof KafkaJSError && error.retriable;
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  tries: number;
  delayMs: number;
}

/** Calls `attempt` until it succeeds, retrying retriable Kafka errors; rethrows the last one. */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  { tries, delayMs }: RetryOptions,
): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetriable(error) || i >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

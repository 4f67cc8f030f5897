// Everything a run creates carries its run's namespace, so cleanup can find it and no run can
// touch another's data. Kafka topic and group names may not hold ':', so they use '.'.

export const NAMESPACE_ROOT = 'pg';

export interface Names {
  /** `pg:<runId>:` — every Redis key of the run starts with it. */
  readonly keyPrefix: string;
  key(...parts: (string | number)[]): string;
  queue(name: string): string;
  exchange(name: string): string;
  topic(name: string): string;
  group(name: string): string;
}

export function createNames(runId: string): Names {
  const keyPrefix = `${NAMESPACE_ROOT}:${runId}:`;
  return {
    keyPrefix,
    key: (...parts) => keyPrefix + parts.join(':'),
    queue: (name) => `${keyPrefix}${name}`,
    exchange: (name) => `${keyPrefix}${name}`,
    topic: (name) => `${NAMESPACE_ROOT}.${runId}.${name}`,
    group: (name) => `${NAMESPACE_ROOT}.${runId}.${name}`,
  };
}

/** Run ids are short, lowercase and safe in every broker's names. */
export function isRunId(value: string): boolean {
  return /^[a-z0-9]{6,16}$/.test(value);
}

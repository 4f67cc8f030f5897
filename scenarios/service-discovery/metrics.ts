import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const SERVICE = 'product-service';

/** Instances are named `product-service-<n>` from 1, as in their registry keys and on the picture. */
export const instanceName = (n: number): string => `${SERVICE}-${n}`;
export const requestsKey = (instance: string): string => `requests.${instance}`;

export const serviceDiscoveryCharts: ChartSpec[] = [
  {
    id: 'traffic',
    title: 'Answered, by the instance that answered',
    unit: 'req/s',
    show: 'rate',
    description:
      'Each answer names the product-service instance the gateway picked (x-upstream-instance). The gateway round-robins over the keys it last read from the registry.',
  },
  {
    id: 'errors',
    title: 'Errors the clients saw',
    unit: 'req/s',
    show: 'rate',
    description:
      'A 502 is the gateway telling the client its pick could not be reached: a dead instance whose key has not expired yet.',
  },
  {
    id: 'registry',
    title: 'The registry (Redis)',
    unit: 'instances',
    description: 'product-service keys alive in Redis, read every 20 ms.',
  },
  {
    id: 'deregistration',
    title: 'The killed instance’s key',
    unit: 'ms',
    description:
      'Its remaining TTL as Redis reports it (PTTL), counting down after the kill because no heartbeat renews it; then how long after the kill it was found gone.',
  },
  { id: 'latency', title: 'Latency at the clients', unit: 'ms' },
];

export const serviceDiscoveryMetrics: MetricSpec[] = [
  {
    key: 'requests.product-service-{i}',
    label: 'product-service-{i}',
    unit: 'requests',
    kind: 'counter',
    chart: 'traffic',
  },
  {
    key: 'errors',
    label: 'Errors (all)',
    unit: 'requests',
    kind: 'counter',
    chart: 'errors',
    description: 'Answers other than 200: the gateway’s 502s, or no answer at all.',
  },
  {
    key: 'errorsAfterKill',
    label: 'Errors after the kill',
    unit: 'requests',
    kind: 'counter',
    chart: 'errors',
  },
  {
    key: 'instances',
    label: 'Registered instances',
    unit: 'instances',
    kind: 'gauge',
    chart: 'registry',
  },
  {
    key: 'killedKeyTtlMs',
    label: 'Killed key’s PTTL',
    unit: 'ms',
    kind: 'gauge',
    chart: 'deregistration',
  },
  {
    key: 'deregisterMs',
    label: 'Kill → key gone',
    unit: 'ms',
    kind: 'gauge',
    chart: 'deregistration',
    description: 'From the SIGKILL to the first Redis reading that found the key expired.',
  },
  { key: 'latency', label: 'Latency', unit: 'ms', kind: 'histogram', chart: 'latency' },
];

export const factKeys = {
  answersChecked: 'answersChecked',
  answersUnregistered: 'answersUnregistered',
  firstUnregistered: 'firstUnregistered',
  registrySlackMs: 'registrySlackMs',
  killed: 'killed',
  killAtMs: 'killAtMs',
  ttlLeftAtKillMs: 'ttlLeftAtKillMs',
  deregisterMs: 'deregisterMs',
  gatewayLastToKilledMs: 'gatewayLastToKilledMs',
  gatewayToKilledAfterExpiry: 'gatewayToKilledAfterExpiry',
  gatewayScrapeMs: 'gatewayScrapeMs',
  instancesAtKill: 'instancesAtKill',
  sentInTtlWindow: 'sentInTtlWindow',
  errorsAfterKill: 'errorsAfterKill',
  errors: 'errors',
  gatewayFailed: 'gatewayFailed',
  gatewayFailedToKilled: 'gatewayFailedToKilled',
  /** Per instance: `clients.<instance>`, `own.<instance>` (its /metrics), `gatewayOk.<instance>`. */
  clients: (instance: string): string => `clients.${instance}`,
  own: (instance: string): string => `own.${instance}`,
  gatewayOk: (instance: string): string => `gatewayOk.${instance}`,
} as const;

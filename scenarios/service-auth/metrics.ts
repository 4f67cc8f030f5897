import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

/** The bad tokens the attacker sends, each refused for its own reason. */
export const BAD_KINDS = ['forged', 'expired', 'audience'] as const;
export type BadKind = (typeof BAD_KINDS)[number];

/** Why user-service refuses a token (its 401 body and its shop_auth_refused_total label). */
export const REASONS = ['forged', 'expired', 'audience', 'missing'] as const;
export type Reason = (typeof REASONS)[number];

export const sentKey = (kind: BadKind): string => `sent.${kind}`;
export const refusedKey = (reason: Reason): string => `refused.${reason}`;

export const serviceAuthCharts: ChartSpec[] = [
  {
    id: 'calls',
    title: 'Calls to user-service',
    unit: 'calls/s',
    show: 'rate',
    description:
      'Legitimate calls answered, and the attacker’s calls sent, by the kind of bad token they carried.',
  },
  {
    id: 'refused',
    title: 'Refused by user-service, by reason',
    unit: 'calls/s',
    show: 'rate',
    description: 'The reason in each 401 user-service answered: it verifies every token itself.',
  },
  {
    id: 'keys',
    title: 'Signing keys',
    unit: 'keys',
    description:
      'Key changes the callers saw in their tokens’ kid, and the keys auth-service publishes in its JWKS: the current one and every retired one whose tokens may still be alive.',
  },
  { id: 'latency', title: 'Legitimate call latency', unit: 'ms' },
];

export const serviceAuthMetrics: MetricSpec[] = [
  {
    key: 'calls',
    label: 'Legitimate calls answered',
    unit: 'calls',
    kind: 'counter',
    chart: 'calls',
  },
  {
    key: 'legitRefused',
    label: 'Legitimate calls refused',
    unit: 'calls',
    kind: 'counter',
    chart: 'calls',
    description:
      'A genuine, unexpired token refused: a verifier that did not know the new key yet.',
  },
  { key: sentKey('forged'), label: 'Forged sent', unit: 'calls', kind: 'counter', chart: 'calls' },
  {
    key: sentKey('expired'),
    label: 'Expired sent',
    unit: 'calls',
    kind: 'counter',
    chart: 'calls',
  },
  {
    key: sentKey('audience'),
    label: 'Wrong audience sent',
    unit: 'calls',
    kind: 'counter',
    chart: 'calls',
  },
  ...REASONS.map((reason): MetricSpec => ({
    key: refusedKey(reason),
    label: `Refused: ${reason}`,
    unit: 'calls',
    kind: 'counter',
    chart: 'refused',
  })),
  {
    key: 'rotations',
    label: 'Key changes seen by callers',
    unit: 'rotations',
    kind: 'counter',
    chart: 'keys',
    description: 'Each time a new token carried a kid other than the previous token’s.',
  },
  {
    key: 'jwksKeys',
    label: 'Keys in the JWKS',
    unit: 'keys',
    kind: 'gauge',
    chart: 'keys',
  },
  { key: 'latency', label: 'Latency', unit: 'ms', kind: 'histogram', chart: 'latency' },
];

export const factKeys = {
  sent: (kind: BadKind): string => `sent.${kind}`,
  targetRefused: (reason: Reason): string => `targetRefused.${reason}`,
  acceptedBad: 'acceptedBad',
  unanswered: 'unanswered',
  legitSent: 'legitSent',
  legitRefused: 'legitRefused',
  legitOther: 'legitOther',
  target200: 'target200',
  kidChanges: 'kidChanges',
  authRotations: 'authRotations',
  rotateCalls: 'rotateCalls',
} as const;

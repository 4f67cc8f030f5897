import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const accessControlCharts: ChartSpec[] = [
  {
    id: 'outcomes',
    title: 'Allowed and refused',
    unit: 'req/s',
    show: 'rate',
    description:
      "The app's requests Redis ran and refused, and what got through that should not have: the app outside its prefix, the intruder in.",
  },
  {
    id: 'reasons',
    title: 'Refusals by reason',
    unit: 'req/s',
    show: 'rate',
    description:
      'Why Redis said no: a command the user lacks, a key or channel outside its patterns, a wrong password, or a command before any login (NOAUTH).',
  },
  {
    id: 'aclLog',
    title: 'Refusals: clients against ACL LOG',
    unit: 'refusals',
    description:
      "The refusals the clients saw for the reasons ACL LOG records, and the sum of the log's counts: the two lines lie on each other.",
  },
  { id: 'latency', title: 'Latency', unit: 'ms' },
];

const reason = (key: string, label: string, description: string): MetricSpec => ({
  key: `denied.${key}`,
  label,
  unit: 'req',
  kind: 'counter',
  chart: 'reasons',
  description,
});

export const accessControlMetrics: MetricSpec[] = [
  { key: 'requests', label: 'App requests', unit: 'req', kind: 'counter', chart: 'outcomes' },
  {
    key: 'allowed',
    label: 'Allowed',
    unit: 'req',
    kind: 'counter',
    chart: 'outcomes',
    description: "The app's requests Redis ran.",
  },
  {
    key: 'denied',
    label: 'Refused',
    unit: 'req',
    kind: 'counter',
    chart: 'outcomes',
    description: 'Every refusal the app and the intruder saw (NOPERM, WRONGPASS, NOAUTH).',
  },
  {
    key: 'outOfScope',
    label: 'App outside its prefix',
    unit: 'req',
    kind: 'counter',
    chart: 'outcomes',
    description:
      "Requests on another tenant's key or channel that Redis ran: only when the app's patterns are too wide.",
  },
  {
    key: 'intruderIn',
    label: 'Intruder reads',
    unit: 'req',
    kind: 'counter',
    chart: 'outcomes',
    description:
      'Reads of the billing data by the intruder with no password: the default user is on.',
  },
  {
    key: 'logins',
    label: 'Intruder attempts',
    unit: 'tries',
    kind: 'counter',
    chart: 'outcomes',
  },
  reason(
    'command',
    'command',
    'NOPERM: a command the user has not been granted (FLUSHALL, KEYS, CONFIG GET).',
  ),
  reason('key', 'key', "NOPERM: a key outside the user's ~patterns."),
  reason('channel', 'channel', "NOPERM: a channel outside the user's &patterns."),
  reason('auth', 'auth', 'WRONGPASS: a guessed password, or a disabled user.'),
  reason(
    'noauth',
    'noauth (not logged)',
    'NOAUTH: a command before any login; ACL LOG has no user to blame.',
  ),
  {
    key: 'clientRefusals',
    label: 'Clients saw',
    unit: 'refusals',
    kind: 'gauge',
    chart: 'aclLog',
    description: 'Refusals for command, key, channel and auth the clients counted.',
  },
  {
    key: 'aclLogged',
    label: 'ACL LOG (sum of count)',
    unit: 'refusals',
    kind: 'gauge',
    chart: 'aclLog',
    description: "ACL LOG's entries, each repeated refusal counted by its count field.",
  },
  {
    key: 'aclLogEntries',
    label: 'ACL LOG entries',
    unit: 'refusals',
    kind: 'gauge',
    chart: 'aclLog',
    description: 'Entries in ACL LOG: a repeat of a recent refusal adds to its count instead.',
  },
  { key: 'latency.allowed', label: 'Allowed', unit: 'ms', kind: 'histogram', chart: 'latency' },
  { key: 'latency.refused', label: 'Refused', unit: 'ms', kind: 'histogram', chart: 'latency' },
];

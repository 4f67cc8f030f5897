// Two tenants on one node, in vhosts of their own, and the users the run gives rights to; then
// the fixed round of operations those users attempt. Patterns are RabbitMQ's: a regex matched
// anywhere in the resource's name, the default exchange being "amq.default".
import type { VhostsPermissionsParams } from './params.ts';

export const VHOSTS = ['tenant-a', 'tenant-b'] as const;

export interface Grant {
  user: string;
  vhost: string;
  configure: string;
  write: string;
  read: string;
}

export const USERS = ['alice', 'bob', 'auditor'] as const;
export type User = (typeof USERS)[number];

/** Every user's password: this node lives only as long as the run, on loopback. */
export const passwordOf = (user: string): string => `${user}-pw`;

export function grants(p: VhostsPermissionsParams): Grant[] {
  return [
    {
      user: 'alice',
      vhost: 'tenant-a',
      configure: p.aliceConfigure,
      write: '^(alice\\..*|amq\\.default)$',
      read: '.*',
    },
    {
      user: 'bob',
      vhost: 'tenant-b',
      configure: '^bob\\.',
      write: '^(bob\\..*|amq\\.default)$',
      read: '^bob\\.jobs$',
    },
    {
      user: 'auditor',
      vhost: 'tenant-a',
      configure: '^$',
      write: p.auditorWrite ? '^amq\\.default$' : '^$',
      read: '.*',
    },
  ];
}

/** Queues the run's administrator (guest) declares in each tenant before the users start. */
export const TENANT_QUEUES: Record<(typeof VHOSTS)[number], string[]> = {
  'tenant-a': ['alice.orders', 'shared.orders'],
  'tenant-b': ['bob.jobs', 'bob.secret'],
};

export type Operation = 'connect' | 'declare' | 'publish' | 'get';
export const OPERATIONS: readonly Operation[] = ['connect', 'declare', 'publish', 'get'];

export interface Attempt {
  user: User;
  vhost: string;
  op: Operation;
  /** The queue (declare, get) or exchange (publish; '' is the default exchange). */
  resource: string;
  /** Publish: the routing key. */
  routingKey?: string;
}

export const ATTEMPTS: readonly Attempt[] = [
  { user: 'alice', vhost: 'tenant-a', op: 'declare', resource: 'alice.orders' },
  { user: 'alice', vhost: 'tenant-a', op: 'publish', resource: '', routingKey: 'alice.orders' },
  { user: 'alice', vhost: 'tenant-a', op: 'get', resource: 'alice.orders' },
  { user: 'alice', vhost: 'tenant-a', op: 'declare', resource: 'shared.orders' },
  { user: 'alice', vhost: 'tenant-a', op: 'publish', resource: 'amq.topic', routingKey: 'x' },
  { user: 'alice', vhost: 'tenant-b', op: 'connect', resource: '' },
  { user: 'bob', vhost: 'tenant-b', op: 'declare', resource: 'bob.jobs' },
  { user: 'bob', vhost: 'tenant-b', op: 'publish', resource: '', routingKey: 'bob.jobs' },
  { user: 'bob', vhost: 'tenant-b', op: 'get', resource: 'bob.jobs' },
  { user: 'bob', vhost: 'tenant-b', op: 'get', resource: 'bob.secret' },
  { user: 'bob', vhost: 'tenant-a', op: 'connect', resource: '' },
  { user: 'auditor', vhost: 'tenant-a', op: 'get', resource: 'shared.orders' },
  { user: 'auditor', vhost: 'tenant-a', op: 'declare', resource: 'auditor.tmp' },
  { user: 'auditor', vhost: 'tenant-a', op: 'publish', resource: '', routingKey: 'shared.orders' },
];

/** One user's permissions in one vhost, as the broker lists them. */
export interface PermissionRow {
  user: string;
  vhost: string;
  configure: string;
  write: string;
  read: string;
}

/**
 * What RabbitMQ's rules make of an attempt, given the permissions it lists: a connection needs
 * any permissions in the vhost; declaring a queue needs configure on it, publishing needs write
 * on the exchange, basic.get needs read on the queue.
 */
export function predictRefused(attempt: Attempt, rows: readonly PermissionRow[]): boolean {
  const row = rows.find((r) => r.user === attempt.user && r.vhost === attempt.vhost);
  if (row === undefined) return true;
  if (attempt.op === 'connect') return false;
  const name =
    attempt.op === 'publish' && attempt.resource === '' ? 'amq.default' : attempt.resource;
  const pattern =
    attempt.op === 'declare' ? row.configure : attempt.op === 'publish' ? row.write : row.read;
  // An empty pattern grants nothing; otherwise Erlang's re:run, unanchored, like RegExp.test.
  return pattern === '' || !new RegExp(pattern).test(name);
}

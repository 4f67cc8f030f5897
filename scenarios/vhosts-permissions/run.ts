// Two tenants on a private node: vhosts, users and permissions set through the management API,
// the permissions read back with rabbitmqctl, then the users go round a fixed list of operations
// and every answer the broker gives is held against what its listed permissions predict.
import type { PrivateRabbitmq, RunContext } from '../src/sdk/contract.ts';
import { fmt } from '../src/sdk/narration.ts';
import { attempt, Logins } from './attempt.ts';
import type { VhostsPermissionsParams } from './params.ts';
import {
  ATTEMPTS,
  OPERATIONS,
  TENANT_QUEUES,
  USERS,
  VHOSTS,
  grants,
  passwordOf,
  predictRefused,
} from './tenants.ts';
import type { PermissionRow } from './tenants.ts';

type Ctx = RunContext<VhostsPermissionsParams>;

async function api(node: PrivateRabbitmq, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${node.managementUrl}/api${path}`, {
    method: 'PUT',
    headers: {
      authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`PUT ${path}: ${response.status} ${await response.text()}`);
}

async function setUp(ctx: Ctx, node: PrivateRabbitmq): Promise<void> {
  const all = { configure: '.*', write: '.*', read: '.*' };
  for (const vhost of VHOSTS) {
    await api(node, `/vhosts/${vhost}`, {});
    // guest is the run's administrator: it builds each tenant's queues.
    await api(node, `/permissions/${vhost}/guest`, all);
  }
  for (const user of USERS)
    await api(node, `/users/${user}`, { password: passwordOf(user), tags: '' });
  for (const g of grants(ctx.params)) {
    const { configure, write, read } = g;
    await api(node, `/permissions/${g.vhost}/${g.user}`, { configure, write, read });
  }
  for (const vhost of VHOSTS) {
    const admin = await node.connect({ username: 'guest', password: 'guest', vhost });
    const channel = await admin.createChannel();
    for (const queue of TENANT_QUEUES[vhost]) await channel.assertQueue(queue, { durable: true });
    await admin.close();
  }
}

/** The permissions as the broker lists them (`rabbitmqctl list_permissions -p <vhost>`). */
async function listPermissions(node: PrivateRabbitmq): Promise<PermissionRow[]> {
  const perVhost = await Promise.all(
    VHOSTS.map(async (vhost) => {
      const out = await node.ctl('list_permissions', '-p', vhost, '--formatter', 'json', '--quiet');
      const rows = JSON.parse(out) as Omit<PermissionRow, 'vhost'>[];
      return rows.map((r) => ({ ...r, vhost }));
    }),
  );
  return perVhost.flat();
}

export async function runVhostsPermissions(ctx: Ctx): Promise<void> {
  const m = {
    allowed: ctx.metrics.counter('allowed'),
    refused: ctx.metrics.counter('refused'),
    errors: ctx.metrics.counter('errors'),
    unexpected: ctx.metrics.counter('unexpected'),
    byOp: Object.fromEntries(OPERATIONS.map((op) => [op, ctx.metrics.counter(`refused.${op}`)])),
  };
  ctx.phase('set-up');
  const node = await ctx.privateRabbitmq();
  await setUp(ctx, node);
  const rows = await listPermissions(node);
  ctx.fact('permissionRows', rows.filter((r) => r.user !== 'guest').length);
  for (const r of rows.filter((x) => x.user !== 'guest')) {
    ctx.event(
      `${r.user} in ${r.vhost}: configure ${r.configure || '(none)'}, write ${r.write || '(none)'}, read ${r.read || '(none)'}`,
    );
  }
  if (ctx.signal.aborted) return;

  ctx.phase('load');
  const logins = new Logins(node);
  const predicted: Record<string, number> = { total: 0 };
  for (const op of OPERATIONS) predicted[op] = 0;
  let attempts = 0;
  const narrated = new Set<number>();
  const pacer = ctx.pacer(() => ctx.params.opsPerSec);
  while (await pacer.wait()) {
    const i = attempts % ATTEMPTS.length;
    const a = ATTEMPTS[i]!;
    attempts++;
    const expectRefused = predictRefused(a, rows);
    if (expectRefused) {
      predicted.total!++;
      predicted[a.op]!++;
    }
    const outcome = await attempt(logins, a);
    if (outcome.kind === 'allowed') m.allowed.inc();
    else if (outcome.kind === 'refused') {
      m.refused.inc();
      m.byOp[a.op]!.inc();
    } else m.errors.inc();
    if (outcome.kind !== 'error' && (outcome.kind === 'refused') !== expectRefused)
      m.unexpected.inc();
    if (!narrated.has(i)) {
      narrated.add(i);
      const what = `${a.user} ${a.op} ${a.op === 'connect' ? a.vhost : a.resource || '(default exchange)'}`;
      ctx.event(
        outcome.kind === 'allowed'
          ? `${what}: allowed`
          : `${what}: ${outcome.kind === 'refused' ? 'refused' : 'failed'} (${outcome.reason.slice(0, 120)})`,
        outcome.kind === 'allowed' ? 'info' : 'warn',
      );
    }
  }
  ctx.fact('attempts', attempts);
  ctx.fact('predictedRefused', predicted.total!);
  for (const op of OPERATIONS) ctx.fact(`predictedRefused.${op}`, predicted[op]!);
  ctx.event(
    `${fmt(attempts)} attempts; the listed permissions predicted ${fmt(predicted.total!)} refusals`,
  );
}

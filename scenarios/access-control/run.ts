// An app logged in as a user limited to its own prefix and a handful of commands, on a private
// Redis whose default user is off; a share of its requests go outside its rights, and an
// intruder on the network tries to read without a login and guesses passwords. The clients
// count every refusal by the error they got; at the end ACL LOG, INFO and a fresh read of the
// other tenant's keys tell the server's side.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RunContext } from '../src/sdk/contract.ts';
import { ThresholdNarrator, fmt, plural } from '../src/sdk/narration.ts';
import { poll } from '../src/sdk/poll.ts';
import { commandStat, errorCount, readInfo } from '../src/sdk/redis/index.ts';
import {
  LOGGED_REASONS,
  REASONS,
  WATCHED_COMMANDS,
  appPatternRules,
  appUserRules,
  defaultUserRules,
  readAclLog,
  reasonOf,
  sumBy,
} from './acl.ts';
import type { Reason } from './acl.ts';
import type { AccessControlParams } from './params.ts';

const BILLING_KEYS = 5;
const SEED_VALUE = 'invoice-0';
const ITEMS = 200;
// Far more than the distinct refusals a run makes (repeats within a minute share an entry).
const ACL_LOG_MAX = 1000;
const ADMIN_COMMANDS: [string, ...string[]][] = [
  ['flushall'],
  ['keys', '*'],
  ['config', 'get', 'requirepass'],
];

interface Request {
  command: string;
  args: string[];
  /** Outside the app's own prefix: it should be refused. */
  outside: boolean;
  /** The other tenant's key this request writes, if it does. */
  writes?: string;
}

export async function runAccessControl(ctx: RunContext<AccessControlParams>): Promise<void> {
  const p = ctx.params;
  const appPrefix = `${ctx.names.key('app')}:`;
  const billing = Array.from({ length: BILLING_KEYS }, (_, i) => ctx.names.key('billing', i + 1));
  const opsChannel = ctx.names.key('ops');
  const adminPassword = randomBytes(16).toString('hex');
  const appPassword = randomBytes(16).toString('hex');
  const server = await ctx.privateRedis({
    users: [
      `default ${defaultUserRules(p).join(' ')}`,
      `admin on >${adminPassword} ~* &* +@all`,
      `app ${appUserRules(p, appPrefix, appPassword).join(' ')}`,
    ],
    login: { username: 'admin', password: adminPassword },
    config: { 'acllog-max-len': ACL_LOG_MAX },
  });
  const admin = await server.client();
  // Another tenant's data on the same instance, written by the admin (MSET: no app command).
  await admin.mset(...billing.flatMap((key) => [key, SEED_VALUE]));
  // From zero: the launcher's readiness PING, sent with no login, was already refused NOAUTH.
  await admin.call('ACL', 'LOG', 'RESET');
  await admin.call('CONFIG', 'RESETSTAT');
  ctx.event(
    `private Redis at ${server.address}: user app limited to ${p.appPatterns === 'everything' ? 'every key' : `${appPrefix}*`} ` +
      `and GET, SET, INCR, PUBLISH; default user ${p.defaultUser}`,
  );

  const m = {
    requests: ctx.metrics.counter('requests'),
    allowed: ctx.metrics.counter('allowed'),
    denied: ctx.metrics.counter('denied'),
    outOfScope: ctx.metrics.counter('outOfScope'),
    intruderIn: ctx.metrics.counter('intruderIn'),
    logins: ctx.metrics.counter('logins'),
    clientRefusals: ctx.metrics.gauge('clientRefusals'),
    aclLogged: ctx.metrics.gauge('aclLogged'),
    aclLogEntries: ctx.metrics.gauge('aclLogEntries'),
    allowedLatency: ctx.metrics.histogram('latency.allowed'),
    refusedLatency: ctx.metrics.histogram('latency.refused'),
  };
  const byReason = Object.fromEntries(
    REASONS.map((r) => [r, ctx.metrics.counter(`denied.${r}`)]),
  ) as Record<Reason, ReturnType<typeof ctx.metrics.counter>>;
  const narrated = new Set<string>();
  const once = (topic: string, say: () => void): void => {
    if (narrated.has(topic)) return;
    narrated.add(topic);
    say();
  };
  const refuse = (reason: Reason, who: string, error: Error): void => {
    m.denied.inc();
    byReason[reason].inc();
    once(reason, () => ctx.event(`${who} refused (${reason}): ${error.message}`));
  };

  ctx.onParamsChange((changed) => {
    // The server is the run's own: changing its users live is the point.
    if (changed.includes('appPatterns')) {
      const rules = appPatternRules(ctx.params, appPrefix);
      void admin.call('ACL', 'SETUSER', 'app', ...rules).catch(() => undefined);
      ctx.event(`ACL SETUSER app ${rules.join(' ')}`, { mark: true });
    }
    if (changed.includes('defaultUser')) {
      const rules = defaultUserRules(ctx.params);
      const off = ctx.params.defaultUser === 'off';
      // Disabling a user does not end the connections already logged in as it: kill them too.
      void admin
        .call('ACL', 'SETUSER', 'default', ...rules)
        .then(() => (off ? admin.call('CLIENT', 'KILL', 'USER', 'default') : undefined))
        .catch(() => undefined);
      ctx.event(
        `ACL SETUSER default ${rules.join(' ')}${off ? '; CLIENT KILL USER default' : ''}`,
        { mark: true },
      );
    }
  });

  let foreignWriteAttempts = 0;
  const foreignWritten = new Set<string>();
  let nextAdminCommand = 0;
  const pick = (): Request => {
    if (ctx.random.next() < ctx.params.mistakeRatio) {
      const kind = ctx.random.int(3);
      if (kind === 0) {
        const [command, ...args] = ADMIN_COMMANDS[nextAdminCommand++ % ADMIN_COMMANDS.length]!;
        return { command, args, outside: true };
      }
      if (kind === 1) {
        const key = billing[ctx.random.int(BILLING_KEYS)]!;
        if (ctx.random.next() < 0.5) return { command: 'get', args: [key], outside: true };
        return { command: 'set', args: [key, 'overwritten-by-app'], outside: true, writes: key };
      }
      return { command: 'publish', args: [opsChannel, 'restart-all'], outside: true };
    }
    const roll = ctx.random.next();
    const item = `${appPrefix}item:${1 + ctx.random.int(ITEMS)}`;
    if (roll < 0.6) return { command: 'get', args: [item], outside: false };
    if (roll < 0.8) return { command: 'set', args: [item, 'cart'], outside: false };
    if (roll < 0.95) return { command: 'incr', args: [`${appPrefix}visits`], outside: false };
    return { command: 'publish', args: [`${appPrefix}events`, 'order-placed'], outside: false };
  };

  const appPacer = ctx.pacer(() => ctx.params.opsPerSec);
  const appWorker = async (redis: Redis): Promise<void> => {
    while (await appPacer.wait()) {
      const request = pick();
      if (request.writes !== undefined) foreignWriteAttempts++;
      m.requests.inc();
      const started = performance.now();
      try {
        await redis.call(request.command, ...request.args);
        m.allowedLatency.record(performance.now() - started);
        m.allowed.inc();
        if (!request.outside) continue;
        m.outOfScope.inc();
        if (request.writes !== undefined) foreignWritten.add(request.writes);
        once('outside', () =>
          ctx.event(
            `the app ran ${request.command.toUpperCase()} ${request.args[0] ?? ''} outside its prefix: its patterns allow it`,
            { level: 'warn', mark: true },
          ),
        );
      } catch (error) {
        const reason = reasonOf(error as Error);
        if (reason === undefined) throw error;
        m.refusedLatency.record(performance.now() - started);
        refuse(reason, 'app', error as Error);
      }
    }
  };

  // Someone on the network with the address and no credentials: a read with no login (refused
  // NOAUTH while the default user is off), then a guessed password for default or app.
  const [host = '127.0.0.1', port = '0'] = server.address.split(':');
  const intruder = new Redis({
    host,
    port: Number(port),
    lazyConnect: true,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => 50,
  });
  intruder.on('error', () => {
    /* reported through the failing command */
  });
  const intrude = async (): Promise<void> => {
    await intruder.connect();
    const pacer = ctx.pacer(() => ctx.params.intruderPerSec);
    let guess = 0;
    while (await pacer.wait()) {
      m.logins.inc();
      const key = billing[ctx.random.int(BILLING_KEYS)]!;
      try {
        await intruder.get(key);
        m.intruderIn.inc();
        once('intruder', () =>
          ctx.event(`the intruder read ${key} with no password: the default user is open`, {
            level: 'warn',
            mark: true,
          }),
        );
        continue;
      } catch (error) {
        const reason = reasonOf(error as Error);
        if (reason === undefined) continue; // the connection dropped; try again next time
        refuse(reason, 'intruder', error as Error);
      }
      guess++;
      try {
        const password = `guess-${guess}`;
        await (guess % 2 ? intruder.auth(password) : intruder.auth('app', password));
      } catch (error) {
        const reason = reasonOf(error as Error);
        if (reason !== undefined) refuse(reason, 'intruder', error as Error);
      }
    }
  };

  const narrateLog = new ThresholdNarrator(10, (n) =>
    ctx.event(`ACL LOG holds ${plural(n, 'refusal')}; repeats of one refusal share an entry`),
  );
  const clientLogged = (): number => LOGGED_REASONS.reduce((s, r) => s + byReason[r].total, 0);
  const sample = async (): Promise<void> => {
    const seen = clientLogged();
    const entries = await readAclLog(admin, ACL_LOG_MAX);
    const logged = entries.reduce((s, e) => s + e.count, 0);
    m.clientRefusals.set(seen);
    m.aclLogged.set(logged);
    m.aclLogEntries.set(entries.length);
    narrateLog.observe(logged);
  };

  try {
    const apps = await Promise.all(
      Array.from({ length: p.connections }, () =>
        server.connect({ username: 'app', password: appPassword }),
      ),
    );
    await Promise.all([poll(sample, 500, ctx.signal), intrude(), ...apps.map(appWorker)]);

    // The load has stopped: the server's own account, then a fresh read of the other tenant.
    await sample();
    const entries = await readAclLog(admin, ACL_LOG_MAX);
    const sums = sumBy(entries, 'reason');
    for (const reason of LOGGED_REASONS) ctx.fact(`aclLog.${reason}`, sums[reason] ?? 0);
    ctx.fact('aclLogEntries', entries.length);
    ctx.fact('aclLogMax', ACL_LOG_MAX);
    const users = sumBy(entries, 'username');
    ctx.fact(
      'aclLogUsers',
      Object.entries(users)
        .map(([u, n]) => `${u} ${n}`)
        .join(', ') || 'none',
    );

    const info = await readInfo(admin, 'commandstats', 'errorstats');
    ctx.fact(
      'serverCalls',
      WATCHED_COMMANDS.reduce((s, c) => s + commandStat(info, c).calls, 0),
    );
    for (const kind of ['NOPERM', 'WRONGPASS', 'NOAUTH']) {
      ctx.fact(`errorstat.${kind}`, errorCount(info, kind));
    }

    const values = await admin.mget(...billing);
    const changed = values.filter((v) => v !== SEED_VALUE).length;
    ctx.fact('billingChanged', changed);
    ctx.fact('foreignWriteAttempts', foreignWriteAttempts);
    ctx.fact('foreignKeysWritten', foreignWritten.size);
    ctx.event(
      changed === 0
        ? `fresh read: the ${plural(BILLING_KEYS, 'billing key')} are as the admin wrote them`
        : `fresh read: ${fmt(changed)} of ${plural(BILLING_KEYS, 'billing key')} overwritten by the app`,
      { level: changed === 0 ? 'info' : 'warn' },
    );
  } finally {
    intruder.disconnect();
  }
}

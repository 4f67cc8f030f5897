// alice writes orders, bob reads them and now and then tries payroll, and someone guesses
// alice's password, all against a private broker whose authorizer denies what no ACL allows.
// Each client counts what it was allowed and refused; the final phase reads the broker's side.
import kafkajs from 'kafkajs';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { Throttle, fmt, plural } from '../src/sdk/narration.ts';
import { waitFor } from '../src/sdk/poll.ts';
import type { PrivateKafka, RunContext } from '../src/sdk/index.ts';
import type { AccessControlParams } from './params.ts';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

type Ctx = RunContext<AccessControlParams>;

const ALICE = { username: 'alice', password: 'alice-secret' };
const BOB = { username: 'bob', password: 'bob-secret' };

function acl(resourceType: number, resourceName: string, principal: string, operation: number) {
  return {
    resourceType,
    resourceName,
    resourcePatternType: ResourcePatternTypes.LITERAL,
    principal,
    host: '*',
    operation,
    permissionType: AclPermissionTypes.ALLOW,
  };
}

function errorType(error: unknown): string {
  const e = error as { type?: string; name?: string };
  return e.type ?? e.name ?? String(error);
}

export async function runAccessControl(ctx: Ctx): Promise<void> {
  ctx.phase('start broker');
  const started = performance.now();
  const kafka = await ctx.privateKafka({ users: [ALICE, BOB] });
  ctx.event(
    `private broker up in ${fmt((performance.now() - started) / 1000)} s: SASL/SCRAM on ${kafka.saslAddress}, no ACL means no access`,
    { mark: true },
  );
  const orders = ctx.names.topic('orders');
  const payroll = ctx.names.topic('payroll');
  const group = ctx.names.group('reports');
  const admin = await kafka.admin();
  await admin.createTopics({
    topics: [{ topic: orders }, { topic: payroll }],
    waitForLeaders: true,
  });
  await admin.createAcls({
    acl: [
      acl(AclResourceTypes.TOPIC, orders, 'User:alice', AclOperationTypes.WRITE),
      acl(AclResourceTypes.TOPIC, orders, 'User:bob', AclOperationTypes.READ),
      acl(AclResourceTypes.GROUP, group, 'User:bob', AclOperationTypes.READ),
    ],
  });
  ctx.event('ACLs: alice may WRITE orders; bob may READ orders in his group; nobody payroll');

  const grants = new PayrollGrant(ctx, admin, payroll);
  await grants.follow();
  ctx.onParamsChange((changed) => {
    if (changed.includes('grantPayroll')) void grants.follow();
  });

  ctx.phase('load');
  const consumed = ctx.metrics.counter('consumed');
  const reader = kafka.client(BOB).consumer({ groupId: group, maxWaitTimeInMs: 100 });
  await reader.connect();
  await reader.subscribe({ topics: [orders], fromBeginning: true });
  await reader.run({ eachMessage: async () => consumed.inc() });
  try {
    await Promise.all([
      writeOrders(ctx, kafka, orders),
      snoopPayroll(ctx, kafka.client(BOB, { retries: 0 }), payroll, group),
      guessPasswords(ctx, kafka),
      watchAuthorizer(ctx, kafka),
    ]);
    ctx.phase('verify');
    await grants.settled();
    const end = (await admin.fetchTopicOffsets(orders)).reduce((n, p) => n + Number(p.high), 0);
    await waitFor(() => consumed.total >= end, { withinMs: 5_000 });
    ctx.fact('ordersEnd', end);
    ctx.fact('deniedLines', kafka.deniedLines().length);
    ctx.fact('authFailureLines', kafka.authFailureLines().length);
  } finally {
    await reader.disconnect();
  }
}

/** Adds or deletes bob's READ on payroll to follow the live param, one change at a time. */
class PayrollGrant {
  private queue: Promise<void> = Promise.resolve();
  private granted = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly admin: Admin,
    private readonly payroll: string,
  ) {}

  follow(): Promise<void> {
    this.queue = this.queue.then(() => this.apply());
    return this.queue;
  }

  settled(): Promise<void> {
    return this.queue;
  }

  private async apply(): Promise<void> {
    const want = this.ctx.params.grantPayroll;
    if (want === this.granted) return;
    const entry = acl(AclResourceTypes.TOPIC, this.payroll, 'User:bob', AclOperationTypes.READ);
    if (want) await this.admin.createAcls({ acl: [entry] });
    else await this.admin.deleteAcls({ filters: [entry] });
    this.granted = want;
    this.ctx.event(want ? 'ACL added: bob may READ payroll' : 'ACL deleted: payroll is closed', {
      mark: true,
    });
  }
}

async function writeOrders(ctx: Ctx, kafka: PrivateKafka, orders: string): Promise<void> {
  const allowed = ctx.metrics.counter('allowed');
  const producer = kafka.client(ALICE).producer();
  await producer.connect();
  try {
    const pacer = ctx.pacer(() => ctx.params.writesPerSec);
    let n = 0;
    while (await pacer.wait()) {
      await producer.send({ topic: orders, acks: -1, messages: [{ value: `order-${++n}` }] });
      allowed.inc();
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * Each try: a new consumer of bob's subscribes to payroll (one Metadata request, which needs
 * DESCRIBE on the topic) and leaves without joining the group.
 */
async function snoopPayroll(ctx: Ctx, bob: Kafka, payroll: string, group: string) {
  const denied = ctx.metrics.counter('denied');
  const snoopsAllowed = ctx.metrics.counter('snoopsAllowed');
  const say = new Throttle(2_000);
  const pacer = ctx.pacer(() => ctx.params.snoopsPerSec);
  while (await pacer.wait()) {
    const consumer: Consumer = bob.consumer({ groupId: group, retry: { retries: 0 } });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [payroll] });
      snoopsAllowed.inc();
      if (say.allow('allowed')) ctx.event('bob subscribed to payroll: the ACL lets him');
    } catch (error) {
      if (errorType(error) !== 'TOPIC_AUTHORIZATION_FAILED') throw error;
      denied.inc();
      if (say.allow('denied')) {
        ctx.event(
          `bob refused payroll: TOPIC_AUTHORIZATION_FAILED (${plural(denied.total, 'refusal')})`,
        );
      }
    } finally {
      await consumer.disconnect();
    }
  }
}

async function guessPasswords(ctx: Ctx, kafka: PrivateKafka): Promise<void> {
  const authFailures = ctx.metrics.counter('authFailures');
  const say = new Throttle(2_000);
  const guesser = kafka.client({ username: ALICE.username, password: 'hunter2' }, { retries: 0 });
  const pacer = ctx.pacer(() => ctx.params.badLoginsPerSec);
  while (await pacer.wait()) {
    const client = guesser.admin();
    try {
      await client.connect();
      throw new Error('a wrong password was accepted');
    } catch (error) {
      if (errorType(error) !== 'KafkaJSSASLAuthenticationError') throw error;
      authFailures.inc();
      if (say.allow('refused')) {
        ctx.event(
          `wrong password for alice refused (${plural(authFailures.total, 'failed login')})`,
          'warn',
        );
      }
    } finally {
      await client.disconnect();
    }
  }
}

/** The broker's side, live: its log lines, charted next to the clients' counts. */
async function watchAuthorizer(ctx: Ctx, kafka: PrivateKafka): Promise<void> {
  const logged = ctx.metrics.gauge('deniedLogged');
  const failedLogins = ctx.metrics.gauge('authFailuresLogged');
  while (!ctx.signal.aborted) {
    logged.set(kafka.deniedLines().length);
    failedLogins.set(kafka.authFailureLines().length);
    await ctx.sleep(500);
  }
}

import type { Admin, Producer } from 'kafkajs';
import type { RunContext } from '../src/sdk/contract.ts';
import type { Counter } from '../src/sdk/index.ts';
import { FailureLatch, fmt, plural, waitFor, withDeadline } from '../src/sdk/index.ts';
import {
  PacedProducer,
  clusterAddresses,
  createTopic,
  describeAssignment,
  describeClassicGroup,
  describeConsumerGroup,
  groupMembership,
  newProducer,
  readLag,
  shortName,
  withRetries,
} from '../src/sdk/kafka/index.ts';
import type { BrokerGroupView, GroupMembership, MemberAssignment } from '../src/sdk/kafka/index.ts';
import { factKeys } from './facts.ts';
import { memberConsumedKey, partitionOwnerKey } from './metrics.ts';
import type { RebalancingParams } from './params.ts';
import { RebalanceWindow } from './rebalance-window.ts';

// Final phase, inside the 8 s finish budget: last sends, the coordinator's view once it has
// settled, members leaving (and committing), the committed offsets.
const PRODUCER_FINISH_MS = 500;
const SETTLE_WAIT_MS = 2500;
const MEMBERS_STOP_MS = 2000;
const FINAL_READ_MS = 1500;

export async function runRebalancing(ctx: RunContext<RebalancingParams>): Promise<void> {
  const { partitions, protocol } = ctx.params;
  const failure = new FailureLatch();
  const onError = (error: unknown): void => failure.fail(error);
  const topic = ctx.names.topic('events');
  const groupId = ctx.names.group('workers');
  const kafka = ctx.brokers.kafka();

  const produced = ctx.metrics.counter('produced');
  const consumed = ctx.metrics.counter('consumed');
  const rebalances = ctx.metrics.counter('rebalances');
  const revokedCounter = ctx.metrics.counter('partitionsRevoked');
  const movedCounter = ctx.metrics.counter('partitionsMoved');
  const pause = ctx.metrics.histogram('pauseMs');
  const membersGauge = ctx.metrics.gauge('members');
  const ownerGauges = Array.from({ length: partitions }, (_, n) =>
    ctx.metrics.gauge(partitionOwnerKey(n)),
  );
  const memberCounters = new Map<string, Counter>();
  const memberCounter = (name: string): Counter => {
    let counter = memberCounters.get(name);
    if (counter === undefined) {
      counter = ctx.metrics.counter(memberConsumedKey(memberNumber(name)));
      memberCounters.set(name, counter);
    }
    return counter;
  };

  let stopping = false;
  let crashedSoFar = 0;
  // When each member that stopped consuming for a rebalance stopped; its next record ends it.
  const stoppedAt = new Map<string, number>();
  let windowPauses: number[] = [];
  const crashedIds = new Set<string>();
  let group: GroupMembership | undefined;
  let admin: Admin | undefined;
  let producer: Producer | undefined;

  const windowOf = new RebalanceWindow(
    partitions,
    () => rebalances.inc(),
    ({ moved, causes, forming, groupGapMs }) => {
      const pauses = windowPauses;
      windowPauses = [];
      if (stopping) return;
      if (forming) {
        ctx.event(`the group formed: ${describeAssignment(group?.assignments() ?? [])}`);
        return;
      }
      movedCounter.inc(moved);
      const what = causes.length > 0 ? `${causes.join(', ')}: ` : '';
      const stood =
        pauses.length === 0
          ? 'no member stopped consuming'
          : `${plural(pauses.length, 'member')} stopped consuming, the longest for ${fmt(Math.round(Math.max(...pauses)))} ms`;
      ctx.event(
        `${what}rebalance ${rebalances.total} settled, ${describeAssignment(group?.assignments() ?? [])}; ${plural(moved, 'partition')} moved; ${stood}; the group as a whole went ${fmt(Math.round(groupGapMs))} ms at most without finishing a record`,
      );
    },
  );
  const showOwners = (members: readonly MemberAssignment[]): void => {
    const owner = new Array<number>(partitions).fill(0);
    for (const m of members) for (const p of m.partitions ?? []) owner[p] = memberNumber(m.name);
    owner.forEach((n, p) => ownerGauges[p]?.set(n));
    membersGauge.set(members.length);
  };

  try {
    admin = kafka.admin();
    await admin.connect();
    const bootstrapBrokers = await clusterAddresses(admin);
    ctx.resources.topic(topic);
    ctx.resources.group(groupId);
    await createTopic(admin, topic, partitions);

    const members = groupMembership({
      protocol: protocol === 'eager' ? 'classic-eager' : 'consumer',
      kafka,
      bootstrapBrokers,
      clientId: `pg-${ctx.runId}`,
      groupId,
      topic,
      // Range is the classic assignor the issue names; the new protocol keeps the broker's
      // default ("uniform"), which is sticky: it moves as little as it can.
      ...(protocol === 'eager' ? { assigner: 'range' as const } : {}),
      processingMs: () => ctx.params.processingMs,
      sleep: (ms) => ctx.sleep(ms),
      onProcessed: ({ member }) => {
        const now = performance.now();
        consumed.inc();
        memberCounter(member).inc();
        const since = stoppedAt.get(member);
        if (since !== undefined && !stopping) {
          stoppedAt.delete(member);
          pause.record(now - since);
          windowPauses.push(now - since);
        }
        windowOf.consumed(now);
      },
      onJoin: ({ member, partitions: held }) => {
        if (stopping) return;
        // A member left with nothing is idle, not paused: no record will end its stop.
        if (held.length === 0) stoppedAt.delete(member);
        const now = group?.assignments() ?? [];
        showOwners(now);
        windowOf.assigned(now, performance.now());
      },
      onRevoke: ({ member, partitions: given }) => {
        if (stopping || given.length === 0) return;
        // While the group forms, the broker's first steps hand partitions around; that is no
        // rebalance of a working group, so only later ones count.
        if (!windowOf.forming) revokedCounter.inc(given.length);
        // Eager members give up everything; a consumer-protocol member stops only when what it
        // gave up was all it had.
        const left = group?.assignments().find((m) => m.name === member)?.partitions ?? [];
        if (!windowOf.forming && (protocol === 'eager' || left.length === 0)) {
          stoppedAt.set(member, performance.now());
        }
        windowOf.begin(undefined, performance.now());
        ctx.event(`${shortName(member)} gives up [${given.join(',')}]`);
      },
      onMembership: (change) => {
        if (stopping) return;
        ctx.mark(change);
        windowOf.begin(change, performance.now());
      },
      onWarning: (message) => ctx.event(message, 'warn'),
      onError,
    });
    group = members;

    const resize = async (): Promise<void> => {
      await members.resize(Math.max(0, ctx.params.consumers - crashedSoFar));
      showOwners(members.assignments());
    };
    const crash = async (count: number): Promise<void> => {
      const live = members.assignments();
      for (const victim of live.slice(Math.max(0, live.length - count))) {
        if (victim.memberId !== undefined) crashedIds.add(victim.memberId);
      }
      crashedSoFar += count;
      await members.crash(count);
      showOwners(members.assignments());
      ctx.event(
        protocol === 'eager'
          ? 'a crashed member sends no leave request: its partitions wait until its 10 s session times out, then every member gives up everything'
          : 'a crashed member sends no leave request: its partitions wait until its 10 s session times out, then the broker hands only those on',
      );
    };

    ctx.event(
      `topic with ${plural(partitions, 'partition')}; group ${groupId} on the ${protocol === 'eager' ? 'classic protocol (eager, range assignor, kafkajs)' : 'consumer protocol (KIP-848, assigned by the broker, @platformatic/kafka)'} starts with ${plural(ctx.params.consumers, 'member')}`,
    );
    ctx.phase('forming');
    void resize().then(async () => {
      const formed = await waitFor(() => !windowOf.open || stopping, {
        withinMs: 15_000,
        signal: ctx.signal,
      });
      if (formed && !stopping) ctx.phase('load');
    });
    ctx.onParamsChange((changed) => {
      if (stopping) return;
      if (changed.includes('crashed')) {
        const more = ctx.params.crashed - crashedSoFar;
        if (more > 0) void crash(more);
        else if (more < 0) ctx.event('a crashed member stays crashed; add members with consumers');
      }
      if (changed.includes('consumers')) void resize();
    });

    producer = newProducer(kafka);
    await producer.connect();
    const paced = new PacedProducer({ producer, topic, partitions, acked: produced, onError });
    await paced.run(
      ctx.pacer(() => ctx.params.producePerSec),
      ctx.signal,
      failure.failed,
    );
    failure.check();

    stopping = true;
    await paced.finish(PRODUCER_FINISH_MS);
    const describe = (): Promise<BrokerGroupView> =>
      protocol === 'eager'
        ? describeClassicGroup(admin as Admin, groupId, topic)
        : describeConsumerGroup(bootstrapBrokers, groupId, topic);
    let view: BrokerGroupView | undefined;
    await waitFor(
      async () => {
        view = await describe().catch(() => undefined);
        return view !== undefined && view.stable && sameView(view, members.assignments());
      },
      { withinMs: SETTLE_WAIT_MS, everyMs: 150 },
    );
    recordAssignmentFacts(ctx, view, members.assignments(), crashedIds);

    await members.stopAll(MEMBERS_STOP_MS);
    failure.check();
    const lagAdmin = admin;
    const final = await withDeadline(
      withRetries(() => readLag(lagAdmin, topic, groupId), { tries: 3, delayMs: 150 }),
      FINAL_READ_MS,
      'final offsets read',
    );
    const next = members.nextOffsets();
    for (const p of final.partitions) {
      ctx.fact(factKeys.membersNext(p.partition), next.get(p.partition) ?? 0);
      ctx.fact(factKeys.brokerCommitted(p.partition), p.committed ?? -1);
    }
    ctx.event(
      `final: ${fmt(rebalances.total)} rebalances gave up ${fmt(revokedCounter.total)} partitions to move ${fmt(movedCounter.total)}`,
    );
  } finally {
    stopping = true;
    await group?.stopAll(MEMBERS_STOP_MS);
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }
  failure.check();
}

const memberNumber = (name: string): number => Number(/(\d+)$/.exec(name)?.[1] ?? 0);

/** "c1→0,1 c2→2": live members by name, sorted, so two views compare as strings. */
function membersLine(members: readonly MemberAssignment[]): string {
  return members
    .map((m) => `${shortName(m.name)}→${(m.partitions ?? []).join(',')}`)
    .sort()
    .join(' ');
}

/** The coordinator's view in the members' names; an id no live member has shows as such. */
function brokerLine(view: BrokerGroupView, members: readonly MemberAssignment[]): string {
  const names = new Map(members.map((m) => [m.memberId, m.name]));
  return view.members
    .map((m) => {
      const name = names.get(m.memberId);
      return `${name === undefined ? `unknown(${m.memberId.slice(0, 8)})` : shortName(name)}→${m.partitions.join(',')}`;
    })
    .sort()
    .join(' ');
}

const sameView = (view: BrokerGroupView, members: readonly MemberAssignment[]): boolean =>
  brokerLine(view, members) === membersLine(members);

function recordAssignmentFacts(
  ctx: RunContext<RebalancingParams>,
  view: BrokerGroupView | undefined,
  members: readonly MemberAssignment[],
  crashedIds: ReadonlySet<string>,
): void {
  ctx.fact(factKeys.membersAssignment, membersLine(members));
  if (view === undefined) return;
  ctx.fact(factKeys.brokerAssignment, brokerLine(view, members));
  ctx.fact(factKeys.brokerStable, view.stable);
  ctx.fact(
    factKeys.brokerListsCrashed,
    view.members.filter((m) => crashedIds.has(m.memberId)).length,
  );
}

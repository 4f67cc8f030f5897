// Both group protocols behind one surface, on the live broker: assignments the members hold
// match what the coordinator describes, and the consumer protocol gives up only what moves.
import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteResources } from '../../engine/index.ts';
import { addressesFromEnv, expectGoneFromBrokers } from '../../testing/index.ts';
import { createNames } from '../names.ts';
import { waitFor } from '../poll.ts';
import type { RunResources } from '../spec.ts';
import { assignmentSettled } from './assignment.ts';
import type { MemberAssignment } from './assignment.ts';
import { clusterAddresses, describeClassicGroup, describeConsumerGroup } from './describe-group.ts';
import type { BrokerGroupView, GroupProtocol } from './describe-group.ts';
import type { GroupRevoke } from './group-members.ts';
import { groupMembership } from './membership.ts';
import { rangeAssignment } from './range-assigner.ts';
import { createTopic } from './topic.ts';

const names = createNames(`kitm${Date.now().toString(36)}`);
const topic = names.topic('members');
const groups = { 'classic-eager': names.group('eager'), consumer: names.group('consumer') };
const resources: RunResources = {
  redisKeyPrefix: names.keyPrefix,
  queues: [],
  exchanges: [],
  topics: [topic],
  groups: Object.values(groups),
};
const PARTITIONS = 4;

const addresses = addressesFromEnv();
const kafka = new Kafka({
  clientId: 'kafka-membership-test',
  brokers: addresses.kafkaBrokers,
  logLevel: logLevel.NOTHING,
});
let admin: Admin;
let bootstrap: string[];

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  bootstrap = await clusterAddresses(admin);
  await createTopic(admin, topic, PARTITIONS);
});

afterAll(async () => {
  await admin.disconnect();
  const report = await deleteResources(resources, addresses);
  expect(report.errors).toEqual([]);
  await expectGoneFromBrokers({ resources });
});

/** memberId → partitions, as the members believe and as the coordinator describes. */
const byMember = (members: readonly MemberAssignment[]): string =>
  members
    .map((m) => `${m.memberId ?? m.name}→${(m.partitions ?? []).join(',')}`)
    .sort()
    .join(' ');
const described = (view: BrokerGroupView): string =>
  view.members
    .map((m) => `${m.memberId}→${m.partitions.join(',')}`)
    .sort()
    .join(' ');

describe('rangeAssignment', () => {
  it('deals consecutive partitions, the first members one more', () => {
    expect(Object.fromEntries(rangeAssignment(['b', 'a', 'c'], 7))).toEqual({
      a: [0, 1, 2],
      b: [3, 4],
      c: [5, 6],
    });
    expect(rangeAssignment(['a', 'b'], 1).get('b')).toEqual([]);
  });
});

describe.each<GroupProtocol>(['classic-eager', 'consumer'])('%s members', (protocol) => {
  it('hold what the coordinator describes, before and after a member joins', async () => {
    const revokes: GroupRevoke[] = [];
    const errors: unknown[] = [];
    const members = groupMembership({
      protocol,
      kafka,
      bootstrapBrokers: bootstrap,
      clientId: 'kafka-membership-test',
      groupId: groups[protocol],
      topic,
      // The consumer protocol keeps the broker's default, the sticky "uniform" assignor.
      ...(protocol === 'consumer' ? {} : { assigner: 'range' as const }),
      onRevoke: (r) => revokes.push(r),
      onError: (e) => errors.push(e),
    });
    const describe = (): Promise<BrokerGroupView> =>
      protocol === 'consumer'
        ? describeConsumerGroup(bootstrap, groups[protocol], topic)
        : describeClassicGroup(admin, groups[protocol], topic);
    const agreed = async (count: number): Promise<boolean> => {
      const mine = members.assignments();
      if (mine.length !== count || !assignmentSettled(mine, PARTITIONS)) return false;
      const view = await describe();
      return view.stable && described(view) === byMember(mine);
    };
    try {
      await members.resize(2);
      expect(await waitFor(() => agreed(2), { withinMs: 8000, everyMs: 100 })).toBe(true);
      const owners = (): string[] => {
        const owner: string[] = [];
        for (const m of members.assignments())
          for (const p of m.partitions ?? []) owner[p] = m.name;
        return owner;
      };
      const before = owners();
      revokes.length = 0;
      await members.add();
      expect(await waitFor(() => agreed(3), { withinMs: 8000, everyMs: 100 })).toBe(true);
      const revoked = revokes.flatMap((r) => r.partitions).length;
      const after = owners();
      const moved = after.filter((owner, p) => owner !== before[p]).length;
      if (protocol === 'consumer') {
        // Only what moves is given up, and the sticky assignor moves only the newcomer's share.
        const newcomer = members.assignments()[2]?.partitions ?? [];
        expect(newcomer.length).toBeGreaterThan(0);
        expect(moved).toBe(newcomer.length);
        expect(revoked).toBe(moved);
      } else {
        // Eager: every member gives up everything it held, moving or not.
        expect(revoked).toBe(PARTITIONS);
        expect(moved).toBeLessThan(PARTITIONS);
      }
      expect(errors).toEqual([]);
    } finally {
      await members.stopAll(3000);
    }
  }, 20_000);
});

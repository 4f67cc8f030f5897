// The arithmetic a learner needs to read the lag chart: how much of the produced rate the group
// can handle, given who holds which partitions.
import type { MemberAssignment } from '../src/sdk/kafka/index.ts';
import { countMembers, shortName } from '../src/sdk/kafka/index.ts';

export interface GroupCapacity {
  /** Messages per second the group gets through, given who holds what. */
  handled: number;
  /** Per partition: producePerSec / partitions. */
  perPartition: number;
  /** Per member: 1000 / processingMs (Infinity when processing takes no time). */
  perMember: number;
  /** Members that receive more than they can handle. */
  overloaded: string[];
}

/**
 * Each partition receives an equal share of the produced rate; a member handles at most
 * 1000 / processingMs msg/s however many partitions it holds. Partitions nobody holds are not
 * consumed at all.
 */
export function groupCapacity(
  members: readonly MemberAssignment[],
  producePerSec: number,
  partitions: number,
  processingMs: number,
): GroupCapacity {
  const perPartition = producePerSec / partitions;
  const perMember = processingMs > 0 ? 1000 / processingMs : Number.POSITIVE_INFINITY;
  let handled = 0;
  const overloaded: string[] = [];
  for (const m of members) {
    const arriving = perPartition * (m.partitions?.length ?? 0);
    if (arriving > perMember) overloaded.push(m.name);
    handled += Math.min(arriving, perMember);
  }
  return { handled, perPartition, perMember, overloaded };
}

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** One sentence: capacity against the produced rate, and what that does to the lag. */
export function capacityStory(
  members: readonly MemberAssignment[],
  producePerSec: number,
  partitions: number,
  processingMs: number,
): string {
  const c = groupCapacity(members, producePerSec, partitions, processingMs);
  const { active } = countMembers(members);
  const each =
    processingMs > 0
      ? `each member handles 1000 / ${processingMs} = ${fmt(c.perMember)} msg/s`
      : 'members take no time per message';
  const parts = `each partition gets ${producePerSec} / ${partitions} = ${fmt(c.perPartition)} msg/s`;
  const uneven =
    c.overloaded.length > 0 && c.overloaded.length < active
      ? ` (${c.overloaded.map(shortName).join(', ')} ${c.overloaded.length === 1 ? 'gets' : 'get'} more than that)`
      : '';
  const gap = producePerSec - c.handled;
  const verdict =
    gap > 0.05
      ? `so lag grows by ${fmt(gap)} msg/s`
      : active === 0
        ? 'so nothing is consumed'
        : 'so the group keeps up and any lag drains';
  return `${parts}; ${each}${uneven}: the group handles ${fmt(c.handled)} of ${producePerSec} msg/s, ${verdict}`;
}

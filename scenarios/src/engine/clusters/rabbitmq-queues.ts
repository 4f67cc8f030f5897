// Reads `rabbitmqctl list_queues -q --no-table-headers name type leader members pid`: one queue a
// line, tab-separated. The JSON formatter prints a classic queue's pid as `#PID<12767.1136.0>`,
// which hides its node; the table prints `<node@host.creation.id.serial>`, which names it.
import type { RabbitmqClusterQueue } from '../../sdk/index.ts';

export const LIST_QUEUES_ARGS = [
  'list_queues',
  '-q',
  '--no-table-headers',
  'name',
  'type',
  'leader',
  'members',
  'pid',
] as const;

/** `<playground-private-1@localhost.1796089755.1591.0>` → `playground-private-1@localhost`. */
export function pidNode(pid: string): string | undefined {
  return /^<(.+@.+)\.\d+\.\d+\.\d+>$/.exec(pid.trim())?.[1];
}

function memberList(members: string): string[] {
  const inner = /^\[(.*)\]$/.exec(members.trim())?.[1] ?? '';
  return inner
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m.length > 0);
}

/** The queues listed, with Erlang node names mapped to the cluster's (`rabbitmq-2`). */
export function parseClusterQueues(
  table: string,
  nodeOf: (erlangName: string) => string | undefined,
): RabbitmqClusterQueue[] {
  return table
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const [name = '', type = '', leader = '', members = '', pid = ''] = line.split('\t');
      // 3.10 names a classic queue whose node is down by its module, rabbit_classic_queue.
      const kind = type === 'rabbit_classic_queue' ? 'classic' : type;
      const leaderErlang = leader.trim() || pidNode(pid);
      return {
        name,
        type: kind,
        leader: leaderErlang ? nodeOf(leaderErlang) : undefined,
        members: memberList(members).flatMap((m) => nodeOf(m) ?? []),
      };
    });
}

// The client's redirect counts against the nodes' own error counters, the reshard's plan against
// the cluster's view of the slots, the tag demonstration against the nodes' refusals, and the
// slots of a killed primary against what its replica serves afterwards.
import type { CheckSpec } from '../src/sdk/contract.ts';
import { notApplicable } from '../src/sdk/contract.ts';
import { factKeys } from './metrics.ts';
import type { RedisClusterParams } from './params.ts';

export const redisClusterChecks: CheckSpec<RedisClusterParams>[] = [
  {
    id: 'redirects-match-nodes',
    description:
      'The MOVED and ASK redirects the client followed are the MOVED and ASK replies the nodes counted (INFO errorstats)',
    evaluate({ params, facts }) {
      if (params.reshardAtSec === 0) return notApplicable('no reshard (reshardAtSec is 0)');
      if (facts[factKeys.serverMoved] === undefined) {
        return notApplicable('the reshard did not finish with every node answering');
      }
      const client = [Number(facts[factKeys.clientMoved]), Number(facts[factKeys.clientAsk])];
      const server = [Number(facts[factKeys.serverMoved]), Number(facts[factKeys.serverAsk])];
      if (client[0]! + client[1]! + server[0]! + server[1]! === 0) {
        return notApplicable('no operation met a moving slot');
      }
      return {
        passed: client[0] === server[0] && client[1] === server[1],
        detail: `client MOVED ${client[0]}, ASK ${client[1]}; nodes MOVED ${server[0]}, ASK ${server[1]}`,
      };
    },
  },
  {
    id: 'reshard-moved-the-slots',
    description:
      "Every slot the reshard moved is owned by the target in the cluster's own view, its keys there and none left on the source",
    evaluate({ params, facts }) {
      if (params.reshardAtSec === 0) return notApplicable('no reshard (reshardAtSec is 0)');
      if (facts[factKeys.slotsPlanned] === undefined) {
        return notApplicable('the run ended before the reshard finished');
      }
      const planned = Number(facts[factKeys.slotsPlanned]);
      if (planned === 0) return notApplicable("no user's slot was on the source");
      const owned = Number(facts[factKeys.slotsOwnedByTarget]);
      const left = Number(facts[factKeys.keysLeftOnSource]);
      const migrated = Number(facts[factKeys.keysMigrated]);
      const there = Number(facts[factKeys.keysOnTarget]);
      return {
        passed: owned === planned && left === 0 && there >= migrated,
        detail: `${owned} of ${planned} slots owned by the target; ${migrated} keys migrated, ${there} there now, ${left} left on the source`,
      };
    },
  },
  {
    id: 'tags-keep-keys-together',
    description:
      "A MULTI on one hash tag's keys runs, and a multi-key command without a tag is refused with CROSSSLOT, as the nodes' own CROSSSLOT count confirms",
    evaluate({ facts }) {
      if (facts[factKeys.tagTransaction] === undefined) {
        return { passed: false, detail: 'the run ended before the tag demonstration' };
      }
      const tx = facts[factKeys.tagTransaction] === true;
      const refused = facts[factKeys.crossSlotClient] === true;
      const server = Number(facts[factKeys.crossSlotServer] ?? 0);
      return {
        passed: tx && refused && server >= 1,
        detail: `MULTI on {user:1} ${tx ? 'ran' : 'failed'}; untagged MSET ${refused ? 'refused' : 'accepted'} by the client's account; the nodes counted ${server} CROSSSLOT`,
      };
    },
  },
  {
    id: 'replica-took-over',
    description:
      'After a primary is killed, its replica reports itself master and serves every slot the primary had, and the cluster reports ok',
    evaluate({ params, facts }) {
      if (params.killAtSec === 0) return notApplicable('no kill (killAtSec is 0)');
      if (facts[factKeys.killed] === undefined)
        return notApplicable('the run ended before the kill');
      if (facts[factKeys.replicaOfKilled] === undefined) {
        return notApplicable(`${String(facts[factKeys.killed])} had no replica when it was killed`);
      }
      const had = Number(facts[factKeys.killedSlots]);
      const serves = Number(facts[factKeys.promotedSlots]);
      const role = String(facts[factKeys.promotedRole]);
      const state = String(facts[factKeys.clusterState]);
      return {
        passed: role === 'master' && serves === had && had > 0 && state === 'ok',
        detail: `${String(facts[factKeys.killed])} had ${had} slots; ${String(facts[factKeys.replicaOfKilled])} reports ${role}, serves ${serves}; cluster_state ${state}`,
      };
    },
  },
];

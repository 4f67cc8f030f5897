// The faults the run scripts: the leader killed at killAtSec into the load, and started again
// restartAfterSec after the new leaders are in place.
import type { KafkaCluster, RunContext } from '../src/sdk/contract.ts';
import { fmt } from '../src/sdk/narration.ts';
import { waitFor } from '../src/sdk/poll.ts';
import { factKeys } from './facts.ts';
import { underReplicated } from './metadata-watch.ts';
import type { MetadataWatch } from './metadata-watch.ts';
import type { KafkaReplicationParams } from './params.ts';

type Ctx = RunContext<KafkaReplicationParams>;

/** The kill, scripted at killAtSec into the load, and the restart after the election. */
export class FaultScript {
  killAtMs: number | undefined;
  private restartBegan: number | undefined;
  private restartDone = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly cluster: KafkaCluster,
    private readonly watch: MetadataWatch,
  ) {}

  async killLeader(topic: string): Promise<void> {
    const before = await this.watch.read();
    const leader = before.get(topic)?.[0]?.leader ?? -1;
    if (leader < 0) throw new Error(`${topic} partition 0 has no leader to kill`);
    const node = this.cluster.nodeName(leader);
    await this.ctx.faults.act(node, 'kill');
    const at = this.ctx.elapsedMs();
    this.killAtMs = at;
    this.watch.killed(leader, at, before);
    this.ctx.fact(factKeys.killedNode, leader);
    this.ctx.fact(factKeys.killAtMs, at);
    // Counted from the election, not the kill: a node back before the controller has fenced it
    // would never show the ISR shrink (and the election takes 3 s, or 6 s when the killed node
    // was also the active controller).
    const after = this.ctx.params.restartAfterSec;
    if (after > 0) {
      this.watch.onElected = (electedAt) =>
        this.ctx.faults.at(electedAt / 1000 + after, () => this.restart(node));
    }
  }

  private async restart(node: string): Promise<void> {
    const began = this.ctx.elapsedMs();
    this.restartBegan = began;
    this.watch.restarted(began);
    this.ctx.fact(factKeys.restartedAtMs, began);
    await this.ctx.faults.act(node, 'restart');
    this.restartDone = true;
    this.ctx.event(
      `${node} registered again ${fmt(this.ctx.elapsedMs() - began)} ms after its restart began; its replicas catch up from the new leaders`,
    );
  }

  /** After a restart that finished during the load: waits for every ISR to be full again. */
  async restored(withinMs: number): Promise<void> {
    if (this.restartBegan === undefined || !this.restartDone) return;
    let full = false;
    await waitFor(
      async () => {
        // A node still settling may fail a request: ask again on the next turn.
        full = await this.watch.read().then(
          (states) => underReplicated(states) === 0,
          () => false,
        );
        return full;
      },
      { withinMs, everyMs: 200 },
    );
    this.ctx.fact(factKeys.isrFull, full);
  }
}

// Each check holds what the publisher counted against what RabbitMQ reports: the depth of each
// mode's queue (nobody consumes it) against the confirms, and the restarted node's own queues,
// read back message by message, against what it had confirmed before the SIGKILL.
import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { MODES } from './params.ts';
import type { PublisherConfirmsParams } from './params.ts';

type Run = FinishedRun<PublisherConfirmsParams>;

const CONFIRM_MODES = MODES.filter((m) => m !== 'fire-and-forget');

function crashPremise(run: Run): string | undefined {
  if (!run.params.crash) return 'the crash test is off (crash = false)';
  if (run.facts.crashRan !== true) return 'the run ended before the crash test';
  return undefined;
}

export const publisherConfirmsChecks: CheckSpec<PublisherConfirmsParams>[] = [
  {
    id: 'confirmed-in-queue',
    description:
      "In every mode with confirms, RabbitMQ's own count of the mode's queue equals the messages it confirmed",
    evaluate(run) {
      const ran = CONFIRM_MODES.filter((m) => numberFact(run, `confirmed.${m}`) !== undefined);
      if (ran.length === 0) return notApplicable('no mode with confirms ran before the run ended');
      const parts = ran.map((m) => {
        const confirmed = numberFact(run, `confirmed.${m}`) ?? 0;
        const depth = numberFact(run, `depth.${m}`) ?? -1;
        return {
          m,
          ok: confirmed === depth,
          text: `${m}: ${confirmed} confirmed, ${depth} queued`,
        };
      });
      return { passed: parts.every((x) => x.ok), detail: parts.map((x) => x.text).join('; ') };
    },
  },
  {
    id: 'confirmed-persistent-survived',
    description:
      'Every persistent message on a durable queue that the node confirmed before SIGKILL is read back from it after the restart',
    evaluate(run) {
      const off = crashPremise(run);
      if (off) return notApplicable(off);
      const confirmed = numberFact(run, 'persistentConfirmed') ?? 0;
      if (confirmed === 0)
        return notApplicable('the node confirmed no persistent message before the kill');
      const found = numberFact(run, 'persistentConfirmedFound') ?? 0;
      const extra = numberFact(run, 'persistentUnconfirmedFound') ?? 0;
      return {
        passed: found === confirmed,
        detail: `${confirmed} confirmed before the kill, ${found} of them read back (the node held ${numberFact(run, 'persistentDepthAfter') ?? 0}; ${extra} more were never confirmed yet survived)`,
      };
    },
  },
  {
    id: 'transient-lost',
    description:
      'Transient messages do not survive the SIGKILL even when confirmed: the restarted node reports their queue empty',
    evaluate(run) {
      const off = crashPremise(run);
      if (off) return notApplicable(off);
      const confirmed = numberFact(run, 'transientConfirmed') ?? 0;
      if (confirmed === 0)
        return notApplicable('the node confirmed no transient message before the kill');
      const depth = numberFact(run, 'transientDepthAfter') ?? -1;
      const found = numberFact(run, 'transientConfirmedFound') ?? 0;
      return {
        passed: depth === 0 && found === 0,
        detail: `${confirmed} transient messages confirmed before the kill; the restarted node holds ${depth}, ${found} of them read back`,
      };
    },
  },
];

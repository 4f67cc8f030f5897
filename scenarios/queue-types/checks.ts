// Each check holds what the consumers received against what RabbitMQ said: its publisher
// confirms, the depth it reports at the end, and the offsets it gave the stream's messages.
import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckSpec } from '../src/sdk/contract.ts';
import { QUEUE_TYPES } from './metrics.ts';
import type { QueueTypesParams } from './params.ts';

const ENDED_EARLY = {
  passed: false,
  detail: 'the run ended before the final count (confirms, catch-up, queue depths)',
};
const NOTHING_CONFIRMED = 'RabbitMQ confirmed no message (rate 0), so none was owed';

export const queueTypesChecks: CheckSpec<QueueTypesParams>[] = [
  {
    id: 'every-confirmed-message-consumed',
    description:
      'Each queue type’s consumer received every message RabbitMQ confirmed into it, once: none missing, none twice, none redelivered',
    evaluate(run) {
      const confirmed = QUEUE_TYPES.map((t) => numberFact(run, `confirmed.${t}`));
      if (confirmed.some((c) => c === undefined)) return ENDED_EARLY;
      if (confirmed.every((c) => c === 0)) return notApplicable(NOTHING_CONFIRMED);
      const parts: string[] = [];
      let off = false;
      for (const type of QUEUE_TYPES) {
        const owed = numberFact(run, `confirmed.${type}`) ?? 0;
        const got = run.summary[`throughput.${type}`] ?? 0;
        const missing = numberFact(run, `missing.${type}`) ?? 0;
        const twice =
          (numberFact(run, `duplicates.${type}`) ?? 0) +
          (numberFact(run, `redelivered.${type}`) ?? 0);
        if (missing > 0 || twice > 0 || got !== owed) off = true;
        parts.push(
          `${type} ${got} of ${owed}` +
            (missing > 0 ? ` (${missing} missing)` : '') +
            (twice > 0 ? ` (${twice} twice)` : ''),
        );
      }
      return { passed: !off, detail: `delivered / confirmed: ${parts.join(', ')}` };
    },
  },
  {
    id: 'queues-hold-only-the-unconsumed',
    description:
      'RabbitMQ’s count of what the classic and quorum queues still hold = what their consumers lack: a consumed, acked message is gone from them (the stream keeps it, as the replay shows)',
    evaluate(run) {
      const owed =
        (numberFact(run, 'confirmed.classic') ?? 0) + (numberFact(run, 'confirmed.quorum') ?? 0);
      const parts: string[] = [];
      let off = false;
      for (const type of ['classic', 'quorum'] as const) {
        const depth = numberFact(run, `depth.${type}`);
        const missing = numberFact(run, `missing.${type}`);
        if (depth === undefined || missing === undefined) return ENDED_EARLY;
        if (depth !== missing) off = true;
        parts.push(`${type} holds ${depth}, its consumer lacks ${missing}`);
      }
      if (owed === 0) return notApplicable(NOTHING_CONFIRMED);
      return { passed: !off, detail: `at the end, by RabbitMQ: ${parts.join('; ')}` };
    },
  },
  {
    id: 'replay-from-offset',
    description:
      'The replay consumer got every confirmed message from its start offset on, once and in order, by the offsets RabbitMQ gave them: the stream kept what the first consumer had read',
    evaluate(run) {
      const started = run.facts.replayStarted;
      const confirmed = numberFact(run, 'confirmed.stream');
      const count = numberFact(run, 'replayCount');
      if (started === undefined || confirmed === undefined || count === undefined)
        return ENDED_EARLY;
      if (started !== true)
        return notApplicable('the run stopped before the replay consumer attached (halfway)');
      const from = run.params.replayFromOffset;
      if (from >= confirmed) {
        return notApplicable(
          `the stream never reached offset ${from} (RabbitMQ confirmed ${confirmed} messages), so there was nothing to replay`,
        );
      }
      const first = numberFact(run, 'replayFirstOffset') ?? -1;
      const last = numberFact(run, 'replayLastOffset') ?? -1;
      const outOfOrder = numberFact(run, 'replayOutOfOrder') ?? 0;
      const wrongSeq = numberFact(run, 'replayWrongSeq') ?? 0;
      const expected = confirmed - from;
      const problems = [
        first !== from ? `it started at offset ${first}` : '',
        outOfOrder > 0 ? `${outOfOrder} offsets out of order` : '',
        wrongSeq > 0 ? `${wrongSeq} bodies not at their offset` : '',
      ].filter((p) => p !== '');
      return {
        passed: count === expected && problems.length === 0,
        detail:
          `replayed ${count} messages, offsets ${first} … ${last}; expected ${confirmed} confirmed − ${from} = ${expected}` +
          (problems.length > 0 ? `; ${problems.join(', ')}` : ''),
      };
    },
  },
];

// Each check holds what RabbitMQ did (the deliveries out of each queue, its returns, what its
// alternate exchange caught, the depths it reports at the end) against where the rules in
// matcher.ts say each confirmed message should have gone, computed without the broker.
import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckResult, CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { bindingSet } from './bindings.ts';
import type { RoutingParams } from './params.ts';

type Run = FinishedRun<RoutingParams>;

const ENDED_EARLY = 'the run ended before the final count (confirms, prediction, queue depths)';

/** The confirmed count, or the verdict when there is nothing to judge. */
function confirmedOrVerdict(run: Run): number | CheckResult {
  const confirmed = numberFact(run, 'confirmedCount');
  if (confirmed === undefined) return { passed: false, detail: ENDED_EARLY };
  if (confirmed === 0) return notApplicable('RabbitMQ confirmed no message (publisher paused)');
  return confirmed;
}

export const routingChecks: CheckSpec<RoutingParams>[] = [
  {
    id: 'queues-match-the-rules',
    description:
      'Each queue received exactly the confirmed messages the binding rules send it (message by message, none twice), and what it had not delivered RabbitMQ still held',
    evaluate(run) {
      const confirmed = confirmedOrVerdict(run);
      if (typeof confirmed !== 'number') return confirmed;
      const parts: string[] = [];
      let passed = true;
      for (const { id } of bindingSet(run.params)) {
        const predicted = numberFact(run, `predicted.${id}`);
        const received = numberFact(run, `received.${id}`);
        const missing = numberFact(run, `missing.${id}`);
        const unexpected = numberFact(run, `unexpected.${id}`);
        const depth = numberFact(run, `depth.${id}`);
        const duplicates = numberFact(run, `duplicates.${id}`) ?? 0;
        if ([predicted, received, missing, unexpected, depth].includes(undefined)) {
          return { passed: false, detail: ENDED_EARLY };
        }
        const bad = missing !== depth || (unexpected ?? 0) > 0 || duplicates > 0;
        if (bad) passed = false;
        let line = `${id}: ${received} received, ${predicted} predicted`;
        if (bad) {
          line += ` (${missing} predicted but not received while RabbitMQ held ${depth}; ${unexpected} received but not predicted; ${duplicates} twice)`;
        }
        parts.push(line);
      }
      return { passed, detail: `${confirmed} confirmed; ${parts.join('; ')}` };
    },
  },
  {
    id: 'unroutable-accounted',
    description:
      'The messages no binding matches are exactly those RabbitMQ returned (mandatory) or its alternate exchange caught',
    evaluate(run) {
      if (run.params.unroutable === 'drop') {
        return notApplicable(
          'unroutable messages are dropped silently: RabbitMQ reports nothing to compare with the rules',
        );
      }
      const confirmed = confirmedOrVerdict(run);
      if (typeof confirmed !== 'number') return confirmed;
      const predicted = numberFact(run, 'predictedUnroutable');
      const reported = numberFact(run, 'reportedUnroutable');
      const missing = numberFact(run, 'missingUnroutable');
      const unexpected = numberFact(run, 'unexpectedUnroutable');
      if ([predicted, reported, missing, unexpected].includes(undefined)) {
        return { passed: false, detail: ENDED_EARLY };
      }
      // Caught messages not yet consumed are still in the unrouted queue; returns are not queued.
      const held =
        run.params.unroutable === 'alternate-exchange' ? numberFact(run, 'depth.unrouted') : 0;
      const how =
        run.params.unroutable === 'return'
          ? 'returned by RabbitMQ'
          : 'caught by the alternate exchange';
      const passed = missing === held && unexpected === 0;
      return {
        passed,
        detail:
          `${predicted} of ${confirmed} match no binding by the rules; ${reported} ${how}` +
          (passed
            ? ''
            : ` (${missing} predicted but not reported, ${unexpected} reported but not predicted)`),
      };
    },
  },
  {
    id: 'one-copy-per-queue',
    description:
      'A message matching two bindings of one queue lands in it once: no queue delivered a message twice',
    evaluate(run) {
      const overlapping = numberFact(run, 'overlapping');
      const duplicates = numberFact(run, 'duplicates');
      if (overlapping === undefined || duplicates === undefined) {
        return { passed: false, detail: ENDED_EARLY };
      }
      if (overlapping === 0) {
        return notApplicable(
          'no confirmed message matched two bindings of the same queue with these bindings',
        );
      }
      return {
        passed: duplicates === 0,
        detail: `${overlapping} messages matched two bindings of one queue; the queues delivered ${duplicates} message${duplicates === 1 ? '' : 's'} twice`,
      };
    },
  },
];

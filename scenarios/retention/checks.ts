import type { CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { notApplicable } from '../src/sdk/contract.ts';
import { MAX_JUMPS_RECORDED, jumpFact, numberList } from './facts.ts';
import type { RetentionParams } from './params.ts';

const ENDED_EARLY = 'the run ended before Kafka was asked for its final offsets';
// How long after retention.ms a closed segment may still stand: the broker looks once a second,
// and the segment holding a record closes up to segment.ms after it (at the next write).
const DELETION_SLACK_MS = 3000;
// A record's timestamp is taken when its send starts, a little before Kafka acknowledges it.
const IN_FLIGHT_MS = 100;

const num = (run: FinishedRun<RetentionParams>, key: string): number | undefined => {
  const v = run.facts[key];
  return typeof v === 'number' ? v : undefined;
};

interface Jump {
  from: number;
  landed: number;
  committedBefore: number;
  consumedSince: number;
  consumedSinceAnswer: number;
  committedAt: number;
  logEndBefore: number;
  logEndAt: number;
}

function jumpsOf(run: FinishedRun<RetentionParams>): Jump[] | undefined {
  const count = Math.min(num(run, 'jumps') ?? 0, MAX_JUMPS_RECORDED);
  const jumps: Jump[] = [];
  for (let i = 1; i <= count; i++) {
    const from = num(run, jumpFact.from(i));
    const landed = num(run, jumpFact.landed(i));
    const committedBefore = num(run, jumpFact.committedBefore(i));
    const consumedSince = num(run, jumpFact.consumedSince(i));
    const consumedSinceAnswer = num(run, jumpFact.consumedSinceAnswer(i));
    const committedAt = num(run, jumpFact.committedAt(i));
    const logEndBefore = num(run, jumpFact.logEndBefore(i));
    const logEndAt = num(run, jumpFact.logEndAt(i));
    const values = [from, landed, committedBefore, consumedSince, consumedSinceAnswer, committedAt];
    if ([...values, logEndBefore, logEndAt].includes(undefined)) return undefined;
    jumps.push({
      from,
      landed,
      committedBefore,
      consumedSince,
      consumedSinceAnswer,
      committedAt,
      logEndBefore,
      logEndAt,
    } as Jump);
  }
  return jumps;
}

export const retentionChecks: CheckSpec<RetentionParams>[] = [
  {
    id: 'log-end-matches-producer',
    description: "Kafka's log end offset is the number of records the producer saw acknowledged",
    evaluate(run) {
      const acked = num(run, 'producerAcked');
      const logEnd = num(run, 'brokerLogEnd');
      if (acked === undefined || logEnd === undefined)
        return { passed: false, detail: ENDED_EARLY };
      if (acked === 0 && logEnd === 0) {
        return notApplicable(`nothing was produced (producePerSec ${run.params.producePerSec})`);
      }
      return {
        passed: acked === logEnd && (run.summary.produced ?? 0) === acked,
        detail: `producer acknowledged ${acked}, Kafka's log end ${logEnd}`,
      };
    },
  },
  {
    id: 'skipped-equals-gap',
    description:
      "Each jump skipped exactly the gap Kafka reported: from the group's committed offset to the log start (earliest) or up to the log end (latest)",
    evaluate(run) {
      const jumps = jumpsOf(run);
      const logStarts = numberList(run.facts.logStartsSeen);
      if (jumps === undefined || logStarts.length === 0) {
        return { passed: false, detail: ENDED_EARLY };
      }
      const skipped = run.summary.skipped ?? 0;
      if (jumps.length === 0) {
        return skipped === 0
          ? notApplicable('the consumer never fell behind the log start, so it skipped nothing')
          : { passed: false, detail: `${skipped} skipped but no jump recorded` };
      }
      const earliest = run.params.reset === 'earliest';
      const bad: string[] = [];
      let gap = 0;
      for (const [i, j] of jumps.entries()) {
        // Kafka's committed offset (last read before the jump) plus what the consumer processed
        // after that reading is where it stood. The commit was made while the reading was under
        // way, so that is a range (records processed after the answer, to after the request),
        // give or take the one message whose processing and commit straddled it.
        const committed = Math.max(j.committedBefore, 0);
        const stoodLow = committed + j.consumedSinceAnswer;
        const stoodHigh = committed + j.consumedSince;
        const landedOk = earliest
          ? logStarts.includes(j.landed) && j.landed > j.from
          : j.landed >= j.logEndBefore && j.landed <= j.logEndAt;
        if (j.from < stoodLow - 1 || j.from > stoodHigh + 1) {
          const stood = stoodLow === stoodHigh ? `${stoodLow}` : `${stoodLow}–${stoodHigh}`;
          bad.push(`#${i + 1}: consumer at ${j.from}, Kafka's commits say ${stood}`);
        } else if (!landedOk) {
          bad.push(
            earliest
              ? `#${i + 1}: landed on ${j.landed}, not a log start Kafka reported above ${j.from}`
              : `#${i + 1}: landed on ${j.landed}, outside Kafka's log end ${j.logEndBefore}–${j.logEndAt}`,
          );
        }
        gap += j.landed - j.from;
      }
      const all = (num(run, 'jumps') ?? 0) <= MAX_JUMPS_RECORDED;
      const sumOk = !all || gap === skipped;
      return {
        passed: bad.length === 0 && sumOk,
        detail:
          `${jumps.length} jump(s); the consumer counted ${skipped} skipped, Kafka's gaps (${earliest ? 'log start' : 'log end'} − committed) add up to ${gap}` +
          (bad.length > 0 ? `; ${bad.slice(0, 3).join('; ')}` : ''),
      };
    },
  },
  {
    id: 'retention-by-age',
    description:
      'Retention deleted only records older than retention.ms, and kept none much older (retention.ms + segment.ms + the 1 s check, with slack)',
    evaluate(run) {
      const { retentionMs, retentionBytes, segmentMs } = run.params;
      const logStart = num(run, 'brokerLogStart');
      const finalAt = num(run, 'finalAtMs');
      if (logStart === undefined || finalAt === undefined) {
        return { passed: false, detail: ENDED_EARLY };
      }
      if (retentionBytes > 0) {
        return notApplicable(
          `retention.bytes ${retentionBytes} may delete records younger than retention.ms`,
        );
      }
      const deletedAfter = num(run, 'newestDeletedWrittenAfterMs');
      const keptBy = num(run, 'oldestKeptWrittenByMs');
      const limit = retentionMs + segmentMs + DELETION_SLACK_MS;
      if (logStart === 0 && (keptBy === undefined || finalAt - keptBy <= limit)) {
        return notApplicable(
          `nothing was deleted yet, and the oldest record is under ${limit / 1000} s old`,
        );
      }
      const problems: string[] = [];
      if (
        logStart > 0 &&
        deletedAfter !== undefined &&
        finalAt - deletedAfter < retentionMs - IN_FLIGHT_MS
      ) {
        problems.push(
          `offset ${logStart - 1} was deleted though written less than ${Math.round(finalAt - deletedAfter)} ms before the end`,
        );
      }
      if (keptBy !== undefined && finalAt - keptBy > limit) {
        problems.push(
          `offset ${logStart} is still kept though at least ${Math.round(finalAt - keptBy)} ms old`,
        );
      }
      return {
        passed: problems.length === 0,
        detail:
          problems.length > 0
            ? problems.join('; ')
            : `Kafka's log starts at ${logStart}: the records before it were older than ${retentionMs} ms, the oldest kept is under ${limit} ms old`,
      };
    },
  },
];

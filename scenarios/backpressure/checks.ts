// Each check holds what the clients counted against what RabbitMQ reports: the queue's depth
// against its cap, the publisher's nacks against what the queue did not take (and the
// dead-letter queue's depth), the consumer's gaps against the broker's count of what is gone,
// and the client's blocked time against the node's own record of its memory alarm.
import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { OVERFLOWS, runsMaxLength, runsMemoryAlarm } from './params.ts';
import type { BackpressureParams, Overflow } from './params.ts';

type Run = FinishedRun<BackpressureParams>;

/** A fact holding a comma-separated list of numbers (empty: none). */
const factList = (run: Run, key: string): number[] =>
  String(run.facts[key] ?? '')
    .split(',')
    .filter(Boolean)
    .map(Number);
const of = (run: Run, o: Overflow, key: string): number => numberFact(run, `${o}.${key}`) ?? 0;
const ran = (run: Run, o: Overflow): boolean => numberFact(run, `${o}.published`) !== undefined;

/**
 * Blocked time and alarm time differ by the notification's delay at each edge (RabbitMQ blocks a
 * connection at its next publish, and the unblock travels back to the client), plus this share.
 */
export const BLOCKED_TOLERANCE = { perEpisodeMs: 150, share: 0.1 };
/**
 * An alarm shorter than this may come and go between two of the publisher's writes (it was
 * waiting on its socket): RabbitMQ blocks a connection only when it publishes, so such a flap
 * never reaches the client. Longer ones must each be a blocked episode.
 */
export const UNMET_ALARM_MS = 500;

function maxLengthPremise(run: Run, phases: readonly Overflow[]): string | undefined {
  if (!runsMaxLength(run.params)) return 'the max-length phases are off (mode = memory-alarm)';
  if (!phases.some((o) => ran(run, o))) return 'the run ended before these phases';
  return undefined;
}

export const backpressureChecks: CheckSpec<BackpressureParams>[] = [
  {
    id: 'depth-within-max-length',
    description:
      'In every overflow phase, the largest depth RabbitMQ reported for the capped queue never exceeds its x-max-length',
    evaluate(run) {
      const off = maxLengthPremise(run, OVERFLOWS);
      if (off) return notApplicable(off);
      const parts = OVERFLOWS.filter((o) => ran(run, o)).map((o) => ({
        ok: of(run, o, 'maxDepthSeen') <= run.params.maxLength,
        text: `${o}: at most ${of(run, o, 'maxDepthSeen')} of ${run.params.maxLength}`,
      }));
      return { passed: parts.every((x) => x.ok), detail: parts.map((x) => x.text).join('; ') };
    },
  },
  {
    id: 'nacks-equal-refusals',
    description:
      "Under reject-publish(-dlx), the publisher's nacks equal what the queue did not take (published − consumed − the broker's depth), under -dlx also the dead-letter queue's depth, and no confirmed message is lost",
    evaluate(run) {
      const phases = ['reject-publish', 'reject-publish-dlx'] as const;
      const off = maxLengthPremise(run, phases);
      if (off) return notApplicable(off);
      const parts = phases
        .filter((o) => ran(run, o))
        .map((o) => {
          const nacked = of(run, o, 'nacked');
          const refused =
            of(run, o, 'published') - of(run, o, 'consumed') - of(run, o, 'finalDepth');
          const dlq = numberFact(run, `${o}.deadLettered`);
          const lost = of(run, o, 'missing');
          const ok = nacked === refused && lost === 0 && (dlq === undefined || dlq === nacked);
          const dlqText = dlq === undefined ? '' : `, ${dlq} dead-lettered`;
          return {
            ok,
            quiet: nacked === 0 && refused === 0,
            text: `${o}: ${nacked} nacked, ${refused} not taken${dlqText}, ${lost} confirmed and lost`,
          };
        });
      if (parts.every((x) => x.quiet && x.ok)) {
        return notApplicable('the queue never filled, so nothing was refused (consumer kept up)');
      }
      return { passed: parts.every((x) => x.ok), detail: parts.map((x) => x.text).join('; ') };
    },
  },
  {
    id: 'drop-head-drops-oldest',
    description:
      "Under drop-head nothing is nacked; the messages the consumer and the final read-out never saw are exactly as many as the broker's count says are gone (confirmed − consumed − depth), and all older than what the queue kept",
    evaluate(run) {
      const o = 'drop-head';
      const off = maxLengthPremise(run, [o]);
      if (off) return notApplicable(off);
      const gone = of(run, o, 'confirmed') - of(run, o, 'consumed') - of(run, o, 'finalDepth');
      const missing = of(run, o, 'missing');
      const nacked = of(run, o, 'nacked');
      if (gone === 0 && missing === 0 && nacked === 0) {
        return notApplicable(
          'the queue never overflowed, so nothing was dropped (consumer kept up)',
        );
      }
      const older = run.facts[`${o}.missingAllOlder`] === true;
      return {
        passed: nacked === 0 && gone === missing && older,
        detail: `${gone} gone by the broker's count, ${missing} never seen by the clients (${older ? 'all older than the queue’s head' : 'some newer than the queue’s head'}), ${nacked} nacked`,
      };
    },
  },
  {
    id: 'blocked-matches-alarm',
    description:
      "The publisher's connection was blocked as often as the private node's own watch saw its memory alarm set, never longer, and each block began at most half a second after the alarm (RabbitMQ blocks a connection when it next publishes)",
    evaluate(run) {
      if (!runsMemoryAlarm(run.params))
        return notApplicable('the memory phase is off (mode = max-length)');
      if (run.facts.memoryRan !== true)
        return notApplicable('the run ended before the memory phase');
      const blocked = numberFact(run, 'blockedMs') ?? 0;
      const blockedEpisodes = numberFact(run, 'blockedEpisodes') ?? 0;
      const alarm = numberFact(run, 'alarmMs') ?? 0;
      const alarmEpisodes = numberFact(run, 'alarmEpisodes') ?? 0;
      if (blockedEpisodes === 0 && alarmEpisodes === 0) {
        return notApplicable('the publisher never filled the headroom: no alarm, nothing blocked');
      }
      // The client's episodes are held against the node's longest ones; any others must be
      // flaps too short for a publisher to have met (see UNMET_ALARM_MS).
      const lengths = factList(run, 'alarmEpisodeMs').sort((a, b) => b - a);
      const met = lengths.length === alarmEpisodes ? lengths.slice(0, blockedEpisodes) : lengths;
      const unmet = lengths.length === alarmEpisodes ? lengths.slice(blockedEpisodes) : [];
      const metMs = lengths.length === alarmEpisodes ? met.reduce((a, b) => a + b, 0) : alarm;
      const tolerance =
        BLOCKED_TOLERANCE.perEpisodeMs * Math.max(1, blockedEpisodes) +
        BLOCKED_TOLERANCE.share * metMs;
      const episodesFit =
        blockedEpisodes <= alarmEpisodes && unmet.every((ms) => ms < UNMET_ALARM_MS);
      const after = factList(run, 'alarmAfterPublishingMs');
      const flaps =
        (unmet.length > 0
          ? `; ${unmet.length} alarm flap(s) of ${unmet.join(', ')} ms the publisher never met`
          : '') +
        (after.length > 0
          ? `; not counted: ${after.length} set after the publisher's last message (${after.join(', ')} ms)`
          : '');
      // The client cannot be blocked longer than the alarm was set, but each of its episodes may
      // start late: RabbitMQ blocks a connection when it next publishes, and a publisher waiting
      // on its socket may take up to UNMET_ALARM_MS to do so.
      const lateStarts = UNMET_ALARM_MS * Math.max(1, blockedEpisodes);
      const lengthsFit = blocked <= metMs + tolerance && blocked >= metMs - lateStarts - tolerance;
      return {
        passed: blockedEpisodes > 0 && episodesFit && lengthsFit,
        detail: `client blocked ${blockedEpisodes}× for ${blocked} ms; node's alarm set ${alarmEpisodes}× for ${alarm} ms${flaps}; compared with ${metMs} ms (tolerance ${Math.round(tolerance)} ms, and up to ${lateStarts} ms of late starts)`,
      };
    },
  },
];

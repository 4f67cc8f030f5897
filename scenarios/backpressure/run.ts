// The max-length phases on the shared broker, one overflow behaviour after another, then the
// memory alarm on a private node, which boots meanwhile (about 5 s).
import type { RunContext } from '../src/sdk/contract.ts';
import { AmqpSession } from '../src/sdk/amqp/index.ts';
import { fmt } from '../src/sdk/narration.ts';
import { runMemoryAlarmPhase } from './memory-alarm.ts';
import { runOverflowPhase } from './overflow.ts';
import { OVERFLOWS, runsMaxLength, runsMemoryAlarm } from './params.ts';
import type { BackpressureParams } from './params.ts';

type Ctx = RunContext<BackpressureParams>;

// A node whose memory monitor looks five times a second, counting what the Erlang VM has
// allocated: the alarm follows the queue's contents within a fraction of a second both ways.
const NODE_CONFIG = {
  memory_monitor_interval: 200,
  vm_memory_calculation_strategy: 'erlang',
};

export async function runBackpressure(ctx: Ctx): Promise<void> {
  const p = ctx.params;
  const node = runsMemoryAlarm(p)
    ? ctx.privateRabbitmq({ management: false, config: NODE_CONFIG })
    : undefined;
  node?.catch(() => undefined);
  const session = new AmqpSession(ctx.brokers);
  try {
    if (runsMaxLength(p)) {
      let dropped = 0;
      const droppedGauge = ctx.metrics.gauge('dropped');
      const deadLetteredGauge = ctx.metrics.gauge('deadLettered');
      for (const overflow of OVERFLOWS) {
        if (ctx.signal.aborted) break;
        ctx.phase(overflow);
        const r = await runOverflowPhase(ctx, session, overflow, {
          dropped: (n) => droppedGauge.set(dropped + n),
          deadLettered: (n) => deadLetteredGauge.set(n),
        });
        const brokerGone = r.confirmed - r.consumed - r.finalDepth;
        if (overflow === 'drop-head') {
          dropped += Math.max(0, brokerGone);
          droppedGauge.set(dropped);
        }
        if (r.deadLettered !== undefined) deadLetteredGauge.set(r.deadLettered);
        for (const [key, value] of Object.entries(r)) {
          if (key !== 'overflow' && value !== undefined) ctx.fact(`${overflow}.${key}`, value);
        }
        ctx.event(
          `${overflow}: ${fmt(r.published)} published, ${fmt(r.confirmed)} confirmed, ${fmt(r.nacked)} nacked, ${fmt(r.consumed)} consumed, ${fmt(r.finalDepth)} left (most ever ${fmt(r.maxDepthSeen)} of ${fmt(p.maxLength)})` +
            (overflow === 'drop-head' ? `; ${fmt(brokerGone)} confirmed yet dropped` : '') +
            (r.deadLettered === undefined ? '' : `; ${fmt(r.deadLettered)} dead-lettered`),
          { mark: true },
        );
      }
    }
    if (node === undefined) return;
    if (ctx.signal.aborted) {
      await node.catch(() => undefined);
      ctx.event('the run ended before the memory-alarm phase', 'warn');
      return;
    }
    ctx.phase('memory-alarm');
    const r = await runMemoryAlarmPhase(ctx, await node, session);
    const rates = r.clock.rates();
    ctx.fact('memoryRan', true);
    ctx.fact('memory.baseMb', Number((r.watermark.baseBytes / 2 ** 20).toFixed(1)));
    ctx.fact('memory.watermarkMb', Number((r.watermark.watermarkBytes / 2 ** 20).toFixed(1)));
    ctx.fact('memory.published', r.published);
    ctx.fact('memory.confirmed', r.confirmed);
    ctx.fact('blockedMs', Math.round(r.clock.totalMs(performance.now())));
    ctx.fact('blockedEpisodes', r.clock.episodes);
    ctx.fact('alarmMs', r.alarm.alarmMs);
    ctx.fact('alarmEpisodes', r.alarm.episodes);
    ctx.fact('alarmEpisodeMs', r.alarm.episodeMs.join(','));
    ctx.fact('alarmStillSet', r.alarm.stillSet);
    ctx.fact('alarmAfterPublishingMs', r.alarmAfterPublishingMs.join(','));
    ctx.fact('rateOpen', Math.round(rates.open));
    ctx.fact('rateBlocked', Math.round(rates.blocked));
    ctx.event(
      `memory alarm: the client was blocked ${plural(r.clock.episodes)} for ${fmt(Math.round(r.clock.totalMs(performance.now())))} ms in all; the node counted ${plural(r.alarm.episodes)} of alarm, ${fmt(r.alarm.alarmMs)} ms. Published ${fmt(Math.round(rates.open))} msg/s while open, ${fmt(Math.round(rates.blocked))} msg/s while blocked`,
      { mark: true },
    );
  } finally {
    await session.close();
  }
}

const plural = (n: number): string => (n === 1 ? 'once' : `${fmt(n)} times`);

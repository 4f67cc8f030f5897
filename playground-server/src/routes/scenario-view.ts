// How a scenario and a run look to the API: the UI knows scenarios only through these.
import type { FastifyInstance } from 'fastify';
import { Value } from '@sinclair/typebox/value';
import type { AnyScenario, Topology } from '@playground/scenarios/sdk';
import { missingRequirements } from '../engine/index.ts';
import type { Run } from '../engine/index.ts';
import { redactCredentials } from '../config.ts';
import type { RunView, ScenarioView } from './schemas.ts';

export function unavailableReason(app: FastifyInstance, scenario: AnyScenario): string | undefined {
  const missing = scenario.brokers
    .map((broker) => ({ broker, health: app[broker].monitor.health }))
    .filter(({ health }) => !health.ok);
  const notInstalled = missingRequirements(scenario.requires);
  if (notInstalled.length > 0) return `${notInstalled.join('; ')}.`;
  if (missing.length === 0) return undefined;
  return missing
    .map(
      ({ broker, health }) =>
        `${broker} is not reachable at ${health.address} (${health.error ?? 'down'})`,
    )
    .join('; ')
    .concat(
      '. Fix: run `npm run infra:up`, or set the broker address (REDIS_URL, AMQP_URL, KAFKA_BROKERS).',
    );
}

function safeTopology(scenario: AnyScenario, params: Record<string, unknown>): Topology {
  try {
    return scenario.topology(params as never);
  } catch {
    return { nodes: [], edges: [] };
  }
}

export function scenarioView(
  app: FastifyInstance,
  scenario: AnyScenario,
  withLesson: boolean,
): ScenarioView {
  const reason = unavailableReason(app, scenario);
  const defaults = Value.Default(scenario.params, {}) as Record<string, unknown>;
  return {
    id: scenario.id,
    title: scenario.title,
    summary: scenario.summary,
    brokers: scenario.brokers,
    tags: scenario.tags,
    level: scenario.level,
    ...(scenario.watch === undefined ? {} : { watch: scenario.watch }),
    ...(scenario.minutes === undefined ? {} : { minutes: scenario.minutes }),
    ...(scenario.durationSec === undefined ? {} : { durationSec: scenario.durationSec }),
    params: scenario.params,
    charts: scenario.charts,
    metrics: scenario.metrics,
    available: reason === undefined,
    ...(reason === undefined ? {} : { unavailableReason: reason }),
    topology: safeTopology(scenario, defaults),
    ...(withLesson ? { lesson: scenario.lesson } : {}),
  };
}

export function runView(run: Run): RunView {
  const record = run.record();
  return {
    ...record,
    // A broker error may quote the URL the run connected with.
    ...(record.error === undefined ? {} : { error: redactCredentials(record.error) }),
    elapsedMs: run.endedAt ? run.endedAt.getTime() - run.startedAt.getTime() : run.elapsedMs(),
    topology: safeTopology(run.scenario, run.currentParams),
  };
}

// The contract every registered scenario keeps, checked once here so a scenario added later is
// covered without writing these tests again: its definition is self-consistent, its defaults
// are valid, its lesson has the four sections, and a short live run with the defaults completes
// with every check passed or not applicable and nothing left on any broker.
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { scenarios } from './registry.ts';
import { resolveParams, specMatcher } from './sdk/index.ts';
import type { AnyScenario, MetricKind } from './sdk/index.ts';
import { expectGoneFromBrokers, runScenario } from './testing/index.ts';
import { actionProblem, lessonLinks, parseCheckRef, predictPrompts } from './sdk/lesson-actions.ts';
import type { ParamsSchema } from './sdk/api-schemas.ts';

// What the metrics pipeline derives from each kind of recorder (see sdk/metrics.ts fold()).
const SUFFIXES: Record<MetricKind, string[]> = {
  counter: ['', '.rate'],
  gauge: [''],
  histogram: ['.p50', '.p90', '.p99', '.max', '.count'],
};

/** True when `key` is a value the run's frames can carry for one of the declared metrics. */
function declares(scenario: AnyScenario, key: string): boolean {
  const find = specMatcher(scenario.metrics);
  return Object.entries(SUFFIXES).some(([kind, suffixes]) =>
    suffixes.some((suffix) => {
      if (!key.endsWith(suffix)) return false;
      const spec = find(suffix === '' ? key : key.slice(0, -suffix.length));
      return spec !== undefined && spec.kind === kind;
    }),
  );
}

const LESSON_SECTIONS = [
  /^## The idea/m,
  /^## What to watch/m,
  /^## (Things to try|Try this)/m,
  /^## The real-world takeaway/m,
];

// Long enough for a scenario to build its topology, load, drain and count; short enough that
// sixty scenarios stay within CI's budget.
const LIVE_RUN_SEC = 2;

describe.each(scenarios.map((s) => [s.id, s] as const))(
  'scenario %s keeps the contract',
  (_id, scenario) => {
    const defaults = resolveParams(scenario.params, {}) as Record<string, unknown>;

    it('has a kebab-case id, a title, a summary, known brokers and a level', () => {
      expect(scenario.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(scenario.title.length).toBeGreaterThan(0);
      expect(scenario.summary.length).toBeGreaterThan(0);
      // No broker at all is allowed: the HTTP caching layers run on an origin and nginx alone.
      for (const broker of scenario.brokers)
        expect(['redis', 'rabbitmq', 'kafka']).toContain(broker);
      expect(new Set(scenario.brokers).size).toBe(scenario.brokers.length);
      // A default run length, where given, is one the API and CLI accept.
      if (scenario.durationSec !== undefined) {
        expect(Number.isInteger(scenario.durationSec)).toBe(true);
        expect(scenario.durationSec).toBeGreaterThanOrEqual(1);
        expect(scenario.durationSec).toBeLessThanOrEqual(600);
      }
    });

    it('gives every param a default, a description and bounds, and the defaults validate', () => {
      for (const [name, field] of Object.entries(scenario.params.properties)) {
        const f = field as Record<string, unknown>;
        expect(f.default, `${name} has a default`).toBeDefined();
        expect(typeof f.description, `${name} has a description`).toBe('string');
        const bounded =
          f.type === 'boolean' ||
          f.anyOf !== undefined ||
          f.enum !== undefined ||
          f.const !== undefined ||
          (f.minimum !== undefined && f.maximum !== undefined) ||
          (f.type === 'string' && f.maxLength !== undefined);
        expect(bounded, `${name} is bounded`).toBe(true);
      }
      expect(Value.Check(scenario.params, defaults)).toBe(true);
    });

    it('declares every key its charts and topology name, each metric in a declared chart', () => {
      const charts = new Set(scenario.charts.map((c) => c.id));
      for (const m of scenario.metrics) expect(charts, `${m.key}'s chart`).toContain(m.chart);
      const topology = scenario.topology(defaults as never);
      const ids = new Set(topology.nodes.map((n) => n.id));
      for (const node of topology.nodes) {
        if (node.metric !== undefined)
          expect(declares(scenario, node.metric), node.metric).toBe(true);
        if (node.parent !== undefined) expect(ids, `${node.id}'s parent`).toContain(node.parent);
      }
      // An endpoint may name a gauge in braces ('consumer-{owner.p0}'): the node it reads now.
      const endpoint = (id: string): void => {
        const gauge = /\{([^}]+)\}/.exec(id)?.[1];
        if (gauge === undefined) expect(ids).toContain(id);
        else expect(declares(scenario, gauge), gauge).toBe(true);
      };
      for (const edge of topology.edges) {
        endpoint(edge.from);
        endpoint(edge.to);
        if (edge.metric !== undefined)
          expect(declares(scenario, edge.metric), edge.metric).toBe(true);
      }
    });

    it('has a lesson with the idea, what to watch, things to try and the takeaway', () => {
      for (const section of LESSON_SECTIONS) expect(scenario.lesson).toMatch(section);
    });

    it("has lesson actions that each name real params with values in the params' bounds", () => {
      const { actions } = lessonLinks(scenario.lesson);
      const schema = scenario.params as unknown as ParamsSchema;
      const problems = actions.flatMap((a) => actionProblem(a.href, schema) ?? []);
      expect(problems).toEqual([]);
    });

    it('ties lesson claims to checks it has, and answers every predict-first prompt', () => {
      const ids = new Set(scenario.checks.map((c) => c.id));
      for (const claim of lessonLinks(scenario.lesson).checks) {
        expect(ids, `${claim.href} ("${claim.label}")`).toContain(parseCheckRef(claim.href));
      }
      for (const prompt of predictPrompts(scenario.lesson)) {
        expect(prompt.answer, `the answer to "${prompt.question}"`).toBeTruthy();
      }
    });

    it('has unique check ids, each with a description', () => {
      const ids = scenario.checks.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const c of scenario.checks) expect(c.description.length).toBeGreaterThan(0);
    });
  },
);

/** A short live run with the defaults: it completes, no check fails, nothing is left behind. */
async function runsToTheEnd(scenario: AnyScenario): Promise<void> {
  const run = await runScenario(scenario, { durationSec: LIVE_RUN_SEC });
  expect(run.error).toBeUndefined();
  expect(run.state).toBe('completed');
  expect(run.frames.length).toBeGreaterThan(0);
  for (const check of run.checks) {
    expect(check.status, `${check.id}: ${check.detail}`).not.toBe('failed');
  }
  await expectGoneFromBrokers(run);
}

// A scenario that starts processes of its own (a private broker, a cluster, nginx, the shop's
// services) spends its short run starting them, which takes the machine's cores: those run one
// at a time (two at a time, a private RabbitMQ missed its start-up deadline in CI). The others
// mostly wait on the brokers, so they run side by side (the live project's maxConcurrency), as a
// learner's and a trainer's runs do on one server.
const isShop = (s: AnyScenario): boolean => s.tags.includes('microservices');
const startsProcesses = (s: AnyScenario): boolean => (s.requires?.length ?? 0) > 0 || isShop(s);
const LIVE_TIMEOUT_MS = LIVE_RUN_SEC * 1000 + 30_000;

describe.concurrent('scenarios on the shared brokers run with their defaults to the end', () => {
  for (const scenario of scenarios.filter((s) => !startsProcesses(s)))
    it(scenario.id, () => runsToTheEnd(scenario), LIVE_TIMEOUT_MS);
});

describe('scenarios that start processes run with their defaults to the end', () => {
  for (const scenario of scenarios.filter(startsProcesses))
    it(scenario.id, () => runsToTheEnd(scenario), LIVE_TIMEOUT_MS);
});

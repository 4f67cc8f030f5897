import { expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario } from '../src/testing/index.ts';
import scenario from './scenario.ts';

it('delivers what RabbitMQ confirmed, and leaves nothing behind', async () => {
  const run = await runScenario(scenario, { durationSec: 2 });
  expect(run.state).toBe('completed');
  expect(checkOf(run, 'every-confirmed-message-delivered').status).toBe('passed');
  expect(run.summary.delivered).toBeGreaterThan(150);
  await expectGoneFromBrokers(run);
});

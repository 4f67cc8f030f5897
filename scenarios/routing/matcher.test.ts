import { describe, expect, it } from 'vitest';
import { bindingSet, routeTable } from './bindings.ts';
import {
  directMatches,
  headersBindingText,
  headersMatch,
  parseHeadersBinding,
  topicMatches,
} from './matcher.ts';
import { MESSAGE_CODES, decodeFacts, encodeFacts, routingKeyOf } from './messages.ts';
import { routingParams } from './params.ts';
import { resolveParams } from '../src/sdk/params.ts';
import { lessonLinks, parseAction } from '../src/sdk/lesson-actions.ts';
import scenario from './scenario.ts';

describe('topic matching, as RabbitMQ does it', () => {
  it.each([
    ['eu.#', 'eu.order.created', true],
    ['eu.#', 'eu', true],
    ['eu.#', 'us.order.created', false],
    ['*.order.*', 'eu.order.created', true],
    ['*.order.*', 'eu.order.created.retry', false],
    ['*.order.*', 'order.created', false],
    ['#', 'anything.at.all', true],
    ['#.failed', 'us.payment.failed', true],
    ['#.failed', 'us.payment.failed.retry', false],
    ['#.failed.#', 'us.payment.failed.retry', true],
    ['#.failed.#', 'failed', true],
    ['*', 'one', true],
    ['*', 'one.two', false],
    ['*.*.failed', 'eu.refund.failed', true],
    ['eu.*', 'eu.order.created', false],
    ['#.#', 'a.b', true],
    ['a.#.b.#.c', 'a.x.b.c', true],
    ['a.#.b.#.c', 'a.x.c.b', false],
    ['eu.order.created', 'eu.order.created', true],
  ])('%s against %s: %s', (pattern, key, expected) => {
    expect(topicMatches(pattern, key)).toBe(expected);
  });

  it('stays fast on a pattern of many #', () => {
    const pattern = Array(30).fill('#').join('.');
    expect(topicMatches(`${pattern}.z`, Array(40).fill('a').join('.'))).toBe(false);
  });
});

describe('direct and headers matching', () => {
  it('matches a direct key whole, wildcards included as text', () => {
    expect(directMatches('eu.order.created', 'eu.order.created')).toBe(true);
    expect(directMatches('eu.#', 'eu.order.created')).toBe(false);
  });

  it('matches headers on all or any of the pairs', () => {
    const all = parseHeadersBinding('all: region=eu, kind=order');
    const any = parseHeadersBinding('any:event=failed,kind=refund');
    expect(all).toEqual({ match: 'all', args: { region: 'eu', kind: 'order' } });
    expect(headersBindingText(any)).toBe('any: event=failed, kind=refund');
    const eu = { region: 'eu', kind: 'order', event: 'created', retry: 'no' };
    expect(headersMatch(all, eu)).toBe(true);
    expect(headersMatch(all, { ...eu, region: 'us' })).toBe(false);
    expect(headersMatch(any, eu)).toBe(false);
    expect(headersMatch(any, { ...eu, kind: 'refund' })).toBe(true);
    expect(() => parseHeadersBinding('some: a=b')).toThrow();
  });
});

describe('messages and routes', () => {
  it('codes every message in a byte and back', () => {
    expect(MESSAGE_CODES).toBeLessThanOrEqual(256);
    for (let code = 0; code < MESSAGE_CODES; code++) {
      expect(encodeFacts(decodeFacts(code))).toBe(code);
    }
    expect(routingKeyOf(decodeFacts(1))).toBe('eu.order.created.retry');
  });

  it('routes the topic preset: one copy per queue, retries past *.order.*', () => {
    const params = resolveParams(routingParams, { customPattern: '#.retry' });
    const queues = bindingSet(params);
    const routes = routeTable('topic', queues);
    const ids = (key: string): string[] => {
      const code = Array.from({ length: MESSAGE_CODES }, (_, c) => c).find(
        (c) => routingKeyOf(decodeFacts(c)) === key,
      );
      return (routes[code ?? -1]?.queues ?? []).map((q) => queues[q]?.id ?? '?');
    };
    expect(ids('us.refund.failed')).toEqual(['alerts']);
    expect(routes.filter((r) => r.overlapping).length).toBeGreaterThan(0);
    expect(ids('eu.order.created')).toEqual(['eu-all', 'orders']);
    expect(ids('us.order.created.retry')).toEqual(['custom']);
    expect(ids('apac.payment.updated')).toEqual([]);
  });

  it('refuses a malformed custom binding in the params', () => {
    expect(() => resolveParams(routingParams, { customPattern: 'eu..order' })).toThrow();
    expect(() => resolveParams(routingParams, { customPattern: 'EU.#' })).toThrow();
    expect(() => resolveParams(routingParams, { customHeaders: 'all: x-match=any' })).toThrow();
    expect(
      resolveParams(routingParams, { customHeaders: 'all: kind=refund, event=failed' }),
    ).toBeTruthy();
  });
});

describe('the lesson', () => {
  it("sets only params the schema accepts, the custom bindings' patterns included", () => {
    for (const { href } of lessonLinks(scenario.lesson).actions) {
      const action = parseAction(href);
      if (!action.ok) throw new Error(action.error);
      const set = Object.fromEntries(
        action.value.changes.flatMap((c) => ('set' in c ? [[c.param, c.set]] : [])),
      );
      const typed = {
        ...set,
        ...('retryPercent' in set ? { retryPercent: Number(set.retryPercent) } : {}),
      };
      expect(() => resolveParams(routingParams, typed), href).not.toThrow();
    }
  });
});

import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import type { ParamsSchema } from './api-schemas.ts';
import {
  actionProblem,
  lessonLinks,
  parseAction,
  parseCheckRef,
  predictPrompts,
  resolveAction,
} from './lesson-actions.ts';
import type { LessonAction } from './lesson-actions.ts';

const schema = Type.Object({
  ttlSec: Type.Integer({ default: 10, minimum: 1, maximum: 3600, 'x-live': true }),
  ratio: Type.Number({ default: 0.05, minimum: 0, maximum: 0.5 }),
  consumers: Type.Integer({ default: 2, minimum: 0, maximum: 16, 'x-live': true }),
  persistent: Type.Boolean({ default: false }),
  mode: Type.Union([Type.Literal('zipf'), Type.Literal('uniform')], { default: 'zipf' }),
  label: Type.String({ default: 'x', maxLength: 20 }),
}) as unknown as ParamsSchema;

function action(href: string): LessonAction {
  const parsed = parseAction(href);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe('parseAction', () => {
  it('reads absolute and relative changes, several joined by &', () => {
    expect(action('try:ttlSec=2').changes).toEqual([{ param: 'ttlSec', set: '2' }]);
    expect(action('try:consumers=+2&mode=uniform').changes).toEqual([
      { param: 'consumers', add: 2 },
      { param: 'mode', set: 'uniform' },
    ]);
    expect(action('try:consumers=-1').changes).toEqual([{ param: 'consumers', add: -1 }]);
    expect(action('try:label=two%20words').changes).toEqual([{ param: 'label', set: 'two words' }]);
  });

  it('refuses another scheme, no changes, a missing value, a bad name and a repeated param', () => {
    expect(parseAction('https://example.com').ok).toBe(false);
    expect(parseAction('try:').ok).toBe(false);
    expect(parseAction('try:ttlSec').ok).toBe(false);
    expect(parseAction('try:ttlSec=').ok).toBe(false);
    expect(parseAction('try:9lives=1').ok).toBe(false);
    expect(parseAction('try:ttlSec=1&ttlSec=2').ok).toBe(false);
    expect(parseAction('try:label=%E0%A4%A').ok).toBe(false);
  });
});

describe('resolveAction', () => {
  const now = { ttlSec: 10, ratio: 0.05, consumers: 15, persistent: false, mode: 'zipf' };

  it('types each value by the schema', () => {
    expect(
      resolveAction(action('try:ttlSec=2&persistent=true&mode=uniform&ratio=0.2'), schema, now),
    ).toEqual({ ok: true, value: { ttlSec: 2, persistent: true, mode: 'uniform', ratio: 0.2 } });
  });

  it('adds a relative change to the current value, stopping at the bound when asked to', () => {
    expect(resolveAction(action('try:consumers=-3'), schema, now)).toEqual({
      ok: true,
      value: { consumers: 12 },
    });
    expect(resolveAction(action('try:consumers=+2'), schema, now)).toEqual({
      ok: true,
      value: { consumers: 16 },
    });
    const strict = resolveAction(action('try:consumers=+2'), schema, now, { clampRelative: false });
    expect(strict).toEqual({ ok: false, error: 'consumers must be <= 16 (got 17)' });
  });

  it('refuses unknown params, values out of bounds or of the wrong type', () => {
    const error = (href: string): string | undefined => {
      const r = resolveAction(action(href), schema, now);
      return r.ok ? undefined : r.error;
    };
    expect(error('try:nope=1')).toBe('there is no param "nope"');
    expect(error('try:toString=1')).toBe('there is no param "toString"');
    expect(error('try:ttlSec=0')).toBe('ttlSec must be >= 1 (got 0)');
    expect(error('try:ttlSec=4000')).toBe('ttlSec must be <= 3600 (got 4000)');
    expect(error('try:ttlSec=2.5')).toBe('ttlSec must be an integer (got 2.5)');
    expect(error('try:ttlSec=soon')).toBe('ttlSec must be a number (got soon)');
    expect(error('try:consumers=+0.5')).toBe('consumers must be an integer (got 15.5)');
    expect(error('try:mode=gauss')).toBe('mode must be one of zipf, uniform (got gauss)');
    expect(error('try:persistent=yes')).toBe('persistent must be true or false (got yes)');
    expect(error('try:mode=+1')).toBe('mode is not a number: it cannot go up');
  });
});

describe('actionProblem (the contract test applies it to the defaults)', () => {
  it('passes a valid action and names what is wrong with a bad one', () => {
    expect(actionProblem('try:ttlSec=2&consumers=+2', schema)).toBeUndefined();
    expect(actionProblem('try:consumers=+20', schema)).toBe(
      '"try:consumers=+20": consumers must be <= 16 (got 22)',
    );
    expect(actionProblem('try:ttl=2', schema)).toBe('"try:ttl=2": there is no param "ttl"');
  });
});

describe('lesson links and prompts', () => {
  const lesson = [
    '## Things to try',
    '',
    '- [Set ttlSec to 2](try:ttlSec=2), then [set it back to',
    '  60](try:ttlSec=60). Misses rise [confirmed by a check](check:one-origin-read-per-miss).',
    '- A [real link](https://redis.io) is neither.',
    '',
    '> **Predict:** does the hit ratio go up',
    '> or down?',
    '>',
    '> **Answer:** Down.',
    '>',
    '> And origin load rises.',
    '',
    '> A plain quote.',
    '',
    '> **Predict:** no answer given',
  ].join('\n');

  it('finds every try: and check: link, a label broken over two lines included', () => {
    const { actions, checks } = lessonLinks(lesson);
    expect(actions).toEqual([
      { label: 'Set ttlSec to 2', href: 'try:ttlSec=2' },
      { label: 'set it back to\n  60', href: 'try:ttlSec=60' },
    ]);
    expect(checks).toEqual([
      { label: 'confirmed by a check', href: 'check:one-origin-read-per-miss' },
    ]);
    expect(checks.map((c) => parseCheckRef(c.href))).toEqual(['one-origin-read-per-miss']);
    expect(parseCheckRef('check:')).toBeUndefined();
    expect(parseCheckRef('try:x=1')).toBeUndefined();
  });

  it('finds predict prompts with their answers, and one without', () => {
    expect(predictPrompts(lesson)).toEqual([
      {
        question: 'does the hit ratio go up\nor down?',
        answer: 'Down.\n\nAnd origin load rises.',
      },
      { question: 'no answer given', answer: undefined },
    ]);
  });
});

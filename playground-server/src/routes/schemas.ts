// Response and request schemas shared by the routes; they are also the OpenAPI document.
import { Type } from '@sinclair/typebox';

export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
    bound: Type.Optional(Type.Unknown()),
    value: Type.Optional(Type.Unknown()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String(),
          message: Type.String(),
          bound: Type.Optional(Type.Unknown()),
          value: Type.Optional(Type.Unknown()),
        }),
      ),
    ),
  },
  { $id: 'Error' },
);

export const RunIdParams = Type.Object({
  id: Type.String({
    pattern: '^[a-z0-9]{6,16}$',
    description: 'a run id, as returned by POST /api/runs',
  }),
});

const Resources = Type.Object({
  redisKeyPrefix: Type.String(),
  queues: Type.Array(Type.String()),
  exchanges: Type.Array(Type.String()),
  topics: Type.Array(Type.String()),
  groups: Type.Array(Type.String()),
});

export const RunSchema = Type.Object({
  id: Type.String(),
  scenario: Type.String(),
  params: Type.Record(Type.String(), Type.Unknown()),
  state: Type.Union([
    Type.Literal('running'),
    Type.Literal('completed'),
    Type.Literal('stopped'),
    Type.Literal('failed'),
  ]),
  durationSec: Type.Number(),
  elapsedMs: Type.Number(),
  startedAt: Type.String(),
  endedAt: Type.Union([Type.String(), Type.Null()]),
  error: Type.Optional(Type.String()),
  summary: Type.Record(Type.String(), Type.Number()),
  facts: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean()])),
  checks: Type.Array(
    Type.Object({
      id: Type.String(),
      description: Type.String(),
      status: Type.Union(
        [Type.Literal('passed'), Type.Literal('failed'), Type.Literal('not-applicable')],
        { description: 'not-applicable: the params rule the check out; it is not a failure' },
      ),
      passed: Type.Boolean({ description: 'true only when status is passed' }),
      detail: Type.String(),
    }),
  ),
  resources: Resources,
  topology: Type.Unknown(),
});

export const FrameSchema = Type.Object({
  t: Type.Number(),
  values: Type.Record(Type.String(), Type.Number()),
});
export const EventSchema = Type.Object({
  t: Type.Number(),
  message: Type.String(),
  level: Type.Union([Type.Literal('info'), Type.Literal('warn')]),
});

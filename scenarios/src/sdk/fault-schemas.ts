// The fault panel's API shapes (routes/faults.ts); the UI types itself from them too.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { TOXIC_TYPES } from '../../../infrastructure/faults/toxics.ts';
import { NODE_ACTIONS } from './spec.ts';
import type { FaultsView } from './spec.ts';

const ToxicTypeSchema = Type.Union(TOXIC_TYPES.map((t) => Type.Literal(t)));
const StreamSchema = Type.Union([Type.Literal('upstream'), Type.Literal('downstream')]);
const AttributesSchema = Type.Record(Type.String({ maxLength: 32 }), Type.Number({ minimum: 0 }), {
  description: "the toxic type's attributes: latency {latency, jitter} ms, bandwidth {rate} KB/s…",
});
const RunId = Type.String({ pattern: '^[a-z0-9]{6,16}$' });
const NameSchema = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' });

export const ToxicSchema = Type.Object({
  name: Type.String(),
  type: ToxicTypeSchema,
  stream: StreamSchema,
  toxicity: Type.Number(),
  attributes: Type.Record(Type.String(), Type.Number()),
});

export const FaultsViewSchema = Type.Object({
  links: Type.Array(
    Type.Object({
      name: Type.String(),
      listen: Type.String(),
      upstream: Type.String(),
      enabled: Type.Boolean(),
      toxics: Type.Array(ToxicSchema),
    }),
  ),
  nodes: Type.Array(
    Type.Object({
      name: Type.String(),
      state: Type.Union(
        (['running', 'paused', 'stopped', 'killed'] as const).map((s) => Type.Literal(s)),
      ),
      pid: Type.Integer(),
    }),
  ),
});

export const AddToxicBodySchema = Type.Object(
  {
    link: NameSchema,
    type: ToxicTypeSchema,
    stream: Type.Optional(StreamSchema),
    toxicity: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    attributes: Type.Optional(AttributesSchema),
    name: Type.Optional(NameSchema),
  },
  { additionalProperties: false },
);
export type AddToxicBody = Static<typeof AddToxicBodySchema>;

export const LinkParams = Type.Object({ id: RunId, link: NameSchema });
export const ToxicParams = Type.Object({ id: RunId, link: NameSchema, toxic: NameSchema });
export const LinkStateBodySchema = Type.Object(
  { enabled: Type.Boolean() },
  { additionalProperties: false },
);
export const NodeActionParams = Type.Object({
  id: RunId,
  node: NameSchema,
  action: Type.Union(NODE_ACTIONS.map((a) => Type.Literal(a))),
});

// The engine's view and the schema must not drift apart (see api-schemas.ts for the idea).
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type FaultsAgreement = Holds<Mutual<Static<typeof FaultsViewSchema>, FaultsView>>;

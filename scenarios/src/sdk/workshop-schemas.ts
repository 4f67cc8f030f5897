// A workshop: a lesson plan a trainer runs in a room, and the live state the room follows. The
// plan is a JSON file (playground-server/workshops/*.json; workshop.schema.json there is this
// schema, written out), so it can be downloaded, edited and uploaded again.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

const Id = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64 });

export const WorkshopStepSchema = Type.Object(
  {
    scenario: Type.String({ maxLength: 64, description: 'a scenario id from GET /api/scenarios' }),
    question: Type.String({
      minLength: 1,
      maxLength: 500,
      description: 'what to ask the room before the run, so they commit to a prediction',
    }),
    minutes: Type.Integer({ minimum: 1, maximum: 240, description: 'time set aside for it' }),
    params: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean()]), {
        description: "preset params; omitted ones take the scenario's defaults",
      }),
    ),
    durationSec: Type.Optional(Type.Integer({ minimum: 5, maximum: 3600 })),
    section: Type.Optional(
      Type.String({ maxLength: 120, description: 'the lesson heading to open the step on' }),
    ),
    notes: Type.Optional(Type.String({ maxLength: 2000, description: "the trainer's own notes" })),
  },
  { additionalProperties: false },
);
export type WorkshopStep = Static<typeof WorkshopStepSchema>;

export const WorkshopSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Id,
    title: Type.String({ minLength: 1, maxLength: 120 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    steps: Type.Array(WorkshopStepSchema, { minItems: 1, maxItems: 60 }),
  },
  { additionalProperties: false },
);
export type Workshop = Static<typeof WorkshopSchema>;

/** Where the presenter is: followers' screens go there. */
export const WorkshopPositionSchema = Type.Object(
  {
    step: Type.Integer({ minimum: 0, maximum: 59 }),
    scenario: Type.String({ maxLength: 64 }),
    section: Type.Optional(Type.String({ maxLength: 120 })),
    runId: Type.Optional(Type.String({ pattern: '^[a-z0-9]{6,16}$' })),
  },
  { additionalProperties: false },
);
export type WorkshopPosition = Static<typeof WorkshopPositionSchema>;

/** Runs at once a room allows; null is no limit of its own (the server's own still holds). */
export const WorkshopLimitsSchema = Type.Object(
  {
    perClient: Type.Union([Type.Integer({ minimum: 1, maximum: 100 }), Type.Null()]),
    total: Type.Union([Type.Integer({ minimum: 1, maximum: 1000 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type WorkshopLimits = Static<typeof WorkshopLimitsSchema>;

export const WorkshopStateSchema = Type.Object({
  live: Type.Boolean(),
  plan: Type.Optional(WorkshopSchema),
  position: Type.Optional(WorkshopPositionSchema),
  limits: WorkshopLimitsSchema,
});
export type WorkshopState = Static<typeof WorkshopStateSchema>;

export const LearningPathSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  goal: Type.String(),
  scenarios: Type.Array(Type.String(), {
    description: 'scenario ids, in order; only ones that exist',
  }),
});
export type LearningPathView = Static<typeof LearningPathSchema>;

export type WorkshopAck = (answer: { ok: true } | { ok: false; error: string }) => void;

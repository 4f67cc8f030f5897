// The API's shapes live in the SDK (the UI types itself from the same module); this adds the
// request schemas only the server needs and proves the engine's records fit the response schemas.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { CheckOutcome, RunEvent, RunRecord } from '@playground/scenarios/engine';
import type { Frame, RunMarker, RunPhase } from '@playground/scenarios/sdk';
import type {
  CheckOutcomeSchema,
  FrameSchema,
  RunEventSchema,
  RunMarkerSchema,
  RunPhaseSchema,
  RunRecordSchema,
} from '../../../scenarios/src/sdk/api-schemas.ts';

export * from '../../../scenarios/src/sdk/api-schemas.ts';

export const RunIdParams = Type.Object({
  id: Type.String({
    pattern: '^[a-z0-9]{6,16}$',
    description: 'a run id, as returned by POST /api/runs',
  }),
});

export const ScenarioIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const FramesQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
});

// A field added to the engine's record and not to the schema would be dropped from every reply
// without a word: this fails the type check instead.
// Mutually assignable and with the same keys: an optional field on one side only is caught too.
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Same<A, B> = Mutual<A, B> extends true ? Mutual<keyof A, keyof B> : false;
type Holds<T extends true> = T;
export type EngineAgreement = [
  Holds<Same<Static<typeof RunRecordSchema>, RunRecord>>,
  Holds<Same<Static<typeof CheckOutcomeSchema>, CheckOutcome>>,
  Holds<Same<Static<typeof RunEventSchema>, RunEvent>>,
  Holds<Same<Static<typeof FrameSchema>, Frame>>,
  Holds<Same<Static<typeof RunPhaseSchema>, RunPhase>>,
  Holds<Same<Static<typeof RunMarkerSchema>, RunMarker>>,
];

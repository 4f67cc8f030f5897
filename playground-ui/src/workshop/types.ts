// The workshop's shapes, from the one definition the server validates with (types only).
export type {
  LearningPathView,
  Workshop,
  WorkshopLimits,
  WorkshopPosition,
  WorkshopState,
  WorkshopStep,
} from '../../../scenarios/src/sdk/workshop-schemas.ts';

// What the lesson's active parts need from the page: the params schema (is a param live?), the
// shown run's state and check outcomes, and the callback that applies an action. A context, so
// the markdown components stay the same functions across renders and keep their state (focus,
// a confirmation, a revealed answer) while the run streams in.
import { createContext, useContext } from 'react';
import type { CheckOutcome, ParamsSchema, RunState } from '../api/types';
import type { LessonAction } from '../../../scenarios/src/sdk/lesson-actions.ts';

/** What an action did, worded for the learner; `ok: false` when it was refused. */
export interface ActionOutcome {
  ok: boolean;
  message: string;
}

export type ActionHandler = (action: LessonAction) => Promise<ActionOutcome>;

export interface LessonRun {
  state: RunState;
  checks: readonly CheckOutcome[];
}

export interface LessonEnv {
  schema: ParamsSchema | undefined;
  /** The run the page shows, if any. */
  run: LessonRun | undefined;
  onAction: ActionHandler | undefined;
}

export const LessonContext = createContext<LessonEnv>({
  schema: undefined,
  run: undefined,
  onAction: undefined,
});

export const useLessonEnv = (): LessonEnv => useContext(LessonContext);

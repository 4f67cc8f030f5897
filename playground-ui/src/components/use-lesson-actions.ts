// What a lesson's action button does on the scenario page. Before a run (or after one) it sets
// the params form, so Start runs with them. During a run, the params marked live are changed on
// the run itself (PATCH /api/runs/:id/params) and the form follows; the others are set in the
// form for the next run. A relative change (`consumers=+2`) counts from the running value for a
// live param and from the form otherwise.
import { useCallback } from 'react';
import { resolveAction } from '../../../scenarios/src/sdk/lesson-actions.ts';
import type { LessonAction } from '../../../scenarios/src/sdk/lesson-actions.ts';
import { api, ApiError } from '../api/client';
import type { ParamsSchema, RunView } from '../api/types';
import { check } from '../params/fields';
import type { ParamField, RawValue } from '../params/fields';
import type { ActionHandler, ActionOutcome } from './lesson-context';

interface Page {
  schema: ParamsSchema;
  fields: ParamField[];
  values: Record<string, RawValue>;
  setValue(name: string, value: RawValue): void;
  runId: string | undefined;
  run: RunView | undefined;
}

const list = (values: Record<string, unknown>): string =>
  Object.entries(values)
    .map(([name, value]) => `${name} = ${String(value)}`)
    .join(', ');

/** The form's values as typed values, for adding a relative change to. */
function formValues(fields: ParamField[], values: Record<string, RawValue>) {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const checked = check(field, values[field.name] ?? '');
    if (checked.ok) out[field.name] = checked.value;
  }
  return out;
}

export function useLessonActions({
  schema,
  fields,
  values,
  setValue,
  runId,
  run,
}: Page): ActionHandler {
  return useCallback(
    async (action: LessonAction): Promise<ActionOutcome> => {
      const running = run?.state === 'running' && runId !== undefined ? run : undefined;
      const isLive = (name: string): boolean => schema.properties[name]?.['x-live'] === true;
      const current = formValues(fields, values);
      for (const name of Object.keys(current)) {
        if (running && isLive(name)) current[name] = running.params[name];
      }
      const resolved = resolveAction(action, schema, current);
      if (!resolved.ok) return { ok: false, message: resolved.error };

      const live: Record<string, unknown> = {};
      const later: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(resolved.value)) {
        if (running && isLive(name)) live[name] = value;
        else later[name] = value;
      }
      const toForm = (name: string, value: unknown): void =>
        setValue(name, typeof value === 'boolean' ? value : String(value));
      for (const [name, value] of Object.entries(later)) toForm(name, value);

      const parts: string[] = [];
      if (running && Object.keys(live).length > 0) {
        try {
          const view = await api.changeParams(running.id, live);
          const applied = Object.fromEntries(Object.keys(live).map((k) => [k, view.params[k]]));
          for (const [name, value] of Object.entries(applied)) toForm(name, value);
          parts.push(`Applied to the run: ${list(applied)}`);
        } catch (error) {
          const body = error instanceof ApiError ? error.body : undefined;
          const message = body?.errors?.[0]?.message ?? (error as Error).message;
          return { ok: false, message: `Not applied: ${message}` };
        }
      }
      if (Object.keys(later).length > 0) {
        parts.push(`${running ? 'Set for the next run' : 'Set in the params'}: ${list(later)}`);
      }
      return { ok: true, message: `${parts.join('. ')}.` };
    },
    [schema, fields, values, setValue, runId, run],
  );
}

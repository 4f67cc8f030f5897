// A run tuned live ends with other values than it started with, and the form shows the last
// ones. Once such a run has ended, the form goes back to what it started with, so "Run again"
// repeats the run, not its final minute.
import { useEffect, useRef } from 'react';
import type { RunView } from '../api/types';
import type { ParamField, RawValue } from '../params/fields';
import { toRaw } from '../params/fields';

export function useStartParamsAfterRun(
  run: RunView | undefined,
  fields: ParamField[],
  setValue: (name: string, value: RawValue) => void,
): void {
  const restored = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (run === undefined || run.state === 'running' || run.changes.length === 0) return;
    if (restored.current === run.id) return;
    restored.current = run.id;
    for (const field of fields) {
      if (field.name in run.paramsAtStart)
        setValue(field.name, toRaw(field, run.paramsAtStart[field.name]));
    }
  }, [run, fields, setValue]);
}

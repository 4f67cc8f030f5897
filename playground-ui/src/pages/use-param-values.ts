// The params form's values live in the URL (?ttlSec=5&readsPerSec=2000), so a scenario page with
// its params is a link that can be shared; a field at its default is left out of the URL.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ParamField, RawValue } from '../params/fields';
import { toRaw } from '../params/fields';

export function useParamValues(fields: ParamField[]): {
  values: Record<string, RawValue>;
  setValue(name: string, value: RawValue): void;
  runId: string | undefined;
  setRunId(id: string | undefined): void;
} {
  const [search, setSearch] = useSearchParams();
  const values = useMemo(() => {
    const out: Record<string, RawValue> = {};
    for (const field of fields) {
      const fromUrl = search.get(field.name);
      out[field.name] = fromUrl === null ? toRaw(field, field.defaultValue) : toRaw(field, fromUrl);
    }
    return out;
  }, [fields, search]);

  const setValue = useCallback(
    (name: string, value: RawValue) => {
      const field = fields.find((f) => f.name === name);
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (field !== undefined && toRaw(field, field.defaultValue) === value) next.delete(name);
          else next.set(name, String(value));
          return next;
        },
        { replace: true },
      );
    },
    [fields, setSearch],
  );

  const setRunId = useCallback(
    (id: string | undefined) => {
      setSearch((prev) => {
        const next = new URLSearchParams(prev);
        if (id === undefined) next.delete('run');
        else next.set('run', id);
        return next;
      });
    },
    [setSearch],
  );

  return { values, setValue, runId: search.get('run') ?? undefined, setRunId };
}

// Scenario params are TypeBox schemas; this turns a user's input into checked values and turns
// TypeBox's errors into messages naming the field, the bound and the value.
import type { Static, TObject, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export interface ParamError {
  field: string;
  message: string;
  value: unknown;
  bound?: number | string | string[];
}

export class ParamsError extends Error {
  constructor(readonly errors: ParamError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'ParamsError';
  }
}

/** Own properties only: `constructor` or `toString` in a body is an unknown param, not a method. */
function hasParam(schema: TObject, field: string): boolean {
  return Object.hasOwn(schema.properties, field);
}

export function isLive(schema: TObject, field: string): boolean {
  if (!hasParam(schema, field)) return false;
  const prop = schema.properties[field] as TSchema & { 'x-live'?: boolean };
  return prop?.['x-live'] === true;
}

export function liveFields(schema: TObject): string[] {
  return Object.keys(schema.properties).filter((f) => isLive(schema, f));
}

function describe(schema: TObject, path: string, value: unknown): ParamError {
  const field = path.replace(/^\//, '').replace(/\//g, '.');
  const prop = (hasParam(schema, field) ? schema.properties[field] : undefined) as
    | (TSchema & {
        minimum?: number;
        maximum?: number;
        enum?: string[];
        anyOf?: { const?: string }[];
        type?: string;
      })
    | undefined;
  const shown = JSON.stringify(value) ?? String(value);
  if (prop === undefined) {
    return {
      field,
      value,
      message: `params.${field} is not a param of this scenario (valid: ${Object.keys(schema.properties).join(', ')})`,
    };
  }
  const choices = prop.enum ?? prop.anyOf?.map((a) => a.const).filter((c) => c !== undefined);
  if (choices !== undefined && choices.length > 0) {
    return {
      field,
      value,
      bound: choices as string[],
      message: `params.${field} must be one of ${choices.join(', ')} (got ${shown})`,
    };
  }
  if (typeof value === 'number' && prop.minimum !== undefined && value < prop.minimum) {
    return {
      field,
      value,
      bound: prop.minimum,
      message: `params.${field} must be >= ${prop.minimum} (got ${shown})`,
    };
  }
  if (typeof value === 'number' && prop.maximum !== undefined && value > prop.maximum) {
    return {
      field,
      value,
      bound: prop.maximum,
      message: `params.${field} must be <= ${prop.maximum} (got ${shown})`,
    };
  }
  const type = prop.type ?? 'value';
  if (type === 'integer' && typeof value === 'number') {
    return {
      field,
      value,
      bound: 'integer',
      message: `params.${field} must be an integer (got ${shown})`,
    };
  }
  return { field, value, bound: type, message: `params.${field} must be a ${type} (got ${shown})` };
}

export function collectErrors(schema: TObject, input: unknown): ParamError[] {
  const seen = new Set<string>();
  const errors: ParamError[] = [];
  for (const e of Value.Errors(schema, input)) {
    // additionalProperties errors point at the object; name the offending key instead.
    if (e.path === '' && input !== null && typeof input === 'object') {
      for (const key of Object.keys(input)) {
        if (!hasParam(schema, key) && !seen.has(key)) {
          seen.add(key);
          errors.push(describe(schema, `/${key}`, (input as Record<string, unknown>)[key]));
        }
      }
      if (errors.length === 0)
        errors.push({ field: '', value: input, message: `params ${e.message}` });
      continue;
    }
    if (seen.has(e.path)) continue;
    seen.add(e.path);
    errors.push(describe(schema, e.path, e.value));
  }
  return errors;
}

/** Defaults filled in, then checked; throws ParamsError naming every bad field. */
export function resolveParams<S extends TObject>(schema: S, input: unknown): Static<S> {
  if (
    input !== undefined &&
    (input === null || typeof input !== 'object' || Array.isArray(input))
  ) {
    throw new ParamsError([{ field: '', value: input, message: 'params must be an object' }]);
  }
  const withDefaults = Value.Default(schema, structuredClone(input ?? {}));
  const errors = collectErrors(schema, withDefaults);
  if (errors.length > 0) throw new ParamsError(errors);
  return withDefaults as Static<S>;
}

/** For the CLI: strings such as "250" or "true" become the field's type before checking. */
export function convertParamStrings(schema: TObject, input: Record<string, string>): unknown {
  return Value.Convert(schema, input);
}

/**
 * A live change: only fields marked live, each checked against its own bounds.
 * Returns the merged params.
 */
export function applyLiveChange<S extends TObject>(
  schema: S,
  current: Static<S>,
  change: unknown,
): { params: Static<S>; changed: string[] } {
  if (change === null || typeof change !== 'object' || Array.isArray(change)) {
    throw new ParamsError([
      { field: '', value: change, message: 'the body must be an object of params' },
    ]);
  }
  const live = liveFields(schema).join(', ') || 'none';
  if (Object.keys(change).length === 0) {
    throw new ParamsError([
      {
        field: '',
        value: change,
        message: `the body names no param to change (live params: ${live})`,
      },
    ]);
  }
  const errors: ParamError[] = [];
  for (const field of Object.keys(change)) {
    if (!hasParam(schema, field)) {
      errors.push(describe(schema, `/${field}`, (change as Record<string, unknown>)[field]));
    } else if (!isLive(schema, field)) {
      errors.push({
        field,
        value: (change as Record<string, unknown>)[field],
        message: `params.${field} cannot change while the run is going (live params: ${live})`,
      });
    }
  }
  if (errors.length > 0) throw new ParamsError(errors);
  const merged = { ...current, ...(change as object) };
  const rest = collectErrors(schema, merged);
  if (rest.length > 0) throw new ParamsError(rest);
  return { params: merged as Static<S>, changed: Object.keys(change) };
}

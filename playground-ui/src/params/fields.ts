// A scenario's params schema as form fields, and the checks the form makes before anything is
// sent: the same bounds the server enforces, so a bad value is refused where it is typed.
import type { ParamSchema, ParamsSchema } from '../api/types';

export type FieldKind = 'integer' | 'number' | 'choice' | 'boolean' | 'text';

export interface ParamField {
  name: string;
  label: string;
  kind: FieldKind;
  description?: string;
  unit?: string;
  min?: number;
  max?: number;
  choices?: string[];
  live: boolean;
  defaultValue: unknown;
}

/** A form's value for a field: text for inputs (so a half-typed number is kept), else the value. */
export type RawValue = string | boolean;

export const DURATION_FIELD: ParamField = {
  name: 'durationSec',
  label: 'Duration',
  kind: 'integer',
  description: 'How long the load runs; you can stop the run earlier.',
  unit: 's',
  min: 1,
  max: 3600,
  live: false,
  defaultValue: 60,
};

export function humanize(name: string): string {
  const words = name
    .replace(/(Sec|Ms|PerSec)$/, (m) => ` ${m}`)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()
    .replace(/ per sec$/, ' per second')
    .replace(/ sec$/, '')
    .replace(/ ms$/, '');
  const label = words.replace(/\bttl\b/g, 'TTL').replace(/\bid\b/g, 'ID');
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** A unit the name implies when the schema gives none (`ttlSec` → s, `delayMs` → ms). */
function impliedUnit(name: string): string | undefined {
  if (/PerSec$/.test(name)) return '/s';
  if (/Sec$/.test(name)) return 's';
  if (/Ms$/.test(name)) return 'ms';
  return undefined;
}

function choicesOf(schema: ParamSchema): string[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum.map(String);
  if (Array.isArray(schema.anyOf) && schema.anyOf.every((a) => a.const !== undefined)) {
    return schema.anyOf.map((a) => String(a.const));
  }
  return undefined;
}

export function fieldsOf(schema: ParamsSchema): ParamField[] {
  return Object.entries(schema.properties).map(([name, prop]) => {
    const choices = choicesOf(prop);
    const kind: FieldKind = choices
      ? 'choice'
      : prop.type === 'integer'
        ? 'integer'
        : prop.type === 'number'
          ? 'number'
          : prop.type === 'boolean'
            ? 'boolean'
            : 'text';
    const min = prop.minimum ?? prop.exclusiveMinimum;
    const max = prop.maximum ?? prop.exclusiveMaximum;
    const unit = prop['x-unit'] ?? impliedUnit(name);
    return {
      name,
      label: prop.title ?? humanize(name),
      kind,
      ...(prop.description === undefined ? {} : { description: prop.description }),
      ...(unit === undefined ? {} : { unit }),
      ...(min === undefined ? {} : { min }),
      ...(max === undefined ? {} : { max }),
      ...(choices === undefined ? {} : { choices }),
      live: prop['x-live'] === true,
      defaultValue: prop.default,
    };
  });
}

export function toRaw(field: ParamField, value: unknown): RawValue {
  if (field.kind === 'boolean') return value === true || value === 'true';
  return value === undefined || value === null ? '' : String(value);
}

export type Checked = { ok: true; value: unknown } | { ok: false; error: string };

/** The value to send, or the reason it is refused (worded like the server's errors). */
export function check(field: ParamField, raw: RawValue): Checked {
  const name = field.name === DURATION_FIELD.name ? field.name : `params.${field.name}`;
  switch (field.kind) {
    case 'boolean':
      return { ok: true, value: raw === true || raw === 'true' };
    case 'choice': {
      const value = String(raw);
      return field.choices?.includes(value)
        ? { ok: true, value }
        : { ok: false, error: `${name} must be one of ${field.choices?.join(', ')}` };
    }
    case 'text':
      return { ok: true, value: String(raw) };
    case 'integer':
    case 'number': {
      const text = String(raw).trim();
      if (text === '') return { ok: false, error: `${name} is required` };
      const value = Number(text);
      if (!Number.isFinite(value))
        return { ok: false, error: `${name} must be a number (got "${text}")` };
      if (field.kind === 'integer' && !Number.isInteger(value)) {
        return { ok: false, error: `${name} must be an integer (got ${text})` };
      }
      if (field.min !== undefined && value < field.min) {
        return { ok: false, error: `${name} must be >= ${field.min} (got ${text})` };
      }
      if (field.max !== undefined && value > field.max) {
        return { ok: false, error: `${name} must be <= ${field.max} (got ${text})` };
      }
      return { ok: true, value };
    }
  }
}

export function bounds(field: ParamField): string | undefined {
  if (field.kind === 'choice') return undefined;
  if (field.min === undefined && field.max === undefined) return undefined;
  const fmt = (n: number | undefined): string => (n === undefined ? '' : n.toLocaleString('en'));
  return `${fmt(field.min)} – ${fmt(field.max)}`;
}

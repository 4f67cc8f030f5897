// Turns Fastify's schema errors into the API's 400: the field, the bound and the value, for
// every failing field.
import type { FastifySchemaValidationError } from 'fastify';

export interface FieldError {
  field: string;
  message: string;
  bound?: unknown;
  value?: unknown;
}

const BOUND_KEYS = [
  'limit',
  'allowedValues',
  'pattern',
  'type',
  'format',
  'additionalProperty',
  'missingProperty',
] as const;

export function describeValidation(
  context: string | undefined,
  errors: readonly (FastifySchemaValidationError & { data?: unknown })[],
): FieldError[] {
  return errors.map((e) => {
    const params = e.params as Record<string, unknown>;
    let path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    if (typeof params.additionalProperty === 'string')
      path = path ? `${path}.${params.additionalProperty}` : params.additionalProperty;
    if (typeof params.missingProperty === 'string')
      path = path ? `${path}.${params.missingProperty}` : params.missingProperty;
    const field =
      [context === 'body' ? '' : context, path].filter(Boolean).join('.') || (context ?? 'request');
    const boundKey = BOUND_KEYS.find((k) => params[k] !== undefined);
    const bound = boundKey === undefined ? undefined : params[boundKey];
    let message = `${field} ${e.message ?? 'is invalid'}`;
    if (typeof params.additionalProperty === 'string') message = `${field} is not allowed here`;
    if (typeof params.missingProperty === 'string') message = `${field} is required`;
    const shown =
      e.data === undefined || typeof params.missingProperty === 'string'
        ? ''
        : ` (got ${JSON.stringify(e.data)})`;
    return {
      field,
      message: message + shown,
      ...(bound === undefined || boundKey === 'additionalProperty' || boundKey === 'missingProperty'
        ? {}
        : { bound }),
      ...(e.data === undefined ? {} : { value: e.data }),
    };
  });
}

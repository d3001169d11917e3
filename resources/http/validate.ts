// Checks what a request sends against its wire schema (lib/wire) and turns
// the first failure into the API's error: wrong JSON types and missing fields
// are 400 bad_request, well-formed but unacceptable values 422 invalid, both
// as {error, message, field}. Strings marked x-trim are trimmed (and x-lowercase
// lower-cased) before the check, so limits count what is kept; accepted times
// come back normalized to UTC.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Static, TSchema } from '@sinclair/typebox';
import { badRequest, invalid, type ApiError } from '../../lib/errors.js';

/** Times as the API has always taken them: a date first, then anything Date.parse reads. */
const isTime = (value: string) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value));
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const ajv = new Ajv({ verbose: true });
ajv.addKeyword({ keyword: 'x-trim', schemaType: 'boolean' });
ajv.addKeyword({ keyword: 'x-lowercase', schemaType: 'boolean' });
ajv.addFormat('date-time', { type: 'string', validate: isTime });
ajv.addFormat('email', { type: 'string', validate: (value: string) => EMAIL.test(value) });

const compiled = new WeakMap<TSchema, ValidateFunction>();

function validatorOf(schema: TSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  return validate;
}

/** The body (or headers) as its schema's type, or the API's 400/422 error. */
export function checkBody<T extends TSchema>(schema: T, data: unknown): Static<T> {
  const value = walk(schema, data, tidyString);
  const validate = validatorOf(schema);
  if (!validate(value)) throw errorOf((validate.errors as ErrorObject[])[0]);
  return walk(schema, value, normalizeTime) as Static<T>;
}

/**
 * Query values by the names of an object schema: trimmed, empty ones left out,
 * whole numbers read as numbers where the schema wants an integer (anything
 * else stays a string, and so is 400).
 */
export function checkQuery<T extends TSchema>(schema: T, params: { get(name: string): string | null | undefined }): Static<T> {
  const values: Record<string, unknown> = {};
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, TSchema>)) {
    const value = params.get(name)?.trim();
    if (!value) continue;
    values[name] = property.type === 'integer' && /^[+-]?\d+$/.test(value) ? Number(value) : value;
  }
  return checkBody(schema, values);
}

// ---- the walk over a value beside its schema ----

type StringStep = (schema: TSchema, value: string) => string;

const tidyString: StringStep = (schema, value) => {
  let result = schema['x-trim'] ? value.trim() : value;
  if (schema['x-lowercase']) result = result.toLowerCase();
  return result;
};

const normalizeTime: StringStep = (schema, value) => (schema.format === 'date-time' ? new Date(Date.parse(value)).toISOString() : value);

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;
}

/** The branch of an anyOf that fits the value's JSON type. */
function branchFor(schemas: TSchema[], value: unknown): TSchema | undefined {
  const type = jsonType(value);
  return schemas.find((s) => s.type === type || (type === 'integer' && s.type === 'number') || (s.anyOf && branchFor(s.anyOf, value)));
}

/** A copy of `value` with `step` applied to every string its schema describes; anything else as it was. */
function walk(schema: TSchema, value: unknown, step: StringStep): unknown {
  if (schema.anyOf) {
    const branch = branchFor(schema.anyOf, value);
    return branch ? walk(branch, value, step) : value;
  }
  if (typeof value === 'string') return schema.type === 'string' ? step(schema, value) : value;
  if (Array.isArray(value)) return schema.items ? value.map((item) => walk(schema.items, item, step)) : value;
  if (!isObject(value) || schema.type !== 'object') return value;
  const properties = (schema.properties ?? {}) as Record<string, TSchema>;
  const patterns = Object.values((schema.patternProperties ?? {}) as Record<string, TSchema>);
  // fromEntries defines each key as its own property: a "__proto__" key stays a plain key
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      const itemSchema = properties[key] ?? patterns[0];
      return [key, itemSchema ? walk(itemSchema, item, step) : item];
    }),
  );
}

// ---- Ajv's first error as the API's error ----

/**
 * The name a person knows a value by: the last property name of its path; for
 * a value of a map (prices by section), the map's name and the key.
 */
function fieldOf(error: ErrorObject): { field?: string; label: string } {
  if (error.keyword === 'required') {
    const field = (error.params as { missingProperty: string }).missingProperty;
    return { field, label: `"${field}"` };
  }
  const names = error.instancePath
    .split('/')
    .slice(1)
    .filter((part) => !/^\d+$/.test(part))
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.schemaPath.includes('/patternProperties/') && names.length >= 2) {
    const [map, key] = names.slice(-2);
    return { field: map, label: `"${map}" for "${key}"` };
  }
  const field = names[names.length - 1];
  return { field, label: `"${field}"` };
}

function rangeOf(schema: { minimum?: number; maximum?: number }): string {
  if (schema.minimum !== undefined && schema.maximum !== undefined) return ` from ${schema.minimum} to ${schema.maximum}`;
  if (schema.minimum !== undefined) return ` of at least ${schema.minimum}`;
  if (schema.maximum !== undefined) return ` of at most ${schema.maximum}`;
  return '';
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'a number',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

function errorOf(error: ErrorObject): ApiError {
  const { field, label: name } = fieldOf(error);
  const extra = field ? { field } : undefined;
  const schema = error.parentSchema as Record<string, any>;
  const params = error.params as Record<string, any>;
  const inList = /\/\d+$/.test(error.instancePath);
  switch (error.keyword) {
    case 'required':
      return badRequest(`${name} is required.`, extra);
    case 'type': {
      const wanted = String(params.type);
      // a number that is not whole is a value out of range, not a wrong type
      if (wanted === 'integer' && typeof error.data === 'number')
        return invalid(`${name} must be a whole number${rangeOf(schema)}.`, extra);
      if (!field) return badRequest('The body must be a JSON object.');
      const what = TYPE_NAMES[wanted] ?? wanted;
      return badRequest(inList ? `${name} must be a list of ${what.replace(/^an? /, '')}s.` : `${name} must be ${what}.`, extra);
    }
    case 'minimum':
    case 'maximum':
      return invalid(`${name} must be ${schema.type === 'integer' ? 'a whole number' : 'a number'}${rangeOf(schema)}.`, extra);
    case 'minLength':
      return invalid(params.limit === 1 ? `${name} must not be empty.` : `${name} is shorter than ${params.limit} characters.`, extra);
    case 'maxLength':
      return invalid(`${name} is longer than ${params.limit} characters.`, extra);
    case 'minItems':
      return invalid(params.limit === 1 ? `${name} must not be empty.` : `${name} has fewer than ${params.limit} items.`, extra);
    case 'maxItems':
      return invalid(`${name} has more than ${params.limit} items.`, extra);
    case 'uniqueItems':
      return invalid(`${name} lists the same item twice.`, extra);
    case 'enum': {
      const allowed = params.allowedValues as unknown[];
      if (allowed.length === 2 && allowed.includes(true) && allowed.includes(false))
        return invalid(`${name} must be true or false.`, extra);
      return invalid(`${name} must be one of ${allowed.join(', ')}.`, extra);
    }
    case 'const':
      return invalid(`${name} can only be ${JSON.stringify(params.allowedValue)}.`, extra);
    case 'format':
      return invalid(params.format === 'email' ? `${name} is not an email address.` : `${name} is not a valid ISO-8601 date-time.`, extra);
    case 'additionalProperties': {
      const data = error.data as Record<string, unknown>;
      const known = Object.keys(schema.properties ?? {});
      const fields = Object.keys(data).filter((key) => !known.includes(key));
      return invalid(`These fields cannot be changed here: ${fields.join(', ')}.`, { fields });
    }
    default:
      return invalid(`${name} is not acceptable (${error.message ?? error.keyword}).`, extra);
  }
}

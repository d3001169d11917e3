// Checks for request bodies and query values. Wrong JSON types are 400;
// well-formed but unacceptable values are 422 (API.md).
import { badRequest, invalid } from './errors.js';

export type Body = Record<string, unknown>;

export function requireBody(data: unknown): Body {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw badRequest('The body must be a JSON object.');
  }
  return data as Body;
}

export function str(body: Body, field: string, opts: { optional?: boolean; max?: number } = {}): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (opts.optional) return undefined;
    throw badRequest(`"${field}" is required.`, { field });
  }
  if (typeof value !== 'string') throw badRequest(`"${field}" must be a string.`, { field });
  const trimmed = value.trim();
  if (!trimmed && !opts.optional) throw invalid(`"${field}" must not be empty.`, { field });
  if (trimmed.length > (opts.max ?? 200)) throw invalid(`"${field}" is longer than ${opts.max ?? 200} characters.`, { field });
  return trimmed || undefined;
}

export function requiredStr(body: Body, field: string, max?: number): string {
  return str(body, field, { max }) as string;
}

export function int(
  body: Body,
  field: string,
  opts: { min: number; max: number; default?: number },
): number {
  const value = body[field];
  if (value === undefined || value === null) {
    if (opts.default !== undefined) return opts.default;
    throw badRequest(`"${field}" is required.`, { field });
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badRequest(`"${field}" must be a number.`, { field });
  if (!Number.isInteger(value) || value < opts.min || value > opts.max) {
    throw invalid(`"${field}" must be a whole number from ${opts.min} to ${opts.max}.`, { field });
  }
  return value;
}

/** An ISO-8601 date-time, returned normalized to UTC with milliseconds. */
export function isoTime(value: unknown, field: string): string {
  if (typeof value !== 'string') throw badRequest(`"${field}" must be an ISO-8601 date-time string.`, { field });
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) {
    throw invalid(`"${field}" is not a valid ISO-8601 date-time.`, { field });
  }
  return new Date(time).toISOString();
}

export function stringArray(value: unknown, field: string, maxItems: number): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw badRequest(`"${field}" must be an array of strings.`, { field });
  }
  if (value.length > maxItems) throw invalid(`"${field}" has more than ${maxItems} items.`, { field });
  return value as string[];
}

export function plainObject(value: unknown, field: string): Body {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`"${field}" must be an object.`, { field });
  }
  return value as Body;
}

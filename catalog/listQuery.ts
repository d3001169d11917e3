// The query of GET /events/, checked and normalized. Pure: it knows nothing of
// Harper, so the unit tests can call it. Two spellings of one question (other
// case, other word order, date with or without a time) normalize to the same
// query, and so to the same cached answer.
import { badRequest, invalid } from '../lib/errors.js';
import { CATEGORIES, wordsOf } from './eventRules.js';

export interface ListFilter {
  category?: string;
  venue?: string;
  city?: string;
  /** ISO time, inclusive; absent means "events that have not started yet" */
  from?: string;
  /** ISO time, inclusive */
  to?: string;
  /** lower-case words, sorted: every one must be a word of the name or performers */
  words?: string[];
}

export interface ListQuery extends ListFilter {
  limit: number;
  offset: number;
}

export type QueryValues = { get(name: string): string | null | undefined };

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
const MAX_OFFSET = 100_000;
const MAX_WORDS = 10;
const MAX_TEXT = 200;
const DAY_MS = 86_400_000;

// ISO-8601 as API.md uses it: a date, or a date and time with an optional zone (UTC when absent)
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function text(params: QueryValues, name: string): string | undefined {
  const value = params.get(name)?.trim();
  if (!value) return undefined;
  if (value.length > MAX_TEXT) throw invalid(`"${name}" is longer than ${MAX_TEXT} characters.`, { field: name });
  return value;
}

/** A date or date-time; a bare date as `to` means the whole of that day. */
function dateParam(value: string | undefined, name: 'from' | 'to'): string | undefined {
  if (value === undefined) return undefined;
  // an unencoded "+01:00" arrives as " 01:00"
  value = value.replace(/(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$/i, '$1+$2');
  const parts = ISO.exec(value);
  const dateOnly = parts !== null && parts[4] === undefined;
  const zoned = parts?.[7] || parts?.[4] === undefined ? value : `${value}Z`;
  const time = parts ? Date.parse(dateOnly ? `${value}T00:00:00Z` : zoned.replace(' ', 'T')) : NaN;
  // Date.parse rolls 2026-02-31 over to March: a real date prints back the same day
  const sameDay = parts !== null && !Number.isNaN(time) && (!dateOnly || new Date(time).toISOString().startsWith(value.slice(0, 10)));
  if (!sameDay) {
    throw invalid(`"${name}" is not a date (use ISO-8601, e.g. 2026-12-01 or 2026-12-01T20:00:00Z).`, { field: name });
  }
  return new Date(dateOnly && name === 'to' ? time + DAY_MS - 1 : time).toISOString();
}

export function intParam(value: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[+-]?\d+$/.test(value)) throw badRequest(`"${name}" must be a whole number.`, { field: name });
  const number = Number(value);
  if (number < min || number > max) throw invalid(`"${name}" must be from ${min} to ${max}.`, { field: name });
  return number;
}

export function parseListQuery(params: QueryValues): ListQuery {
  const category = text(params, 'category')?.toLowerCase();
  if (category && !(CATEGORIES as readonly string[]).includes(category)) {
    throw invalid(`"category" must be one of ${CATEGORIES.join(', ')}.`, { field: 'category' });
  }
  const from = dateParam(text(params, 'from'), 'from');
  const to = dateParam(text(params, 'to'), 'to');
  if (from && to && from > to) throw invalid('"from" must not be after "to".', { field: 'from' });
  const q = text(params, 'q');
  const words = q === undefined ? undefined : wordsOf(q).sort();
  if (words && words.length === 0) throw invalid('"q" needs at least one word (letters or digits).', { field: 'q' });
  if (words && words.length > MAX_WORDS) throw invalid(`"q" may have at most ${MAX_WORDS} words.`, { field: 'q' });
  return {
    category,
    venue: text(params, 'venue'),
    city: text(params, 'city'),
    from,
    to,
    words,
    limit: intParam(text(params, 'limit'), 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT),
    offset: intParam(text(params, 'offset'), 'offset', 0, MAX_OFFSET, 0),
  };
}

/** One string per distinct filter (limit and offset left out): the key of its list of matches. */
export function filterKey(filter: ListFilter): string {
  const { category, venue, city, from, to, words } = filter;
  return JSON.stringify([category ?? null, venue ?? null, city ?? null, from ?? null, to ?? null, words ?? null]);
}

/** One key per page of a filter's matches. */
export function listingKey(query: ListQuery): string {
  return `${filterKey(query)}${query.limit},${query.offset}`;
}

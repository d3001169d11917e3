// What fans browse: the event listing with its filters, and an event's detail
// with availability and price by section.
import { tables } from '../lib/harper.js';
import { badRequest, invalid } from '../lib/errors.js';
import { inventory, type InventorySnapshot } from '../checkout/inventory.js';
import { CATEGORIES, eventStatus, wordsOf } from './eventRules.js';
import type { EventRecord } from './events.js';
import { getVenue, type Venue } from './venues.js';

export interface ListQuery {
  category?: string;
  venue?: string;
  city?: string;
  from?: string;
  to?: string;
  q?: string;
  limit: number;
  offset: number;
}

type QueryValues = { get(name: string): string | null | undefined };

const MAX_LIMIT = 100;

function dateParam(value: string | null | undefined, name: string): string | undefined {
  if (value == null || value === '') return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw invalid(`"${name}" is not a date (use ISO-8601, e.g. 2026-12-01).`, { field: name });
  return new Date(time).toISOString();
}

function intParam(value: string | null | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value == null || value === '') return fallback;
  if (!/^-?\d+$/.test(value)) throw badRequest(`"${name}" must be a whole number.`, { field: name });
  const number = Number(value);
  if (number < min || number > max) throw invalid(`"${name}" must be from ${min} to ${max}.`, { field: name });
  return number;
}

export function parseListQuery(params: QueryValues): ListQuery {
  const category = params.get('category')?.toLowerCase() || undefined;
  if (category && !(CATEGORIES as readonly string[]).includes(category)) {
    throw invalid(`"category" must be one of ${CATEGORIES.join(', ')}.`, { field: 'category' });
  }
  const from = dateParam(params.get('from'), 'from');
  const to = dateParam(params.get('to'), 'to');
  if (from && to && from > to) throw invalid('"from" must not be after "to".', { field: 'from' });
  return {
    category,
    venue: params.get('venue') || undefined,
    city: params.get('city') || undefined,
    from,
    to,
    q: params.get('q')?.trim() || undefined,
    limit: intParam(params.get('limit'), 'limit', 1, MAX_LIMIT, 20),
    offset: intParam(params.get('offset'), 'offset', 0, 1_000_000, 0),
  };
}

/** Harper conditions for the filters: its indexes do the filtering. */
function conditions(query: ListQuery): object[] {
  const all: object[] = [];
  if (query.category) all.push({ attribute: 'category', value: query.category });
  if (query.venue) all.push({ attribute: 'venueId', value: query.venue });
  if (query.city) all.push({ attribute: 'city', value: query.city });
  if (query.from) all.push({ attribute: 'startsAt', comparator: 'greater_than_equal', value: query.from });
  if (query.to) all.push({ attribute: 'startsAt', comparator: 'less_than_equal', value: query.to });
  for (const word of query.q ? wordsOf(query.q) : []) all.push({ attribute: 'words', value: word });
  return all;
}

const venues = new Map<string, Promise<Venue | undefined>>();
function venueOf(id: string): Promise<Venue | undefined> {
  // venues never change once created, so each thread keeps them
  let venue = venues.get(id);
  if (!venue) venues.set(id, (venue = getVenue(id)));
  return venue;
}

export async function eventSummary(event: EventRecord, now = Date.now(), stock?: InventorySnapshot) {
  const venue = await venueOf(event.venueId);
  stock ??= await inventory(event.id);
  return {
    id: event.id,
    name: event.name,
    category: event.category,
    venue: { id: event.venueId, name: venue?.name ?? '', city: event.city },
    startsAt: event.startsAt,
    onSaleAt: event.onSaleAt,
    status: eventStatus(event, stock.totals.available, now),
    minPrice: Math.min(...Object.values(event.prices)),
    available: stock.totals.available,
  };
}

export async function listEvents(query: ListQuery) {
  const matches: EventRecord[] = [];
  const search = { conditions: conditions(query), sort: { attribute: 'startsAt' } };
  for await (const event of tables.Event.search(search) as AsyncIterable<EventRecord>) matches.push(event);
  const page = matches.slice(query.offset, query.offset + query.limit);
  const now = Date.now();
  return {
    items: await Promise.all(page.map((event) => eventSummary(event, now))),
    total: matches.length,
    limit: query.limit,
    offset: query.offset,
  };
}

export async function eventDetail(event: EventRecord, extras: { waitingRoom: object; waitlist: object }) {
  const stock = await inventory(event.id);
  const summary = await eventSummary(event, Date.now(), stock);
  return {
    ...summary,
    description: event.description,
    performers: event.performers,
    sections: stock.sections.map((section) => ({ ...section, price: event.prices[section.name] })),
    ...extras,
  };
}

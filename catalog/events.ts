// Events: what is on, where, when, at which prices, and the rules of its sale.
import type { EventRecord } from '../lib/records/event.js';
import { nanoid } from 'nanoid';
import { found, tables } from '../lib/tables.js';
import { transaction } from '../lib/harper.js';
import { invalid } from '../lib/errors.js';
import { isoTime, plainObject, requireBody, requiredStr, str, stringArray, type Body } from '../lib/validate.js';
import { parseSettings } from './eventSettings.js';
import type { WaitingRoomSettings } from '../lib/records/event.js';
import { getVenue } from './venues.js';
import type { Venue } from '../lib/records/venue.js';
import { createSeats } from './seating.js';
import { CATEGORIES, wordsOf } from './eventRules.js';
import { lockKey, withLocks } from '../lib/locks.js';

function parseCategory(body: Body): string {
  const category = requiredStr(body, 'category', 40).toLowerCase();
  if (!(CATEGORIES as readonly string[]).includes(category)) {
    throw invalid(`"category" must be one of ${CATEGORIES.join(', ')}.`, { field: 'category' });
  }
  return category;
}

function parsePrices(value: unknown, venue: Venue, current?: Record<string, number>): Record<string, number> {
  const prices = { ...current, ...plainObject(value, 'prices') } as Record<string, unknown>;
  for (const section of venue.sections) {
    const price = prices[section.name];
    if (!Number.isInteger(price) || (price as number) < 0 || (price as number) > 10_000_000) {
      throw invalid(`"prices" needs a price in whole cents (0 to 10,000,000) for section "${section.name}".`, { field: 'prices' });
    }
  }
  const unknown = Object.keys(prices).filter((name) => !venue.sections.some((s) => s.name === name));
  if (unknown.length) throw invalid(`"prices" names sections the venue does not have: ${unknown.join(', ')}.`, { field: 'prices' });
  return prices as Record<string, number>;
}

function checkDates(startsAt: string, onSaleAt: string): void {
  if (Date.parse(onSaleAt) > Date.parse(startsAt)) throw invalid('"onSaleAt" must not be after "startsAt".', { field: 'onSaleAt' });
}

export async function createEvent(data: unknown): Promise<EventRecord> {
  const body = requireBody(data);
  const venueId = requiredStr(body, 'venueId', 100);
  const venue = await getVenue(venueId);
  if (!venue) throw invalid('"venueId" names no venue.', { field: 'venueId' });
  const name = requiredStr(body, 'name');
  const performers = body.performers === undefined ? [] : stringArray(body.performers, 'performers', 50);
  const startsAt = isoTime(body.startsAt, 'startsAt');
  const onSaleAt = isoTime(body.onSaleAt, 'onSaleAt');
  checkDates(startsAt, onSaleAt);
  const now = new Date().toISOString();
  const event: EventRecord = {
    id: `e-${nanoid(10)}`,
    name,
    category: parseCategory(body),
    venueId,
    city: venue.city,
    startsAt,
    onSaleAt,
    description: str(body, 'description', { optional: true, max: 5000 }) ?? '',
    performers,
    words: wordsOf(name, ...performers),
    prices: parsePrices(body.prices, venue),
    sections: venue.sections.map((s) => s.name),
    ...parseSettings(body),
    cancelled: false,
    createdAt: now,
    updatedAt: now,
  };
  const ctx = {};
  await transaction(ctx, async () => {
    await tables.Event.put(event, ctx);
    await createSeats(event.id, venue, ctx);
  });
  return event;
}

const PATCHABLE = new Set([
  'name', 'category', 'startsAt', 'onSaleAt', 'description', 'performers', 'prices',
  'holdSeconds', 'maxPerOrder', 'offerSeconds', 'waitingRoom', 'status',
]);

export async function patchEvent(id: string, data: unknown): Promise<EventRecord> {
  const body = requireBody(data);
  const unknown = Object.keys(body).filter((field) => !PATCHABLE.has(field));
  if (unknown.length) throw invalid(`These fields cannot be changed: ${unknown.join(', ')}.`, { fields: unknown });
  if (body.status !== undefined && body.status !== 'cancelled') {
    throw invalid('"status" can only be set to "cancelled".', { field: 'status' });
  }
  // two organizers patching at once must not undo each other's change
  return withLocks([lockKey.named(`event:${id}`)], async (ctx) => {
    const event = found(await tables.Event.get(id, ctx), 'event');
    const name = body.name === undefined ? event.name : requiredStr(body, 'name');
    const performers = body.performers === undefined ? event.performers : stringArray(body.performers, 'performers', 50);
    const startsAt = body.startsAt === undefined ? event.startsAt : isoTime(body.startsAt, 'startsAt');
    const onSaleAt = body.onSaleAt === undefined ? event.onSaleAt : isoTime(body.onSaleAt, 'onSaleAt');
    checkDates(startsAt, onSaleAt);
    const prices =
      body.prices === undefined ? event.prices : parsePrices(body.prices, found(await getVenue(event.venueId), 'venue'), event.prices);
    const updated: EventRecord = {
      ...event,
      name,
      category: body.category === undefined ? event.category : parseCategory(body),
      startsAt,
      onSaleAt,
      description: body.description === undefined ? event.description : (str(body, 'description', { optional: true, max: 5000 }) ?? ''),
      performers,
      words: wordsOf(name, ...performers),
      prices,
      ...parseSettings(body, event),
      cancelled: event.cancelled || body.status === 'cancelled',
      updatedAt: new Date().toISOString(),
    };
    await tables.Event.put(updated, ctx);
    return updated;
  });
}

/** Organizer changes to the gate of a running sale (PATCH /gate/{eventId}). */
export async function updateWaitingRoom(id: string, changes: Partial<Pick<WaitingRoomSettings, 'admitPerMinute' | 'maxActive' | 'paused'>>): Promise<EventRecord> {
  return withLocks([lockKey.named(`event:${id}`)], async (ctx) => {
    const event = found(await tables.Event.get(id, ctx), 'event');
    const updated = { ...event, waitingRoom: { ...event.waitingRoom, ...changes }, updatedAt: new Date().toISOString() };
    await tables.Event.put(updated, ctx);
    return updated;
  });
}

export async function getEvent(id: string): Promise<EventRecord | undefined> {
  return tables.Event.get(id);
}

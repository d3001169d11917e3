// Events: what is on, where, when, at which prices, and the rules of its sale.
import { nanoid } from 'nanoid';
import { tables, transaction } from '../lib/harper.js';
import { invalid, notFound } from '../lib/errors.js';
import type { EventCreate, EventPatch } from '../lib/wire/organizer.js';
import { parseSettings, type EventSettings, type WaitingRoomSettings } from './eventSettings.js';
import { getVenue, type Venue } from './venues.js';
import { createSeats } from '../checkout/seating.js';
import { wordsOf } from './eventRules.js';
import { lockKey, withSeatLock } from '../checkout/seatLock.js';

export interface EventRecord extends EventSettings {
  id: string;
  name: string;
  category: string;
  venueId: string;
  city: string;
  startsAt: string;
  onSaleAt: string;
  description: string;
  performers: string[];
  /** lower-case words of the name and performers, indexed for `q` */
  words: string[];
  prices: Record<string, number>;
  /** section names in venue order */
  sections: string[];
  cancelled: boolean;
  createdAt: string;
  updatedAt: string;
}

function parsePrices(value: Record<string, number>, venue: Venue, current?: Record<string, number>): Record<string, number> {
  const prices: Record<string, unknown> = { ...current, ...value };
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

export async function createEvent(body: EventCreate): Promise<EventRecord> {
  const { venueId, name, startsAt, onSaleAt } = body;
  const venue = await getVenue(venueId);
  if (!venue) throw invalid('"venueId" names no venue.', { field: 'venueId' });
  const performers = body.performers ?? [];
  checkDates(startsAt, onSaleAt);
  const now = new Date().toISOString();
  const event: EventRecord = {
    id: `e-${nanoid(10)}`,
    name,
    category: body.category,
    venueId,
    city: venue.city,
    startsAt,
    onSaleAt,
    description: body.description ?? '',
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

export async function patchEvent(id: string, body: EventPatch): Promise<EventRecord> {
  // two organizers patching at once must not undo each other's change
  return withSeatLock([lockKey.named(`event:${id}`)], async (ctx) => {
    const stored = await tables.Event.get(id, ctx);
    if (!stored) throw notFound('event');
    const event = { ...stored } as EventRecord;
    const name = body.name ?? event.name;
    const performers = body.performers ?? event.performers;
    const startsAt = body.startsAt ?? event.startsAt;
    const onSaleAt = body.onSaleAt ?? event.onSaleAt;
    checkDates(startsAt, onSaleAt);
    const prices =
      body.prices === undefined ? event.prices : parsePrices(body.prices, (await getVenue(event.venueId)) as Venue, event.prices);
    const updated: EventRecord = {
      ...event,
      name,
      category: body.category ?? event.category,
      startsAt,
      onSaleAt,
      description: body.description === undefined ? event.description : (body.description ?? ''),
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
  return withSeatLock([lockKey.named(`event:${id}`)], async (ctx) => {
    const stored = await tables.Event.get(id, ctx);
    if (!stored) throw notFound('event');
    const event = stored as EventRecord;
    const updated = { ...event, waitingRoom: { ...event.waitingRoom, ...changes }, updatedAt: new Date().toISOString() };
    await tables.Event.put(updated, ctx);
    return updated;
  });
}

export async function getEvent(id: string): Promise<EventRecord | undefined> {
  const event = await tables.Event.get(id);
  return event ? ({ ...event } as EventRecord) : undefined;
}

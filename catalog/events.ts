// Events: what is on, where, when, at which prices, and the rules of its sale.
import type { EventRecord } from '../lib/records/event.js';
import { nanoid } from 'nanoid';
import { found, tables } from '../lib/tables.js';
import { transaction } from '../lib/harper.js';
import { newDraw } from '../lib/records/draw.js';
import { recordChanges } from './changeLog.js';
import { invalid } from '../lib/errors.js';
import type { EventCreate, EventPatch } from '../lib/wire/organizer.js';
import { parseSettings } from './eventSettings.js';
import type { WaitingRoomSettings } from '../lib/records/event.js';
import { getVenue } from './venues.js';
import type { SectionPlace, Venue } from '../lib/records/venue.js';
import { createSeats } from './seating.js';
import { wordsOf } from './eventRules.js';
import { chooseOwner } from './owners.js';
import { eventChange } from './ownership.js';

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

/** The sections' places on the venue's plan, if the venue gave any. */
function layoutsOf(venue: Venue): { layouts?: Record<string, SectionPlace> } {
  const placed = venue.sections.filter((s) => s.layout);
  return placed.length ? { layouts: Object.fromEntries(placed.map((s) => [s.name, s.layout as SectionPlace])) } : {};
}

export async function createEvent(body: EventCreate): Promise<EventRecord> {
  const { venueId, name, startsAt, onSaleAt } = body;
  const venue = await getVenue(venueId);
  if (!venue) throw invalid('"venueId" names no venue.', { field: 'venueId' });
  const performers = body.performers ?? [];
  checkDates(startsAt, onSaleAt);
  const owner = await chooseOwner(body.owner);
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
    ...layoutsOf(venue),
    ...parseSettings(body),
    cancelled: false,
    owner,
    createdAt: now,
    updatedAt: now,
  };
  const ctx = {};
  await transaction(ctx, async () => {
    await tables.Event.put(event, ctx);
    await createSeats(event.id, venue, ctx);
    // the draw's seed is fixed before anyone can join: its hash is public from now on
    await tables.Draw.put(newDraw(event.id), ctx);
  });
  return event;
}

/** An organizer's change to an event; `by` (the organizer) goes in the change log. */
export async function patchEvent(id: string, body: EventPatch, by: string): Promise<EventRecord> {
  // two organizers patching at once must not undo each other's change
  return eventChange(id, async (ctx) => {
    const event = found(await tables.Event.get(id, ctx), 'event');
    const name = body.name ?? event.name;
    const performers = body.performers ?? event.performers;
    const startsAt = body.startsAt ?? event.startsAt;
    const onSaleAt = body.onSaleAt ?? event.onSaleAt;
    checkDates(startsAt, onSaleAt);
    const prices =
      body.prices === undefined ? event.prices : parsePrices(body.prices, found(await getVenue(event.venueId), 'venue'), event.prices);
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
    await recordChanges(event, updated, by, ctx);
    return updated;
  });
}

/** Organizer changes to the gate of a running sale (PATCH /gate/{eventId}). */
export async function updateWaitingRoom(
  id: string,
  changes: Partial<Pick<WaitingRoomSettings, 'admitPerMinute' | 'maxActive' | 'paused'>>,
  by: string,
): Promise<EventRecord> {
  return eventChange(id, async (ctx) => {
    const event = found(await tables.Event.get(id, ctx), 'event');
    const updated = { ...event, waitingRoom: { ...event.waitingRoom, ...changes }, updatedAt: new Date().toISOString() };
    await tables.Event.put(updated, ctx);
    await recordChanges(event, updated, by, ctx);
    return updated;
  });
}

export async function getEvent(id: string): Promise<EventRecord | undefined> {
  return tables.Event.get(id);
}

// The sold-out waitlist as fans use it: join, read, leave. Offers are made by
// the matcher on worker thread 0 (waitlistMatcher.ts).
import { waitlistKeyOf, waitlistPrefixOf, type WaitlistEntry } from '../lib/records/waitlist.js';
import { randomInt } from 'node:crypto';
import { nanoid } from 'nanoid';
import { found, tables } from '../lib/tables.js';
import { busy, conflict, invalid, notFound } from '../lib/errors.js';
import type { WaitlistEntry as EntryView, WaitlistJoin } from '../lib/wire/checkout.js';
import { getEvent } from '../catalog/events.js';
import { eventStatus } from '../catalog/eventRules.js';
import { closeHold, getHold, holdKeys, holdView } from './holds.js';
import { anyAvailableNow, inventory } from '../catalog/inventory.js';
import { lockKey } from '../lib/locks.js';
import { ownedChange } from '../catalog/ownership.js';
import { fanId } from '../lib/records/ids.js';
import { journal } from '../lib/journal.js';

export async function joinWaitlist(body: WaitlistJoin): Promise<EntryView> {
  const event = await getEvent(body.eventId);
  if (!event) throw notFound('event');
  const { quantity } = body;
  if (quantity > event.maxPerOrder)
    throw invalid(`"quantity" must be a whole number from 1 to ${event.maxPerOrder}.`, { field: 'quantity' });
  const section = body.section || null;
  if (section && !event.sections.includes(section)) throw invalid(`The event has no section "${section}".`, { field: 'section' });
  const { totals } = await inventory(event.id);
  let status = eventStatus(event, totals.available);
  // the snapshot may be older than the page that showed the fan "sold out": a refusal is checked on the seats themselves
  if (status === 'on_sale' && !(await anyAvailableNow(event.id))) status = 'sold_out';
  if (status === 'on_sale') throw conflict('seats_available', 'Seats are still on sale: join the queue instead.', { queue: '/queue/' });
  if (status !== 'sold_out') throw conflict('not_on_sale', `This event is ${status.replace('_', ' ')}.`);
  const now = Date.now();
  const seq = now * 1000 + randomInt(1000);
  const entry: WaitlistEntry = {
    id: fanId('w', event.id, nanoid(24)),
    eventId: event.id,
    quantity,
    section,
    state: 'waiting',
    seq,
    waitKey: waitlistKeyOf(event.id, seq),
    holdId: null,
    joinedAt: now,
    offeredAt: null,
    endedAt: null,
  };
  await ownedChange(entry.eventId, [lockKey.waitlist(entry.id)], (ctx) => tables.WaitlistEntry.put(entry, ctx));
  return entryView(entry);
}

export async function readEntry(id: string) {
  const entry = await tables.WaitlistEntry.get(id);
  if (!entry) throw notFound('waitlist entry');
  return entryView(entry);
}

/** Leaves the waitlist; an open offer's hold is released in the same change, and its seats go to the next fan. */
export async function leaveWaitlist(id: string): Promise<void> {
  // an entry is offered at most once, so a second pass always finds the hold it locked
  for (let attempt = 1; attempt <= 3; attempt++) {
    const entry = await tables.WaitlistEntry.get(id);
    if (!entry) throw notFound('waitlist entry');
    const offer = entry.state === 'offered' && entry.holdId ? await getHold(entry.holdId) : undefined;
    const left = await ownedChange(entry.eventId, [lockKey.waitlist(id), ...(offer ? holdKeys(offer) : [])], async (ctx) => {
      const current = found(await tables.WaitlistEntry.get(id, ctx), 'waitlist entry');
      if (current.state === 'offered' && current.holdId !== offer?.id) return { done: false }; // offered meanwhile: lock that hold too
      const released = current.state === 'offered' ? await closeHold(current.holdId as string, 'released', ctx) : undefined;
      if (current.state === 'waiting' || current.state === 'offered') {
        await tables.WaitlistEntry.put({ ...current, state: 'left', waitKey: null, endedAt: Date.now() }, ctx);
      }
      return { done: true, released };
    });
    if (left.released?.ended) journal.holdEnded(left.released.hold, 'released');
    if (left.done) return;
  }
  throw busy('This waitlist entry is changing right now; try again in a moment.');
}

async function positionOf(entry: WaitlistEntry): Promise<number | null> {
  if (entry.state !== 'waiting' || !entry.waitKey) return null;
  let ahead = 0;
  const query = {
    conditions: [{ attribute: 'waitKey', comparator: 'between', value: [waitlistPrefixOf(entry.eventId), entry.waitKey] }],
    select: ['id'],
  };
  for await (const other of tables.WaitlistEntry.search(query)) if (other.id !== entry.id) ahead++;
  return ahead + 1;
}

async function entryView(entry: WaitlistEntry): Promise<EntryView> {
  const hold = entry.state === 'offered' && entry.holdId ? await tables.Hold.get(entry.holdId) : undefined;
  return {
    waitlistId: entry.id,
    eventId: entry.eventId,
    position: await positionOf(entry),
    quantity: entry.quantity,
    section: entry.section,
    state: entry.state,
    ...(hold ? { offer: holdView(hold) } : {}),
  };
}

/** The latest state of an entry, as a late subscriber's first message. */
export async function currentMessage(id: string): Promise<Record<string, unknown> | undefined> {
  const entry = await tables.WaitlistEntry.get(id);
  return entry ? entryMessage(await entryView(entry)) : undefined;
}

/** A waitlist entry as a message on its topic. */
export function entryMessage(view: EntryView): Record<string, unknown> {
  if (view.offer && view.offer.status === 'active') return { type: 'offer', ...offerOf(view.offer) };
  if (view.state === 'lapsed') return { type: 'expired' };
  return { type: 'position', position: view.position, ahead: view.position ? view.position - 1 : null, etaSeconds: null, etaRange: null };
}

export function offerOf(hold: ReturnType<typeof holdView>) {
  return { holdId: hold.holdId, seats: hold.seats, total: hold.total, expiresAt: hold.expiresAt };
}

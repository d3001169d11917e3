// The sold-out waitlist: fans wait in order of joining; when seats come back
// the first fan whose request they satisfy gets them held for offerSeconds.
// Offers are made by one matcher on worker thread 0, one event at a time, so
// no fan gets two offers at once; the seats themselves are held through the
// seat lock like any hold, so no seat is offered to two fans.
import { randomInt } from 'node:crypto';
import { nanoid } from 'nanoid';
import { tables, logger } from '../lib/harper.js';
import { busy, conflict, invalid, notFound } from '../lib/errors.js';
import type { WaitlistEntry as EntryView, WaitlistJoin } from '../lib/wire/checkout.js';
import { getEvent, type EventRecord } from '../catalog/events.js';
import { eventStatus } from '../catalog/eventRules.js';
import { notifier } from '../realtime/notifier.js';
import { bestAvailable } from './bestAvailable.js';
import { closeHold, getHold, holdKeys, holdSeats, holdView, type HoldRecord } from './holds.js';
import { inventory, refresh } from './inventory.js';
import { lockKey, withSeatLock } from './seatLock.js';

export type EntryState = 'waiting' | 'offered' | 'done' | 'left' | 'lapsed';

export interface WaitlistEntry {
  id: string;
  eventId: string;
  quantity: number;
  section: string | null;
  state: EntryState;
  seq: number;
  waitKey: string | null;
  holdId: string | null;
  joinedAt: number;
  offeredAt: number | null;
  endedAt: number | null;
}

const keyOf = (eventId: string, seq: number) => `${eventId}~${String(seq).padStart(20, '0')}`;
const prefixOf = (eventId: string) => `${eventId}~`;

export async function joinWaitlist(body: WaitlistJoin): Promise<EntryView> {
  const event = await getEvent(body.eventId);
  if (!event) throw notFound('event');
  const { quantity } = body;
  if (quantity > event.maxPerOrder) throw invalid(`"quantity" must be a whole number from 1 to ${event.maxPerOrder}.`, { field: 'quantity' });
  const section = body.section || null;
  if (section && !event.sections.includes(section)) throw invalid(`The event has no section "${section}".`, { field: 'section' });
  const { totals } = await inventory(event.id);
  const status = eventStatus(event, totals.available);
  if (status === 'on_sale') throw conflict('seats_available', 'Seats are still on sale: join the queue instead.', { queue: '/queue/' });
  if (status !== 'sold_out') throw conflict('not_on_sale', `This event is ${status.replace('_', ' ')}.`);
  const now = Date.now();
  const seq = now * 1000 + randomInt(1000);
  const entry: WaitlistEntry = {
    id: `w-${nanoid(24)}`,
    eventId: event.id,
    quantity,
    section,
    state: 'waiting',
    seq,
    waitKey: keyOf(event.id, seq),
    holdId: null,
    joinedAt: now,
    offeredAt: null,
    endedAt: null,
  };
  await withSeatLock([lockKey.waitlist(entry.id)], (ctx) => tables.WaitlistEntry.put(entry, ctx));
  return entryView(entry);
}

export async function readEntry(id: string) {
  const entry = (await tables.WaitlistEntry.get(id)) as WaitlistEntry | undefined;
  if (!entry) throw notFound('waitlist entry');
  return entryView(entry);
}

/** Leaves the waitlist; an open offer's hold is released in the same change, and its seats go to the next fan. */
export async function leaveWaitlist(id: string): Promise<void> {
  // an entry is offered at most once, so a second pass always finds the hold it locked
  for (let attempt = 1; attempt <= 3; attempt++) {
    const entry = (await tables.WaitlistEntry.get(id)) as WaitlistEntry | undefined;
    if (!entry) throw notFound('waitlist entry');
    const offer = entry.state === 'offered' && entry.holdId ? await getHold(entry.holdId) : undefined;
    const left = await withSeatLock([lockKey.waitlist(id), ...(offer ? holdKeys(offer) : [])], async (ctx) => {
      const current = (await tables.WaitlistEntry.get(id, ctx)) as WaitlistEntry;
      if (current.state === 'offered' && current.holdId !== offer?.id) return false; // offered meanwhile: lock that hold too
      if (current.state === 'offered') await closeHold(current.holdId as string, 'released', ctx);
      if (current.state === 'waiting' || current.state === 'offered') {
        await tables.WaitlistEntry.put({ ...current, state: 'left', waitKey: null, endedAt: Date.now() }, ctx);
      }
      return true;
    });
    if (left) return;
  }
  throw busy('This waitlist entry is changing right now; try again in a moment.');
}

/** How many fans wait on an event's waitlist (for the event page). */
export async function waitlistLength(eventId: string): Promise<number> {
  let length = 0;
  const query = { conditions: [{ attribute: 'waitKey', comparator: 'starts_with', value: prefixOf(eventId) }], select: ['id'] };
  for await (const _ of tables.WaitlistEntry.search(query)) length++;
  return length;
}

async function positionOf(entry: WaitlistEntry): Promise<number | null> {
  if (entry.state !== 'waiting' || !entry.waitKey) return null;
  let ahead = 0;
  const query = { conditions: [{ attribute: 'waitKey', comparator: 'between', value: [prefixOf(entry.eventId), entry.waitKey] }], select: ['id'] };
  for await (const other of tables.WaitlistEntry.search(query)) if (other.id !== entry.id) ahead++;
  return ahead + 1;
}

async function entryView(entry: WaitlistEntry): Promise<EntryView> {
  const hold = entry.state === 'offered' && entry.holdId ? ((await tables.Hold.get(entry.holdId)) as HoldRecord | undefined) : undefined;
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
  const entry = (await tables.WaitlistEntry.get(id)) as WaitlistEntry | undefined;
  if (!entry) return undefined;
  const view = await entryView(entry);
  if (view.offer && view.offer.status === 'active') return { type: 'offer', ...offerOf(view.offer) };
  if (entry.state === 'lapsed') return { type: 'expired' };
  return { type: 'position', position: view.position, ahead: view.position ? view.position - 1 : null, etaSeconds: null };
}

function offerOf(hold: ReturnType<typeof holdView>) {
  return { holdId: hold.holdId, seats: hold.seats, total: hold.total, expiresAt: hold.expiresAt };
}

// ---- the matcher (worker thread 0) ----

const running = new Set<string>();
const again = new Set<string>();
// returned seats arrive one change at a time: a burst within this becomes one pass
const BATCH_MS = 20;

/** Offers an event's returned seats to its waitlist, strictly in order; one run at a time per event. */
export function offerReturnedSeats(eventId: string): void {
  if (running.has(eventId)) {
    again.add(eventId);
    return;
  }
  running.add(eventId);
  (async () => {
    try {
      await new Promise((resolve) => setTimeout(resolve, BATCH_MS));
      do {
        again.delete(eventId);
        await matchOffers(eventId);
      } while (again.has(eventId));
    } finally {
      running.delete(eventId); // at once: a seat returned from here on starts a new run
    }
  })().catch((error) => logger.error('waitlist offers failed', error));
}

async function headOfList(eventId: string): Promise<WaitlistEntry | undefined> {
  tables.WaitlistEntry.primaryStore.resetReadTxn();
  const query = { conditions: [{ attribute: 'waitKey', comparator: 'starts_with', value: prefixOf(eventId) }], limit: 1 };
  for await (const entry of tables.WaitlistEntry.search(query, {})) return entry as WaitlistEntry;
  return undefined;
}

async function matchOffers(eventId: string): Promise<void> {
  for (;;) {
    const head = await headOfList(eventId);
    if (!head) return;
    const event = await getEvent(eventId);
    if (!event || event.cancelled) return;
    // every change told so far: the seat that came back may have been told a moment ago
    const seats = chooseSeats(event, (await inventory(eventId, 0)).seats, head);
    if (!seats) return; // strictly in order: the first fan's request is not met yet
    // the offer is a hold for offerSeconds instead of the event's holdSeconds; the entry becomes offered with it
    const hold = await holdSeats({ ...event, holdSeconds: event.offerSeconds }, { waitlistId: head.id }, seats).catch((error) => {
      const code = (error as { code?: string }).code;
      if (code === 'seats_unavailable' || code === 'entry_not_waiting') return undefined; // someone quicker, or the fan left
      throw error;
    });
    // held now by this offer or by someone quicker, or (the fan left) still free: read them again either way
    await refresh(eventId, seats);
    if (!hold) continue;
    notifier.offer(head.id, offerOf(holdView(hold)));
  }
}

function chooseSeats(event: EventRecord, seats: { id: string; section: string; row: number; number: number; state: string }[], entry: WaitlistEntry): string[] | null {
  for (const section of entry.section ? [entry.section] : event.sections) {
    const inSection = seats.filter((seat) => seat.section === section);
    const free = inSection.filter((seat) => seat.state === 'available');
    const choice = bestAvailable(free, entry.quantity, Math.max(0, ...inSection.map((seat) => seat.number)));
    if (choice) return choice;
  }
  return null;
}

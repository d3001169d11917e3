// The waitlist matcher: when seats come back, the first fan on the list whose
// request they satisfy gets them held for offerSeconds. It runs on worker
// thread 0 (checkout/seatWatch.ts), one pass at a time per event, so no fan
// gets two offers at once; the seats themselves are held through the lock like
// any hold, so no seat is offered to two fans.
import { getEvent } from '../catalog/events.js';
import { ownedHere } from '../catalog/owners.js';
import { inventory, refresh } from '../catalog/inventory.js';
import { CoalescingJob } from '../lib/coalescingJob.js';
import type { WaitlistEntry } from '../lib/records/waitlist.js';
import { waitlistPrefixOf } from '../lib/records/waitlist.js';
import { tables } from '../lib/tables.js';
import { notifier } from '../realtime/notifier.js';
import { bestInSection } from './bestAvailable.js';
import { holdSeats, holdView } from './holds.js';
import { offerOf } from './waitlist.js';

// returned seats arrive one change at a time: a burst within this becomes one pass
const BATCH_MS = 20;

const matchers = new Map<string, CoalescingJob>();

/** Offers an event's returned seats to its waitlist, strictly in order; one pass at a time per event. */
export function offerReturnedSeats(eventId: string): void {
  let matcher = matchers.get(eventId);
  if (!matcher) matchers.set(eventId, (matcher = new CoalescingJob('waitlist offers', () => matchOffers(eventId), { batchMs: BATCH_MS })));
  matcher.request();
}

/**
 * At start-up: seats that came back just before the process stopped were
 * never offered (the change that told of them died with it), so every event
 * owned here to come looks at its list once.
 */
export async function offerToEveryWaitlist(): Promise<void> {
  const upcoming = { conditions: [{ attribute: 'startsAt', comparator: 'greater_than', value: new Date().toISOString() }] };
  for await (const event of tables.Event.search(upcoming)) {
    if (ownedHere(event) && !event.cancelled) offerReturnedSeats(event.id);
  }
}

async function headOfList(eventId: string): Promise<WaitlistEntry | undefined> {
  tables.WaitlistEntry.primaryStore.resetReadTxn();
  const query = { conditions: [{ attribute: 'waitKey', comparator: 'starts_with', value: waitlistPrefixOf(eventId) }], limit: 1 };
  for await (const entry of tables.WaitlistEntry.search(query, {})) return entry;
  return undefined;
}

async function matchOffers(eventId: string): Promise<void> {
  for (;;) {
    const head = await headOfList(eventId);
    if (!head) return;
    const event = await getEvent(eventId);
    if (!event || event.cancelled) return;
    // every change told so far: the seat that came back may have been told a moment ago
    const { seats: stock } = await inventory(eventId, 0);
    const sections = head.section ? [head.section] : event.sections;
    const seats = sections.map((section) => bestInSection(stock, section, head.quantity)).find((choice) => choice) ?? null;
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

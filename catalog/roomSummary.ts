// The waiting room and the waitlist as the event page shows them, read from
// the gate's figures (written by the admission ticker) and the waitlist's index.
import { emptyStats } from '../lib/records/gateStats.js';
import type { EventRecord } from '../lib/records/event.js';
import { waitlistPrefixOf } from '../lib/records/waitlist.js';
import { tables } from '../lib/tables.js';

export async function roomSummary(event: EventRecord, now = Date.now()) {
  const stats = (await tables.GateStats.get(event.id)) ?? emptyStats(event.id);
  const opensAt = Date.parse(event.onSaleAt) - event.waitingRoom.prequeueMinutes * 60_000;
  return {
    open: !event.cancelled && now >= opensAt && now < Date.parse(event.startsAt),
    waiting: stats.waiting,
    active: stats.active,
    maxActive: event.waitingRoom.maxActive,
    challenge: event.waitingRoom.challenge ?? 'none',
  };
}

/** How many fans wait on an event's waitlist. */
export async function waitlistLength(eventId: string): Promise<number> {
  let length = 0;
  const query = { conditions: [{ attribute: 'waitKey', comparator: 'starts_with', value: waitlistPrefixOf(eventId) }], select: ['id'] };
  for await (const _ of tables.WaitlistEntry.search(query)) length++;
  return length;
}

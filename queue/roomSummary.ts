// The waiting room as the event page shows it.
import { tables } from '../lib/harper.js';
import type { EventRecord } from '../catalog/events.js';
import { waitKeyPrefix } from './ticketRecord.js';

export async function roomSummary(event: EventRecord, now = Date.now()) {
  let active = 0;
  for await (const t of tables.QueueTicket.search({ conditions: [{ attribute: 'slotEventId', value: event.id }], select: ['tokenExpiresAt'] })) {
    if (t.tokenExpiresAt > now) active++;
  }
  let waiting = 0;
  const line = { conditions: [{ attribute: 'waitKey', comparator: 'starts_with', value: waitKeyPrefix(event.id) }], select: ['id'] };
  for await (const _ of tables.QueueTicket.search(line)) waiting++;
  const opensAt = Date.parse(event.onSaleAt) - event.waitingRoom.prequeueMinutes * 60_000;
  return {
    open: !event.cancelled && now >= opensAt && now < Date.parse(event.startsAt),
    waiting,
    active,
    maxActive: event.waitingRoom.maxActive,
  };
}

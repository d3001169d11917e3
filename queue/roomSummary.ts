// The waiting room as the event page shows it.
import type { EventRecord } from '../catalog/events.js';
import { readStats } from './gateStats.js';

export async function roomSummary(event: EventRecord, now = Date.now()) {
  const stats = await readStats(event.id);
  const opensAt = Date.parse(event.onSaleAt) - event.waitingRoom.prequeueMinutes * 60_000;
  return {
    open: !event.cancelled && now >= opensAt && now < Date.parse(event.startsAt),
    waiting: stats.waiting,
    active: stats.active,
    maxActive: event.waitingRoom.maxActive,
  };
}

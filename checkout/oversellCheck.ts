// The invariant, checked while the node runs: no seat is in two orders that
// stand at once. The locks make that impossible on one owner, and a forced
// move is the only way a cluster can produce it (seatClaims.ts); should it
// ever be found, it is an alert: logged at error level and counted in
// /metrics (ticketing_oversold_seats_total), once per seat. Worker 0 reads
// the orders of each event it owns every CHECK_MS.
import { logger } from '../lib/harper.js';
import { journal } from '../lib/journal.js';
import type { OrderRecord } from '../lib/records/order.js';
import { tables } from '../lib/tables.js';
import { ownedHere } from '../catalog/owners.js';
import { seatConflicts } from './seatClaims.js';

const CHECK_MS = Number(process.env.TICKETING_OVERSELL_CHECK_MS ?? 60_000);
const reported = new Set<string>();

async function checkEvent(eventId: string): Promise<void> {
  const orders: OrderRecord[] = [];
  for await (const order of tables.Order.search({ conditions: [{ attribute: 'eventId', value: eventId }] })) orders.push(order);
  for (const conflict of seatConflicts(eventId, [], orders)) {
    if (reported.has(conflict.seatId)) continue;
    reported.add(conflict.seatId);
    journal.oversold(
      eventId,
      conflict.seatId,
      conflict.claims.map((claim) => claim.id),
    );
  }
}

async function checkAll(): Promise<void> {
  const now = new Date().toISOString();
  for await (const event of tables.Event.search({ conditions: [{ attribute: 'startsAt', comparator: 'greater_than', value: now }] })) {
    if (ownedHere(event)) await checkEvent(event.id);
  }
}

export function startOversellCheck(): void {
  setInterval(() => checkAll().catch((error) => logger.warn('oversell check failed', error)), CHECK_MS).unref();
}

// The seats claimed twice in events moved without their owner, for GET
// /cluster (the rule is seatClaims.ts).
import { tables } from '../lib/tables.js';
import type { SeatConflict } from '../lib/wire/cluster.js';
import { seatConflicts } from './seatClaims.js';

async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const list: T[] = [];
  for await (const row of rows) list.push(row);
  return list;
}

/** Conflicts in every event that was ever moved without its owner. */
export async function conflictsAfterForcedMoves(): Promise<SeatConflict[]> {
  const found: SeatConflict[] = [];
  for await (const event of tables.Event.search({})) {
    if (!event.forcedMoves?.length) continue;
    const byEvent = { conditions: [{ attribute: 'eventId', value: event.id }] };
    const [holds, orders] = await Promise.all([all(tables.Hold.search(byEvent)), all(tables.Order.search(byEvent))]);
    found.push(...seatConflicts(event.id, holds, orders));
  }
  return found;
}

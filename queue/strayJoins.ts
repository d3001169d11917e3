// Fans who joined through another node reach the owner as replicated tickets,
// and the notice of their join (queueChanges.ts) may reach it before the
// ticket does: then the ticker finds nobody to place and forgets the event.
// Once a second the owner looks, for each event it owns still to come, for a
// ticket without a place, so no such join waits longer than that.
import { tables } from '../lib/tables.js';
import { ownedHere } from '../catalog/owners.js';
import { unplacedIds } from './lineReads.js';

/** Ids of events owned here with at least one ticket waiting for a place. */
export async function eventsWithUnplaced(): Promise<string[]> {
  const found: string[] = [];
  const upcoming = { conditions: [{ attribute: 'startsAt', comparator: 'greater_than', value: new Date().toISOString() }] };
  for await (const event of tables.Event.search(upcoming)) {
    if (ownedHere(event) && !event.cancelled && unplacedIds(event.id, 1).length) found.push(event.id);
  }
  return found;
}

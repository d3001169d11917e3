// Fans who joined through another node reach the owner as replicated tickets,
// with no notice of their own: only the owner announces joins, since one
// topic written from several nodes is what Harper fails to apply
// (docs/harper.md). Once a second the owner looks, for each event it owns
// still to come, for a ticket without a place, so no such join waits longer
// than that for its place.
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

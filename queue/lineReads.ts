// Reading an event's line in order (the waitKey index: "<eventId>~<place>").
import { tables } from '../lib/tables.js';
import { waitKeyOf, type TicketRecord } from '../lib/records/ticket.js';

/** The fans waiting in an event's line from place `from` on, in order (at most `limit`). */
export async function lineFrom(eventId: string, from: number, limit?: number): Promise<TicketRecord[]> {
  const query = {
    conditions: [{ attribute: 'waitKey', comparator: 'greater_than_equal', value: waitKeyOf(eventId, from) }],
    ...(limit ? { limit } : {}),
  };
  const found: TicketRecord[] = [];
  for await (const t of tables.QueueTicket.search(query)) {
    if (t.eventId !== eventId) break; // the next event's line
    found.push(t);
  }
  return found;
}

/**
 * The places of the fans waiting from place `from` on (at most `limit`), read
 * from the keys of the line's index alone: the hole check reads thousands a
 * tick, and Harper's search took 0.5 to 5 s for 5,000 past 200,000 fans.
 */
export function placesFrom(eventId: string, from: number, limit: number): number[] {
  const keys = tables.QueueTicket.indices.waitKey.getRange({ start: waitKeyOf(eventId, from), end: `${eventId}~~`, limit });
  return Array.from(keys, ({ key }) => Number(String(key).slice(eventId.length + 1)));
}

/**
 * Ids of an event's tickets still without a place (at most `limit`), read
 * from the keys of the unplaced index: under joins through every node the
 * backlog grew faster than a search could read it each tick.
 */
export function unplacedIds(eventId: string, limit?: number): string[] {
  const range = { start: eventId, end: `${eventId}\u0000`, ...(limit ? { limit } : {}) };
  return Array.from(tables.QueueTicket.indices.unplaced.getRange(range), ({ value }) => String(value));
}

/**
 * The `limit` earliest arrivals among the first `scan` tickets without a
 * place: the index orders them by id, not by arrival, so a backlog placed a
 * batch at a time would otherwise let later joiners overtake earlier ones.
 */
export function earliestUnplaced(eventId: string, limit: number, scan: number): string[] {
  const ids = unplacedIds(eventId, scan);
  if (ids.length <= limit) return ids;
  const seqOf = new Map(ids.map((id) => [id, tables.QueueTicket.primaryStore.getEntry(id)?.value as { seq?: number } | undefined]));
  const seq = (id: string) => seqOf.get(id)?.seq ?? Number.MAX_VALUE;
  return ids.sort((a, b) => seq(a) - seq(b)).slice(0, limit);
}

/**
 * The ids of events with a ticket in the line, in a checkout slot or waiting
 * for a place: one index key per event (a skip from each event's first key
 * to the next event's), so start-up reads nothing of the tickets themselves.
 */
export function eventsWithLiveTickets(): Set<string> {
  const found = new Set<string>();
  const { indices } = tables.QueueTicket;
  // unplaced and slotEventId are keyed by the event id; waitKey by "<eventId>~<place>"
  for (const [index, eventOf, after] of [
    [indices.unplaced, (key: string) => key, (id: string) => `${id}\u0000`],
    [indices.slotEventId, (key: string) => key, (id: string) => `${id}\u0000`],
    [indices.waitKey, (key: string) => key.slice(0, key.lastIndexOf('~')), (id: string) => `${id}~~`],
  ] as const) {
    let start = '';
    for (;;) {
      const [first] = index.getRange({ start, limit: 1 });
      if (!first) break;
      const eventId = eventOf(String(first.key));
      found.add(eventId);
      start = after(eventId);
    }
  }
  return found;
}

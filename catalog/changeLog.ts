// Who changed what about an event, and when: every organizer change to the
// event's fields and its gate, one record per field, for the dashboard's
// change log (GET /gate/{eventId} `changes`).
import { nanoid } from 'nanoid';
import type { ChangeContext } from '../lib/harper.js';
import type { EventRecord } from '../lib/records/event.js';
import type { ChangeEntry } from '../lib/records/gateHistory.js';
import { tables } from '../lib/tables.js';

const EVENT_FIELDS = ['name', 'category', 'startsAt', 'onSaleAt', 'description', 'performers', 'prices'] as const;
const SETTINGS = ['holdSeconds', 'maxPerOrder', 'offerSeconds'] as const;

/** The fields an organizer may change, flattened: waitingRoom settings as "waitingRoom.<name>", cancellation as "status". */
function fieldsOf(event: EventRecord): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of [...EVENT_FIELDS, ...SETTINGS]) fields[name] = event[name];
  for (const [name, value] of Object.entries(event.waitingRoom)) fields[`waitingRoom.${name}`] = value;
  fields.status = event.cancelled ? 'cancelled' : 'active';
  return fields;
}

/** Records each field that differs between before and after, in the change's transaction. */
export async function recordChanges(before: EventRecord, after: EventRecord, by: string, ctx: ChangeContext): Promise<void> {
  const was = fieldsOf(before);
  const now = fieldsOf(after);
  const at = Date.now();
  for (const [field, to] of Object.entries(now)) {
    const from = was[field] ?? null;
    if (JSON.stringify(from) === JSON.stringify(to ?? null)) continue;
    const id = `${after.id}~${String(at).padStart(15, '0')}~${nanoid(6)}`;
    await tables.EventChange.put({ id, eventId: after.id, at: new Date(at).toISOString(), by, field, from, to: to ?? null }, ctx);
  }
}

/** The event's latest changes, newest first. */
export async function recentChanges(eventId: string, limit: number): Promise<Omit<ChangeEntry, 'id' | 'eventId'>[]> {
  const query = { conditions: [{ attribute: 'eventId', value: eventId }], sort: { attribute: 'id', descending: true }, limit };
  const found: Omit<ChangeEntry, 'id' | 'eventId'>[] = [];
  for await (const { at, by, field, from, to } of tables.EventChange.search(query)) found.push({ at, by, field, from, to });
  return found;
}

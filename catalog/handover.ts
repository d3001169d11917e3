// The handover check of a planned move (ownership.ts). Harper's replication
// can lose a transaction on a peer for good (docs/harper.md), so before the
// old owner names the new one, it compares the version of each of the
// event's sale records on both nodes: seats, holds, orders, waitlist entries
// and the tickets that hold a checkout slot. A record the new owner still
// lacks, at the same version, a round later was lost rather than late: the
// old owner writes it again, unchanged, and Harper's replication carries the
// new version over. The move goes ahead only once both nodes agree.
import { busy } from '../lib/errors.js';
import { logger } from '../lib/harper.js';
import { withLocks } from '../lib/locks.js';
import { tables, type Tables } from '../lib/tables.js';
import { behind, behindAt, type Digest, lost } from './versionDiff.js';

export type { Digest };

const SALE_RECORDS: { table: keyof Tables; attribute: string }[] = [
  { table: 'Seat', attribute: 'eventId' },
  { table: 'Hold', attribute: 'eventId' },
  { table: 'Order', attribute: 'eventId' },
  { table: 'WaitlistEntry', attribute: 'eventId' },
  { table: 'QueueTicket', attribute: 'slotEventId' },
];
const ROUNDS = 12;
const ROUND_MS = 250;

/** The versions of the event's sale records as this node has them. */
export async function eventDigest(eventId: string): Promise<Digest> {
  const digest: Digest = {};
  for (const { table, attribute } of SALE_RECORDS) {
    const { primaryStore } = tables[table];
    primaryStore.resetReadTxn();
    for await (const record of tables[table].search({ conditions: [{ attribute, value: eventId }], select: ['id'] }) as AsyncIterable<
      string | { id: string }
    >) {
      const id = typeof record === 'string' ? record : record.id;
      const version = primaryStore.getEntry(id)?.version;
      if (version !== undefined) digest[`${table}/${id}`] = version;
    }
  }
  return digest;
}

/** Until `theirs` has every sale record of the event at our version (about 3 s at most, else 503). */
export async function handOver(eventId: string, theirs: () => Promise<Digest>): Promise<void> {
  let earlier = new Set<string>();
  for (let round = 0; round < ROUNDS; round++) {
    const mine = await eventDigest(eventId);
    const late = behind(mine, await theirs());
    if (!late.length) return;
    const missing = lost(late, mine, earlier);
    if (missing.length)
      logger.warn(`move of ${eventId}: the new owner lacks ${missing.length} records (${missing.slice(0, 5).join(', ')}); sent again`);
    await writeAgain(missing);
    earlier = behindAt(late, mine);
    await new Promise((resolve) => setTimeout(resolve, ROUND_MS));
  }
  throw busy('The new owner has not received every change of this event yet; the event stays here: try the move again.');
}

/** Writes these records again, unchanged, so that replication sends them once more. */
async function writeAgain(keys: string[]): Promise<void> {
  if (!keys.length) return;
  await withLocks([], async (ctx) => {
    for (const key of keys) {
      const [table, id] = [key.slice(0, key.indexOf('/')) as keyof Tables, key.slice(key.indexOf('/') + 1)];
      const record = await tables[table].get(id, ctx);
      if (record) await (tables[table] as { put(record: unknown, ctx: object): Promise<void> }).put(record, ctx);
    }
  });
}

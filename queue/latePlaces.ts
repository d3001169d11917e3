// Places for fans who join once the sale is open, handed out by the join
// itself: one counter per event in memory shared by all worker threads
// (lmdb-js's shared buffers), taken with an atomic add, so no ticket needs a
// second write to be numbered: in an on-sale burst worker 0 would spend most
// of its time on those writes.
//
// The counter starts, once per process and owner epoch, just above the
// highest late place stored for the event (read under a lock, so every thread
// starts from the same count; an event moved away and back starts afresh from
// the places its other owner gave). A place taken by a join that then failed, or was cut off by a
// crash, stays empty: the ticker finds such holes (lineHoles.ts).
import { tables } from '../lib/tables.js';
import { lockKey, withLocks } from '../lib/locks.js';
import type { EventRecord } from '../lib/records/event.js';
import { LATE_BASE } from './line.js';

type Owned = Pick<EventRecord, 'id' | 'ownerEpoch'>;

const counters = new Map<string, BigInt64Array>();

/** The event's counter: the next late place, less LATE_BASE. */
async function counterOf(event: Owned): Promise<BigInt64Array> {
  const key = `late-places:${event.id}:${event.ownerEpoch ?? 0}`;
  let counter = counters.get(key);
  if (!counter) {
    // -1: nobody has read the stored places yet in this process
    const buffer = tables.QueueTicket.primaryStore.getUserSharedBuffer(key, new BigInt64Array([-1n]).buffer);
    counters.set(key, (counter = new BigInt64Array(buffer)));
  }
  if (Atomics.load(counter, 0) < 0n) await startCounter(event.id, counter);
  return counter;
}

/** The next late place of an event's line. */
export async function takeLatePlace(event: Owned): Promise<number> {
  return LATE_BASE + Number(Atomics.add(await counterOf(event), 0, 1n));
}

/** The last late place given so far (LATE_BASE when none). */
export async function lastLatePlace(event: Owned): Promise<number> {
  return LATE_BASE + Number(Atomics.load(await counterOf(event), 0)) - 1;
}

async function startCounter(eventId: string, counter: BigInt64Array): Promise<void> {
  await withLocks([lockKey.named(`late-places:${eventId}`)], async () => {
    if (Atomics.load(counter, 0) >= 0n) return; // another thread read them first
    let highest = LATE_BASE;
    for await (const ticket of tables.QueueTicket.search({ conditions: [{ attribute: 'eventId', value: eventId }] })) {
      if (ticket.place !== null && ticket.place > highest) highest = ticket.place;
    }
    Atomics.store(counter, 0, BigInt(highest - LATE_BASE + 1));
  });
}

// The one lock helper for every change that reads, checks and writes shared
// state: seats, holds, orders, queue tickets, waitlist entries, an event's
// settings, the token key. Harper does not make read-check-write atomic
// (docs/harper.md): two requests can both see a seat free and both write it.
// lmdb-js's lock on a store key works across all worker threads of the
// process, so we take it on every key a change touches, in sorted order so two
// changes never wait on each other, then read fresh state, check and write in a
// transaction of our own that is committed before the locks are let go,
// stamped newer than every record it read (stampAfterReads).
import { busy } from './errors.js';
import { type ChangeContext, stampAfterReads, transaction } from './harper.js';
import { type LockStore, tables } from './tables.js';
import { journal } from './journal.js';

const LOCK_VERSION = 1;
const WAIT_MS = 5000;

// Test-only negative control: the race tests start one Harper with this set to
// prove they can see a double sale (seat keys go unlocked; tickets, holds and
// orders stay locked so the rest of the app keeps working). Never set it anywhere else.
const seatLocksDisabled = process.env.TICKETING_UNSAFE_DISABLE_SEAT_LOCK === '1';

export const lockKey = {
  seat: (seatId: string) => `seat:${seatId}`,
  hold: (holdId: string) => `hold:${holdId}`,
  order: (orderId: string) => `order:${orderId}`,
  ticket: (ticketId: string) => `ticket:${ticketId}`,
  waitlist: (waitlistId: string) => `waitlist:${waitlistId}`,
  idempotency: (key: string) => `idem:${key}`,
  named: (name: string) => `named:${name}`,
};

/** Runs `change` holding the locks of `keys`, in a transaction committed before they are let go. */
export async function withLocks<T>(keys: string[], change: (ctx: ChangeContext) => Promise<T>): Promise<T> {
  // every key lives in one store: the lock is per key, whichever table the key names
  const store = tables.Seat.primaryStore;
  const sorted = [...new Set(keys)].sort();
  const taken: string[] = [];
  const deadline = Date.now() + WAIT_MS;
  const started = performance.now();
  try {
    for (const key of sorted) {
      if (seatLocksDisabled && key.startsWith('seat:')) continue;
      try {
        await acquire(store, key, deadline);
      } catch (error) {
        journal.lockConflict(sorted, (performance.now() - started) / 1000);
        throw error;
      }
      taken.push(key);
    }
    if (sorted.some((key) => key.startsWith('seat:'))) journal.lockWaited((performance.now() - started) / 1000);
    // this thread's shared read snapshot may predate the last holder's commit
    store.resetReadTxn();
    const ctx: ChangeContext = {};
    return await transaction(ctx, async () => {
      const result = await change(ctx);
      stampAfterReads(ctx);
      return result;
    });
  } finally {
    for (const key of taken) store.unlock(key, LOCK_VERSION);
  }
}

function acquire(store: LockStore, key: string, deadline: number): Promise<void> | undefined {
  if (store.attemptLock(key, LOCK_VERSION, () => undefined)) return;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const retry = () => {
      if (settled) return;
      if (store.attemptLock(key, LOCK_VERSION, retry)) {
        settled = true;
        clearTimeout(timer);
        resolve();
      }
    };
    const timer = setTimeout(
      () => {
        settled = true;
        reject(busy('Too many people are changing these seats right now; try again in a moment.'));
      },
      Math.max(0, deadline - Date.now()),
    );
    retry();
  });
}

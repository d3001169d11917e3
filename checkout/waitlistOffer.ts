// A waitlist offer is a hold whose owner is a waitlist entry. The entry
// changes inside the same locked change as its hold (the caller locks the
// entry's key along with the seats): it becomes `offered` when the hold is
// made and `done` or `lapsed` when the hold is bought or ends (a fan who
// leaves ends both too: waitlist.ts). So no crash or failed write between two
// transactions can leave an entry offered a hold that has ended, or seats held
// for a fan who has left.
import type { ChangeContext } from '../lib/harper.js';
import { tables } from '../lib/tables.js';
import { conflict } from '../lib/errors.js';
import { notifier } from '../realtime/notifier.js';
import type { HoldRecord } from '../lib/records/hold.js';
import type { WaitlistEntry } from '../lib/records/waitlist.js';

/** The entry about to be offered seats: it must still be waiting (the fan may have left). */
export async function requireWaitingEntry(waitlistId: string, ctx: ChangeContext): Promise<WaitlistEntry> {
  const entry = await tables.WaitlistEntry.get(waitlistId, ctx);
  if (entry?.state !== 'waiting') throw conflict('entry_not_waiting', 'This waitlist entry is no longer waiting.');
  return entry;
}

export async function recordOffer(entry: WaitlistEntry, hold: HoldRecord, ctx: ChangeContext): Promise<void> {
  await tables.WaitlistEntry.put({ ...entry, state: 'offered', waitKey: null, holdId: hold.id, offeredAt: hold.createdAt }, ctx);
}

/**
 * The offer's hold was bought or ended (`hold` as it now is): its entry ends
 * with it. True when the offer lapsed: tell the fan (`offerLapsed`) once the change commits.
 */
export async function settleOffer(hold: HoldRecord, ctx: ChangeContext): Promise<boolean> {
  if (!hold.waitlistId || hold.status === 'active') return false;
  const entry = await tables.WaitlistEntry.get(hold.waitlistId, ctx);
  if (entry?.state !== 'offered' || entry.holdId !== hold.id) return false;
  const lapsed = hold.status !== 'confirmed';
  await tables.WaitlistEntry.put({ ...entry, state: lapsed ? 'lapsed' : 'done', endedAt: Date.now() }, ctx);
  return lapsed;
}

/** The fan's offer ran out or was released: the seats go to the next fan in line. */
export function offerLapsed(waitlistId: string): void {
  notifier.expired(waitlistId);
}

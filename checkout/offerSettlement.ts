// A waitlist offer is a hold: when it ends, its entry ends with it. Called by
// whoever ends the hold (a purchase, a release, the hold sweeper), right after
// that change commits, so no table subscription has to watch every hold.
import { tables, logger } from '../lib/harper.js';
import { notifier } from '../realtime/notifier.js';
import type { HoldRecord } from './holds.js';
import { lockKey, withSeatLock } from './seatLock.js';
import type { EntryState, WaitlistEntry } from './waitlist.js';

/** An offer ended: bought, or lapsed/released (the fan is told; the seats reach the next fan as returned seats). */
export async function settleOffer(hold: HoldRecord): Promise<void> {
  if (!hold.waitlistId || hold.status === 'active') return;
  await settle(hold).catch((error) => logger.error('offer settle failed', error)); // the hold's change stands either way
}

async function settle(hold: HoldRecord): Promise<void> {
  const outcome: EntryState = hold.status === 'confirmed' ? 'done' : 'lapsed';
  const changed = await withSeatLock([lockKey.named(`waitlist:${hold.waitlistId}`)], async (ctx) => {
    const entry = (await tables.WaitlistEntry.get(hold.waitlistId as string, ctx)) as WaitlistEntry | undefined;
    if (!entry || entry.state !== 'offered' || entry.holdId !== hold.id) return false;
    await tables.WaitlistEntry.put({ ...entry, state: outcome, endedAt: Date.now() }, ctx);
    return true;
  });
  if (changed && outcome === 'lapsed') notifier.expired(hold.waitlistId as string);
}

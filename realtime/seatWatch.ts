// Worker thread 0 watches every seat and hold change, from any thread, and
// turns them into real-time work: availability messages, waitlist offers when
// seats come back, and settling offers that were bought or lapsed. Seats freed
// by the hold sweeper arrive here like any other change, so a hold that lapsed
// with no request at all still reaches the waitlist.
import { tables, logger } from '../lib/harper.js';
import { eventIdOfSeat, type SeatRecord } from '../checkout/seatStatus.js';
import { offerReturnedSeats, settleOffer } from '../checkout/waitlist.js';
import type { HoldRecord } from '../checkout/holds.js';
import { notifier } from './notifier.js';

export async function startSeatWatch(): Promise<void> {
  const seats = await tables.Seat.subscribe({ omitCurrent: true });
  const holds = await tables.Hold.subscribe({ omitCurrent: true });
  (async () => {
    for await (const change of seats) {
      const eventId = eventIdOfSeat(String(change.id));
      notifier.availabilityChanged(eventId);
      if ((change.value as SeatRecord | undefined)?.status === 'available') offerReturnedSeats(eventId);
    }
  })().catch((error) => logger.error('seat watch stopped', error));
  (async () => {
    for await (const change of holds) {
      const hold = change.value as HoldRecord | undefined;
      if (hold?.waitlistId && hold.status !== 'active') await settleOffer(hold).catch((error) => logger.error('offer settle failed', error));
    }
  })().catch((error) => logger.error('hold watch stopped', error));
}

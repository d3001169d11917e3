// Worker thread 0 watches every seat change, from any thread, and turns it
// into real-time work: availability messages, and waitlist offers when seats
// come back. Seats freed by the hold sweeper arrive here like any other
// change, so a hold that lapsed with no request at all still reaches the
// waitlist. (An offer that ends is settled by whoever ended its hold:
// checkout/offerSettlement.ts.)
import { tables, logger } from '../lib/harper.js';
import { eventIdOfSeat, type SeatRecord } from '../checkout/seatStatus.js';
import { offerReturnedSeats } from '../checkout/waitlist.js';
import { notifier } from './notifier.js';

export async function startSeatWatch(): Promise<void> {
  const seats = await tables.Seat.subscribe({ omitCurrent: true });
  (async () => {
    for await (const change of seats) {
      const eventId = eventIdOfSeat(String(change.id));
      notifier.availabilityChanged(eventId);
      if ((change.value as SeatRecord | undefined)?.status === 'available') offerReturnedSeats(eventId);
    }
  })().catch((error) => logger.error('seat watch stopped', error));
}

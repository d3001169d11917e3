// Worker thread 0 turns every seat change, from any thread, into real-time
// work: availability messages, and waitlist offers when seats come back.
// Seats freed by the hold sweeper arrive here like any other change, so a
// hold that lapsed with no request at all still reaches the waitlist. It
// listens to the inventory's own subscription (catalog/inventory.ts), so
// both read a change only once the inventory has it. (An offer that ends is
// settled inside the change that ends its hold: checkout/waitlistOffer.ts.)
import { onSeatChange } from '../catalog/inventory.js';
import { logger } from '../lib/harper.js';
import { ownsEvent } from '../catalog/owners.js';
import { offerReturnedSeats, offerToEveryWaitlist } from './waitlistMatcher.js';
import { notifier } from '../realtime/notifier.js';

export async function startSeatWatch(): Promise<void> {
  await onSeatChange((eventId, seat) => {
    // every node hears every seat change; only the event's owner tells fans and makes offers
    ownsEvent(eventId)
      .then((owned) => {
        if (!owned) return;
        notifier.availabilityChanged(eventId);
        if (seat?.status === 'available') offerReturnedSeats(eventId);
      })
      .catch((error) => logger.error('seat watch failed', error));
  });
  // listening first: a seat freed meanwhile is offered either way
  await offerToEveryWaitlist();
}

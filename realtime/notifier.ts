// The one notifier: every fan-facing real-time message goes out through here,
// published on Harper tables so MQTT, WebSocket and SSE subscribers get it.
//   notifications/{ticketId|waitlistId}: position, admitted, offer, expired
//   availability/{eventId}: section counts, at most 4 a second per event
import { tables, logger } from '../lib/harper.js';
import { etaSeconds } from '../queue/line.js';
import { forget, inventory } from '../checkout/inventory.js';

const AVAILABILITY_EVERY_MS = 250;

function publish(table: string, id: string, message: Record<string, unknown>): void {
  Promise.resolve(tables[table].publish(id, message)).catch((error: unknown) => logger.warn('publish failed', error));
}

export interface OfferMessage {
  holdId: string;
  seats: unknown[];
  total: number;
  expiresAt: string;
}

const lastAvailability = new Map<string, number>();
const pendingAvailability = new Set<string>();

export const notifier = {
  position(ticketId: string, ahead: number, rate: number): void {
    publish('Notification', ticketId, { type: 'position', position: ahead + 1, ahead, etaSeconds: etaSeconds(ahead, rate) });
  },
  admitted(ticketId: string, token: string, tokenExpiresAt: number): void {
    publish('Notification', ticketId, { type: 'admitted', token, tokenExpiresAt: new Date(tokenExpiresAt).toISOString() });
  },
  offer(waitlistId: string, offer: OfferMessage): void {
    publish('Notification', waitlistId, { type: 'offer', ...offer });
  },
  expired(id: string): void {
    publish('Notification', id, { type: 'expired' });
  },

  /** Section counts after an inventory change; bursts are folded into one message per 250 ms. */
  availabilityChanged(eventId: string): void {
    if (pendingAvailability.has(eventId)) return;
    pendingAvailability.add(eventId);
    const wait = Math.max(0, (lastAvailability.get(eventId) ?? 0) + AVAILABILITY_EVERY_MS - Date.now());
    setTimeout(() => {
      pendingAvailability.delete(eventId);
      lastAvailability.set(eventId, Date.now());
      forget(eventId);
      availabilityMessage(eventId)
        .then((message) => publish('Availability', eventId, message))
        .catch((error) => logger.warn('availability failed', error));
    }, wait).unref();
  },
};

export async function availabilityMessage(eventId: string): Promise<Record<string, unknown>> {
  const { sections } = await inventory(eventId);
  return { eventId, sections: sections.map(({ name, available, held, sold }) => ({ name, available, held, sold })) };
}

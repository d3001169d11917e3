// The one notifier: every fan-facing real-time message goes out through here.
//   notifications/{ticketId|waitlistId}: admitted, offer, expired — published
//     on Harper tables so MQTT, WebSocket and SSE subscribers on any thread get them;
//   position — every 2 s, each worker thread reads the place of the tickets
//     subscribed on that thread and sends the new position straight into those
//     subscriptions when it changed: nothing is published for the thousands of
//     fans who are not listening, and no message is written anywhere;
//   availability/{eventId}: section counts, at most 4 a second per event.
import { tables } from '../lib/tables.js';
import { logger } from '../lib/harper.js';
import { journal } from '../lib/journal.js';
import { inventory } from '../catalog/inventory.js';
import type { AvailabilityMessage, Offer } from '../lib/wire/messages.js';

const AVAILABILITY_EVERY_MS = 250;
const POSITIONS_EVERY_MS = 2000;

/** Publishes a message; `since`: when the change it tells of happened, for the node's notification delay. */
function publish(table: 'Notification' | 'Availability', id: string, message: Record<string, unknown>, since?: number): void {
  Promise.resolve(tables[table].publish(id, message))
    .then(() => since !== undefined && journal.notified((Date.now() - since) / 1000))
    .catch((error: unknown) => logger.warn('publish failed', error));
}

export type OfferMessage = Offer;

const lastAvailability = new Map<string, number>();
/** events with a message due, and when the first change it will tell of came */
const pendingAvailability = new Map<string, number>();

export const notifier = {
  admitted(ticketId: string, token: string, tokenExpiresAt: number, admittedAt: number): void {
    publish('Notification', ticketId, { type: 'admitted', token, tokenExpiresAt: new Date(tokenExpiresAt).toISOString() }, admittedAt);
  },
  offer(waitlistId: string, offer: OfferMessage): void {
    publish('Notification', waitlistId, { type: 'offer', ...offer });
  },
  expired(id: string): void {
    publish('Notification', id, { type: 'expired' });
  },
  cancelled(ticketId: string): void {
    publish('Notification', ticketId, { type: 'cancelled' });
  },
  soldOut(ticketId: string): void {
    publish('Notification', ticketId, { type: 'sold_out', waitlist: true });
  },

  /** Section counts after an inventory change; bursts are folded into one message per 250 ms. */
  availabilityChanged(eventId: string): void {
    if (pendingAvailability.has(eventId)) return;
    const since = Date.now();
    pendingAvailability.set(eventId, since);
    const wait = Math.max(0, (lastAvailability.get(eventId) ?? 0) + AVAILABILITY_EVERY_MS - Date.now());
    setTimeout(() => {
      pendingAvailability.delete(eventId);
      lastAvailability.set(eventId, Date.now());
      availabilityMessage(eventId)
        .then((message) => publish('Availability', eventId, message, since))
        .catch((error) => logger.warn('availability failed', error));
    }, wait).unref();
  },
};

export async function availabilityMessage(eventId: string): Promise<AvailabilityMessage> {
  const { sections } = await inventory(eventId, 0); // the last change before a quiet spell must not go untold
  return { eventId, sections: sections.map(({ name, available, held, sold }) => ({ name, available, held, sold })) };
}

// ---- positions, per thread ----

export interface Subscription {
  send(event: { id: string; type: string; value: unknown }): void;
  on(event: 'close', listener: () => void): unknown;
}

type PositionReader = (ticketId: string) => Promise<Record<string, unknown> | undefined>;

const watched = new Map<string, { subscriptions: Set<Subscription>; read: PositionReader; last?: unknown; sentAt: number }>();
const POSITIONS_CHECK_MS = 500;

/** Sends a subscribed ticket its position when it changed, at most once every 2 s. */
export function watchPosition(ticketId: string, subscription: Subscription, first: Record<string, unknown>, read: PositionReader): void {
  if (first.type !== 'position') return; // positions matter only while the fan waits
  let entry = watched.get(ticketId);
  if (!entry) watched.set(ticketId, (entry = { subscriptions: new Set(), read, sentAt: Date.now() }));
  entry.subscriptions.add(subscription);
  if (first.type === 'position') entry.last = first.position;
  subscription.on('close', () => {
    entry.subscriptions.delete(subscription);
    if (!entry.subscriptions.size) watched.delete(ticketId);
  });
}

async function sendPositions(): Promise<void> {
  if (!watched.size) return;
  tables.QueueTicket.primaryStore.resetReadTxn(); // see the latest places and the gate's figures
  for (const [ticketId, entry] of watched) {
    if (Date.now() - entry.sentAt < POSITIONS_EVERY_MS) continue;
    const message = await entry.read(ticketId).catch((error: unknown) => {
      logger.warn('position read failed', error);
      return null;
    });
    if (message === null) continue; // tried again at the next check
    if (message?.type !== 'position') {
      // admitted, done or gone: no position will follow, and a ticket on another node is not read again
      watched.delete(ticketId);
      continue;
    }
    if (message.position == null || message.position === entry.last) continue;
    entry.last = message.position;
    entry.sentAt = Date.now();
    for (const subscription of entry.subscriptions) subscription.send({ id: ticketId, type: 'message', value: message });
  }
}

// Started when the module loads, outside any request: a timer started inside
// a subscription would read through that request's old snapshot forever.
setInterval(() => void sendPositions().catch((error) => logger.warn('position updates failed', error)), POSITIONS_CHECK_MS).unref();

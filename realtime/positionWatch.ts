// Position updates for fans watching their ticket: every 2 s, each worker
// thread reads the place of the tickets subscribed on that thread and sends
// the new position straight into those subscriptions when it changed.
// Nothing is published for the thousands of fans who are not listening, and
// no message is written anywhere.
import { logger } from '../lib/harper.js';

const EVERY_MS = 2000;

interface Subscription {
  send(event: { id: string; type: string; value: unknown }): void;
  on(event: 'close', listener: () => void): unknown;
}

type PositionReader = (ticketId: string) => Promise<Record<string, unknown> | undefined>;

const watched = new Map<string, { subscriptions: Set<Subscription>; last?: unknown }>();
let timer: NodeJS.Timeout | undefined;

export function watchPosition(ticketId: string, subscription: Subscription, first: Record<string, unknown>, read: PositionReader): void {
  let entry = watched.get(ticketId);
  if (!entry) watched.set(ticketId, (entry = { subscriptions: new Set() }));
  entry.subscriptions.add(subscription);
  if (first.type === 'position') entry.last = first.position;
  subscription.on('close', () => {
    entry.subscriptions.delete(subscription);
    if (!entry.subscriptions.size) watched.delete(ticketId);
  });
  timer ??= setInterval(() => void sendPositions(read).catch((error) => logger.warn('position updates failed', error)), EVERY_MS);
  timer.unref();
}

async function sendPositions(read: PositionReader): Promise<void> {
  for (const [ticketId, entry] of watched) {
    const message = await read(ticketId);
    if (message?.type !== 'position' || message.position === entry.last || message.position == null) continue;
    entry.last = message.position;
    for (const subscription of entry.subscriptions) subscription.send({ id: ticketId, type: 'message', value: message });
  }
}

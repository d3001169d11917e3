// The one notifier: every fan-facing real-time message goes out through here.
import { tables, logger } from '../lib/harper.js';
import { etaSeconds } from '../queue/line.js';

function send(id: string, message: Record<string, unknown>): void {
  tables.Notification.publish(id, message).catch?.((error: unknown) => logger.warn('publish failed', error));
}

export const notifier = {
  position(ticketId: string, ahead: number, rate: number): void {
    send(ticketId, { type: 'position', position: ahead + 1, ahead, etaSeconds: etaSeconds(ahead, rate) });
  },
  admitted(ticketId: string, token: string, tokenExpiresAt: number): void {
    send(ticketId, { type: 'admitted', token, tokenExpiresAt: new Date(tokenExpiresAt).toISOString() });
  },
  expired(id: string): void {
    send(id, { type: 'expired' });
  },
};

// What happened to seats, holds, orders and fans: one JSON line per key
// happening in the event log, each with the event id, the seats, the fan's
// ids by fingerprint (lib/fingerprint.ts) and the request id that caused it (lib/requestId.ts), and the matching count
// in the node's metrics (lib/metrics.ts). The log is written with pino: a
// JSON line per entry from every worker thread into one file
// (<Harper root>/log/events.log), where Harper's own logger would put its
// prefix in front of each line. Written synchronously, so a line is never
// lost in a buffer when the process dies.
import { join } from 'node:path';
import pino from 'pino';
import { type HoldOutcome, type LimitedRoute, metrics } from './metrics.js';
import { requestId } from './requestId.js';
import { fingerprint } from './fingerprint.js';

const root = process.env.ROOTPATH;
const log = pino(
  { base: undefined, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
  pino.destination({ dest: root ? join(root, 'log', 'events.log') : 1, mkdir: true, sync: true }),
);

function entry(level: 'info' | 'warn' | 'error', event: string, fields: Record<string, unknown>): void {
  log[level]({ event, ...fields, requestId: requestId() ?? null });
}

type HoldFacts = { id: string; eventId: string; ticketId: string | null; waitlistId: string | null; seatIds: string[] };

export const journal = {
  holdCreated(hold: HoldFacts): void {
    metrics.hold('created');
    entry('info', 'hold.created', {
      eventId: hold.eventId,
      holdRef: fingerprint(hold.id),
      ticketRef: fingerprint(hold.ticketId),
      waitlistRef: fingerprint(hold.waitlistId),
      seatIds: hold.seatIds,
    });
  },
  holdRefused(eventId: string, conflicts: string[]): void {
    metrics.hold('conflict');
    entry('info', 'hold.conflict', { eventId, seatIds: conflicts });
  },
  holdEnded(hold: HoldFacts, outcome: Exclude<HoldOutcome, 'created' | 'conflict' | 'bought'>): void {
    metrics.hold(outcome);
    entry('info', `hold.${outcome}`, {
      eventId: hold.eventId,
      holdRef: fingerprint(hold.id),
      ticketRef: fingerprint(hold.ticketId),
      seatIds: hold.seatIds,
    });
  },
  orderPlaced(order: { id: string; eventId: string; holdId: string; ticketId: string | null; seats: { id: string }[] }): void {
    metrics.hold('bought');
    metrics.order('confirmed');
    entry('info', 'order.placed', {
      eventId: order.eventId,
      orderRef: fingerprint(order.id),
      holdRef: fingerprint(order.holdId),
      ticketRef: fingerprint(order.ticketId),
      seatIds: order.seats.map((s) => s.id),
    });
  },
  orderDeclined(eventId: string, holdId: string): void {
    metrics.order('declined');
    entry('info', 'order.declined', { eventId, holdRef: fingerprint(holdId) });
  },
  orderCancelled(order: { id: string; eventId: string; seats: { id: string }[] }): void {
    metrics.order('cancelled');
    entry('info', 'order.cancelled', { eventId: order.eventId, orderRef: fingerprint(order.id), seatIds: order.seats.map((s) => s.id) });
  },
  joined(): void {
    metrics.joined();
  },
  admitted(eventId: string, ticketIds: string[]): void {
    metrics.admitted(ticketIds.length);
    for (const ticketId of ticketIds) entry('info', 'fan.admitted', { eventId, ticketRef: fingerprint(ticketId) });
  },
  lockWaited(seconds: number): void {
    metrics.lockWait(seconds);
  },
  lockConflict(keys: string[], waitedSeconds: number): void {
    // seat keys name seats; the others name a fan's secret id or idempotency key
    const seatIds = keys.filter((key) => key.startsWith('seat:')).map((key) => key.slice(5));
    entry('warn', 'lock.conflict', { seatIds, otherLocks: keys.length - seatIds.length, waitedSeconds });
  },
  rateLimited(route: LimitedRoute, client: string | null, limit: string): void {
    metrics.rateLimited(route);
    entry('warn', 'rate.limited', { route, client, limit });
  },
  challengeFailed(eventId: string, reason: string): void {
    entry('warn', 'challenge.failed', { eventId, reason });
  },
  notified(delaySeconds: number): void {
    metrics.notificationDelay(delaySeconds);
  },
  /** The invariant check found a seat in two orders: never meant to happen, so it is an alert. */
  oversold(eventId: string, seatId: string, orderIds: string[]): void {
    metrics.oversold(1);
    entry('error', 'seat.oversold', { eventId, seatId, orderRefs: orderIds.map(fingerprint) });
  },
};

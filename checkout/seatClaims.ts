// Seats claimed twice at once, from an event's holds and orders: what a
// forced move can leave behind (catalog/ownership.ts). The old owner's changes
// that had not replicated when it was lost arrive when it comes back; a seat
// it held or sold may have been held or sold again by the new owner
// meanwhile. Replication keeps one version of the seat (last writer wins), but
// every hold and order arrives as a record of its own, so both claims are
// found here (seatConflicts.ts scans for them) and listed, never merged.
import type { HoldRecord } from '../lib/records/hold.js';
import type { OrderRecord } from '../lib/records/order.js';
import type { Claim, SeatConflict } from '../lib/wire/cluster.js';

interface Span {
  claim: Claim;
  start: number;
  end: number;
}

/** When a hold claimed its seats: until it ended, never past its expiry (a hold bought goes on as its order). */
function holdSpan(hold: HoldRecord): Span {
  const end = hold.status === 'active' ? hold.expiresAt : Math.min(hold.endedAt ?? hold.createdAt, hold.expiresAt);
  return { claim: { kind: 'hold', id: hold.id, from: iso(hold.createdAt), until: iso(end) }, start: hold.createdAt, end };
}

function orderSpan(order: OrderRecord): Span {
  const start = Date.parse(order.createdAt);
  const end = order.cancelledAt ? Date.parse(order.cancelledAt) : Number.POSITIVE_INFINITY;
  return { claim: { kind: 'order', id: order.id, from: order.createdAt, until: order.cancelledAt }, start, end };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Seats of one event with claims that overlap in time: in a sale without conflicts, no seat has two. */
export function seatConflicts(eventId: string, holds: HoldRecord[], orders: OrderRecord[]): SeatConflict[] {
  const bySeat = new Map<string, Span[]>();
  const add = (seatId: string, span: Span) => bySeat.set(seatId, [...(bySeat.get(seatId) ?? []), span]);
  for (const hold of holds) {
    const span = holdSpan(hold);
    if (span.end > span.start) for (const seatId of hold.seatIds) add(seatId, span);
  }
  for (const order of orders) for (const seat of order.seats) add(seat.id, orderSpan(order));
  const found: SeatConflict[] = [];
  for (const [seatId, spans] of bySeat) {
    spans.sort((a, b) => a.start - b.start);
    const overlapping = spans.filter((span, i) => spans.some((other, j) => i !== j && span.start < other.end && other.start < span.end));
    if (overlapping.length) found.push({ eventId, seatId, claims: overlapping.map((span) => span.claim) });
  }
  return found;
}

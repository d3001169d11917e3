// Orders: a hold turned into sold seats by a (simulated) payment, and the
// cancellation that puts them back on sale. POST /orders/ is idempotent per
// Idempotency-Key: the same key and body give back the same order.
import type { Buyer, OrderRecord } from '../lib/records/order.js';
import type { ChangeContext } from '../lib/harper.js';
import { createHash } from 'node:crypto';
import { nanoid } from 'nanoid';
import { found, tables } from '../lib/tables.js';
import { ApiError, conflict, invalid, notFound } from '../lib/errors.js';
import type { Order } from '../lib/wire/checkout.js';
import { completeSlot } from '../queue/checkoutSlot.js';
import { getHold, holdKeys, requireOnSale } from './holds.js';
import { holdStatus, type HoldRecord } from '../lib/records/hold.js';
import { settleOffer } from './waitlistOffer.js';
import { lockKey } from '../lib/locks.js';
import { ownedChange } from '../catalog/ownership.js';
import { fanId } from '../lib/records/ids.js';
import { journal } from '../lib/journal.js';

export interface OrderRequest {
  holdId: string;
  buyer: Buyer;
  paymentToken: string;
}

export function orderView(order: OrderRecord): Order {
  const { id, eventId, status, seats, total, buyer, createdAt } = order;
  return { orderId: id, eventId, status, seats, total, buyer, createdAt };
}

export async function getOrder(id: string): Promise<OrderRecord | undefined> {
  return tables.Order.get(id);
}

const DECLINED_TOKEN = 'tok_decline';

function requestHash(request: OrderRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([request.holdId, request.buyer.name, request.buyer.email, request.paymentToken]))
    .digest('base64url');
}

/** The order made by an earlier request with this key, or a 422 if that request differed. */
async function replay(key: string, hash: string, ctx?: ChangeContext): Promise<OrderRecord | undefined> {
  const earlier = await tables.IdempotencyKey.get(key, ctx);
  if (!earlier) return undefined;
  if (earlier.requestHash !== hash) {
    throw invalid('This Idempotency-Key was used with another request body.', { field: 'Idempotency-Key' });
  }
  return found(await tables.Order.get(earlier.orderId, ctx), 'order');
}

/** Places the order; `replayed` is true when the key had already made it. */
export async function placeOrder(request: OrderRequest, idempotencyKey: string | null): Promise<{ order: OrderRecord; replayed: boolean }> {
  const hash = requestHash(request);
  if (idempotencyKey) {
    const earlier = await replay(idempotencyKey, hash);
    if (earlier) return { order: earlier, replayed: true };
  }
  const snapshot = await getHold(request.holdId);
  if (!snapshot) throw notFound('hold');
  const keys = holdKeys(snapshot);
  if (snapshot.ticketId) keys.push(lockKey.ticket(snapshot.ticketId));
  if (idempotencyKey) keys.push(lockKey.idempotency(idempotencyKey));
  const placed = await ownedChange(snapshot.eventId, keys, async (ctx, event) => {
    // a concurrent request with the same key may have finished while we waited
    if (idempotencyKey) {
      const earlier = await replay(idempotencyKey, hash, ctx);
      if (earlier) return { order: earlier, replayed: true };
    }
    requireOnSale(event);
    const now = Date.now();
    const hold = found(await tables.Hold.get(snapshot.id, ctx), 'hold');
    const status = holdStatus(hold, now);
    if (status === 'expired') throw new ApiError(410, 'hold_expired', 'This hold has expired: choose your seats again.');
    if (status !== 'active') throw conflict('hold_not_active', `This hold is ${status}.`, { status });
    // a stand-in for the payment provider; a real charge would be authorized here
    if (request.paymentToken === DECLINED_TOKEN) {
      journal.orderDeclined(hold.eventId, hold.id);
      throw new ApiError(402, 'payment_declined', 'The payment was declined: your seats stay held, try another card.');
    }
    const order: OrderRecord = {
      id: fanId('o', hold.eventId, nanoid(21)),
      eventId: hold.eventId,
      holdId: hold.id,
      ticketId: hold.ticketId,
      seats: hold.seats,
      total: hold.total,
      buyer: request.buyer,
      status: 'confirmed',
      idempotencyKey,
      createdAt: new Date(now).toISOString(),
      cancelledAt: null,
    };
    const seats = await Promise.all(hold.seatIds.map(async (id) => found(await tables.Seat.get(id, ctx), 'seat')));
    // an active hold always holds its seats, unless it is a late change of an
    // owner that lost the event (catalog/ownership.ts): never sell over another claim
    const lost = seats.filter((seat) => seat.holdId !== hold.id).map((seat) => seat.id);
    if (lost.length) throw conflict('seats_unavailable', 'Some seats of this hold were taken by another sale.', { conflicts: lost });
    for (const seat of seats) {
      await tables.Seat.put({ ...seat, status: 'sold', holdId: null, heldUntil: null, orderId: order.id }, ctx);
    }
    const confirmed: HoldRecord = { ...hold, status: 'confirmed', endedAt: now };
    await tables.Hold.put(confirmed, ctx);
    await settleOffer(confirmed, ctx); // a bought waitlist offer: its entry is done
    await tables.Order.put(order, ctx);
    if (idempotencyKey) await tables.IdempotencyKey.put({ id: idempotencyKey, requestHash: hash, orderId: order.id }, ctx);
    if (hold.ticketId) await completeSlot(hold.ticketId, ctx, now);
    return { order, replayed: false };
  });
  if (!placed.replayed) journal.orderPlaced(placed.order);
  return placed;
}

/** Cancels a confirmed order; its seats go back on sale. Cancelling twice changes nothing. */
export async function cancelOrder(orderId: string): Promise<{ order: OrderRecord; freedSeatIds: string[] }> {
  const snapshot = await getOrder(orderId);
  if (!snapshot) throw notFound('order');
  const keys = [lockKey.order(orderId), ...snapshot.seats.map((seat) => lockKey.seat(seat.id))];
  const result = await ownedChange(snapshot.eventId, keys, async (ctx) => {
    const order = found(await tables.Order.get(orderId, ctx), 'order');
    if (order.status === 'cancelled') return { order, freedSeatIds: [], cancelled: false };
    const freedSeatIds: string[] = [];
    for (const { id } of order.seats) {
      const seat = found(await tables.Seat.get(id, ctx), 'seat');
      if (seat.status === 'sold' && seat.orderId === order.id) {
        await tables.Seat.put({ ...seat, status: 'available', orderId: null }, ctx);
        freedSeatIds.push(id);
      }
    }
    const cancelled: OrderRecord = { ...order, status: 'cancelled', cancelledAt: new Date().toISOString() };
    await tables.Order.put(cancelled, ctx);
    return { order: cancelled, freedSeatIds, cancelled: true };
  });
  if (result.cancelled) journal.orderCancelled(result.order);
  return result;
}

// The waiting room, holds and orders (API.md: fans, anonymous, by secret ids).
import { badRequest, forbidden, notFound } from '../lib/errors.js';
import { int, plainObject, requireBody, requiredStr, str, stringArray } from '../lib/validate.js';
import { getEvent } from '../catalog/events.js';
import { endHold, getHold, holdBestAvailable, holdSeats, holdView } from '../checkout/holds.js';
import { cancelOrder, getOrder, orderView, placeOrder } from '../checkout/orders.js';
import { verifyAdmission } from '../queue/tokens.js';
import { joinQueue, readTicket } from '../queue/waitingRoom.js';
import { leaveQueue } from '../checkout/leaveQueue.js';
import { ApiError } from '../lib/errors.js';
import { ApiResource, idOf, reply } from './http/apiResource.js';

const MAX_SEAT_IDS = 50;

export class QueueResource extends ApiResource {
  post(target: object, data: unknown) {
    return this.answer(async () => {
      if (idOf(target)) throw badRequest('POST to /queue/ without an id.');
      const body = requireBody(this.body(data));
      const eventId = requiredStr(body, 'eventId', 100);
      const fanKey = str(body, 'fanKey', { optional: true, max: 128 });
      const { ticket, created } = await joinQueue(eventId, fanKey);
      return reply(created ? 201 : 200, ticket);
    });
  }

  get(target: object) {
    return this.answer(async () => {
      const id = idOf(target);
      if (!id) throw notFound('queue ticket');
      return reply(200, await readTicket(id));
    });
  }

  delete(target: object) {
    return this.answer(async () => {
      const id = idOf(target);
      if (!id) throw notFound('queue ticket');
      await leaveQueue(id);
      return reply(204);
    });
  }
}

export class HoldsResource extends ApiResource {
  post(target: object, data: unknown) {
    return this.answer(async () => {
      if (idOf(target)) throw badRequest('POST to /holds/ without an id.');
      const claims = await verifyAdmission(this.header('admission-token'));
      const body = requireBody(this.body(data));
      const event = await getEvent(claims.eventId);
      if (!event) throw notFound('event');
      if (body.seatIds !== undefined) {
        const seatIds = stringArray(body.seatIds, 'seatIds', MAX_SEAT_IDS);
        checkSeatList(seatIds, event.maxPerOrder);
        if (seatIds.some((id) => !id.startsWith(`${event.id}:`))) {
          throw forbidden('wrong_event', 'Your admission token is for another event than these seats.');
        }
        return reply(201, holdView(await holdSeats(event, { ticketId: claims.ticketId }, seatIds)));
      }
      const section = requiredStr(body, 'section', 60);
      const quantity = int(body, 'quantity', { min: 1, max: event.maxPerOrder });
      return reply(201, holdView(await holdBestAvailable(event, { ticketId: claims.ticketId }, section, quantity)));
    });
  }

  get(target: object) {
    return this.answer(async () => {
      const hold = await getHold(idOf(target) ?? '');
      if (!hold) throw notFound('hold');
      return reply(200, holdView(hold));
    });
  }

  delete(target: object) {
    return this.answer(async () => {
      const id = idOf(target) ?? '';
      const result = await endHold(id, 'released');
      if (!result) throw notFound('hold');
      if (result.hold.status === 'confirmed') {
        throw new ApiError(409, 'hold_confirmed', 'These seats are bought: cancel the order instead.');
      }
      return reply(204);
    });
  }
}

function checkSeatList(seatIds: string[], maxPerOrder: number): void {
  if (seatIds.length === 0) throw new ApiError(422, 'invalid', 'Choose at least one seat.', { field: 'seatIds' });
  if (new Set(seatIds).size !== seatIds.length) {
    throw new ApiError(422, 'invalid', 'A seat is listed twice.', { field: 'seatIds' });
  }
  if (seatIds.length > maxPerOrder) {
    throw new ApiError(422, 'invalid', `At most ${maxPerOrder} seats per order.`, { field: 'seatIds' });
  }
}

export class OrdersResource extends ApiResource {
  post(target: object, data: unknown) {
    return this.answer(async () => {
      if (idOf(target)) throw badRequest('POST to /orders/ without an id.');
      const body = requireBody(this.body(data));
      const buyer = plainObject(body.buyer, 'buyer');
      const payment = plainObject(body.payment, 'payment');
      const email = requiredStr(buyer, 'email', 200);
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new ApiError(422, 'invalid', '"email" is not an email address.', { field: 'email' });
      const key = this.header('idempotency-key') ?? null;
      if (key !== null && (key.length < 1 || key.length > 200)) {
        throw new ApiError(422, 'invalid', 'Idempotency-Key must be 1 to 200 characters.', { field: 'Idempotency-Key' });
      }
      const { order, replayed } = await placeOrder(
        {
          holdId: requiredStr(body, 'holdId', 100),
          buyer: { name: requiredStr(buyer, 'name'), email },
          paymentToken: requiredStr(payment, 'token', 200),
        },
        key,
      );
      return reply(replayed ? 200 : 201, orderView(order));
    });
  }

  get(target: object) {
    return this.answer(async () => {
      const order = await getOrder(idOf(target) ?? '');
      if (!order) throw notFound('order');
      return reply(200, orderView(order));
    });
  }

  delete(target: object) {
    return this.answer(async () => {
      const id = idOf(target);
      if (!id) throw notFound('order');
      const { order } = await cancelOrder(id);
      return reply(200, orderView(order));
    });
  }
}

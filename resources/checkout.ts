// The waiting room, holds and orders (API.md: fans, anonymous, by secret ids).
import { ApiError, badRequest, forbidden, invalid, notFound } from '../lib/errors.js';
import { HoldBySeats, HoldBySection, OrderCreate, OrderHeaders } from '../lib/wire/checkout.js';
import { QueueJoin } from '../lib/wire/queue.js';
import { getEvent } from '../catalog/events.js';
import { endHold, getHold, holdBestAvailable, holdSeats, holdView } from '../checkout/holds.js';
import { cancelOrder, getOrder, orderView, placeOrder } from '../checkout/orders.js';
import { eventOfToken, verifyAdmission } from '../queue/tokens.js';
import { joinQueue, readTicket, readTicketHere } from '../queue/waitingRoom.js';
import { leaveQueue } from '../checkout/leaveQueue.js';
import { newChallenge } from '../queue/challenge.js';
import { ApiResource, idOf, stringField } from './http/apiResource.js';
import { eventOfId } from '../lib/records/ids.js';
import { reply } from './http/reply.js';
import { checkBody } from './http/validate.js';

export class QueueResource extends ApiResource {
  post(target: object, data: unknown) {
    return this.answer(async () => {
      if (idOf(target)) throw badRequest('POST to /queue/ without an id.');
      // carried out where it lands, on any node (queue/waitingRoom.ts)
      const { eventId, fanKey, challenge } = checkBody(QueueJoin, this.body(data));
      if (fanKey) this.limitClient('joinsPerFan', fanKey);
      const { ticket, created } = await joinQueue(eventId, fanKey || undefined, challenge || undefined);
      return reply(created ? 201 : 200, ticket);
    });
  }

  get(target: object) {
    return this.answer(async () => {
      const id = idOf(target);
      if (!id) throw notFound('queue ticket');
      if (id === 'challenge') return this.challenge(target);
      const here = await readTicketHere(id);
      if (here) return reply(200, here);
      return this.atOwner(eventOfId(id), undefined, async () => reply(200, await readTicket(id)));
    });
  }

  /** GET /queue/challenge?eventId=: a proof-of-work challenge for a join (queue/challenge.ts), any node. */
  private async challenge(target: object) {
    const eventId = (target as { get?: (name: string) => string | null }).get?.('eventId');
    if (!eventId) throw invalid('Say which event: GET /queue/challenge?eventId=...', { field: 'eventId' });
    const event = await getEvent(eventId);
    if (!event) throw notFound('event');
    return reply(200, await newChallenge(event.id), { 'Cache-Control': 'no-store' });
  }

  delete(target: object) {
    return this.answer(async () => {
      const id = idOf(target);
      if (!id) throw notFound('queue ticket');
      return this.atOwner(eventOfId(id), undefined, async () => {
        await leaveQueue(id);
        return reply(204);
      });
    });
  }
}

export class HoldsResource extends ApiResource {
  post(target: object, data: unknown) {
    return this.answer(async () => {
      if (idOf(target)) throw badRequest('POST to /holds/ without an id.');
      const body = this.body(data);
      return this.atOwner(eventOfToken(this.header('admission-token')), body, () => this.hold(body));
    });
  }

  /** POST /holds/ on the event's owner. */
  private async hold(body: unknown) {
    const claims = await verifyAdmission(this.header('admission-token'));
    const bySeats = body !== null && typeof body === 'object' && !Array.isArray(body) && 'seatIds' in body && body.seatIds !== undefined;
    const request = bySeats ? checkBody(HoldBySeats, body) : checkBody(HoldBySection, body);
    const event = await getEvent(claims.eventId);
    if (!event) throw notFound('event');
    if ('seatIds' in request) {
      const { seatIds } = request;
      if (seatIds.length > event.maxPerOrder) throw invalid(`At most ${event.maxPerOrder} seats per order.`, { field: 'seatIds' });
      if (seatIds.some((id) => !id.startsWith(`${event.id}:`))) {
        throw forbidden('wrong_event', 'Your admission token is for another event than these seats.');
      }
      return reply(201, holdView(await holdSeats(event, { ticketId: claims.ticketId }, seatIds)));
    }
    const { section, quantity } = request;
    if (quantity > event.maxPerOrder)
      throw invalid(`"quantity" must be a whole number from 1 to ${event.maxPerOrder}.`, { field: 'quantity' });
    return reply(201, holdView(await holdBestAvailable(event, { ticketId: claims.ticketId }, section, quantity)));
  }

  get(target: object) {
    return this.answer(async () => {
      const id = idOf(target) ?? '';
      return this.atOwner(eventOfId(id), undefined, async () => {
        const hold = await getHold(id);
        if (!hold) throw notFound('hold');
        return reply(200, holdView(hold));
      });
    });
  }

  delete(target: object) {
    return this.answer(async () => {
      const id = idOf(target) ?? '';
      return this.atOwner(eventOfId(id), undefined, async () => {
        const result = await endHold(id, 'released');
        if (!result) throw notFound('hold');
        if (result.hold.status === 'confirmed') {
          throw new ApiError(409, 'hold_confirmed', 'These seats are bought: cancel the order instead.');
        }
        return reply(204);
      });
    });
  }
}

export class OrdersResource extends ApiResource {
  post(target: object, data: unknown) {
    return this.answer(async () => {
      if (idOf(target)) throw badRequest('POST to /orders/ without an id.');
      const body = this.body(data);
      const holdId = stringField(body, 'holdId');
      if (holdId) this.limitClient('ordersPerHold', holdId);
      return this.atOwner(holdId && eventOfId(holdId), body, async () => {
        const { holdId, buyer, payment } = checkBody(OrderCreate, body);
        const key = checkBody(OrderHeaders, { 'Idempotency-Key': this.header('idempotency-key') })['Idempotency-Key'] ?? null;
        const { order, replayed } = await placeOrder({ holdId, buyer, paymentToken: payment.token }, key);
        return reply(replayed ? 200 : 201, orderView(order));
      });
    });
  }

  get(target: object) {
    return this.answer(async () => {
      const id = idOf(target) ?? '';
      return this.atOwner(eventOfId(id), undefined, async () => {
        const order = await getOrder(id);
        if (!order) throw notFound('order');
        return reply(200, orderView(order));
      });
    });
  }

  delete(target: object) {
    return this.answer(async () => {
      const id = idOf(target);
      if (!id) throw notFound('order');
      return this.atOwner(eventOfId(id), undefined, async () => {
        const { order } = await cancelOrder(id);
        return reply(200, orderView(order));
      });
    });
  }
}

// Holds and orders end to end against a real Harper: the happy path, expiry,
// release, idempotency, decline, cancellation and admission tokens.
import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { waitFor, type Api } from './client.js';
import { harperForSuite } from './suite.js';

let api: Api;

harperForSuite({}, (suite) => void ({ api } = suite));

async function seatStatuses(eventId: string): Promise<Record<string, string>> {
  const map = await api.get(`/seatmap/${eventId}`);
  const statuses: Record<string, string> = {};
  for (const section of map.body.sections) for (const row of section.rows) for (const seat of row.seats) statuses[seat.id] = seat.status;
  return statuses;
}

describe('holds and orders', () => {
  it('admits a fan, holds seats, buys them, and the seat map says sold', async () => {
    const event = await api.createEvent();
    const ticket = await api.admitted(event.id);
    const seatIds = [`${event.id}:0-1-1`, `${event.id}:0-1-2`];
    const hold = await api.hold(ticket.token, { seatIds });
    expect(hold.status).toBe(201);
    expect(hold.body).toMatchObject({ eventId: event.id, status: 'active', total: 10000 });
    expect(hold.body.seats.map((s: any) => s.id)).toEqual(seatIds);
    expect(Date.parse(hold.body.expiresAt) - Date.now()).toBeGreaterThan(290_000);

    const order = await api.order(hold.body.holdId, 'happy-1');
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ eventId: event.id, status: 'confirmed', total: 10000 });
    expect((await api.get(`/orders/${order.body.orderId}`)).body.status).toBe('confirmed');
    expect((await api.get(`/holds/${hold.body.holdId}`)).body.status).toBe('confirmed');
    const statuses = await waitFor(async () => {
      const s = await seatStatuses(event.id);
      return s[seatIds[0]] === 'sold' && s;
    });
    expect(statuses[seatIds[1]]).toBe('sold');
    // buying ends the checkout slot: the token opens no more holds
    const again = await api.hold(ticket.token, { seatIds: [`${event.id}:0-2-1`] });
    expect(again.status).toBe(401);
    expect(again.body.error).toBe('token_revoked');
  });

  it('holds the best seats of a section together', async () => {
    const event = await api.createEvent({ sections: [{ name: 'Floor', rows: 3, seatsPerRow: 10 }] });
    const ticket = await api.admitted(event.id);
    const hold = await api.hold(ticket.token, { section: 'Floor', quantity: 4 });
    expect(hold.status).toBe(201);
    const seats = hold.body.seats;
    expect(new Set(seats.map((s: any) => s.row))).toEqual(new Set([1]));
    expect(seats.map((s: any) => s.number)).toEqual([4, 5, 6, 7]);
  });

  it('lets a hold expire by itself and frees its seats', async () => {
    const event = await api.createEvent({ event: { holdSeconds: 1 } });
    const ticket = await api.admitted(event.id);
    const seatId = `${event.id}:0-1-5`;
    const hold = await api.hold(ticket.token, { seatIds: [seatId] });
    expect(hold.status).toBe(201);
    await waitFor(async () => (await seatStatuses(event.id))[seatId] === 'held', 1000);
    // available the moment it lapses, and the sweeper marks it expired within a second after
    await new Promise((r) => setTimeout(r, 1100));
    expect((await api.get(`/holds/${hold.body.holdId}`)).body.status).toBe('expired');
    await api.recordsOnce('Hold', 'id', hold.body.holdId, ([record]) => record?.status === 'expired', 2000);
    await api.recordsOnce('Seat', 'id', seatId, ([seat]) => seat.status === 'available');
    const late = await api.order(hold.body.holdId);
    expect(late.status).toBe(410);
    expect(late.body.error).toBe('hold_expired');
    // the fan may hold again: the expired hold no longer counts as the ticket's live hold
    const second = await api.hold(ticket.token, { seatIds: [seatId] });
    expect(second.status).toBe(201);
  });

  it('releases a hold at once on DELETE', async () => {
    const event = await api.createEvent();
    const ticket = await api.admitted(event.id);
    const seatId = `${event.id}:0-2-2`;
    const hold = await api.hold(ticket.token, { seatIds: [seatId] });
    expect((await api.delete(`/holds/${hold.body.holdId}`)).status).toBe(204);
    expect((await api.get(`/holds/${hold.body.holdId}`)).body.status).toBe('released');
    await api.recordsOnce('Seat', 'id', seatId, ([seat]) => seat.status === 'available');
    expect((await api.order(hold.body.holdId)).status).toBe(409);
    expect((await api.hold(ticket.token, { seatIds: [seatId] })).status).toBe(201);
  });

  it('refuses a second active hold for the same ticket', async () => {
    const event = await api.createEvent();
    const ticket = await api.admitted(event.id);
    const first = await api.hold(ticket.token, { seatIds: [`${event.id}:0-3-1`] });
    expect(first.status).toBe(201);
    // a fan whose answer was lost finds its hold: the refusal names it
    const second = await api.hold(ticket.token, { seatIds: [`${event.id}:0-3-1`] });
    expect([second.status, second.body.holdId]).toEqual([422, first.body.holdId]);
    expect((await api.get(`/holds/${second.body.holdId}`)).body.status).toBe('active');
  });

  it('answers an Idempotency-Key replay with the same order, and another body with 422', async () => {
    const event = await api.createEvent();
    const ticket = await api.admitted(event.id);
    const hold = await api.hold(ticket.token, { seatIds: [`${event.id}:0-4-4`] });
    const first = await api.order(hold.body.holdId, 'idem-a');
    const replay = await api.order(hold.body.holdId, 'idem-a');
    expect(first.status).toBe(201);
    expect(replay.status).toBe(200);
    expect(replay.body.orderId).toBe(first.body.orderId);
    const other = await api.order(hold.body.holdId, 'idem-a', 'tok_other');
    expect(other.status).toBe(422);
    const orders = await api.records('Order', 'eventId', event.id);
    expect(orders).toHaveLength(1);
  });

  it('makes one order from two concurrent requests with one key', async () => {
    const event = await api.createEvent();
    const ticket = await api.admitted(event.id);
    const hold = await api.hold(ticket.token, { seatIds: [`${event.id}:0-5-5`] });
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.order(hold.body.holdId, 'idem-race')));
    const ids = new Set(answers.map((a) => a.body.orderId));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(9);
    expect(await api.records('Order', 'eventId', event.id)).toHaveLength(1);
  });

  it('declines tok_decline with 402 and keeps the hold active', async () => {
    const event = await api.createEvent();
    const ticket = await api.admitted(event.id);
    const hold = await api.hold(ticket.token, { seatIds: [`${event.id}:0-1-9`] });
    const declined = await api.order(hold.body.holdId, 'decline-1', 'tok_decline');
    expect(declined.status).toBe(402);
    expect(declined.body.error).toBe('payment_declined');
    expect((await api.get(`/holds/${hold.body.holdId}`)).body.status).toBe('active');
    expect(await api.records('Order', 'eventId', event.id)).toHaveLength(0);
    expect((await api.order(hold.body.holdId, 'decline-2')).status).toBe(201);
  });

  it('cancels an order and returns its seats to sale', async () => {
    const event = await api.createEvent();
    const ticket = await api.admitted(event.id);
    const seatId = `${event.id}:0-2-7`;
    const hold = await api.hold(ticket.token, { seatIds: [seatId] });
    const order = await api.order(hold.body.holdId);
    const cancelled = await api.delete(`/orders/${order.body.orderId}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const [seat] = await api.recordsOnce('Seat', 'id', seatId, ([stored]) => stored.status === 'available');
    expect(seat.orderId).toBeNull();
    expect((await api.delete(`/orders/${order.body.orderId}`)).body.status).toBe('cancelled');
    const other = await api.admitted(event.id);
    expect((await api.hold(other.token, { seatIds: [seatId] })).status).toBe(201);
  });
});

describe('admission tokens', () => {
  it('refuses missing, malformed, forged, unsigned and expired tokens with 401', async () => {
    const event = await api.createEvent({ waitingRoom: { tokenSeconds: 1 } } as any);
    const body = { seatIds: [`${event.id}:0-1-1`] };
    expect((await api.post('/holds/', body)).body.error).toBe('token_missing');
    expect((await api.hold('not-a-token', body)).status).toBe(401);
    const forged = await new SignJWT({ evt: event.id })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('t-forged')
      .setIssuer('fair-ticketing')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('not-the-key-not-the-key-not-the-key'));
    expect((await api.hold(forged, body)).status).toBe(401);
    const ticket = await api.admitted(event.id);
    const [, payload] = ticket.token.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expect((await api.hold(none, body)).status).toBe(401);
    const shortLived = await api.createEvent({ event: { waitingRoom: { tokenSeconds: 1 } } });
    const brief = await api.admitted(shortLived.id);
    // a token lasts at least tokenSeconds: the fan saw it admitted
    expect(Date.parse(brief.tokenExpiresAt) - Date.now()).toBeGreaterThan(500);
    await new Promise((r) => setTimeout(r, Date.parse(brief.tokenExpiresAt) - Date.now() + 100));
    const expired = await api.hold(brief.token, { seatIds: [`${shortLived.id}:0-1-1`] });
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe('token_expired');
  });

  it('answers 403 when the token is for another event', async () => {
    const a = await api.createEvent();
    const b = await api.createEvent();
    const ticket = await api.admitted(a.id);
    const answer = await api.hold(ticket.token, { seatIds: [`${b.id}:0-1-1`] });
    expect(answer.status).toBe(403);
    expect((await api.records('Seat', 'id', `${b.id}:0-1-1`))[0].status).toBe('available');
  });
});

describe('every answer', () => {
  it('names the node that served it, success or error, cached or not', async () => {
    const event = await api.createEvent();
    const ticket = await api.admitted(event.id);
    const answers = [
      await api.get('/events/'),
      await api.get(`/events/${event.id}`),
      await api.get(`/seatmap/${event.id}`),
      await api.get(`/queue/${ticket.ticketId}`),
      await api.get('/holds/h-unknown'),
      await api.post('/queue/', { eventId: 'e-unknown' }),
      await api.get('/openapi.json'),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 404, 404, 200]);
    for (const answer of answers) expect(answer.headers.get('served-by')).toBe('localhost');
  });
});

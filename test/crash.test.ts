// An on-sale that crashes twice (kill -9, restarted at once) while fans join,
// leave, hold, buy and give up: afterwards, read from the API alone, every
// acknowledged answer stands, no seat is sold or held twice, a hold that ran
// out while the server was down is free at once, admission goes on, and the
// gate's figures equal what the tickets say; a seat that came back just
// before a crash is offered to the waitlist once the server is back.
import { describe, expect, it } from 'vitest';
import { ADMIN, type Harper } from './harness.js';
import { type Answer, type Api, lastRead } from './client.js';
import { harperForSuite } from './suite.js';

let harper: Harper;
let api: Api;
harperForSuite({}, (suite) => void ({ harper, api } = suite));

const FANS = 60;
const LEAVERS = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The answer once the server gives one that is not a 5xx: through a crash, the call is made again. */
async function answered(call: () => Promise<Answer>): Promise<Answer> {
  for (;;) {
    try {
      const answer = await call();
      if (answer.status < 500) return answer;
    } catch {
      // down: restarting
    }
    await sleep(100);
  }
}

interface Fan {
  ticketId: string;
  admitted: boolean;
  order?: { orderId: string; seatIds: string[] };
  left: boolean;
}

/** One fan once the line moves: waits for admission, holds a seat, and buys it or gives the slot back. */
async function checkout(fan: Fan, buys: boolean, holds: Map<string, string[]>): Promise<void> {
  let token: string | undefined;
  while (!token) {
    const ticket = await answered(() => api.get(`/queue/${fan.ticketId}`));
    token = ticket.body.state === 'admitted' ? ticket.body.token : undefined;
    if (!token) await sleep(100);
  }
  fan.admitted = true;
  let hold = await answered(() => api.hold(token, { section: 'Main', quantity: 1 }));
  // fans choosing at the same moment can all be given the same best seat: a fan asks again, as told
  for (let tries = 1; hold.status === 409 && tries < 10; tries++)
    hold = await answered(() => api.hold(token, { section: 'Main', quantity: 1 }));
  // its answer was lost in a crash: the hold was made, and the refusal of a second one names it
  if (hold.status === 422 && hold.body.holdId) hold = await answered(() => api.get(`/holds/${hold.body.holdId}`));
  expect([200, 201]).toContain(hold.status);
  const seatIds = hold.body.seats.map((seat: { id: string }) => seat.id);
  holds.set(hold.body.holdId, seatIds);
  if (buys) {
    const order = await answered(() => api.order(hold.body.holdId, `crash-${fan.ticketId}`));
    expect([200, 201]).toContain(order.status);
    fan.order = { orderId: order.body.orderId, seatIds };
  } else {
    expect((await answered(() => api.delete(`/queue/${fan.ticketId}`))).status).toBe(204);
    fan.left = true;
  }
}

describe('crash', () => {
  it('keeps every acknowledged answer and true figures through two kill -9 during an on-sale', async () => {
    const event = await api.createEvent({ event: { waitingRoom: { maxActive: 8, admitPerMinute: 6000 } } });
    const brief = await api.createEvent({ event: { holdSeconds: 2 } });
    const gate = async () => (await answered(() => api.get(`/gate/${event.id}`, { Authorization: ADMIN }))).body;
    await api.patch(`/gate/${event.id}`, { paused: true }, { Authorization: ADMIN });

    // the line forms; fans leave from its middle, and the first crash follows their last goodbye at once
    const joins = await Promise.all(Array.from({ length: FANS }, () => api.post('/queue/', { eventId: event.id })));
    for (const join of joins) expect(join.status).toBe(201);
    const fans: Fan[] = joins.map((join) => ({ ticketId: join.body.ticketId, admitted: false, left: false }));
    for (const fan of fans.slice(20, 20 + LEAVERS)) {
      expect((await api.delete(`/queue/${fan.ticketId}`)).status).toBe(204);
      fan.left = true;
    }
    await harper.crash();
    await harper.restart();
    expect(await lastRead(gate, (seen) => seen.waiting === FANS - LEAVERS, 5000)).toMatchObject({ waiting: FANS - LEAVERS });

    // the sale runs: two thirds of the fans buy, the rest give their slot back; the second crash comes mid-load
    await api.patch(`/gate/${event.id}`, { paused: false }, { Authorization: ADMIN });
    const holds = new Map<string, string[]>();
    const inLine = fans.filter((fan) => !fan.left);
    const load = Promise.all(inLine.map((fan, i) => checkout(fan, i % 3 !== 2, holds)));
    await lastRead(
      async () => inLine.filter((fan) => fan.order).length,
      (n) => n >= 10,
      20_000,
    );
    // a hold that will run out while the server is down
    const briefHold = await api.hold((await api.admitted(brief.id)).token, { seatIds: [`${brief.id}:0-1-1`] });
    expect(briefHold.status).toBe(201);
    await harper.crash();
    await sleep(2500);
    await harper.restart();
    const firstAnswer = Date.now();
    const freed = await lastRead(
      async () => (await api.get(`/seatmap/${brief.id}`)).body.sections[0].rows[0].seats[0].status,
      (status) => status === 'available',
      1000,
    );
    expect(freed).toBe('available');
    expect(Date.now() - firstAnswer).toBeLessThan(1500);
    expect((await api.get(`/holds/${briefHold.body.holdId}`)).body.status).toBe('expired');

    // admission went on: every fan still in line got through
    await load;

    const orders = inLine.filter((fan) => fan.order);
    const sold = new Map<string, string>();
    for (const fan of orders) {
      const { orderId, seatIds } = fan.order as NonNullable<Fan['order']>;
      const order = await api.get(`/orders/${orderId}`);
      expect(order.body.status).toBe('confirmed');
      expect(order.body.seats.map((seat: { id: string }) => seat.id)).toEqual(seatIds);
      for (const seatId of seatIds) {
        expect(sold.get(seatId), `${seatId} sold twice`).toBeUndefined();
        sold.set(seatId, orderId);
      }
    }
    // no seat sold is held by anyone else, and the seat map says so
    for (const [holdId, seatIds] of holds) {
      const hold = (await api.get(`/holds/${holdId}`)).body;
      if (hold.status === 'active') for (const seatId of seatIds) expect(sold.has(seatId)).toBe(false);
    }
    const soldOnMap = async () => {
      const map = (await api.get(`/seatmap/${event.id}`)).body;
      const seats = map.sections.flatMap((s: any) => s.rows.flatMap((r: any) => r.seats));
      return seats
        .filter((seat: any) => seat.status === 'sold')
        .map((seat: any) => seat.id)
        .sort();
    };
    const soldIds = [...sold.keys()].sort();
    // the map is at most a second old
    expect(await lastRead(soldOnMap, (ids) => ids.join() === soldIds.join(), 1500)).toEqual(soldIds);

    // the figures equal what the tickets say, although both crashes cut the counting short
    const states = await Promise.all(fans.map(async (fan) => (await api.get(`/queue/${fan.ticketId}`)).body.state));
    expect(states.filter((state) => state === 'waiting' || state === 'admitted')).toEqual([]);
    const gaveUp = inLine.filter((fan) => fan.left).length;
    expect(await lastRead(gate, (seen) => seen.completed === orders.length, 5000)).toMatchObject({
      waiting: 0,
      active: 0,
      admittedTotal: inLine.length,
      completed: orders.length,
      abandoned: gaveUp,
    });
  });
  it('offers the waitlist a seat that came back just before a crash, once it is back', async () => {
    const event = await api.createEvent({ sections: [{ name: 'Main', rows: 1, seatsPerRow: 1 }] });
    const fan = await api.admitted(event.id);
    const hold = await api.hold(fan.token, { seatIds: [`${event.id}:0-1-1`] });
    const order = await api.order(hold.body.holdId, 'startup-offer');
    const entry = await api.post('/waitlist/', { eventId: event.id, quantity: 1 });
    expect(entry.status).toBe(201);
    // the seat comes back, and the process dies before the offer it would make some 20 ms later
    expect((await api.delete(`/orders/${order.body.orderId}`)).status).toBe(200);
    await harper.crash();
    await harper.restart();
    const state = async () => (await api.get(`/waitlist/${entry.body.waitlistId}`)).body.state;
    expect(await lastRead(state, (s) => s === 'offered', 5000)).toBe('offered');
  });
});

// Hundreds of fans racing for the same seats across two worker threads, with
// the state read back from the database afterwards. The negative control runs
// the same race on a Harper whose seat lock is switched off, and must find a
// seat held twice: proof that the race can catch a double sale.
import { describe, expect, it } from 'vitest';
import { type Api, doubleClaims, randomSeatPair } from './client.js';
import { harperForSuite } from './suite.js';

const FANS = 200;
// the race is about seats, not the admission rate: let all 200 fans in at once
const OPEN_GATE = { waitingRoom: { admitPerMinute: 100_000 } };

interface RaceResult {
  statuses: number[];
  winners: string[][];
}

async function admitFans(api: Api, eventId: string, count: number): Promise<string[]> {
  const tickets = await Promise.all(Array.from({ length: count }, () => api.post('/queue/', { eventId })));
  const admitted = await Promise.all(tickets.map((t) => api.waitForAdmission(t.body.ticketId)));
  return admitted.map((t) => t.token);
}

/** Every fan asks for its seats at the same moment. */
async function race(api: Api, tokens: string[], seatsFor: (i: number) => string[]): Promise<RaceResult> {
  const answers = await Promise.all(tokens.map((token, i) => api.hold(token, { seatIds: seatsFor(i) })));
  return {
    statuses: answers.map((a) => a.status),
    winners: answers.filter((a) => a.status === 201).map((a) => a.body.seats.map((s: any) => s.id)),
  };
}

/** What the database says: no seat in two live holds, no partial hold, seats agree with holds. */
async function checkStoredState(api: Api, eventId: string): Promise<void> {
  const now = Date.now();
  const holds = (await api.records('Hold', 'eventId', eventId)).filter((h) => h.status === 'active' && h.expiresAt > now);
  const seats = new Map((await api.records('Seat', 'eventId', eventId)).map((s) => [s.id, s]));
  const holder = new Map<string, string>();
  for (const hold of holds) {
    for (const id of hold.seatIds) {
      expect(holder.has(id), `seat ${id} in two live holds`).toBe(false);
      holder.set(id, hold.id);
      expect(seats.get(id)?.holdId, `hold ${hold.id} owns only part of its seats`).toBe(hold.id);
    }
  }
  for (const seat of seats.values()) {
    if (seat.status === 'held') expect(holder.get(seat.id)).toBe(seat.holdId);
  }
  const orders = (await api.records('Order', 'eventId', eventId)).filter((o) => o.status === 'confirmed');
  const sold = new Set<string>();
  for (const order of orders) {
    for (const seat of order.seats) {
      expect(sold.has(seat.id), `seat ${seat.id} in two orders`).toBe(false);
      sold.add(seat.id);
      expect(seats.get(seat.id)?.orderId).toBe(order.id);
    }
  }
}

describe('with the seat lock', () => {
  let api: Api;
  harperForSuite({ threads: 2 }, (suite) => void ({ api } = suite));

  it('200 fans holding 2 random seats each of a 50-seat event never share a seat (3 rounds)', async () => {
    for (let round = 0; round < 3; round++) {
      const event = await api.createEvent({ sections: [{ name: 'Main', rows: 5, seatsPerRow: 10 }], event: OPEN_GATE });
      const tokens = await admitFans(api, event.id, FANS);
      const result = await race(api, tokens, () => randomSeatPair(event.id, 5, 10));
      expect(result.statuses.every((s) => s === 201 || s === 409)).toBe(true);
      expect(doubleClaims(result.winners)).toEqual([]);
      expect(result.winners.length).toBeGreaterThan(0);
      expect(result.winners.length).toBeLessThanOrEqual(25);
      await checkStoredState(api, event.id);
    }
  });

  it('overlapping multi-seat holds are all or nothing', async () => {
    const event = await api.createEvent({ sections: [{ name: 'Main', rows: 1, seatsPerRow: 40 }], event: OPEN_GATE });
    const tokens = await admitFans(api, event.id, FANS);
    const result = await race(api, tokens, (i) => {
      const start = (i * 7) % 37;
      return [0, 1, 2, 3].map((k) => `${event.id}:0-1-${start + k + 1}`);
    });
    expect(doubleClaims(result.winners)).toEqual([]);
    for (const seats of result.winners) expect(seats).toHaveLength(4);
    await checkStoredState(api, event.id);
  });

  it('two fans buying the same seat at once: one order', async () => {
    const event = await api.createEvent();
    const seatId = `${event.id}:0-1-1`;
    const [a, b] = await admitFans(api, event.id, 2);
    const holds = await Promise.all([api.hold(a, { seatIds: [seatId] }), api.hold(b, { seatIds: [seatId] })]);
    expect(holds.map((h) => h.status).sort()).toEqual([201, 409]);
    const winner = holds.find((h) => h.status === 201)!;
    // the one hold paid for twice at once with two different keys: one order
    const orders = await Promise.all([api.order(winner.body.holdId, 'buy-a'), api.order(winner.body.holdId, 'buy-b')]);
    expect(orders.map((o) => o.status).sort()).toEqual([201, 409]);
    const stored = (await api.records('Order', 'eventId', event.id)).filter((o) => o.status === 'confirmed');
    expect(stored).toHaveLength(1);
    await checkStoredState(api, event.id);
  });
});

describe('negative control: the same race with the seat lock switched off', () => {
  let api: Api;
  harperForSuite({ threads: 2, env: { TICKETING_UNSAFE_DISABLE_SEAT_LOCK: '1' } }, (suite) => void ({ api } = suite));

  it('finds a seat held twice', async () => {
    let doubles: string[] = [];
    for (let round = 0; round < 5 && doubles.length === 0; round++) {
      const event = await api.createEvent({ sections: [{ name: 'Main', rows: 5, seatsPerRow: 10 }], event: OPEN_GATE });
      const tokens = await admitFans(api, event.id, FANS);
      doubles = doubleClaims((await race(api, tokens, () => randomSeatPair(event.id, 5, 10))).winners);
    }
    expect(doubles.length).toBeGreaterThan(0);
  });
});

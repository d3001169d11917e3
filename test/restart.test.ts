// Acknowledged state and the token signing key survive a restart.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN, type Harper } from './harness.js';
import { lastRead, type Api } from './client.js';
import { harperForSuite } from './suite.js';

let harper: Harper;
let api: Api;

harperForSuite({}, (suite) => void ({ harper, api } = suite));

/** A new event with one seat of it bought (`seat`: "row-number"), acknowledged. */
async function soldSeat(seat: string, idempotencyKey: string) {
  const event = await api.createEvent();
  const buyer = await api.admitted(event.id);
  const hold = await api.hold(buyer.token, { seatIds: [`${event.id}:0-${seat}`] });
  const order = await api.order(hold.body.holdId, idempotencyKey);
  expect(order.status).toBe(201);
  return { event, hold, order };
}

describe('restart', () => {
  it('keeps orders, holds and admission tokens', async () => {
    const { event, hold, order } = await soldSeat('1-1', 'before-restart');
    const waiting = await api.admitted(event.id);

    await harper.restart();

    expect((await api.get(`/orders/${order.body.orderId}`)).body.status).toBe('confirmed');
    expect((await api.order(hold.body.holdId, 'before-restart')).status).toBe(200);
    const after = await api.hold(waiting.token, { seatIds: [`${event.id}:0-1-2`] });
    expect(after.status).toBe(201);
    const taken = await api.hold((await api.admitted(event.id)).token, { seatIds: [`${event.id}:0-1-1`] });
    expect(taken.status).toBe(409);
  });

  it('comes back at once after kill -9, with what it acknowledged', async () => {
    const { order } = await soldSeat('1-3', 'before-crash');

    for (let crash = 0; crash < 2; crash++) {
      await harper.crash();
      // the pid file the crash left behind, naming a live process that is not Harper (its number given to another)
      if (crash === 1) writeFileSync(join(harper.dataDir, 'root', 'hdb.pid'), String(process.pid));
      await harper.restart(); // at once
      expect((await api.get(`/orders/${order.body.orderId}`)).body.status).toBe('confirmed');
    }
  });

  it('numbers fans who join after a restart behind everyone already in line', async () => {
    const event = await api.createEvent();
    await api.patch(`/gate/${event.id}`, { paused: true }, { Authorization: ADMIN });
    const join = (n: number) => Promise.all(Array.from({ length: n }, () => api.post('/queue/', { eventId: event.id })));
    const waitingIs = async (n: number) => {
      const gate = async () => (await api.get(`/gate/${event.id}`, { Authorization: ADMIN })).body;
      expect(await lastRead(gate, (seen) => seen.waiting === n, 5000)).toMatchObject({ waiting: n });
    };
    // joins on both worker threads at once, one fan leaving from the middle
    const before = await join(150);
    expect((await api.delete(`/queue/${before[70].body.ticketId}`)).status).toBe(204);
    await waitingIs(149);

    await harper.restart();

    const after = await join(150);
    expect(after.filter((answer) => answer.status !== 201).map((answer) => answer.body)).toEqual([]);
    await waitingIs(299);
    const stayed = [...before.filter((_, i) => i !== 70), ...after];
    const positions = (await Promise.all(stayed.map(({ body }) => api.get(`/queue/${body.ticketId}`)))).map((r) => r.body.position);
    expect(positions.sort((a, b) => a - b)).toEqual(Array.from({ length: 299 }, (_, i) => i + 1));
  });
});

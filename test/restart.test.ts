// Acknowledged state and the token signing key survive a restart.
import { describe, expect, it } from 'vitest';
import { type Harper } from './harness.js';
import { type Api } from './client.js';
import { harperForSuite } from './suite.js';

let harper: Harper;
let api: Api;

harperForSuite({}, (suite) => void ({ harper, api } = suite));

describe('restart', () => {
  it('keeps orders, holds and admission tokens', async () => {
    const event = await api.createEvent();
    const buyer = await api.admitted(event.id);
    const hold = await api.hold(buyer.token, { seatIds: [`${event.id}:0-1-1`] });
    const order = await api.order(hold.body.holdId, 'before-restart');
    expect(order.status).toBe(201);
    const waiting = await api.admitted(event.id);

    await harper.restart();

    expect((await api.get(`/orders/${order.body.orderId}`)).body.status).toBe('confirmed');
    expect((await api.order(hold.body.holdId, 'before-restart')).status).toBe(200);
    const after = await api.hold(waiting.token, { seatIds: [`${event.id}:0-1-2`] });
    expect(after.status).toBe(201);
    const taken = await api.hold((await api.admitted(event.id)).token, { seatIds: [`${event.id}:0-1-1`] });
    expect(taken.status).toBe(409);
  });
});

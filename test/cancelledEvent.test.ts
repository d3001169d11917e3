// A cancelled event stops selling at once: no new hold and no order from
// anyone, live holds end, and every fan still waiting or in checkout is told.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN } from './harness.js';
import { lastRead, type Api } from './client.js';
import { harperForSuite } from './suite.js';

const suite = harperForSuite();
const clients: MqttClient[] = [];
afterAll(() => Promise.all(clients.map((client) => client.endAsync(true))));

/** The messages of one ticket's topic, as they arrive. */
async function listen(ticketId: string): Promise<{ type: string }[]> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${suite.harper.mqttPort}`, { reconnectPeriod: 0 });
  clients.push(client);
  const messages: { type: string }[] = [];
  client.on('message', (_, payload) => messages.push(JSON.parse(payload.toString())));
  await client.subscribeAsync(`notifications/${ticketId}`, { qos: 1 });
  return messages;
}

describe('a cancelled event', () => {
  it('takes no hold and no order from anyone, ends live holds, and tells every fan', async () => {
    const api: Api = suite.api;
    const event = await api.createEvent({ event: { waitingRoom: { maxActive: 2 } } });
    const [buyer, browser] = [await api.admitted(event.id), await api.admitted(event.id)];
    const waiting = (await api.post('/queue/', { eventId: event.id })).body;
    const hold = await api.hold(buyer.token, { section: 'Main', quantity: 2 });
    expect(hold.status).toBe(201);
    const heard = await Promise.all([buyer, browser, waiting].map((ticket) => listen(ticket.ticketId)));

    const cancelled = await api.patch(`/events/${event.id}`, { status: 'cancelled' }, { Authorization: ADMIN });
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);

    const order = await api.order(hold.body.holdId, 'after-cancel');
    expect([order.status, order.body.error]).toEqual([409, 'not_on_sale']);
    const another = await api.hold(browser.token, { section: 'Main', quantity: 1 });
    expect([another.status, another.body.error]).toEqual([409, 'not_on_sale']);
    expect((await api.post('/queue/', { eventId: event.id })).status).toBe(409);

    const ended = await lastRead(
      async () => (await api.get(`/holds/${hold.body.holdId}`)).body.status,
      (status) => status !== 'active',
      1500,
    );
    expect(ended).toBe('released');
    const told = await lastRead(
      async () => heard.map((messages) => messages.some((message) => message.type === 'cancelled')),
      (all) => all.every(Boolean),
      1500,
    );
    expect(told).toEqual([true, true, true]);
    for (const ticket of [buyer, browser, waiting]) expect((await api.get(`/queue/${ticket.ticketId}`)).body.state).toBe('cancelled');
    // the seat map is at most a second old
    const taken = async () => {
      const map = (await api.get(`/seatmap/${event.id}`)).body;
      const seats = map.sections.flatMap((section: any) => section.rows.flatMap((row: any) => row.seats));
      return seats.filter((seat: { status: string }) => seat.status !== 'available');
    };
    expect(await lastRead(taken, (seats) => seats.length === 0, 1500)).toEqual([]);
  });
});

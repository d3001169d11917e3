// Admission that knows the inventory, and the organizer's picture of the
// on-sale, on a real Harper: nobody is let in while every seat is held, a sale
// that sells out tells every waiting fan at once (MQTT) and ends their tickets
// as sold_out, admission resumes when a hold ends, and GET /gate/{id} keeps
// the history, a forecast and who changed what.
import { afterAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { ADMIN, type Harper } from './harness.js';
import { waitFor, type Api } from './client.js';
import { harperForSuite } from './suite.js';

let harper: Harper;
let api: Api;
const clients: MqttClient[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

harperForSuite({}, (suite) => void ({ harper, api } = suite));
afterAll(() => Promise.all(clients.map((c) => c.endAsync(true))));

/** A fan's MQTT inbox on its ticket's topic. */
async function listen(ticketId: string): Promise<{ body: any; at: number }[]> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${harper.mqttPort}`, { reconnectPeriod: 0 });
  clients.push(client);
  const inbox: { body: any; at: number }[] = [];
  client.on('message', (_, payload) => inbox.push({ body: JSON.parse(payload.toString()), at: Date.now() }));
  await client.subscribeAsync(`notifications/${ticketId}`, { qos: 1 });
  return inbox;
}

async function pause(eventId: string, paused: boolean): Promise<void> {
  expect((await api.patch(`/gate/${eventId}`, { paused }, { Authorization: ADMIN })).status).toBe(200);
}

const gateOf = async (eventId: string) => (await api.get(`/gate/${eventId}`, { Authorization: ADMIN })).body;

describe('admission that knows the inventory', () => {
  it('lets nobody in while every seat is held, and resumes when a hold ends', async () => {
    const event = await api.createEvent({
      sections: [{ name: 'Main', rows: 1, seatsPerRow: 2 }],
      event: { waitingRoom: { maxActive: 10, admitPerMinute: 60000 } },
    });
    const first = await api.admitted(event.id);
    // fans join while seats are still for sale (a join when none is available is sent to the waitlist)
    await pause(event.id, true);
    const waiting = await Promise.all(Array.from({ length: 3 }, () => api.post('/queue/', { eventId: event.id })));
    const hold = await api.hold(first.token, { section: 'Main', quantity: 2 });
    expect(hold.status).toBe(201);
    await pause(event.id, false);
    await sleep(1500); // six ticks of the admission ticker
    for (const { body } of waiting) expect((await api.get(`/queue/${body.ticketId}`)).body.state).toBe('waiting');
    const gate = await gateOf(event.id);
    expect([gate.admission, gate.waiting, gate.active]).toEqual(['no_seats', 3, 1]);

    expect((await api.delete(`/holds/${hold.body.holdId}`)).status).toBe(204);
    await api.waitForAdmission(waiting[0].body.ticketId, 3000);
    // the gate's counts are at most a second old
    await expect.poll(async () => (await gateOf(event.id)).admission, { timeout: 1000, interval: 50 }).toBe('open');
  });

  it('tells every waiting fan within a second when the event sells out, and points them to the waitlist', async () => {
    const event = await api.createEvent({
      sections: [{ name: 'Main', rows: 1, seatsPerRow: 2 }],
      event: { waitingRoom: { maxActive: 10, admitPerMinute: 60000 } },
    });
    const buyer = await api.admitted(event.id);
    await pause(event.id, true);
    const waiting = await Promise.all(Array.from({ length: 4 }, () => api.post('/queue/', { eventId: event.id })));
    const hold = await api.hold(buyer.token, { section: 'Main', quantity: 2 });
    await pause(event.id, false);
    const inboxes = await Promise.all(waiting.map(({ body }) => listen(body.ticketId)));
    await sleep(500);
    for (const { body } of waiting) expect((await api.get(`/queue/${body.ticketId}`)).body.state).toBe('waiting');

    const soldAt = Date.now();
    expect((await api.order(hold.body.holdId)).status).toBe(201);
    for (const inbox of inboxes) {
      const told = await waitFor(async () => inbox.find((m) => m.body.type === 'sold_out'), 3000, 10);
      expect(told.body).toEqual({ type: 'sold_out', waitlist: true });
      expect(told.at - soldAt).toBeLessThan(1000);
    }
    for (const { body } of waiting) expect((await api.get(`/queue/${body.ticketId}`)).body.state).toBe('sold_out');
    await expect.poll(async () => (await gateOf(event.id)).admission, { timeout: 1000, interval: 50 }).toBe('sold_out');
    const listed = await api.post('/waitlist/', { eventId: event.id, quantity: 1 });
    expect(listed.status).toBe(201);
    // a late subscriber hears the ticket's end too
    const late = await listen(waiting[0].body.ticketId);
    await waitFor(async () => late.find((m) => m.body.type === 'sold_out'), 3000, 10);
  });
});

describe("the organizer's picture", () => {
  it('keeps a point every 5 s, forecasts from measured rates, and logs who changed the gate and the event', async () => {
    const event = await api.createEvent({
      sections: [{ name: 'Main', rows: 2, seatsPerRow: 10 }],
      event: { waitingRoom: { maxActive: 5, admitPerMinute: 60000 } },
    });
    const fan = await api.admitted(event.id);
    expect((await api.patch(`/gate/${event.id}`, { maxActive: 3 }, { Authorization: ADMIN })).status).toBe(200);
    expect((await api.patch(`/events/${event.id}`, { name: 'Renamed Night' }, { Authorization: ADMIN })).status).toBe(200);
    const hold = await api.hold(fan.token, { section: 'Main', quantity: 2 });
    await api.order(hold.body.holdId);

    const gate = await waitFor(
      async () => {
        const g = await gateOf(event.id);
        return g.history.length >= 2 ? g : undefined;
      },
      12_000,
      500,
    );
    const [older, newer] = gate.history.slice(-2);
    expect(Date.parse(newer.at) - Date.parse(older.at)).toBeGreaterThanOrEqual(4000);
    expect(Date.parse(newer.at) - Date.parse(older.at)).toBeLessThanOrEqual(6500);
    expect(newer.available).toBe(18);
    expect(Object.keys(newer).sort()).toEqual(['active', 'admittedPerMinute', 'at', 'available', 'soldPerMinute', 'waiting']);
    // nobody waits; sales measured or not yet (the rule itself: test/unit/gateHistory.test.ts)
    expect(gate.forecast.queueClearsInSeconds).toBe(0);
    expect(Object.keys(gate.forecast).sort()).toEqual(['queueClearsInSeconds', 'sellsOutInSeconds']);

    const [name, cap] = gate.changes;
    expect(name).toMatchObject({ by: 'admin', field: 'name', from: 'Test Night', to: 'Renamed Night' });
    expect(cap).toMatchObject({ by: 'admin', field: 'waitingRoom.maxActive', from: 5, to: 3 });
    expect(Date.parse(cap.at)).toBeLessThanOrEqual(Date.parse(name.at));
  });
});

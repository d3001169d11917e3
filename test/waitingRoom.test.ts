// The waiting room on a real Harper: the cap under a burst, slots that free
// themselves, the pre-queue draw, the admission rate, honest ETAs and the
// organizer's gate.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ADMIN } from './harness.js';
import { waitFor, type Api } from './client.js';
import { harperForSuite } from './suite.js';

let api: Api;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

harperForSuite({}, (suite) => void ({ api } = suite));

/** The most slots ever live at once, from the admission and end times stored on the tickets. */
function maxConcurrent(tickets: any[]): number {
  const edges: [number, number][] = [];
  for (const t of tickets) {
    if (!t.admittedAt) continue;
    edges.push([t.admittedAt, 1]);
    if (t.endedAt) edges.push([t.endedAt, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let live = 0;
  let most = 0;
  for (const [, change] of edges) most = Math.max(most, (live += change));
  return most;
}

describe('the checkout cap', () => {
  it('is never exceeded while fans join, buy and leave concurrently', async () => {
    const event = await api.createEvent({
      sections: [{ name: 'Main', rows: 10, seatsPerRow: 10 }],
      event: { waitingRoom: { maxActive: 5, admitPerMinute: 60000 } },
    });
    const fans = 60;
    const joined = await Promise.all(Array.from({ length: fans }, () => api.post('/queue/', { eventId: event.id })));
    let gateMax = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const gate = await api.get(`/gate/${event.id}`, { Authorization: ADMIN });
        gateMax = Math.max(gateMax, gate.body.active);
        await sleep(50);
      }
    })();
    // each fan, once admitted, either buys a seat or leaves
    let seat = 0;
    await Promise.all(
      joined.map(async ({ body }, i) => {
        const ticket = await api.waitForAdmission(body.ticketId, 60_000);
        if (i % 2) {
          const hold = await api.hold(ticket.token, { seatIds: [`${event.id}:0-${1 + Math.floor(seat / 10)}-${1 + (seat++ % 10)}`] });
          expect((await api.order(hold.body.holdId)).status).toBe(201);
        } else {
          expect((await api.delete(`/queue/${body.ticketId}`)).status).toBe(204);
        }
      }),
    );
    watching = false;
    await watcher;
    const tickets = await api.recordsOnce('QueueTicket', 'eventId', event.id, (all) => all.every((t) => t.endedAt));
    expect(tickets.filter((t) => t.admittedAt)).toHaveLength(fans);
    expect(maxConcurrent(tickets)).toBeLessThanOrEqual(5);
    expect(gateMax).toBeLessThanOrEqual(5);
    const gate = await waitFor(async () => {
      const g = (await api.get(`/gate/${event.id}`, { Authorization: ADMIN })).body;
      return g.completed + g.abandoned === fans && g.inventory.sold === fans / 2 && g;
    }, 3000);
    expect(gate).toMatchObject({ admittedTotal: fans, completed: fans / 2, abandoned: fans / 2, active: 0, waiting: 0 });
    expect(gate.medianCheckoutSeconds).toBeTypeOf('number');
    expect(gate.inventory.sold).toBe(fans / 2);
    // the ticker's own pace, as an operator watches it
    expect(gate.ticker.passes).toBeGreaterThan(0);
    expect(gate.ticker.longestPassMs).toBeGreaterThanOrEqual(gate.ticker.lastPassMs);
    expect(gate.ticker.longestPassMs).toBeGreaterThan(0);
  });

  it('frees a slot when the fan leaves, goes idle or lets the token expire, and revokes the token', async () => {
    const event = await api.createEvent({ event: { waitingRoom: { maxActive: 1, checkoutIdleSeconds: 1, tokenSeconds: 3 } } });
    const first = await api.admitted(event.id);
    const second = await api.post('/queue/', { eventId: event.id });
    await sleep(300);
    expect((await api.get(`/queue/${second.body.ticketId}`)).body).toMatchObject({ state: 'waiting', position: 1, ahead: 0 });
    // the first fan does nothing: idle after 1 s, the second is let in
    const started = Date.now();
    const next = await api.waitForAdmission(second.body.ticketId, 3000);
    expect(Date.now() - started).toBeLessThan(2500);
    const revoked = await api.hold(first.token, { seatIds: [`${event.id}:0-1-1`] });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error).toBe('token_revoked');
    expect((await api.get(`/queue/${first.ticketId}`)).body.state).toBe('expired');
    // a live hold keeps the slot past the idle limit; the token's expiry ends it
    expect((await api.hold(next.token, { seatIds: [`${event.id}:0-1-2`] })).status).toBe(201);
    const third = await api.post('/queue/', { eventId: event.id });
    await sleep(1500);
    expect((await api.get(`/queue/${third.body.ticketId}`)).body.state).toBe('waiting');
    await api.waitForAdmission(third.body.ticketId, 4000);
    expect((await api.get(`/queue/${next.ticketId}`)).body.state).toBe('expired');
    // leaving frees the slot at once
    const fourth = await api.post('/queue/', { eventId: event.id });
    await sleep(200);
    const leftAt = Date.now();
    expect((await api.delete(`/queue/${third.body.ticketId}`)).status).toBe(204);
    await api.waitForAdmission(fourth.body.ticketId, 2000);
    expect(Date.now() - leftAt).toBeLessThan(1000);
  });

  it('counts a released hold as no hold: the fan may hold again, and goes idle without one', async () => {
    const event = await api.createEvent({ event: { waitingRoom: { maxActive: 1, checkoutIdleSeconds: 1 } } });
    const fan = await api.admitted(event.id);
    const first = await api.hold(fan.token, { seatIds: [`${event.id}:0-1-1`] });
    expect(first.status).toBe(201);
    expect((await api.hold(fan.token, { seatIds: [`${event.id}:0-1-2`] })).status).toBe(422);
    expect((await api.delete(`/holds/${first.body.holdId}`)).status).toBe(204);
    const second = await api.hold(fan.token, { seatIds: [`${event.id}:0-1-2`] });
    expect(second.status).toBe(201);
    expect((await api.delete(`/holds/${second.body.holdId}`)).status).toBe(204);
    // no request since the last hold: the slot goes to the next fan after the idle second
    const next = await api.post('/queue/', { eventId: event.id });
    await api.waitForAdmission(next.body.ticketId, 3000);
    expect((await api.get(`/queue/${fan.ticketId}`)).body).toMatchObject({ state: 'expired' });
  });

  it('gives the same fanKey the same ticket', async () => {
    const event = await api.createEvent();
    const a = await api.post('/queue/', { eventId: event.id, fanKey: 'browser-key-123456' });
    const b = await api.post('/queue/', { eventId: event.id, fanKey: 'browser-key-123456' });
    const c = await api.post('/queue/', { eventId: event.id, fanKey: 'other-browser-7890' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect(b.body.ticketId).toBe(a.body.ticketId);
    expect(c.body.ticketId).not.toBe(a.body.ticketId);
    // the id comes from the server's own key, not from one anybody could know
    const guessed = createHmac('sha256', 'fan-key').update(`${event.id}\nbrowser-key-123456`).digest('base64url').slice(0, 32);
    expect(a.body.ticketId).not.toContain(guessed);
    const short = await api.post('/queue/', { eventId: event.id, fanKey: '1' });
    expect([short.status, short.body.field]).toEqual([422, 'fanKey']);
  });
});

describe('fairness', () => {
  it('draws the pre-queue at random when the sale opens, and puts later fans behind', async () => {
    const onSaleAt = Date.now() + 3000;
    const event = await api.createEvent({
      event: { onSaleAt: new Date(onSaleAt).toISOString(), waitingRoom: { maxActive: 1, admitPerMinute: 60000 } },
    });
    const early = await Promise.all(Array.from({ length: 12 }, () => api.post('/queue/', { eventId: event.id })));
    for (const { body } of early) {
      expect(body.state).toBe('waiting');
      expect(body.position).toBeNull();
      expect(Date.parse(body.opensAt)).toBe(Date.parse(new Date(onSaleAt).toISOString()));
    }
    await sleep(onSaleAt - Date.now() + 300);
    const late = await api.post('/queue/', { eventId: event.id });
    // positions come from the gate's figures, at most a moment old: wait (within a second) until they settle
    const expected = Array.from({ length: 11 }, (_, i) => i + 1);
    await expect
      .poll(
        async () => {
          const views = await Promise.all(early.map(({ body }) => api.get(`/queue/${body.ticketId}`)));
          const admitted = views.filter((v) => v.body.state === 'admitted').length;
          const positions = views
            .filter((v) => v.body.state === 'waiting')
            .map((v) => v.body.position)
            .sort((a, b) => a - b);
          const latePosition = (await api.get(`/queue/${late.body.ticketId}`)).body.position;
          return { admitted, positions, latePosition };
        },
        { timeout: 1500, interval: 50 },
      )
      .toEqual({ admitted: 1, positions: expected, latePosition: 12 });
    const gate = (await api.get(`/gate/${event.id}`, { Authorization: ADMIN })).body;
    expect(gate.prequeue.size).toBe(12);
    expect(gate.prequeue.shuffleSeed).toMatch(/^[0-9a-f]{64}$/);
  });

  it('spreads admissions evenly at admitPerMinute', async () => {
    const event = await api.createEvent({ event: { waitingRoom: { maxActive: 50, admitPerMinute: 120 } } });
    const joined = await Promise.all(Array.from({ length: 8 }, () => api.post('/queue/', { eventId: event.id })));
    await sleep(2600);
    const tickets = (await api.records('QueueTicket', 'eventId', event.id)).filter((t) => t.admittedAt);
    // a budget of one second's worth (2) to start with, then 2 a second
    expect(tickets.length).toBeGreaterThanOrEqual(6);
    expect(tickets.length).toBeLessThanOrEqual(8);
    expect(joined).toHaveLength(8);
    const times = tickets.map((t) => t.admittedAt).sort((a, b) => a - b);
    expect(times[times.length - 1] - times[0]).toBeGreaterThan(1500);
  });
});

describe('position and ETA', () => {
  it('estimates the wait within 25% under a steady flow, inside the range it gives', async () => {
    const event = await api.createEvent({
      sections: [{ name: 'Main', rows: 10, seatsPerRow: 10 }],
      event: { waitingRoom: { maxActive: 2, admitPerMinute: 60000 } },
    });
    // each admitted fan leaves after 0.5 s: slots free at about 4 a second
    let running = true;
    const served = new Set<string>();
    const flow = async (ticketId: string) => {
      await api.waitForAdmission(ticketId, 60_000);
      await sleep(500);
      await api.delete(`/queue/${ticketId}`);
      served.add(ticketId);
    };
    const crowd = await Promise.all(Array.from({ length: 40 }, () => api.post('/queue/', { eventId: event.id })));
    const flows = crowd.map(({ body }) => flow(body.ticketId));
    await waitFor(async () => served.size >= 10, 20_000, 100);
    const me = await api.post('/queue/', { eventId: event.id });
    await sleep(300);
    const view = (await api.get(`/queue/${me.body.ticketId}`)).body;
    const start = Date.now();
    await api.waitForAdmission(me.body.ticketId, 60_000);
    const actual = (Date.now() - start) / 1000;
    running = false;
    await Promise.all(flows);
    expect(running).toBe(false);
    expect(view.ahead).toBeGreaterThan(10);
    expect(Math.abs(view.etaSeconds - actual) / actual).toBeLessThanOrEqual(0.25);
    // the range the fan page shows holds the real wait
    const [shortest, longest] = view.etaRange;
    expect(shortest).toBeLessThanOrEqual(actual);
    expect(longest).toBeGreaterThanOrEqual(actual);
  });
});

describe('the organizer gate', () => {
  it('is organizer-only, and pausing and raising the cap take effect within a second', async () => {
    const event = await api.createEvent({ event: { waitingRoom: { maxActive: 1 } } });
    expect((await api.get(`/gate/${event.id}`)).status).toBe(401);
    expect((await api.patch(`/gate/${event.id}`, { paused: true })).status).toBe(401);
    expect((await api.patch(`/gate/${event.id}`, { maxActive: 0 }, { Authorization: ADMIN })).status).toBe(422);
    expect((await api.patch(`/gate/${event.id}`, { paused: 'yes' }, { Authorization: ADMIN })).status).toBe(422);
    expect((await api.patch(`/gate/${event.id}`, { nope: 1 }, { Authorization: ADMIN })).status).toBe(422);
    expect((await api.get('/gate/e-unknown', { Authorization: ADMIN })).status).toBe(404);

    await api.admitted(event.id);
    const waiting = await Promise.all([1, 2].map(() => api.post('/queue/', { eventId: event.id })));
    const paused = await api.patch(`/gate/${event.id}`, { paused: true, maxActive: 3 }, { Authorization: ADMIN });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ paused: true, maxActive: 3 });
    await sleep(1000);
    for (const { body } of waiting) expect((await api.get(`/queue/${body.ticketId}`)).body.state).toBe('waiting');
    const resumedAt = Date.now();
    await api.patch(`/gate/${event.id}`, { paused: false }, { Authorization: ADMIN });
    for (const { body } of waiting) await api.waitForAdmission(body.ticketId, 1500);
    expect(Date.now() - resumedAt).toBeLessThan(1500);
    const gate = await waitFor(async () => {
      const g = (await api.get(`/gate/${event.id}`, { Authorization: ADMIN })).body;
      return g.active === 3 && g;
    }, 1500);
    expect(gate).toMatchObject({ maxActive: 3, paused: false, admittedTotal: 3, waiting: 0 });
  });
});

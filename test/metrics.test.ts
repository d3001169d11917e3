// GET /metrics counts what happened on every worker thread of the node, and
// the event log has a JSON line for each key happening with the request id
// of the call that caused it; an oversell (made here by hand: the product
// never makes one) is logged at error level and counted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN } from './harness.js';
import { freshRequest, lastRead, waitFor } from './client.js';
import { harperForSuite } from './suite.js';
import { fingerprint as ref } from '../lib/fingerprint.js';

const suite = harperForSuite({ env: { TICKETING_OVERSELL_CHECK_MS: '500' } });

async function scrape(): Promise<string> {
  const answer = await suite.api.call('GET', '/metrics', undefined, { Authorization: ADMIN });
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
  return answer.body as string;
}

/** The value of one sample (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = match[2]?.split(',') ?? [];
    if (wanted.every((pair) => have.includes(pair)) && have.length === wanted.length) return Number(match[3]);
  }
  return 0;
}

const eventLog = () =>
  readFileSync(join(suite.harper.dataDir, 'root', 'log', 'events.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

describe('metrics and event log', () => {
  it('is for organizers only', async () => {
    const anonymous = await suite.api.get('/metrics');
    expect([anonymous.status, anonymous.body.error]).toEqual([401, 'unauthorized']);
  });

  it('adds up what every thread served, and logs each hold with the request id of its traceparent', async () => {
    const { api, harper } = suite;
    const event = await api.createEvent();
    const fans = [];
    for (let i = 0; i < 10; i++) fans.push(await api.admitted(event.id));
    const before = await scrape();

    // each hold over a connection of its own: Harper gives connections to both worker threads
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const holds = await Promise.all(
      fans.map((fan, i) =>
        freshRequest('POST', `${harper.url}/holds/`, JSON.stringify({ seatIds: [`${event.id}:0-1-${i + 1}`] }), {
          'Admission-Token': fan.token,
          traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        }),
      ),
    );
    expect(holds.map((h) => h.status)).toEqual(Array(10).fill(201));
    const holdIds = holds.map((h) => JSON.parse(h.text).holdId);
    expect((await api.order(holdIds[0], 'metrics-1')).status).toBe(201);
    expect((await api.order(holdIds[1], 'metrics-2', 'tok_decline')).status).toBe(402);
    expect((await api.delete(`/holds/${holdIds[2]}`)).status).toBe(204);
    const taken = await api.hold(fans[3].token, { seatIds: [`${event.id}:0-1-1`] }); // fan 3 already holds one
    expect(taken.status).toBe(422);

    const after = await scrape();
    const grew = (name: string, labels?: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(grew('ticketing_holds_total', { outcome: 'created' })).toBe(10);
    expect(grew('ticketing_holds_total', { outcome: 'bought' })).toBe(1);
    expect(grew('ticketing_holds_total', { outcome: 'released' })).toBe(1);
    expect(grew('ticketing_orders_total', { outcome: 'confirmed' })).toBe(1);
    expect(grew('ticketing_orders_total', { outcome: 'declined' })).toBe(1);
    expect(grew('ticketing_http_requests_total', { route: 'holds', method: 'POST', status: '201' })).toBe(10);
    expect(grew('ticketing_http_requests_total', { route: 'holds', method: 'POST', status: '422' })).toBe(1);
    expect(grew('ticketing_http_request_duration_seconds_count', { route: 'holds' })).toBe(12);
    expect(grew('ticketing_seat_lock_wait_seconds_count')).toBeGreaterThanOrEqual(11);
    expect(sample(after, 'ticketing_queue_joins_total')).toBeGreaterThanOrEqual(10);
    expect(sample(after, 'ticketing_admissions_total')).toBeGreaterThanOrEqual(10);
    const gate = (await api.get(`/gate/${event.id}`, { Authorization: ADMIN })).body;
    expect(sample(after, 'ticketing_checkout_active', { event: event.id })).toBe(gate.active);

    // secret ids are named by a fingerprint, never written
    const refs = holdIds.map(ref);
    const created = eventLog().filter((line) => line.event === 'hold.created' && refs.includes(line.holdRef));
    expect(created).toHaveLength(10);
    for (const line of created) expect(line).toMatchObject({ level: 'info', eventId: event.id, requestId: traceId });
    expect(eventLog().find((line) => line.event === 'order.declined')).toMatchObject({ holdRef: ref(holdIds[1]), eventId: event.id });
    const text = readFileSync(join(harper.dataDir, 'root', 'log', 'events.log'), 'utf8');
    for (const id of [...holdIds, ...fans.map((fan) => fan.ticketId)]) expect(text).not.toContain(id);
  });

  it('logs and counts a seat found in two orders', async () => {
    const { api } = suite;
    const event = await api.createEvent();
    const fan = await api.admitted(event.id);
    const hold = await api.hold(fan.token, { seatIds: [`${event.id}:0-2-1`] });
    const order = (await api.order(hold.body.holdId, 'oversell-1')).body;
    // a second order for the same seat, written past the API: what the invariant check exists to find
    const stored = (await api.records('Order', 'id', order.orderId))[0];
    await api.operation({
      operation: 'insert',
      database: 'data',
      table: 'Order',
      records: [{ ...stored, id: `${stored.id}-copy`, idempotencyKey: null }],
    });
    const counted = await lastRead(
      async () => sample(await scrape(), 'ticketing_oversold_seats_total'),
      (n) => n > 0,
      5000,
    );
    expect(counted).toBe(1);
    const alert = await waitFor(async () => eventLog().find((line) => line.event === 'seat.oversold'));
    expect(alert).toMatchObject({ level: 'error', eventId: event.id, seatId: `${event.id}:0-2-1` });
    expect(alert.orderRefs.sort()).toEqual([ref(order.orderId), ref(`${order.orderId}-copy`)].sort());
  });
});
